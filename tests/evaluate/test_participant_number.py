"""The participant-number experiment: exactness of the shortcut, determinism, resume, Dask."""

import subprocess
import sys
import time

import numpy as np
import pytest
from movesig.data import DataError, load, make_emg
from movesig.evaluate.draws import (
    check_n_values,
    default_n_values,
    draw_others,
    others_subsets,
)
from movesig.evaluate.participant_number import (
    _binary_fit,
    _pearson,
    fit_one_vs_rest_row,
    mean_map,
    participant_number,
    read_table,
)
from movesig.models.squared_hinge import gram_matrix
from movesig.splits import PersonChunkSplit
from movesig.summarise import correlation_by_size
from sklearn.svm import LinearSVC


@pytest.fixture(scope="module")
def small():
    ds, _ = make_emg(n_persons=8, tasks=("pedalling",), seed=3)
    return ds


def test_n_values_and_draws():
    assert default_n_values(78) == list(range(2, 79, 4))
    assert default_n_values(7, step=1) == [2, 3, 4, 5, 6, 7] and default_n_values(8) == [2, 6, 8]
    persons = np.arange(10)
    a = draw_others(persons, 3, 5, 0, seed=1)
    assert len(a) == 4 and 3 not in a and np.array_equal(a, draw_others(persons, 3, 5, 0, seed=1))
    assert not np.array_equal(a, draw_others(persons, 3, 5, 1, seed=1))


@pytest.mark.realdata
def test_binary_fit_is_the_one_vs_rest_row_on_real_data(real_data_dir):
    """Ours (one exact binary fit on the shared Gram matrix) against the naive full one-vs-rest fit.

    liblinear stops at a tolerance; at 1e-10 it reaches the optimum our exact solver finds.
    """
    ds = load("emg-pedalling-7ps", data_dir=real_data_dir)
    X, person = ds.flat(), ds.person
    gram = gram_matrix(X)
    everyone = np.arange(len(X))
    ovr = LinearSVC(C=0.01, dual=False, tol=1e-10, max_iter=100_000).fit(X, person)
    for i, k in enumerate(ovr.classes_):
        w, b, _ = _binary_fit(X, gram, everyone, person == k, 0.01, "gram")
        np.testing.assert_allclose(w, ovr.coef_[i], rtol=0, atol=1e-6 * np.abs(ovr.coef_[i]).max())
        assert b == pytest.approx(ovr.intercept_[i], abs=1e-6)
        r_ovr = _pearson(mean_map(X[person == k], ovr.coef_[i], ovr.intercept_[i]), mean_map(X[person == k], w, b))
        assert abs(r_ovr - 1.0) < 1e-6
    # the same row from liblinear's binary fit (the solver="liblinear" path), to its tolerance
    w_lib, _ = fit_one_vs_rest_row(X, person == ovr.classes_[0], C=0.01)
    np.testing.assert_allclose(w_lib, ovr.coef_[0], rtol=0, atol=1e-3 * np.abs(ovr.coef_[0]).max())
    # and for a sub-problem (k plus 3 others) the r values agree with the naive N-class fit
    k, others = 0, draw_others(ds.persons, 0, 4, 0, seed=1234)
    keep = np.flatnonzero(np.isin(person, np.r_[k, others]))
    naive = LinearSVC(C=0.01, dual=False, tol=1e-10, max_iter=100_000).fit(X[keep], person[keep])
    w, b, _ = _binary_fit(X, gram, keep, person[keep] == k, 0.01, "gram")
    ref = mean_map(X[person == k], *_binary_fit(X, gram, everyone, person == k, 0.01, "gram")[:2])
    r_naive = _pearson(mean_map(X[person == k], naive.coef_[0], naive.intercept_[0]), ref)
    assert abs(r_naive - _pearson(mean_map(X[person == k], w, b), ref)) < 1e-6


def test_both_solvers_give_the_same_table(small, tmp_path):
    a = read_table(participant_number(small, tmp_path / "gram", n_values=[2, 4], n_draws=2))
    b = read_table(participant_number(small, tmp_path / "lib", n_values=[2, 4], n_draws=2, solver="liblinear"))
    assert np.array_equal(a["person"], b["person"]) and np.array_equal(a["N"], b["N"])
    np.testing.assert_allclose(a["r"], b["r"], atol=5e-4)  # liblinear stops at its tolerance (1e-4 on the gradient)
    with pytest.raises(ValueError, match="unknown solver"):
        participant_number(small, tmp_path / "x", solver="sgd")


def test_same_table_whatever_the_number_of_workers(small, tmp_path):
    a = participant_number(small, tmp_path / "one", n_values=[2, 4, 8], n_draws=2, n_jobs=1)
    b = participant_number(small, tmp_path / "two", n_values=[2, 4, 8], n_draws=2, n_jobs=2)
    assert a.read_bytes() == b.read_bytes()
    table = read_table(a)
    assert len(table["r"]) == 8 * (2 + 2 + 1) and np.all(table["r"][table["N"] == 8] == 1.0)  # N = all: once
    assert np.all(table["r"] <= 1.0) and table["r"].min() > 0
    summary = correlation_by_size(table)["pedalling"]
    assert summary[2]["r_mean"] <= summary[4]["r_mean"] <= summary[8]["r_mean"]


def test_cross_validated_protocol_against_a_naive_per_fold_fit(small, tmp_path):
    """The authors' form: each of k's cycles explained by the fold model (k plus others) that did not see it."""
    table = read_table(participant_number(small, tmp_path / "cv", n_values=[3, 8], n_draws=1,
                                          protocol="cross-validated", n_splits=5, seed=7))
    X, person, persons = small.flat(), small.person, small.persons
    chunk = PersonChunkSplit(n_splits=5, random_state=7).chunks(person)

    def naive_map(k, members):
        total = np.zeros(X.shape[1])
        for f in range(5):
            train = np.isin(person, members) & (chunk != f) & (chunk != (f + 1) % 5)
            svc = LinearSVC(C=0.01, dual=False, tol=1e-10, max_iter=100_000).fit(X[train], person[train] == k)
            cycles = (person == k) & (chunk == f)
            total += mean_map(X[cycles], svc.coef_[0], svc.intercept_[0]) * cycles.sum()
        return total / (person == k).sum()

    k, after = persons[2], persons[3]
    others = others_subsets(persons, k, 3, 1, 7)[0]
    mine, ref, following = naive_map(k, np.r_[k, others]), naive_map(k, persons), naive_map(after, persons)
    row = (table["person"] == str(k)) & (table["N"] == 3)
    assert table["r"][row][0] == pytest.approx(_pearson(mine, ref), abs=1e-6)
    assert table["r_next"][row][0] == pytest.approx(_pearson(mine, following), abs=1e-6)
    everyone = (table["person"] == str(k)) & (table["N"] == 8)
    assert table["r"][everyone][0] == 1.0  # by construction
    assert table["r_next"][everyone][0] == pytest.approx(_pearson(ref, following), abs=1e-6)
    # the cross-validated map is not the full one: the two protocols give other numbers
    full = read_table(participant_number(small, tmp_path / "full", n_values=[3, 8], n_draws=1))
    assert not np.allclose(full["r"], table["r"])
    with pytest.raises(ValueError, match="unknown protocol"):
        participant_number(small, tmp_path / "x", protocol="loo")


def test_chance_control_is_far_below_the_own_map(small, tmp_path):
    """Planted person-specific bursts: k's map agrees with their own reference, not with the next person's."""
    table = read_table(participant_number(small, tmp_path, n_values=[4], n_draws=2))
    summary = correlation_by_size(table)["pedalling"][4]
    assert summary["r_mean"] > 0.8 and summary["r_next_mean"] < 0.3


def test_other_settings_in_the_same_folder_are_refused(small, tmp_path):
    participant_number(small, tmp_path, n_values=[2, 8], n_draws=1)
    with pytest.raises(DataError, match="other settings"):
        participant_number(small, tmp_path, n_values=[2, 8], n_draws=2)


SCRIPT = """
import sys
from movesig.data import make_emg
from movesig.evaluate.participant_number import participant_number
ds, _ = make_emg(n_persons=12, tasks=("walking", "pedalling"), seed=3)
participant_number(ds, sys.argv[1], n_values=[2, 6, 12], n_draws=3, n_jobs=1)
"""


def test_a_killed_run_resumes_to_the_same_bytes(tmp_path):
    clean = tmp_path / "clean"
    subprocess.run([sys.executable, "-c", SCRIPT, str(clean)], check=True)
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(killed)])
    parts = killed / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and not (parts.is_dir() and len(list(parts.glob("*.csv"))) >= 3):
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    done = len(list(parts.glob("*.csv")))
    assert 3 <= done < 24, f"the run was not interrupted halfway ({done} of 24 parts)"
    assert not (killed / "participant_number.csv").exists()
    subprocess.run([sys.executable, "-c", SCRIPT, str(killed)], check=True)
    assert (killed / "participant_number.csv").read_bytes() == (clean / "participant_number.csv").read_bytes()


def test_dask_local_cluster_gives_identical_numbers(small, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    local = participant_number(small, tmp_path / "local", n_values=[2, 4, 8], n_draws=2, n_jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = participant_number(small, tmp_path / "dask", n_values=[2, 4, 8], n_draws=2, scheduler=client)
        assert len(client.scheduler_info()["workers"]) == 2
    assert on_dask.read_bytes() == local.read_bytes()


def test_every_distinct_set_of_others_once_when_fewer_than_draws():
    persons = np.arange(7)
    every = others_subsets(persons, 0, 6, n_draws=10, seed=1)  # C(6, 5) = 6 < 10 draws
    assert len(every) == 6 and len({tuple(s) for s in every}) == 6 and all(0 not in s for s in every)
    big = others_subsets(np.arange(78), 5, 10, n_draws=10, seed=1)  # too many to list: seeded draws
    assert all(np.array_equal(b, draw_others(np.arange(78), 5, 10, d, 1)) for d, b in enumerate(big))


def test_sizes_beyond_the_persons_are_refused_not_clamped(small, tmp_path):
    assert check_n_values(small, None) == {"pedalling": [2, 6, 8]}
    for bad in ([9], [1, 4], [2.5]):
        with pytest.raises(DataError, match="n-values"):
            participant_number(small, tmp_path / "x", n_values=bad)
    assert not (tmp_path / "x").exists()  # refused before anything was created


def test_a_folder_it_did_not_make_is_refused(small, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(DataError, match="not made by movesig participants"):
        participant_number(small, tmp_path, n_values=[2], n_draws=1)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]



def test_a_resume_from_damaged_parts_writes_the_same_table(small, tmp_path):
    """Parts cut short, missing a field or a row, or of other sizes are computed again, never trusted."""
    import shutil

    clean = participant_number(small, tmp_path / "clean", n_values=[2, 8], n_draws=2)
    shutil.copytree(tmp_path / "clean", tmp_path / "resumed")
    parts = sorted((tmp_path / "resumed" / "parts").glob("*.csv"))
    text = [p.read_text() for p in parts]
    parts[0].write_text(text[0][: len(text[0]) // 2])  # cut mid-line
    lines = text[1].splitlines(keepends=True)
    parts[1].write_text(lines[0].rsplit(",", 1)[0] + "\n" + "".join(lines[1:]))  # a line missing a field
    parts[2].write_text("".join(text[2].splitlines(keepends=True)[:-1]))  # cut at a line's end: a row missing
    parts[3].write_text(text[3].replace(",2,0,", ",3,0,"))  # rows of another size
    parts[4].write_bytes(b"\x89PNG\r\n\x1a\n")
    parts[5].write_text("")
    (tmp_path / "resumed" / "participant_number.csv").unlink()
    resumed = participant_number(small, tmp_path / "resumed", n_values=[2, 8], n_draws=2)
    assert resumed.read_bytes() == clean.read_bytes()
    assert [p.read_text() for p in parts] == text  # recomputed: the same parts


def test_person_ids_with_commas_quotes_slashes_and_newlines_round_trip(tmp_path, capsys):
    from movesig.cli import main

    from tests.test_bad_input import npz

    ids = ["a,b", 'say "hi"', "c/d", "../up", "e\nf", "x" * 200]
    rng = np.random.default_rng(0)
    person = np.repeat(ids, 5)
    path = npz(tmp_path, X=rng.normal(size=(30, 2, 20)) + (person == ids[0])[:, None, None],
               person=person, condition=np.array(["day1"] * 30))
    assert main(["participants", "npz", "--file", path, "--out", str(tmp_path / "pn"), "--n-values", "2", "6",
                 "--draws", "1"]) == 0, capsys.readouterr().err
    table = read_table(tmp_path / "pn" / "participant_number.csv")
    assert sorted(table["person"]) == sorted(np.repeat(ids, 2)) and len(table["r"]) == 12
    assert np.all(table["r"][table["N"] == 6] == 1.0) and np.all(np.isfinite(table["r_next"]))
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(p.parent.name == "parts" for p in written if p.suffix == ".csv" and p.name != "participant_number.csv")
    assert {p.parts[0] for p in written} == {"mine.npz", "pn"}  # no part escaped its folder ("../up", "c/d")


def test_one_person_is_refused_before_any_work(tmp_path):
    from tests.test_bad_input import npz

    data = load("npz", file=npz(tmp_path, person=np.array(["solo"] * 18)))
    with pytest.raises(DataError, match="has 1 person"):
        participant_number(data, tmp_path / "pn")
    assert not (tmp_path / "pn").exists()


def test_parts_without_their_settings_are_refused(small, tmp_path):
    participant_number(small, tmp_path, n_values=[2], n_draws=1)
    (tmp_path / "settings.json").unlink()
    before = {p: p.read_bytes() for p in (tmp_path / "parts").iterdir()}
    with pytest.raises(DataError, match="settings.json is missing or unreadable"):
        participant_number(small, tmp_path, n_values=[2], n_draws=1)
    assert {p: p.read_bytes() for p in (tmp_path / "parts").iterdir()} == before

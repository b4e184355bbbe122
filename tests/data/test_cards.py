"""The data cards and loading by name: every card's facts, the registry, the real and study sets."""

import re
from pathlib import Path

import numpy as np
import pytest
from movesig.data import (
    CARDS,
    CATALOG,
    DataCard,
    DataError,
    available,
    load,
    load_with_truth,
    make_emg,
)
from movesig.data.cards import AELES_STUDY_FILES, SOURCES
from movesig.data.fetch import REGISTRY, RemoteFile, sha256sum
from movesig.data.formats import aeles_task_condition

from tests.helpers import write_aeles_file

SHA256 = re.compile(r"[0-9a-f]{64}")


# ---------------------------------------------------------------- the cards
@pytest.mark.parametrize("card", CARDS.values(), ids=list(CARDS))
def test_every_card_says_what_it_is_and_how_to_cite_it(card):
    assert isinstance(card, DataCard) and card.source in SOURCES
    assert card.title and card.citation and card.licence
    if card.source == "real" and card.package:  # real data shipped inside an installed package, checksums pinned
        from movesig.data.formats.spm1d_speed import SPEED_SHA256

        assert card.doi and set(card.files) == set(SPEED_SHA256)
        assert all(SHA256.fullmatch(v) for v in SPEED_SHA256.values())
    elif card.source == "real":
        assert card.files and card.doi
        for f in card.files:
            assert isinstance(f, RemoteFile)
            assert f.url.startswith("https://") and f.url.endswith("/" + f.name)
            assert SHA256.fullmatch(f.sha256), f"{f.name}: {f.sha256!r} is not a SHA-256"
    elif card.source == "study":
        assert card.files and all(isinstance(f, str) for f in card.files)


def test_registry_is_every_real_cards_files():
    real = [f for c in CARDS.values() if c.source == "real" and not c.package for f in c.files]
    assert list(REGISTRY.values()) == real and len(REGISTRY) == 9
    assert all(f.url.startswith("https://raw.githubusercontent.com/") for f in REGISTRY.values())
    assert CATALOG is CARDS


def test_provenance_comes_from_the_card():
    ds, truth = load_with_truth("synthetic-gait", n_persons=3, n_trials=2)
    card = CARDS["synthetic-gait"]
    assert ds.provenance.citation == card.citation and ds.provenance.licence == card.licence
    assert truth.mask().shape == (3, 6, 101)


def test_unknown_name_and_options():
    with pytest.raises(DataError, match="unknown data set 'nope'; known: gaitrec"):
        load("nope")
    with pytest.raises(DataError, match="emg-pedalling-7ps: unknown option"):
        load("emg-pedalling-7ps", colour="red")
    with pytest.raises(DataError, match="make_gait: .*colour"):
        load("synthetic-gait", colour="red")


def test_available_without_files(tmp_path):
    assert available("synthetic-emg") == ("yes", "generated on demand")
    assert available("npz") == ("yes", "give --data-file")
    assert available("horst-2019", tmp_path) == ("no", "put the study's files in the data directory")


# ---------------------------------------------------------------- real data
@pytest.mark.realdata
def test_gaitrec_union_is_194_people_by_5_trials(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir, min_trials=5)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (970, 194, 6, 101)
    assert set(ds.trials_per_person().values()) == {5}
    per_class = {c: len(np.unique(ds.person[ds.condition == c])) for c in np.unique(ds.condition)}
    assert per_class == {"healthy control": 62, "hip": 43, "knee": 52, "ankle": 37}
    assert ds.channels[2] == "affected vertical" and ds.time_axis == "% of stance"
    assert len(ds.provenance.files) == 4 and all(len(f.sha256) == 64 for f in ds.provenance.files)
    assert ds.provenance.citation == CARDS["gaitrec"].citation and ds.provenance.licence == "CC BY 4.0"
    # vertical force of stance in body weights: peaks about 1 BW
    assert 0.9 < ds.X[:, 2].max(axis=1).mean() < 1.3


@pytest.mark.realdata
def test_gaitrec_atmm_is_scaled(real_data_dir):
    ds = load("gaitrec-atmm", data_dir=real_data_dir)
    assert (ds.n_trials, ds.n_persons) == (970, 194)
    assert ds.X.min() >= -1e-9 and ds.X.max() <= 1 + 1e-9
    assert available("gaitrec-atmm", real_data_dir)[0] == "yes"


@pytest.mark.realdata
def test_emg_7ps(real_data_dir):
    ds = load("emg-pedalling-7ps", data_dir=real_data_dir, min_trials=30)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (210, 7, 8, 200)
    assert ds.channels == ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")
    np.testing.assert_allclose(ds.X.max(axis=2), 1.0)
    assert set(ds.task) == {"pedalling"} and any("inferred" in n for n in ds.provenance.notes)


# ---------------------------------------------------------------- the study's files, written small
def test_aeles_study_files_from_the_data_directory(tmp_path):
    write_aeles_file(tmp_path / "Data_Walking_Baseline_Day1.mat", persons=[0, 1], n_columns=8)
    write_aeles_file(tmp_path / "Data_Pedalling_150W_Baseline_Day1.mat", persons=[0, 1], n_columns=8)
    ds = load("aeles-2021", data_dir=tmp_path)
    assert ds.n_trials == 120 and set(ds.task) == {"walking", "pedalling"}
    assert set(ds.condition) == {"day1", "150W-day1"} and len(ds.provenance.files) == 2
    assert ds.provenance.name == "aeles-2021" and "study's own files" in ds.provenance.title
    assert load("aeles-2021", data_dir=tmp_path, conditions="day1").n_trials == 60
    assert available("aeles-2021", tmp_path) == ("yes", f"2 of {len(AELES_STUDY_FILES)} files in {tmp_path}")
    with pytest.raises(DataError, match="none of the study's files"):
        load("aeles-2021", data_dir=tmp_path / "empty")


def test_every_study_file_is_one_condition_of_the_study():
    ds, _ = make_emg(n_persons=2, n_cycles=2, conditions="all")
    assert sorted(map(aeles_task_condition, AELES_STUDY_FILES)) == sorted(set(zip(ds.task, ds.condition)))


def test_horst_by_name_needs_its_file(tmp_path):
    with pytest.raises(DataError, match="horst-2019: Gait_GRF_JA_Label.mat not found"):
        load("horst-2019", data_dir=tmp_path)


# ---------------------------------------------------------------- one answer to "which files does a run read"
def _card_setup(name, tmp_path):
    """(data_dir, file, options) that make the card loadable here, written small where the test can; None: skip."""
    import scipy.io

    from tests.helpers import matlab_cell

    card = CARDS[name]
    if card.source == "synthetic":  # calibration=None: the stored calibration is keyed on pinned files, not read here
        return None, None, {"n_persons": 3} | ({"n_trials": 2, "calibration": None} if name == "synthetic-gait"
                                              else {"n_cycles": 2})
    if name == "npz":
        path = tmp_path / "mine.npz"
        np.savez(path, X=np.random.default_rng(0).random((6, 2, 10)), person=np.repeat(["a", "b", "c"], 2),
                 channels=["x", "y"])
        return None, str(path), {}
    if name == "aeles-2021":
        for f in AELES_STUDY_FILES[:2]:
            write_aeles_file(tmp_path / f, persons=[0, 1], n_columns=8, n_cycles=2)
        (tmp_path / "aeles-2021").mkdir()  # the card's own sub-folder is looked in too
        write_aeles_file(tmp_path / "aeles-2021" / AELES_STUDY_FILES[2], persons=[0, 1], n_columns=8, n_cycles=2)
        return str(tmp_path), None, {}
    if name == "horst-2019":
        path = tmp_path / "Gait_GRF_JA_Label.mat"
        scipy.io.savemat(path, {"Feature_GRF_AV": np.random.default_rng(0).normal(size=(4, 101, 6)),
                                "Feature_GRF_AV_Label": matlab_cell([f"grf{i}" for i in range(6)]),
                                "Target_SubjectID": np.eye(2, dtype=np.uint8)[[0, 0, 1, 1]]})
        return str(tmp_path), None, {}
    if available(name)[0] != "yes":  # real data: $MOVESIG_DATA_DIR (set by conftest) or the installed package
        return "skip"
    return None, None, {}


@pytest.mark.parametrize("name", list(CARDS))
def test_files_for_is_what_the_loader_reads_and_what_the_run_key_covers(name, root, tmp_path, monkeypatch):
    import builtins
    import functools
    import os

    import movesig.report.cache as cache

    setup = _card_setup(name, tmp_path)
    if setup == "skip":
        pytest.skip(f"{name}: not available here")
    data_dir, file, options = setup
    card = CARDS[name]
    files = card.files_for(data_dir, file)
    assert all(p.is_file() for p in files) and (files == []) == (card.source == "synthetic")

    opened, real_open = [], builtins.open

    def recording_open(target, *args, **kwargs):
        if isinstance(target, (str, os.PathLike)):
            opened.append(Path(target).resolve())
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    ds = load(name, data_dir=data_dir, file=file, **options)
    monkeypatch.setattr(builtins, "open", real_open)
    data_files = {p for p in opened if p.suffix in (".mat", ".npy", ".npz")}
    assert data_files == {p.resolve() for p in files}, f"{name}: the loader read other files than files_for"
    # the provenance records the same files, in the order files_for gives them
    assert [f.name for f in ds.provenance.files] == [p.name for p in files]
    assert [f.sha256 for f in ds.provenance.files] == [sha256sum(p) for p in files]

    chapter = root / "chapters" / "identification.py"
    params = {"dataset": name, "data_dir": data_dir, "data_file": file}
    for part in ("package_hash", "versions"):  # the same within the test: computed once
        monkeypatch.setattr(cache, part, functools.cache(getattr(cache, part)))
    key = cache.run_key(chapter, params)
    assert key is not None and key == cache.run_key(chapter, dict(params))
    for changed in files:  # any one file of the run changing changes the key
        with monkeypatch.context() as m:
            m.setattr(cache, "sha256sum", lambda p, c=changed: "0" * 64 if p == c else sha256sum(p))
            assert cache.run_key(chapter, params) != key, f"{changed.name} is not in the run key"
    if files and card.source in ("user", "study"):  # files written here: change one for real
        files[-1].write_bytes(files[-1].read_bytes() + b"\0")
        assert cache.run_key(chapter, params) not in (key, None)


def test_a_named_file_counts_only_where_the_card_reads_it(tmp_path, monkeypatch):
    from movesig.report.cache import _data_files
    from movesig.studies import study_class

    monkeypatch.delenv("MOVESIG_DATA_DIR", raising=False)
    absent = str(tmp_path / "absent.npz")
    assert not CARDS["gaitrec"].takes_file and CARDS["horst-2019"].takes_file
    # a card that reads its own files ignores data_file in its loader and run key; a chapter refuses it (the
    # user meant their own file: running on the card's data without a word would be a silent wrong result)
    assert _data_files({"dataset": "synthetic-emg", "data_file": absent}) == []
    assert _data_files({"dataset": "npz", "data_file": absent}) is None
    assert _data_files({"dataset": "npz"}) is None
    Params = study_class("identification").Parameters
    assert "reads no file of yours; give -p dataset npz" in Params(dataset="synthetic-gait", data_file=absent).check()
    assert Params(dataset="horst-2019", data_file=absent).check() == f"parameter data_file: {absent}: file not found"
    with pytest.raises(DataError, match=f"{re.escape(absent)}: file not found"):
        load("horst-2019", file=absent)
    with pytest.raises(DataError, match="is a folder, not a file"):
        CARDS["emg-pedalling-7ps"].files_for(file=tmp_path)

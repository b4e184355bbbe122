"""Every mistake a user can make, table-driven: exit 2, one line on stderr naming the file or parameter, no
traceback, and every file that was there before byte-identical afterwards."""

import hashlib

import numpy as np
import pytest
import scipy.io
from movesig.cli import main

from tests.data.test_import import write_lab
from tests.helpers import matlab_cell


def npz(folder, name="mine.npz", drop=(), **change):
    """A valid small .npz (3 persons × 6 trials × 2 channels × 20 points), with arrays changed or dropped."""
    rng = np.random.default_rng(0)
    arrays = {"X": rng.normal(size=(18, 2, 20)), "person": np.repeat([1, 2, 3], 6), "channels": ["a", "b"],
              "condition": np.array(["day1"] * 18)}
    arrays.update(change)
    for key in drop:
        arrays.pop(key)
    np.savez(folder / name, **arrays)
    return str(folder / name)


def aeles(folder, onehot):
    X = np.random.default_rng(1).random((2, 8, 200))
    scipy.io.savemat(folder / "Data_Walking_Baseline_Day1.mat", {
        "Feature": X, "Target_Subject": onehot,
        "Feature_EMG_Label": matlab_cell(["VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF"])})
    return str(folder / "Data_Walking_Baseline_Day1.mat")


def write(folder, name, content: bytes):
    (folder / name).write_bytes(content)
    return str(folder / name)


def user_folder(folder):
    (folder / "mine").mkdir()
    (folder / "mine" / "notes.txt").write_text("my notes")
    return str(folder / "mine")


def damaged_gaitrec(folder):
    sub = folder / "data" / "gaitrec-subset"
    sub.mkdir(parents=True)
    for part in ("1-2", "1-3", "1-4", "2-3-4"):
        (sub / f"2021_acm_small_dataset_v3_aff-unaff-nonorm_{part}_.mat").write_bytes(b"not the published file")
    return str(folder / "data")


def lab(folder, edit=None):
    table = write_lab(folder / "lab", n_persons=2, n_trials=3)
    if edit:
        edit(folder / "lab")
    return str(table)


# (id, argv builder (tmp_path -> list of str), what stderr must name)
CASES = [
    # ---- info
    ("info-unknown-set", lambda t: ["info", "gaitrek"], "unknown data set 'gaitrek'"),
    ("info-npz-no-file", lambda t: ["info", "npz"], "npz: name the file"),
    ("info-npz-missing", lambda t: ["info", "npz", "--file", str(t / "none.npz")], "none.npz: file not found"),
    ("info-npz-folder", lambda t: ["info", "npz", "--file", str(t)], "is a folder, not a file"),
    ("info-npz-is-csv", lambda t: ["info", "npz", "--file", write(t, "x.npz", b"a,b\n1,2\n")], "looks like text (CSV"),
    ("info-npz-is-mat", lambda t: ["info", "npz", "--file", aeles(t, np.eye(2))], "looks like a MATLAB .mat file"),
    ("info-npz-empty", lambda t: ["info", "npz", "--file", write(t, "x.npz", b"")], "looks like an empty file"),
    ("info-npz-truncated", lambda t: ["info", "npz", "--file", write(t, "x.npz", b"PK\x03\x04\x00")],
     "not a readable .npz file"),
    ("info-npz-npy", lambda t: ["info", "npz", "--file", write(t, "x.npz", b"\x93NUMPY\x01\x00")], "single .npy"),
    ("info-npz-no-X", lambda t: ["info", "npz", "--file", npz(t, drop=("X",))], "missing array(s) X"),
    ("info-npz-extra", lambda t: ["info", "npz", "--file", npz(t, speed=np.ones(18))], "unknown array(s) speed"),
    ("info-npz-2d", lambda t: ["info", "npz", "--file", npz(t, X=np.ones((18, 20)))], "X must have shape"),
    ("info-npz-nan", lambda t: ["info", "npz", "--file", npz(t, X=np.full((18, 2, 20), np.nan))], "non-finite"),
    ("info-npz-complex", lambda t: ["info", "npz", "--file", npz(t, X=np.ones((18, 2, 20)) * 1j)],
     "complex numbers"),
    ("info-npz-huge", lambda t: ["info", "npz", "--file", npz(t, X=np.full((18, 2, 20), 1e200))], "overflows"),
    ("info-npz-nan-person", lambda t: ["info", "npz", "--file", npz(t, person=np.r_[np.nan, np.ones(17)])],
     "NaN label"),
    ("info-npz-empty-person", lambda t: ["info", "npz", "--file", npz(t, person=np.array([""] + ["a"] * 17))],
     "person is empty"),
    ("info-npz-short-person", lambda t: ["info", "npz", "--file", npz(t, person=np.ones(5))],
     "person must have shape (18,)"),
    ("info-npz-dup-channels", lambda t: ["info", "npz", "--file", npz(t, channels=["a", "a"])],
     "duplicate channel name(s): a"),
    ("info-npz-channels", lambda t: ["info", "npz", "--file", npz(t, channels=["a"])], "1 channel name(s) for 2"),
    ("info-npz-objects", lambda t: ["info", "npz", "--file", npz(t, channels=np.array(["a", 1], dtype=object))],
     "Python objects"),
    ("info-file-ignored", lambda t: ["info", "synthetic-gait", "--data-file", npz(t)], "reads no file of yours"),
    ("pn-file-ignored", lambda t: ["participants", "synthetic-emg", "--data-file", npz(t), "--out", str(t / "pn")],
     "synthetic-emg reads no file of yours"),
    ("info-datadir-file", lambda t: ["info", "gaitrec", "--data-dir", write(t, "d", b"x")], "is a file, not a folder"),
    ("info-gaitrec-absent", lambda t: ["info", "gaitrec", "--data-dir", str(t)], "not found"),
    ("info-gaitrec-damaged", lambda t: ["info", "gaitrec", "--data-dir", damaged_gaitrec(t)], "SHA-256 mismatch"),
    ("info-real-option", lambda t: ["info", "emg-pedalling-7ps", "--option", "speed", "1"], "unknown option(s) speed"),
    ("info-synthetic-option", lambda t: ["info", "synthetic-gait", "--option", "n_people", "3"], "n_people"),
    ("info-horst-npz", lambda t: ["info", "horst-2019", "--file", npz(t)], "not a readable MATLAB file"),
    ("info-onehot-half", lambda t: ["info", "aeles-2021", "--file", aeles(t, np.array([[0.5, 0.5], [0, 1]]))],
     "only 0 and 1"),
    ("info-onehot-2-1", lambda t: ["info", "aeles-2021", "--file", aeles(t, np.array([[2, -1], [0, 1]]))],
     "only 0 and 1"),
    # ---- import
    ("import-missing", lambda t: ["import", str(t / "trials.csv"), "--out", str(t / "o.npz")], "file not found"),
    ("import-folder", lambda t: ["import", str(t), "--out", str(t / "o.npz")], "is a folder, not a file"),
    ("import-empty", lambda t: ["import", write(t, "trials.csv", b""), "--out", str(t / "o.npz")], "it is empty"),
    ("import-no-person", lambda t: ["import", write(t, "trials.csv", b"file,who\na.csv,1\n"), "--out",
                                    str(t / "o.npz")], "missing: person"),
    ("import-trial-missing", lambda t: ["import", lab(t, lambda d: (d / "p0_01.csv").unlink()), "--out",
                                        str(t / "o.npz")], "p0_01.csv: file not found"),
    ("import-not-number", lambda t: ["import", lab(t, lambda d: (d / "p1_00.csv").write_text(
        "left vertical,right vertical\n1,2\n3,?\n")), "--out", str(t / "o.npz")], "is not a number: '?'"),
    ("import-nan", lambda t: ["import", lab(t, lambda d: (d / "p1_00.csv").write_text(
        "left vertical,right vertical\n1,2\n3,nan\n")), "--out", str(t / "o.npz")], "is not finite"),
    ("import-channels", lambda t: ["import", lab(t, lambda d: (d / "p1_00.csv").write_text("a,b\n1,2\n3,4\n")),
                                   "--out", str(t / "o.npz")], "differ from those of"),
    ("import-short", lambda t: ["import", lab(t, lambda d: (d / "p1_00.csv").write_text("a\n1\n")), "--out",
                                str(t / "o.npz")], "at least 2 samples"),
    ("import-points-1", lambda t: ["import", lab(t), "--out", str(t / "o.npz"), "--points", "1"], "--points"),
    ("import-points-abc", lambda t: ["import", lab(t), "--out", str(t / "o.npz"), "--points", "abc"], "--points"),
    ("import-out-exists", lambda t: ["import", lab(t), "--out", write(t, "o.npz", b"mine")], "never overwrites"),
    ("import-out-no-folder", lambda t: ["import", lab(t), "--out", str(t / "no" / "o.npz")], "no such folder"),
    ("import-out-suffix", lambda t: ["import", lab(t), "--out", str(t / "o.csv")], "must end in .npz"),
    ("import-c3d-damaged", lambda t: ["import", lab(t, lambda d: [
        (d / "bad.c3d").write_bytes(b"not c3d"), (d / "trials.csv").write_text("file,person\nbad.c3d,a\n")]),
        "--out", str(t / "o.npz")], "not a readable C3D file"),
    # ---- run
    ("run-unknown-chapter", lambda t: ["run", "identificaton", "--out", str(t / "runs")], "unknown chapter"),
    ("run-unknown-parameter", lambda t: ["run", "identification", "-p", "Cee", "1", "--out", str(t / "runs")],
     "has no parameter(s) Cee"),
    ("run-C-text", lambda t: ["run", "identification", "-p", "C", "abc", "--out", str(t / "runs")],
     "parameter C: 'abc' is not a number"),
    ("run-C-negative", lambda t: ["run", "identification", "-p", "C", "'-1'", "--out", str(t / "runs")],
     "parameter C"),
    ("run-splits", lambda t: ["run", "gait_models", "-p", "n_splits", "1", "--out", str(t / "runs")],
     "parameter n_splits: 1 is out of range"),
    ("run-model", lambda t: ["run", "gait_models", "-p", "models", "[svm]", "--out", str(t / "runs")],
     "parameter models: item 'svm'"),
    ("run-cuda", lambda t: ["run", "gait_models", "-p", "device", "cuda", "--out", str(t / "runs")],
     "parameter device"),
    ("run-npz-no-file", lambda t: ["run", "identification", "-p", "dataset", "npz", "--out", str(t / "runs")],
     "parameter data_file"),
    ("run-data-file-missing", lambda t: ["run", "identification", "-p", "dataset", "npz", "-p", "data_file",
                                         "none.npz", "--out", str(t / "runs")], "none.npz: file not found"),
    ("run-data-file-folder", lambda t: ["run", "identification", "-p", "dataset", "npz", "-p", "data_file", str(t),
                                        "--out", str(t / "runs")], "is a folder, not a file"),
    ("run-data-dir-file", lambda t: ["run", "identification", "--data-dir", write(t, "d", b"x"), "--out",
                                     str(t / "runs")], "parameter data_dir"),
    ("run-out-file", lambda t: ["run", "identification", "--out", write(t, "runs", b"x")], "is a file, not a folder"),
    ("run-user-folder", lambda t: ["run", "identification", "--out", str(t), "-p", "n_persons", "3"]
     if (t / "identification").mkdir() or (t / "identification" / "notes.txt").write_text("mine") else [],
     "not made by movesig"),
    ("run-p-missing-value", lambda t: ["run", "identification", "-p", "C"], "expected 2 arguments"),
    ("run-threshold", lambda t: ["run", "emg_signatures", "-p", "threshold", "0", "--out", str(t / "runs")],
     "parameter threshold: 0 is out of range"),
    # ---- participants
    ("pn-unknown-set", lambda t: ["participants", "emg", "--out", str(t / "pn")], "unknown data set 'emg'"),
    ("pn-n-values-1", lambda t: ["participants", "synthetic-emg", "--out", str(t / "pn"), "--n-values", "1"],
     "--n-values: 1 must be at least 2"),
    ("pn-n-values-too-many", lambda t: ["participants", "npz", "--file", npz(t), "--out", str(t / "pn"),
                                        "--n-values", "2", "9"], "n-values: 9 is not a training-set size"),
    ("pn-draws-0", lambda t: ["participants", "synthetic-emg", "--out", str(t / "pn"), "--draws", "0"], "--draws"),
    ("pn-C-0", lambda t: ["participants", "synthetic-emg", "--out", str(t / "pn"), "--C", "0"], "--C"),
    ("pn-jobs-0", lambda t: ["participants", "synthetic-emg", "--out", str(t / "pn"), "--jobs", "0"], "--jobs"),
    ("pn-no-out", lambda t: ["participants", "synthetic-emg"], "--out"),
    ("pn-user-folder", lambda t: ["participants", "npz", "--file", npz(t), "--out", user_folder(t)],
     "not made by movesig participants"),
    ("pn-out-file", lambda t: ["participants", "npz", "--file", npz(t), "--out", write(t, "pn", b"x")],
     "is not a folder"),
    ("pn-file-missing", lambda t: ["participants", "npz", "--file", str(t / "x.npz"), "--out", str(t / "pn")],
     "x.npz: file not found"),
    ("pn-no-baseline", lambda t: ["participants", "npz", "--file", npz(t, condition=np.array(["x"] * 18)), "--out",
                                  str(t / "pn")], "no baseline condition"),
    ("pn-scheduler", lambda t: ["participants", "npz", "--file", npz(t), "--out", str(t / "pn"), "--scheduler",
                                "tcp://127.0.0.1:9"], "no Dask scheduler answered"),
    # ---- book
    ("book-params-missing", lambda t: ["book", "--params", str(t / "p.yml"), "--out", str(t / "r")], "p.yml"),
    ("book-params-yaml", lambda t: ["book", "--params", write(t, "p.yml", b"a: [1,"), "--out", str(t / "r")],
     "not valid YAML"),
    ("book-params-list", lambda t: ["book", "--params", write(t, "p.yml", b"- 1\n"), "--out", str(t / "r")],
     "must map each chapter"),
    ("book-params-chapter", lambda t: ["book", "--params", write(t, "p.yml", b"nochapter: {C: 1}\n"), "--out",
                                       str(t / "r")], "no chapter(s) nochapter"),
    ("book-params-value", lambda t: ["book", "--params", write(t, "p.yml", b"identification: {C: -1}\n"), "--out",
                                     str(t / "r")], "parameter C"),
    ("book-out-file", lambda t: ["book", "--out", write(t, "r", b"x")], "is a file, not a folder"),
    ("book-data-dir-file", lambda t: ["book", "--data-dir", write(t, "d", b"x"), "--out", str(t / "r")],
     "parameter data_dir"),
    # ---- compare
    ("compare-nothing", lambda t: ["compare", str(t / "a"), str(t / "b")], "no run folder with results.json"),
]


def _snapshot(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_one_line_exit_2(case, argv, message, tmp_path, monkeypatch, capsys):
    """Run ``movesig argv(tmp_path)`` in ``tmp_path``: exit 2, one line naming ``message``, no file changed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MOVESIG_DATA_DIR", raising=False)  # only what the case gives
    args = argv(tmp_path)
    before = _snapshot(tmp_path)
    capsys.readouterr()
    try:
        rc = main(args)
    except SystemExit as exc:  # argparse
        rc = exc.code
    err = capsys.readouterr().err
    assert rc == 2, f"{case}: exit {rc}: {err}"
    assert err.count("\n") == 1 and "Traceback" not in err, f"{case}: {err}"
    assert message in err, f"{case}: {err!r} does not say {message!r}"
    assert {p: h for p, h in _snapshot(tmp_path).items() if p in before} == before, f"{case} changed a file"


@pytest.mark.parametrize("case, argv, message", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_line_and_exit_2(case, argv, message, tmp_path, monkeypatch, capsys):
    assert_one_line_exit_2(case, argv, message, tmp_path, monkeypatch, capsys)


def test_the_table_is_large_enough():
    assert len(CASES) >= 60 and len({c[0] for c in CASES}) == len(CASES)

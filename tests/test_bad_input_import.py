"""Mistakes in a lab's own data (`movesig import`'s trials.csv and trial files) and in a `.npz`, table-driven as in
test_bad_input.py: exit 2, one line on stderr naming the file (row, column) or parameter, no file changed."""

import shutil

import numpy as np
import pytest

from tests.data.test_import import write_c3d, write_lab
from tests.test_bad_input import assert_one_line_exit_2, lab, npz, write


def table(text):
    """An edit of the lab folder: trials.csv replaced by ``text``."""
    return lambda d: (d / "trials.csv").write_text(text)


def trial(name, text):
    """An edit of the lab folder: trial file ``name`` replaced by ``text``."""
    return lambda d: (d / name).write_text(text)


def c3d_lab(folder, rows, nan_at=None):
    """A folder with one C3D file s.c3d and trials.csv holding ``rows`` (after the header)."""
    folder.mkdir(exist_ok=True)
    write_c3d(folder / "s.c3d", nan_at=nan_at)
    (folder / "trials.csv").write_text("file,person,start_event,end_event,channels\n" + rows)
    return str(folder / "trials.csv")


def out(t):
    return ["--out", str(t / "o.npz")]


def same_trial(X):
    X = X.copy()
    X[5] = X[0]
    return X


def dup_channels(d):
    for f in d.glob("p*.csv"):
        f.write_text("a,a\n1,2\n3,4\n")


# (id, argv builder (tmp_path -> list of str), what stderr must name)
CASES = [
    # ---- the same trial twice
    ("import-dup-trial-other-spelling", lambda t: ["import", lab(t, table(
        "file,person\np0_00.csv,a\n./p0_00.csv,a\np1_00.csv,b\n")), *out(t)],
     "row 3 lists ./p0_00.csv again (first in row 2)"),
    ("import-dup-c3d-same-events", lambda t: ["import", c3d_lab(
        t, "s.c3d,a,Left:Foot Strike,Left:Foot Off,Fz1\ns.c3d,a,Left:Foot Strike,Left:Foot Off,Fz1\n"), *out(t)],
     "row 3 lists s.c3d again (first in row 2, with the same events)"),
    ("import-trial-copied", lambda t: ["import", lab(t, lambda d: shutil.copy(d / "p0_00.csv", d / "p0_01.csv")),
                                       *out(t)], "p0_01.csv: holds the same samples as p0_00.csv (rows 2 and 3"),
    # ---- ragged or odd tables
    ("import-table-short-row", lambda t: ["import", lab(t, table("file,person,task\np0_00.csv,a\np1_00.csv,b,w\n")),
                                          *out(t)], "row 2 has 2 cell(s) but the header row names 3 column(s)"),
    ("import-table-extra-cells", lambda t: ["import", lab(t, table("file,person\np0_00.csv,a,x\np1_00.csv,b\n")),
                                            *out(t)], "row 2 has 3 cell(s) but the header row names 2 column(s)"),
    ("import-table-semicolon", lambda t: ["import", lab(t, table("file;person\np0_00.csv;a\np1_00.csv;b\n")),
                                          *out(t)], "trials.csv: is separated by ';'"),
    ("import-table-row-number", lambda t: ["import", lab(t, table("file,person\n\np0_00.csv,a\n\np1_00.csv,\n")),
                                           *out(t)], "trials.csv: row 5 has no person"),
    ("import-table-dup-column", lambda t: ["import", lab(t, table("file,person,person\np0_00.csv,a,b\n")), *out(t)],
     "names column(s) person more than once"),
    ("import-table-unnamed-column", lambda t: ["import", lab(t, table("file,person,\np0_00.csv,a,\n")), *out(t)],
     "trials.csv: column 3 has no name in the header row"),
    ("import-table-nul", lambda t: ["import", lab(t, lambda d: write(
        d, "trials.csv", b"file,person\np0_00.csv,a\x00\np1_00.csv,b\n")), *out(t)], "holds a NUL byte"),
    ("import-table-utf16", lambda t: ["import", lab(t, lambda d: write(
        d, "trials.csv", "file,person\np0_00.csv,a\n".encode("utf-16"))), *out(t)], "save it as 'CSV UTF-8'"),
    ("import-trial-dotdot-missing", lambda t: ["import", lab(t, table("file,person\n../gone.csv,a\np1_00.csv,b\n")),
                                               *out(t)], "gone.csv: file not found (listed as ../gone.csv in row 2"),
    # ---- odd trial files
    ("import-trial-semicolon", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical;right vertical\n1;2\n3;4\n")), *out(t)], "p1_00.csv: is separated by ';'"),
    ("import-trial-no-header", lambda t: ["import", lab(t, trial("p1_00.csv", "1,2\n3,4\n5,6\n")), *out(t)],
     "p1_00.csv: the first row holds numbers (1, 2); the first row must name the channels"),
    ("import-trial-short-row", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical,right vertical\n1,2\n3\n4,5\n")), *out(t)],
     "p1_00.csv: row 3 has 1 cell(s) but the first row names 2 column(s)"),
    ("import-trial-extra-cells", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical,right vertical\n1,2,9\n3,4\n4,5\n")), *out(t)],
     "p1_00.csv: row 2 has 3 cell(s)"),
    ("import-trial-unnamed-column", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical,right vertical,\n1,2,\n3,4,\n")), *out(t)],
     "p1_00.csv: column 3 has no name in the first row"),
    ("import-trial-empty-column", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical,right vertical\n1,\n3,\n")), *out(t)],
     "p1_00.csv: row 2, column right vertical is empty"),
    ("import-trial-dup-channels", lambda t: ["import", lab(t, dup_channels), *out(t)],
     "p0_00.csv: the first row names channel(s) a more than once"),
    # ---- samples: the one file that holds them
    ("import-trial-huge", lambda t: ["import", lab(t, trial(
        "p1_00.csv", "left vertical,right vertical\n1,2\n3,1e300\n")), *out(t)],
     "p1_00.csv: row 3, column right vertical is 1e+300"),
    ("import-trial-overflow", lambda t: ["import", lab(t, trial(
        "p1_01.csv", "left vertical,right vertical\n1,2\n-1.7e308,1.7e308\n")), *out(t)],
     "p1_01.csv: row 3, column left vertical is -1.7e+308"),
    ("import-c3d-nan", lambda t: ["import", c3d_lab(t, "s.c3d,a,Left:Foot Strike,Left:Foot Off,Fz1;Fz2\n",
                                                    nan_at=(1, 500)), *out(t)],
     "s.c3d: analog sample 501, column Fz2 is not finite (nan)"),
    # ---- parameters
    ("import-points-huge", lambda t: ["import", str(write_lab(t / "lab")), *out(t), "--points", "1000000000"],
     "--points: 1000000000"),  # argparse or read_trials_table refuses it: either names --points and the value
    # ---- .npz
    ("info-npz-person-objects", lambda t: ["info", "npz", "--file", npz(
        t, person=np.array([1, "a", "b"] * 6, dtype=object))], "array person holds Python objects"),
    ("info-npz-same-trial", lambda t: ["info", "npz", "--file", npz(
        t, X=same_trial(np.random.default_rng(0).normal(size=(18, 2, 20))))],
     "trials 0 and 5 (persons 1 and 1) hold the same samples"),
]


@pytest.mark.parametrize("case, argv, message", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_in_own_data_is_one_line_and_exit_2(case, argv, message, tmp_path, monkeypatch, capsys):
    assert_one_line_exit_2(case, argv, message, tmp_path, monkeypatch, capsys)


def test_the_cases_are_unique():
    assert len({c[0] for c in CASES}) == len(CASES)

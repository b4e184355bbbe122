"""`movesig import`: a lab's folder of CSV (or C3D) trials and a trials.csv -> the study's .npz, as the data page says."""

import json

import numpy as np
import pytest
from movesig.cli import main
from movesig.data import DataError, load
from movesig.data.formats import read_trials_table, time_normalise
from movesig.studies.emg_signatures import EmgSignatures
from movesig.studies.identification import Identification

CHANNELS = ("left vertical", "right vertical")


def write_lab(folder, n_persons=4, n_trials=6, seed=0):
    """The data page's example: one CSV per trial (lengths differ), and trials.csv."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,person,task,condition"]
    for p in range(n_persons):
        shape = rng.normal(size=(2, 3))
        for t in range(n_trials):
            n = int(rng.integers(80, 140))
            s = np.linspace(0, 1, n)
            values = np.stack([np.sin(np.pi * s) * (1 + 0.3 * shape[c, 0]) + shape[c, 1] * s ** 2
                               + 0.02 * rng.normal(size=n) for c in range(2)], axis=1)
            name = f"p{p}_{t:02d}.csv"
            np.savetxt(folder / name, values, delimiter=",", header=",".join(CHANNELS), comments="")
            rows.append(f"{name},p{p},walking,day1")
    (folder / "trials.csv").write_text("\n".join(rows) + "\n")
    return folder / "trials.csv"


def test_time_normalise_keeps_the_ends_and_interpolates():
    values = np.column_stack([np.arange(11.0), np.arange(11.0) ** 2])
    out = time_normalise(values, points=6)
    assert out.shape == (2, 6) and out[1, -1] == 100
    np.testing.assert_allclose(out[0], [0, 2, 4, 6, 8, 10])
    uneven = time_normalise(values[:, :1], points=3, time=np.r_[0, np.full(10, 0.1).cumsum()] ** 2)
    assert uneven[0, 0] == 0 and uneven[0, -1] == 10


def test_the_data_pages_example_from_another_folder(tmp_path, monkeypatch, capsys):
    write_lab(tmp_path / "lab")
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["import", "../lab/trials.csv", "--out", "mine.npz"]) == 0
    assert "24 trials of 4 persons, 2 channels x 101 points" in capsys.readouterr().out
    ds = load("npz", file="mine.npz")
    assert ds.X.shape == (24, 2, 101) and ds.channels == CHANNELS and set(ds.condition) == {"day1"}
    assert any("time-normalised to 101 points" in n for n in ds.provenance.notes)
    assert any("trials.csv (SHA-256" in n for n in ds.provenance.notes)
    # the chapters run on it (their studies, as `movesig run ... -p data_file mine.npz` does)
    ident = Identification({"dataset": "npz", "data_file": "mine.npz", "n_splits": 3, "compare_standardise": False,
                            "n_jobs": 1, "n_show": 1}, out_dir=tmp_path / "runs")
    ident.accuracy()
    assert ident.record().metrics["linear_svm"]["accuracy_mean"] > 0.5  # 4 persons: chance is 0.25
    sig = EmgSignatures({"dataset": "npz", "data_file": "mine.npz", "n_splits": 3, "C_grid": [1], "C": 1,
                         "n_jobs": 1}, out_dir=tmp_path / "runs")
    sig.identification()
    sig.signature_table()
    assert set(sig.record().signatures["walking"]) == {"p0", "p1", "p2", "p3"}
    # never overwritten
    before = (elsewhere / "mine.npz").read_bytes()
    assert main(["import", "../lab/trials.csv", "--out", "mine.npz"]) == 2
    assert "never overwrites" in capsys.readouterr().err and (elsewhere / "mine.npz").read_bytes() == before


@pytest.mark.book
def test_movesig_run_on_imported_data_with_relative_paths(tmp_path, monkeypatch, capsys):
    write_lab(tmp_path / "lab")
    monkeypatch.chdir(tmp_path / "lab")
    assert main(["import", "trials.csv", "--out", "../mine.npz"]) == 0
    monkeypatch.chdir(tmp_path)
    assert main(["run", "identification", "-p", "dataset", "npz", "-p", "data_file", "mine.npz", "-p", "n_splits", "3",
                 "-p", "compare_standardise", "false", "-p", "n_jobs", "1", "--out", "runs"]) == 0
    results = json.loads((tmp_path / "runs" / "identification" / "results.json").read_text())
    assert results["data"]["name"] == "npz" and results["metrics"]["linear_svm"]["n_folds"] == 3


@pytest.mark.parametrize("edit, message", [
    (lambda lab: (lab / "p1_02.csv").unlink(), "p1_02.csv: file not found"),
    (lambda lab: (lab / "p0_00.csv").write_text("left vertical,right vertical\n1,2\n3,x\n4,5\n"),
     "row 3, column right vertical is not a number: 'x'"),
    (lambda lab: (lab / "p0_01.csv").write_text("left vertical,rightvertical\n1,2\n3,4\n"), "differ from those of"),
    (lambda lab: (lab / "p0_01.csv").write_text("left vertical,right vertical\n1,2\n"), "at least 2 samples"),
    (lambda lab: (lab / "trials.csv").write_text("file,person\np0_00.csv,\n"), "row 2 has no person"),
    (lambda lab: (lab / "trials.csv").write_text("file,who\np0_00.csv,a\n"), "missing: person"),
    (lambda lab: (lab / "trials.csv").write_text("file,person\np0_00.csv,a\np0_00.csv,b\n"), "lists p0_00.csv again"),
    (lambda lab: (lab / "trials.csv").write_text("file,person,speed\np0_00.csv,a,1\n"), "unknown column(s) speed"),
    (lambda lab: (lab / "trials.csv").write_text("file,person\np0_00.xlsx,a\n"), "neither .csv nor .c3d"),
    (lambda lab: (lab / "p0_00.csv").write_text("time,left vertical,right vertical\n0,1,2\n0,3,4\n1,5,6\n"),
     "time column must increase"),
])
def test_every_mistake_is_one_line_naming_the_file(tmp_path, edit, message):
    table = write_lab(tmp_path / "lab", n_persons=2, n_trials=3)
    edit(tmp_path / "lab")
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_trials_table(table)


def write_c3d(path, offset=0.0, other=-1.0, nan_at=None):
    """A 1-s C3D file at 1000 Hz: analog Fz1 is the time plus ``offset``, Fz2 is ``other``, EMG zero; events
    Left:Foot Strike at 0.2 s and Left:Foot Off at 0.8 s; ``nan_at`` (channel, sample) is NaN."""
    ezc3d = pytest.importorskip("ezc3d")
    c = ezc3d.c3d()
    c["parameters"]["POINT"]["RATE"]["value"] = [100]
    c["parameters"]["POINT"]["LABELS"]["value"] = ("m1",)
    c["data"]["points"] = np.ones((4, 1, 100))
    c["parameters"]["ANALOG"]["RATE"]["value"] = [1000]
    c["parameters"]["ANALOG"]["LABELS"]["value"] = ("Fz1", "Fz2", "EMG")
    analogs = np.zeros((1, 3, 1000))
    analogs[0, 0] = np.arange(1000) / 1000 + offset
    analogs[0, 1] = other
    if nan_at is not None:
        analogs[0, nan_at[0], nan_at[1]] = np.nan
    c["data"]["analogs"] = analogs
    c.add_event(time=[0, 0.2], context="Left", label="Foot Strike")
    c.add_event(time=[0, 0.8], context="Left", label="Foot Off")
    c.write(str(path))
    return path


@pytest.mark.parametrize("points, message", [(10 ** 9, "--points: 1000000000 is more than 100000"),
                                             (1, "--points: 1 is not a whole number"),
                                             (2.5, "--points: 2.5 is not a whole number"),
                                             (float("inf"), "--points: inf is not a whole number")])
def test_points_out_of_range_are_refused_before_reading(tmp_path, points, message):
    with pytest.raises(DataError, match=message):
        read_trials_table(tmp_path / "none.csv", points=points)


def test_c3d_trials_cut_at_their_events(tmp_path):
    rows = ["file,person,task,condition,start_event,end_event,channels"]
    for p in range(2):
        for t in range(3):
            write_c3d(tmp_path / f"s{p}_{t}.c3d", offset=p, other=-1.0 - t)  # trials differ (copies are refused)
            rows.append(f"s{p}_{t}.c3d,s{p},walking,day1,Left:Foot Strike,Left:Foot Off,Fz1;Fz2")
    (tmp_path / "trials.csv").write_text("\n".join(rows) + "\n")
    ds = read_trials_table(tmp_path / "trials.csv", points=7)
    assert ds.X.shape == (6, 2, 7) and ds.channels == ("Fz1", "Fz2")
    np.testing.assert_allclose(ds.X[0, 0], np.linspace(0.2, 0.8, 7), atol=1e-6)  # from strike to off
    np.testing.assert_allclose(ds.X[3, 0], 1 + np.linspace(0.2, 0.8, 7), atol=1e-6)
    (tmp_path / "trials.csv").write_text(rows[0] + "\ns0_0.c3d,s0,walking,day1,Left:Heel,,Fz1\n")
    with pytest.raises(DataError, match="no event 'Left:Heel'"):
        read_trials_table(tmp_path / "trials.csv")
    (tmp_path / "trials.csv").write_text(rows[0] + "\ns0_0.c3d,s0,walking,day1,,,Fx\n")
    with pytest.raises(DataError, match=r"no analog channel\(s\) Fx"):
        read_trials_table(tmp_path / "trials.csv")


def test_one_c3d_file_may_hold_several_trials_between_other_events(tmp_path):
    write_c3d(tmp_path / "s0.c3d")
    (tmp_path / "trials.csv").write_text("file,person,start_event,end_event,channels\n"
                                         "s0.c3d,s0,Left:Foot Strike,Left:Foot Off,Fz1\n"
                                         "s0.c3d,s0,,Left:Foot Off,Fz1\n")
    ds = read_trials_table(tmp_path / "trials.csv", points=7)
    np.testing.assert_allclose(ds.X[:, 0, -1], [0.8, 0.8], atol=1e-6)
    np.testing.assert_allclose(ds.X[:, 0, 0], [0.2, 0.0], atol=1e-6)


def test_person_ids_are_the_text_of_the_table(tmp_path):
    """7 and 007 are two persons; ids are never made numbers; a long id after short ones is kept whole, through
    the .npz and back."""
    from movesig.data.formats import save_npz

    table = write_lab(tmp_path / "lab", n_persons=3, n_trials=2)
    ids = ["7", "7", "007", "007", "0123456789", "0123456789"]
    files = [f"p{p}_{t:02d}.csv" for p in range(3) for t in range(2)]
    table.write_text("file,person\n" + "".join(f"{f},{i}\n" for f, i in zip(files, ids)))
    ds = read_trials_table(table)
    assert list(ds.person) == ids and ds.n_persons == 3
    back = load("npz", file=save_npz(ds, tmp_path / "mine.npz"))
    assert list(back.person) == ids and back.trials_per_person() == {"007": 2, "0123456789": 2, "7": 2}


def test_excel_exports_are_read(tmp_path):
    """A byte-order mark, Windows line endings, blank lines and Excel's empty rows (',,,') are no trials."""
    table = write_lab(tmp_path / "lab", n_persons=2, n_trials=3)
    text = table.read_text().replace("\n", "\r\n")
    table.write_bytes(b"\xef\xbb\xbf" + (text + ",,,\r\n\r\n,,,\r\n").encode())
    trial = tmp_path / "lab" / "p0_00.csv"
    trial.write_bytes(b"\xef\xbb\xbf" + trial.read_text().replace("\n", "\r\n").encode())
    ds = read_trials_table(table)
    assert ds.n_trials == 6 and ds.channels == CHANNELS and set(ds.person) == {"p0", "p1"}


def test_one_channel_named_with_a_semicolon_is_not_a_semicolon_table(tmp_path):
    table = write_lab(tmp_path / "lab", n_persons=2, n_trials=2)
    for i, trial in enumerate(sorted((tmp_path / "lab").glob("p*.csv"))):
        trial.write_text("Fz;left\n" + "".join(f"{np.sin(k + i)}\n" for k in range(5)))
    assert read_trials_table(table).channels == ("Fz;left",)

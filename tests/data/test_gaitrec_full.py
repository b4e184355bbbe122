"""GaitRec as published on figshare, read through its card from small files in the published layout."""

import builtins
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from movesig.cli import main
from movesig.data import CARDS, DataError, available, load
from movesig.data.cards import GAITREC_FULL_URL
from movesig.data.fetch import sha256sum
from movesig.data.formats.gaitrec_full import GAITREC_FULL_FILES, GRF_CHANNELS, load_gaitrec_full

from tests.data.gaitrec_layout import (
    CURVES,
    append_row,
    drop_rows,
    first_value,
    gaitrec_sessions,
    row_of,
    set_cell,
    write_gaitrec,
    write_gutenberg,
)

FORCE_FILES = [name for name, _, _ in CURVES[:6]]


@pytest.fixture
def folder(tmp_path):
    return write_gaitrec(tmp_path / "gaitrec")


def _one_line_error(match, *args, **kwargs) -> str:
    with pytest.raises(DataError, match=match) as info:
        load("gaitrec-full", *args, **kwargs)
    assert "\n" not in str(info.value)
    return str(info.value)


# ---------------------------------------------------------------- what a load gives
def test_healthy_controls_by_default(folder):
    ds = load("gaitrec-full", data_dir=folder)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (15, 3, 6, 101)
    assert ds.persons.tolist() == [1, 2, 3] and ds.trials_per_person() == {1: 6, 2: 6, 3: 3}
    # the subset's channel words and order (fore-aft, medial-lateral, vertical), per foot as published
    assert ds.channels == GRF_CHANNELS == ("left fore-aft", "left medial-lateral", "left vertical", "right fore-aft",
                                           "right medial-lateral", "right vertical")
    assert set(ds.condition) == {"healthy control"} and set(ds.task) == {"walking"}
    assert (ds.time_axis, ds.units) == ("% of stance", "body weight")
    # every trial's curves are its own rows, sorted by subject, session, trial
    session = ds.covariates["session"].astype(int)
    trial = np.tile([1, 2, 3], 5)
    for i in range(ds.n_trials):
        for c in range(6):
            assert ds.X[i, c, 0] == pytest.approx(first_value((ds.person[i], session[i], trial[i]), c), abs=1e-9)
    assert session.tolist() == [101] * 3 + [102] * 3 + [201] * 3 + [202] * 3 + [301] * 3


def test_covariates_and_sessions(folder):
    ds = load("gaitrec-full", data_dir=folder)
    cov = ds.covariates
    assert sorted(cov) == ["age", "body_mass", "session", "session_date", "sex", "shod_condition", "speed_code"]
    assert all(v.dtype == np.float64 and v.shape == (15,) for v in cov.values())
    # dates with and without a time, ISO and dd.mm.yyyy: days since 1970-01-01
    dates = dict(zip(cov["session"].astype(int), cov["session_date"]))
    assert dates[101] == 16206.0  # 2014-05-16
    assert dates[102] == pytest.approx(16241 + (10 * 60 + 15) / 1440)  # 2014-06-20 10:15:00
    assert dates[201] == 16206.0 and dates[202] == pytest.approx(16207 + 8 / 24)  # 16.05.2014, 17.05.2014 08:00:00
    assert cov["body_mass"][ds.person == 2].tolist() == [62.0] * 6 and set(cov["speed_code"]) == {2.0}
    # several sessions per person are reachable (a cross-session protocol needs them)
    per_person = {p: sorted(set(cov["session"][ds.person == p].astype(int))) for p in ds.persons}
    assert per_person == {1: [101, 102], 2: [201, 202], 3: [301]}
    assert ds.provenance.title.endswith("healthy controls: 3 people, 5 sessions, 15 trials")
    assert any("5 sessions; 2 of 3 people have trials in two or more sessions" in n for n in ds.provenance.notes)
    assert ds.provenance.doi == "10.1038/s41597-020-0481-z" and ds.provenance.licence == "CC BY 4.0"
    assert any(GAITREC_FULL_URL in n for n in ds.provenance.notes)


def test_classes_option(folder):
    every = load("gaitrec-full", data_dir=folder, classes="all")
    assert (every.n_trials, every.n_persons) == (21, 4) and set(every.condition) == {"healthy control", "knee"}
    assert every.provenance.title.endswith("all classes: 4 people, 7 sessions, 21 trials")
    knee = load("gaitrec-full", data_dir=folder, classes=["K"])
    assert knee.persons.tolist() == [4] and knee.n_trials == 6
    assert load("gaitrec-full", data_dir=folder, classes="knee").n_trials == 6  # the class in words
    assert load("gaitrec-full", data_dir=folder, classes=["HC", "K"]).n_trials == 21
    _one_line_error(r"no session of class H has trials; the classes present: HC, K", data_dir=folder, classes="H")
    _one_line_error("option classes must be", data_dir=folder, classes=3)


def test_centre_of_pressure_option(folder):
    ds = load("gaitrec-full", data_dir=folder, cop=True)
    assert ds.n_channels == 10 and ds.channels[:6] == GRF_CHANNELS
    assert ds.channels[6:] == ("left COP fore-aft", "left COP medial-lateral", "right COP fore-aft",
                               "right COP medial-lateral")
    assert ds.X[0, 9, 0] == pytest.approx(first_value((1, 101, 1), 9))
    assert [f.name for f in ds.provenance.files] == list(GAITREC_FULL_FILES)
    _one_line_error("option cop must be true or false", data_dir=folder, cop="yes")
    _one_line_error("gaitrec-full: unknown option", data_dir=folder, colour="red")


def test_files_for_is_what_the_loader_reads(folder, monkeypatch):
    files = CARDS["gaitrec-full"].files_for(folder)
    assert [p.name for p in files] == list(GAITREC_FULL_FILES)
    opened, real_open = [], builtins.open

    def recording_open(target, *args, **kwargs):
        if isinstance(target, (str, os.PathLike)):
            opened.append(Path(target).resolve())
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    ds = load("gaitrec-full", data_dir=folder, cop=True)
    monkeypatch.setattr(builtins, "open", real_open)
    assert {p for p in opened if p.suffix == ".csv"} == {p.resolve() for p in files}
    assert [f.name for f in ds.provenance.files] == [p.name for p in files]
    assert [f.sha256 for f in ds.provenance.files] == [sha256sum(p) for p in files]
    assert available("gaitrec-full", folder) == ("yes", f"11 of 11 files in {folder}")


def test_each_database_in_its_own_sub_folder(tmp_path):
    """GaitRec's and Gutenberg's files share their names: sub-folders named after the cards keep them apart."""
    write_gaitrec(tmp_path / "gaitrec-full")
    write_gutenberg(tmp_path / "gutenberg")
    assert load("gaitrec-full", data_dir=tmp_path).n_trials == 15
    assert load("gutenberg", data_dir=tmp_path).n_trials == 12


# ---------------------------------------------------------------- the awkward parts of real exports
@pytest.mark.parametrize("unknown", ["NaN", ""])
def test_an_unknown_age_leaves_the_covariate_out(folder, unknown):
    set_cell(folder / "GRF_metadata.csv", (2, 201), "AGE", unknown)
    ds = load("gaitrec-full", data_dir=folder)
    assert ds.n_trials == 15 and "age" not in ds.covariates and "body_mass" in ds.covariates
    assert "covariate age left out: unknown for 3 of 15 trials (1 session(s))" in ds.provenance.notes
    # the patients' sessions are not kept, so their unknown age does not matter
    set_cell(folder / "GRF_metadata.csv", (2, 201), "AGE", "31")
    set_cell(folder / "GRF_metadata.csv", (4, 401), "AGE", unknown)
    assert "age" in load("gaitrec-full", data_dir=folder).covariates


def test_an_unknown_date_and_a_bad_one(folder):
    set_cell(folder / "GRF_metadata.csv", (3, 301), "SESSION_DATE", "NaN")
    ds = load("gaitrec-full", data_dir=folder)
    assert "session_date" not in ds.covariates and "session" in ds.covariates
    # a cell that is neither known nor unknown: the covariate is left out, the note names the row (not worth
    # refusing the data for)
    set_cell(folder / "GRF_metadata.csv", (3, 301), "SESSION_DATE", "May 2014")
    set_cell(folder / "GRF_metadata.csv", (4, 402), "AGE", "thirty")
    ds = load("gaitrec-full", data_dir=folder)
    assert not {"session_date", "age"} & set(ds.covariates) and "sex" in ds.covariates
    assert ("covariate session_date left out: GRF_metadata.csv: row 5: SESSION_DATE is 'May 2014', not a date "
            "(2014-05-16 or 16.05.2014, with or without a time)") in ds.provenance.notes
    assert ("covariate age left out: GRF_metadata.csv: row 7: AGE is 'thirty', not a number; leave it empty (or NaN) "
            "where unknown") in ds.provenance.notes


def test_a_trial_one_foot_lacks_is_dropped(folder):
    drop_rows(folder / "GRF_F_V_PRO_right.csv", 1, 102, 2)
    ds = load("gaitrec-full", data_dir=folder)
    assert ds.n_trials == 14 and ds.trials_per_person()[1] == 5
    assert ("1 trial(s) dropped: missing from one or more curve files (first: SUBJECT_ID 1, SESSION_ID 102, "
            "TRIAL_ID 2, not in GRF_F_V_PRO_right.csv)") in ds.provenance.notes
    kept = (ds.person == 1) & (ds.covariates["session"] == 102)
    assert ds.X[kept, 5, 0] == pytest.approx([first_value((1, 102, t), 5) for t in (1, 3)])


def test_trials_without_metadata_are_dropped(folder):
    for channel, name in enumerate(FORCE_FILES):  # a person the metadata does not know
        line = row_of(folder / name, 1, 101, 1).split(",")
        append_row(folder / name, ",".join(["9", "901", "1", *line[3:]]))
    drop_rows(folder / "GRF_metadata.csv", 3, 301)  # and a session removed from the metadata
    ds = load("gaitrec-full", data_dir=folder)
    assert ds.persons.tolist() == [1, 2] and ds.n_trials == 12
    assert ("4 trial(s) dropped: their session is not in GRF_metadata.csv (first: SUBJECT_ID 3, SESSION_ID 301)"
            in ds.provenance.notes)


def test_a_session_without_trials_is_noted(folder):
    drop_rows(folder / "GRF_F_AP_PRO_left.csv", 3, 301)
    ds = load("gaitrec-full", data_dir=folder)
    assert ds.persons.tolist() == [1, 2]
    assert "1 session(s) of GRF_metadata.csv have no trial in the curve files" in ds.provenance.notes


def test_duplicated_rows_are_refused(folder):
    path = folder / "GRF_F_ML_PRO_left.csv"
    append_row(path, row_of(path, 2, 201, 3))
    _one_line_error(r"GRF_F_ML_PRO_left.csv: row 22 repeats the trial SUBJECT_ID 2, SESSION_ID 201, TRIAL_ID 3 of row "
                    r"9; each trial must appear once", data_dir=folder)
    write_gaitrec(folder)
    append_row(folder / "GRF_metadata.csv", row_of(folder / "GRF_metadata.csv", 1, 102))
    _one_line_error(r"GRF_metadata.csv: row 8 repeats the session SUBJECT_ID 1, SESSION_ID 102 of row 2",
                    data_dir=folder)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("change, message", [
    (lambda cells: cells[:-1], r"has 100 values, expected 101"),
    (lambda cells: cells + ["0.5"], r"has 102 values, expected 101"),
    (lambda cells: cells[:50] + [""] + cells[51:], r"F_V_PRO_48 is empty"),
    (lambda cells: cells[:50] + ["n/a"] + cells[51:], r"F_V_PRO_48 is 'n/a'"),
    (lambda cells: ["1.5"] + cells[1:], r"SUBJECT_ID is '1.5', not a whole number"),
])
def test_a_faulty_row_is_refused_naming_file_and_row(folder, where, change, message):
    path = folder / "GRF_F_V_PRO_left.csv"
    lines = path.read_text().splitlines()
    i = {"first": 1, "middle": 8, "last": len(lines) - 1}[where]
    lines[i] = ",".join(change(lines[i].split(",")))
    path.write_text("\n".join(lines) + "\n")
    text = _one_line_error(rf"GRF_F_V_PRO_left.csv: row {i} \(line {i + 1}.*{message}", data_dir=folder)
    assert text.startswith("GRF_F_V_PRO_left.csv: row")


@pytest.mark.parametrize("change, cells", [(lambda line: line + ",1", 21), (lambda line: line.rsplit(",", 3)[0], 17)])
def test_a_metadata_row_with_more_or_fewer_cells_is_refused(folder, change, cells):
    path = folder / "GRF_metadata.csv"
    lines = path.read_text().splitlines()
    lines[3] = change(lines[3])
    path.write_text("\n".join(lines) + "\n")
    _one_line_error(rf"GRF_metadata.csv: row 3 \(line 4\) has {cells} cells, the header 20", data_dir=folder)


def test_a_wrong_header_is_refused(folder, tmp_path):
    path = folder / "GRF_F_AP_PRO_right.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([",".join(lines[0].split(",")[:-1])] + lines[1:]) + "\n")
    _one_line_error(r"GRF_F_AP_PRO_right.csv: the header has 100 value columns, expected 101", data_dir=folder)
    path.write_text("\n".join([lines[0].replace("F_AP_PRO_7,", "F_AP_RAW_7,")] + lines[1:]) + "\n")
    _one_line_error(r"names column 10 'F_AP_RAW_7', expected 'F_AP_PRO_7'", data_dir=folder)
    # the Gutenberg files given for GaitRec: the message says which is which
    _one_line_error(r"GRF_metadata.csv: has a column DATASET_ID; .*-p dataset gutenberg",
                    data_dir=write_gutenberg(tmp_path / "gutenberg"))


def test_a_comma_ending_every_line_is_read(folder):
    for name in FORCE_FILES:
        path = folder / name
        path.write_text("".join(line + ",\n" for line in path.read_text().splitlines()))
    assert load("gaitrec-full", data_dir=folder).n_trials == 15


def test_a_missing_file_names_the_file_and_the_folder(folder, tmp_path):
    (folder / "GRF_F_V_PRO_left.csv").unlink()
    _one_line_error(rf"GRF_F_V_PRO_left.csv: not found in {re.escape(str(folder))} \(the data directory holding "
                    "GRF_metadata.csv\\)", data_dir=folder)
    (folder / "GRF_COP_AP_PRO_left.csv").unlink()  # read only with cop=True
    write_gaitrec(folder)
    (folder / "GRF_COP_AP_PRO_left.csv").unlink()
    assert load("gaitrec-full", data_dir=folder).n_channels == 6
    _one_line_error("GRF_COP_AP_PRO_left.csv: not found in", data_dir=folder, cop=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    text = _one_line_error(rf"gaitrec-full: GRF_metadata.csv not found in {re.escape(str(empty))}", data_dir=empty)
    assert GAITREC_FULL_URL in text and "does not download" in text


def test_the_reader_takes_a_folder(folder):
    ds = load_gaitrec_full(folder, classes="all")
    assert ds.n_trials == 21 and ds.provenance.name == "gaitrec-full"
    with pytest.raises(DataError, match=r"GRF_metadata.csv: not among the files"):
        load_gaitrec_full([folder / FORCE_FILES[0]])
    assert len(gaitrec_sessions()) == 7


# ---------------------------------------------------------------- the command line
def test_movesig_info_describes_it(folder, capsys):
    assert main(["info", "gaitrec-full", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "healthy controls: 3 people, 5 sessions, 15 trials" in out
    assert re.search(r"n_trials: 15\n n_persons: 3\nn_channels: 6\n   n_times: 101", out)
    assert "conditions: healthy control" in out and "channels: left fore-aft" in out
    assert main(["info", "gaitrec-full", "--data-dir", str(folder), "--option", "classes", "all", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["n_trials"], info["n_persons"]) == (21, 4)
    assert info["covariates"] == ["age", "body_mass", "session", "session_date", "sex", "shod_condition", "speed_code"]
    assert info["conditions"] == ["healthy control", "knee"]


def test_a_data_error_exits_2_with_one_line(folder, tmp_path, capsys):
    assert main(["info", "gaitrec-full", "--data-dir", str(tmp_path / "empty")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "GRF_metadata.csv not found" in err
    append_row(folder / "GRF_F_V_PRO_left.csv", "1,101,9,0.5")
    assert main(["info", "gaitrec-full", "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("movesig: error: GRF_F_V_PRO_left.csv: row 22 (line 23, SUBJECT_ID 1, SESSION_ID 101, "
                           "TRIAL_ID 9) has 1 value, expected 101; every row needs SUBJECT_ID, SESSION_ID, TRIAL_ID "
                           "and 101 values")

"""The Gutenberg Gait Database as published on figshare, read through its card from small files in its layout."""

import builtins
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from movesig.cli import main
from movesig.data import CARDS, DataError, load
from movesig.data.cards import GUTENBERG_URL
from movesig.data.formats.gaitrec_full import GRF_CHANNELS
from movesig.data.formats.gutenberg import GUTENBERG_FILES, person_id

from tests.data.gaitrec_layout import (
    CURVES,
    append_row,
    drop_rows,
    first_value,
    gutenberg_sessions,
    row_of,
    set_cell,
    speed_of,
    write_gaitrec,
    write_gutenberg,
)


@pytest.fixture
def folder(tmp_path):
    return write_gutenberg(tmp_path / "gutenberg")


def _one_line_error(match, *args, **kwargs) -> str:
    with pytest.raises(DataError, match=match) as info:
        load("gutenberg", *args, **kwargs)
    assert "\n" not in str(info.value)
    return str(info.value)


# ---------------------------------------------------------------- what a load gives
def test_people_are_data_set_and_subject(folder):
    ds = load("gutenberg", data_dir=folder)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (12, 3, 6, 101)
    assert ds.persons.tolist() == ["1-1", "1-2", "2-1"] and person_id(2, 1) == "2-1"
    assert ds.trials_per_person() == {"1-1": 6, "1-2": 3, "2-1": 3}
    assert ds.channels == GRF_CHANNELS and set(ds.condition) == {"healthy control"}
    assert (ds.time_axis, ds.units) == ("% of stance", "body weight")
    dataset, session = ds.covariates["dataset"].astype(int), ds.covariates["session"].astype(int)
    trial = np.tile([1, 2, 3], 4)
    subject = [int(p.split("-")[1]) for p in ds.person]
    for i in range(ds.n_trials):
        for c in range(6):
            expected = first_value((dataset[i], subject[i], session[i], trial[i]), c)
            assert ds.X[i, c, 0] == pytest.approx(expected, abs=1e-9)
    assert ds.provenance.title.endswith("as published, bilateral ground reaction forces in multiples of body weight: "
                                        "3 people, 4 sessions, 12 trials")
    assert ds.provenance.doi == "10.1038/s41597-021-01014-6" and any(GUTENBERG_URL in n for n in ds.provenance.notes)


def test_covariates_speed_and_sessions(folder):
    ds = load("gutenberg", data_dir=folder)
    cov = ds.covariates
    assert sorted(cov) == ["age", "body_mass", "dataset", "session", "session_date", "sex", "shod_condition", "speed",
                           "speed_code"]
    ids = zip(cov["dataset"].astype(int), [int(p.split("-")[1]) for p in ds.person], cov["session"].astype(int),
              np.tile([1, 2, 3], 4))
    np.testing.assert_allclose(cov["speed"], [speed_of(i) for i in ids])
    # dates with times: 03.11.2017 10:15:00, and an ISO date with a time
    assert cov["session_date"][0] == pytest.approx(17473 + (10 * 60 + 15) / 1440)
    assert cov["session_date"][-1] == pytest.approx(17928 + 14.5 / 24)
    assert sorted(set(cov["session"][ds.person == "1-1"].astype(int))) == [1, 2]
    assert any("4 sessions; 1 of 3 people have trials in two or more sessions" in n for n in ds.provenance.notes)
    assert "covariate speed: column WALKING_SPEED of GRF_walking_speed.csv (m/s)" in ds.provenance.notes


def test_the_speed_column_is_the_last_whatever_its_name(folder):
    path = folder / "GRF_walking_speed.csv"
    path.write_text(path.read_text().replace("WALKING_SPEED", "SPEED_M_PER_S"))
    ds = load("gutenberg", data_dir=folder)
    assert "speed" in ds.covariates and any("column SPEED_M_PER_S" in n for n in ds.provenance.notes)


def test_a_speed_unknown_or_absent(folder):
    set_cell(folder / "GRF_walking_speed.csv", (1, 2, 1, 2), "WALKING_SPEED", "NaN")
    ds = load("gutenberg", data_dir=folder)
    assert ds.n_trials == 12 and "speed" not in ds.covariates
    assert "covariate speed left out: unknown for 1 of 12 trials (1 session(s))" in ds.provenance.notes
    set_cell(folder / "GRF_walking_speed.csv", (1, 2, 1, 2), "WALKING_SPEED", "fast")
    ds = load("gutenberg", data_dir=folder)
    assert "speed" not in ds.covariates and ("covariate speed left out: GRF_walking_speed.csv: row 8: WALKING_SPEED "
                                             "is 'fast', not a number; leave it empty (or NaN) where unknown"
                                             in ds.provenance.notes)
    drop_rows(folder / "GRF_walking_speed.csv", 1, 2, 1, 2)
    assert "speed" not in load("gutenberg", data_dir=folder).covariates
    (folder / "GRF_walking_speed.csv").unlink()
    ds = load("gutenberg", data_dir=folder)
    assert "speed" not in ds.covariates and "GRF_walking_speed.csv not found beside GRF_metadata.csv: no covariate " \
        "speed" in ds.provenance.notes
    assert [f.name for f in ds.provenance.files] == list(GUTENBERG_FILES[:7])


def test_centre_of_pressure_and_the_files_read(folder, monkeypatch):
    files = CARDS["gutenberg"].files_for(folder)
    assert [p.name for p in files] == list(GUTENBERG_FILES)
    opened, real_open = [], builtins.open

    def recording_open(target, *args, **kwargs):
        if isinstance(target, (str, os.PathLike)):
            opened.append(Path(target).resolve())
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    ds = load("gutenberg", data_dir=folder, cop=True)
    monkeypatch.setattr(builtins, "open", real_open)
    assert ds.n_channels == 10 and ds.channels[6] == "left COP fore-aft"
    assert {p for p in opened if p.suffix == ".csv"} == {p.resolve() for p in files}
    assert [f.name for f in ds.provenance.files] == [p.name for p in files]
    _one_line_error("gutenberg: unknown option", data_dir=folder, classes="all")


# ---------------------------------------------------------------- the awkward parts of real exports
def test_an_unknown_age_and_a_class_column(folder):
    set_cell(folder / "GRF_metadata.csv", (1, 2, 1), "AGE", "")
    ds = load("gutenberg", data_dir=folder)
    assert "age" not in ds.covariates and "covariate age left out: unknown for 3 of 12 trials (1 session(s))" in \
        ds.provenance.notes
    write_gutenberg(folder, gutenberg_sessions())
    path = folder / "GRF_metadata.csv"  # a class column, where a release has one: the class in words
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",CLASS_LABEL", *(line + ",HC" for line in lines[1:-1]),
                               lines[-1] + ",NaN"]) + "\n")
    ds = load("gutenberg", data_dir=folder)
    assert ds.condition.tolist() == ["healthy control"] * 9 + ["unknown"] * 3 and "age" in ds.covariates


def test_a_trial_one_foot_lacks_and_trials_without_metadata_are_dropped(folder):
    drop_rows(folder / "GRF_F_ML_PRO_left.csv", 2, 1, 1, 3)
    for name, _, _ in CURVES[:6]:
        line = row_of(folder / name, 1, 1, 1, 1).split(",")
        append_row(folder / name, ",".join(["3", "1", "1", "1", *line[4:]]))
    ds = load("gutenberg", data_dir=folder)
    assert ds.n_trials == 11 and ds.persons.tolist() == ["1-1", "1-2", "2-1"]
    assert ("1 trial(s) dropped: missing from one or more curve files (first: DATASET_ID 2, SUBJECT_ID 1, "
            "SESSION_ID 1, TRIAL_ID 3, not in GRF_F_ML_PRO_left.csv)") in ds.provenance.notes
    assert ("1 trial(s) dropped: their session is not in GRF_metadata.csv (first: DATASET_ID 3, SUBJECT_ID 1, "
            "SESSION_ID 1)") in ds.provenance.notes


def test_duplicated_rows_are_refused(folder):
    path = folder / "GRF_F_V_PRO_right.csv"
    append_row(path, row_of(path, 1, 2, 1, 1))
    _one_line_error(r"GRF_F_V_PRO_right.csv: row 13 repeats the trial DATASET_ID 1, SUBJECT_ID 2, SESSION_ID 1, "
                    r"TRIAL_ID 1 of row 7", data_dir=folder)
    write_gutenberg(folder)
    append_row(folder / "GRF_walking_speed.csv", row_of(folder / "GRF_walking_speed.csv", 2, 1, 1, 2))
    _one_line_error(r"GRF_walking_speed.csv: row 13 repeats the trial DATASET_ID 2, SUBJECT_ID 1, SESSION_ID 1, "
                    r"TRIAL_ID 2 of row 11", data_dir=folder)
    write_gutenberg(folder)
    append_row(folder / "GRF_metadata.csv", row_of(folder / "GRF_metadata.csv", 1, 1, 2))
    _one_line_error(r"GRF_metadata.csv: row 5 repeats the session DATASET_ID 1, SUBJECT_ID 1, SESSION_ID 2 of row 2",
                    data_dir=folder)


def test_a_row_with_the_wrong_number_of_values_is_refused(folder):
    path = folder / "GRF_F_AP_PRO_right.csv"
    lines = path.read_text().splitlines()
    lines[4] = ",".join(lines[4].split(",")[:-2])
    path.write_text("\n".join(lines) + "\n")
    _one_line_error(r"GRF_F_AP_PRO_right.csv: row 4 \(line 5, DATASET_ID 1, SUBJECT_ID 1, SESSION_ID 2, TRIAL_ID 1\) "
                    r"has 99 values, expected 101", data_dir=folder)


def test_missing_files_and_gaitrec_files(folder, tmp_path):
    (folder / "GRF_F_V_PRO_right.csv").unlink()
    _one_line_error(rf"GRF_F_V_PRO_right.csv: not found in {re.escape(str(folder))}", data_dir=folder)
    text = _one_line_error(r"gutenberg: GRF_metadata.csv not found in", data_dir=tmp_path / "none")
    assert GUTENBERG_URL in text
    _one_line_error(r"GRF_metadata.csv: no column DATASET_ID .*dataset gaitrec-full",
                    data_dir=write_gaitrec(tmp_path / "gaitrec"))


# ---------------------------------------------------------------- the command line
def test_movesig_info_describes_it(folder, capsys):
    assert main(["info", "gutenberg", "--data-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "3 people, 4 sessions, 12 trials" in out and re.search(r"n_trials: 12\n n_persons: 3\n", out)
    assert main(["info", "gutenberg", "--data-dir", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert "speed" in info["covariates"] and "session" in info["covariates"]
    assert info["provenance"]["files"][-1]["name"] == "GRF_walking_speed.csv"

"""The study's own seven files, written small in their exact layout, run through the chapters."""

import json

import numpy as np
import pytest
import scipy.io

from conftest import matlab_cell

from movesig.book import run_chapter
from movesig.data import load, make_emg
from movesig.data.catalog import AELES_STUDY_FILES
from movesig.data.loaders import aeles_task_condition

N_COLUMNS = 8  # one-hot columns (78 in the study); persons 6 and 7 never appear


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("study")
    ds, _ = make_emg(n_persons=6, conditions="all", seed=7)
    for name in AELES_STUDY_FILES:
        task, condition = aeles_task_condition(name)
        sub = ds.select(task=task, condition=condition)
        if "Robustness" in name:  # robustness files lack some participants: their columns stay empty
            sub = sub.subset(sub.person != 5)
        onehot = np.zeros((sub.n_trials, N_COLUMNS), dtype=np.uint8)
        onehot[np.arange(sub.n_trials), sub.person] = 1
        scipy.io.savemat(folder / name, {"Feature": sub.X, "Feature_EMG_Label": matlab_cell(list(sub.channels)),
                                         "Target_Subject": onehot})
    return folder


def test_the_seven_files_load_as_one_study(study_dir):
    ds = load("aeles-2021", data_dir=study_dir)
    assert len(ds.provenance.files) == 7 and ds.X.shape[1:] == (8, 200)
    assert set(ds.condition[ds.task == "walking"]) == {"day1", "day2"}
    assert set(ds.condition[ds.task == "pedalling"]) == {"150W-day1", "150W-day2", "80W-day1", "10perc-day1",
                                                          "15perc-day1"}
    assert 5 not in set(ds.person[ds.condition == "day2"]) and 5 in set(ds.person[ds.condition == "day1"])


@pytest.mark.book
def test_chapters_run_on_the_study_files(study_dir, tmp_path):
    run = run_chapter("emg_signatures", {"dataset": "aeles-2021", "C_grid": [0.01], "n_jobs": 1},
                      data_dir=study_dir, out=tmp_path)
    res = json.loads((run / "results.json").read_text())
    assert res["data"]["name"] == "aeles-2021" and len(res["data"]["files"]) == 7
    assert set(res["signatures"]) == {"walking", "pedalling"}
    assert res["recovery"] == {}  # no ground truth for measured files
    run = run_chapter("emg_stability", {"dataset": "aeles-2021", "n_jobs": 1}, data_dir=study_dir, out=tmp_path)
    comparisons = json.loads((run / "results.json").read_text())["comparisons"]
    assert len(comparisons) == 6  # walking day 2; pedalling day 2, 80 W, 10 %, 15 %; walking vs pedalling
    assert comparisons["walking: day1 vs day2"]["n"] == 5  # person 5 is absent on day 2

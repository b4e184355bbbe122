"""Choosing trials: the baseline of each task, and a named set of conditions."""

import numpy as np
import pytest
from movesig.data import (
    BASELINE_CONDITIONS,
    DataError,
    Dataset,
    Provenance,
    baseline_trials,
    make_emg,
)
from movesig.data.selection import keep_conditions


@pytest.fixture(scope="module")
def emg():
    return make_emg(n_persons=3, n_cycles=2, n_times=20, conditions="all")[0]


def test_baseline_trials_of_one_task_and_of_every_task(emg):
    walking = baseline_trials(emg, "walking")
    assert set(walking.task) == {"walking"} and set(walking.condition) == {"day1"}
    assert np.array_equal(walking.X, emg.select("walking", "day1").X)
    both = baseline_trials(emg)
    assert both.n_trials == 2 * walking.n_trials and both.provenance == emg.provenance
    assert list(both.condition) == ["150W-day1"] * 6 + ["day1"] * 6  # tasks in sorted order
    assert BASELINE_CONDITIONS[:2] == ("day1", "150W-day1")


def test_baseline_trials_of_a_single_condition_file():
    ds = Dataset(X=np.ones((4, 1, 3)), person=[0, 0, 1, 1], channels=("a",), task="pedalling",
                 condition="baseline", provenance=Provenance("x", "x"))
    assert baseline_trials(ds).n_trials == 4


def test_baseline_trials_without_a_baseline(emg):
    later = emg.select(task="walking", condition="day2")
    with pytest.raises(DataError, match=r"synthetic-emg: no baseline condition for task 'walking': its conditions "
                                        r"are 'day2'; name the baseline trials' condition 'day1'"):
        baseline_trials(later, "walking")


def test_a_file_that_names_no_condition_is_one_session_all_baseline():
    ds = Dataset(X=np.ones((4, 1, 3)), person=[0, 0, 1, 1], channels=("a",), provenance=Provenance("x", "x"))
    assert set(ds.condition) == {""} and baseline_trials(ds).n_trials == 4


def test_keep_conditions(emg):
    assert keep_conditions(emg, "all") is emg and keep_conditions(emg, None) is emg
    kept = keep_conditions(emg, ["day2", "80W-day1"])
    assert set(kept.condition) == {"day2", "80W-day1"} and kept.n_trials == 2 * 3 * 2
    assert keep_conditions(emg, "day1").n_trials == 6
    with pytest.raises(DataError, match=r"no condition\(s\) day3; present: "):
        keep_conditions(emg, ["day1", "day3"])

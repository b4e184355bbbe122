"""The synthetic generators: shapes, determinism, planted features, conditions."""

import numpy as np
import pytest
from movesig.data import DataError, make_emg, make_gait
from movesig.data.synthetic import EMG_CONDITIONS


def test_gait_has_the_papers_shape_and_is_deterministic():
    ds, truth = make_gait(seed=3)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (1142, 57, 6, 101)
    assert ds.provenance.synthetic and truth.mask().shape == (57, 6, 101)
    again, _ = make_gait(seed=3)
    other, _ = make_gait(seed=4)
    assert np.array_equal(ds.X, again.X) and not np.allclose(ds.X, other.X)


def test_gait_vertical_force_is_a_double_hump():
    ds, _ = make_gait(n_persons=5)
    vertical = ds.X[:, 2].mean(axis=0)
    first, second = vertical[:50].argmax(), 50 + vertical[50:].argmax()
    assert 15 <= first <= 35 and 65 <= second <= 85
    assert vertical[50] < 0.9 * min(vertical[first], vertical[second])
    assert abs(vertical[0]) < 0.1 and abs(vertical[-1]) < 0.1


@pytest.mark.parametrize("calibration", [None, "gaitrec-healthy"])
def test_gait_planted_features_stand_out_where_planted(calibration):
    ds, truth = make_gait(n_persons=20, seed=1, calibration=calibration, effect_size=3.0)
    grand = ds.X.mean(axis=0)
    scale = ds.X.std(axis=(0, 2))[:, None]
    inside, outside = [], []
    for p in range(20):
        deviation = np.abs(ds.X[ds.person == p].mean(axis=0) - grand) / scale
        inside.append(deviation[truth.mask()[p]].mean())
        outside.append(deviation[~truth.mask()[p]].mean())
    # a person's mean departs from everyone's far more inside their planted regions
    assert np.mean(inside) > 2 * np.mean(outside)


def test_emg_shape_normalisation_and_conditions():
    ds, truth = make_emg(n_persons=6, conditions="all", seed=2)
    n_conditions = sum(len(c) for c in EMG_CONDITIONS.values())
    assert ds.X.shape == (6 * 30 * n_conditions, 8, 200)
    np.testing.assert_allclose(ds.X.max(axis=2), 1.0)
    assert ds.X.min() >= 0  # envelopes
    assert set(truth.masks) == {"walking", "pedalling"} and truth.mask("walking").shape == (6, 8, 200)
    assert set(ds.condition[ds.task == "pedalling"]) == set(EMG_CONDITIONS["pedalling"])
    # asking for more conditions leaves the baseline cycles unchanged
    base, _ = make_emg(n_persons=6, seed=2)
    for task, cond in (("walking", "day1"), ("pedalling", "150W-day1")):
        assert np.array_equal(ds.select(task, cond).X, base.select(task, cond).X)


def test_emg_drift_is_controlled():
    ds, _ = make_emg(n_persons=10, tasks=("pedalling",), conditions="all", seed=0)

    def person_means(cond):
        sub = ds.select(condition=cond)
        return np.stack([sub.X[sub.person == p].mean(axis=0) for p in range(10)])

    base = person_means("150W-day1")
    distance = {c: np.abs(person_means(c) - base).mean() for c in ("150W-day2", "80W-day1")}
    assert distance["150W-day2"] < distance["80W-day1"]  # drift 0.35 < 0.6


def test_emg_bad_arguments():
    with pytest.raises(DataError, match="unknown task"):
        make_emg(tasks=("running",))
    with pytest.raises(DataError, match="unknown walking condition"):
        make_emg(tasks=("walking",), conditions={"walking": ("80W-day1",)})

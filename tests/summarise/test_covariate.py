"""Removing a covariate's trend, fitted on training trials only."""

import numpy as np
import pytest
from movesig.summarise import remove_trend


def test_a_shared_speed_trend_is_removed_and_the_test_trials_never_enter_the_fit():
    rng = np.random.default_rng(0)
    speed = rng.uniform(1.0, 2.0, 60)
    level = rng.normal(size=(2, 5))
    X = level + 3.0 * speed[:, None, None] + 0.1 * rng.normal(size=(60, 2, 5))
    train, test = speed < 1.7, speed >= 1.7  # held-out fast trials, beyond the training range
    a, b = remove_trend(X[train], speed[train], X[test], speed[test])
    assert a.shape == X[train].shape and b.shape == X[test].shape
    for adjusted in (a, b):  # no trend left, on either side
        slope = np.polyfit(np.r_[speed[train], speed[test]], np.r_[a, b][:, 0, 0], 1)[0]
        assert abs(slope) < 0.2
    # the level at the training mean speed is kept
    np.testing.assert_allclose(a.mean(axis=0), X[train].mean(axis=0))
    # changing the test trials changes nothing of the fit
    a2, _ = remove_trend(X[train], speed[train], X[test] + 100, speed[test] * 0)
    np.testing.assert_array_equal(a, a2)
    with pytest.raises(ValueError, match="does not vary"):
        remove_trend(X[:5], np.ones(5), X[5:], speed[5:])

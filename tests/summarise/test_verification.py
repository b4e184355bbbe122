"""Biometric error rates from identification scores, people as the unit, and the capacity fit."""

import numpy as np
import pytest
from movesig.summarise import (
    error_rates,
    genuine_impostor,
    loglinear_fit,
    open_set,
    open_set_curve,
    person_weights,
)


def test_genuine_and_impostor_scores_are_split_by_each_trials_own_column():
    scores = np.array([[3.0, 1.0, 0.0], [0.5, 2.0, 0.1], [0.2, 0.3, 4.0], [1.0, 5.0, 0.0]])
    genuine, impostor = genuine_impostor(scores, np.array(["a", "b", "c"]), np.array(["a", "b", "c", "b"]))
    assert genuine.tolist() == [3.0, 2.0, 4.0, 5.0]
    assert impostor.tolist() == [[1.0, 0.0], [0.5, 0.1], [0.2, 0.3], [1.0, 0.0]]
    with pytest.raises(ValueError, match="enrolled"):
        genuine_impostor(scores, np.array(["a", "b", "c"]), np.array(["a", "b", "z", "b"]))


def test_the_equal_error_rate_is_zero_when_scores_separate_and_a_half_when_they_do_not():
    rng = np.random.default_rng(0)
    apart = error_rates(rng.normal(5, 0.1, 200), rng.normal(0, 0.1, (200, 9)))
    assert apart.equal_error_rate()[0] == pytest.approx(0, abs=0.01)
    assert apart.fnmr_at(0.01)[0] == 0
    alike = error_rates(rng.normal(0, 1, 2000), rng.normal(0, 1, (2000, 9)))
    assert alike.equal_error_rate()[0] == pytest.approx(0.5, abs=0.05)
    assert alike.fnmr_at(0.01)[0] > 0.9  # at 1 % false matches, almost every genuine trial is rejected


def test_person_weights_resample_people_not_trials():
    person = np.array(["a", "a", "a", "b", "c", "c"])
    w = person_weights(person, 50, seed=1)
    assert w.shape == (51, 6) and (w[0] == 1).all()
    assert (w[:, 0] == w[:, 1]).all() and (w[:, 1] == w[:, 2]).all() and (w[:, 4] == w[:, 5]).all()
    assert (np.array([w[:, 0], w[:, 3], w[:, 4]]).sum(axis=0) == 3).all()  # three people drawn each time


def test_open_set_sets_the_threshold_on_strangers_and_counts_only_correct_detections():
    strangers = np.arange(100, dtype=float)  # scores 0..99: 1 % above 98
    enrolled = np.array([99.5, 99.5, 50.0, 120.0])
    correct = np.array([True, False, True, True])
    rate, threshold = open_set(enrolled, correct, strangers, far=0.01)
    assert 98 < threshold[0] <= 99  # one stranger of 100 (score 99) accepted
    assert rate[0] == pytest.approx(2 / 4)  # 99.5 (correct) and 120: detected and identified; 99.5 wrong; 50 missed
    far, dir_ = open_set_curve(enrolled, correct, strangers)
    assert far[0] == 0 and far[-1] == 1 and np.all(np.diff(far) >= 0) and np.all(np.diff(dir_) >= 0)
    assert dir_[-1] == pytest.approx(3 / 4)


def test_the_log_linear_fit_recovers_a_line_and_says_when_there_is_no_trend():
    rng = np.random.default_rng(0)
    sizes = [10, 10, 40, 40, 160, 160]
    line = [np.clip(0.99 - 0.01 * np.log2(s / 10) + rng.normal(0, 0.001, 40), 0, 1) for s in sizes]
    fit = loglinear_fit(sizes, line, [640], n_boot=300, seed=0)
    assert fit.per_doubling[0] == pytest.approx(-0.01, abs=0.002) and fit.per_doubling[2] < 0
    assert fit.predicted[640][0] == pytest.approx(0.99 - 0.01 * 6, abs=0.01)
    flat = [rng.uniform(0.9, 1.0, 40) for _ in sizes]
    fit = loglinear_fit(sizes, flat, [640], n_boot=300, seed=0)
    assert fit.per_doubling[1] < 0 < fit.per_doubling[2]
    with pytest.raises(ValueError, match="two sizes"):
        loglinear_fit([10, 10], flat[:2], [640])

"""Correlation of maps: Pearson r row by row, Fisher's z and its mean, per person, and by training-set size."""

import numpy as np
import pytest
from movesig.summarise import (
    correlation_by_size,
    fisher_z,
    fisher_z_mean,
    mean_r,
    pearson_rows,
    per_person_correlation,
    within_person_consistency,
)


def test_pearson_rows():
    x = np.random.default_rng(1).normal(size=(3, 50))
    assert np.allclose(pearson_rows(x, 2 * x + 1), 1.0) and np.allclose(pearson_rows(x, -x), -1.0)
    assert np.allclose(pearson_rows(x[:1], x[1:2]), np.corrcoef(x[0], x[1])[0, 1])
    assert np.isnan(pearson_rows(np.ones((1, 5)), x[:1, :5])[0])  # a constant map has no correlation


def test_fisher_z_mean_and_ci():
    fm = fisher_z_mean([0.5, 0.6, 0.7, 0.8])
    assert fm.low < fm.r < fm.high and fm.n == 4
    assert fm.r == pytest.approx(np.tanh(np.arctanh([0.5, 0.6, 0.7, 0.8]).mean()))
    with pytest.raises(ValueError):
        fisher_z_mean([np.nan])


def test_fisher_z_keeps_perfect_correlations_finite():
    np.testing.assert_allclose(fisher_z([0.0, 0.5, -0.5]), np.arctanh([0.0, 0.5, -0.5]))
    assert np.all(np.isfinite(fisher_z([1.0, -1.0])))
    assert mean_r([0.5, 0.6, 0.7, 0.8]) == pytest.approx(fisher_z_mean([0.5, 0.6, 0.7, 0.8]).r)
    assert mean_r([1.0, 1.0]) == pytest.approx(1.0, abs=1e-5)  # r clipped to 0.999999 before artanh


def test_within_person_consistency_is_leave_one_out():
    rng = np.random.default_rng(2)
    values = rng.normal(size=(6, 2, 10))
    person = np.array([0, 0, 0, 1, 1, 1])
    _, r = within_person_consistency(values, person)
    expected = []
    for p in (0, 1):
        v = values[person == p]
        rs = [np.corrcoef(v[i].ravel(), np.delete(v, i, 0).mean(0).ravel())[0, 1] for i in range(3)]
        expected.append(np.tanh(np.arctanh(rs).mean()))
    assert np.allclose(r, expected)


def test_per_person_correlation_uses_persons_in_both_sets():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(6, 2, 5)), rng.normal(size=(4, 2, 5))
    persons, r = per_person_correlation(a, np.array([1, 1, 2, 2, 3, 3]), b, np.array([3, 2, 4, 3]))
    assert list(persons) == [2, 3]
    np.testing.assert_allclose(r[1], np.corrcoef(a[4:].mean(0).ravel(), b[[0, 3]].mean(0).ravel())[0, 1])


def test_correlation_by_size():
    table = {"task": np.array(["walk"] * 4 + ["ride"] * 2), "N": np.array([2, 2, 4, 4, 2, 2]),
             "r": np.array([0.5, 0.7, 0.9, 1.0, 0.3, 0.4])}
    out = correlation_by_size(table)
    assert list(out) == ["ride", "walk"] and list(out["walk"]) == [2, 4]
    assert out["walk"][2]["r_mean"] == pytest.approx(mean_r([0.5, 0.7])) and out["walk"][2]["n"] == 2
    assert out["walk"][4]["r_min"] == 0.9 and out["ride"][2]["r_p05"] == pytest.approx(np.percentile([0.3, 0.4], 5))

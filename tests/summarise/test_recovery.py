"""Recovery of what a synthetic generator planted: precision at the planted area."""

import numpy as np
import pytest
from movesig.summarise.recovery import planted_precision


def test_planted_precision():
    rng = np.random.default_rng(0)
    mask = rng.random((20, 6, 101)) < 0.05
    mask[3] = False
    perfect, chance = planted_precision(mask.astype(float) + 0.01 * rng.random(mask.shape), mask)
    assert np.all(perfect[np.arange(20) != 3] == 1.0) and np.isnan(perfect[3])
    random, _ = planted_precision(rng.random(mask.shape), mask)
    assert abs(np.nanmean(random) - chance[np.arange(20) != 3].mean()) < 0.05
    with pytest.raises(ValueError, match="must both be"):
        planted_precision(np.zeros((2, 3, 4)), np.zeros((2, 3, 5), bool))


def test_recovery_auc_separates_a_faithful_map_from_a_random_and_an_inverted_one():
    from movesig.summarise import contrast_map, recovery_auc

    rng = np.random.default_rng(0)
    mask = np.zeros((4, 2, 50), bool)
    mask[:, 0, 10:20] = True  # 10 % of the points
    faithful = mask * 3.0 + rng.normal(scale=0.5, size=mask.shape)
    assert np.all(recovery_auc(faithful, mask) > 0.95)
    inverted = np.where(mask, 0.0, 3.0) + rng.normal(scale=0.5, size=mask.shape)
    assert np.all(recovery_auc(inverted, mask) < 0.05)
    random = np.mean(recovery_auc(rng.normal(size=(400, 2, 50)), np.broadcast_to(mask[:1], (400, 2, 50))))
    assert abs(random - 0.5) < 0.03
    assert np.all(recovery_auc(faithful, mask * 1.0 + 0.01) > 0.9)  # a continuous truth: its top 10 % of points
    assert np.isnan(recovery_auc(faithful, np.zeros_like(mask))).all()
    # the contrast map of data where each person has their own shifted region finds it
    own = np.zeros((4, 2, 50), bool)
    for k in range(4):
        own[k, 1, 10 * k:10 * k + 5] = True
    person = np.repeat(np.arange(4), 30)
    X = rng.normal(size=(120, 2, 50)) + 2.0 * own[person]
    assert np.all(recovery_auc(contrast_map(X, person), own) > 0.9)

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

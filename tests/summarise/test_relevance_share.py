"""Where relevance lies: its share per channel or time point, and per channel and region of the cycle."""

import numpy as np
import pytest
from movesig.summarise import relevance_share, relevance_share_by_region


def test_relevance_share():
    r = np.abs(np.random.default_rng(0).normal(size=(10, 3, 4)))
    share = relevance_share(r, axis=1)
    assert share.shape == (3,) and share.sum() == pytest.approx(1.0)
    signed = np.array([[[1.0, -3.0], [2.0, 0.0]]])
    np.testing.assert_allclose(relevance_share(signed, axis=1), [4 / 6, 2 / 6])
    np.testing.assert_allclose(relevance_share(signed, axis=2, positive_only=True), [1.0, 0.0])


def test_relevance_share_by_region():
    r = np.zeros((2, 2, 11))
    r[:, 0, :3] = 1.0  # channel 0 at t = 0, 10, 20
    r[:, 1, 9:] = -1.0  # channel 1, last phase (sign does not matter)
    shares = relevance_share_by_region(r, np.linspace(0, 100, 11), [0, 20, 60, 100])
    assert shares.shape == (2, 3) and shares.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(shares, [[0.4, 0.2, 0], [0, 0, 0.4]])  # t = 20 opens mid-stance
    with pytest.raises(ValueError, match="increasing"):
        relevance_share_by_region(r, np.linspace(0, 100, 11), [0, 60, 20, 100])
    with pytest.raises(ValueError, match="do not cover"):
        relevance_share_by_region(r, np.linspace(0, 100, 11), [10, 100])

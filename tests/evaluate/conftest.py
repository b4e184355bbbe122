"""Fixtures of the evaluation tests."""

import pytest
from movesig.data import make_gait


@pytest.fixture(scope="module")
def gait():
    """Small synthetic gait (6 persons × 10 trials) and its planted truth."""
    return make_gait(n_persons=6, n_trials=10, seed=2)

"""Networks of Horst et al. (2019): the architectures and their training (small runs).

Their explanations are tested in ``tests/explain/test_relevance.py``, the perturbation test on
real data in ``tests/evaluate/test_perturbation.py``.
"""

import numpy as np
import pytest
import torch
from movesig.data import make_gait
from movesig.models import ARCHITECTURES, NetworkClassifier, build_network
from movesig.splits import PersonChunkSplit


@pytest.fixture(scope="module")
def gait():
    ds, truth = make_gait(n_persons=6, n_trials=10, seed=4)
    train, val, test = next(PersonChunkSplit(5, random_state=0).split_with_validation(ds.X, ds.person))
    return ds, truth, train, val, test


@pytest.mark.parametrize("arch", ["linear", "mlp", "cnn_a", "cnn_c3"])
def test_architectures_map_trials_to_scores(arch):
    net = build_network(arch, 6, 101, 7, hidden=16)
    assert net(torch.zeros(3, 6, 101)).shape == (3, 7)


def test_every_architecture_is_tested_and_unknown_ones_are_refused():
    assert set(ARCHITECTURES) == {"linear", "mlp", "cnn_a", "cnn_c3"}
    with pytest.raises(ValueError, match="unknown architecture 'rnn'"):
        build_network("rnn", 6, 101, 7)
    with pytest.raises(ValueError, match="cnn_c3 needs at least 7 channels"):
        build_network("cnn_c3", 5, 101, 7)


def test_training_is_deterministic_and_learns(gait):
    ds, _, train, val, test = gait
    kw = {"architecture": "mlp", "hidden": 32, "iterations": 300, "check_every": 50, "random_state": 3}
    a = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    b = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    np.testing.assert_array_equal(a.decision_function(ds.X[test]), b.decision_function(ds.X[test]))
    assert np.mean(a.predict(ds.X[test]) == ds.person[test]) >= 0.8
    assert len(a.history_) == 3 * 6 and min(h[2] for h in a.history_) < a.history_[0][2]

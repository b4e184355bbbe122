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


@pytest.mark.parametrize("arch", ["mlp", "cnn_a", "cnn_c3"])
def test_scores_in_chunks_are_the_networks_scores(gait, monkeypatch, arch):
    """More trials than one chunk: the scores are the network's on all of them at once, in order."""
    import movesig.models.networks as networks

    ds, _, train, val, test = gait
    model = NetworkClassifier(arch, hidden=16, iterations=20, random_state=1).fit(ds.X[train], ds.person[train])
    monkeypatch.setattr(networks, "SCORE_CHUNK", 7)  # 60 trials: 9 chunks, the last one short
    monkeypatch.setattr(networks, "CONV_SCORE_CHUNK", 7)
    chunked = model.decision_function(ds.X)
    with torch.no_grad():
        whole = model.network_(torch.as_tensor(model.scaled_input(ds.X), dtype=torch.float32)).double().numpy()
    assert chunked.shape == (len(ds.X), len(model.classes_))
    np.testing.assert_allclose(chunked, whole, rtol=1e-5, atol=1e-6)
    assert model.decision_function(ds.X[:0]).shape == (0, len(model.classes_))

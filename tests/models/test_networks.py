"""Networks of Horst et al. (2019): the architectures and their training (small runs).

Their explanations are tested in ``tests/explain/test_relevance.py``, the perturbation test on
real data in ``tests/evaluate/test_perturbation.py``.
"""

import numpy as np
import pytest
import torch
from movesig.data import make_gait
from movesig.models import ARCHITECTURES, NetworkClassifier, build_network
from movesig.models.networks import input_problem
from movesig.splits import PersonChunkSplit


@pytest.fixture(scope="module")
def gait():
    ds, truth = make_gait(n_persons=6, n_trials=10, seed=4)
    train, val, test = next(PersonChunkSplit(5, random_state=0).split_with_validation(ds.X, ds.person))
    return ds, truth, train, val, test


@pytest.mark.parametrize("arch", ARCHITECTURES)  # every architecture the module offers
def test_architectures_map_trials_to_scores(arch):
    net = build_network(arch, 6, 101, 7, hidden=16)
    assert net(torch.zeros(3, 6, 101)).shape == (3, 7)


def test_unknown_architectures_and_too_few_channels_are_refused():
    with pytest.raises(ValueError, match="unknown architecture 'rnn'"):
        build_network("rnn", 6, 101, 7)
    with pytest.raises(ValueError, match="cnn_c3 needs at least 6 channels"):
        build_network("cnn_c3", 5, 101, 7)
    for architecture, channels, times in (("cnn_c3", 6, 101), ("cnn_c3", 7, 7), ("cnn_a", 8, 8)):
        assert input_problem(architecture, channels, times) is None
        build_network(architecture, channels, times, 2)  # the rule and the network agree
    for architecture, channels, times in (("cnn_c3", 7, 6), ("cnn_a", 8, 7)):
        assert input_problem(architecture, channels, times)


def test_training_is_deterministic_and_learns(gait):
    ds, _, train, val, test = gait
    kw = {"architecture": "mlp", "hidden": 32, "iterations": 300, "check_every": 50, "random_state": 3}
    a = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    b = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    np.testing.assert_array_equal(a.decision_function(ds.X[test]), b.decision_function(ds.X[test]))
    assert np.mean(a.predict(ds.X[test]) == ds.person[test]) >= 0.8
    assert len(a.history_) == 3 * 6 and min(h[2] for h in a.history_) < a.history_[0][2]


def _reference_fit(model, X, y, X_val, y_val):
    """The protocol written out step by step: one seeded draw of a batch per step, a check every
    ``check_every`` steps and at a stage's end, the best parameters kept, CNNs stopped early."""
    import copy

    from movesig.models._base import ChannelScaler, class_rows
    from movesig.models._sgd import FusedSGD

    classes, yi = np.unique(y, return_inverse=True)
    scaler = ChannelScaler(model.standardise).fit(X)
    rng = np.random.RandomState(model.random_state)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(rng.randint(2**31 - 1)))
        net = build_network(model.architecture, X.shape[1], X.shape[2], len(classes), model.hidden)
    Xt = torch.as_tensor(scaler.transform(X), dtype=torch.float32)
    Xv = torch.as_tensor(scaler.transform(X_val), dtype=torch.float32)
    yt, yv = torch.as_tensor(yi), torch.as_tensor(class_rows(classes, y_val))
    least_squares = model.architecture == "linear"

    def loss(scores, target):
        if least_squares:
            return float(((scores - torch.nn.functional.one_hot(target, len(classes))) ** 2).sum(dim=1).mean())
        return float(torch.nn.functional.cross_entropy(scores, target))

    sgd, best, best_state, history, step = FusedSGD(net, least_squares), np.inf, copy.deepcopy(net.state_dict()), [], 0
    for lr in model.learning_rates:
        since = 0
        for it in range(1, model.iterations + 1):
            batch = torch.as_tensor(rng.randint(0, len(Xt), model.batch_size))
            sgd.step(Xt[batch], yt[batch], lr)
            step += 1
            if it % model.check_every == 0 or it == model.iterations:
                with torch.no_grad():
                    val = loss(net(Xv), yv)
                history.append((step, lr, val))
                if val < best:
                    best, best_state, since = val, copy.deepcopy(net.state_dict()), 0
                else:
                    since += 1
                if model.patience is not None and since >= model.patience:
                    break
        net.load_state_dict(best_state)
    return net, history


@pytest.mark.parametrize("arch, patience, iterations", [("mlp", None, 130), ("cnn_c3", 1, 130), ("linear", None, 130),
                                                       ("mlp", None, 7)])
def test_training_draws_and_checks_as_the_protocol_says(gait, arch, patience, iterations):
    """The loop draws a stage's batches a block at a time: the same batches, checks and weights as one draw per step."""
    ds, _, train, val, _ = gait
    model = NetworkClassifier(arch, hidden=16, iterations=iterations, check_every=25, patience=patience,
                              standardise="range" if arch == "linear" else "feature", random_state=5)
    model.fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    from movesig.models._base import torch_threads
    from threadpoolctl import threadpool_limits

    with torch_threads(1), threadpool_limits(1, user_api="blas"):  # as fit: one thread, the same float sums
        net, history = _reference_fit(model, ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    assert [h[:2] for h in model.history_] == [h[:2] for h in history]
    np.testing.assert_allclose([h[2] for h in model.history_], [h[2] for h in history], rtol=1e-6)
    for name, p in net.state_dict().items():
        assert torch.equal(p, model.network_.state_dict()[name]), name
    if patience is not None:  # a stage stopped early
        assert len(history) < 3 * 6


def test_a_stepper_without_numpy_layers_is_given_tensors(gait, monkeypatch):
    """Another step (a benchmark's autograd step) plugs into the loop through ``step(x, target, lr)``."""
    import movesig.models.networks as networks

    ds, _, train, val, _ = gait
    seen = []

    class Recording:
        def __init__(self, net, least_squares=False):
            self.net = net

        def step(self, x, target, lr):
            seen.append((type(x), tuple(x.shape), type(target)))

    monkeypatch.setattr(networks, "FusedSGD", Recording)
    NetworkClassifier("mlp", hidden=8, iterations=30, check_every=10, random_state=0).fit(ds.X[train], ds.person[train])
    assert len(seen) == 3 * 30 and seen[0] == (torch.Tensor, (5, 6, ds.X.shape[2]), torch.Tensor)


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

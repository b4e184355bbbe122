"""Networks of Horst et al. (2019), their LRP with zennit, and the perturbation test (small runs)."""

import numpy as np
import pytest
from movesig.data import load, make_gait
from movesig.models import LinearSVM, NetworkClassifier, build_network
from movesig.perturbation import aopc, perturbation_curve
from movesig.splits import PersonChunkSplit


@pytest.fixture(scope="module")
def gait():
    ds, truth = make_gait(n_persons=6, n_trials=10, seed=4)
    train, val, test = next(PersonChunkSplit(5, random_state=0).split_with_validation(ds.X, ds.person))
    return ds, truth, train, val, test


@pytest.mark.parametrize("arch", ["linear", "mlp", "cnn_a", "cnn_c3"])
def test_architectures_map_trials_to_scores(arch):
    import torch

    net = build_network(arch, 6, 101, 7, hidden=16)
    assert net(torch.zeros(3, 6, 101)).shape == (3, 7)


def test_training_is_deterministic_and_learns(gait):
    ds, _, train, val, test = gait
    kw = dict(architecture="mlp", hidden=32, iterations=300, check_every=50, random_state=3)
    a = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    b = NetworkClassifier(**kw).fit(ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    np.testing.assert_array_equal(a.decision_function(ds.X[test]), b.decision_function(ds.X[test]))
    assert np.mean(a.predict(ds.X[test]) == ds.person[test]) >= 0.8
    assert len(a.history_) == 3 * 6 and min(h[2] for h in a.history_) < a.history_[0][2]


def test_cnn_lrp_rules_and_conservation(gait):
    ds, _, train, val, test = gait
    m = NetworkClassifier("cnn_a", iterations=200, check_every=50, random_state=0).fit(
        ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    target = m.class_index(ds.person[test])
    score = m.decision_function(ds.X[test])[np.arange(len(test)), target]
    for rule in ("epsilon", "alpha2beta1"):
        r = m.explain(ds.X[test], target, rule=rule)
        assert r.shape == ds.X[test].shape and np.isfinite(r).all()
        # biases take a share of the score; the inputs keep most of it
        assert np.corrcoef(r.reshape(len(test), -1).sum(1), score)[0, 1] > 0.9
    with pytest.raises(KeyError):
        m.explain(ds.X[test], target, rule="gamma")


def test_linear_network_lrp_equals_direct_formula(gait):
    ds, _, train, val, test = gait
    m = NetworkClassifier("linear", iterations=100, check_every=50, random_state=0).fit(ds.X[train], ds.person[train])
    layer = m.network_[1]
    w = layer.weight.detach().double().numpy().reshape(-1, 6, 101)
    b = layer.bias.detach().double().numpy()
    from movesig.explain import lrp_linear

    target = m.class_index(ds.person[test])
    direct = lrp_linear(m.scaled_input(ds.X[test]), w, b, target).relevance
    np.testing.assert_allclose(m.explain(ds.X[test], target), direct, atol=1e-6)


@pytest.mark.realdata
def test_relevance_order_destroys_accuracy_faster_than_random(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir).first_persons(60)
    train, test = next(PersonChunkSplit(5, random_state=1234).split(ds.X, ds.person))
    svm = LinearSVM(C=0.1, random_state=0).fit(ds.X[train], ds.person[train])
    target = svm.class_index(ds.person[test])
    relevance = svm.explain(ds.X[test], target)
    fractions = [0, 0.05, 0.1, 0.2, 0.49]
    by_relevance = perturbation_curve(svm, ds.X[test], ds.person[test], relevance, fractions, "relevance",
                                      n_repeats=3, random_state=0)
    at_random = perturbation_curve(svm, ds.X[test], ds.person[test], relevance, fractions, "random",
                                   n_repeats=3, random_state=0)
    assert by_relevance[0] == at_random[0]
    assert np.all(by_relevance[1:4] <= at_random[1:4]) and aopc(by_relevance) > aopc(at_random)

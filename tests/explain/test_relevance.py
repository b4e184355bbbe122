"""``movesig.explain.relevance``: one entry point for the LRP of every movesig model."""

import numpy as np
import pytest
import torch
from movesig.data import make_gait
from movesig.explain import RULES, composite, lrp_linear, relevance, rules_of
from movesig.models import ARCHITECTURES, LinearSVM, NetworkClassifier
from movesig.splits import PersonChunkSplit


def _problem(n_channels=2, n_times=12, seed=0):
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(4), 6)
    X = rng.normal(size=(len(y), n_channels, n_times))
    X[np.arange(len(y)), 0, y] += 3.0
    return X, y


@pytest.fixture(scope="module")
def gait():
    ds, truth = make_gait(n_persons=6, n_trials=10, seed=4)
    train, val, test = next(PersonChunkSplit(5, random_state=0).split_with_validation(ds.X, ds.person))
    return ds, truth, train, val, test


@pytest.mark.parametrize("standardise", ["feature", "channel", "none"])
def test_linear_svm_relevance_is_direct_lrp_on_the_scaled_input(standardise):
    X, y = _problem()
    m = LinearSVM(standardise=standardise).fit(X, y)
    target = m.class_index(y)
    for epsilon in (1e-5, 0.1):
        e = relevance(m, X, target, epsilon=epsilon)
        direct = lrp_linear(m.scaled_input(X), m.coef_, m.intercept_, target, epsilon=epsilon)
        np.testing.assert_array_equal(e.relevance, direct.relevance)
        np.testing.assert_array_equal(e.bias, direct.bias)
        np.testing.assert_allclose(e.score, m.decision_function(X)[np.arange(len(X)), target])
        assert e.conservation_error().max() <= epsilon * 1.0001
    assert rules_of(m) == ("epsilon",)


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_network_epsilon_relevance_without_biases_sums_to_the_score(arch):
    X, y = _problem(n_channels=7 if arch == "cnn_c3" else 2)
    m = NetworkClassifier(arch, hidden=32, iterations=20, random_state=0).fit(X, y)
    with torch.no_grad():
        for layer in m.network_.modules():
            if getattr(layer, "bias", None) is not None:
                layer.bias.zero_()
    # ε absorbs about ε/|z| of the score per layer, and an untrained network's scores are small
    # (down to 1e-3): conservation to rtol 1e-4 is checked with a small ε, and that it improves as ε shrinks
    for target in (m.class_index(y), m.decision_function(X).argmax(axis=1)):
        e = relevance(m, X, target, rule="epsilon", epsilon=1e-9)
        assert e.relevance.shape == X.shape and e.bias is None
        np.testing.assert_allclose(e.score, m.decision_function(X)[np.arange(len(X)), target])
        total = e.relevance.reshape(len(X), -1).sum(axis=1)
        np.testing.assert_allclose(total, e.score, rtol=1e-4)
        coarse = relevance(m, X, target, rule="epsilon").relevance.reshape(len(X), -1).sum(axis=1)
        assert np.abs(total - e.score).max() < np.abs(coarse - e.score).max() < 1e-2 * np.abs(e.score).max()
    assert rules_of(m) == tuple(RULES)
    with pytest.raises(ValueError, match="needs a linear model"):
        e.conservation_error()


def test_rules_that_do_not_apply_and_unknown_models_are_refused():
    X, y = _problem()
    m = LinearSVM().fit(X, y)
    with pytest.raises(ValueError, match="epsilon rule, not 'alpha2beta1'"):
        relevance(m, X, m.class_index(y), rule="alpha2beta1")
    with pytest.raises(TypeError, match="no LRP for object"):
        relevance(object(), X, np.zeros(len(X), int))
    with pytest.raises(ValueError, match="unknown LRP rule 'gamma'"):
        composite("gamma")


def test_cnn_lrp_rules_and_conservation(gait):
    ds, _, train, val, test = gait
    m = NetworkClassifier("cnn_a", iterations=200, check_every=50, random_state=0).fit(
        ds.X[train], ds.person[train], ds.X[val], ds.person[val])
    target = m.class_index(ds.person[test])
    score = m.decision_function(ds.X[test])[np.arange(len(test)), target]
    for rule in ("epsilon", "alpha2beta1"):
        r = relevance(m, ds.X[test], target, rule=rule).relevance
        assert r.shape == ds.X[test].shape and np.isfinite(r).all()
        # biases take a share of the score; the inputs keep most of it
        assert np.corrcoef(r.reshape(len(test), -1).sum(1), score)[0, 1] > 0.9
    with pytest.raises(ValueError, match="unknown LRP rule 'gamma'"):
        relevance(m, ds.X[test], target, rule="gamma")


def test_linear_network_lrp_equals_direct_formula(gait):
    ds, _, train, _, test = gait
    m = NetworkClassifier("linear", iterations=100, check_every=50, random_state=0).fit(ds.X[train], ds.person[train])
    layer = m.network_[1]
    w = layer.weight.detach().double().numpy().reshape(-1, 6, 101)
    b = layer.bias.detach().double().numpy()
    target = m.class_index(ds.person[test])
    direct = lrp_linear(m.scaled_input(ds.X[test]), w, b, target).relevance
    np.testing.assert_allclose(relevance(m, ds.X[test], target).relevance, direct, atol=1e-6)

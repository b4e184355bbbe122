"""Other attribution methods (movesig.explain.attributions), and the exact bias-free check of LRP-ε."""

import copy

import numpy as np
import pytest
import torch
from movesig.data import make_gait
from movesig.explain import METHODS, attribute, relevance
from movesig.models import MODELS, LinearSVM, make_model


@pytest.fixture(scope="module")
def small():
    ds, _ = make_gait(n_persons=4, n_trials=6, seed=3)
    return ds.X, ds.person


def test_for_a_linear_model_every_method_gives_z_times_w(small):
    X, y = small
    svm = LinearSVM().fit(X, y)
    target = svm.class_index(y)
    zw = svm.scaled_input(X) * svm.coef_[target]
    for method in METHODS:  # every method the module offers
        if method != "occlusion":
            np.testing.assert_allclose(attribute(svm, X, target, method)[0], zw, atol=1e-12)
    occ, score = attribute(svm, X, target, "occlusion", window=1)
    np.testing.assert_allclose(occ, zw, atol=1e-10)  # a window of one point removes exactly z·w there
    np.testing.assert_allclose(score, svm.decision_function(X)[np.arange(len(y)), target])
    with pytest.raises(ValueError, match="unknown attribution method"):
        attribute(svm, X, target, "saliency")


NETWORKS = [name for name, spec in MODELS.items() if "alpha2beta1" in spec.rules or name.startswith(("mlp", "cnn"))]


@pytest.mark.parametrize("name", NETWORKS)
def test_with_zero_biases_lrp_epsilon_is_gradient_times_input_and_sums_to_the_score(small, name):
    """The exact check: a bias-free ReLU network is positively homogeneous, so ε-LRP (ε -> 0) = gradient × input."""
    X, y = small
    model = make_model(name, iterations=5, random_state=0).fit(X, y)
    with torch.no_grad():
        for module in model.network_.modules():
            if getattr(module, "bias", None) is not None:
                module.bias.zero_()
    target = model.class_index(y)
    lrp = relevance(model, X, target, "epsilon", epsilon=1e-12)
    gxi, score = attribute(model, X, target, "gradient_x_input")
    np.testing.assert_allclose(lrp.relevance, gxi, atol=1e-9 * max(1.0, np.abs(gxi).max()))
    np.testing.assert_allclose(gxi.reshape(len(y), -1).sum(axis=1), score, rtol=1e-7, atol=1e-9)
    ig, _ = attribute(model, X, target, "integrated_gradients", n_steps=20)
    np.testing.assert_allclose(ig.reshape(len(y), -1).sum(axis=1), score, rtol=1e-6, atol=1e-8)  # completeness


def test_occlusion_of_a_network_spreads_the_score_drop_over_each_window(small):
    X, y = small
    model = make_model("mlp_64", iterations=5, random_state=0).fit(X, y)
    target = model.class_index(y)
    occ, score = attribute(model, X, target, "occlusion", window=101)  # one window per channel
    Z = model.scaled_input(X)
    occluded = Z.copy()
    occluded[:, 2] = 0
    net = copy.deepcopy(model.network_).double()
    with torch.no_grad():
        drop = score - net(torch.as_tensor(occluded)).numpy()[np.arange(len(y)), target]
    np.testing.assert_allclose(occ[:, 2].sum(axis=1), drop, rtol=1e-9)

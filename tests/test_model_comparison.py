"""The model comparison of Horst et al. (2019): models, cross-validation, explanations, perturbation."""

import numpy as np
import pytest
from movesig.data import make_gait
from movesig.identification import relevance_share_by_region
from movesig.model_comparison import (
    MODELS,
    ModelEvaluation,
    evaluate_model,
    make_model,
    rules_for,
)
from movesig.models import LinearSVM, NetworkClassifier
from movesig.perturbation import half_range, perturbation_curve
from movesig.recovery import planted_precision
from movesig.splits import PersonChunkSplit


@pytest.fixture(scope="module")
def gait():
    ds, truth = make_gait(n_persons=6, n_trials=10, seed=2)
    return ds, truth


def test_every_model_of_the_paper_is_built():
    built = {name: make_model(name, iterations=7, random_state=3) for name in MODELS}
    assert [built[f"svm_c{c}"].C for c in ("0.1", "1", "10")] == [0.1, 1.0, 10.0]
    assert all(isinstance(built[n], LinearSVM) for n in ("svm_c0.1", "svm_c1", "svm_c10"))
    nets = {n: m for n, m in built.items() if isinstance(m, NetworkClassifier)}
    assert {n: (m.architecture, m.hidden) for n, m in nets.items() if m.architecture == "mlp"} == {
        "mlp_64": ("mlp", 64), "mlp_256": ("mlp", 256), "mlp_1024": ("mlp", 1024)}
    assert nets["linear_sgd"].architecture == "linear" and nets["cnn_a"].architecture == "cnn_a"
    assert all(m.iterations == 7 and m.random_state == 3 for m in nets.values())
    assert rules_for("cnn_c3") == ("epsilon", "alpha2beta1") and rules_for("mlp_64") == ("epsilon",)
    with pytest.raises(ValueError, match="unknown model 'rnn'"):
        make_model("rnn")


@pytest.mark.parametrize("name", ["svm_c0.1", "cnn_a"])
def test_evaluation_tests_every_trial_once_and_explains_it(gait, name):
    ds, _ = gait
    fractions = [0, 0.05, 0.1, 0.2, 0.49]
    ev = evaluate_model(name, ds, PersonChunkSplit(5, 1234), iterations=40, fractions=fractions, n_repeats=2)
    assert np.all(ev.fold >= 0) and len(ev.accuracy) == 5 and ev.n_test.sum() == ds.n_trials
    assert np.isclose(ev.accuracy.mean(), np.mean(ev.predicted == ds.person), atol=0.02)
    expected = {"epsilon", "epsilon_predicted"} | ({"alpha2beta1"} if name == "cnn_a" else set())
    assert set(ev.relevance) == expected and all(r.shape == ds.X.shape for r in ev.relevance.values())
    right = ev.predicted == ds.person
    np.testing.assert_array_equal(ev.relevance["epsilon"][right], ev.relevance["epsilon_predicted"][right])
    assert all(np.all(np.isfinite(c)) for c in ev.conservation.values())
    # nothing perturbed: the curve starts at the accuracy of the fold
    for order, curves in ev.perturbation.items():
        np.testing.assert_allclose(curves[:, 0], ev.accuracy)
    summary = ev.summary()
    assert summary["n_folds"] == 5 and 0 <= summary["aopc_random"] <= 1
    assert set(summary["relevance_epsilon_below_random"]) == {"5%", "10%", "20%"}


def test_evaluation_is_deterministic_whatever_the_number_of_jobs(gait):
    ds, _ = gait
    kw = dict(iterations=30, fractions=[0, 0.1, 0.49], n_repeats=2)
    a = evaluate_model("mlp_64", ds, PersonChunkSplit(5, 1234), n_jobs=1, **kw)
    b = evaluate_model("mlp_64", ds, PersonChunkSplit(5, 1234), n_jobs=2, **kw)
    np.testing.assert_array_equal(a.relevance["epsilon"], b.relevance["epsilon"])
    np.testing.assert_array_equal(a.perturbation["random"], b.perturbation["random"])


def test_bad_evaluation_parameters(gait):
    ds, _ = gait
    with pytest.raises(ValueError, match="fractions"):
        evaluate_model("svm_c0.1", ds, PersonChunkSplit(5, 1234), fractions=[0.1, 0.2])
    with pytest.raises(ValueError, match="noise must be one of"):
        evaluate_model("svm_c0.1", ds, PersonChunkSplit(5, 1234), noise="loud")


def _evaluation(random, relevance):
    curves = {"random": np.array([random]), "relevance (epsilon)": np.array([relevance])}
    n = 3
    return ModelEvaluation("m", np.array([1.0]), np.zeros(n, int), np.zeros(n), np.zeros(n), {}, {},
                           np.array([0, 0.05, 0.1, 0.2]), curves, np.array([1.0]), np.array([n]))


def test_relevance_below_random_reads_the_curves():
    ev = _evaluation([1.0, 0.9, 0.8, 0.7], [1.0, 0.8, 0.8, 0.6])
    assert ev.relevance_below_random() == {"relevance (epsilon)": {0.05: True, 0.1: False, 0.2: True}}
    with pytest.raises(ValueError, match="share 0.3 is not among"):
        ev.relevance_below_random([0.3])


def test_perturbation_noise_units(gait):
    ds, _ = gait
    X = ds.X
    assert half_range(X, "feature").shape == X.shape[1:] and half_range(X, "channel").shape == (X.shape[1], 1)
    np.testing.assert_allclose(half_range(X, "channel")[:, 0], (X.max(axis=(0, 2)) - X.min(axis=(0, 2))) / 2)
    svm = LinearSVM().fit(X, ds.person)
    relevance = svm.explain(X, svm.class_index(ds.person))
    # zero noise leaves the accuracy as it is; a huge noise unit destroys it
    quiet = perturbation_curve(svm, X, ds.person, relevance, [0, 0.5], noise_scale=np.zeros(X.shape[1:]),
                               random_state=0, n_repeats=1)
    loud = perturbation_curve(svm, X, ds.person, relevance, [0, 0.5], noise_scale=100 * half_range(X),
                              random_state=0, n_repeats=1)
    assert quiet[1] == quiet[0] == 1.0 and loud[1] < 0.5
    with pytest.raises(ValueError, match="per must be"):
        half_range(X, "trial")


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

"""The linear SVM on whole trials and the training-set scaler (movesig.models.linear, movesig.models._base)."""

import numpy as np
import pytest
import torch
from movesig.models import ChannelScaler, LinearSVM
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 3, 20))
y = np.repeat(np.arange(4), 10)
X[np.arange(40), y % 3, y] += 3.0


def test_feature_scaling_matches_standard_scaler_and_linear_svc():
    ours = LinearSVM(C=0.1, standardise="feature").fit(X, y)  # exact optimum (Gram solver)
    ref = make_pipeline(StandardScaler(), LinearSVC(C=0.1, dual=False, tol=1e-10, max_iter=100_000)).fit(X.reshape(40, -1), y)
    # liblinear's Newton-CG stops about 1e-8 from the optimum in the weights
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X.reshape(40, -1)), atol=1e-6)
    lib = LinearSVM(C=0.1, standardise="feature", solver="liblinear", tol=1e-10, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(lib.decision_function(X), ref.decision_function(X.reshape(40, -1)), atol=1e-12)
    assert np.array_equal(ours.predict(X), ref.predict(X.reshape(40, -1)))


def test_scaler_uses_training_statistics_only():
    train, test = X[:20] * 2 + 1, X[20:]
    s = ChannelScaler("channel").fit(train)
    np.testing.assert_allclose(s.mean_[0, :, 0], train.mean(axis=(0, 2)))
    np.testing.assert_allclose(s.transform(test), (test - s.mean_) / s.scale_)
    assert s.mean_.shape == (1, 3, 1) and ChannelScaler("feature").fit(train).mean_.shape == (1, 3, 20)
    assert np.array_equal(ChannelScaler("none").fit(train).transform(test), test)
    with pytest.raises(ValueError, match="unknown standardise mode 'z'"):
        ChannelScaler("z").fit(train)
    scaled = ChannelScaler("range").fit(train).transform(train)  # every channel onto [-1, 1]
    np.testing.assert_allclose(scaled.min(axis=(0, 2)), -1)
    np.testing.assert_allclose(scaled.max(axis=(0, 2)), 1)


def test_two_classes_get_one_weight_row_each():
    m = LinearSVM().fit(X[:20], y[:20])
    assert m.coef_.shape == (2, 3, 20)
    np.testing.assert_allclose(m.coef_[0], -m.coef_[1])
    assert np.array_equal(m.predict(X[:20]), m.classes_[m.decision_function(X[:20]).argmax(1)])


def test_torch_layer_gives_the_same_scores():
    m = LinearSVM(standardise="channel").fit(X, y)
    with torch.no_grad():
        scores = m.to_torch()(torch.as_tensor(m.scaled_input(X))).numpy()
    np.testing.assert_allclose(scores, m.decision_function(X), atol=1e-10)


def test_input_must_be_three_dimensional():
    with pytest.raises(ValueError, match=r"\(n_trials, n_channels, n_times\)"):
        LinearSVM().fit(X.reshape(40, -1), y)


@pytest.mark.parametrize("C", [0.1, 10.0])
def test_gram_solver_finds_liblinears_optimum(C):
    gram = LinearSVM(C=C, solver="gram").fit(X, y)
    lib = LinearSVM(C=C, solver="liblinear", tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(gram.coef_, lib.coef_, atol=1e-6 * np.abs(lib.coef_).max())
    np.testing.assert_allclose(gram.intercept_, lib.intercept_, atol=1e-6)
    two = LinearSVM(C=C, solver="gram").fit(X[:20], y[:20])
    np.testing.assert_allclose(two.coef_, LinearSVM(C=C, solver="liblinear", tol=1e-12, max_iter=100_000)
                               .fit(X[:20], y[:20]).coef_, atol=1e-6)
    with pytest.raises(ValueError, match="'solver' parameter of LinearSVM must be a str among"):
        LinearSVM(solver="sag").fit(X, y)

"""The one-vs-rest squared-hinge SVM in feature space (movesig.models.one_vs_rest)."""

import numpy as np
import pytest
from joblib import parallel_config
from movesig.models import LinearSVM
from movesig.models.one_vs_rest import one_vs_rest_primal, squared_hinge_primal
from movesig.models.squared_hinge import gram_matrix, squared_hinge_gram

rng = np.random.default_rng(3)
N_CLASSES = 12
y = np.repeat(np.arange(N_CLASSES), 15)  # 180 samples, 30 features: the primal solver's regime
X = rng.normal(size=(len(y), 30)) + 0.8 * rng.normal(size=(N_CLASSES, 30))[y]


@pytest.mark.parametrize("C", [0.01, 1.0, 100.0])
def test_primal_rows_are_the_gram_solvers_optimum(C):
    gram = gram_matrix(X)
    classes, coef, intercept, steps = one_vs_rest_primal(X, y, C, block=5)
    assert np.array_equal(classes, np.arange(N_CLASSES)) and coef.shape == (N_CLASSES, 30) and steps >= 1
    for k in classes:
        w, b = squared_hinge_gram(gram, y == k, C).coef(X)
        np.testing.assert_allclose(coef[k], w, atol=1e-9 * max(1.0, np.abs(w).max()))
        assert intercept[k] == pytest.approx(b, abs=1e-9)
    w1, b1, _ = squared_hinge_primal(X, y == 4, C)
    np.testing.assert_allclose(w1, coef[4], atol=1e-9)


def test_any_starting_guess_reaches_the_same_optimum():
    cold, _, _ = squared_hinge_primal(X, y == 2, 0.1, start=np.ones(len(y), bool))
    for start in (y == 2, rng.random(len(y)) < 0.1, np.zeros(len(y), bool)):
        warm, _, _ = squared_hinge_primal(X, y == 2, 0.1, start=start)
        np.testing.assert_allclose(warm, cold, atol=1e-10)


def test_chunks_and_workers_do_not_change_the_weights():
    one = one_vs_rest_primal(X, y, 0.1, n_chunks=1, block=64)
    with parallel_config(backend="loky", n_jobs=2):
        split = one_vs_rest_primal(X, y, 0.1, n_chunks=3, block=2)
    np.testing.assert_allclose(split[1], one[1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(split[2], one[2], rtol=0, atol=1e-12)


def test_linear_svm_primal_solver_equals_gram_solver_and_handles_two_classes():
    trials = X.reshape(len(X), 3, 10)
    gram = LinearSVM(C=0.1, solver="gram").fit(trials, y)
    primal = LinearSVM(C=0.1, solver="primal", n_jobs=1).fit(trials, y)
    np.testing.assert_allclose(primal.coef_, gram.coef_, atol=1e-9)
    assert np.array_equal(primal.predict(trials), gram.predict(trials))
    two = y < 2
    a = LinearSVM(solver="primal").fit(trials[two], y[two])
    b = LinearSVM(solver="gram").fit(trials[two], y[two])
    assert a.coef_.shape == (2, 3, 10)
    np.testing.assert_allclose(a.decision_function(trials), b.decision_function(trials), atol=1e-9)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="two classes"):
        one_vs_rest_primal(X, np.zeros(len(X)), 0.1)
    with pytest.raises(ValueError, match="must be a float in the range \\(0.0, inf\\)"):
        one_vs_rest_primal(X, y, 0.0)
    with pytest.raises(ValueError, match="shape"):
        squared_hinge_primal(X[:, :, None], y == 1, 0.1)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        one_vs_rest_primal(bad, y, 0.1)

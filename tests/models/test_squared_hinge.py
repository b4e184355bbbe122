"""The exact squared-hinge SVM on a Gram matrix against scikit-learn's LinearSVC."""

import numpy as np
import pytest
from movesig.models import squared_hinge
from movesig.models.squared_hinge import gram_matrix, ridge_all, squared_hinge_gram
from sklearn.svm import LinearSVC


def _data(n=120, d=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = np.where(X[:, 0] + 0.5 * X[:, 1] + 0.3 * rng.standard_normal(n) > 0.4, 1.0, -1.0)
    return X, y


def _liblinear(X, y, C):
    svc = LinearSVC(C=C, loss="squared_hinge", dual=False, tol=1e-12, max_iter=100_000).fit(X, y)
    return svc.coef_[0], float(svc.intercept_[0])


@pytest.mark.parametrize("C", [0.001, 0.01, 1.0, 100.0])
def test_same_optimum_as_liblinear(C):
    X, y = _data()
    fit = squared_hinge_gram(gram_matrix(X), y, C)
    w, b = fit.coef(X)
    w0, b0 = _liblinear(X, y, C)
    np.testing.assert_allclose(w, w0, atol=1e-6 * np.abs(w0).max())
    assert b == pytest.approx(b0, abs=1e-6 * max(1.0, abs(b0)))
    # optimality: exactly the samples inside the margin carry a coefficient
    margin = y * (X @ w + b)
    assert np.array_equal(fit.active, margin < 1)
    assert np.all(fit.alpha[~fit.active] == 0) and np.all(y[fit.active] * fit.alpha[fit.active] > 0)


def test_a_subset_of_the_gram_matrix_is_the_fit_on_that_subset():
    X, y = _data(200)
    rows = np.flatnonzero(np.random.default_rng(1).random(200) < 0.6)
    fit = squared_hinge_gram(gram_matrix(X), y[rows], 0.05, index=rows)
    w, b = fit.coef(X[rows])
    assert np.array_equal(fit.coef(X, rows=rows)[0], w)  # the rows read in place, not copied
    with pytest.raises(ValueError, match="pass all samples with rows="):
        fit.coef(X)  # all samples, but no rows: the wrong weights
    with pytest.raises(ValueError, match="rows has"):
        fit.coef(X, rows=rows[1:])
    w0, b0 = _liblinear(X[rows], y[rows], 0.05)
    np.testing.assert_allclose(w, w0, atol=1e-6 * np.abs(w0).max())
    assert b == pytest.approx(b0, abs=1e-6)


def test_the_starting_guess_changes_the_steps_not_the_answer():
    X, y = _data(150)
    G = gram_matrix(X)
    cold = squared_hinge_gram(G, y, 0.1)
    rng = np.random.default_rng(2)
    for start in (cold.active, rng.random(150) < 0.1, np.zeros(150, bool), ~cold.active):
        warm = squared_hinge_gram(G, y, 0.1, start=start)
        np.testing.assert_allclose(warm.alpha, cold.alpha, atol=1e-10)
    assert squared_hinge_gram(G, y, 0.1, start=cold.active).n_iter == 1  # the right guess is the answer


@pytest.mark.parametrize("C", [0.01, 1.0])
def test_one_shared_first_step_gives_every_problem_its_own_answer(C, monkeypatch):
    """One-vs-rest problems share the all-active ridge solve (one factorisation): same optima as solving each alone."""
    X, _ = _data(n=90, d=30, seed=3)
    labels = np.random.default_rng(4).integers(0, 4, len(X))
    Y = np.where(labels[:, None] == np.arange(4)[None], 1.0, -1.0)
    index = np.arange(5, 85)  # a subset: the training rows of a fold
    gram = gram_matrix(X)
    alpha, scores = ridge_all(gram, Y[index], C, index)
    for j in range(4):
        alone = squared_hinge_gram(gram, Y[index, j], C, index)
        shared = squared_hinge_gram(gram, Y[index, j], C, index, first=(alpha[:, j], scores[:, j]))
        np.testing.assert_allclose(shared.alpha, alone.alpha, atol=1e-9)
        assert shared.n_iter == alone.n_iter
        np.testing.assert_allclose(scores[:, j], gram[np.ix_(index, index)] @ alpha[:, j])

    calls = []
    real = squared_hinge._ridge
    monkeypatch.setattr(squared_hinge, "_ridge", lambda *a: calls.append(1) or real(*a))
    squared_hinge_gram(gram, Y[index, 0], C, index)
    alone = len(calls)
    squared_hinge_gram(gram, Y[index, 0], C, index, first=(alpha[:, 0], scores[:, 0]))
    assert len(calls) - alone == alone - 1  # the shared step replaces the problem's own first solve


def test_bool_labels_and_bad_input():
    X, y = _data(50)
    G = gram_matrix(X)
    np.testing.assert_array_equal(squared_hinge_gram(G, y > 0, 1.0).alpha, squared_hinge_gram(G, y, 1.0).alpha)
    with pytest.raises(ValueError, match="\\+1 / -1"):
        squared_hinge_gram(G, np.where(y > 0, 1.0, 0.0), 1.0)
    with pytest.raises(ValueError, match="must be a float in the range \\(0.0, inf\\)"):
        squared_hinge_gram(G, y, 0.0)
    with pytest.raises(ValueError, match="training rows"):
        squared_hinge_gram(G, y[:10], 1.0, index=np.arange(20))
    with pytest.raises(ValueError, match="n_samples, n_features"):
        gram_matrix(np.zeros((3, 2, 2)))

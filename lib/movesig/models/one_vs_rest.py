"""One-vs-rest squared-hinge SVM in feature space, for many trials and many classes.

The Gram solver (:mod:`movesig.models.squared_hinge`) keeps an n_trials × n_trials matrix:
2 GB at 16 000 training trials (the full GaitRec, 2 000 people, 5-fold). Here every
binary problem is solved exactly, by the same finite Newton iteration, in feature space:

- memory n_trials × n_features, shared by all classes;
- each Newton step solves ``(X_Aᵀ X_A + I/2C) w = X_Aᵀ y_A`` on the active samples A,
  with ``X_Aᵀ X_A`` updated by the rows that join or leave A;
- the scores ``X w`` of a block of classes are one matrix product (a pass over X serves
  ``block`` classes: the step is memory-bound otherwise);
- the starting guess of A is the positives and the 2 · n_features negatives that score
  highest under the ridge fit on all samples (one factorisation shared by every class);
  any guess gives the same optimum, a good one in fewer steps;
- chunks of classes are independent tasks for joblib (local processes, or a Dask cluster
  through :func:`movesig.evaluate.parallel.backend`): the result does not depend on how
  they are chunked or where they run.
"""

from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from .constraints import C_RANGE, check_parameter
from .squared_hinge import check_labels, finite_newton, run

__all__ = ["one_vs_rest_primal", "squared_hinge_primal"]


def _augment(X, intercept_scaling=1.0):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n_samples, n_features), got shape {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("the training data hold NaN or infinite values")
    return np.hstack([X, np.full((len(X), 1), intercept_scaling)])


def _factor(gram):
    try:
        return cho_factor(gram, check_finite=False)
    except LinAlgError as exc:
        raise ValueError("the training data hold NaN or infinite values") from exc


def _newton(A, y, C, start, max_iter):
    """The finite Newton generator of one binary problem in feature space (scores asked of the caller)."""
    eye = np.eye(A.shape[1]) / (2.0 * C)
    state = {"on": np.zeros(len(A), bool), "gram": np.zeros((A.shape[1], A.shape[1]))}

    def solve(on):
        added, removed = on & ~state["on"], state["on"] & ~on
        if added.sum() + removed.sum() < on.sum():  # update AᵀA by the rows that changed
            gram = state["gram"] + A[added].T @ A[added] - A[removed].T @ A[removed]
        else:
            gram = A[on].T @ A[on]
        state["on"], state["gram"] = on.copy(), gram
        return cho_solve(_factor(gram + eye), A[on].T @ y[on], check_finite=False), None

    return finite_newton(solve, lambda p, d, kd: p @ d, y, C, np.asarray(start, bool).copy(), max_iter)


def _starts(A, Y, C):
    """Starting active sets, shape (n_samples, n_classes), from the all-sample ridge fit of each column of ``Y``."""
    W = cho_solve(_factor(A.T @ A + np.eye(A.shape[1]) / (2.0 * C)), A.T @ Y, check_finite=False)
    score = np.where(Y < 0, A @ W, np.inf)  # positives first, then the highest-scoring negatives
    keep = min(A.shape[0], int((Y > 0).sum(axis=0).max()) + 2 * A.shape[1])
    order = np.argsort(-score, axis=0, kind="stable")[:keep]
    start = np.zeros(Y.shape, bool)
    for j in range(Y.shape[1]):
        start[order[: (Y[:, j] > 0).sum() + 2 * A.shape[1], j], j] = True
    return start


def _solve_block(A, Y, C, max_iter):
    """Every column of ``Y`` (+1 / −1) against A, Newton steps in lockstep; returns (W (n_classes, n_features + 1), steps)."""
    start = _starts(A, Y, C)
    problems = [_newton(A, Y[:, j], C, start[:, j], max_iter) for j in range(Y.shape[1])]
    asked = {j: next(p) for j, p in enumerate(problems)}
    W, steps = np.empty((Y.shape[1], A.shape[1])), 0
    while asked:
        jobs = list(asked)
        scores = A @ np.column_stack([asked[j] for j in jobs])
        for col, j in enumerate(jobs):
            try:
                asked[j] = problems[j].send(scores[:, col])
            except StopIteration as stop:
                W[j], _, n = stop.value
                steps = max(steps, n)
                del asked[j]
    return W, steps


def _chunk(X, y, classes, C, max_iter, block):
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # the same numbers on any machine and worker
        A = _augment(X)
        parts = [_solve_block(A, np.where(y[:, None] == classes[None, i:i + block], 1.0, -1.0), C, max_iter)
                 for i in range(0, len(classes), block)]
    return np.vstack([W for W, _ in parts]), max(s for _, s in parts)


def squared_hinge_primal(X, y, C: float, start=None, intercept_scaling: float = 1.0, max_iter: int = 100):
    """One binary squared-hinge SVM, exactly, in feature space (the optimum of :func:`~movesig.models.squared_hinge.squared_hinge_gram`).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        +1 / −1 or bool labels.
    C : float
    start : ndarray of bool, shape (n_samples,), optional
        Guess of the active set; default as in the module docstring.

    Returns
    -------
    coef : ndarray of shape (n_features,)
    intercept : float
    n_iter : int
    """
    A = _augment(X, intercept_scaling)
    y = check_labels(y, len(A), C)
    if start is None:
        start = _starts(A, y[:, None], C)[:, 0]
    w, _, steps = run(_newton(A, y, C, start, max_iter), lambda p: A @ p)
    return w[:-1], float(intercept_scaling * w[-1]), steps


def one_vs_rest_primal(X, y, C: float, n_chunks: int = 1, block: int = 64, max_iter: int = 100):
    """Each class against the rest, exactly, in chunks of classes run as joblib tasks.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Class labels (at least two classes).
    C : float
        Inverse regularisation strength.
    n_chunks : int
        Tasks to split the classes into (run by joblib's current backend; 1: in this process).
    block : int
        Classes whose scores share one pass over ``X``.

    Returns
    -------
    classes : ndarray of shape (n_classes,)
    coef : ndarray of shape (n_rows, n_features)
        One row per class; for two classes, one row (the second class against the first),
        as :class:`sklearn.svm.LinearSVC` keeps.
    intercept : ndarray of shape (n_rows,)
    n_iter : int
        The most Newton steps of any class.
    """
    y = np.asarray(y)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"need at least two classes to separate, got {len(classes)}")
    check_parameter("C", C, [C_RANGE], "one-vs-rest solver")
    positives = classes[1:] if len(classes) == 2 else classes
    chunks = [c for c in np.array_split(positives, max(1, min(int(n_chunks), len(positives)))) if len(c)]
    if len(chunks) == 1:
        parts = [_chunk(X, y, chunks[0], C, max_iter, block)]
    else:
        parts = Parallel()(delayed(_chunk)(X, y, c, C, max_iter, block) for c in chunks)
    W = np.vstack([W for W, _ in parts])
    return classes, W[:, :-1], W[:, -1].copy(), max(s for _, s in parts)

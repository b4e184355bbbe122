"""Linear SVM on whole trials (one-vs-rest, squared hinge), with the scaling fitted on training data only."""

from __future__ import annotations

import numpy as np
from joblib import effective_n_jobs
from sklearn.base import BaseEstimator
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ._base import ChannelScaler, TrialClassifierMixin, check_trials
from .constraints import LINEAR_SVM
from .one_vs_rest import one_vs_rest_primal
from .squared_hinge import gram_matrix, ridge_all, squared_hinge_gram

__all__ = ["LinearSVM", "auto_solver"]


#: The ``"auto"`` solver's switch from the Gram to the primal solver (training trials per feature).
GRAM_TRIALS_PER_FEATURE = 4


def auto_solver(n_trials: int, n_features: int) -> str:
    """``"gram"`` up to :data:`GRAM_TRIALS_PER_FEATURE` training trials per feature, else ``"primal"``.

    The Gram solver's Newton systems are as large as the active (margin-violating) trials,
    a share of all of them, after a first step on all trials that every one-vs-rest row
    shares (one factorisation); the primal's are always as large as the features. The
    Gram matrix grows as n_trials². Where the two meet is measured, not assumed:
    ``bench/scale.py`` prints both solvers' times against trials per feature.
    """
    return "gram" if n_trials <= GRAM_TRIALS_PER_FEATURE * n_features else "primal"


def _one_vs_rest_gram(Z, y, C):
    """One-vs-rest rows (as LinearSVC's: one row for two classes) solved on one shared Gram matrix.

    Every row's first Newton step (all trials active) is one factorisation for all rows.

    BLAS runs on one thread: the matrices are small, threads only add overhead (and the
    numbers do not depend on the machine's cores).
    """
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"need at least two classes to separate, got {len(classes)}")
    positives = classes[1:] if len(classes) == 2 else classes
    coef, intercept, steps = [], [], 0
    with threadpool_limits(1):
        gram = gram_matrix(Z)
        labels = np.where(y[:, None] == positives[None, :], 1.0, -1.0)
        alpha, scores = ridge_all(gram, labels, C)  # every problem's first step, one factorisation
        for j, c in enumerate(positives):
            fit = squared_hinge_gram(gram, y == c, C, first=(alpha[:, j], scores[:, j]))
            w, b = fit.coef(Z)
            coef.append(w)
            intercept.append(b)
            steps = max(steps, fit.n_iter)
    return classes, np.array(coef), np.array(intercept), steps


class LinearSVM(TrialClassifierMixin, BaseEstimator):
    """One-vs-rest linear SVM (L2 penalty, squared hinge) on flattened, scaled trials.

    Parameters
    ----------
    C : float, default=0.1
        Inverse regularisation strength, above 0 (0.1 in Horst et al. 2019). Every
        parameter's rule is :data:`movesig.models.constraints.LINEAR_SVM`, checked in ``fit``.
    standardise : {"feature", "channel", "none"}, default="feature"
        Scaling fitted on the training trials (see :class:`ChannelScaler`).
    tol : float, default=1e-4
        Solver tolerance.
    max_iter : int, default=1000
        Solver iterations.
    dual : bool or "auto", default=False
        Passed to :class:`sklearn.svm.LinearSVC` (``solver="liblinear"``); its primal form
        converges in far fewer iterations on trial data than the dual one.
    random_state : int, optional
        Seed of the solver's coordinate order (liblinear).
    solver : {"auto", "gram", "primal", "liblinear"}, default="auto"
        ``"gram"``: every one-vs-rest row solved exactly by finite Newton steps on the
        Gram matrix of the training trials (:mod:`movesig.models.squared_hinge`), computed
        once for all classes; n_trials² × 8 bytes of memory. ``"primal"``: the same exact
        rows by the same iteration in feature space (:mod:`movesig.models.one_vs_rest`;
        n_trials × n_features memory), the classes in ``n_jobs`` chunks run by joblib.
        ``"liblinear"``: :class:`sklearn.svm.LinearSVC` to tolerance ``tol``. ``"auto"``:
        :func:`auto_solver`. All solve the same problem; their times are tables of
        ``bench/scale.py`` and ``bench/gait_models.py``, not numbers of this docstring.

    n_jobs : int, optional
        Chunks of classes the ``"primal"`` solver hands to joblib's current backend (local
        processes, or every worker of a Dask cluster); None: joblib's default (1 unless a
        ``parallel_config`` says otherwise). The weights do not depend on it.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    scaler_ : ChannelScaler
    coef_ : ndarray of shape (n_classes, n_channels, n_times)
        Weights on the scaled input; one row per class also for two classes.
    intercept_ : ndarray of shape (n_classes,)
    """

    def __init__(self, C: float = 0.1, standardise: str = "feature", tol: float = 1e-4, max_iter: int = 1000,
                 dual=False, random_state: int | None = None, solver: str = "auto", n_jobs: int | None = None):
        self.C = C
        self.standardise = standardise
        self.tol = tol
        self.max_iter = max_iter
        self.dual = dual
        self.random_state = random_state
        self.solver = solver
        self.n_jobs = n_jobs

    _parameter_constraints = LINEAR_SVM

    def fit(self, X, y):
        """Fit on X of shape (n_trials, n_channels, n_times) and labels y (n_trials,)."""
        self._validate_params()
        X = check_trials(X)
        self.scaler_ = ChannelScaler(self.standardise).fit(X)
        Z = self.scaler_.transform(X).reshape(len(X), -1)
        solver = auto_solver(*Z.shape) if self.solver == "auto" else self.solver
        if solver == "gram":
            self.classes_, coef, intercept, self.n_iter_ = _one_vs_rest_gram(Z, np.asarray(y), self.C)
        elif solver == "primal":
            self.classes_, coef, intercept, self.n_iter_ = one_vs_rest_primal(
                Z, np.asarray(y), self.C, n_chunks=effective_n_jobs(self.n_jobs))
        else:
            svc = LinearSVC(penalty="l2", loss="squared_hinge", C=self.C, multi_class="ovr", dual=self.dual,
                            tol=self.tol, max_iter=self.max_iter, random_state=self.random_state)
            svc.fit(Z, y)
            self.classes_, coef, intercept, self.n_iter_ = svc.classes_, svc.coef_, svc.intercept_, svc.n_iter_
        if len(self.classes_) == 2:  # scikit-learn keeps one row for two classes: expand to one per class
            coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
        self.coef_ = coef.reshape(len(self.classes_), X.shape[1], X.shape[2])
        self.intercept_ = intercept
        return self

    def decision_function_scaled(self, Z) -> np.ndarray:
        """Class scores of scaled input Z (n_trials, n_channels, n_times), shape (n_trials, n_classes)."""
        check_is_fitted(self, "coef_")
        Z = np.asarray(Z).reshape(len(Z), -1)
        return Z @ self.coef_.reshape(len(self.classes_), -1).T + self.intercept_

    def _input_layer(self):
        """The scores are the first layer: (coef (n_features, n_classes), intercept, None) of the scoring plan."""
        check_is_fitted(self, "coef_")
        return np.ascontiguousarray(self.coef_.reshape(len(self.classes_), -1).T), self.intercept_, None

    def to_torch(self, dtype=None):
        """The fitted scores as a ``torch.nn.Sequential(Flatten, Linear)`` over the scaled input.

        Returns
        -------
        torch.nn.Module
            Maps (n, n_channels, n_times) scaled input to (n, n_classes) scores equal to
            :meth:`decision_function`. float64 unless ``dtype`` says otherwise.
        """
        import torch

        check_is_fitted(self, "coef_")
        dtype = dtype or torch.float64
        n_classes = len(self.classes_)
        linear = torch.nn.Linear(self.coef_[0].size, n_classes).to(dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.as_tensor(self.coef_.reshape(n_classes, -1), dtype=dtype))
            linear.bias.copy_(torch.as_tensor(self.intercept_, dtype=dtype))
        return torch.nn.Sequential(torch.nn.Flatten(), linear).eval()

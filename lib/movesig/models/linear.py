"""Linear SVM on whole trials (one-vs-rest, squared hinge), with the scaling fitted on training data only."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from ._base import ChannelScaler, TrialClassifierMixin, check_trials

__all__ = ["LinearSVM", "auto_solver"]


def auto_solver(n_trials: int, n_features: int) -> str:
    """``"gram"`` up to 4 training trials per feature, else ``"primal"``.

    The Gram solver's Newton systems are as large as the active (margin-violating) trials,
    a share of all of them, after a first step on all trials that every one-vs-rest row
    shares (one factorisation); the primal's are always as large as the features. Measured,
    one thread, all classes, the same optimum (weights equal to 1e-11): synthetic gait
    (606 features) at 912 training trials (57 persons), Gram 0.5 s against primal 3.7 s at
    C = 0.1, 1.9 against 9.6 s at C = 10; at 1 600 (100 persons) 2.4 against 7.9 s and 6.8
    against 21.3 s; at 2 400 (150 persons, 4 per feature) 7.5 against 11.2 s and 16.8
    against 35.3 s. Synthetic EMG calibrated to real cycles (1 600 features, 78 persons,
    1 872 training trials): Gram 2.8 s at C = 0.01, primal about 60 s. The Gram matrix
    grows as n_trials² (4 per feature of 1 600 features: 330 MB).
    """
    return "gram" if n_trials <= 4 * n_features else "primal"


def _one_vs_rest_gram(Z, y, C):
    """One-vs-rest rows (as LinearSVC's: one row for two classes) solved on one shared Gram matrix.

    Every row's first Newton step (all trials active) is one factorisation for all rows.

    BLAS runs on one thread: the matrices are small, threads only add overhead (and the
    numbers do not depend on the machine's cores).
    """
    from threadpoolctl import threadpool_limits

    from .squared_hinge import gram_matrix, ridge_all, squared_hinge_gram

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
        Inverse regularisation strength (0.1 in Horst et al. 2019).
    standardise : {"feature", "channel", "none"}, default="feature"
        Scaling fitted on the training trials (see :class:`ChannelScaler`).
    tol : float, default=1e-4
        Solver tolerance.
    max_iter : int, default=1000
        Solver iterations.
    dual : bool or "auto", default=False
        Passed to :class:`sklearn.svm.LinearSVC` (``solver="liblinear"``). The primal
        solver converges in about ten iterations on trial data at C = 0.1, where the dual
        one needs thousands (GaitRec, one fold: 9 s converged vs 30 s not converged).
    random_state : int, optional
        Seed of the solver's coordinate order (liblinear).
    solver : {"auto", "gram", "primal", "liblinear"}, default="auto"
        ``"gram"``: every one-vs-rest row solved exactly by finite Newton steps on the
        Gram matrix of the training trials (:mod:`movesig.models.squared_hinge`), computed
        once for all classes; n_trials² × 8 bytes of memory. ``"primal"``: the same exact
        rows by the same iteration in feature space (:mod:`movesig.models.one_vs_rest`;
        n_trials × n_features memory), the classes in ``n_jobs`` chunks run by joblib.
        ``"liblinear"``: :class:`sklearn.svm.LinearSVC` to tolerance ``tol``. ``"auto"``:
        :func:`auto_solver` (``"gram"`` up to 1.5 training trials per feature,
        ``"primal"`` above; ``bench/scale.py``). All solve the same problem; on GaitRec (582 training
        trials, 194 people) liblinear needs 10 s at C = 0.1, 46 s at C = 1 and stops
        unconverged after 1000 iterations (132 s) at C = 10, where the Gram solver needs
        2-4 s (see ``bench/gait_models.py``).

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

    def fit(self, X, y):
        """Fit on X of shape (n_trials, n_channels, n_times) and labels y (n_trials,)."""
        if self.solver not in ("auto", "gram", "primal", "liblinear"):
            raise ValueError(f"unknown solver {self.solver!r}; choose 'auto', 'gram', 'primal' or 'liblinear'")
        X = check_trials(X)
        self.scaler_ = ChannelScaler(self.standardise).fit(X)
        Z = self.scaler_.transform(X).reshape(len(X), -1)
        solver = auto_solver(*Z.shape) if self.solver == "auto" else self.solver
        if solver == "gram":
            self.classes_, coef, intercept, self.n_iter_ = _one_vs_rest_gram(Z, np.asarray(y), self.C)
        elif solver == "primal":
            from joblib import effective_n_jobs

            from .one_vs_rest import one_vs_rest_primal

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
        """The scores are the first layer: (coef (n_features, n_classes), intercept, None); see ``input_layer``."""
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

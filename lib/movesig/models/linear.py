"""Linear SVM on whole trials, with the scaling fitted on training data only."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

__all__ = ["ChannelScaler", "LinearSVM", "STANDARDISE_MODES", "TrialClassifierMixin", "check_trials", "half_range"]

#: Scaling modes: z-score every (channel, time) value, one mean/SD per channel, every channel
#: min-max scaled to [-1, 1], or none.
STANDARDISE_MODES = ("feature", "channel", "range", "none")


def check_trials(X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 3:
        raise ValueError(f"X must have shape (n_trials, n_channels, n_times), got shape {X.shape}")
    return X


def half_range(X, per: str = "feature") -> np.ndarray:
    """Half the min-max range over all trials, per input value or per channel.

    The unit of data min-max scaled to [-1, 1] (Horst et al.'s "AV" inputs lie in [-1, 1]):
    noise of SD 1 in these units is noise of SD 1 on such data.

    Parameters
    ----------
    X : ndarray of shape (n_trials, n_channels, n_times)
    per : {"feature", "channel"}
        Range of every (channel, time) value over trials, shape (n_channels, n_times); or of
        every channel over trials and time, shape (n_channels, 1).
    """
    X = check_trials(X)
    if per not in ("feature", "channel"):
        raise ValueError(f"per must be 'feature' or 'channel', got {per!r}")
    axes = (0,) if per == "feature" else (0, 2)
    half = (X.max(axis=axes, keepdims=True) - X.min(axis=axes, keepdims=True))[0] / 2
    return np.where(half > 0, half, 1.0)


class ChannelScaler(TransformerMixin, BaseEstimator):
    """Standardise trials with statistics of the training trials.

    Parameters
    ----------
    mode : {"feature", "channel", "range", "none"}, default="feature"
        ``"feature"``: mean and SD of every (channel, time point) over trials, as
        scikit-learn's ``StandardScaler`` on flattened trials; ``"channel"``: one mean and
        SD per channel over trials and time, which keeps each curve's shape; ``"range"``:
        every channel min-max scaled to [-1, 1] over trials and time (the range of
        Horst et al.'s "AV" inputs), keeping each curve's shape; ``"none"``: identity.

    Attributes
    ----------
    mean_, scale_ : ndarray of shape (1, n_channels, n_times) or (1, n_channels, 1)
    """

    def __init__(self, mode: str = "feature"):
        self.mode = mode

    def fit(self, X, y=None):
        X = check_trials(X)
        if self.mode not in STANDARDISE_MODES:
            raise ValueError(f"unknown standardise mode {self.mode!r}; choose one of {STANDARDISE_MODES}")
        axes = {"feature": (0,), "channel": (0, 2), "range": (0, 2), "none": None}[self.mode]
        if self.mode == "range":
            self.mean_ = (X.max(axis=axes, keepdims=True) + X.min(axis=axes, keepdims=True)) / 2
            self.scale_ = half_range(X, per="channel")[None]
        elif axes is None:
            self.mean_ = np.zeros((1, X.shape[1], 1))
            self.scale_ = np.ones((1, X.shape[1], 1))
        else:
            self.mean_ = X.mean(axis=axes, keepdims=True)
            sd = X.std(axis=axes, keepdims=True)
            self.scale_ = np.where(sd > 0, sd, 1.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "mean_")
        return (check_trials(X) - self.mean_) / self.scale_


class TrialClassifierMixin(ClassifierMixin):
    """What every movesig classifier shares: scaled input, prediction by the largest score, class rows.

    Subclasses set ``scaler_`` and ``classes_`` in ``fit`` and define ``decision_function``.
    """

    def scaled_input(self, X) -> np.ndarray:
        """The input as the model sees it, shape (n_trials, n_channels, n_times)."""
        check_is_fitted(self, "scaler_")
        return self.scaler_.transform(X)

    def predict(self, X) -> np.ndarray:
        """The class with the largest score for every trial, shape (n_trials,)."""
        return self.classes_[self.decision_function(X).argmax(axis=1)]

    def class_index(self, y) -> np.ndarray:
        """Row of the scores (and of ``coef_``) for every label in y, shape (n,)."""
        idx = np.clip(np.searchsorted(self.classes_, y), 0, len(self.classes_) - 1)
        if not np.all(self.classes_[idx] == np.asarray(y)):
            raise ValueError("labels not seen in training")
        return idx


def _one_vs_rest_gram(Z, y, C):
    """One-vs-rest rows (as LinearSVC's: one row for two classes) solved on one shared Gram matrix.

    BLAS runs on one thread: the matrices are small, threads only add overhead (and the
    numbers do not depend on the machine's cores).
    """
    from threadpoolctl import threadpool_limits

    from .squared_hinge import gram_matrix, squared_hinge_gram

    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"need at least two classes to separate, got {len(classes)}")
    positives = classes[1:] if len(classes) == 2 else classes
    coef, intercept, steps = [], [], 0
    with threadpool_limits(1):
        gram = gram_matrix(Z)
        for c in positives:
            fit = squared_hinge_gram(gram, y == c, C)
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
    solver : {"auto", "gram", "liblinear"}, default="auto"
        ``"gram"``: every one-vs-rest row solved exactly by finite Newton steps on the
        Gram matrix of the training trials (:mod:`movesig.models.squared_hinge`), computed
        once for all classes; n_trials² × 8 bytes of memory. ``"liblinear"``:
        :class:`sklearn.svm.LinearSVC` to tolerance ``tol``. ``"auto"``: ``"gram"`` up to
        10 000 training trials. Both solve the same problem; on GaitRec (582 training
        trials, 194 people) liblinear needs 10 s at C = 0.1, 46 s at C = 1 and stops
        unconverged after 1000 iterations (132 s) at C = 10, where the Gram solver needs
        2-4 s (see ``bench/gait_models.py``).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    scaler_ : ChannelScaler
    coef_ : ndarray of shape (n_classes, n_channels, n_times)
        Weights on the scaled input; one row per class also for two classes.
    intercept_ : ndarray of shape (n_classes,)
    """

    def __init__(self, C: float = 0.1, standardise: str = "feature", tol: float = 1e-4, max_iter: int = 1000,
                 dual=False, random_state: int | None = None, solver: str = "auto"):
        self.C = C
        self.standardise = standardise
        self.tol = tol
        self.max_iter = max_iter
        self.dual = dual
        self.random_state = random_state
        self.solver = solver

    def fit(self, X, y):
        """Fit on X of shape (n_trials, n_channels, n_times) and labels y (n_trials,)."""
        if self.solver not in ("auto", "gram", "liblinear"):
            raise ValueError(f"unknown solver {self.solver!r}; choose 'auto', 'gram' or 'liblinear'")
        X = check_trials(X)
        self.scaler_ = ChannelScaler(self.standardise).fit(X)
        Z = self.scaler_.transform(X).reshape(len(X), -1)
        if self.solver == "gram" or (self.solver == "auto" and len(Z) <= 10_000):
            self.classes_, coef, intercept, self.n_iter_ = _one_vs_rest_gram(Z, np.asarray(y), self.C)
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

    def decision_function(self, X) -> np.ndarray:
        """Class scores, shape (n_trials, n_classes)."""
        Z = self.scaled_input(X).reshape(len(X), -1)
        return Z @ self.coef_.reshape(len(self.classes_), -1).T + self.intercept_

    def explain(self, X, target, rule: str = "epsilon", epsilon: float = 1e-5) -> np.ndarray:
        """ε-LRP relevance on the scaled input for the scores of ``target`` (class indices).

        A linear model has one rule: ``rule`` is accepted for a common interface with the
        networks and must be ``"epsilon"``.
        """
        from ..explain.linear import lrp_linear

        if rule != "epsilon":
            raise ValueError(f"a linear model is explained with the epsilon rule, not {rule!r}")
        return lrp_linear(self.scaled_input(X), self.coef_, self.intercept_, target, epsilon).relevance

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

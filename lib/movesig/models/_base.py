"""What every movesig classifier shares: input checks, the training-set scaler, prediction and class rows."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["ChannelScaler", "STANDARDISE_MODES", "ScoringPlan", "TrialClassifierMixin", "check_trials", "half_range", "torch_threads"]

#: Scaling modes: z-score every (channel, time) value, one mean/SD per channel, every channel
#: min-max scaled to [-1, 1], or none.
STANDARDISE_MODES = ("feature", "channel", "range", "none")


def check_trials(X) -> np.ndarray:
    """X as float64 of shape (n_trials, n_channels, n_times); anything else is an error."""
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
    standardise : {"feature", "channel", "range", "none"}, default="feature"
        The same name and values as the estimators' ``standardise`` and the chapters'.
        ``"feature"``: mean and SD of every (channel, time point) over trials, as
        scikit-learn's ``StandardScaler`` on flattened trials; ``"channel"``: one mean and
        SD per channel over trials and time, which keeps each curve's shape; ``"range"``:
        every channel min-max scaled to [-1, 1] over trials and time (the range of
        Horst et al.'s "AV" inputs), keeping each curve's shape; ``"none"``: identity.

    Attributes
    ----------
    mean_, scale_ : ndarray of shape (1, n_channels, n_times) or (1, n_channels, 1)
    """

    def __init__(self, standardise: str = "feature"):
        self.standardise = standardise

    def fit(self, X, y=None):
        X = check_trials(X)
        if self.standardise not in STANDARDISE_MODES:
            raise ValueError(f"unknown standardise mode {self.standardise!r}; choose one of {STANDARDISE_MODES}")
        axes = {"feature": (0,), "channel": (0, 2), "range": (0, 2), "none": None}[self.standardise]
        if self.standardise == "range":
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


@dataclass(frozen=True)
class ScoringPlan:
    """What a model offers code that scores many variants of the same trials (the perturbation tests).

    Attributes
    ----------
    scale : callable
        Trials in data units (n, n_channels, n_times) -> the model's input, same shape: an
        affine map per value, so that a mix of values from several trials scales as they do.
    dtype : numpy.dtype
        The type the model computes its scores in from that input.
    score : callable
        Model input (m, n_channels, n_times) in ``dtype`` -> scores (m, n_classes).
    first_layer : tuple (weight, bias, head) or None
        The scores as a linear first layer of the model input and what follows it:
        ``weight`` (n_features, n_hidden) and ``bias`` (n_hidden,) in ``dtype`` give the
        layer's output ``Z.reshape(len(Z), -1) @ weight + bias``; ``head`` maps it, shape
        (m, n_hidden), to the scores (None: it is the scores). A batch a few values away
        from the last can then update the layer's output instead of recomputing it.
    """

    scale: Callable
    dtype: np.dtype
    score: Callable
    first_layer: tuple | None = None


class TrialClassifierMixin(ClassifierMixin):
    """What every movesig classifier shares: scaled input, prediction by the largest score, class rows.

    Subclasses set ``scaler_`` and ``classes_`` in ``fit`` and define ``decision_function_scaled``,
    the scores of input already scaled: ``decision_function`` is that of :meth:`scaled_input`.
    Code that scores many variants of the same trials (the perturbation tests) scales them
    once and builds its batches in :attr:`scaled_dtype`, the type the model computes in.
    """

    #: The float type the scores are computed in from the scaled input.
    scaled_dtype = np.float64

    def decision_function(self, X) -> np.ndarray:
        """Class scores (pre-softmax for networks) of trials X (n_trials, n_channels, n_times), shape (n_trials, n_classes)."""
        return self.decision_function_scaled(self.scaled_input(X))

    def decision_function_scaled(self, Z) -> np.ndarray:
        """Class scores of scaled input Z (n_trials, n_channels, n_times), shape (n_trials, n_classes)."""
        raise NotImplementedError(f"{type(self).__name__} must define decision_function_scaled")

    def scoring_plan(self) -> ScoringPlan:
        """How code that scores many variants of the same trials may score this model (see :class:`ScoringPlan`).

        An offer, not a promise: the caller checks it against :meth:`decision_function` on
        its own trials before using it (:func:`movesig.evaluate.perturbation.perturbation_curves`).
        """
        return ScoringPlan(self.scaled_input, np.dtype(self.scaled_dtype), self.decision_function_scaled,
                           self._input_layer())

    def _input_layer(self):
        """The scores as a linear first layer and what follows it (:attr:`ScoringPlan.first_layer`), or None."""
        return None

    def scaled_input(self, X) -> np.ndarray:
        """The input as the model sees it, shape (n_trials, n_channels, n_times).

        Each value is scaled on its own (an affine map per channel and time point, fitted on
        the training trials), so a mix of values from several trials scales as the values do.
        """
        check_is_fitted(self, "scaler_")
        return self.scaler_.transform(X)

    def predict(self, X) -> np.ndarray:
        """The class with the largest score for every trial, shape (n_trials,)."""
        check_is_fitted(self, "classes_")
        return self.classes_[self.decision_function(X).argmax(axis=1)]

    def class_index(self, y) -> np.ndarray:
        """Row of the scores (and of ``coef_``) for every label in y, shape (n,).

        Raises
        ------
        ValueError
            If a label was not seen in training.
        """
        check_is_fitted(self, "classes_")
        return class_rows(self.classes_, y)


def class_rows(classes: np.ndarray, y) -> np.ndarray:
    """Index of every label of ``y`` in the sorted array ``classes``, shape (n,); unseen labels are an error."""
    y = np.asarray(y)
    idx = np.clip(np.searchsorted(classes, y), 0, len(classes) - 1)
    unseen = classes[idx] != y
    if np.any(unseen):
        raise ValueError(f"label(s) not seen in training: {np.unique(y[unseen]).tolist()[:5]}")
    return idx


@contextlib.contextmanager
def torch_threads(n_threads: int):
    """Torch on ``n_threads`` CPU threads inside the block (numbers then do not depend on the machine's cores)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(n_threads)
    try:
        yield
    finally:
        torch.set_num_threads(threads)



"""Classifiers as scikit-learn-style estimators taking X of shape (n_trials, n_channels, n_times)."""

from ._base import STANDARDISE_MODES, ChannelScaler, ScoringPlan, TrialClassifierMixin, half_range
from .batched import fit_folds
from .linear import LinearSVM
from .networks import ARCHITECTURES, NetworkClassifier, build_network
from .registry import FAMILIES, MODELS, ModelSpec, make_estimator, make_model, register_model

__all__ = ["ARCHITECTURES", "FAMILIES", "MODELS", "make_estimator", "STANDARDISE_MODES", "ChannelScaler", "LinearSVM", "ModelSpec",
           "NetworkClassifier", "ScoringPlan", "TrialClassifierMixin", "build_network", "fit_folds", "half_range", "make_model",
           "register_model"]

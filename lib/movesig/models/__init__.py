"""Classifiers as scikit-learn-style estimators taking X of shape (n_trials, n_channels, n_times)."""

from .linear import ChannelScaler, LinearSVM

__all__ = ["ChannelScaler", "LinearSVM"]

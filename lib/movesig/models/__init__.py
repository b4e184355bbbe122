"""Classifiers as scikit-learn-style estimators taking X of shape (n_trials, n_channels, n_times)."""

from .linear import ChannelScaler, LinearSVM
from .networks import ARCHITECTURES, NetworkClassifier, build_network

__all__ = ["ARCHITECTURES", "ChannelScaler", "LinearSVM", "NetworkClassifier", "build_network"]

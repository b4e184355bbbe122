"""Removing a population-wide covariate trend (e.g. walking speed) from trials, fitted on training trials only."""

from __future__ import annotations

import numpy as np

__all__ = ["remove_trend"]


def remove_trend(X_train, covariate_train, X_test, covariate_test) -> tuple[np.ndarray, np.ndarray]:
    """Subtract a per-point linear trend on a covariate, fitted by least squares on the training trials only.

    At every point (channel, time) ``x ≈ a + b · c`` over the training trials; both sets
    become ``x − b · (c − c̄)``, with ``c̄`` the training mean of the covariate, so that the
    level of each point is kept and only its trend with the covariate goes. The test
    trials' own values never enter the fit.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, ...)
    covariate_train : ndarray of shape (n_train,)
        E.g. walking speed (m/s); must vary.
    X_test : ndarray of shape (n_test, ...)
    covariate_test : ndarray of shape (n_test,)

    Returns
    -------
    X_train_adjusted, X_test_adjusted : ndarrays of the input shapes
    """
    X_train, X_test = np.asarray(X_train, float), np.asarray(X_test, float)
    c = np.asarray(covariate_train, float)
    centred = c - c.mean()
    spread = centred @ centred
    if not spread > 0:
        raise ValueError("the covariate does not vary over the training trials: no trend can be fitted")
    flat = X_train.reshape(len(X_train), -1)
    slope = centred @ (flat - flat.mean(axis=0)) / spread  # (n_points,)
    shape = (-1,) + (1,) * (X_train.ndim - 1)
    slope = slope.reshape(X_train.shape[1:])
    return (X_train - centred.reshape(shape) * slope,
            X_test - (np.asarray(covariate_test, float) - c.mean()).reshape(shape) * slope)

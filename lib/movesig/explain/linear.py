"""ε-LRP of a linear model, computed directly.

For a linear score z_c = Σ_i x_i w_ci + b_c the ε-rule gives every input its share of the
explained score:

    R_i = x_i w_ci · z_c / (z_c + ε·sign(z_c)),    R_bias = b_c · z_c / (z_c + ε·sign(z_c))

so that Σ_i R_i + R_bias = z_c up to the ε term (sign(0) counts as +1, as in zennit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LinearRelevance", "lrp_linear"]


@dataclass(frozen=True)
class LinearRelevance:
    """Relevance of every input value and of the bias.

    Attributes
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
    bias : ndarray of shape (n_trials,)
        The bias's share of the explained score.
    score : ndarray of shape (n_trials,)
        The explained score z_c.
    """

    relevance: np.ndarray
    bias: np.ndarray
    score: np.ndarray

    def conservation_error(self) -> np.ndarray:
        """|Σ R + R_bias − z| per trial, shape (n_trials,)."""
        total = self.relevance.reshape(len(self.score), -1).sum(axis=1) + self.bias
        return np.abs(total - self.score)


def lrp_linear(x, weights, bias, target, epsilon: float = 1e-5) -> LinearRelevance:
    """ε-LRP for a linear layer, from the score of class ``target``.

    Parameters
    ----------
    x : ndarray of shape (n_trials, n_channels, n_times)
        Input as the linear layer sees it (already scaled).
    weights : ndarray of shape (n_classes, n_channels, n_times)
    bias : ndarray of shape (n_classes,)
    target : ndarray of int, shape (n_trials,)
        Row of ``weights`` to explain for every trial (true or predicted class).
    epsilon : float, default=1e-5
        Stabiliser of the ε-rule.

    Returns
    -------
    LinearRelevance
    """
    x = np.asarray(x, dtype=np.float64)
    target = np.asarray(target)
    w = np.asarray(weights, dtype=np.float64)[target]  # (n, C, T)
    b = np.asarray(bias, dtype=np.float64)[target]
    contrib = x * w
    z = contrib.reshape(len(x), -1).sum(axis=1) + b
    factor = z / (z + epsilon * np.where(z >= 0, 1.0, -1.0))
    return LinearRelevance(contrib * factor[:, None, None], b * factor, z)

"""Means with confidence intervals over independent units (people), and per-person accuracy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .by_person import group, mean_by_person

__all__ = ["MeanCI", "bootstrap_mean", "per_person_accuracy", "permuted_accuracy"]


@dataclass(frozen=True)
class MeanCI:
    """A mean over n units with a percentile-bootstrap confidence interval."""

    mean: float
    low: float
    high: float
    n: int
    confidence: float = 0.95

    def as_dict(self) -> dict:
        return {"mean": self.mean, "ci_low": self.low, "ci_high": self.high, "n": self.n,
                "confidence": self.confidence}

    def percent(self) -> str:
        """``"mean [low, high], n = k"`` in percent."""
        return f"{100 * self.mean:.1f} [{100 * self.low:.1f}, {100 * self.high:.1f}], n = {self.n}"


def bootstrap_mean(values, confidence: float = 0.95, n_boot: int = 10000, seed: int = 0) -> MeanCI:
    """Mean of ``values`` (one per unit, e.g. per person) with a percentile-bootstrap interval.

    Parameters
    ----------
    values : array-like of shape (n,)
        Independent units; NaNs are refused.
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or values.size == 0 or not np.isfinite(values).all():
        raise ValueError(f"values must be a non-empty finite vector, got shape {values.shape}")
    if values.size == 1:
        return MeanCI(float(values[0]), float("nan"), float("nan"), 1, confidence)
    draws = np.random.default_rng(seed).integers(0, values.size, size=(n_boot, values.size))
    means = values[draws].mean(axis=1)
    tail = (1 - confidence) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return MeanCI(float(values.mean()), float(low), float(high), int(values.size), confidence)


def per_person_accuracy(person, predicted) -> tuple[np.ndarray, np.ndarray]:
    """Share of every person's tested trials recognised as them.

    Parameters
    ----------
    person, predicted : ndarray of shape (n_trials,)
        True and predicted person of tested trials.

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    accuracy : ndarray of shape (n_persons,)
    """
    person = np.asarray(person)
    return mean_by_person((np.asarray(predicted) == person).astype(np.float64), person)


def permuted_accuracy(person, predicted, seed: int = 0, n_permutations: int = 1000, quantile: float = 0.95) -> float:
    """The mean per-person accuracy that predictions unrelated to the person reach: a permutation null.

    The predictions are permuted among the tested trials (each permutation keeps how often
    every person is predicted, and breaks which trial gets which prediction); the
    ``quantile`` of the mean per-person accuracy over the permutations is returned. An
    accuracy above it is not explained by how often each person is predicted.

    Parameters
    ----------
    person, predicted : ndarray of shape (n_trials,)
        True and predicted person of tested trials.
    seed : int
    n_permutations : int
    quantile : float in (0, 1)

    Returns
    -------
    float
        A share (0-1).
    """
    person, predicted = np.asarray(person), np.asarray(predicted)
    rng = np.random.default_rng(seed)
    order, _, starts, counts = group(person)
    means = np.empty(n_permutations)
    for i in range(n_permutations):
        hit = (rng.permutation(predicted) == person)[order].astype(np.float64)
        means[i] = np.mean(np.add.reduceat(hit, starts) / counts)
    return float(np.quantile(means, quantile))

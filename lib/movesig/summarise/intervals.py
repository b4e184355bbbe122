"""Means with confidence intervals over independent units (people), and per-person accuracy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .by_person import mean_by_person

__all__ = ["MeanCI", "bootstrap_mean", "per_person_accuracy"]


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

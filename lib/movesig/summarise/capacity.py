"""Accuracy against the number of people enrolled: a plain log-linear fit, its extrapolation, people resampled."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LogLinearFit", "loglinear_fit"]


@dataclass(frozen=True)
class LogLinearFit:
    """``accuracy = intercept + slope · ln(people)``, fitted to the mean per-person accuracy of every draw.

    Attributes
    ----------
    slope, intercept : float
    per_doubling : tuple of float
        (estimate, low, high): the change of accuracy when the people enrolled double
        (``slope · ln 2``), with its 95 % interval resampling people within every draw.
    predicted : dict of int -> tuple of float
        People -> (estimate, low, high) accuracy the fit extrapolates to, capped to [0, 1].
    n_people : int
        People summed over the draws (the units resampled).
    """

    slope: float
    intercept: float
    per_doubling: tuple
    predicted: dict
    n_people: int

    def line(self, people) -> np.ndarray:
        """The fitted accuracy at ``people``, shape like ``people`` (not capped)."""
        return self.intercept + self.slope * np.log(np.asarray(people, dtype=np.float64))


def _fit(x, y):
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope), float(intercept)


def loglinear_fit(sizes, accuracies, targets, n_boot: int = 2000, seed: int = 0,
                  confidence: float = 0.95) -> LogLinearFit:
    """Fit accuracy against ln(people enrolled) and extrapolate it, with people-resampling intervals.

    This is a plain log-linear fit, said as such: nothing in it says the decline keeps this
    form beyond the sizes measured, and its interval covers the resampling of people only.

    Parameters
    ----------
    sizes : sequence of int, length n_draws
        People enrolled in each draw.
    accuracies : sequence of ndarray, length n_draws
        Each draw's per-person accuracy (shares), one value per person.
    targets : sequence of int
        People to extrapolate to.
    """
    sizes = np.asarray(sizes, dtype=np.float64)
    if len(np.unique(sizes)) < 2:
        raise ValueError("a fit against the number of people needs draws of at least two sizes")
    x = np.log(sizes)
    slope, intercept = _fit(x, [np.mean(a) for a in accuracies])
    rng = np.random.default_rng(seed)
    boot = np.array([_fit(x, [np.mean(a[rng.integers(0, len(a), len(a))]) for a in accuracies])
                     for _ in range(n_boot)])
    tail = (1 - confidence) / 2

    def interval(values):
        low, high = np.quantile(values, [tail, 1 - tail])
        return float(low), float(high)

    per_doubling = (slope * np.log(2), *interval(boot[:, 0] * np.log(2)))
    predicted = {}
    for t in targets:
        at = boot[:, 1] + boot[:, 0] * np.log(t)
        predicted[int(t)] = tuple(float(np.clip(v, 0, 1)) for v in (intercept + slope * np.log(t), *interval(at)))
    return LogLinearFit(slope, intercept, tuple(float(v) for v in per_doubling), predicted,
                        int(sum(len(a) for a in accuracies)))

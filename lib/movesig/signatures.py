"""Muscle activation signatures (Aeles et al. 2021) and the statistics around them.

A person's *signature* is the set of (muscle, time point) where their positive relevance
is consistently high: every cycle's relevance is clipped at zero and divided by its
maximum over all muscles and time points; a point belongs to the signature when it
exceeds ``threshold`` (0.2) in at least ``share`` (1.0: all) of the person's cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .identification import mean_by_person

__all__ = [
    "FisherMean",
    "extract_signatures",
    "fisher_z_mean",
    "jaccard",
    "normalise_cycles",
    "pearson_rows",
    "per_person_correlation",
    "within_person_consistency",
]


def normalise_cycles(relevance: np.ndarray) -> np.ndarray:
    """Positive relevance of every cycle divided by that cycle's maximum.

    Parameters
    ----------
    relevance : ndarray of shape (n_cycles, n_channels, n_times)

    Returns
    -------
    ndarray of the same shape, values in [0, 1] (a cycle with no positive relevance is all 0).
    """
    pos = np.clip(relevance, 0, None)
    peak = pos.reshape(len(pos), -1).max(axis=1)
    return pos / np.where(peak > 0, peak, 1.0)[:, None, None]


def _group(person: np.ndarray):
    """Sort order, sorted unique persons, and the start of every person's block."""
    order = np.argsort(person, kind="stable")
    persons, starts, counts = np.unique(person[order], return_index=True, return_counts=True)
    return order, persons, starts, counts


def extract_signatures(relevance: np.ndarray, person: np.ndarray, threshold: float = 0.2, share: float = 1.0):
    """Every person's signature, vectorised over people and cycles.

    Parameters
    ----------
    relevance : ndarray of shape (n_cycles, n_channels, n_times)
        Relevance of every cycle for its own person (true-class LRP).
    person : ndarray of shape (n_cycles,)
    threshold : float, default=0.2
        Normalised relevance a point must exceed.
    share : float, default=1.0
        Fraction of the person's cycles in which it must exceed it (1.0: all).

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    signatures : ndarray of bool, shape (n_persons, n_channels, n_times)
    fraction : ndarray of shape (n_persons, n_channels, n_times)
        Fraction of each person's cycles above the threshold at every point.
    """
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], got {share}")
    above = (normalise_cycles(relevance) > threshold).astype(np.float64)
    order, persons, starts, counts = _group(np.asarray(person))
    fraction = np.add.reduceat(above[order], starts, axis=0) / counts[:, None, None]
    return persons, fraction >= share - 1e-12, fraction


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaccard index |a ∩ b| / |a ∪ b| per row (first axis); 1 where both are empty.

    Parameters
    ----------
    a, b : ndarray of bool, shape (n, ...)

    Returns
    -------
    ndarray of shape (n,)
    """
    a = np.asarray(a, bool).reshape(len(a), -1)
    b = np.asarray(b, bool).reshape(len(b), -1)
    inter = (a & b).sum(axis=1)
    union = (a | b).sum(axis=1)
    return np.where(union > 0, inter / np.maximum(union, 1), 1.0)


def pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r between corresponding rows of a and b (flattened beyond the first axis), shape (n,)."""
    a = np.asarray(a, np.float64).reshape(len(a), -1)
    b = np.asarray(b, np.float64).reshape(len(b), -1)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    denom = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    return (a * b).sum(axis=1) / np.where(denom > 0, denom, np.nan)


def per_person_correlation(values_a, person_a, values_b, person_b):
    """Pearson r per person between their mean maps in two sets of cycles (persons in both).

    Returns
    -------
    persons : ndarray of shape (n_common,)
    r : ndarray of shape (n_common,)
    """
    pa, ma = mean_by_person(values_a, person_a)
    pb, mb = mean_by_person(values_b, person_b)
    common, ia, ib = np.intersect1d(pa, pb, return_indices=True)
    return common, pearson_rows(ma[ia], mb[ib])


def within_person_consistency(values: np.ndarray, person: np.ndarray):
    """Pearson r of each cycle with the mean of the person's other cycles, averaged per person.

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    r : ndarray of shape (n_persons,)
        Mean (through Fisher's z) of the leave-one-out correlations of every person.
    """
    order, persons, starts, counts = _group(np.asarray(person))
    values = values[order]
    sums = np.add.reduceat(values, starts, axis=0)
    owner = np.repeat(np.arange(len(persons)), counts)
    others = (sums[owner] - values) / np.maximum(counts[owner] - 1, 1)[:, None, None]
    r = pearson_rows(values, others)
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    return persons, np.tanh(np.add.reduceat(z, starts) / counts)


@dataclass(frozen=True)
class FisherMean:
    """Mean correlation through Fisher's z with a 95 % confidence interval."""

    r: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict:
        return {"r_mean": self.r, "ci95_low": self.low, "ci95_high": self.high, "n": self.n}

    def __str__(self) -> str:
        return f"{self.r:.3f} [{self.low:.3f}, {self.high:.3f}]"


def fisher_z_mean(r, confidence: float = 0.95) -> FisherMean:
    """Average correlations through Fisher's z = artanh(r), with a t-based CI back-transformed.

    Parameters
    ----------
    r : array-like of shape (n,)
        Correlations (NaNs are dropped).
    """
    r = np.asarray(r, np.float64)
    r = r[np.isfinite(r)]
    if r.size == 0:
        raise ValueError("no finite correlations to average")
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    mean = z.mean()
    if r.size < 2:
        return FisherMean(float(np.tanh(mean)), float("nan"), float("nan"), int(r.size))
    half = stats.t.ppf(0.5 + confidence / 2, r.size - 1) * z.std(ddof=1) / np.sqrt(r.size)
    return FisherMean(float(np.tanh(mean)), float(np.tanh(mean - half)), float(np.tanh(mean + half)), int(r.size))


#: Condition names of the day-1 baseline (synthetic/study files, and the 7-person subset).
BASELINE_CONDITIONS = ("day1", "150W-day1", "baseline")


def baseline_trials(dataset, task: str | None = None):
    """The day-1 baseline trials of one task (the condition in :data:`BASELINE_CONDITIONS`), or of every task."""
    if task is None:
        from .data.dataset import concatenate

        return concatenate([baseline_trials(dataset, t) for t in sorted(set(dataset.task))],
                           provenance=dataset.provenance)
    sub = dataset.select(task=task)
    present = [c for c in BASELINE_CONDITIONS if c in set(sub.condition)]
    if not present:
        raise ValueError(f"{dataset.provenance.source}: no baseline condition for {task!r} "
                         f"(looked for {BASELINE_CONDITIONS}; present: {sorted(set(sub.condition))})")
    return sub.select(condition=present[0])


def signature_counts(signatures: np.ndarray) -> np.ndarray:
    """Number of persons with each (channel, time) in their signature, shape (n_channels, n_times)."""
    return np.asarray(signatures, bool).sum(axis=0)


def persons_per_channel(signatures: np.ndarray) -> np.ndarray:
    """Number of persons with at least one point of each channel in their signature, shape (n_channels,)."""
    return np.asarray(signatures, bool).any(axis=2).sum(axis=0)

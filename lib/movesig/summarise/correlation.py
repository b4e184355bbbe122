"""Correlation of maps and its averages: Pearson r row by row, per person, and Fisher's z (one implementation)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .by_person import group, mean_by_person

__all__ = ["FisherMean", "correlation_by_size", "fisher_z", "fisher_z_mean", "mean_r", "pairwise_consistency", "pearson_rows", "per_person_correlation",
           "within_person_consistency"]


def fisher_z(r) -> np.ndarray:
    """Fisher's z = artanh(r), with r clipped to ±0.999999 so that r = ±1 stays finite."""
    return np.arctanh(np.clip(np.asarray(r, np.float64), -0.999999, 0.999999))


def mean_r(r) -> float:
    """The mean of correlations taken through Fisher's z: tanh(mean(artanh(r)))."""
    return float(np.tanh(fisher_z(r).mean()))


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
    order, persons, starts, counts = group(person)
    values = values[order]
    sums = np.add.reduceat(values, starts, axis=0)
    owner = np.repeat(np.arange(len(persons)), counts)
    others = (sums[owner] - values) / np.maximum(counts[owner] - 1, 1)[:, None, None]
    r = pearson_rows(values, others)
    return persons, np.tanh(np.add.reduceat(fisher_z(r), starts) / counts)


def pairwise_consistency(values: np.ndarray, person: np.ndarray):
    """Pearson r of every pair of a person's cycles, averaged per person through Fisher's z (the authors' estimand).

    Parameters
    ----------
    values : ndarray of shape (n_cycles, ...)
    person : ndarray of shape (n_cycles,)

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    r : ndarray of shape (n_persons,)
    """
    values = np.asarray(values, dtype=np.float64)
    person = np.asarray(person)
    persons = np.unique(person)
    out = np.empty(len(persons))
    for i, p in enumerate(persons):
        v = values[person == p].reshape((person == p).sum(), -1)
        v = v - v.mean(axis=1, keepdims=True)
        norm = np.linalg.norm(v, axis=1)
        r = (v @ v.T) / np.outer(norm, norm)
        upper = r[np.triu_indices(len(v), k=1)]
        out[i] = np.tanh(fisher_z(np.clip(upper, -1 + 1e-12, 1 - 1e-12)).mean()) if upper.size else np.nan
    return persons, out


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
        return f"{self.r:.3f} [{self.low:.3f}, {self.high:.3f}], n = {self.n}"


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
    z = fisher_z(r)
    mean = z.mean()
    if r.size < 2:
        return FisherMean(float(np.tanh(mean)), float("nan"), float("nan"), int(r.size))
    half = stats.t.ppf(0.5 + confidence / 2, r.size - 1) * z.std(ddof=1) / np.sqrt(r.size)
    return FisherMean(float(np.tanh(mean)), float(np.tanh(mean - half)), float(np.tanh(mean + half)), int(r.size))


def correlation_by_size(table: dict) -> dict:
    """Per task and training-set size N: mean r over all (person, draw) through Fisher's z, 5th percentile, minimum.

    Parameters
    ----------
    table : dict of str -> ndarray of shape (n_rows,)
        Columns ``task``, ``N`` and ``r`` (the participant-number table), and optionally
        ``r_next`` (the chance control: r with the next participant's map).

    Returns
    -------
    dict of task -> dict of N -> {"r_mean", "r_p05", "r_min", "n"}, with "r_next_mean" when
    the table has ``r_next``
    """
    out = {}
    for task in sorted(set(table["task"])):
        rows = {}
        sel = table["task"] == task
        for n in sorted(set(table["N"][sel])):
            r = table["r"][sel & (table["N"] == n)]
            rows[int(n)] = {"r_mean": mean_r(r), "r_p05": float(np.percentile(r, 5)), "r_min": float(r.min()),
                            "n": int(r.size)}
            if "r_next" in table:
                rows[int(n)]["r_next_mean"] = mean_r(table["r_next"][sel & (table["N"] == n)])
        out[task] = rows
    return out


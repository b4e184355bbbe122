"""Muscle activation signatures (Aeles et al. 2021): normalised positive relevance, thresholded per person.

A person's *signature* is the set of (muscle, time point) where their positive relevance
is consistently high: every cycle's relevance is clipped at zero and divided by its
maximum over all muscles and time points; a point belongs to the signature when it
exceeds ``threshold`` (0.2) in at least ``share`` (1.0: all) of the person's cycles.
"""

from __future__ import annotations

import numpy as np

from .by_person import group

__all__ = ["extract_signatures", "jaccard", "normalise_cycles", "persons_per_channel", "signature_counts"]


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
    order, persons, starts, counts = group(person)
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


def signature_counts(signatures: np.ndarray) -> np.ndarray:
    """Number of persons with each (channel, time) in their signature, shape (n_channels, n_times)."""
    return np.asarray(signatures, bool).sum(axis=0)


def persons_per_channel(signatures: np.ndarray) -> np.ndarray:
    """Number of persons with at least one point of each channel in their signature, shape (n_channels,)."""
    return np.asarray(signatures, bool).any(axis=2).sum(axis=0)

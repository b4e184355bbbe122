"""Where relevance lies: its share per channel, per time point, and per channel and region of the cycle."""

from __future__ import annotations

import numpy as np

__all__ = ["relevance_share", "relevance_share_by_region"]


def relevance_share(relevance: np.ndarray, axis: int = 1, positive_only: bool = False) -> np.ndarray:
    """Share of total absolute (or positive) relevance along one axis, summing to 1.

    Parameters
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
    axis : int
        1 for the share per channel, 2 per time point.
    positive_only : bool
        Count only positive relevance (evidence for the explained person).

    Returns
    -------
    ndarray of shape (relevance.shape[axis],)
    """
    r = np.clip(relevance, 0, None) if positive_only else np.abs(relevance)
    other = tuple(a for a in range(r.ndim) if a != axis)
    total = r.sum(axis=other)
    return total / total.sum()


def relevance_share_by_region(relevance: np.ndarray, time: np.ndarray, bounds) -> np.ndarray:
    """Share of total absolute relevance per channel and time region (e.g. phases of stance).

    Parameters
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
    time : ndarray of shape (n_times,)
        Time axis (e.g. % of stance).
    bounds : sequence of float
        Region edges on the time axis, increasing, e.g. ``[0, 20, 60, 100]``; a point t
        belongs to region i when ``bounds[i] <= t < bounds[i + 1]`` (the last region
        includes its upper edge).

    Returns
    -------
    ndarray of shape (n_channels, n_regions)
        Sums to 1.
    """
    time = np.asarray(time, dtype=np.float64)
    bounds = np.asarray(bounds, dtype=np.float64)
    if bounds.ndim != 1 or len(bounds) < 2 or np.any(np.diff(bounds) <= 0):
        raise ValueError(f"bounds must be increasing region edges, got {bounds.tolist()}")
    if time.min() < bounds[0] or time.max() > bounds[-1]:
        raise ValueError(f"bounds {bounds.tolist()} do not cover the time axis [{time.min()}, {time.max()}]")
    region = np.clip(np.searchsorted(bounds, time, side="right") - 1, 0, len(bounds) - 2)
    per_point = np.abs(relevance).sum(axis=0)  # (n_channels, n_times)
    out = np.stack([per_point[:, region == i].sum(axis=1) for i in range(len(bounds) - 1)], axis=1)
    return out / out.sum()

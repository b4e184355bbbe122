"""How well explanations recover what a synthetic generator planted: precision at the planted area.

A generator (:mod:`movesig.data.synthetic`) returns, per person, a mask of the points
where it planted a person-specific feature. If an explanation finds what is there, a
person's most relevant points lie on that mask.
"""

from __future__ import annotations

import numpy as np

__all__ = ["planted_precision"]


def planted_precision(mean_relevance: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Precision at the planted area: the share of each person's top relevance that lies on the mask.

    For every person, the K points of largest relevance are taken, K being the number of
    planted points of that person; the precision is the share of them on the mask.

    Parameters
    ----------
    mean_relevance : ndarray of shape (n_persons, n_channels, n_times)
        Each person's mean relevance (for their own score) over their test trials.
    mask : ndarray of bool, shape (n_persons, n_channels, n_times)
        Planted points, same person order.

    Returns
    -------
    precision : ndarray of shape (n_persons,)
        In [0, 1]; NaN for a person with nothing planted.
    chance : ndarray of shape (n_persons,)
        The precision expected from K points drawn at random: K / (n_channels · n_times).
    """
    r = np.asarray(mean_relevance, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    if r.shape != mask.shape or r.ndim != 3:
        raise ValueError(f"mean_relevance {r.shape} and mask {mask.shape} must both be (n_persons, n_channels, n_times)")
    flat_r, flat_m = r.reshape(len(r), -1), mask.reshape(len(mask), -1)
    k = flat_m.sum(axis=1)
    order = np.argsort(-flat_r, axis=1, kind="stable")
    hits = np.take_along_axis(flat_m, order, axis=1)
    top = np.arange(flat_r.shape[1])[None, :] < k[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(k > 0, (hits & top).sum(axis=1) / k, np.nan)
    return precision, k / flat_r.shape[1]

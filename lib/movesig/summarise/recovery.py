"""How well explanations recover what a synthetic generator planted: precision at the planted area.

A generator (:mod:`movesig.data.synthetic`) returns, per person, a mask of the points
where it planted a person-specific feature. If an explanation finds what is there, a
person's most relevant points lie on that mask.
"""

from __future__ import annotations

import numpy as np

__all__ = ["contrast_map", "planted_precision", "recovery_auc"]


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


def recovery_auc(mean_relevance: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Threshold-free recovery: per person, the AUC of |relevance| against a planted mask or a true map.

    Parameters
    ----------
    mean_relevance : ndarray of shape (n_persons, n_channels, n_times)
    truth : ndarray, same shape
        A mask (bool: planted points are the positives), or a continuous map (e.g. the
        oracle discriminability map): then the positives are the 10 % of that person's
        points with the largest |value|.

    Returns
    -------
    ndarray of shape (n_persons,)
        P(|R| at a positive point > |R| at a negative point), ties counted half; 0.5 is
        chance, 1 perfect; NaN for a person without positives.
    """
    from scipy.stats import rankdata

    r = np.abs(np.asarray(mean_relevance, dtype=np.float64))
    truth = np.asarray(truth)
    if r.shape != truth.shape or r.ndim != 3:
        raise ValueError(f"mean_relevance {r.shape} and truth {truth.shape} must both be (n_persons, n_channels, n_times)")
    flat_r = r.reshape(len(r), -1)
    if truth.dtype == bool:
        pos = truth.reshape(len(truth), -1)
    else:
        a = np.abs(truth.reshape(len(truth), -1).astype(np.float64))
        top = np.argsort(-a, axis=1, kind="stable")[:, : int(np.ceil(0.1 * a.shape[1]))]
        pos = np.zeros(a.shape, bool)
        np.put_along_axis(pos, top, True, axis=1)
    out = np.full(len(r), np.nan)
    for i in range(len(r)):
        n_pos = pos[i].sum()
        n_neg = pos[i].size - n_pos
        if n_pos and n_neg:
            ranks = rankdata(flat_r[i])
            out[i] = (ranks[pos[i]].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    return out


def contrast_map(X: np.ndarray, person: np.ndarray, persons=None) -> np.ndarray:
    """A model-free baseline explanation: (person mean − mean of all trials) / pooled within-person SD.

    Parameters
    ----------
    X : ndarray of shape (n_trials, n_channels, n_times)
    person : ndarray of shape (n_trials,)
    persons : sequence, optional
        Order of the output (default: sorted).

    Returns
    -------
    ndarray of shape (n_persons, n_channels, n_times)
    """
    X, person = np.asarray(X, dtype=np.float64), np.asarray(person)
    persons = np.unique(person) if persons is None else np.asarray(persons)
    means = np.stack([X[person == p].mean(axis=0) for p in persons])
    resid = np.concatenate([X[person == p] - means[i] for i, p in enumerate(persons)])
    sd = np.sqrt((resid ** 2).sum(axis=0) / max(len(X) - len(persons), 1))
    return (means - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)

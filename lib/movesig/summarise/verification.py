"""Biometric error rates from identification scores, in the terms of ISO/IEC 19795-1, with people as the unit.

A trial's *genuine* score is its model's score for its own person; its *impostor* scores
are the scores for every other enrolled person. At a threshold t, the false match rate
(FMR) is the share of impostor comparisons scoring ≥ t and the false non-match rate
(FNMR) the share of genuine comparisons scoring < t. In the open set, a probe is
*detected and identified* when its best score is ≥ t and belongs to its own person; the
false alarm rate (FAR) is the share of strangers' probes whose best score is ≥ t.

Every rate is a weighted share, the weight of a trial being how often its person was
drawn: :func:`person_weights` draws people with replacement, so that intervals resample
people, never trials or comparisons.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ErrorRates", "error_rates", "genuine_impostor", "open_set", "open_set_curve", "person_weights", "rate_at"]


def genuine_impostor(scores: np.ndarray, classes: np.ndarray, person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split identification scores into each trial's genuine score and its impostor scores.

    Parameters
    ----------
    scores : ndarray of shape (n_trials, n_classes)
        Score of every trial for every enrolled person (e.g. a one-vs-rest decision function).
    classes : ndarray of shape (n_classes,)
        The enrolled person of each column.
    person : ndarray of shape (n_trials,)
        The true person of each trial (enrolled).

    Returns
    -------
    genuine : ndarray of shape (n_trials,)
    impostor : ndarray of shape (n_trials, n_classes - 1)
    """
    scores, classes, person = np.asarray(scores, dtype=np.float64), np.asarray(classes), np.asarray(person)
    column = np.searchsorted(classes, person)
    if np.any(column >= len(classes)) or np.any(classes[np.minimum(column, len(classes) - 1)] != person):
        raise ValueError("every trial's person must be one of the enrolled classes")
    own = np.zeros(scores.shape, dtype=bool)
    own[np.arange(len(person)), column] = True
    return scores[own], scores[~own].reshape(len(person), -1)


def person_weights(person: np.ndarray, n_draws: int, seed: int = 0) -> np.ndarray:
    """Weights of trials when people are drawn with replacement: row 0 all ones (the data), then ``n_draws`` draws.

    Returns
    -------
    ndarray of shape (n_draws + 1, n_trials)
        How often each trial's person was drawn.
    """
    persons, index = np.unique(np.asarray(person), return_inverse=True)
    rng = np.random.default_rng(seed)
    counts = np.vstack([np.ones(len(persons)),
                        *(np.bincount(rng.integers(0, len(persons), len(persons)), minlength=len(persons))
                          for _ in range(n_draws))])
    return counts[:, index]


class ErrorRates:
    """FMR and FNMR of a set of trials at every threshold of a grid, for any weighting of the trials.

    Parameters
    ----------
    genuine : ndarray of shape (n_trials,)
    impostor : ndarray of shape (n_trials, n_impostors)
    n_thresholds : int
        Thresholds at the quantiles of all scores (genuine and impostor alike).

    Attributes
    ----------
    thresholds_ : ndarray of shape (n_thresholds,)
    """

    def __init__(self, genuine, impostor, n_thresholds: int = 2000):
        genuine, impostor = np.asarray(genuine, dtype=np.float64), np.asarray(impostor, dtype=np.float64)
        every = np.concatenate([genuine, impostor.ravel()])
        self.thresholds_ = np.unique(np.quantile(every, np.linspace(0, 1, n_thresholds)))
        self.thresholds_ = np.concatenate([self.thresholds_, [np.nextafter(every.max(), np.inf)]])
        ordered = np.sort(impostor, axis=1)
        n_imp = impostor.shape[1]
        # per trial: impostor comparisons scoring >= t, and whether the genuine one scores < t
        self._false_match = n_imp - np.vstack([np.searchsorted(row, self.thresholds_, side="left")
                                               for row in ordered]).astype(np.float64)
        self._false_non_match = (genuine[:, None] < self.thresholds_[None, :]).astype(np.float64)
        self._n_imp = n_imp

    def rates(self, weights=None) -> tuple[np.ndarray, np.ndarray]:
        """(FMR, FNMR) at every threshold, each of shape (n_weightings, n_thresholds).

        Parameters
        ----------
        weights : ndarray of shape (n_weightings, n_trials), optional
            Default: one weighting, every trial once.
        """
        w = np.ones((1, self._false_non_match.shape[0])) if weights is None else np.atleast_2d(weights)
        total = w.sum(axis=1, keepdims=True)
        return (w @ self._false_match) / (total * self._n_imp), (w @ self._false_non_match) / total

    def equal_error_rate(self, weights=None) -> np.ndarray:
        """The equal error rate per weighting, shape (n_weightings,): where FMR and FNMR cross (mean of the two)."""
        fmr, fnmr = self.rates(weights)
        at = np.argmin(np.abs(fmr - fnmr), axis=1)
        rows = np.arange(len(at))
        return 0.5 * (fmr[rows, at] + fnmr[rows, at])

    def fnmr_at(self, fmr_target: float, weights=None) -> np.ndarray:
        """FNMR at the lowest threshold whose FMR is at most ``fmr_target``, per weighting."""
        fmr, fnmr = self.rates(weights)
        return np.array([rate_at(f, n, fmr_target) for f, n in zip(fmr, fnmr, strict=True)])


def rate_at(fmr: np.ndarray, other: np.ndarray, target: float) -> float:
    """``other`` at the first threshold (ascending) where ``fmr`` falls to ``target`` or below."""
    ok = np.flatnonzero(fmr <= target)
    return float(other[ok[0]]) if ok.size else float("nan")


def error_rates(genuine, impostor, n_thresholds: int = 2000) -> ErrorRates:
    """:class:`ErrorRates` of ``genuine`` and ``impostor`` scores."""
    return ErrorRates(genuine, impostor, n_thresholds)


def open_set(best_enrolled, correct, best_stranger, far: float, w_enrolled=None, w_stranger=None) -> tuple:
    """Detection-and-identification rate at a false alarm rate, per weighting of the probes.

    Parameters
    ----------
    best_enrolled : ndarray of shape (n_enrolled_probes,)
        Best score of every probe of an enrolled person.
    correct : ndarray of bool, shape (n_enrolled_probes,)
        Whether that best score is their own person's.
    best_stranger : ndarray of shape (n_stranger_probes,)
        Best score of every probe of a person never enrolled.
    far : float
        The false alarm rate the threshold is set to (a share of strangers' probes accepted).
    w_enrolled, w_stranger : ndarray of shape (n_weightings, n_probes), optional

    Returns
    -------
    dir : ndarray of shape (n_weightings,)
        Share of enrolled probes detected (best score ≥ threshold) and identified.
    threshold : ndarray of shape (n_weightings,)
        The weighted (1 - far) quantile of the strangers' best scores.
    """
    best_enrolled, best_stranger = np.asarray(best_enrolled, float), np.asarray(best_stranger, float)
    w_e = np.ones((1, len(best_enrolled))) if w_enrolled is None else np.atleast_2d(w_enrolled)
    w_s = np.ones((1, len(best_stranger))) if w_stranger is None else np.atleast_2d(w_stranger)
    order = np.argsort(best_stranger)
    ranked = best_stranger[order]
    thresholds = np.empty(len(w_s))
    for i, w in enumerate(w_s):  # smallest threshold with the weighted share of strangers >= it at most far
        above = 1 - np.cumsum(w[order]) / w.sum()  # share strictly above each ranked score
        k = np.flatnonzero(above <= far + 1e-12)[0]  # shares are sums of floats
        thresholds[i] = np.nextafter(ranked[k], np.inf)
    hit = np.asarray(correct, bool)[None, :] & (best_enrolled[None, :] >= thresholds[:, None])
    return (w_e * hit).sum(axis=1) / w_e.sum(axis=1), thresholds


def open_set_curve(best_enrolled, correct, best_stranger) -> tuple[np.ndarray, np.ndarray]:
    """(FAR, DIR) at every threshold that is a stranger's best score (and one above them all), ascending FAR."""
    best_enrolled, best_stranger = np.asarray(best_enrolled, float), np.asarray(best_stranger, float)
    thresholds = np.concatenate([np.sort(best_stranger)[::-1], [-np.inf]])
    thresholds = np.concatenate([[np.nextafter(max(best_stranger.max(), best_enrolled.max()), np.inf)], thresholds])
    far = (best_stranger[None, :] >= thresholds[:, None]).mean(axis=1)
    hit = np.asarray(correct, bool)[None, :] & (best_enrolled[None, :] >= thresholds[:, None])
    return far, hit.mean(axis=1)

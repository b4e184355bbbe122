"""Statistical parametric mapping (spm1d): where in the cycle two sets of curves differ.

Thin, deterministic wrappers of spm1d's non-parametric tests (relevance is bounded and
not Gaussian): the test statistic at every time point, the critical threshold that
controls the field-wise error at ``alpha``, and the supra-threshold clusters with their
p values. Paired tests enumerate every sign flip when there are at most 2^``exact_max``
(10 people: 1024, exact); otherwise ``iterations`` random permutations from ``seed``,
without touching numpy's global random state.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["SPMResult", "high_relevance_inside", "paired_minimum", "spm_paired", "spm_two_sample"]


@dataclass(frozen=True)
class SPMResult:
    """One SPM test over the cycle.

    Attributes
    ----------
    test : str
        E.g. ``"paired t, non-parametric"``.
    t : ndarray of shape (n_times,)
        The test statistic (SPM{t}); positive where the first group is larger.
    threshold : float
        The critical |t| at ``alpha`` (two-tailed).
    clusters : list of (start, end, p)
        Supra-threshold clusters: start and end in time-point units (interpolated, as
        spm1d gives them) and the cluster's p value.
    alpha : float
    n : tuple of int
        Curves in each group (pairs: the same number twice).
    iterations : int
        Permutations used (all of them when exact).
    """

    test: str
    t: np.ndarray
    threshold: float
    clusters: list
    alpha: float
    n: tuple
    iterations: int

    @property
    def significant(self) -> np.ndarray:
        """Time points whose |t| exceeds the threshold, bool of shape (n_times,)."""
        return np.abs(self.t) > self.threshold

    def as_dict(self) -> dict:
        return {"test": self.test, "threshold": self.threshold, "alpha": self.alpha, "n": list(self.n),
                "iterations": self.iterations, "clusters": [list(c) for c in self.clusters],
                "share_significant": float(self.significant.mean())}


def _run(make, alpha, iterations, seed, test, n):
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            snpm = make()
            done = snpm.inference(alpha, two_tailed=True, iterations=iterations)
    finally:
        np.random.set_state(state)
    t = np.nan_to_num(np.asarray(done.z, dtype=float))
    clusters = [(float(c.endpoints[0]), float(c.endpoints[1]), float(c.P)) for c in done.clusters]
    return SPMResult(test, t, float(done.zstar), clusters, alpha, n, int(done.nPermUnique if iterations == -1
                                                                           else iterations))


def _curves(a, b, paired):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(f"curves must have shape (n, n_times) with the same n_times, got {a.shape} and {b.shape}")
    if paired and a.shape != b.shape:
        raise ValueError(f"paired curves need the same shape, got {a.shape} and {b.shape}")
    if min(len(a), len(b)) < 2:
        raise ValueError(f"SPM needs at least 2 curves per group, got {len(a)} and {len(b)}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("curves hold NaN or infinite values")
    return a, b


def spm_paired(a, b, alpha: float = 0.05, iterations: int = 10000, seed: int = 0, exact_max: int = 12) -> SPMResult:
    """Paired non-parametric t test of a − b at every time point.

    Parameters
    ----------
    a, b : ndarray of shape (n_pairs, n_times)
        One curve per pair (e.g. one person's mean relevance at two speeds).
    """
    import spm1d

    a, b = _curves(a, b, paired=True)
    if alpha * 2 ** len(a) < 1:
        raise ValueError(f"a paired permutation test of {len(a)} pairs has {2 ** len(a)} sign flips: too few for "
                         f"alpha = {alpha:g} (needs at least {paired_minimum(alpha)} pairs)")
    exact = len(a) <= exact_max
    return _run(lambda: spm1d.stats.nonparam.ttest_paired(a, b), alpha, -1 if exact else iterations, seed,
                "paired t, non-parametric" + (" (every sign flip)" if exact else ""), (len(a), len(b)))


def paired_minimum(alpha: float) -> int:
    """The fewest pairs whose sign flips can reach ``alpha`` (2^n ≥ 1/alpha)."""
    return max(2, math.ceil(math.log2(1 / alpha)))


def spm_two_sample(a, b, alpha: float = 0.05, iterations: int = 1000, seed: int = 0) -> SPMResult:
    """Two-sample non-parametric t test of mean(a) − mean(b) at every time point.

    ``iterations`` random permutations from ``seed``, or every permutation when there are
    no more than that.

    Parameters
    ----------
    a : ndarray of shape (n_a, n_times)
    b : ndarray of shape (n_b, n_times)
    """
    import spm1d

    a, b = _curves(a, b, paired=False)
    exact = math.comb(len(a) + len(b), len(a)) <= iterations
    return _run(lambda: spm1d.stats.nonparam.ttest2(a, b), alpha, -1 if exact else iterations, seed,
                "two-sample t, non-parametric" + (" (every permutation)" if exact else ""), (len(a), len(b)))


def high_relevance_inside(relevance, significant, quantile: float = 0.9) -> tuple[float, float]:
    """Share of the high-relevance points that lie inside SPM-significant regions, and what chance gives.

    Parameters
    ----------
    relevance : ndarray of shape (n_times,) or (n_channels, n_times)
        A (mean) relevance map.
    significant : ndarray of bool, same shape
        Where the inputs differ (:attr:`SPMResult.significant`).
    quantile : float
        Points with |relevance| at or above this quantile are "high".

    Returns
    -------
    inside : float
        Share of the high-relevance points inside the significant region.
    chance : float
        The share of all points that are significant: what high-relevance points placed
        at random would give.
    """
    r, sig = np.abs(np.asarray(relevance, float)), np.asarray(significant, bool)
    if r.shape != sig.shape:
        raise ValueError(f"relevance {r.shape} and significant {sig.shape} differ in shape")
    high = r >= np.quantile(r, quantile)
    return float(sig[high].mean()), float(sig.mean())

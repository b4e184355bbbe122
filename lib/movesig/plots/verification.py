"""Figures of how unique people are in biometric terms: capacity, verification (DET) and the open set."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm

from ._base import figure_kind

__all__ = ["plot_capacity", "plot_det", "plot_open_set"]


@figure_kind("axes")
def plot_capacity(sizes, mean, low, high, fit=None, published: dict | None = None, title: str | None = None):
    """Identification accuracy against the number of people enrolled, with a log-linear fit and its extrapolation.

    Parameters
    ----------
    sizes : array-like of shape (n_sizes,)
        People enrolled.
    mean, low, high : array-like of shape (n_sizes,)
        Mean per-person accuracy (share) and its 95 % interval over people.
    fit : (people, line, line_low, line_high), optional
        The fit at ``people`` (shape (n_points,)) with its interval: drawn dashed, its
        extrapolation beyond the largest size measured shaded.
    published : dict of str -> (people, accuracy %), optional
        Published points on other data, drawn as open markers and labelled so.
    title : str, optional
    """
    fig, ax = plt.subplots(figsize=(4.4, 3.0), constrained_layout=True)
    sizes = np.asarray(sizes, dtype=float)
    if fit is not None:
        x, y, lo, hi = (np.asarray(v, dtype=float) for v in fit)
        ax.fill_between(x, 100 * lo, 100 * hi, color="C0", alpha=0.15, lw=0)
        ax.plot(x, 100 * y, "--", color="C0", lw=1, label="log-linear fit (95 % interval: people)")
    yerr = 100 * np.vstack([np.asarray(mean) - np.asarray(low), np.asarray(high) - np.asarray(mean)])
    ax.errorbar(sizes, 100 * np.asarray(mean), yerr=yerr, fmt="o", color="k", ms=4, capsize=2,
                label="measured (95 % interval: people)")
    for i, (label, (x, y)) in enumerate((published or {}).items()):
        ax.plot([x], [y], ["D", "s"][i % 2], mfc="none", color="C3", ms=6, label=f"{label} (published, other data)")
    ax.set_xscale("log")
    ax.set_xlabel("people enrolled")
    ax.set_ylabel("accuracy (%)")
    ax.legend(frameon=False, loc="lower left")
    return fig


@figure_kind("axes")
def plot_det(curves: dict, title: str | None = None):
    """Detection error trade-off: false non-match rate against false match rate, on normal-deviate axes.

    Parameters
    ----------
    curves : dict of str -> (fmr, fnmr)
        Per curve, the two rates (shares) at every threshold, each of shape (n_thresholds,).
    title : str, optional
    """
    fig, ax = plt.subplots(figsize=(3.6, 3.2), constrained_layout=True)
    ticks = np.array([0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5])
    clip = (ticks[0] / 2, 0.6)
    for label, (fmr, fnmr) in curves.items():
        ax.plot(norm.ppf(np.clip(fmr, *clip)), norm.ppf(np.clip(fnmr, *clip)), lw=1.5, label=label)
    ax.plot(norm.ppf(clip), norm.ppf(clip), ":", color="0.5", lw=1, label="equal error rates")
    ax.set_xticks(norm.ppf(ticks), [f"{100 * t:g}" for t in ticks])
    ax.set_yticks(norm.ppf(ticks), [f"{100 * t:g}" for t in ticks])
    ax.set_xlim(norm.ppf(clip))
    ax.set_ylim(norm.ppf(clip))
    ax.set_xlabel("false match rate (%)")
    ax.set_ylabel("false non-match rate (%)")
    ax.legend(frameon=False, loc="upper right")
    return fig


@figure_kind("axes")
def plot_open_set(curves: dict, far: float | None = None, title: str | None = None):
    """Open set: detection-and-identification rate against false alarm rate (strangers accepted).

    Parameters
    ----------
    curves : dict of str -> (far, dir)
        Per curve, both rates (shares) at every threshold, each of shape (n_thresholds,).
    far : float, optional
        A false alarm rate to mark (a dotted vertical line).
    title : str, optional
    """
    fig, ax = plt.subplots(figsize=(3.8, 3.0), constrained_layout=True)
    for label, (x, y) in curves.items():
        ax.plot(100 * np.asarray(x), 100 * np.asarray(y), lw=1.5, label=label)
    if far is not None:
        ax.axvline(100 * far, color="0.5", ls=":", lw=1, label=f"false alarm rate {100 * far:g} %")
    ax.set_xscale("symlog", linthresh=0.1)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("strangers' probes accepted (%)")
    ax.set_ylabel("enrolled probes identified (%)")
    ax.legend(frameon=False, loc="lower right")
    return fig

"""Figures of where relevance lies: input curves coloured by relevance, and relevance shares per region."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.ticker import MaxNLocator

from ._base import MAX_WIDTH_IN, MIN_TEXT_PT, _coloured_line, figure_kind, fit_width
from .signatures import _signature_image

__all__ = ["plot_person_relevance", "plot_cycle_relevance", "plot_region_shares"]


@figure_kind()
def plot_person_relevance(
    mean_x: np.ndarray,
    mean_relevance: np.ndarray,
    persons,
    channels,
    time: np.ndarray,
    time_label: str = "% of stance",
    units: str = "",
    title: str | None = None,
):
    """Each person's mean input curves coloured by their mean relevance (the papers' figure).

    Parameters
    ----------
    mean_x : ndarray of shape (n_persons, n_channels, n_times)
        Mean input per person (e.g. over their test trials), in data units.
    mean_relevance : ndarray of shape (n_persons, n_channels, n_times)
        Mean relevance per person; every person is scaled by their own max |R| over
        all channels, so colours read R / max|R| from -1 (blue) through 0 (light grey)
        to 1 (red).
    persons : sequence, length n_persons
        Labels of the rows.
    channels : sequence of str, length n_channels
    time : ndarray of shape (n_times,)
    time_label, units : str
        Axis labels.
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        ``n_persons × n_channels`` panels and a colour bar: a row per person and a column per
        channel, as in the papers, or, where there are more than four channels and more
        channels than persons, a column per person and a row per channel (so that the
        panels stay wide enough to read at the page's width).
    """
    mean_x = np.asarray(mean_x)
    mean_relevance = np.asarray(mean_relevance)
    if mean_x.shape != mean_relevance.shape or mean_x.ndim != 3:
        raise ValueError(f"mean_x {mean_x.shape} and mean_relevance {mean_relevance.shape} must be equal 3-D shapes")
    n_persons, n_channels, _ = mean_x.shape
    persons_across = n_channels > max(4, n_persons)
    n_rows, n_cols = (n_channels, n_persons) if persons_across else (n_persons, n_channels)
    _, width = fit_width(1.6, n_cols, 1.1)
    norm = Normalize(-1, 1)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(width, (1.05 if persons_across else 1.25) * n_rows + 0.7),
                             squeeze=False, sharex=True, constrained_layout=True)
    person_label = [f"person {p}" for p in persons]
    channel_label = [textwrap.fill(str(c), 14) for c in channels]
    unit_line = f"\n{units}" if units else ""
    lc = None
    for i in range(n_persons):
        scale = np.abs(mean_relevance[i]).max() or 1.0
        for j in range(n_channels):
            row, col = (j, i) if persons_across else (i, j)
            ax = axes[row, col]
            lc = _coloured_line(ax, time, mean_x[i, j], mean_relevance[i, j] / scale, norm)
            ax.yaxis.set_major_locator(MaxNLocator(3))
            if row == 0:
                ax.set_title(person_label[i] if persons_across else channels[j])
            if col == 0:
                ax.set_ylabel((channel_label[j] if persons_across else person_label[i]) + unit_line)
            if row == n_rows - 1:
                ax.set_xlabel(time_label)
    cbar = fig.colorbar(lc, ax=axes, shrink=0.6, aspect=30, pad=0.01)
    cbar.set_label("R / max|R|")
    return fig


@figure_kind()
def plot_cycle_relevance(x, relevance_norm, signature, channels, time, cycle: int = 0, threshold: float = 0.2,
                         time_label: str = "% of cycle", title: str | None = None):
    """One person's signature in three panels (figure 1 of Aeles et al. 2021).

    (a) one cycle of every muscle coloured by its normalised relevance (light grey: none,
    red: the cycle's most relevant moment); (b) the
    normalised relevance of all the person's cycles per muscle with the threshold;
    (c) the signature map (muscle × time).

    Parameters
    ----------
    x : ndarray of shape (n_cycles, n_channels, n_times)
        The person's cycles.
    relevance_norm : ndarray of shape (n_cycles, n_channels, n_times)
        Positive relevance of every cycle divided by the cycle's maximum, in [0, 1].
    signature : ndarray of bool, shape (n_channels, n_times)
    channels : sequence of str, length n_channels
    time : ndarray of shape (n_times,)
    cycle : int
        Which cycle panel (a) draws.
    threshold : float
        The signature threshold, drawn in panel (b).
    time_label : str
        Label of the time axes.
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
    """
    n_channels = x.shape[1]
    norm = Normalize(-1, 1)
    fig = plt.figure(figsize=(MAX_WIDTH_IN, 0.42 * n_channels + 1.6), constrained_layout=True)
    grid = fig.add_gridspec(n_channels, 3, width_ratios=[1, 1, 1.1])
    for m in range(n_channels):
        ax = fig.add_subplot(grid[m, 0])
        lc = _coloured_line(ax, time, x[cycle, m], relevance_norm[cycle, m], norm, linewidth=1.2)
        ax.set_yticks([])
        ax.set_ylabel(channels[m], rotation=0, ha="right", va="center")
        ax.tick_params(labelbottom=m == n_channels - 1)
        if m == 0:
            ax.set_title(f"(a) cycle {cycle}, colour: R")
        bx = fig.add_subplot(grid[m, 1])
        bx.plot(time, relevance_norm[:, m].T, color="0.35", lw=0.4, alpha=0.5)
        bx.axhline(threshold, color="#e8200c", lw=0.8)
        bx.set_ylim(0, 1.02)
        bx.set_xlim(time[0], time[-1])
        bx.set_yticks([])
        bx.tick_params(labelbottom=m == n_channels - 1)
        if m == 0:
            bx.set_title(f"(b) {len(x)} cycles: R / max R")
    ax.set_xlabel(time_label)
    bx.set_xlabel(time_label)
    cx = fig.add_subplot(grid[:, 2])
    _signature_image(cx, signature, channels, time)
    cx.set_title(f"(c) signature ({100 * signature.mean():.1f} % of points)")
    cx.set_xlabel(time_label)
    fig.colorbar(lc, ax=fig.axes[:-1], shrink=0.4, aspect=25, pad=0.01, label="R / max|R|")
    return fig


@figure_kind()
def plot_region_shares(shares: dict[str, np.ndarray], channels, regions, title: str | None = None):
    """Share of relevance per channel and time region (e.g. phase of stance), one heat map per model.

    Parameters
    ----------
    shares : dict of str -> ndarray of shape (n_channels, n_regions)
        Model label -> shares summing to 1.
    channels : sequence of str, length n_channels
    regions : sequence of str, length n_regions
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        One heat map per model (percentages written in the cells) and a shared colour bar.
    """
    labels = list(shares)
    longest = max((len(str(c)) for c in channels), default=1)
    _, width = fit_width(1.7, len(labels), min(2.5, 1.0 + 0.06 * longest))  # channel names left, a colour bar right
    fig, axes = plt.subplots(1, len(labels), figsize=(width, 0.35 * len(channels) + 1.3),
                             squeeze=False, sharey=True, constrained_layout=True)
    vmax = max(float(np.max(s)) for s in shares.values())
    for ax, label in zip(axes[0], labels):
        s = 100 * np.asarray(shares[label])
        im = ax.imshow(s, cmap="magma", vmin=0, vmax=100 * vmax, aspect="auto")
        for (i, j), v in np.ndenumerate(s):
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=MIN_TEXT_PT,
                    color="k" if v > 60 * vmax else "w")
        ax.set_xticks(range(len(regions)), regions, rotation=30, ha="right")
        ax.set_title(label)
    axes[0, 0].set_yticks(range(len(channels)), channels)
    fig.colorbar(im, ax=axes, shrink=0.8, label="share of |R| (%)")
    return fig

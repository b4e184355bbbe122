"""Figures of statistical parametric mapping, in the field's convention."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._base import MIN_TEXT_PT, figure_kind, fit_width

__all__ = ["plot_spm"]


@figure_kind()
def plot_spm(panels: dict, time, time_axis: str = "% of cycle", curves: dict | None = None, ncols: int = 3,
             title: str | None = None):
    """One SPM{t} per panel: the statistic over the cycle, the critical threshold, supra-threshold clusters shaded.

    Parameters
    ----------
    panels : dict of str -> SPMResult
        Panel title -> the test (:class:`movesig.summarise.spm.SPMResult`).
    time : ndarray of shape (n_times,)
        The x axis (e.g. 0-100 %).
    time_axis : str
        Its label.
    curves : dict of str -> dict of str -> ndarray of shape (n, n_times), optional
        Per panel, the two groups of curves tested: drawn above the statistic as mean ± SD.
    ncols : int
        Panels per row (narrowed so that the row fits the page's width).
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    n = len(panels)
    ncols = max(1, min(int(ncols), n))
    per = 2 if curves else 1  # axes rows per panel
    nrows = -(-n // ncols)
    panel, width = fit_width(2.5, ncols, 0.4)
    fig, grid = plt.subplots(nrows * per, ncols, figsize=(width, 2.0 * nrows * per + 0.3), squeeze=False,
                             sharex=True, constrained_layout=True)
    for extra in range(n, nrows * ncols):
        for r in range(per):
            grid[(extra // ncols) * per + r, extra % ncols].set_visible(False)
    time = np.asarray(time, float)
    step = time[1] - time[0] if len(time) > 1 else 1.0
    # a cluster's p is written where the cluster spans at least 0.3 in (every cluster is in the page's table)
    narrowest = 0.3 / max(panel - 0.45, 0.1) * (time[-1] - time[0] + step)
    for i, (name, res) in enumerate(panels.items()):
        axes, j = grid[(i // ncols) * per:(i // ncols + 1) * per], i % ncols
        if curves:
            ax = axes[0, j]
            for (label, c), colour in zip(curves[name].items(), ("#1f4fff", "#e8200c")):
                m, s = np.mean(c, axis=0), np.std(c, axis=0)
                ax.plot(time, m, color=colour, lw=1.2, label=f"{label} (n = {len(c)})")
                ax.fill_between(time, m - s, m + s, color=colour, alpha=0.15, lw=0)
            ax.set_title(name)
            ax.legend(frameon=False, loc="best")
            if j == 0:
                ax.set_ylabel("mean ± SD")
        ax = axes[-1, j]
        ax.plot(time, res.t, color="k", lw=1.2)
        ax.axhline(0, color="0.6", lw=0.6)
        for sign in (-1, 1):
            ax.axhline(sign * res.threshold, color="#e8200c", ls="--", lw=0.8)
        ax.fill_between(time, res.t, np.clip(res.t, -res.threshold, res.threshold), where=res.significant,
                        color="0.55", lw=0, interpolate=True)
        for start, end, p in res.clusters:
            if step * (end - start) < narrowest:  # too narrow to label legibly
                continue
            centre = time[0] + step * (start + end) / 2
            ax.text(centre, res.threshold * 1.05 * (1 if res.t[int(round((start + end) / 2))] >= 0 else -1),
                    f"p = {p:.3f}" if p >= 0.001 else "p < 0.001", ha="center",
                    va="bottom" if res.t[int(round((start + end) / 2))] >= 0 else "top", fontsize=MIN_TEXT_PT)
        threshold = f"t* = {res.threshold:.2f}" + (f", α = {res.alpha:g}" if panel >= 2.2 else "")
        ax.set_title(threshold, fontsize=MIN_TEXT_PT, color="#e8200c", loc="right")
        if not curves:
            ax.set_title(name, loc="left")
        if i + ncols >= n:  # the lowest panel of its column
            ax.set_xlabel(time_axis)
        if j == 0:
            ax.set_ylabel("SPM{t}")
    return fig

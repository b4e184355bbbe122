"""Figures: one function per figure kind, saved as PDF, SVG and PNG under stable names."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize

__all__ = ["FORMATS", "relevance_cmap", "save_figure", "plot_person_relevance", "plot_fold_accuracy",
           "plot_model_accuracy", "plot_perturbation", "plot_region_shares", "plot_planted_precision"]

FORMATS = ("pdf", "svg", "png")

#: R / max|R| from -1 to 1: negative blue, zero black, positive red to yellow (as in the papers).
relevance_cmap = LinearSegmentedColormap.from_list(
    "relevance",
    [(0.0, "#7fd4ff"), (0.25, "#1f4fff"), (0.5, "#000000"), (0.75, "#e8200c"), (1.0, "#ffe81a")],
)

_STYLE = {
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def save_figure(fig, directory, name: str, dpi: int = 300) -> dict[str, Path]:
    """Save ``fig`` as ``directory/name.{pdf,svg,png}`` and return the paths.

    Metadata dates are left out so that the same figure gives the same files.
    """
    if not name or any(c in name for c in "/\\ "):
        raise ValueError(f"figure name must be a plain stable name without spaces or slashes, got {name!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    metadata = {"pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None}, "png": {}}
    with plt.rc_context({"svg.hashsalt": f"movesig-{name}"}):
        for fmt in FORMATS:
            path = directory / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", metadata=metadata[fmt])
            paths[fmt] = path
    return paths


def _coloured_line(ax, t, y, r, norm, linewidth=1.6):
    points = np.column_stack([t, y]).reshape(-1, 1, 2)
    segments = np.concatenate([points[:-1], points[1:]], axis=1)
    lc = LineCollection(segments, cmap=relevance_cmap, norm=norm, linewidth=linewidth)
    lc.set_array(0.5 * (r[:-1] + r[1:]))
    ax.add_collection(lc)
    ax.set_xlim(t[0], t[-1])
    pad = 0.05 * (np.ptp(y) or 1.0)
    ax.set_ylim(y.min() - pad, y.max() + pad)
    return lc


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
        all channels, so colours read R / max|R| from -1 (blue) to 1 (yellow).
    persons : sequence, length n_persons
        Labels of the rows.
    channels : sequence of str, length n_channels
    time : ndarray of shape (n_times,)
    time_label, units : str
        Axis labels.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    mean_x = np.asarray(mean_x)
    mean_relevance = np.asarray(mean_relevance)
    if mean_x.shape != mean_relevance.shape or mean_x.ndim != 3:
        raise ValueError(f"mean_x {mean_x.shape} and mean_relevance {mean_relevance.shape} must be equal 3-D shapes")
    n_persons, n_channels, _ = mean_x.shape
    norm = Normalize(-1, 1)
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(
            n_persons, n_channels, figsize=(1.6 * n_channels + 0.8, 1.25 * n_persons + 0.6),
            squeeze=False, sharex=True, constrained_layout=True,
        )
        lc = None
        for i in range(n_persons):
            scale = np.abs(mean_relevance[i]).max() or 1.0
            for j in range(n_channels):
                ax = axes[i, j]
                lc = _coloured_line(ax, time, mean_x[i, j], mean_relevance[i, j] / scale, norm)
                if i == 0:
                    ax.set_title(channels[j])
                if j == 0:
                    ax.set_ylabel(f"person {persons[i]}" + (f"\n{units}" if units else ""))
                if i == n_persons - 1:
                    ax.set_xlabel(time_label)
        cbar = fig.colorbar(lc, ax=axes, shrink=0.6, aspect=30, pad=0.01)
        cbar.set_label("R / max|R|")
        if title:
            fig.suptitle(title)
    return fig


def plot_fold_accuracy(accuracy: dict[str, np.ndarray], title: str | None = None):
    """Accuracy of every fold per model, with the mean ± SD.

    Parameters
    ----------
    accuracy : dict of str -> ndarray of shape (n_folds,)
        Fractions in [0, 1] per model.
    """
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(1.2 + 1.0 * len(accuracy), 2.4), constrained_layout=True)
        for i, (name, acc) in enumerate(accuracy.items()):
            acc = 100 * np.asarray(acc)
            jitter = np.linspace(-0.12, 0.12, len(acc))
            ax.plot(i + jitter, acc, "o", ms=3, color="0.4")
            ax.errorbar(i + 0.3, acc.mean(), yerr=acc.std(), fmt="s", color="k", ms=4, capsize=3)
        ax.set_xticks(range(len(accuracy)), list(accuracy))
        ax.set_ylabel("accuracy per fold (%)")
        if title:
            ax.set_title(title)
    return fig


def plot_cycle_relevance(x, relevance_norm, signature, channels, time, cycle: int = 0, threshold: float = 0.2,
                         time_label: str = "% of cycle", title: str | None = None):
    """One person's signature in three panels (figure 1 of Aeles et al. 2021).

    (a) one cycle of every muscle coloured by its normalised relevance; (b) the
    normalised relevance of all the person's cycles per muscle with the threshold;
    (c) the signature map (muscle × time).

    Parameters
    ----------
    x : ndarray of shape (n_cycles, n_channels, n_times)
        The person's cycles.
    relevance_norm : ndarray of shape (n_cycles, n_channels, n_times)
        Positive relevance of every cycle divided by the cycle's maximum, in [0, 1].
    signature : ndarray of bool, shape (n_channels, n_times)
    channels : sequence of str
    time : ndarray of shape (n_times,)
    cycle : int
        Which cycle panel (a) draws.
    threshold : float
        The signature threshold, drawn in panel (b).
    """
    n_channels = x.shape[1]
    norm = Normalize(-1, 1)
    with plt.rc_context(_STYLE):
        fig = plt.figure(figsize=(7.2, 0.42 * n_channels + 1.6), constrained_layout=True)
        grid = fig.add_gridspec(n_channels, 3, width_ratios=[1, 1, 1.1])
        for m in range(n_channels):
            ax = fig.add_subplot(grid[m, 0])
            lc = _coloured_line(ax, time, x[cycle, m], relevance_norm[cycle, m], norm, linewidth=1.2)
            ax.set_yticks([])
            ax.set_ylabel(channels[m], rotation=0, ha="right", va="center")
            ax.tick_params(labelbottom=m == n_channels - 1)
            if m == 0:
                ax.set_title(f"(a) cycle {cycle}: EMG, colour = R")
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
        if title:
            fig.suptitle(title)
    return fig


def _signature_image(ax, signature, channels, time):
    ax.imshow(signature, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest",
              extent=(time[0], time[-1], len(channels) - 0.5, -0.5))
    ax.set_yticks(range(len(channels)), channels)


def plot_signature_maps(signatures, persons, channels, time, ncols: int = 3, time_label: str = "% of cycle",
                        title: str | None = None):
    """Signature maps (muscle × time, black = in the signature) of several persons (figures 4 and 5).

    Parameters
    ----------
    signatures : ndarray of bool, shape (n_persons, n_channels, n_times)
    persons : sequence, length n_persons
    ncols : int
        Maps per row.
    """
    n = len(signatures)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols + 0.4, 1.5 * nrows + 0.5), squeeze=False,
                                 sharex=True, sharey=True, constrained_layout=True)
        for i, ax in enumerate(axes.ravel()):
            if i >= n:
                ax.set_axis_off()
                continue
            _signature_image(ax, signatures[i], channels, time)
            ax.set_title(f"person {persons[i]}")
            if i // ncols == nrows - 1:
                ax.set_xlabel(time_label)
        if title:
            fig.suptitle(title)
    return fig


def plot_signature_counts(counts, channels, time, n_persons: int, circular: bool = False, title: str | None = None):
    """How many persons have each (muscle, time point) in their signature (figure 6).

    Parameters
    ----------
    counts : ndarray of int, shape (n_channels, n_times)
    n_persons : int
        For the axis limit.
    circular : bool
        Draw every muscle on a polar axis (for pedalling, whose cycle wraps around).
    """
    n_channels = counts.shape[0]
    with plt.rc_context(_STYLE):
        if circular:
            ncols = 4
            nrows = int(np.ceil(n_channels / ncols))
            fig, axes = plt.subplots(nrows, ncols, figsize=(7.2, 2.0 * nrows + 0.3),
                                     subplot_kw={"projection": "polar"}, squeeze=False, constrained_layout=True)
            theta = 2 * np.pi * (time - time[0]) / (time[-1] - time[0] + (time[1] - time[0]))
            for m, ax in enumerate(axes.ravel()):
                if m >= n_channels:
                    ax.set_axis_off()
                    continue
                ax.set_theta_zero_location("N")
                ax.set_theta_direction(-1)
                ax.fill_between(np.append(theta, theta[0]), 0, np.append(counts[m], counts[m, 0]), color="#e8200c",
                                alpha=0.6, lw=0)
                ax.set_ylim(0, max(1, n_persons))
                ax.set_xticks(np.linspace(0, 2 * np.pi, 4, endpoint=False), ["0 %", "25 %", "50 %", "75 %"])
                ax.set_title(channels[m], pad=8)
        else:
            fig, axes = plt.subplots(n_channels, 1, figsize=(4.2, 0.55 * n_channels + 0.8), sharex=True,
                                     squeeze=False, constrained_layout=True)
            for m, ax in enumerate(axes[:, 0]):
                ax.fill_between(time, 0, counts[m], color="#e8200c", alpha=0.7, lw=0)
                ax.set_ylim(0, max(1, n_persons))
                ax.set_ylabel(channels[m], rotation=0, ha="right", va="center")
            axes[-1, 0].set_xlabel("% of cycle")
        if title:
            fig.suptitle(title)
    return fig


def plot_correlations(results: dict, title: str | None = None):
    """Mean correlation with its 95 % CI per comparison (a forest plot).

    Parameters
    ----------
    results : dict of str -> FisherMean
        Label -> mean r and CI (:func:`movesig.signatures.fisher_z_mean`).
    """
    labels = list(results)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(5.5, 0.35 * len(labels) + 0.9), constrained_layout=True)
        for i, label in enumerate(labels):
            fm = results[label]
            ax.plot([fm.low, fm.high], [i, i], color="k", lw=1)
            ax.plot(fm.r, i, "s", color="#e8200c", ms=5)
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xlim(min(0.0, min(results[k].low for k in labels if np.isfinite(results[k].low)) - 0.05), 1.0)
        ax.axvline(0, color="0.7", lw=0.6)
        ax.set_xlabel("Pearson r of mean relevance maps (Fisher-z mean, 95 % CI)")
        if title:
            ax.set_title(title)
    return fig


def plot_participant_number(summary: dict, title: str | None = None):
    """Signature correlation against the number of persons in training (figure 3 of Aeles et al. 2021).

    Parameters
    ----------
    summary : dict of task -> dict of N -> {"r_mean", "r_p05", "r_min"}
        From :func:`movesig.participants.summarise`.
    """
    colours = {"walking": "#1f4fff", "pedalling": "#e8200c"}
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(4.2, 2.8), constrained_layout=True)
        for task, rows in summary.items():
            n = np.array(sorted(rows))
            mean = np.array([rows[k]["r_mean"] for k in n])
            low = np.array([rows[k]["r_p05"] for k in n])
            lowest = np.array([rows[k]["r_min"] for k in n])
            c = colours.get(task, "0.3")
            ax.fill_between(n, low, 1.0, color=c, alpha=0.15, lw=0)
            ax.plot(n, lowest, ":", color=c, lw=0.8)
            ax.plot(n, mean, "o-", color=c, ms=3, lw=1.2, label=f"{task}: mean r (band: 5th percentile; dots: min)")
        ax.set_xlabel("persons in the training set, N")
        ax.set_ylabel("r with the all-person map")
        ax.legend(frameon=False, loc="lower right")
        if title:
            ax.set_title(title)
    return fig


def plot_model_accuracy(accuracy: dict[str, np.ndarray], published: dict[str, float] | None = None,
                        title: str | None = None):
    """Accuracy of every model: folds, mean ± SD, and the published figure where there is one.

    Parameters
    ----------
    accuracy : dict of str -> ndarray of shape (n_folds,)
        Model label -> accuracy per fold (fractions).
    published : dict of str -> float, optional
        Model label -> published accuracy (%), drawn as an open diamond labelled as published.
    """
    published = published or {}
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(1.0 + 0.75 * len(accuracy), 2.6), constrained_layout=True)
        for i, (label, acc) in enumerate(accuracy.items()):
            acc = 100 * np.asarray(acc)
            ax.plot(i + np.linspace(-0.15, 0.15, len(acc)), acc, "o", ms=2.5, color="0.55")
            ax.errorbar(i, acc.mean(), yerr=acc.std(), fmt="s", color="k", ms=4, capsize=3,
                        label="ours: mean ± SD over folds" if i == 0 else None)
        shown = [i for i, label in enumerate(accuracy) if label in published]
        if shown:
            ax.plot(shown, [published[list(accuracy)[i]] for i in shown], "D", mfc="none", mec="#e8200c", ms=5,
                    label="published (other data)")
        ax.set_xticks(range(len(accuracy)), list(accuracy), rotation=35, ha="right")
        ax.set_ylabel("accuracy (%)")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if title:
            ax.set_title(title)
    return fig


def plot_perturbation(fractions, curves: dict[str, dict[str, np.ndarray]], published: dict | None = None,
                      ncols: int = 3, title: str | None = None):
    """Perturbation curves per model: accuracy as a growing share of inputs gets noise.

    Parameters
    ----------
    fractions : ndarray of shape (n_fractions,)
        Shares of input values perturbed (0 to 1).
    curves : dict of str -> dict of str -> ndarray of shape (n_fractions,)
        Model label -> order (``"random"``, ``"relevance (epsilon)"``, ...) -> accuracy (fractions).
    published : dict of str -> (fractions %, accuracy %), optional
        Model label -> the published random-order curve, drawn dashed and labelled.
    """
    published = published or {}
    styles = {"random": ("0.45", "-"), "relevance (epsilon)": ("#e8200c", "-"),
              "relevance (alpha2beta1)": ("#1f4fff", "-")}
    labels = list(curves)
    ncols = max(1, min(ncols, len(labels)))
    nrows = int(np.ceil(len(labels) / ncols))
    x = 100 * np.asarray(fractions)
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols, 1.9 * nrows + 0.3), squeeze=False,
                                 sharex=True, sharey=True, constrained_layout=True)
        for ax, label in zip(axes.flat, labels):
            for order, curve in curves[label].items():
                colour, ls = styles.get(order, ("0.2", "-"))
                ax.plot(x, 100 * np.asarray(curve), ls, color=colour, marker="o", ms=2, lw=1.1, label=order)
            if label in published:
                px, py = published[label]
                ax.plot(px, py, "--", color="0.45", lw=0.9, label="random (published, other data)")
            ax.set_title(label)
            ax.set_ylim(0, 102)
        for ax in axes.flat[len(labels):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel("input values perturbed (%)")
        for ax in axes[:, 0]:
            ax.set_ylabel("accuracy (%)")
        handles = {}
        for ax in axes.flat:
            for h, lab in zip(*ax.get_legend_handles_labels()):
                handles.setdefault(lab, h)
        fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncols=min(4, len(handles)),
                   frameon=False)
        if title:
            fig.suptitle(title)
    return fig


def plot_region_shares(shares: dict[str, np.ndarray], channels, regions, title: str | None = None):
    """Share of relevance per channel and time region (e.g. phase of stance), one heat map per model.

    Parameters
    ----------
    shares : dict of str -> ndarray of shape (n_channels, n_regions)
        Model label -> shares summing to 1.
    channels, regions : sequence of str
    """
    labels = list(shares)
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(labels), figsize=(0.6 + 1.9 * len(labels), 0.35 * len(channels) + 1.2),
                                 squeeze=False, sharey=True, constrained_layout=True)
        vmax = max(float(np.max(s)) for s in shares.values())
        for ax, label in zip(axes[0], labels):
            s = 100 * np.asarray(shares[label])
            im = ax.imshow(s, cmap="magma", vmin=0, vmax=100 * vmax, aspect="auto")
            for (i, j), v in np.ndenumerate(s):
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=6,
                        color="k" if v > 60 * vmax else "w")
            ax.set_xticks(range(len(regions)), regions, rotation=30, ha="right")
            ax.set_title(label)
        axes[0, 0].set_yticks(range(len(channels)), channels)
        fig.colorbar(im, ax=axes, shrink=0.8, label="share of |R| (%)")
        if title:
            fig.suptitle(title)
    return fig


def plot_planted_precision(precision: dict[str, np.ndarray], chance: float, title: str | None = None):
    """Per model, each person's precision at the planted area, with the chance level.

    Parameters
    ----------
    precision : dict of str -> ndarray of shape (n_persons,)
        Model label -> share of each person's top relevance on what was planted.
    chance : float
        Mean precision of randomly chosen points.
    """
    labels = list(precision)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(1.0 + 0.75 * len(labels), 2.6), constrained_layout=True)
        for i, label in enumerate(labels):
            p = 100 * np.asarray(precision[label])
            ax.plot(i + np.linspace(-0.2, 0.2, len(p)), p, "o", ms=2, color="0.55")
            ax.plot([i - 0.3, i + 0.3], [np.nanmean(p)] * 2, color="#e8200c", lw=2,
                    label="mean over persons" if i == 0 else None)
        ax.axhline(100 * chance, color="k", ls=":", lw=0.9, label="chance")
        ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right")
        ax.set_ylabel("top relevance on planted area (%)")
        ax.set_ylim(0, 102)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if title:
            ax.set_title(title)
    return fig

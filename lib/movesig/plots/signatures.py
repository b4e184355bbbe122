"""Figures of movement signatures: signature maps, how many persons share each point, and their stability."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._base import MAX_WIDTH_IN, figure_kind, fit_width, legend_columns

__all__ = ["plot_signature_maps", "plot_signature_summary", "plot_signature_counts", "plot_correlations",
           "plot_participant_number"]


def _signature_image(ax, signature, channels, time) -> None:
    """Draw a signature map on ``ax``: muscles down, time across, black where in the signature.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    signature : ndarray of bool, shape (n_channels, n_times)
    channels : sequence of str, length n_channels
        Tick labels of the rows.
    time : ndarray of shape (n_times,)
        Only its first and last values are used (the extent).
    """
    ax.imshow(signature, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest",
              extent=(time[0], time[-1], len(channels) - 0.5, -0.5))
    ax.set_yticks(range(len(channels)), channels)


@figure_kind()
def plot_signature_maps(signatures, persons, channels, time, ncols: int = 3, time_label: str = "% of cycle",
                        title: str | None = None):
    """Signature maps (muscle × time, black = in the signature) of several persons (figures 4 and 5).

    Parameters
    ----------
    signatures : ndarray of bool, shape (n_persons, n_channels, n_times)
    persons : sequence, length n_persons
        Labels of the maps.
    channels : sequence of str, length n_channels
    time : ndarray of shape (n_times,)
    ncols : int
        Maps per row.
    time_label : str
        Label of the bottom row's time axes.
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        One map per person; more than ``ncols`` of them narrow the maps to the page's width.
        For many persons, :func:`plot_signature_summary` shows them all in one legible figure.
    """
    n = len(signatures)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    _, width = fit_width(2.3, ncols, 0.4)
    # every map has the same extent, so the axes are not shared: with sharex/sharey, drawing
    # 78 maps (figure 5) walks every axes' siblings for every axes and takes 3 times as long
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, 1.5 * nrows + 0.5), squeeze=False,
                             constrained_layout=True)
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.set_axis_off()
            continue
        _signature_image(ax, signatures[i], channels, time)
        ax.set_title(f"person {persons[i]}")
        if i // ncols == nrows - 1:
            ax.set_xlabel(time_label)
        ax.label_outer()  # tick labels on the left column and the bottom row only, as shared axes have them
    return fig


@figure_kind()
def plot_signature_summary(signatures, persons, channels, time, time_label: str = "% of cycle",
                           title: str | None = None):
    """Every person's signature in one image, and the share of persons at every point: the summary of many maps.

    The top panel has one row per person and, side by side, one block per muscle spanning
    the cycle (black = in the person's signature, as in :func:`plot_signature_maps`; grey bars
    part the muscles); the
    bottom panel gives, under each block, the percentage of persons whose signature holds
    that moment of that muscle (what :func:`plot_signature_counts` draws per muscle).
    Legible at the page's width for any number of persons, where one map per person
    (figure 5 of Aeles et al. 2021) is not.

    Parameters
    ----------
    signatures : ndarray of bool, shape (n_persons, n_channels, n_times)
    persons : sequence, length n_persons
        Labels of the rows (a legible subset of them is written).
    channels : sequence of str, length n_channels
        Names of the blocks.
    time : ndarray of shape (n_times,)
        Only its first and last values are used (the extent of every block, in the x label).
    time_label : str
        What the time axis within a block is.
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels sharing x: the persons × (muscle, time) image above, the share of
        persons (%) below.
    """
    signatures = np.asarray(signatures, bool)
    if signatures.ndim != 3 or len(persons) != len(signatures) or len(channels) != signatures.shape[1]:
        raise ValueError(f"signatures {signatures.shape} must be (n_persons, n_channels, n_times) with "
                         f"{len(persons)} persons and {len(channels)} channels")
    n_persons, n_channels, n_times = signatures.shape
    gap = max(1, round(0.08 * n_times))  # white space between the muscles' blocks, in time steps
    starts = np.arange(n_channels) * (n_times + gap)
    image = np.full((n_persons, n_channels * (n_times + gap) - gap), np.nan)
    for m, start in enumerate(starts):
        image[:, start:start + n_times] = signatures[:, m]
    image_in = min(4.5, max(1.2, 0.06 * n_persons))
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(MAX_WIDTH_IN, image_in + 2.1), sharex=True, squeeze=True,
                                 height_ratios=[image_in, 1.1], constrained_layout=True)
    cmap = plt.get_cmap("Greys").with_extremes(bad="0.8")  # the gaps between muscles: light grey bars
    ax.imshow(image, aspect="auto", cmap=cmap, vmin=0, vmax=1, interpolation="nearest",
              extent=(-0.5, image.shape[1] - 0.5, n_persons - 0.5, -0.5))
    step = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 10 ** 9) if n_persons / k <= image_in / 0.2)
    rows = np.arange(0, n_persons, step)
    ax.set_yticks(rows, [str(persons[i]) for i in rows])
    ax.set_ylabel("person")
    ax.tick_params(axis="x", length=0)
    share = 100 * signatures.mean(axis=0)
    for m, start in enumerate(starts):
        x = np.arange(start, start + n_times)
        bx.fill_between(x, 0, share[m], color="#e8200c", alpha=0.7, lw=0)
        bx.plot(x, share[m], color="#e8200c", lw=0.8)
    bx.set_ylim(0, 100)
    bx.set_ylabel("persons (%)")
    bx.set_xticks(starts + (n_times - 1) / 2, list(channels))
    bx.set_xlim(-0.5, image.shape[1] - 0.5)
    bx.set_xlabel(f"muscle; in each block {time_label} from {time[0]:g} to {time[-1]:g}")
    return fig


@figure_kind()
def plot_signature_counts(counts, channels, time, n_persons: int, circular: bool = False, title: str | None = None):
    """How many persons have each (muscle, time point) in their signature (figure 6).

    Parameters
    ----------
    counts : ndarray of int, shape (n_channels, n_times)
    channels : sequence of str, length n_channels
    time : ndarray of shape (n_times,)
        Evenly spaced (the polar version wraps one step past the last point).
    n_persons : int
        For the axis limit.
    circular : bool
        Draw every muscle on a polar axis (for pedalling, whose cycle wraps around).
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per muscle.
    """
    n_channels = counts.shape[0]
    if circular:
        ncols = 4
        nrows = int(np.ceil(n_channels / ncols))
        fig, axes = plt.subplots(nrows, ncols, figsize=(MAX_WIDTH_IN, 2.0 * nrows + 0.3),
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
    return fig


@figure_kind(title_on="axes")
def plot_correlations(results: dict, title: str | None = None):
    """Mean correlation with its 95 % CI per comparison (a forest plot).

    Parameters
    ----------
    results : dict of str -> object with float attributes ``r``, ``low``, ``high`` (and ``n``)
        Label -> mean r and its CI, such as the ``FisherMean`` of a Fisher-z mean; any
        object with these attributes will do. Non-finite bounds are left out of the x range.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = list(results)
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
    return fig


@figure_kind(title_on="axes")
def plot_participant_number(summary: dict, title: str | None = None):
    """Signature correlation against the number of persons in training (figure 3 of Aeles et al. 2021).

    Parameters
    ----------
    summary : dict of str -> dict of int -> dict of str -> float
        Task -> persons in training N -> ``{"r_mean", "r_p05", "r_min"}``: the mean, 5th
        percentile and minimum correlation with the all-person map (the participant-number
        study's summary), and optionally ``"r_next_mean"``: the mean r with the next
        participant's map (the chance control), drawn dashed. Tasks ``"walking"`` and
        ``"pedalling"`` get their own colours.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colours = {"walking": "#1f4fff", "pedalling": "#e8200c"}
    fig, ax = plt.subplots(figsize=(4.6, 3.6), constrained_layout=True)
    for task, rows in summary.items():
        n = np.array(sorted(rows))
        mean = np.array([rows[k]["r_mean"] for k in n])
        low = np.array([rows[k]["r_p05"] for k in n])
        lowest = np.array([rows[k]["r_min"] for k in n])
        c = colours.get(task, "0.3")
        ax.fill_between(n, low, 1.0, color=c, alpha=0.15, lw=0)
        ax.plot(n, lowest, ":", color=c, lw=0.8)
        ax.plot(n, mean, "o-", color=c, ms=3, lw=1.2, label=f"{task}: mean r (band: 5th percentile; dots: min)")
        if all("r_next_mean" in rows[k] for k in n):
            ax.plot(n, [rows[k]["r_next_mean"] for k in n], "x--", color=c, ms=3, lw=0.8,
                    label=f"{task}: next participant's map (chance control)")
    ax.set_xlabel("persons in the training set, N")
    ax.set_ylabel("r with the all-person map")
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", frameon=False, ncols=legend_columns(labels, 4.6))
    return fig

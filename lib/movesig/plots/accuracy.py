"""Figures of how well models identify persons: accuracy per fold, perturbation curves, planted-area precision."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ._base import figure_kind, fit_width, legend_columns

__all__ = ["plot_effect_size", "plot_fold_accuracy", "plot_learning_curve", "plot_model_accuracy", "plot_perturbation",
           "plot_planted_precision"]


@figure_kind(title_on="axes")
def plot_fold_accuracy(accuracy: dict[str, np.ndarray], title: str | None = None):
    """Accuracy of every fold per model, with the mean ± SD.

    Parameters
    ----------
    accuracy : dict of str -> ndarray of shape (n_folds,)
        Fractions in [0, 1] per model.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    _, width = fit_width(1.0, len(accuracy), 1.2)
    fig, ax = plt.subplots(figsize=(width, 2.4), constrained_layout=True)
    for i, (name, acc) in enumerate(accuracy.items()):
        acc = 100 * np.asarray(acc)
        jitter = np.linspace(-0.12, 0.12, len(acc))
        ax.plot(i + jitter, acc, "o", ms=3, color="0.4")
        ax.errorbar(i + 0.3, acc.mean(), yerr=acc.std(), fmt="s", color="k", ms=4, capsize=3)
    crowded = (width - 1.2) / max(1, len(accuracy)) < 0.9  # narrowed below what a two-line label needs
    ax.set_xticks(range(len(accuracy)), list(accuracy), rotation=35 if crowded else 0,
                  ha="right" if crowded else "center")
    ax.set_ylabel("accuracy per fold (%)")
    return fig


@figure_kind(title_on="axes")
def plot_model_accuracy(accuracy: dict[str, np.ndarray], published: dict[str, float] | None = None,
                        title: str | None = None):
    """Accuracy of every model: folds, mean ± SD, and the published figure where there is one.

    Parameters
    ----------
    accuracy : dict of str -> ndarray of shape (n_folds,)
        Model label -> accuracy per fold (fractions).
    published : dict of str -> float, optional
        Model label -> published accuracy (%), drawn as an open diamond labelled as published.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    published = published or {}
    _, width = fit_width(0.75, len(accuracy), 1.2)
    fig, ax = plt.subplots(figsize=(max(width, 3.4), 3.2), constrained_layout=True)
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
    _legend_below(fig, ax)
    return fig


def _legend_below(fig, ax) -> None:
    """The axes' legend, below the figure's axes and within its width (a legend beside them widens the figure)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", frameon=False,
                   ncols=legend_columns(labels, fig.get_figwidth()))


@figure_kind()
def plot_perturbation(fractions, curves: dict[str, dict[str, np.ndarray]], published: dict | None = None,
                      ncols: int = 3, title: str | None = None):
    """Perturbation curves per model: accuracy as a growing share of inputs gets noise.

    Parameters
    ----------
    fractions : ndarray of shape (n_fractions,)
        Shares of input values perturbed (0 to 1).
    curves : dict of str -> dict of Curve -> ndarray of shape (n_fractions,)
        Model label -> curve key (with ``order``: "random", "most" or "least", and ``rule``:
        the explanation, as :class:`movesig.evaluate.Curve`) -> accuracy (fractions).
    published : dict of str -> (fractions %, accuracy %), optional
        Model label -> the published random-order curve, drawn dashed and labelled.
    ncols : int
        Panels per row.
    title : str, optional
        Suptitle.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per model and one legend below them.
    """
    published = published or {}
    labels = list(curves)
    ncols = max(1, min(ncols, len(labels)))
    nrows = int(np.ceil(len(labels) / ncols))
    x = 100 * np.asarray(fractions)
    _, width = fit_width(2.3, ncols, 0.2)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, 1.9 * nrows + 0.3), squeeze=False,
                             sharex=True, sharey=True, constrained_layout=True)
    for ax, label in zip(axes.flat, labels):
        for order, curve in curves[label].items():
            style, name = _order_style(order)
            ax.plot(x, 100 * np.asarray(curve), ms=2.5, lw=1.1, label=name, **style)
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
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", frameon=False,
               ncols=legend_columns(handles, width))
    return fig


#: Colour and marker per explanation (LRP rule); line style per direction of the order.
_RULE_STYLES = {"epsilon": ("#d7301f", "o", "LRP ε"), "alpha2beta1": ("#2b59c3", "s", "LRP α2β1")}
_DIRECTIONS = {"most": ("-", "most relevant first"), "least": (":", "least relevant first")}


def _order_style(curve) -> tuple[dict, str]:
    """Line style and legend label of a curve key (its ``order`` and ``rule``)."""
    if curve.order == "random":
        return {"color": "0.45", "ls": "-", "marker": None}, "random order"
    direction, rule = curve.order, curve.rule
    colour, marker, rule_name = _RULE_STYLES.get(rule, ("0.2", "^", rule))
    ls, direction_name = _DIRECTIONS.get(direction, ("--", direction))
    return {"color": colour, "ls": ls, "marker": marker, "markevery": 5}, f"{direction_name}, {rule_name}"


@figure_kind(title_on="axes")
def plot_planted_precision(precision: dict[str, np.ndarray], chance: float, title: str | None = None):
    """Per model, each person's precision at the planted area, with the chance level.

    Parameters
    ----------
    precision : dict of str -> ndarray of shape (n_persons,)
        Model label -> share of each person's top relevance on what was planted (NaN allowed).
    chance : float
        Mean precision of randomly chosen points.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    labels = list(precision)
    _, width = fit_width(0.75, len(labels), 1.2)
    fig, ax = plt.subplots(figsize=(max(width, 3.4), 3.2), constrained_layout=True)
    for i, label in enumerate(labels):
        p = 100 * np.asarray(precision[label])
        ax.plot(i + np.linspace(-0.2, 0.2, len(p)), p, "o", ms=2, color="0.55")
        ax.plot([i - 0.3, i + 0.3], [np.nanmean(p)] * 2, color="#e8200c", lw=2,
                label="mean over persons" if i == 0 else None)
    ax.axhline(100 * chance, color="k", ls=":", lw=0.9, label="chance")
    ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right")
    ax.set_ylabel("top relevance on planted area (%)")
    ax.set_ylim(0, 102)
    _legend_below(fig, ax)
    return fig


@figure_kind()
def plot_effect_size(effect_sizes, accuracy: dict, recovery: dict, chance: float = 0.5, title: str | None = None):
    """Accuracy and recovery against the planted effect size d′ (synthetic data).

    Parameters
    ----------
    effect_sizes : sequence of float
        d′ values (within-person SDs).
    accuracy : dict of str -> sequence of float
        Label -> accuracy (fraction) at every d′.
    recovery : dict of str -> sequence of float
        Label -> recovery AUC (or another score in [0, 1]) at every d′.
    chance : float
        The recovery score of a map unrelated to the mask (drawn dotted; the d′ = 0 row is
        the data's own reference, which can lie elsewhere).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a, b) = plt.subplots(1, 2, figsize=(5.6, 2.4), constrained_layout=True)
    d = np.asarray(effect_sizes, dtype=float)
    for label, v in accuracy.items():
        a.plot(d, 100 * np.asarray(v, float), "o-", ms=3, lw=1.1, label=label)
    for label, v in recovery.items():
        b.plot(d, np.asarray(v, float), "o-", ms=3, lw=1.1, label=label)
    b.axhline(chance, color="0.5", ls=":", lw=0.9, label="a map unrelated to the mask")
    a.set_xlabel("planted effect size d′")
    b.set_xlabel("planted effect size d′")
    a.set_ylabel("accuracy (%)")
    b.set_ylabel("recovery AUC")
    b.set_ylim(0, 1.02)
    for ax in (a, b):
        ax.legend(frameon=False)
    return fig


@figure_kind(title_on="axes")
def plot_learning_curve(curves: dict[str, tuple], chance: float | None = None,
                        published: dict[str, tuple[float, float]] | None = None, title: str | None = None):
    """Accuracy against training trials per person, each curve with its interval, and published points (other data).

    Parameters
    ----------
    curves : dict of str -> (trials, mean, low, high)
        Per curve (e.g. "this run", or one per walking speed): training trials per person
        (median over people), shape (n_points,), and the mean per-person accuracy with its
        95 % interval, fractions in [0, 1], each of shape (n_points,).
    chance : float, optional
        Chance accuracy (1 / number of people), drawn as a dotted line.
    published : dict of str -> (trials, accuracy %), optional
        Published results of other data, drawn as open markers and labelled so.
    title : str, optional
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(4.2, 2.8), constrained_layout=True)
    for i, (label, (trials, mean, low, high)) in enumerate(curves.items()):
        colour = "k" if len(curves) == 1 else f"C{i}"
        trials = np.asarray(trials, dtype=float)
        ax.fill_between(trials, 100 * np.asarray(low), 100 * np.asarray(high), color=colour, alpha=0.15, lw=0)
        ax.plot(trials, 100 * np.asarray(mean), "o-", color=colour, ms=4, label=f"{label} (95 % interval: people)")
    for i, (label, (x, y)) in enumerate((published or {}).items()):
        ax.plot([x], [y], ["D", "s", "^"][i % 3], mfc="none", color="C3", ms=6, label=f"{label} (published, other data)")
    if chance is not None:
        ax.axhline(100 * chance, color="0.5", ls=":", lw=1, label="chance")
    ax.set_xlabel("training trials per person")
    ax.set_ylabel("accuracy (%)")
    ax.legend(frameon=False, loc="lower right")
    return fig

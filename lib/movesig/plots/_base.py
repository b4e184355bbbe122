"""What every figure shares: the output formats, the colour map, the style, saving, and the figure decorator."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Literal, ParamSpec

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure

__all__ = ["FORMATS", "STYLE", "relevance_cmap", "save_figure", "figure_kind"]

P = ParamSpec("P")

#: The formats :func:`save_figure` writes, in this order.
FORMATS = ("pdf", "svg", "png")

#: R / max|R| from -1 to 1: negative blue, zero black, positive red to yellow (as in the papers).
relevance_cmap = LinearSegmentedColormap.from_list(
    "relevance",
    [(0.0, "#7fd4ff"), (0.25, "#1f4fff"), (0.5, "#000000"), (0.75, "#e8200c"), (1.0, "#ffe81a")],
)

#: rcParams every figure is drawn under (small print for a page, no top or right spines).
STYLE = {
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def figure_kind(title_on: Literal["figure", "axes"] = "figure") -> Callable[[Callable[P, Figure]], Callable[P, Figure]]:
    """Decorate a function that draws one kind of figure with what all of them share.

    The decorated function keeps its name, signature and docstring; its signature must
    have a ``title`` parameter (``str | None``), which the function itself leaves alone.
    Every call draws under :data:`STYLE`, then, if ``title`` is given, writes it as the
    figure's suptitle (``title_on="figure"``) or as the title of the figure's only axes
    (``title_on="axes"``), and returns the figure.

    Parameters
    ----------
    title_on : {"figure", "axes"}
        Where the optional title goes.
    """
    if title_on not in ("figure", "axes"):
        raise ValueError(f"title_on must be 'figure' or 'axes', got {title_on!r}")

    def decorate(draw: Callable[P, Figure]) -> Callable[P, Figure]:
        signature = inspect.signature(draw)
        if "title" not in signature.parameters:
            raise TypeError(f"{draw.__name__} must take a title parameter to be a figure kind")

        @functools.wraps(draw)
        def figure(*args: P.args, **kwargs: P.kwargs) -> Figure:
            title = signature.bind(*args, **kwargs).arguments.get("title")
            with plt.rc_context(STYLE):
                fig = draw(*args, **kwargs)
                if not isinstance(fig, Figure):
                    raise TypeError(f"{draw.__name__} must return a matplotlib Figure, got {type(fig).__name__}")
                if title:
                    if title_on == "figure":
                        fig.suptitle(title)
                    else:
                        fig.axes[0].set_title(title)
            return fig

        return figure

    return decorate


def save_figure(fig, directory, name: str, dpi: int = 300) -> dict[str, Path]:
    """Save ``fig`` as ``directory/name.{pdf,svg,png}`` and return the paths.

    Metadata dates are left out and SVG ids are salted with the name, so that the same
    figure gives the same files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    directory : str or Path
        Created if missing.
    name : str
        A stable file stem: not empty, no spaces, no slashes or backslashes.
    dpi : int
        Resolution of the PNG (and of rasterised parts of the others).

    Returns
    -------
    dict of str -> Path
        Format (``"pdf"``, ``"svg"``, ``"png"``) -> the file written.
    """
    if not name or any(c in name for c in "/\\ "):
        raise ValueError(f"figure name must be a plain stable name without spaces or slashes, got {name!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    metadata = {"pdf": {"CreationDate": None, "ModDate": None}, "svg": {"Date": None}, "png": {}}
    # Lay the figure out and find its tight box once, then draw each format once, without
    # layout: with ``bbox_inches="tight"`` or a layout engine, savefig lays the figure out
    # and draws it twice for every format.
    fig.draw_without_rendering()
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    engine = fig.get_layout_engine()
    if engine is not None:  # off for the drawing ("none" would leave a placeholder engine, which still pre-draws)
        with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    try:
        with plt.rc_context({"svg.hashsalt": f"movesig-{name}"}):
            for fmt in FORMATS:
                path = directory / f"{name}.{fmt}"
                fig.savefig(path, format=fmt, dpi=dpi, bbox_inches=box, metadata=metadata[fmt])
                paths[fmt] = path
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return paths


def _coloured_line(ax, t, y, r, norm: Normalize, linewidth: float = 1.6) -> LineCollection:
    """Draw ``y`` against ``t`` on ``ax``, each segment coloured by the mean ``r`` of its two ends.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t, y, r : ndarray of shape (n_times,)
        Time, values, and the values that pick the colour (through ``norm`` and
        :data:`relevance_cmap`).
    norm : matplotlib.colors.Normalize
    linewidth : float

    Returns
    -------
    matplotlib.collections.LineCollection
        For a colour bar. The axes limits are set to ``t`` and ``y`` with a 5 % margin in y.
    """
    points = np.column_stack([t, y]).reshape(-1, 1, 2)
    segments = np.concatenate([points[:-1], points[1:]], axis=1)
    lc = LineCollection(segments, cmap=relevance_cmap, norm=norm, linewidth=linewidth)
    lc.set_array(0.5 * (r[:-1] + r[1:]))
    ax.add_collection(lc)
    ax.set_xlim(t[0], t[-1])
    pad = 0.05 * (np.ptp(y) or 1.0)
    ax.set_ylim(y.min() - pad, y.max() + pad)
    return lc

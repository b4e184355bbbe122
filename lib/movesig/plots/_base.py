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

__all__ = ["COLUMN_PX", "FORMATS", "MAX_WIDTH_IN", "MIN_TEXT_PT", "SCREEN_DPI", "STYLE", "figure_kind", "fit_width",
           "legend_columns", "relevance_cmap", "save_figure", "shown_points"]

P = ParamSpec("P")

#: The formats :func:`save_figure` writes, in this order.
FORMATS = ("pdf", "svg", "png")

#: CSS px per inch of a figure shown at its natural size in a chapter: the figures' dpi (the
#: notebook's PNG has twice as many pixels, for screens that have them, and says to show it at this size).
SCREEN_DPI = 100
#: Width of the book's content column in CSS px (sphinx-book-theme, 1400 px window): a wider figure is scaled down.
COLUMN_PX = 740
#: The smallest text a figure may show, in points as read at 1:1 (96 CSS px per inch, 1 pt = 4/3 CSS px).
MIN_TEXT_PT = 8
#: The widest a figure kind draws, in inches: with the tight box's padding (0.1 in a side) it fits the column.
MAX_WIDTH_IN = 7.0


def shown_points(size_pt: float, width_in: float, dpi: float = SCREEN_DPI, column_px: float = COLUMN_PX) -> float:
    """The size at which text of ``size_pt`` reads on the page, in points at 1:1.

    A figure ``width_in`` inches wide is shown at its natural width, ``width_in × dpi`` CSS
    px, or scaled down to the content column where that is narrower: its text of ``s`` pt
    is then ``s / 72 × shown_px / width_in`` CSS px high, which is ``s × shown_px /
    (96 width_in)`` pt at 1:1.

    Parameters
    ----------
    size_pt : float
        The font size the figure draws, in points.
    width_in : float
        The width of the figure as shown (its tight box), in inches.
    dpi : float
        CSS px per inch at natural size.
    column_px : float
        The widest the page shows a figure, in CSS px.

    Returns
    -------
    float
        The text's size on the page, in points at 1:1 (px × 3/4).
    """
    shown_px = min(width_in * dpi, column_px)
    return size_pt * shown_px / (96.0 * width_in)


#: R / max|R| from -1 to 1: negative blue, zero light grey, positive red, darker the further from zero.
#: The papers draw zero black, between a blue and a red-to-yellow arm; a curve coloured by
#: relevance then vanishes into the black of the axes and lines wherever its relevance is
#: near zero, and zero reads as the strongest colour. Here zero is the neutral, light end
#: of a diverging map (ColorBrewer's RdBu, its white centre made light grey), so the
#: lightness says how large R is and the hue its sign; :func:`_coloured_line` draws a thin
#: dark casing under every curve, so a stretch of zero relevance stays visible on a white page.
relevance_cmap = LinearSegmentedColormap.from_list(
    "relevance",
    ["#053061", "#2166ac", "#4393c3", "#92c5de", "#dcdcdc", "#f4a582", "#d6604d", "#b2182b", "#67001f"],
)

#: rcParams every figure is drawn under (at least :data:`MIN_TEXT_PT` everywhere, no top or right spines).
#: The dpi fixes the size at which the notebook shows a figure (see :func:`shown_points`).
STYLE = {
    "figure.dpi": SCREEN_DPI,
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "figure.titlesize": 10,
    "xtick.labelsize": MIN_TEXT_PT,
    "ytick.labelsize": MIN_TEXT_PT,
    "legend.fontsize": MIN_TEXT_PT,
    "legend.title_fontsize": MIN_TEXT_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def fit_width(panel_in: float, n_panels: int, extra_in: float = 0.0) -> tuple[float, float]:
    """Width of a panel and of the figure: panels narrowed where ``n_panels`` would exceed :data:`MAX_WIDTH_IN`.

    Parameters
    ----------
    panel_in : float
        The width a panel would like, in inches.
    n_panels : int
        Panels side by side.
    extra_in : float
        Width beside the panels (labels, a colour bar), in inches.

    Returns
    -------
    panel : float
        The width of a panel, in inches.
    width : float
        The figure's width, ``n_panels × panel + extra_in``, at most :data:`MAX_WIDTH_IN`.
    """
    n_panels = max(1, int(n_panels))
    panel = min(panel_in, (MAX_WIDTH_IN - extra_in) / n_panels)
    return panel, n_panels * panel + extra_in


def legend_columns(labels, width_in: float, size_pt: float = MIN_TEXT_PT) -> int:
    """How many columns of ``labels`` a legend ``width_in`` wide holds (at least one).

    Assumes a character of about 0.55 em and a handle with its gaps of about 0.45 in.
    """
    labels = [str(label) for label in labels]
    if not labels:
        return 1
    column = 0.45 + 0.55 * size_pt / 72 * max(len(label) for label in labels)
    return max(1, min(len(labels), int(width_in // column)))


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

    A dark grey casing, ``linewidth`` + 1 pt wide, is drawn under the whole curve, so that
    stretches whose colour is the light grey of zero relevance stay visible on white.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    t, y, r : ndarray of shape (n_times,)
        Time, values, and the values that pick the colour (through ``norm`` and
        :data:`relevance_cmap`).
    norm : matplotlib.colors.Normalize
    linewidth : float
        Width of the coloured line, in points.

    Returns
    -------
    matplotlib.collections.LineCollection
        For a colour bar. The axes limits are set to ``t`` and ``y`` with a 5 % margin in y.
    """
    points = np.column_stack([t, y]).reshape(-1, 1, 2)
    segments = np.concatenate([points[:-1], points[1:]], axis=1)
    ax.plot(t, y, color=_CASING, lw=linewidth + 1.0, solid_capstyle="round", solid_joinstyle="round", zorder=1.9)
    lc = LineCollection(segments, cmap=relevance_cmap, norm=norm, linewidth=linewidth, capstyle="round", zorder=2)
    lc.set_array(0.5 * (r[:-1] + r[1:]))
    ax.add_collection(lc)
    ax.set_xlim(t[0], t[-1])
    pad = 0.05 * (np.ptp(y) or 1.0)
    ax.set_ylim(y.min() - pad, y.max() + pad)
    return lc


#: The casing under a curve coloured by relevance (see :func:`_coloured_line`).
_CASING = "0.3"

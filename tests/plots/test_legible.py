"""Every figure is legible at the width the book shows it: text sizes, the colour map, 2× inline PNGs.

The rule (:func:`movesig.plots._base.shown_points`): a figure whose tight box is ``W``
inches wide is shown in a chapter at its natural width, ``W × dpi`` CSS px, capped by the
content column (:data:`~movesig.plots._base.COLUMN_PX`); text of ``s`` pt then reads as
``s × shown_px / (96 W)`` pt at 1:1 (96 CSS px per inch, 1 pt = 4/3 CSS px), which must be
at least :data:`~movesig.plots._base.MIN_TEXT_PT`.
"""

from __future__ import annotations

import base64
import io
from collections import namedtuple

import matplotlib.pyplot as plt
import movesig.plots
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from movesig.evaluate import Curve
from movesig.plots._base import COLUMN_PX, MIN_TEXT_PT, SCREEN_DPI, STYLE, relevance_cmap, shown_points

from tests.plots.test_base import EXAMPLES, PLOT_FUNCTIONS

FisherLike = namedtuple("FisherLike", "r low high n")


def drawn_text(fig) -> list[tuple[float, str]]:
    """``(size in points, text)`` of every text the figure draws, in the order drawn.

    The figure is drawn as the notebook shows it (outside :data:`STYLE`), and every call
    of the renderer's ``draw_text`` is recorded: tick labels, axis labels, titles, legends,
    colour-bar labels and annotations alike, and only those actually drawn (hidden axes,
    hidden tick labels and ticks outside the view are not).
    """
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    seen = []
    draw_text = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip():
            seen.append((prop.get_size_in_points(), s))
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = record
    fig.draw(renderer)
    return seen


def natural_width_in(fig) -> float:
    """Width of the figure as the inline backend crops it (``bbox_inches="tight"``), in inches."""
    renderer = fig.canvas.get_renderer()
    return fig.get_tightbbox(renderer).width + 2 * plt.rcParams["savefig.pad_inches"]


def smallest_shown(fig) -> tuple[float, str, float]:
    """The smallest text of ``fig`` as it reads in a chapter (points at 1:1), that text, and the figure's width (in)."""
    sizes = drawn_text(fig)
    width = natural_width_in(fig)
    size, text = min(sizes)
    return shown_points(size, width, fig.dpi), text, width


_RNG = np.random.default_rng(3)
_T100 = np.linspace(0, 100, 101)
_T51 = np.linspace(0, 100, 51)  # where the number of points changes no size, fewer draw faster
_MODELS = ["Linear SVM (C = 0.1)", "Linear SVM (C = 1)", "Linear SVM (C = 10)", "Linear (SGD)", "MLP (3, 64)",
           "MLP (3, 256)", "MLP (3, 1024)", "CNN-A", "CNN-C3"]
_GAIT = ["right fore-aft", "right medial-lateral", "right vertical", "left fore-aft", "left medial-lateral",
         "left vertical"]
_EMG = ["VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF"]
_ORDERS = [Curve("additive", "random")] + [Curve("additive", o, r) for r in ("epsilon", "alpha2beta1")
                                           for o in ("most", "least")]


def _spm(n=101, seed=0):
    from movesig.summarise import SPMResult

    t = np.sin(np.linspace(0, 3, n) + seed) * 5
    return SPMResult("paired t", t, 3.12, [(10.0, 40.0, 0.004), (70.0, 72.0, 0.04)], 0.05, (12, 12), 1000)


def _curve(n=8):
    trials = np.arange(1, n + 1)
    mean = 1 - 0.5 / trials
    return trials, mean, mean - 0.05, np.minimum(mean + 0.05, 1)


def _participants():
    rows = {n: {"r_mean": 0.9 - 1 / n, "r_p05": 0.8 - 1 / n, "r_min": 0.7 - 1 / n, "r_next_mean": 0.2}
            for n in (2, 4, 8, 16, 32, 64)}
    return {"walking": rows, "pedalling": rows}


#: Arguments of the shapes the book's chapters draw (nine models, six GRF channels, eight muscles, 78 people).
BOOK_EXAMPLES = {
    "plot_fold_accuracy": lambda: (({f"scaling:\n{m}": _RNG.uniform(0.8, 1, 5)
                                     for m in ("feature", "channel", "range", "none")},), {}),
    "plot_model_accuracy": lambda: (({m: _RNG.uniform(0.8, 1, 5) for m in _MODELS},),
                                    {"published": {m: 99.0 for m in _MODELS[:4]}}),
    "plot_perturbation": lambda: ((np.linspace(0, 0.5, 11), {m: {o: np.linspace(1, 0.3, 11) for o in _ORDERS}
                                                             for m in _MODELS}),
                                  {"published": {_MODELS[0]: ((0, 50), (100, 40))}}),
    "plot_planted_precision": lambda: (({m: _RNG.uniform(0, 1, 20) for m in _MODELS}, 0.1), {}),
    "plot_effect_size": lambda: (([0, 0.5, 1, 2, 4], {"linear SVM": [0.1, 0.4, 0.7, 0.9, 1]},
                                  {"linear SVM": [0.5, 0.6, 0.8, 0.9, 1]}), {}),
    "plot_learning_curve": lambda: (({s: _curve() for s in ("slow", "self-selected", "fast")},),
                                    {"chance": 0.02, "published": {"Horst et al. 2019, 57 people": (16, 99.0)}}),
    "plot_person_relevance": lambda: ((_RNG.normal(size=(4, 6, 51)), _RNG.normal(size=(4, 6, 51)),
                                       [3, 17, 30, 44], _GAIT, _T51, "% of stance", "BW"), {}),
    "plot_cycle_relevance": lambda: ((_RNG.normal(size=(30, 8, 51)), _RNG.uniform(size=(30, 8, 51)),
                                      _RNG.uniform(size=(8, 51)) > 0.8, _EMG, _T51), {}),
    "plot_region_shares": lambda: (({m: np.full((6, 3), 1 / 18) for m in _MODELS[:3]}, _GAIT,
                                    ["loading", "mid-stance", "push-off"]), {}),
    # 78 maps in 13 rows of 6 (figure 5) are as wide as these 12, which draw in a sixth of the time
    "plot_signature_maps": lambda: ((_RNG.uniform(size=(12, 8, 101)) > 0.9, np.arange(1, 13), _EMG, _T100),
                                    {"ncols": 6}),
    "plot_signature_counts": lambda: ((_RNG.integers(0, 78, (8, 101)), _EMG, _T100, 78), {"circular": True}),
    "plot_correlations": lambda: (({f"pedalling: 150W-day1 vs {c}": FisherLike(0.6, 0.4, 0.75, 12)
                                    for c in ("150W-day2", "80W-day1", "10perc-day1", "15perc-day1")}
                                   | {"walking vs pedalling (baseline)": FisherLike(0.1, -0.1, 0.3, 12)},), {}),
    "plot_participant_number": lambda: ((_participants(),), {}),
    "plot_spm": lambda: (({m: _spm(seed=i) for i, m in enumerate(_EMG)}, _T100), {"ncols": 4}),
    "plot_signature_summary": lambda: ((_RNG.uniform(size=(78, 8, 101)) > 0.9, np.arange(1, 79), _EMG, _T100), {}),
    "plot_capacity": lambda: (([2, 5, 10, 20, 50], [1.0, 0.99, 0.98, 0.96, 0.93], [0.98, 0.97, 0.96, 0.94, 0.9],
                               [1.0, 1.0, 0.99, 0.98, 0.95]),
                              {"fit": (np.geomspace(2, 1000, 20), np.linspace(1, 0.7, 20), np.linspace(0.98, 0.6, 20),
                                       np.linspace(1, 0.8, 20)),
                               "published": {"Horst et al. 2019, 57 people": (57, 99.0)}}),
    "plot_det": lambda: (({m: (np.geomspace(1e-4, 0.6, 30), np.geomspace(0.6, 1e-4, 30)) for m in _MODELS[:3]},), {}),
    "plot_open_set": lambda: (({m: (np.geomspace(1e-3, 1, 30), np.linspace(0.5, 1, 30)) for m in _MODELS[:3]},),
                              {"far": 0.01}),
}
#: More shapes the book draws of the same kinds.
MORE_BOOK_EXAMPLES = {
    "EMG persons by muscles": ("plot_person_relevance", lambda: (
        (_RNG.normal(size=(3, 8, 51)), _RNG.normal(size=(3, 8, 51)), [5, 40, 77], _EMG, _T51, "% of cycle"), {})),
    "signature maps of the persons shown": ("plot_signature_maps", lambda: (
        (_RNG.uniform(size=(3, 8, 101)) > 0.9, [5, 40, 77], _EMG, _T100), {"ncols": 3})),
    "signature counts, flat": ("plot_signature_counts", lambda: ((_RNG.integers(0, 78, (8, 101)), _EMG, _T100, 78),
                                                                {})),
    "SPM with curves": ("plot_spm", lambda: (({c: _spm(51, seed=i) for i, c in enumerate(_GAIT)}, _T51),
                                             {"curves": {c: {"healthy": _RNG.normal(size=(20, 51)),
                                                             "patients": _RNG.normal(size=(20, 51))}
                                                         for c in _GAIT}})),
}
# (a kind missing from either table fails its coverage test, not the collection of these)
CASES = ([pytest.param(name, EXAMPLES[name], id=f"{name}-small")
          for name in PLOT_FUNCTIONS if name in EXAMPLES]
         + [pytest.param(name, BOOK_EXAMPLES[name], id=f"{name}-book")
            for name in PLOT_FUNCTIONS if name in BOOK_EXAMPLES]
         + [pytest.param(name, make, id=f"{name}-{label}") for label, (name, make) in MORE_BOOK_EXAMPLES.items()])


def test_every_figure_kind_has_book_shaped_arguments():
    assert sorted(BOOK_EXAMPLES) == PLOT_FUNCTIONS


def test_the_display_rule():
    assert shown_points(8, 4.0, 100) == pytest.approx(8 * 100 / 96)  # natural size: 100 px per inch
    assert shown_points(8, 14.8, 100) == pytest.approx(8 * COLUMN_PX / (14.8 * 96))  # scaled down to the column
    assert shown_points(12, 7.4, 100) == pytest.approx(12 * 100 / 96)  # exactly the column


@pytest.mark.parametrize(("name", "make"), CASES)
def test_every_text_is_legible_at_the_width_the_page_shows_it(name, make):
    args, kwargs = make()
    fig = getattr(movesig.plots, name)(*args, **kwargs, title="a title")
    assert fig.dpi == SCREEN_DPI
    shown, text, width = smallest_shown(fig)
    assert shown >= MIN_TEXT_PT, (f"{name}: {text!r} reads as {shown:.1f} pt in a figure {width:.2f} in wide "
                                  f"(shown at {min(width * fig.dpi, COLUMN_PX):.0f} px)")


def test_the_style_sets_no_text_below_the_minimum():
    sizes = {k: v for k, v in STYLE.items() if k.endswith(("size", "fontsize"))}
    assert sizes and all(v >= MIN_TEXT_PT for v in sizes.values() if not isinstance(v, str))


def _luminance(colour) -> float:
    """Relative luminance (WCAG) of an RGB colour."""
    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def test_zero_relevance_is_light_and_neutral_and_the_ends_differ():
    zero, low, high = relevance_cmap(0.5), relevance_cmap(0.0), relevance_cmap(1.0)
    assert _luminance(zero) > 0.7
    assert np.ptp(zero[:3]) < 0.02  # grey: no hue of its own
    assert low[2] > low[0] + 0.2 and high[0] > high[2] + 0.2  # blue and red
    assert np.abs(np.subtract(low[:3], high[:3])).sum() > 0.6
    # lightness falls monotonically away from zero on both sides: the further from 0, the stronger
    values = [_luminance(relevance_cmap(v)) for v in np.linspace(0, 1, 21)]
    assert np.all(np.diff(values[:11]) > 0) and np.all(np.diff(values[10:]) < 0)


def test_near_zero_relevance_stays_visible_on_a_white_page():
    """A curve of zero relevance is drawn: its pixels differ clearly from the white page."""
    from matplotlib.colors import Normalize
    from movesig.plots._base import _coloured_line

    fig, ax = plt.subplots(figsize=(2, 1), dpi=100)
    ax.set_axis_off()
    t = np.linspace(0, 1, 50)
    _coloured_line(ax, t, np.sin(6 * t), np.zeros(50), Normalize(-1, 1))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3] / 255
    darkest = pixels.min(axis=-1).min()
    assert darkest < 0.6  # not lost on white


def _png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return im.size


def test_a_section_shows_its_figures_as_2x_pngs_at_1x_size(monkeypatch):
    import IPython.display
    from IPython.core.formatters import format_display_data
    from movesig.studies._page import Section

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    fig = movesig.plots.plot_fold_accuracy({"m": np.array([0.9, 1.0])})
    drawn_text(fig)
    expected = 2 * fig.dpi * natural_width_in(fig), 2 * fig.dpi * (fig.get_tightbbox().height + 0.2)
    Section([fig, "words"])._ipython_display_()
    assert len(shown) == 2
    image = shown[0]
    assert isinstance(image, IPython.display.Image)
    data, metadata = format_display_data(image)  # the output the notebook keeps
    metadata = metadata["image/png"]
    width, height = _png_size(base64.b64decode(data["image/png"]))
    assert set(metadata) == {"width"}  # no height: a narrower column scales it, keeping its shape
    assert metadata["width"] == pytest.approx(width / 2, abs=0.5)
    assert (width, height) == pytest.approx(expected, abs=4)  # twice the pixels of the natural size (laid out once)
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend does not show it again

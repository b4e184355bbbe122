"""Tests of what all figures share: the colour map, saving, and the figure_kind decorator."""

from __future__ import annotations

import warnings
from collections import namedtuple

import matplotlib.pyplot as plt
import movesig.plots
import numpy as np
import pytest
from matplotlib.figure import Figure
from movesig.evaluate import Curve
from movesig.plots import FORMATS, plot_fold_accuracy, relevance_cmap, save_figure
from movesig.plots._base import STYLE, figure_kind

FisherLike = namedtuple("FisherLike", "r low high n")
_T = np.linspace(0, 100, 12)
_RNG = np.random.default_rng(1)
_SIGS = _RNG.uniform(size=(3, 2, 12)) > 0.5

def _spm():
    from movesig.summarise import SPMResult

    t = np.sin(np.linspace(0, 3, 12)) * 5
    return SPMResult("paired t", t, 3.0, [(2.0, 7.0, 0.01)], 0.05, (4, 4), 16)


#: Small arguments for every public figure function.
EXAMPLES = {
    "plot_person_relevance": lambda: ((_RNG.normal(size=(2, 2, 12)), _RNG.normal(size=(2, 2, 12)), ["a", "b"],
                                       ["c1", "c2"], _T), {}),
    "plot_cycle_relevance": lambda: ((_RNG.normal(size=(3, 2, 12)), _RNG.uniform(size=(3, 2, 12)), _SIGS[0],
                                      ["m1", "m2"], _T), {}),
    "plot_region_shares": lambda: (({"SVM": np.full((2, 3), 1 / 6)}, ["c1", "c2"], ["a", "b", "c"]), {}),
    "plot_effect_size": lambda: (([0, 1, 2], {"SVM": [0.5, 0.8, 1.0]}, {"LRP": [0.5, 0.7, 0.9]}), {}),
    "plot_fold_accuracy": lambda: (({"m": np.array([0.9, 1.0])},), {}),
    "plot_learning_curve": lambda: (({"slow": ([1, 2, 3], [0.7, 0.8, 0.9], [0.6, 0.7, 0.85], [0.8, 0.9, 0.95]),
                                      "fast": ([1, 2, 3], [0.6, 0.7, 0.8], [0.5, 0.6, 0.7], [0.7, 0.8, 0.9])},),
                                    {"chance": 0.1, "published": {"Paper, 57 people": (16, 100.0)}}),
    "plot_model_accuracy": lambda: (({"SVM": np.array([0.9, 1.0])},), {"published": {"SVM": 95.0}}),
    "plot_perturbation": lambda: ((np.array([0, 0.5]), {"SVM": {Curve("additive", "random"): np.array([1, 0.5])}}), {}),
    "plot_planted_precision": lambda: (({"SVM": np.array([0.5, 1.0])}, 0.1), {}),
    "plot_signature_maps": lambda: ((_SIGS, [1, 2, 3], ["m1", "m2"], _T), {"ncols": 2}),
    "plot_signature_summary": lambda: ((_SIGS, [1, 2, 3], ["m1", "m2"], _T), {}),
    "plot_signature_counts": lambda: ((_SIGS.sum(axis=0), ["m1", "m2"], _T, 3), {"circular": True}),
    "plot_correlations": lambda: (({"a vs b": FisherLike(0.6, 0.4, 0.75, 5)},), {}),
    "plot_spm": lambda: (({"a − b": _spm()}, _T), {"curves": {"a − b": {"a": _RNG.normal(size=(4, 12)),
                                                                           "b": _RNG.normal(size=(4, 12))}}}),
    "plot_participant_number": lambda: (({"walking": {2: {"r_mean": 0.5, "r_p05": 0.3, "r_min": 0.2},
                                                      4: {"r_mean": 0.7, "r_p05": 0.6, "r_min": 0.5}}},), {}),
    "plot_capacity": lambda: (([10, 20, 194], [0.99, 0.98, 0.99], [0.97, 0.96, 0.98], [1.0, 0.99, 1.0]),
                              {"fit": ([10, 671, 2295], [0.99, 0.98, 0.97], [0.97, 0.96, 0.95], [1.0, 0.99, 0.99]),
                               "published": {"Horst et al. 2023, 671 people": (671, 99.3)}}),
    "plot_det": lambda: (({"SVM": (np.linspace(0.5, 0, 20), np.linspace(0, 0.5, 20))},), {}),
    "plot_open_set": lambda: (({"round 1": (np.linspace(0, 1, 20), np.linspace(0, 0.9, 20))},), {"far": 0.01}),
}
PLOT_FUNCTIONS = sorted(n for n in movesig.plots.__all__ if n.startswith("plot_"))
#: Figure kinds whose title goes on their only axes rather than above the figure.
AXES_TITLED = {"plot_fold_accuracy", "plot_learning_curve", "plot_model_accuracy", "plot_planted_precision", "plot_correlations",
               "plot_participant_number", "plot_capacity", "plot_det", "plot_open_set"}


def test_every_plot_function_has_an_example():
    assert sorted(EXAMPLES) == PLOT_FUNCTIONS


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_every_plot_function_returns_a_figure_titled_as_asked(name):
    args, kwargs = EXAMPLES[name]()
    draw = getattr(movesig.plots, name)
    fig = draw(*args, **kwargs)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == ""
    titled = draw(*args, **kwargs, title="a title")
    assert isinstance(titled, Figure)
    if name in AXES_TITLED:
        assert titled.get_suptitle() == "" and titled.axes[0].get_title() == "a title"
    else:
        assert titled.get_suptitle() == "a title"


def test_save_figure_writes_every_format_under_the_stable_name(tmp_path):
    fig = plot_fold_accuracy({"m": np.array([0.9, 1.0])})
    paths = save_figure(fig, tmp_path / "new" / "figures", "fold_accuracy", dpi=50)
    assert tuple(paths) == FORMATS
    for fmt, path in paths.items():
        assert path == tmp_path / "new" / "figures" / f"fold_accuracy.{fmt}"
        assert path.stat().st_size > 1000
    assert sorted(p.name for p in (tmp_path / "new" / "figures").iterdir()) == [
        "fold_accuracy.pdf", "fold_accuracy.png", "fold_accuracy.svg"]


@pytest.mark.parametrize("name", PLOT_FUNCTIONS)
def test_save_figure_crops_as_a_tight_savefig_and_keeps_the_layout_engine(tmp_path, name):
    """The figure is laid out once and every format drawn without layout: the same crop as matplotlib's own."""
    from PIL import Image

    args, kwargs = EXAMPLES[name]()
    fig = getattr(movesig.plots, name)(*args, **kwargs)
    engine = fig.get_layout_engine()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = save_figure(fig, tmp_path, "ours", dpi=60)["png"]
    if any("collapsed" in str(w.message) for w in caught):
        pytest.skip("this small example is too small for constrained layout, which then places nothing")
    assert fig.get_layout_engine() is engine  # the figure is the user's again, layout and all
    fig.savefig(tmp_path / "theirs.png", dpi=60, bbox_inches="tight")
    a, b = np.asarray(Image.open(ours)), np.asarray(Image.open(tmp_path / "theirs.png"))
    assert abs(a.shape[0] - b.shape[0]) <= 2 and abs(a.shape[1] - b.shape[1]) <= 2
    # the same drawing: its total darkness, which a shift by part of a pixel (that smears a thin line
    # over two pixels) leaves as it is, unlike a count of dark pixels
    ink_a, ink_b = (np.mean(255.0 - im[..., :3]) for im in (a, b))
    assert ink_a == pytest.approx(ink_b, rel=0.05)


def test_signature_maps_label_only_the_outer_axes_as_shared_axes_would():
    fig = movesig.plots.plot_signature_maps(np.zeros((5, 2, 12), bool), [1, 2, 3, 4, 5], ["m1", "m2"], _T, ncols=3)
    fig.draw_without_rendering()
    labelled = [(bool(ax.yaxis.get_ticklabels()), bool(ax.xaxis.get_ticklabels())) for ax in fig.axes if ax.axison]
    # the first column keeps its muscle names; x tick labels where no map lies below (the bottom row, and
    # above the empty last cell none, as with sharex)
    assert labelled == [(True, False), (False, False), (False, False), (True, True), (False, True)]


@pytest.mark.parametrize("name", ["sub/figure", "back\\slash", "has space", ""])
def test_save_figure_refuses_a_name_that_is_not_plain(tmp_path, name):
    fig = plot_fold_accuracy({"m": np.array([0.9, 1.0])})
    with pytest.raises(ValueError, match="stable name"):
        save_figure(fig, tmp_path, name)
    assert not any(tmp_path.iterdir())


def test_colour_map_reads_negative_blue_zero_light_grey_positive_red():
    blue, grey, red = relevance_cmap(0.1), relevance_cmap(0.5), relevance_cmap(0.9)
    assert blue[2] > blue[0] + 0.2 and min(grey[:3]) > 0.8 and red[0] > red[2] + 0.2


def test_figure_kind_draws_under_the_style_and_takes_the_title_by_position_or_keyword():
    seen = {}

    @figure_kind()
    def plot_demo(values, title: str | None = None):
        """Demo."""
        seen["font.size"] = plt.rcParams["font.size"]
        fig, ax = plt.subplots()
        ax.plot(values)
        return fig

    assert plot_demo.__name__ == "plot_demo" and plot_demo.__doc__ == "Demo."
    assert plot_demo([1, 2], "positional").get_suptitle() == "positional"
    assert seen["font.size"] == STYLE["font.size"]
    assert plot_demo([1, 2], title="keyword").get_suptitle() == "keyword"
    assert plot_demo([1, 2], title="").get_suptitle() == ""


def test_figure_kind_refuses_functions_without_a_title_or_figure():
    with pytest.raises(TypeError, match="title parameter"):
        figure_kind()(lambda values: plt.figure())
    with pytest.raises(ValueError, match="title_on"):
        figure_kind("legend")

    @figure_kind()
    def plot_nothing(title=None):
        return None

    with pytest.raises(TypeError, match="must return a matplotlib Figure"):
        plot_nothing()


def test_spm_figure_shades_the_supra_threshold_cluster_and_draws_the_threshold():
    from matplotlib.collections import PolyCollection

    fig = movesig.plots.plot_spm({"a − b": _spm(), "c − d": _spm()}, _T, ncols=1)
    stat_axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(stat_axes) == 2
    ax = stat_axes[0]
    assert {round(line.get_ydata()[0], 6) for line in ax.lines if line.get_linestyle() == "--"} == {-3.0, 3.0}
    assert any(isinstance(c, PolyCollection) for c in ax.collections)  # the shaded cluster
    assert "t* = 3.00" in ax.get_title(loc="right")

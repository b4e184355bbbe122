"""Tests of the relevance figures."""

from __future__ import annotations

import numpy as np
import pytest
from movesig.plots import (
    plot_cycle_relevance,
    plot_person_relevance,
    plot_region_shares,
    save_figure,
)


def test_person_relevance_figure_is_saved_in_three_formats_reproducibly(tmp_path):
    rng = np.random.default_rng(0)
    x, r = rng.normal(size=(2, 3, 50)), rng.normal(size=(2, 3, 50))
    fig = plot_person_relevance(x, r, ["a", "b"], ["c1", "c2", "c3"], np.linspace(0, 100, 50))
    assert len(fig.axes) == 2 * 3 + 1  # panels and the colour bar
    paths = save_figure(fig, tmp_path / "figures", "person_relevance")
    assert sorted(p.suffix for p in paths.values()) == [".pdf", ".png", ".svg"]
    assert all(p.stat().st_size > 1000 for p in paths.values())
    # the same figure drawn again gives the same bytes (no dates, stable ids)
    again = plot_person_relevance(x, r, ["a", "b"], ["c1", "c2", "c3"], np.linspace(0, 100, 50))
    second = save_figure(again, tmp_path / "again", "person_relevance")
    assert second["svg"].read_bytes() == paths["svg"].read_bytes()
    assert second["pdf"].read_bytes() == paths["pdf"].read_bytes()


def test_bad_person_relevance_input():
    with pytest.raises(ValueError, match="must be equal 3-D shapes"):
        plot_person_relevance(np.zeros((1, 2, 3)), np.zeros((1, 2, 4)), [0], ["a", "b"], np.arange(3))


def test_cycle_relevance_has_two_panels_per_muscle_the_signature_and_a_colour_bar():
    rng = np.random.default_rng(0)
    signature = np.zeros((3, 20), bool)
    signature[0, :5] = True
    fig = plot_cycle_relevance(rng.normal(size=(4, 3, 20)), rng.uniform(size=(4, 3, 20)), signature,
                               ["m1", "m2", "m3"], np.linspace(0, 100, 20), cycle=1)
    assert len(fig.axes) == 2 * 3 + 1 + 1
    assert any("8.3 % of points" in ax.get_title() for ax in fig.axes)


def test_region_shares_has_one_map_per_model():
    fig = plot_region_shares({"SVM": np.full((6, 3), 1 / 18), "CNN": np.full((6, 3), 1 / 18)},
                             [f"c{i}" for i in range(6)], ["a", "b", "c"])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["SVM", "CNN"]

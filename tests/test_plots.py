import numpy as np
import pytest

from movesig.plots import plot_fold_accuracy, plot_person_relevance, relevance_cmap, save_figure


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


def test_colour_map_reads_negative_blue_zero_black_positive_yellow():
    blue, black, yellow = relevance_cmap(0.1), relevance_cmap(0.5), relevance_cmap(1.0)
    assert blue[2] > blue[0] and max(black[:3]) < 0.05 and yellow[0] > 0.9 and yellow[1] > 0.8


def test_bad_figure_input():
    with pytest.raises(ValueError, match="must be equal 3-D shapes"):
        plot_person_relevance(np.zeros((1, 2, 3)), np.zeros((1, 2, 4)), [0], ["a", "b"], np.arange(3))
    fig = plot_fold_accuracy({"m": np.array([0.9, 1.0])})
    with pytest.raises(ValueError, match="stable name"):
        save_figure(fig, ".", "has space")

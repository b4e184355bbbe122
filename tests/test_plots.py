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


def test_model_comparison_figures(tmp_path):
    from movesig.plots import plot_model_accuracy, plot_perturbation, plot_planted_precision, plot_region_shares

    fig = plot_model_accuracy({"SVM": np.array([0.9, 1.0]), "CNN": np.array([0.8, 0.85])}, published={"SVM": 100.0})
    assert sorted(fig.axes[0].get_legend_handles_labels()[1]) == ["ours: mean ± SD over folds",
                                                                   "published (other data)"]
    fractions = np.array([0, 0.1, 0.5])
    fig = plot_perturbation(fractions, {"SVM": {"random": np.array([1, 0.8, 0.3]),
                                                "relevance (epsilon)": np.array([1, 0.6, 0.2])},
                                        "CNN": {"random": np.array([1, 0.9, 0.5])}},
                            published={"SVM": ((0, 5, 10), (100, 90, 80))})
    assert len([a for a in fig.axes if a.get_visible()]) == 2
    fig = plot_region_shares({"SVM": np.full((6, 3), 1 / 18)}, [f"c{i}" for i in range(6)], ["a", "b", "c"])
    fig = plot_planted_precision({"SVM": np.array([0.5, 1.0]), "CNN": np.array([0.2, np.nan])}, 0.05)
    paths = save_figure(fig, tmp_path, "planted")
    assert all(p.stat().st_size > 1000 for p in paths.values())

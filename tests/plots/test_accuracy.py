"""Tests of the accuracy figures."""

from __future__ import annotations

import numpy as np
from movesig.evaluate import Curve
from movesig.plots import (
    plot_model_accuracy,
    plot_perturbation,
    plot_planted_precision,
    save_figure,
)


def test_model_accuracy_labels_ours_and_published():
    fig = plot_model_accuracy({"SVM": np.array([0.9, 1.0]), "CNN": np.array([0.8, 0.85])}, published={"SVM": 100.0})
    assert sorted(fig.axes[0].get_legend_handles_labels()[1]) == ["ours: mean ± SD over folds",
                                                                   "published (other data)"]


def test_perturbation_hides_unused_panels():
    fractions = np.array([0, 0.1, 0.5])
    fig = plot_perturbation(fractions, {"SVM": {Curve("additive", "random"): np.array([1, 0.8, 0.3]),
                                                Curve("additive", "most", "epsilon"): np.array([1, 0.6, 0.2])},
                                        "CNN": {Curve("additive", "random"): np.array([1, 0.9, 0.5])}},
                            published={"SVM": ((0, 5, 10), (100, 90, 80))})
    assert len([a for a in fig.axes if a.get_visible()]) == 2


def test_perturbation_tells_every_order_apart():
    fractions = np.array([0, 0.1, 0.5])
    orders = [Curve("mean", "random")] + [Curve("mean", o, r) for r in ("epsilon", "alpha2beta1") for o in ("most", "least")]
    fig = plot_perturbation(fractions, {"CNN": {o: np.array([1, 0.8 - i / 10, 0.3]) for i, o in enumerate(orders)}})
    lines = fig.axes[0].get_lines()
    styles = {(line.get_color(), line.get_linestyle(), line.get_marker()) for line in lines}
    assert len(styles) == len(orders)  # no two orders drawn alike
    labels = [line.get_label() for line in lines]
    assert labels == ["random order", "most relevant first, LRP ε", "least relevant first, LRP ε",
                      "most relevant first, LRP α2β1", "least relevant first, LRP α2β1"]


def test_planted_precision_with_a_missing_person_is_saved(tmp_path):
    fig = plot_planted_precision({"SVM": np.array([0.5, 1.0]), "CNN": np.array([0.2, np.nan])}, 0.05)
    paths = save_figure(fig, tmp_path, "planted")
    assert all(p.stat().st_size > 1000 for p in paths.values())

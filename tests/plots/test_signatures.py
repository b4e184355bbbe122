"""Tests of the signature figures."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from movesig.plots import plot_correlations, plot_signature_counts, plot_signature_maps, plot_signature_summary


def test_signature_maps_turn_off_the_empty_places():
    signatures = np.random.default_rng(0).uniform(size=(4, 2, 10)) > 0.5
    fig = plot_signature_maps(signatures, [1, 2, 3, 4], ["m1", "m2"], np.linspace(0, 100, 10), ncols=3)
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[:4]] == ["person 1", "person 2", "person 3", "person 4"]
    assert not any(ax.axison for ax in fig.axes[4:])


def test_signature_counts_draws_one_panel_per_muscle_flat_or_polar():
    counts = np.arange(30).reshape(3, 10) % 4
    time = np.linspace(0, 100, 10)
    flat = plot_signature_counts(counts, ["m1", "m2", "m3"], time, 4)
    assert len(flat.axes) == 3 and flat.axes[0].get_ylim() == (0, 4)
    polar = plot_signature_counts(counts, ["m1", "m2", "m3"], time, 4, circular=True)
    assert [ax.name for ax in polar.axes] == ["polar"] * 4 and not polar.axes[3].axison


def test_correlations_take_any_object_with_r_low_high():
    results = {"a": SimpleNamespace(r=0.5, low=-0.2, high=0.8, n=3),
               "b": SimpleNamespace(r=float("nan"), low=float("nan"), high=float("nan"), n=1)}
    fig = plot_correlations(results)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert np.isclose(ax.get_xlim()[0], -0.25) and ax.get_xlim()[1] == 1.0


def test_signature_summary_puts_every_person_in_one_image_and_the_share_below():
    signatures = np.zeros((40, 3, 10), bool)
    signatures[:10, 1, 2:5] = True  # a quarter of the persons at muscle m2, 20-40 % of the cycle
    fig = plot_signature_summary(signatures, np.arange(101, 141), ["m1", "m2", "m3"], np.linspace(0, 90, 10))
    top, bottom = fig.axes
    image = top.get_images()[0].get_array()
    assert image.shape[0] == 40  # a row per person
    assert np.array_equal(np.asarray(image[:, :10]).astype(bool), signatures[:, 0])  # the first muscle's block
    assert np.ma.getmaskarray(image)[:, 10].all() or np.isnan(np.asarray(image[:, 10], float)).all()  # a gap
    assert [t.get_text() for t in bottom.get_xticklabels()] == ["m1", "m2", "m3"]
    shares = np.concatenate([c.get_ydata() for c in bottom.get_lines()])
    assert shares.max() == 25.0 and bottom.get_ylim() == (0, 100)
    labels = [t.get_text() for t in top.get_yticklabels()]
    assert labels[0] == "101" and 2 < len(labels) < 40  # a legible subset of the persons
    with pytest.raises(ValueError, match="n_persons, n_channels, n_times"):
        plot_signature_summary(signatures, np.arange(3), ["m1", "m2", "m3"], np.arange(10))

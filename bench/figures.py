"""Benchmark: saving the book's figures as PDF + SVG + PNG.

``movesig.plots.save_figure`` lays a figure out once, finds its tight box once, and draws
each format without layout. The peer, in the same run, is matplotlib's own way: one
``savefig(..., bbox_inches="tight")`` per format, which lays the figure out and draws it
twice for every format. Figures, each drawn fresh for every timing:

- the 78 signature maps of figure 5 (EMG, 8 muscles x 200 points), and the same with
  every axes shared as the plot function did before (``sharex``/``sharey``);
- one ``gait_models`` person-relevance figure (4 persons x 6 GRF channels, coloured lines);
- a fold-accuracy bar chart (one axes).

Seconds are the best of ``--repeats``; the ratio is peer / ours.

    python bench/figures.py [--repeats 2]
"""

import argparse
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from movesig.plots import (
    FORMATS,
    plot_fold_accuracy,
    plot_person_relevance,
    plot_signature_maps,
    save_figure,
)

RNG = np.random.default_rng(0)
MAPS = RNG.random((78, 8, 200)) > 0.8


def signature_maps(shared=False):
    fig = plot_signature_maps(MAPS, list(range(78)), [f"m{i}" for i in range(8)], np.linspace(0, 100, 200), ncols=6,
                              title="all signatures")
    if shared:  # as plt.subplots(sharex=True, sharey=True) made it before
        first = fig.axes[0]
        for ax in fig.axes[1:]:
            ax.sharex(first)
            ax.sharey(first)
    return fig


def person_relevance():
    return plot_person_relevance(RNG.normal(size=(4, 6, 101)), RNG.normal(size=(4, 6, 101)), list("abcd"),
                                 [f"ch{i}" for i in range(6)], np.linspace(0, 100, 101), title="relevance")


FIGURES = {
    "78 signature maps (figure 5)": (signature_maps, signature_maps),
    "78 signature maps, axes shared as before": (signature_maps, lambda: signature_maps(shared=True)),
    "person relevance, 4 x 6 panels": (person_relevance, person_relevance),
    "fold accuracy, one axes": (lambda: plot_fold_accuracy({"m": np.array([0.9, 1.0])}),) * 2,
}


def ours(fig, folder):
    save_figure(fig, folder, "ours")


def peer(fig, folder):
    for fmt in FORMATS:
        fig.savefig(Path(folder) / f"peer.{fmt}", format=fmt, dpi=300, bbox_inches="tight")


def save_seconds(save, make, folder):
    """Seconds that ``save`` takes for a fresh figure from ``make`` (drawing it is not timed)."""
    fig = make()
    start = time.perf_counter()
    save(fig, folder)
    seconds = time.perf_counter() - start
    plt.close(fig)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(f"{'figure':<44} {'savefig x3 s':>12} {'ours s':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for name, (make_ours, make_peer) in FIGURES.items():
            a = min(save_seconds(peer, make_peer, folder) for _ in range(args.repeats))
            b = min(save_seconds(ours, make_ours, folder) for _ in range(args.repeats))
            print(f"{name:<44} {a:>12.2f} {b:>8.2f} {a / b:>6.2f}")


if __name__ == "__main__":
    main()

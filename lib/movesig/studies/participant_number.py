"""Chapter ``participant_number``: does a signature depend on who else was in training? (Aeles et al. figure 3)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..data import baseline_trials
from ..evaluate.participant_number import participant_number, read_table
from ..plots import plot_participant_number
from ..summarise import correlation_by_size
from ._base import Study
from ._common import EPSILON, DataParameters, data_param
from ._page import Section, data_note, table
from ._params import param

__all__ = ["ParticipantNumber", "Parameters"]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("synthetic-emg")
    n_values: list | None = param(None, "training-set sizes N (None: 2, 6, 10, ... up to everyone)", "list[int]",
                                  low=2, optional=True, min_len=1)
    n_draws: int = param(10, "random draws of the others per (k, N)", "int", low=1)
    C: float = param(0.01, "regularisation of the linear SVM", "float", low=0, low_open=True)
    seed: int = param(1234, "seed of the draws", "int", low=0)
    epsilon: float = param(1e-5, **EPSILON)
    n_jobs: int = param(2, "local worker processes", "int", low=1)
    scheduler: str | None = param(None, "a Dask scheduler address (tcp://host:port) to run the fits on a cluster",
                                  "str", optional=True)


class ParticipantNumber(Study):
    """The experiment over every (task, k, N, draw), resumable, and its summary per task and N."""

    chapter = "participant_number"
    Parameters = Parameters

    @cached_property
    def data(self):
        self.dataset = baseline_trials(self.load_data()[0])
        return self.dataset

    @cached_property
    def table_path(self) -> Path:
        """Run (or resume) the experiment; the path of its table."""
        p = self.params
        started = time.perf_counter()
        path = participant_number(self.data, self.out_dir / "participant_number", n_values=p.n_values,
                                  n_draws=p.n_draws, C=p.C, seed=p.seed, epsilon=p.epsilon, n_jobs=p.n_jobs,
                                  scheduler=p.scheduler)
        self._seconds = time.perf_counter() - started
        self.extra["table"] = str(path.relative_to(self.out_dir))
        return path

    @cached_property
    def summary(self) -> dict:
        """task -> N -> {"r_mean", "r_p05", "r_min", "n"}."""
        summary = correlation_by_size(read_table(self.table_path))
        self.extra["participant_number"] = {t: {str(n): v for n, v in rows.items()} for t, rows in summary.items()}
        return summary

    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    def run(self) -> Section:
        """Run or resume the experiment and say how many cells it holds."""
        n = len(read_table(self.table_path)["r"])
        return Section([f"{n} (task, k, N, draw) cells; {self._seconds:.0f} s for what this run computed"],
                       {"n_cells": n})

    def figure3(self) -> Section:
        """Mean r against N per task (the paper's figure 3)."""
        fig = plot_participant_number(self.summary, title="Signature against the number of persons in training")
        return Section([self.figure(fig, "emg_fig3_participant_number",
                                    "Pearson r between a person's map from a model trained with N − 1 others and from"
                                    " the model trained with everyone, mean through Fisher's z, per task")])

    def by_size(self) -> Section:
        """Mean r (Fisher's z) and its 5th percentile per task and N."""
        s = self.summary
        tasks = sorted(s)
        sizes = sorted(set().union(*(s[t] for t in tasks)))
        shown = table({f"{t}: mean r": [f"{s[t][n]['r_mean']:.3f}" if n in s[t] else "" for n in sizes]
                       for t in tasks}
                      | {f"{t}: 5th percentile": [f"{s[t][n]['r_p05']:.3f}" if n in s[t] else "" for n in sizes]
                         for t in tasks}
                      | {f"{t}: cells (n)": [s[t][n]["n"] if n in s[t] else "" for n in sizes] for t in tasks},
                      index=[f"N = {n}" + (" (everyone: r = 1 by construction)" if n == self.dataset.n_persons else "")
                             for n in sizes])
        return Section([shown], {"summary": s})

"""Chapter ``participant_number``: does a signature depend on who else was in training? (Aeles et al. figure 3)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..data import baseline_trials
from ..evaluate.participant_number import PROTOCOLS, participant_number, read_table
from ..plots import plot_participant_number
from ..summarise import correlation_by_size
from ._base import Study
from ._common import EPSILON, SCHEDULER, DataParameters, data_param
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
    protocols: list = param(["full"], "how k's map is made: a model of the whole subsample ('full'), or the authors' "
                            "'cross-validated' form (10 chunks per person; 10 times the fits)", "list[str]",
                            choices=PROTOCOLS, min_len=1)
    seed: int = param(1234, "seed of the draws", "int", low=0)
    epsilon: float = param(1e-5, **EPSILON)
    n_jobs: int = param(2, "local worker processes", "int", low=1)
    scheduler: str | None = param(None, **SCHEDULER)


class ParticipantNumber(Study):
    """The experiment over every (task, k, N, draw), resumable, and its summary per task and N."""

    chapter = "participant_number"
    Parameters = Parameters

    @cached_property
    def data(self):
        self.dataset = baseline_trials(self.load_data()[0])
        return self.dataset

    @cached_property
    def table_paths(self) -> dict[str, Path]:
        """Run (or resume) the experiment once per protocol; the path of each table."""
        p = self.params
        started = time.perf_counter()
        paths = {protocol: participant_number(self.data, self.out_dir / "participant_number" / protocol,
                                              n_values=p.n_values, n_draws=p.n_draws, C=p.C, seed=p.seed,
                                              epsilon=p.epsilon, n_jobs=p.n_jobs, scheduler=p.scheduler,
                                              protocol=protocol)
                 for protocol in dict.fromkeys(p.protocols)}
        self._seconds = time.perf_counter() - started
        self.extra["tables"] = {k: str(v.relative_to(self.out_dir)) for k, v in paths.items()}
        return paths

    @cached_property
    def summary(self) -> dict:
        """protocol -> task -> N -> {"r_mean", "r_p05", "r_min", "n", "r_next_mean"}."""
        summary = {k: correlation_by_size(read_table(path)) for k, path in self.table_paths.items()}
        self.extra["participant_number"] = {k: {t: {str(n): v for n, v in rows.items()} for t, rows in s.items()}
                                            for k, s in summary.items()}
        return summary

    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    def run(self) -> Section:
        """Run or resume the experiment and say how many cells it holds."""
        n = {k: len(read_table(path)["r"]) for k, path in self.table_paths.items()}
        return Section([", ".join(f"{v} (task, k, N, draw) cells ({k})" for k, v in n.items())
                        + f"; {self._seconds:.0f} s for what this run computed"], {"n_cells": n})

    def figure3(self) -> Section:
        """Mean r against N per task and protocol (the paper's figure 3), with the chance control."""
        items = []
        for protocol, summary in self.summary.items():
            name = "emg_fig3_participant_number" + ("" if protocol == "full" else "_" + protocol.replace("-", "_"))
            fig = plot_participant_number(summary, title=f"Signature against the number of persons ({protocol})")
            items.append(self.figure(fig, name, f"Pearson r between a person's map from a model trained with N − 1 "
                                     f"others and the map from everyone ({protocol} protocol), mean through Fisher's "
                                     "z, per task; dashed: the same with the next participant's map (chance control)"))
        return Section(items)

    def by_size(self) -> Section:
        """Mean r (Fisher's z), its 5th percentile and the chance control per protocol, task and N."""
        items = []
        for protocol, s in self.summary.items():
            tasks = sorted(s)
            sizes = sorted(set().union(*(s[t] for t in tasks)))

            def column(t, key):
                return [f"{s[t][n][key]:.3f}" if n in s[t] else "" for n in sizes]

            items.append(f"**{protocol}** protocol")
            items.append(table({f"{t}: mean r": column(t, "r_mean") for t in tasks}
                               | {f"{t}: 5th percentile": column(t, "r_p05") for t in tasks}
                               | {f"{t}: next participant (chance)": column(t, "r_next_mean") for t in tasks}
                               | {f"{t}: cells (n)": [s[t][n]["n"] if n in s[t] else "" for n in sizes]
                                  for t in tasks},
                               index=[f"N = {n}" + (" (everyone: r = 1 by construction)"
                                                    if n == self.dataset.n_persons else "") for n in sizes]))
        return Section(items, {"summary": self.summary})

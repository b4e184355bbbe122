"""Chapter ``participant_number``: does a signature depend on who else was in training? (Aeles et al. figure 3)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ..data import baseline_trials
from ..evaluate.participant_number import PROTOCOLS, participant_number, read_table
from ..plots import plot_participant_number
from ..summarise import correlation_by_size, fisher_z, fisher_z_mean
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._common import SVM_C, EPSILON, SCHEDULER, DataParameters, baseline_problem, data_param
from ._page import Section, data_note, table
from ._params import param
from .claims import Claim, Reference

__all__ = ["ParticipantNumber", "Parameters"]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("synthetic-emg")
    n_values: list | None = param(None, "training-set sizes N (None: 2, 6, 10, ... up to everyone)", "list[int]",
                                  low=2, optional=True, min_len=1)
    n_draws: int = param(10, "random draws of the others per (k, N)", "int", low=1)
    C: float = param(0.01, "regularisation of the linear SVM", **SVM_C)
    protocols: list = param(["full"], "how k's map is made: a model of the whole subsample ('full'), or the authors' "
                            "'cross-validated' form (10 chunks per person; 10 times the fits)", "list[str]",
                            choices=PROTOCOLS, min_len=1)
    seed: int = param(1234, "seed of the draws", "int", low=0)
    epsilon: float = param(1e-5, **EPSILON)
    n_jobs: int = param(2, "local worker processes", "int", low=1)
    scheduler: str | None = param(None, **SCHEDULER)

    def check_data(self, data):
        why = super().check_data(data) or baseline_problem(data, 10 if "cross-validated" in self.protocols else None)
        if why:
            return why
        n = baseline_trials(data).n_persons
        too_many = [v for v in self.n_values or () if v > n]
        if too_many:
            return f"parameter n_values: {too_many} more than the {n} people of the file"
        return None


@dataclass
class ParticipantNumberRecord(Record):
    """``results.json`` of the participant-number chapter (beyond :class:`~movesig.studies._base.Record`)."""

    tables: dict | None = None
    participant_number: dict | None = None


class ParticipantNumber(Study):
    """The experiment over every (task, k, N, draw), resumable, and its summary per task and N."""

    chapter = "participant_number"
    Parameters = Parameters
    Record = ParticipantNumberRecord

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
        return paths

    @cached_property
    def summary(self) -> dict:
        """protocol -> task -> N -> {"r_mean", "r_p05", "r_min", "n", "r_next_mean"}."""
        return {k: correlation_by_size(read_table(path)) for k, path in self.table_paths.items()}

    @property
    def _summary_record(self) -> dict:
        return {"participant_number": {k: {t: {str(n): v for n, v in rows.items()} for t, rows in s.items()}
                                       for k, s in self.summary.items()}}

    def _claims(self) -> list[Claim]:
        """Per task: a person's map with the fewest others in training, against the map from everyone.

        Per person, r is averaged over draws (Fisher's z), then over people, whose interval
        this is; the control is the same with the next participant's map (chance).
        """
        protocol = "full" if "full" in self.table_paths else next(iter(self.table_paths))
        table = read_table(self.table_paths[protocol])
        claims = []
        for task in sorted(set(table["task"])):
            rows = table["task"] == task
            small = min(table["N"][rows])
            if small >= self.data.n_persons:
                continue
            sel = rows & (table["N"] == small)
            people = sorted(set(table["person"][sel]))
            own = [np.tanh(fisher_z(table["r"][sel & (table["person"] == k)]).mean()) for k in people]
            chance = fisher_z_mean(table["r_next"][sel]).r
            m = fisher_z_mean(own)
            claims.append(Claim(f"participant_number/{task}-fewest-others",
                                f"In {task}, a person's map from a model trained with only {small - 1} other "
                                f"{'person' if small == 2 else 'people'} is like the map from everyone, more than the "
                                f"next participant's map is ({protocol} protocol; {dataset_label(self.data.provenance.name)}).",
                                m.r, (m.low, m.high), "people", m.n, Reference("unrelated maps (r = 0)", 0.0),
                                Reference("the next participant's map (r)", chance)))
        return claims

    @section
    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    @section
    def run(self) -> Section:
        """Run or resume the experiment and say how many cells it holds."""
        n = {k: len(read_table(path)["r"]) for k, path in self.table_paths.items()}
        return Section([", ".join(f"{v} (task, k, N, draw) cells ({k})" for k, v in n.items())
                        + f"; {self._seconds:.0f} s for what this run computed"], {"n_cells": n},
                       {"tables": {k: str(v.relative_to(self.out_dir)) for k, v in self.table_paths.items()}})

    @section
    def figure3(self) -> Section:
        """Mean r against N per task and protocol (the paper's figure 3), with the chance control."""
        items = []
        for protocol, summary in self.summary.items():
            name = "emg_fig3_participant_number" + ("" if protocol == "full" else "_" + protocol.replace("-", "_"))
            fig = plot_participant_number(summary, title=f"Signature against the number of persons ({protocol})")
            items.append(self.figure(fig, name, f"Pearson r between a person's map from a model trained with N − 1 "
                                     f"others and the map from everyone ({protocol} protocol), mean through Fisher's "
                                     "z, per task; dashed: the same with the next participant's map (chance control)"))
        return Section(items, record=self._summary_record)

    @section
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
        claims = self._claims()
        return Section(items + claims, {"summary": self.summary}, self._summary_record, claims)

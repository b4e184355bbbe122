"""Chapter ``emg_signatures``: each person's muscle activation signature (Aeles et al. 2021, figures 1, 2, 4, 5, 6)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..data import baseline_trials
from ..evaluate import (
    CVOptions,
    ModelPlan,
    cross_validate,
    explain_as,
    zennit_agreement,
)
from ..models import make_estimator
from ..plots import (
    plot_cycle_relevance,
    plot_person_relevance,
    plot_signature_counts,
    plot_signature_maps,
    plot_signature_summary,
)
from ..splits import PersonChunkSplit
from ..summarise import (
    bootstrap_mean,
    extract_signatures,
    fisher_z_mean,
    mean_by_person,
    next_person,
    normalise_cycles,
    pairwise_consistency,
    per_person_correlation,
    persons_per_channel,
    signature_counts,
    within_person_consistency,
)
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._blocked import blocked_chunks
from ._common import (
    baseline_problem,
    SVM_C,
    EFFECT_SIZE,
    EPSILON,
    N_JOBS,
    N_SHOW,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._page import Download, Section, data_note, mean_sd, pick_persons, table
from ._params import param
from .claims import Claim, Reference, accuracy_claims, claim_table, halves
from ._synthetic import effect_size_sweep, generator_validation, signature_recovery

__all__ = ["EmgSignatures", "Parameters"]



@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("emg-pedalling-7ps")
    n_splits: int = param(10, "chunks per person: 30 cycles -> 10 chunks of 3 (the papers' protocol)", "int", low=3)
    seed: int = param(1234, "seed of the split permutation and the solver", "int", low=0)
    C_grid: list = param([10, 1, 0.1, 0.05, 0.01, 0.005, 0.001], "regularisation values tried for identification",
                         **(SVM_C | {"value_type": "list[float]"}), min_len=1)
    C: float = param(0.01, "the model whose relevance makes the signatures (added to C_grid if missing)", **SVM_C)
    threshold: float = param(0.2, "normalised relevance a point must exceed to be in a signature", "float", low=0,
                             low_open=True, high=1)
    share: float = param(1.0, "share of a person's cycles in which it must exceed it (1.0: all)", "float", low=0,
                         low_open=True, high=1)
    epsilon: float = param(1e-5, **EPSILON)
    show_persons: list | None = param(None, **(SHOW_PERSONS | {"help": "persons drawn in figures 1, 2 and 4 "
                                                                       "(None: n_show spread over all ids)"}))
    n_show: int = param(3, **N_SHOW)
    effect_size: float = param(1.0, **EFFECT_SIZE)
    effect_sizes: list = param([0, 0.5, 1, 2, 3], "synthetic data only: the d' values of the sweep", "list[float]",
                               low=0, min_len=1)
    n_jobs: int = param(2, **N_JOBS)

    def check_data(self, data):
        return super().check_data(data) or baseline_problem(data, self.n_splits)


@dataclass
class EmgSignaturesRecord(Record):
    """``results.json`` of the signatures chapter (beyond :class:`~movesig.studies._base.Record`)."""

    persons_per_muscle: dict | None = None
    signatures: dict | None = None
    amplitude_relevance_r: dict | None = None
    within_person_consistency: dict | None = None
    within_person_consistency_pairs: dict | None = None
    person_specificity_null: dict | None = None
    blocked_vs_random: dict | None = None
    recovery: dict | None = None
    generator_validation: dict | None = None
    effect_size_sweep: dict | None = None


class EmgSignatures(Study):
    """Identification per C, relevance of every cycle, signatures and their figures, per task."""

    chapter = "emg_signatures"
    Parameters = Parameters
    Record = EmgSignaturesRecord

    @cached_property
    def loaded(self):
        full, truth = self.load_data()
        return full, truth, {task: baseline_trials(full, task) for task in sorted(set(full.task))}

    @property
    def tasks(self) -> list[str]:
        return list(self.loaded[2])

    @property
    def data(self) -> dict:
        """The day-1 baseline trials of every task."""
        return self.loaded[2]

    @cached_property
    def grid(self) -> list[float]:
        return sorted(set(self.params.C_grid) | {self.params.C}, reverse=True)

    @cached_property
    def cv(self) -> dict:
        """task -> C -> :class:`~movesig.evaluate.CVResult`."""
        p = self.params
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs)
        out = {}
        for task in self.tasks:
            plans = [ModelPlan(f"C={c:g}", make_estimator("linear_svm", C=c, standardise="none",
                                                                random_state=p.seed)) for c in self.grid]
            results = cross_validate(plans, self.data[task], splitter, options)
            out[task] = {c: results[f"C={c:g}"] for c in self.grid}
        return out

    @cached_property
    def relevance(self) -> dict:
        """task -> true-class ε-LRP of every baseline cycle, from the model with C = ``C``."""
        return {task: self.cv[task][self.params.C].relevance["epsilon"] for task in self.tasks}

    @cached_property
    def signatures(self) -> dict:
        """task -> (persons, signatures of shape (n_persons, n_channels, n_times))."""
        p = self.params
        return {t: extract_signatures(self.relevance[t], self.data[t].person, p.threshold, p.share)[:2]
                for t in self.tasks}

    @cached_property
    def shown(self) -> dict:
        p = self.params
        return {t: pick_persons(self.signatures[t][0], p.n_show, p.show_persons) for t in self.tasks}

    @section
    def data_section(self) -> Section:
        return Section([data_note(self.loaded[0])])

    @section
    def identification(self) -> Section:
        """Accuracy per C and task (baseline condition)."""
        metrics = {f"linear_svm_{task}_C{c:g}": self.cv[task][c].summary() | {"C": c, "task": task}
                   for task in self.tasks for c in self.grid}
        shown = table({f"{t} accuracy %": [mean_sd(self.cv[t][c].accuracy) for c in self.grid] for t in self.tasks},
                      index=[f"C = {c:g}" for c in self.grid])
        p, name = self.params, dataset_label(self.loaded[0].provenance.name)
        claims = accuracy_claims("emg_signatures", {t: self.cv[t][p.C] for t in self.tasks}, p.seed, lambda t: (
            f"A linear SVM (C = {p.C:g}) recognises the person of one {t} cycle from the EMG of "
            f"{self.data[t].n_channels} muscles ({name}, {self.data[t].n_persons} people)."))
        return Section([shown, claim_table(claims, self.tasks, "a person is recognised from one cycle more often "
                                                               "than chance and than the model's own predictions "
                                                               "permuted among the test cycles.")],
                       record={"metrics": metrics}, claims=claims)

    @section
    def zennit_check(self) -> Section:
        """zennit's ε-LRP against the direct computation, and the conservation error, per task."""
        p = self.params
        diff = {t: zennit_agreement(self.cv[t][p.C], self.data[t], epsilon=p.epsilon) for t in self.tasks}
        error = {t: self.cv[t][p.C].conservation_error for t in self.tasks}
        metrics = {f"linear_svm_{t}_C{p.C:g}": self.cv[t][p.C].summary() | {
            "C": p.C, "task": t, "zennit_max_abs_diff": diff[t], "conservation_error": error[t]} for t in self.tasks}
        shown = table({"max |R_zennit - R_direct|": [f"{diff[t]:.2e}" for t in self.tasks],
                       "max conservation error": [f"{error[t]:.2e}" for t in self.tasks]}, index=self.tasks)
        return Section([shown], {"zennit_max_abs_diff": diff}, {"metrics": metrics})

    @section
    def signature_table(self) -> Section:
        """Per muscle: persons with it in their signature, and the signature's mean size."""
        channels = self.loaded[0].channels
        sig = {t: self.signatures[t][1] for t in self.tasks}
        per_muscle = {t: persons_per_channel(sig[t]) for t in self.tasks}
        record = {"persons_per_muscle": {t: dict(zip(channels, per_muscle[t])) for t in self.tasks},
                  "signatures": {t: {str(person): {"size_share": float(s.mean()),
                                                   "muscles": [channels[m] for m in np.flatnonzero(s.any(axis=1))]}
                                     for person, s in zip(*self.signatures[t])} for t in self.tasks}}
        shown = table({f"{t}: persons with the muscle in their signature": per_muscle[t] for t in self.tasks}
                      | {f"{t}: signature size, % of the muscle's points (mean over persons)":
                         [f"{100 * sig[t][:, m].mean():.1f}" for m in range(len(channels))] for t in self.tasks},
                      index=list(channels))
        claims = [self._muscle_claim(t, sig[t], channels) for t in self.tasks]
        return Section([shown, *claims], {"persons_per_muscle": per_muscle}, record, claims)

    def _muscle_claim(self, task, signatures, channels) -> Claim:
        """"The muscle in most signatures is in more of them than the average muscle" (people resampled)."""
        has = signatures.any(axis=2)  # (n_persons, n_channels): the muscle is part of the person's signature
        choose, measure = halves(len(has))
        top = int(has[choose].sum(axis=0).argmax())
        ci = bootstrap_mean(has[measure, top].astype(float), seed=self.params.seed)
        return Claim(f"emg_signatures/{task}-muscle-share",
                     f"In {task}, {channels[top]} is part of the signature of more people than the average muscle "
                     f"(the muscle chosen on half the people, measured on the other half: {int(has[measure, top].sum())}"
                     f" of {len(measure)}; {dataset_label(self.loaded[0].provenance.name)}).", ci.mean, (ci.low, ci.high), "people",
                     ci.n, Reference("average share of people over the muscles", float(has[measure].mean())))

    @section
    def figure1(self) -> Section:
        """One person's cycle coloured by relevance, all their normalised cycles, their signature."""
        full, figures = self.loaded[0], []
        for t in self.tasks:
            persons, sig = self.signatures[t]
            person = self.shown[t][0]
            mine = self.data[t].person == person
            k = int(np.flatnonzero(persons == person)[0])
            fig = plot_cycle_relevance(self.data[t].X[mine], normalise_cycles(self.relevance[t][mine]), sig[k],
                                       full.channels, full.time, threshold=self.params.threshold,
                                       title=f"{t}, person {person}")
            figures.append(self.figure(fig, f"emg_fig1_cycle_relevance_{t}",
                                       f"{t}, person {person}: one cycle coloured by its relevance, the normalised "
                                       f"positive relevance of all the person's cycles with the threshold, and the "
                                       f"signature"))
        return Section(figures)

    @section
    def figure2(self) -> Section:
        """Mean EMG of a few persons coloured by their mean relevance."""
        full, figures = self.loaded[0], []
        for t in self.tasks:
            _, mean_x = mean_by_person(self.data[t].X, self.data[t].person, self.shown[t])
            _, mean_r = mean_by_person(self.relevance[t], self.data[t].person, self.shown[t])
            fig = plot_person_relevance(mean_x, mean_r, self.shown[t], full.channels, full.time, full.time_axis,
                                        title=f"{t}: mean EMG coloured by mean relevance")
            figures.append(self.figure(fig, f"emg_fig2_mean_emg_relevance_{t}",
                                       f"{t}: mean EMG of {len(self.shown[t])} persons, coloured by their mean "
                                       f"relevance"))
        return Section(figures)

    @section
    def figure4(self) -> Section:
        """Signature maps of the persons shown."""
        full, figures = self.loaded[0], []
        for t in self.tasks:
            persons, sig = self.signatures[t]
            idx = np.searchsorted(persons, self.shown[t])
            fig = plot_signature_maps(sig[idx], self.shown[t], full.channels, full.time, ncols=len(idx),
                                      title=f"{t}: signatures")
            figures.append(self.figure(fig, f"emg_fig4_signature_maps_{t}",
                                       f"{t}: the signature maps (muscle × % of cycle) of the persons shown"))
        return Section(figures)

    @section
    def figure5(self) -> Section:
        """The signatures of all persons."""
        full, figures = self.loaded[0], []
        for t in self.tasks:
            persons, sig = self.signatures[t]
            fig = plot_signature_summary(sig, persons, full.channels, full.time,
                                         title=f"{t}: signatures of all {len(persons)} persons")
            figures.append(self.figure(fig, f"emg_fig5_signature_summary_{t}",
                                       f"{t}: the signatures of all {len(persons)} persons, one row each, and the "
                                       "share of people with a signature at each point"))
            grid = plot_signature_maps(sig, persons, full.channels, full.time, ncols=6,
                                       title=f"{t}: signatures of all {len(persons)} persons")
            figures.append(Download(self.figure(grid, f"emg_fig5_all_signatures_{t}",
                                                f"{t}: the signature map of every person, one panel each"),
                                    f"The map of every person, one panel each ({t})"))
        return Section(figures)

    @section
    def figure6(self) -> Section:
        """How many persons have each moment of each muscle in their signature."""
        full, figures = self.loaded[0], []
        for t in self.tasks:
            persons, sig = self.signatures[t]
            fig = plot_signature_counts(signature_counts(sig), full.channels, full.time, len(persons),
                                        circular=t == "pedalling", title=f"{t}: persons with a signature point")
            figures.append(self.figure(fig, f"emg_fig6_signature_counts_{t}",
                                       f"{t}: how many of the {len(persons)} persons have each moment of each muscle "
                                       f"in their signature"))
        return Section(figures)

    def _null_relevance(self, task):
        """Every cycle explained with the next person's weights (same folds): the person-specificity null."""
        data = self.data[task]
        return explain_as(self.cv[task][self.params.C], data.X, next_person(data.person), self.params.epsilon)

    @section
    def consistency(self) -> Section:
        """Mean EMG vs mean relevance per person, and within-person consistency (Fisher-z means, 95 % CI, n)."""
        amplitude = {t: fisher_z_mean(per_person_correlation(self.data[t].X, self.data[t].person, self.relevance[t],
                                                             self.data[t].person)[1]) for t in self.tasks}
        authors = {t: normalise_cycles(self.relevance[t]) for t in self.tasks}
        pairs = {t: fisher_z_mean(pairwise_consistency(authors[t], self.data[t].person)[1]) for t in self.tasks}
        within = {t: fisher_z_mean(within_person_consistency(self.relevance[t], self.data[t].person)[1])
                  for t in self.tasks}
        # The null explains each cycle with the next person's weights. With two people one model separates them and
        # the other person's weights are the negative of one's own: no null there (the claim has no control).
        nulled = [t for t in self.tasks if self.data[t].n_persons > 2]
        wrong = {t: normalise_cycles(self._null_relevance(t)) for t in nulled}  # the next person's weights
        null = {t: fisher_z_mean(per_person_correlation(authors[t], self.data[t].person, wrong[t],
                                                        self.data[t].person)[1]) for t in nulled}
        # the claim's control, the same estimand as its estimate: cycle pairs of one person, next person's weights
        null_pairs = {t: fisher_z_mean(pairwise_consistency(wrong[t], self.data[t].person)[1]) for t in nulled}
        record = {"amplitude_relevance_r": {t: amplitude[t].as_dict() for t in self.tasks},
                  "within_person_consistency": {t: within[t].as_dict() for t in self.tasks},
                  "within_person_consistency_pairs": {t: pairs[t].as_dict() for t in self.tasks},
                  "person_specificity_null": {t: null[t].as_dict() if t in null else None for t in self.tasks}}
        claims = [Claim(f"emg_signatures/{t}-person-specific",
                        f"In {t}, two cycles of one person are explained more alike than unrelated maps, and than "
                        f"the same two cycles explained with the next person's weights (authors' maps; "
                        f"{dataset_label(self.loaded[0].provenance.name)}).", pairs[t].r, (pairs[t].low, pairs[t].high), "people",
                        pairs[t].n, Reference("unrelated maps (r = 0)", 0.0),
                        Reference("cycle pairs explained with the next person's weights (r)", null_pairs[t].r)
                        if t in null_pairs else None)
                  for t in self.tasks]
        undefined = [t for t in self.tasks if t not in null]
        notes = [f"{', '.join(undefined)}: with two people the next person's weights are the negative of each "
                 "person's own (one model separates the two), so the person-specificity null is undefined and not "
                 "computed; the claim has no control and stays inconclusive."] if undefined else []
        shown = table({"within person, cycle pairs, authors' maps, r [95 % CI], n": [str(pairs[t]) for t in self.tasks],
                       "next person's weights (null), r [95 % CI], n": [str(null.get(t, "undefined (2 people)"))
                                                                        for t in self.tasks],
                       "within person, cycle vs rest mean, signed, r [95 % CI], n": [str(within[t]) for t in self.tasks],
                       "EMG amplitude vs relevance, r [95 % CI], n": [str(amplitude[t]) for t in self.tasks]},
                      index=self.tasks)
        return Section([shown, *notes, *claims], {"amplitude": amplitude, "within": within, "pairs": pairs, "null": null},
                       record, claims)

    @section
    def recovery(self) -> Section:
        """Synthetic data only: Jaccard index between extracted and planted signatures."""
        return signature_recovery(self)

    @section
    def blocked(self) -> Section:
        """The papers' random chunks against blocked chunks (runs of consecutive cycles): accuracy and signatures."""
        return blocked_chunks(self)

    @section
    def validation(self) -> Section:
        """Synthetic data only: the generator against the real 7-person pedalling file, same statistics and size."""
        p = self.params
        return generator_validation(self, "emg-pedalling-7ps", None,
                                    lambda n, t: {"n_persons": n, "n_cycles": t, "tasks": ["pedalling"],
                                                  "effect_size": p.effect_size}, p.n_splits, p.C, "none",
                                    bursts=True)

    @section
    def effect_size_sweep(self) -> Section:
        """Synthetic data only: accuracy and recovery AUC (pedalling, C = ``C``) against the planted d′."""
        p = self.params
        return effect_size_sweep(self, p.effect_sizes, {"tasks": ["pedalling"]}, p.C, "none",
                                 "emg_signatures")

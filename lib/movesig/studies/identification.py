"""Chapter ``identification``: who is walking? A linear SVM on ground reaction forces, explained with ε-LRP."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import stats

from ..evaluate import (
    CVOptions,
    ModelPlan,
    cross_validate,
    learning_curve,
    training_trials_per_person,
    zennit_agreement,
)
from ..models import STANDARDISE_MODES, make_estimator
from ..plots import plot_fold_accuracy, plot_learning_curve, plot_person_relevance, plot_spm
from ..splits import PersonChunkSplit
from ..summarise import (
    bootstrap_mean,
    mean_by_person,
    per_person_accuracy,
    relevance_share,
    relevance_share_by_region,
    spm_two_sample,
)
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._common import (
    PHASE_BOUNDS,
    PHASE_NAMES,
    enough_trials,
    phase_problem,
    SVM_C,
    EPSILON,
    N_JOBS,
    N_SHOW,
    SCHEDULER,
    SEED,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._page import Section, data_note, mean_sd, pick_persons, table
from .claims import Claim, Reference, accuracy_claim, accuracy_difference, per_person, person_accuracy
from ._params import param
from .published import (
    HORST_2019_ACCURACY,
    HORST_2019_STATISTIC,
    HORST_2019_TRAINING_TRIALS,
    HORST_2023_STATISTIC,
    HORST_2023_SVM_ACCURACY,
    HORST_2023_TRAINING_TRIALS,
)

__all__ = ["Identification", "Parameters"]

#: GaitRec's class of people without a gait impairment.
HEALTHY = "healthy control"


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the papers", "int", low=3)
    seed: int = param(1234, **SEED)
    C: float = param(0.1, "regularisation of the linear SVM (0.1 in the paper's figures)", **SVM_C)
    standardise: str = param("feature", "input scaling, fitted on training folds only", "str",
                             choices=STANDARDISE_MODES)
    compare_standardise: bool = param(True, "also run the other scaling modes, for comparison", "bool")
    epsilon: float = param(1e-5, **EPSILON)
    show_persons: list | None = param(None, **SHOW_PERSONS)
    n_show: int = param(4, **N_SHOW)
    phase_bounds: list = param([0, 20, 60, 100], **PHASE_BOUNDS)
    phase_names: list = param(["loading", "mid-stance", "push-off"], **PHASE_NAMES)
    alpha: float = param(0.05, "field-wise error rate of the SPM tests", "float", low=0, high=0.5, low_open=True)
    spm_iterations: int = param(1000, "random permutations of the SPM tests", "int", low=100)
    n_jobs: int = param(2, **N_JOBS)
    scheduler: str | None = param(None, **SCHEDULER)

    def check(self):
        return phase_problem(self.phase_bounds, self.phase_names) or super().check()

    def check_data(self, data):
        return super().check_data(data) or enough_trials(data, self.n_splits)


@dataclass
class IdentificationRecord(Record):
    """``results.json`` of the identification chapter (beyond :class:`~movesig.studies._base.Record`)."""

    persons_shown: list | None = None
    training_trials: dict | None = None
    relevance_share_per_channel: dict | None = None
    by_class: dict | None = None
    class_relevance_share: dict | None = None
    spm_relevance_healthy_vs_patients: dict | None = None


class Identification(Study):
    """Cross-validated identification with one linear SVM, its explanations, and the other input scalings."""

    chapter = "identification"
    Parameters = Parameters
    Record = IdentificationRecord

    @cached_property
    def data(self):
        return self.load_data(min_trials=self.params.n_splits)[0]

    def _cross_validate(self, standardise: str, condition: str | None = None):
        """Cross-validation under one scaling, on every trial or one condition's; computed once per study."""
        cache = self.__dict__.setdefault("_cv_cache", {})
        if (standardise, condition) not in cache:
            cache[standardise, condition] = self._run_cv(standardise, condition)
        return cache[standardise, condition]

    def _run_cv(self, standardise, condition):
        p = self.params
        plan = ModelPlan(f"scaling {standardise}",
                         make_estimator("linear_svm", C=p.C, standardise=standardise, random_state=p.seed))
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        data = self.data if condition is None else self.data.select(condition=condition)
        options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs, scheduler=p.scheduler)
        return cross_validate(plan, data, splitter, options)[plan.name]

    @cached_property
    def _shuffled_labels(self) -> np.ndarray:
        """The person labels shuffled across trials (seeded): every person keeps their number of trials."""
        return np.random.default_rng([self.params.seed, 1]).permutation(self.data.person)

    @cached_property
    def shuffled(self):
        """The same cross-validation with the person labels shuffled across trials (seeded): the control of the claim.

        Every person keeps their number of trials, so the folds are built alike; a pipeline
        that leaked the test trials into training, or recognised something other than the
        person, would score above chance here.
        """
        p = self.params
        plan = ModelPlan("shuffled", make_estimator("linear_svm", C=p.C, standardise=p.standardise, random_state=p.seed))
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs, scheduler=p.scheduler)
        return cross_validate(plan, dataclasses.replace(self.data, person=self._shuffled_labels), splitter,
                              options)["shuffled"]

    @cached_property
    def result(self):
        """The cross-validation of the chosen model (:class:`~movesig.evaluate.CVResult`)."""
        return self._cross_validate(self.params.standardise)

    @section
    def data_section(self) -> Section:
        """The data note: what the page ran on."""
        return Section([data_note(self.data)])

    @section
    def accuracy(self) -> Section:
        """Accuracy per fold and mean ± SD of the chosen model, and its claim (people as the unit)."""
        p, acc = self.params, self.result.accuracy
        metrics = {"linear_svm": self.result.summary() | {"accuracy_per_fold": acc, "C": p.C,
                                                          "standardise": p.standardise}}
        shown = table({f"fold {k}": [f"{100 * a:.2f}"] for k, a in enumerate(acc)} | {"mean ± SD": [mean_sd(acc)]},
                      index=[f"linear SVM, C = {p.C}, accuracy %"])
        control = Reference("the same pipeline with the person labels shuffled across trials",
                            per_person(self.shuffled)[1].mean())
        claim = accuracy_claim("identification/accuracy", self.result, seed=p.seed, control=control, statement=(
            f"A linear SVM recognises the person of a single walking trial, within one session as far as the data "
            f"tell ({dataset_label(self.data.provenance.name)}, {self.data.n_persons} people)."))
        return Section([shown, claim], {"accuracy": acc}, {"metrics": metrics}, [claim])

    @section
    def scaling(self) -> Section:
        """The same model under every input scaling (when ``compare_standardise``)."""
        p = self.params
        accuracy = {p.standardise: self.result.accuracy}
        metrics = {}
        if p.compare_standardise:
            for mode in STANDARDISE_MODES:
                if mode != p.standardise:
                    other = self._cross_validate(mode)  # cached: the per-class section reuses it
                    accuracy[mode] = other.accuracy
                    metrics[f"linear_svm_standardise_{mode}"] = other.summary() | {"C": p.C, "standardise": mode}
        fig = self.figure(plot_fold_accuracy({f"scaling:\n{m}": a for m, a in accuracy.items()},
                                             title=f"Linear SVM, C = {p.C}"), "identification_accuracy_by_scaling",
                          "Linear SVM accuracy per fold under each input scaling")
        shown = table({"accuracy % (mean ± SD over folds)": [mean_sd(a) for a in accuracy.values()]},
                      index=[f"scaling: {m}" for m in accuracy])
        return Section([fig, shown], {"accuracy": accuracy}, {"metrics": metrics})

    @section
    def published(self) -> Section:
        """Our accuracy beside the published ones (other data), labelled; not beside synthetic results."""
        data = self.data
        if data.provenance.synthetic:
            return Section(["Synthetic data: the published accuracies (of measured people) are not shown beside "
                            "these results, which are not comparable with them."])
        shown = table({
            "accuracy %": [mean_sd(self.result.accuracy), f"{HORST_2019_ACCURACY['svm_c0.1']:.2f}",
                           f"{HORST_2023_SVM_ACCURACY:.1f}"],
            "statistic": [f"mean ± SD over folds (n = {len(self.result.accuracy)})",
                          HORST_2019_STATISTIC, HORST_2023_STATISTIC],
            "training trials per person": [self._training_trials(None), f"about {HORST_2019_TRAINING_TRIALS}",
                                           f"at most {HORST_2023_TRAINING_TRIALS}"],
            "data": [f"{dataset_label(data.provenance.name)}: {data.n_persons} people, {data.n_trials} trials (this run)",
                     "Horst et al. 2019, 57 people, 1142 trials (published, other data)",
                     "Horst et al. 2023, 671 people (published, other data)"],
        }, index=["linear SVM (ours)", "linear SVM, C = 0.1 (published)", "linear SVM (published)"])
        return Section([shown])

    def _training_trials(self, n_train: int | None) -> str:
        p = self.params
        return f"{training_trials_per_person(self.data, p.n_splits, p.seed, n_train):g}"

    def _learning(self, data, steps=None) -> dict:
        """Training chunks per person -> cross-validation of the chapter's SVM (:func:`~movesig.evaluate.learning_curve`)."""
        p = self.params
        plan = ModelPlan("learning", make_estimator("linear_svm", C=p.C, standardise=p.standardise, random_state=p.seed))
        return learning_curve(plan, data, p.n_splits, p.seed,
                              CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs, scheduler=p.scheduler), steps)

    @section
    def training_trials(self) -> Section:
        """Accuracy against training trials per person (1 chunk to all but the test chunk): the fair comparison.

        The published accuracies were reached with more training trials per person than
        this data set holds; the curve measures how much that matters here, on the
        protocol's test chunks, with people as the unit.
        """
        p, data = self.params, self.data
        steps = list(range(1, p.n_splits))
        results = self._learning(data)
        cis = {m: person_accuracy(results[m], p.seed) for m in steps}
        trials = {m: self._training_trials(m) for m in steps}
        first, last = steps[0], steps[-1]
        gain = accuracy_difference(results[last], results[first], p.seed)
        shuffled = self._learning(dataclasses.replace(data, person=self._shuffled_labels), (first, last))
        shuffled_gain = accuracy_difference(shuffled[last], shuffled[first], p.seed)
        claim = Claim("identification/training-trials-accuracy-gain",
                      f"Accuracy rises with training trials per person: with {trials[last]} rather than "
                      f"{trials[first]} per person, more of each person's trials are recognised (per-person "
                      f"difference; {dataset_label(data.provenance.name)}, {data.n_persons} people).",
                      gain.mean, (gain.low, gain.high), "people", gain.n, Reference("no gain", 0.0),
                      Reference("the same gain with the person labels shuffled across trials", shuffled_gain.mean))
        real = not data.provenance.synthetic
        published = {"Horst et al. 2019, their 57 people, one session": (HORST_2019_TRAINING_TRIALS,
                                                                          HORST_2019_ACCURACY["svm_c0.1"]),
                     "Horst et al. 2023, 671 people of GaitRec, Gutenberg, AIST": (HORST_2023_TRAINING_TRIALS,
                                                                                   HORST_2023_SVM_ACCURACY)}
        curve = ([float(trials[m]) for m in steps], [cis[m].mean for m in steps], [cis[m].low for m in steps],
                 [cis[m].high for m in steps])
        fig = self.figure(plot_learning_curve({"this run": curve}, chance=1 / data.n_persons,
                                              published=published if real else None,
                                              title=f"Linear SVM, C = {p.C}"),
                          "identification_training_trials",
                          "Accuracy against training trials per person (mean per-person accuracy, 95 % interval "
                          "resampling people), published points of other data beside it")
        shown = table({"training trials per person (median)": [trials[m] for m in steps],
                       "accuracy % [95 % interval], people": [cis[m].percent() for m in steps]},
                      index=[f"{m} of {p.n_splits} chunks" for m in steps])
        record = {"training_trials": {str(m): {"trials_per_person": float(trials[m])} | cis[m].as_dict()
                                      for m in steps}}
        return Section([shown, fig, claim], {"results": results, "ci": cis}, record, [claim])

    @section
    def zennit_check(self) -> Section:
        """zennit's ε-LRP on the same weights against the direct computation, and the conservation error."""
        diff = zennit_agreement(self.result, self.data, epsilon=self.params.epsilon)
        error = self.result.conservation_error
        shown = table({"value": [f"{diff:.2e}", f"{error:.2e}"]},
                      index=["max |R_zennit - R_direct|", "max conservation error"])
        return Section([shown], {"zennit_max_abs_diff": diff, "conservation_error": error},
                       {"metrics": {"linear_svm": {"zennit_max_abs_diff": diff, "conservation_error": error}}})

    @section
    def relevance_persons(self) -> Section:
        """Mean force curves of a few persons coloured by their mean relevance."""
        p, data = self.params, self.data
        shown = pick_persons(data.persons, p.n_show, p.show_persons)
        _, mean_x = mean_by_person(data.X, data.person, shown)
        _, mean_r = mean_by_person(self.result.relevance["epsilon"], data.person, shown)
        fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units)
        return Section([self.figure(fig, "identification_relevance_persons",
                                    f"Mean force curves of {len(shown)} persons coloured by their mean ε-LRP "
                                    f"relevance (linear SVM)")], {"persons": shown}, {"persons_shown": shown})

    @section
    def channel_shares(self) -> Section:
        """Share of absolute relevance per channel over all test trials."""
        share = relevance_share(self.result.relevance["epsilon"], axis=1)
        shown = table({"share of |R| %": [f"{100 * s:.1f}" for s in share]}, index=list(self.data.channels))
        return Section([shown], {"share": share},
                       {"relevance_share_per_channel": dict(zip(self.data.channels, share))})

    # ------------------------------------------------------------ clinical classes
    @property
    def classes(self) -> list:
        """The data's conditions (GaitRec: healthy control and hip, knee, ankle patients)."""
        return sorted(set(self.data.condition))

    @section
    def by_class(self) -> Section:
        """Per class: accuracy over its trials and per person (bootstrap CI over persons), and a test across classes."""
        d, res = self.data, self.result
        persons, acc = per_person_accuracy(res.person, res.predicted)
        cls = np.array([d.condition[d.person == k][0] for k in persons])
        rows, per_class = {}, {}
        for c in self.classes:
            mine = cls == c
            ci = bootstrap_mean(acc[mine], seed=self.params.seed)
            hits = res.predicted[d.condition == c] == res.person[d.condition == c]
            exact = stats.binomtest(int(hits.sum()), len(hits)).proportion_ci(0.95)
            per_class[c] = {"trial_accuracy": float(hits.mean()), "trial_ci95": [exact.low, exact.high],
                            "per_person": ci.as_dict()}
            rows[c] = [int(mine.sum()), len(hits), f"{100 * hits.mean():.2f} [{100 * exact.low:.1f}, "
                       f"{100 * exact.high:.1f}]", ci.percent()]
        tests = []
        if len(self.classes) > 2:
            h = stats.kruskal(*[acc[cls == c] for c in self.classes])
            tests.append(f"Kruskal-Wallis across the {len(self.classes)} classes, per-person accuracy "
                         f"(n = {len(acc)} people): H = {h.statistic:.2f}, p = {h.pvalue:.3g}.")
            per_class["kruskal_wallis"] = {"H": float(h.statistic), "p": float(h.pvalue), "n": len(acc)}
        if HEALTHY in self.classes and len(self.classes) > 1:
            u = stats.mannwhitneyu(acc[cls == HEALTHY], acc[cls != HEALTHY])
            tests.append(f"Mann-Whitney U, healthy controls (n = {int((cls == HEALTHY).sum())}) against all "
                         f"patients (n = {int((cls != HEALTHY).sum())}): U = {u.statistic:.0f}, p = {u.pvalue:.3g}.")
            per_class["healthy_vs_patients"] = {"U": float(u.statistic), "p": float(u.pvalue)}
        shown = table({"persons": [r[0] for r in rows.values()], "trials": [r[1] for r in rows.values()],
                       "accuracy % (trials) [95 % Clopper-Pearson]": [r[2] for r in rows.values()],
                       "per-person accuracy % [95 % bootstrap CI], n": [r[3] for r in rows.values()]},
                      index=list(rows))
        return Section([shown, *tests], {"per_class": per_class, "per_person": dict(zip(persons, acc))},
                       {"by_class": per_class})

    @section
    def healthy_only(self) -> Section:
        """The healthy controls alone, cross-validated among themselves (the analogue of Horst et al.'s sample)."""
        if HEALTHY not in self.classes:
            return Section([f"No '{HEALTHY}' class in these data."])
        res = self._cross_validate(self.params.standardise, HEALTHY)
        n = len(np.unique(res.person))
        shown = table({"accuracy %": [mean_sd(res.accuracy), f"{HORST_2019_ACCURACY['svm_c0.1']:.2f}"],
                       "statistic": [f"mean ± SD over folds (n = {len(res.accuracy)})",
                                     HORST_2019_STATISTIC],
                       "data": [f"{n} healthy controls, {len(res.person)} trials (this run)",
                                "Horst et al. 2019: 57 healthy people, 1142 trials (published, other data)"]},
                      index=["linear SVM, healthy only (ours)", "linear SVM, C = 0.1 (published)"])
        return Section([shown], {"accuracy": res.accuracy},
                       {"metrics": {"linear_svm_healthy_only": res.summary() | {"n_persons": n}}})

    @section
    def class_relevance(self) -> Section:
        """Relevance shares per class (channel, side, stance phase), under the default scaling and the paper's [−1, 1]."""
        p, d = self.params, self.data
        rows = {}
        for mode in dict.fromkeys([p.standardise, "range"]):
            rel = self._cross_validate(mode).relevance["epsilon"]
            for c in self.classes:
                share = relevance_share_by_region(rel[d.condition == c], d.time, p.phase_bounds)
                side = {s: share[[i for i, ch in enumerate(d.channels) if ch.startswith(s + " ")]].sum()
                        for s in ("affected", "unaffected")}
                rows[f"{c}, scaling {mode}"] = ([f"{100 * v:.1f}" for v in share.sum(axis=1)]
                                                + [f"{100 * v:.1f}" for v in share.sum(axis=0)]
                                                + [f"{100 * side['affected']:.1f}"])
        columns = [*d.channels, *(f"phase {n}" for n in p.phase_names), "affected side"]
        shown = table({col: [r[i] for r in rows.values()] for i, col in enumerate(columns)}, index=list(rows))
        return Section([shown], {"shares": rows}, {"class_relevance_share": rows})

    @section
    def spm_classes(self) -> Section:
        """Where per-person |relevance| differs between healthy controls and patients: SPM per channel."""
        p, d = self.params, self.data
        if HEALTHY not in self.classes or len(self.classes) < 2:
            return Section([f"No '{HEALTHY}' class and patients to compare in these data."])
        persons, maps = mean_by_person(np.abs(self.result.relevance["epsilon"]), self.result.person)
        healthy = np.array([d.condition[d.person == k][0] == HEALTHY for k in persons])
        panels = {ch: spm_two_sample(maps[healthy, j], maps[~healthy, j], p.alpha, p.spm_iterations, seed=p.seed + j)
                  for j, ch in enumerate(d.channels)}
        curves = {ch: {"healthy": maps[healthy, j], "patients": maps[~healthy, j]} for j, ch in enumerate(d.channels)}
        fig = self.figure(plot_spm(panels, d.time, d.time_axis, curves, title=f"Mean |relevance| per person: healthy "
                                   f"(n = {healthy.sum()}) against patients (n = {(~healthy).sum()})"),
                          "identification_spm_healthy_patients",
                          f"Per-person mean |ε-LRP| per channel, healthy controls against patients (top), and the "
                          f"two-sample non-parametric SPM{{t}} (bottom), {p.spm_iterations} permutations, α = {p.alpha}")
        shown = table({"significant % of stance": [f"{100 * r.significant.mean():.1f}" for r in panels.values()]},
                      index=list(panels))
        return Section([fig, shown], {"spm": panels},
                       {"spm_relevance_healthy_vs_patients": {ch: r.as_dict() for ch, r in panels.items()}})

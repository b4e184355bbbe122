"""Chapter ``identification``: who is walking? A linear SVM on ground reaction forces, explained with ε-LRP."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..evaluate import CVOptions, ModelPlan, cross_validate, zennit_agreement
from ..models import STANDARDISE_MODES, LinearSVM
from ..plots import plot_fold_accuracy, plot_person_relevance
from ..splits import PersonChunkSplit
from ..summarise import mean_by_person, relevance_share
from ._base import Study
from ._common import (
    EPSILON,
    N_JOBS,
    N_SHOW,
    SEED,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._page import Section, data_note, mean_sd, pick_persons, table
from ._params import param
from .published import HORST_2019_ACCURACY, HORST_2023_SVM_ACCURACY

__all__ = ["Identification", "Parameters"]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the papers", "int", low=3)
    seed: int = param(1234, **SEED)
    C: float = param(0.1, "regularisation of the linear SVM (0.1 in the paper's figures)", "float", low=0,
                     low_open=True)
    standardise: str = param("feature", "input scaling, fitted on training folds only", "str",
                             choices=STANDARDISE_MODES)
    compare_standardise: bool = param(True, "also run the other scaling modes, for comparison", "bool")
    epsilon: float = param(1e-5, **EPSILON)
    show_persons: list | None = param(None, **SHOW_PERSONS)
    n_show: int = param(4, **N_SHOW)
    n_jobs: int = param(2, **N_JOBS)


class Identification(Study):
    """Cross-validated identification with one linear SVM, its explanations, and the other input scalings."""

    chapter = "identification"
    Parameters = Parameters

    @cached_property
    def data(self):
        return self.load_data(min_trials=self.params.n_splits)[0]

    def _cross_validate(self, standardise: str):
        p = self.params
        plan = ModelPlan(f"scaling {standardise}", LinearSVM(C=p.C, standardise=standardise, random_state=p.seed))
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        return cross_validate(plan, self.data, splitter, CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs))[plan.name]

    @cached_property
    def result(self):
        """The cross-validation of the chosen model (:class:`~movesig.evaluate.CVResult`)."""
        return self._cross_validate(self.params.standardise)

    def data_section(self) -> Section:
        """The data note: what the page ran on."""
        return Section([data_note(self.data)])

    def accuracy(self) -> Section:
        """Accuracy per fold and mean ± SD of the chosen model."""
        p, acc = self.params, self.result.accuracy
        self.metrics["linear_svm"] = self.result.summary() | {"accuracy_per_fold": acc, "C": p.C,
                                                              "standardise": p.standardise}
        shown = table({f"fold {k}": [f"{100 * a:.2f}"] for k, a in enumerate(acc)} | {"mean ± SD": [mean_sd(acc)]},
                      index=[f"linear SVM, C = {p.C}, accuracy %"])
        return Section([shown], {"accuracy": acc})

    def scaling(self) -> Section:
        """The same model under every input scaling (when ``compare_standardise``)."""
        p = self.params
        accuracy = {p.standardise: self.result.accuracy}
        if p.compare_standardise:
            for mode in STANDARDISE_MODES:
                if mode != p.standardise:
                    other = self._cross_validate(mode)
                    accuracy[mode] = other.accuracy
                    self.metrics[f"linear_svm_standardise_{mode}"] = other.summary() | {"C": p.C, "standardise": mode}
        fig = self.figure(plot_fold_accuracy({f"scaling:\n{m}": a for m, a in accuracy.items()},
                                             title=f"Linear SVM, C = {p.C}"), "identification_accuracy_by_scaling",
                          "Linear SVM accuracy per fold under each input scaling")
        shown = table({"accuracy % (mean ± SD over folds)": [mean_sd(a) for a in accuracy.values()]},
                      index=[f"scaling: {m}" for m in accuracy])
        return Section([fig, shown], {"accuracy": accuracy})

    def published(self) -> Section:
        """Our accuracy beside the published ones (other data), labelled."""
        data = self.data
        shown = table({
            "accuracy %": [mean_sd(self.result.accuracy), f"{HORST_2019_ACCURACY['svm_c0.1']:.2f}",
                           f"{HORST_2023_SVM_ACCURACY:.1f}"],
            "data": [f"{data.provenance.name}: {data.n_persons} people, {data.n_trials} trials (this run)",
                     "Horst et al. 2019, 57 people, 1142 trials (published)",
                     "Horst et al. 2023, 671 people (published)"],
        }, index=["linear SVM (ours)", "linear SVM, C = 0.1 (published)", "linear SVM (published)"])
        return Section([shown])

    def zennit_check(self) -> Section:
        """zennit's ε-LRP on the same weights against the direct computation, and the conservation error."""
        diff = zennit_agreement(self.result, self.data, epsilon=self.params.epsilon)
        error = self.result.conservation_error
        self.metrics["linear_svm"] |= {"zennit_max_abs_diff": diff, "conservation_error": error}
        shown = table({"value": [f"{diff:.2e}", f"{error:.2e}"]},
                      index=["max |R_zennit - R_direct|", "max conservation error"])
        return Section([shown], {"zennit_max_abs_diff": diff, "conservation_error": error})

    def relevance_persons(self) -> Section:
        """Mean force curves of a few persons coloured by their mean relevance."""
        p, data = self.params, self.data
        shown = pick_persons(data.persons, p.n_show, p.show_persons)
        _, mean_x = mean_by_person(data.X, data.person, shown)
        _, mean_r = mean_by_person(self.result.relevance["epsilon"], data.person, shown)
        fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units)
        self.extra["persons_shown"] = shown
        return Section([self.figure(fig, "identification_relevance_persons",
                                    f"Mean force curves of {len(shown)} persons coloured by their mean ε-LRP "
                                    f"relevance (linear SVM)")], {"persons": shown})

    def channel_shares(self) -> Section:
        """Share of absolute relevance per channel over all test trials."""
        share = relevance_share(self.result.relevance["epsilon"], axis=1)
        self.extra["relevance_share_per_channel"] = dict(zip(self.data.channels, share))
        shown = table({"share of |R| %": [f"{100 * s:.1f}" for s in share]}, index=list(self.data.channels))
        return Section([shown], {"share": share})

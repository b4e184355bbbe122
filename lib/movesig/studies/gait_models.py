"""Chapter ``gait_models``: which of Horst et al.'s models recognises a person best, on what, and how faithfully."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property

from ..evaluate import (
    KINDS,
    NOISE_UNITS,
    CVOptions,
    PerturbationTest,
    cross_validate,
    registry_plans,
    uniform_fractions,
)
from ..models import MODELS, STANDARDISE_MODES
from ..plots import (
    plot_model_accuracy,
    plot_person_relevance,
    plot_perturbation,
)
from ..splits import PersonChunkSplit
from ..summarise import (
    mean_by_person,
)
from ._base import Record, Study, section
from ._common import (
    EFFECT_SIZE,
    N_JOBS,
    N_SHOW,
    SCHEDULER,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._methods import method_comparison
from ._page import Section, data_note, mean_sd, pick_persons, table
from ._params import param
from .claims import Claim, Reference, accuracy_difference
from ._perturbation import RULE_LABELS, model_summary, order_table
from ._shares import channel_share_claim, relevance_shares, shares_by_scaling
from ._synthetic import effect_size_sweep, generator_validation, planted_recovery
from .published import (
    HORST_2019_ACCURACY,
    HORST_2019_PERTURBATION_FRACTIONS,
    HORST_2019_PERTURBATION_RANDOM,
    HORST_2019_SOURCE,
)

__all__ = ["GaitModels", "Parameters", "model_summary"]

#: The linear SVM of the paper's figures: the model of the generator validation and the effect-size sweep.
PAPER_SVM = "svm_c0.1"


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the paper", "int", low=3)
    seed: int = param(1234, "seed of the split permutation, the networks and the perturbation noise", "int", low=0)
    models: list | None = param(None, "models of the registry (movesig.models.MODELS); None: every registered model",
                                "list[str]", choices=MODELS, min_len=1, optional=True)
    iterations: int = param(10000, "most SGD steps per learning rate (10000 in the paper)", "int", low=1)
    standardise: str | None = param(None, "input scaling for every model; None: each model's default", "str",
                                    choices=STANDARDISE_MODES, optional=True)
    epsilon: float = param(1e-5, "epsilon of the LRP rules", "float", low=0, low_open=True)
    max_fraction: float = param(0.49, "largest share of input values perturbed (0.49 in the paper)", "float",
                                low=0, high=1, low_open=True)
    fraction_step: float = param(0.01, "step of the shares perturbed, from 0 (0.01 in the paper)", "float", low=0,
                                 high=1, low_open=True)
    perturbations: list = param(list(KINDS), "perturbation tests: additive (the paper's), mean and other (removal)",
                                "list[str]", choices=KINDS, min_len=1)
    n_repeats: int = param(10, "noise draws and random orders per share of the additive test (10 in the paper)", "int",
                           low=1)
    removal_repeats: int = param(3, "donor draws and random orders per share of the removal tests", "int", low=1)
    sigma: float = param(1.0, "SD of the perturbation noise, in the unit `noise` names", "float", low=0,
                         low_open=True)
    noise: str = param("feature_range", "noise unit (range units: inputs min-max scaled to [-1, 1])", "str",
                       choices=NOISE_UNITS)
    phase_bounds: list = param([0, 20, 60, 100], "edges of the stance phases (% of stance)", "list[float]",
                               min_len=2)
    phase_names: list = param(["loading", "mid-stance", "push-off"], "names of the stance phases", "list[str]",
                              min_len=1)
    show_models: list = param(["svm_c0.1", "mlp_1024", "cnn_a"], "models whose per-person explanations are drawn",
                              "list[str]", choices=MODELS)
    show_persons: list | None = param(None, **SHOW_PERSONS)
    n_show: int = param(4, **N_SHOW)
    effect_size: float = param(1.0, **EFFECT_SIZE)
    effect_sizes: list = param([0, 0.5, 1, 2, 3], "synthetic data only: the d' values of the sweep", "list[float]",
                               low=0, min_len=1)
    n_jobs: int = param(2, **N_JOBS)
    scheduler: str | None = param(None, **SCHEDULER)
    device: str = param("cpu", "\"cuda\" to train the networks on a GPU", "str", choices=("cpu", "cuda"))
    fold_batched: str = param("auto", "train the folds of a network at once (same weights, less time): auto, "
                              "always or never", "str", choices=("auto", "always", "never"))

    @property
    def model_names(self) -> list[str]:
        """The models this run fits: ``models``, or every model of the registry."""
        return list(self.models) if self.models is not None else list(MODELS)

    def check(self):
        why = super().check()
        if why:
            return why
        if len(self.phase_names) != len(self.phase_bounds) - 1:
            return f"phase_names needs {len(self.phase_bounds) - 1} names for phase_bounds {self.phase_bounds}"
        if any(b <= a for a, b in zip(self.phase_bounds, self.phase_bounds[1:])):
            return f"phase_bounds must increase, got {self.phase_bounds}"
        if self.fraction_step > self.max_fraction:
            return f"parameter fraction_step: {self.fraction_step} is larger than max_fraction {self.max_fraction}"
        if self.device == "cuda":
            import torch

            if not torch.cuda.is_available():
                return "parameter device: 'cuda' asked for, but torch sees no usable GPU here; use 'cpu'"
        return None


@dataclass
class GaitModelsRecord(Record):
    """``results.json`` of the gait chapter (beyond :class:`~movesig.studies._base.Record`)."""

    labels: dict | None = None
    seconds: float | None = None
    published: dict | None = None
    persons_shown: list | None = None
    relevance_share_per_channel: dict | None = None
    relevance_share_per_phase: dict | None = None
    relevance_share_per_channel_by_scaling: dict | None = None
    accuracy_by_scaling: dict | None = None
    planted_recovery: dict | None = None
    method_comparison: dict | None = None
    generator_validation: dict | None = None
    effect_size_sweep: dict | None = None


class GaitModels(Study):
    """Every model of the paper cross-validated in one pool, explained (ε, α2β1), perturbation-tested."""

    chapter = "gait_models"
    Parameters = Parameters
    Record = GaitModelsRecord

    def __init__(self, params=None, out_dir="."):
        super().__init__(params, out_dir)
        self._started = time.perf_counter()
        self.labels = {name: MODELS[name].label for name in self.params.model_names}

    @cached_property
    def loaded(self):
        return self.load_data(min_trials=self.params.n_splits)

    @property
    def data(self):
        return self.loaded[0]

    @cached_property
    def results(self):
        """:class:`~movesig.evaluate.CVResult` per model, in the order of ``models``."""
        p = self.params
        plans = registry_plans(p.model_names, p.iterations, p.standardise, p.seed, p.device, p.fold_batched)
        options = CVOptions(epsilon=p.epsilon, random_state=p.seed, n_jobs=p.n_jobs, scheduler=p.scheduler,
                            perturbation=PerturbationTest(uniform_fractions(p.max_fraction, p.fraction_step),
                                                          p.n_repeats, p.sigma, p.noise, tuple(p.perturbations),
                                                          p.removal_repeats))
        return cross_validate(plans, self.data, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed), options)

    @cached_property
    def summaries(self) -> dict:
        """model -> :func:`model_summary` of its cross-validation (the chapter's ``metrics``)."""
        return {name: model_summary(r) for name, r in self.results.items()}

    @cached_property
    def ranked(self) -> list[str]:
        """The models from the most to the least accurate (mean accuracy over folds)."""
        return sorted(self.params.model_names, key=lambda m: -self.summaries[m]["accuracy_mean"])

    @section
    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    @section
    def accuracy(self) -> Section:
        """Accuracy per model beside the published accuracy (other data), and its figure."""
        p, s = self.params, self.summaries
        real = not self.data.provenance.synthetic  # published numbers never stand beside synthetic results
        columns = {
            "accuracy % (ours, mean ± SD)": [mean_sd(s[m]["accuracy_per_fold"]) for m in p.model_names],
            "folds": [s[m]["n_folds"] for m in p.model_names],
            "input scaling": [p.standardise or MODELS[m].scaling for m in p.model_names],
            f"training s / fold (networks: ≤ {p.iterations} steps per learning rate; n_jobs = {p.n_jobs})": [
                f"{s[m]['fit_seconds_mean']:.1f}" for m in p.model_names],
        }
        if real:
            columns["accuracy % (published, other data)"] = [f"{HORST_2019_ACCURACY[m]:.2f}" if m in HORST_2019_ACCURACY
                                                             else "not reported here" for m in p.model_names]
        fig = plot_model_accuracy({self.labels[m]: self.results[m].accuracy for m in p.model_names},
                                  published={self.labels[m]: v for m, v in HORST_2019_ACCURACY.items()
                                             if m in self.labels} if real else None,
                                  title=f"Person identification, {self.data.provenance.name}")
        fig = self.figure(fig, "gait_models_accuracy", "Person identification accuracy per model (folds as points)"
                          + (", beside the accuracy Horst et al. (2019) published on other data" if real else ""))
        claims = [self._best_claim()] if len(p.model_names) > 1 else []
        return Section([table(columns, index=list(self.labels.values())), fig]
                       + ([f"Published numbers: {HORST_2019_SOURCE}."] if real else
                          ["Synthetic data: the paper's numbers are not shown beside these results, which are not "
                           "comparable with them."]) + claims, record={"metrics": s}, claims=claims)

    def _best_claim(self) -> Claim:
        """"The most accurate model recognises people better than the runner-up" (people resampled, paired)."""
        best, second = self.ranked[:2]
        ci = accuracy_difference(self.results[best], self.results[second], self.params.seed)
        return Claim("gait_models/best-model",
                     f"Of {len(self.ranked)} models, {self.labels[best]} recognises people from one walking trial "
                     f"better than the runner-up, {self.labels[second]} (difference of per-person accuracy; "
                     f"{self.data.provenance.name}).", ci.mean, (ci.low, ci.high), "people", ci.n,
                     Reference("no difference", 0.0))

    @section
    def conservation(self) -> Section:
        """Median bias share of the explained score per rule, and true vs predicted maps on wrong decisions."""
        s = [self.summaries[m] for m in self.params.model_names]
        rules = ["epsilon", "epsilon_predicted", "alpha2beta1"]
        shown = table({
            **{f"bias share of the score, median |ΣR − z| / |z|, {RULE_LABELS[r]}": [
                f"{x[f'conservation_{r}_median']:.2e}" if f"conservation_{r}_median" in x else "—" for x in s]
               for r in rules},
            "wrong decisions": [x["n_misclassified"] for x in s],
            "r(true map, predicted map), wrong decisions": [
                f"{x['true_vs_predicted_r_misclassified']:.3f}" if "true_vs_predicted_r_misclassified" in x else "—"
                for x in s],
        }, index=list(self.labels.values()))
        return Section([shown], record={"metrics": self.summaries})

    @section
    def relevance_persons(self) -> Section:
        """One figure per model of ``show_models``: mean force curves coloured by mean relevance."""
        p, data = self.params, self.data
        shown = pick_persons(data.persons, p.n_show, p.show_persons)
        _, mean_x = mean_by_person(data.X, data.person, shown)
        figures = []
        for name in [m for m in p.show_models if m in self.results]:
            _, mean_r = mean_by_person(self.results[name].relevance["epsilon"], data.person, shown)
            fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units,
                                        title=self.labels[name])
            figures.append(self.figure(fig, f"gait_models_relevance_persons_{name}",
                                       f"{self.labels[name]}: mean force curves of {len(shown)} persons coloured by "
                                       f"their mean ε-LRP relevance"))
        return Section(figures, {"persons": shown}, {"persons_shown": shown})

    @section
    def shares(self) -> Section:
        """Share of absolute relevance per channel and stance phase, and the vertical GRF share per foot."""
        shares = relevance_shares(self)
        claim = channel_share_claim(self, self.ranked[0])
        shares.items.append(claim)
        shares.claims.append(claim)
        return shares

    @section
    def scaling(self) -> Section:
        """Channel shares of the linear models z-scored and min-max scaled to [−1, 1] per channel (refitted)."""
        return shares_by_scaling(self)

    @section
    def perturbation(self) -> Section:
        """The paper's additive test beside the published curves (other data)."""
        p, results = self.params, self.results
        if "additive" not in p.perturbations:
            return Section(["The additive test was not run (parameter perturbations)."])
        fractions = next(iter(results.values())).fractions
        published = {self.labels[m]: (HORST_2019_PERTURBATION_FRACTIONS, v)
                     for m, v in HORST_2019_PERTURBATION_RANDOM.items()
                     if m in self.labels and not self.data.provenance.synthetic}
        curves = {self.labels[m]: {c: r.curve(c) for c in r.perturbation if c.kind == "additive"}
                  for m, r in results.items()}
        fig = self.figure(plot_perturbation(fractions, curves, published=published),
                          "gait_models_perturbation", "The paper's additive test: accuracy as Gaussian noise is added "
                          "to a growing share of input values, at random, most relevant first and least relevant "
                          "first" + (" (dashed: published random-order curves, other data)" if published else ""))
        grid = (f"This run: shares 0 to {100 * fractions[-1]:g} % in {100 * p.fraction_step:g} % steps, "
                f"{p.n_repeats} noise draws (the paper: 0 to 49 % in 1 % steps, 10 draws)"
                + ("; no published curves are drawn on synthetic data" if self.data.provenance.synthetic else
                   "" if published else "; the paper published no curve for these models") + ".")
        return Section([fig, grid, order_table(self.results, self.summaries, self.labels, "additive")],
                       {"curves": curves}, {"metrics": self.summaries})

    @section
    def removal(self) -> Section:
        """The removal tests (values set to the reference input, or to another person's): curves and order checks."""
        p, results = self.params, self.results
        items = []
        fractions = next(iter(results.values())).fractions
        for kind, what in (("mean", "the model's reference input (training mean)"),
                           ("other", "the same values of a random training trial of another person")):
            if kind not in p.perturbations:
                continue
            curves = {self.labels[m]: {c: r.curve(c) for c in r.perturbation if c.kind == kind}
                      for m, r in results.items()}
            items.append(self.figure(plot_perturbation(fractions, curves), f"gait_models_removal_{kind}",
                                     f"Removal test: accuracy as a growing share of input values is replaced by {what}, "
                                     f"at random, most relevant first and least relevant first"))
            items.append(order_table(self.results, self.summaries, self.labels, kind))
        return Section(items or ["No removal test was run (parameter perturbations)."], record={"metrics": self.summaries})

    @section
    def recovery(self) -> Section:
        """Synthetic data only: precision at the planted area and recovery AUC per model, beside a contrast map."""
        return planted_recovery(self)

    @section
    def methods(self) -> Section:
        """LRP against gradient × input, integrated gradients, occlusion and a contrast map, for ``show_models``."""
        p = self.params
        fractions = next(iter(self.results.values())).fractions
        return method_comparison(self, [m for m in p.show_models if m in self.results], fractions, p.removal_repeats,
                                 p.seed)

    @section
    def validation(self) -> Section:
        """Synthetic data only: the generator against GaitRec's healthy controls, same statistics, same size."""
        p = self.params
        return generator_validation(self, "gaitrec", "healthy control",
                                    lambda n, t: {"n_persons": n, "n_trials": t, "effect_size": p.effect_size},
                                    p.n_splits, MODELS[PAPER_SVM].params["C"])

    @section
    def effect_size_sweep(self) -> Section:
        """Synthetic data only: accuracy and recovery AUC of the linear SVM against the planted d′."""
        p = self.params
        return effect_size_sweep(self, p.effect_sizes, {}, MODELS[PAPER_SVM].params["C"], p.standardise or "feature",
                                 "gait_models")

    def extra_record(self) -> dict:
        return {"labels": self.labels, "seconds": time.perf_counter() - self._started,
                "published": {"source": HORST_2019_SOURCE, "accuracy_percent": HORST_2019_ACCURACY,
                              "perturbation_random_percent": HORST_2019_PERTURBATION_RANDOM}}

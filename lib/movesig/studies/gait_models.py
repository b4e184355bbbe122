"""Chapter ``gait_models``: which of Horst et al.'s models recognises a person best, on what, and how faithfully."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..evaluate import (
    NOISE_UNITS,
    CVOptions,
    PerturbationTest,
    aopc,
    cross_validate,
    registry_plans,
)
from ..evaluate.perturbation import relevance_below_random
from ..models import MODELS, STANDARDISE_MODES
from ..plots import (
    plot_model_accuracy,
    plot_person_relevance,
    plot_perturbation,
    plot_planted_precision,
    plot_region_shares,
)
from ..splits import PersonChunkSplit
from ..summarise import (
    mean_by_person,
    pearson_rows,
    planted_precision,
    relevance_share_by_region,
)
from ._base import Study
from ._common import (
    N_JOBS,
    N_SHOW,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._page import Section, data_note, mean_sd, pick_persons, table
from ._params import param
from .published import (
    HORST_2019_ACCURACY,
    HORST_2019_PERTURBATION_FRACTIONS,
    HORST_2019_PERTURBATION_RANDOM,
    HORST_2019_SOURCE,
    HORST_2019_VERTICAL_SHARE,
)

__all__ = ["GaitModels", "Parameters", "model_summary"]

_ALL = list(MODELS)


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the paper", "int", low=3)
    seed: int = param(1234, "seed of the split permutation, the networks and the perturbation noise", "int", low=0)
    models: list = param(_ALL, "models of the registry (movesig.models.MODELS)", "list[str]", choices=MODELS,
                         min_len=1)
    iterations: int = param(10000, "most SGD steps per learning rate (10000 in the paper)", "int", low=1)
    standardise: str | None = param(None, "input scaling for every model; None: each model's default", "str",
                                    choices=STANDARDISE_MODES, optional=True)
    epsilon: float = param(1e-5, "epsilon of the LRP rules", "float", low=0, low_open=True)
    fractions: list = param([0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.49],
                            "shares of input values perturbed, from 0", "list[float]", low=0, high=1, min_len=2)
    n_repeats: int = param(10, "noise draws (and random orders) per share", "int", low=1)
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
    n_jobs: int = param(2, **N_JOBS)
    device: str = param("cpu", "\"cuda\" to train the networks on a GPU", "str", choices=("cpu", "cuda"))
    fold_batched: str = param("auto", "train the folds of a network at once (same weights, less time): auto, "
                              "always or never", "str", choices=("auto", "always", "never"))

    def check(self):
        why = super().check()
        if why:
            return why
        if len(self.phase_names) != len(self.phase_bounds) - 1:
            return f"phase_names needs {len(self.phase_bounds) - 1} names for phase_bounds {self.phase_bounds}"
        if any(b <= a for a, b in zip(self.phase_bounds, self.phase_bounds[1:])):
            return f"phase_bounds must increase, got {self.phase_bounds}"
        if self.fractions[0] != 0:
            return f"fractions must start at 0, got {self.fractions}"
        if self.device == "cuda":
            import torch

            if not torch.cuda.is_available():
                return "parameter device: 'cuda' asked for, but torch sees no usable GPU here; use 'cpu'"
        return None


def _key(order: str) -> str:
    """An order's name in metric keys: ``"relevance (epsilon)"`` -> ``"relevance_epsilon"``."""
    return order.replace(" (", "_").replace(")", "")


def model_summary(result) -> dict:
    """Every number the chapter shows for one model's :class:`~movesig.evaluate.CVResult` (accuracies as fractions)."""
    out = result.summary() | {"accuracy_per_fold": result.accuracy,
                              "fit_seconds_mean": float(result.fit_seconds.mean())}
    for rule, share in result.bias_share.items():
        out[f"conservation_{rule}_median"] = float(np.median(share))
    out["perturbation_fractions"] = result.fractions
    for order in result.perturbation:
        curve = result.curve(order)
        out[f"perturbation_{_key(order)}"] = curve
        out[f"aopc_{_key(order)}"] = aopc(curve)
    checks = [a for a in (0.05, 0.1, 0.2) if np.isclose(result.fractions, a).any()]
    for order, below in relevance_below_random(result, checks).items():
        out[f"{_key(order)}_below_random"] = {f"{100 * a:g}%": b for a, b in below.items()}
    wrong = (result.fold >= 0) & (result.predicted != result.person)
    out["n_misclassified"] = int(wrong.sum())
    if wrong.any():  # for correct decisions both explanations are the same
        out["true_vs_predicted_r_misclassified"] = float(np.mean(pearson_rows(
            result.relevance["epsilon"][wrong], result.relevance["epsilon_predicted"][wrong])))
    return out


class GaitModels(Study):
    """Every model of the paper cross-validated in one pool, explained (ε, α2β1), perturbation-tested."""

    chapter = "gait_models"
    Parameters = Parameters

    def __init__(self, params=None, out_dir="."):
        super().__init__(params, out_dir)
        self._started = time.perf_counter()
        self.labels = {name: MODELS[name].label for name in self.params.models}

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
        plans = registry_plans(p.models, p.iterations, p.standardise, p.seed, p.device, p.fold_batched)
        options = CVOptions(epsilon=p.epsilon, random_state=p.seed, n_jobs=p.n_jobs,
                            perturbation=PerturbationTest(tuple(p.fractions), p.n_repeats, p.sigma, p.noise))
        out = cross_validate(plans, self.data, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed), options)
        self.metrics.update({name: model_summary(r) for name, r in out.items()})
        return out

    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    def accuracy(self) -> Section:
        """Accuracy per model beside the published accuracy (other data), and its figure."""
        p, s = self.params, self.metrics
        self.results  # noqa: B018 - runs the cross-validation once
        shown = table({
            "accuracy % (ours, mean ± SD)": [mean_sd(s[m]["accuracy_per_fold"]) for m in p.models],
            "folds": [s[m]["n_folds"] for m in p.models],
            "input scaling": [p.standardise or MODELS[m].scaling for m in p.models],
            "training s / fold": [f"{s[m]['fit_seconds_mean']:.1f}" for m in p.models],
            "accuracy % (published, other data)": [f"{HORST_2019_ACCURACY[m]:.2f}" if m in HORST_2019_ACCURACY
                                                   else "not reported here" for m in p.models],
        }, index=list(self.labels.values()))
        fig = plot_model_accuracy({self.labels[m]: self.results[m].accuracy for m in p.models},
                                  published={self.labels[m]: v for m, v in HORST_2019_ACCURACY.items()
                                             if m in self.labels},
                                  title=f"Person identification, {self.data.provenance.name}")
        fig = self.figure(fig, "gait_models_accuracy", "Person identification accuracy per model (folds as points), "
                          "beside the accuracy Horst et al. (2019) published on other data")
        return Section([shown, fig, f"Published numbers: {HORST_2019_SOURCE}."])

    def conservation(self) -> Section:
        """Median bias share of the explained score per rule, and true vs predicted maps on wrong decisions."""
        s = [self.metrics[m] for m in self.params.models]
        rules = ["epsilon", "epsilon_predicted", "alpha2beta1"]
        shown = table({
            **{f"median |ΣR − z| / |z|, {r}": [f"{x[f'conservation_{r}_median']:.2e}"
                                               if f"conservation_{r}_median" in x else "—" for x in s] for r in rules},
            "wrong decisions": [x["n_misclassified"] for x in s],
            "r(true map, predicted map), wrong decisions": [
                f"{x['true_vs_predicted_r_misclassified']:.3f}" if "true_vs_predicted_r_misclassified" in x else "—"
                for x in s],
        }, index=list(self.labels.values()))
        return Section([shown])

    def relevance_persons(self) -> Section:
        """One figure per model of ``show_models``: mean force curves coloured by mean relevance."""
        p, data = self.params, self.data
        shown = pick_persons(data.persons, p.n_show, p.show_persons)
        self.extra["persons_shown"] = shown
        _, mean_x = mean_by_person(data.X, data.person, shown)
        figures = []
        for name in [m for m in p.show_models if m in self.results]:
            _, mean_r = mean_by_person(self.results[name].relevance["epsilon"], data.person, shown)
            fig = plot_person_relevance(mean_x, mean_r, shown, data.channels, data.time, data.time_axis, data.units,
                                        title=self.labels[name])
            figures.append(self.figure(fig, f"gait_models_relevance_persons_{name}",
                                       f"{self.labels[name]}: mean force curves of {len(shown)} persons coloured by "
                                       f"their mean ε-LRP relevance"))
        return Section(figures, {"persons": shown})

    def shares(self) -> Section:
        """Share of absolute relevance per channel and stance phase, and the vertical GRF share per foot."""
        p, data = self.params, self.data
        shares = {m: relevance_share_by_region(r.relevance["epsilon"], data.time, p.phase_bounds)
                  for m, r in self.results.items()}
        channel = {m: s.sum(axis=1) for m, s in shares.items()}
        phase = {m: s.sum(axis=0) for m, s in shares.items()}
        self.extra["relevance_share_per_channel"] = {m: dict(zip(data.channels, v)) for m, v in channel.items()}
        self.extra["relevance_share_per_phase"] = {m: dict(zip(p.phase_names, v)) for m, v in phase.items()}
        items = [table({**{ch: [f"{100 * channel[m][i]:.1f}" for m in p.models] for i, ch in enumerate(data.channels)},
                        **{ph: [f"{100 * phase[m][i]:.1f}" for m in p.models] for i, ph in enumerate(p.phase_names)}},
                       index=list(self.labels.values()))]
        vertical = [i for i, ch in enumerate(data.channels) if "vertical" in ch]
        if vertical:
            items.append(table({"vertical GRF share per foot %": [f"{100 * np.mean(channel[m][vertical]):.1f}"
                                                                  for m in p.models]
                                + [f"{100 * HORST_2019_VERTICAL_SHARE:.0f} (CNN-A)"]},
                               index=list(self.labels.values()) + ["published (other data)"]))
        fig = plot_region_shares({self.labels[m]: shares[m] for m in p.show_models if m in shares}, data.channels,
                                 p.phase_names)
        items.append(self.figure(fig, "gait_models_relevance_shares",
                                 "Share of absolute relevance per force channel and stance phase"))
        return Section(items, {"shares": shares})

    def perturbation(self) -> Section:
        """Perturbation curves (random and relevance order), AOPC, and where relevance order is below random."""
        p, results = self.params, self.results
        published = {self.labels[m]: (HORST_2019_PERTURBATION_FRACTIONS, v)
                     for m, v in HORST_2019_PERTURBATION_RANDOM.items() if m in self.labels}
        fig = plot_perturbation(p.fractions, {self.labels[m]: {o: r.curve(o) for o in r.perturbation}
                                              for m, r in results.items()}, published=published)
        orders = ["random", "relevance (epsilon)", "relevance (alpha2beta1)"]
        aopcs = table({f"AOPC, {o}": [f"{self.metrics[m]['aopc_' + _key(o)]:.4f}" if o in results[m].perturbation
                                      else "—" for m in p.models] for o in orders}, index=list(self.labels.values()))
        checks = [a for a in (0.05, 0.1, 0.2) if np.isclose(p.fractions, a).any()]
        verdict = {m: relevance_below_random(r, checks) for m, r in results.items()}
        index = [f"{self.labels[m]}, {o}" for m in p.models for o in verdict[m]]
        rows = [["below" if b else "NOT below" for b in below.values()] for m in p.models for below in verdict[m].values()]
        below = table({f"{100 * a:g} % perturbed": [r[i] for r in rows] for i, a in enumerate(checks)}, index=index)
        failures = [f"{self.labels[m]} ({o}) at {', '.join(f'{100 * a:g} %' for a, b in v.items() if not b)}"
                    for m in p.models for o, v in verdict[m].items() if not all(v.values())]
        text = ("Relevance order below random order at every checked share for every model." if not failures else
                "Relevance order NOT below random order for: " + "; ".join(failures))
        fig = self.figure(fig, "gait_models_perturbation", "Accuracy as a growing share of input values is perturbed, "
                          "in random order and in order of relevance (published random-order curves: other data)")
        return Section([fig, aopcs, below, text], {"verdict": verdict})

    def recovery(self) -> Section:
        """Synthetic data only: the share of each person's top-K relevance on the planted bumps."""
        data, truth = self.loaded
        recovery = {}
        self.extra["planted_recovery"] = recovery
        if truth is None:
            return Section([f"{data.provenance.name} is measured data: nothing was planted, so there is no truth "
                            "to score against."])
        mask = truth.mask(data.task[0])[np.searchsorted(truth.persons, data.persons)]
        precision = {}
        for m, r in self.results.items():
            _, mean_r = mean_by_person(r.relevance["epsilon"], data.person, data.persons)
            precision[m], chance = planted_precision(mean_r, mask)
            recovery[m] = {"precision_mean": float(np.nanmean(precision[m])),
                           "precision_min": float(np.nanmin(precision[m])), "chance": float(chance.mean()),
                           "precision_per_person": precision[m]}
        models = self.params.models
        shown = table({"precision at planted area % (mean)": [f"{100 * recovery[m]['precision_mean']:.1f}"
                                                              for m in models],
                       "lowest person %": [f"{100 * recovery[m]['precision_min']:.1f}" for m in models],
                       "chance %": [f"{100 * recovery[m]['chance']:.1f}" for m in models]},
                      index=list(self.labels.values()))
        fig = plot_planted_precision({self.labels[m]: precision[m] for m in models}, float(chance.mean()))
        return Section([shown, self.figure(fig, "gait_models_planted_precision",
                                           "Synthetic data: share of each person's top relevance on the features the "
                                           "generator planted, per model, against chance")], {"recovery": recovery})

    def record(self) -> dict:
        seconds = time.perf_counter() - self._started
        self.extra |= {"labels": self.labels, "seconds": seconds,
                       "published": {"source": HORST_2019_SOURCE, "accuracy_percent": HORST_2019_ACCURACY,
                                     "perturbation_random_percent": HORST_2019_PERTURBATION_RANDOM}}
        return super().record()

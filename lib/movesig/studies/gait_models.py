"""Chapter ``gait_models``: which of Horst et al.'s models recognises a person best, on what, and how faithfully."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..evaluate import (
    EXPLAINERS,
    FOLD_BATCHED,
    KINDS,
    NOISE_UNITS,
    PERTURBATIONS,
    Curve,
    CVOptions,
    PerturbationTest,
    aopc,
    cross_validate,
    registry_plans,
    training_trials_per_person,
    uniform_fractions,
)
from ..models import MODELS, STANDARDISE_MODES, NetworkClassifier
from ..models.constraints import bounds
from ..plots import (
    plot_model_accuracy,
    plot_person_relevance,
    plot_perturbation,
    plot_region_shares,
)
from ..splits import PersonChunkSplit
from ..summarise import (
    bootstrap_mean,
    mean_by_person,
    pearson_rows,
    recovery_auc,
    relevance_share_by_region,
)
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._common import (
    PHASE_BOUNDS,
    PHASE_NAMES,
    enough_trials,
    phase_problem,
    EFFECT_SIZE,
    EPSILON,
    N_JOBS,
    N_SHOW,
    SCHEDULER,
    SHOW_PERSONS,
    DataParameters,
    data_param,
)
from ._orders import RULE_LABELS, order_checks, order_claims, order_sentence, order_table
from ._page import Section, data_note, mean_sd, pick_persons, table
from ._params import param
from ._synthetic import effect_size_sweep, generator_validation, planted_recovery
from .claims import Claim, Reference, accuracy_claims, accuracy_difference, claim_table, halves, per_person
from .published import (
    HORST_2019_ACCURACY,
    HORST_2019_PERTURBATION_FRACTIONS,
    HORST_2019_PERTURBATION_RANDOM,
    HORST_2019_SOURCE,
    HORST_2019_TRAINING_TRIALS,
    HORST_2019_VERTICAL_SHARE,
)

__all__ = ["GaitModels", "Parameters", "model_summary", "order_checks"]

#: The linear SVM of the paper's figures: the model of the generator validation and the effect-size sweep.
PAPER_SVM = "svm_c0.1"
#: The two input scalings compared: how each names the reference point of relevance.
SCALINGS = {"feature": ("z-scored per value", "the training mean"),
            "range": ("each channel min-max to [−1, 1], the paper's", "the middle of the channel's range")}


def model_summary(result) -> dict:
    """Every number the chapter keeps for one model's :class:`~movesig.evaluate.CVResult` (accuracies as fractions).

    The further explainers' curves (the method comparison's) are left to :meth:`GaitModels.methods`.
    """
    out = result.summary() | {"accuracy_per_fold": result.accuracy,
                              "fit_seconds_mean": float(result.fit_seconds.mean())}
    for rule, share in result.bias_share.items():
        out[f"conservation_{rule}_median"] = float(np.median(share))
    out["perturbation_fractions"] = result.fractions
    for key in [c for c in result.perturbation if c.rule not in result.explainers]:
        curve = result.curve(key)
        out[f"perturbation_{key.key}"] = curve
        out[f"aopc_{key.key}"] = aopc(curve, result.fractions)
        out[f"aopc_score_{key.key}"] = aopc(result.curve(key, score=True), result.fractions)
    if result.perturbation:
        out["perturbation_order_checks"] = order_checks(result)
    wrong = (result.fold >= 0) & (result.predicted != result.person)
    out["n_misclassified"] = int(wrong.sum())
    if wrong.any():  # for correct decisions both explanations are the same
        out["true_vs_predicted_r_misclassified"] = float(np.mean(pearson_rows(
            result.relevance["epsilon"][wrong], result.relevance["epsilon_predicted"][wrong])))
    return out


def _channel_shares(relevance: np.ndarray, time: np.ndarray, bounds) -> np.ndarray:
    """Share of absolute relevance per channel, shape (n_channels,)."""
    return relevance_share_by_region(relevance, time, bounds).sum(axis=1)


def _vertical(channels) -> list[int]:
    return [i for i, ch in enumerate(channels) if "vertical" in ch]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the paper", "int", low=3)
    seed: int = param(1234, "seed of the split permutation, the networks and the perturbation noise", "int", low=0)
    models: list | None = param(None, "models of the registry (movesig.models.MODELS); None: every registered model",
                                "list[str]", choices=MODELS, min_len=1, optional=True)
    iterations: int = param(10000, "most SGD steps per learning rate (10000 in the paper)", "int",
                            **bounds(NetworkClassifier, "iterations"))
    standardise: str | None = param(None, "input scaling for every model; None: each model's default", "str",
                                    choices=STANDARDISE_MODES, optional=True)
    epsilon: float = param(1e-5, **EPSILON)
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
    phase_bounds: list = param([0, 20, 60, 100], **PHASE_BOUNDS)
    phase_names: list = param(["loading", "mid-stance", "push-off"], **PHASE_NAMES)
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
                              "always or never", "str", choices=FOLD_BATCHED)

    @property
    def model_names(self) -> list[str]:
        """The models this run fits: ``models``, or every model of the registry."""
        return list(self.models) if self.models is not None else list(MODELS)

    def check(self):
        why = super().check()
        if why:
            return why
        why = phase_problem(self.phase_bounds, self.phase_names)
        if why:
            return why
        if self.fraction_step > self.max_fraction:
            return f"parameter fraction_step: {self.fraction_step} is larger than max_fraction {self.max_fraction}"
        if self.device == "cuda":
            import torch

            if not torch.cuda.is_available():
                return "parameter device: 'cuda' asked for, but torch sees no usable GPU here; use 'cpu'"
        return None

    def check_data(self, data):
        why = super().check_data(data) or enough_trials(data, self.n_splits)
        if why:
            return why
        shape = (data.n_channels, data.n_times)
        refused = {m: MODELS[m].input_problem(*shape) for m in self.models or ()}  # named ones; the default skips
        refused = {m: why for m, why in refused.items() if why}
        if refused:
            fit = [m for m in self.model_names if m not in refused]
            return (f"{'; '.join(refused.values())}: leave {'it' if len(refused) == 1 else 'them'} out"
                    + (f", e.g. -p models '[{', '.join(fit)}]'" if fit else ""))
        return None


@dataclass
class GaitModelsRecord(Record):
    """``results.json`` of the gait chapter (beyond :class:`~movesig.studies._base.Record`)."""

    labels: dict | None = None
    training_trials_per_person: float | None = None
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

    @cached_property
    def loaded(self):
        return self.load_data(min_trials=self.params.n_splits)

    @property
    def data(self):
        return self.loaded[0]

    @cached_property
    def model_names(self) -> list[str]:
        """The models fitted: ``models``, or every registered model whose input the data fit (see :attr:`skipped`)."""
        return [m for m in self.params.model_names if m not in self.skipped]

    @cached_property
    def labels(self) -> dict:
        """model -> its label as the paper writes it, for the models fitted."""
        return {name: MODELS[name].label for name in self.model_names}

    @cached_property
    def skipped(self) -> dict:
        """model -> why the default list leaves it out: the data do not fit its input (a CNN on too few channels)."""
        if self.params.models is not None:  # named models were checked before the kernel started
            return {}
        shape = (self.data.n_channels, self.data.n_times)
        return {m: why for m in MODELS if (why := MODELS[m].input_problem(*shape))}

    @cached_property
    def results(self):
        """:class:`~movesig.evaluate.CVResult` per model, in the order of ``models``."""
        p = self.params
        test = PerturbationTest(uniform_fractions(p.max_fraction, p.fraction_step), p.n_repeats, p.sigma, p.noise,
                                tuple(p.perturbations), p.removal_repeats)
        # the method comparison's methods, beside LRP, for the models shown: only where a test compares them
        further = [name for name, e in EXPLAINERS.items() if not e.lrp] if set(test.kinds) & set(
            test.explainer_kinds) else []
        plans = registry_plans(self.model_names, p.iterations, p.standardise, p.seed, p.device, p.fold_batched,
                               explainers={m: further for m in p.show_models})
        options = CVOptions(epsilon=p.epsilon, random_state=p.seed, n_jobs=p.n_jobs, scheduler=p.scheduler,
                            perturbation=test)
        return cross_validate(plans, self.data, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed), options)

    @cached_property
    def summaries(self) -> dict:
        """model -> :func:`model_summary` of its cross-validation (the chapter's ``metrics``)."""
        return {name: model_summary(r) for name, r in self.results.items()}

    @cached_property
    def ranked(self) -> list[str]:
        """The models from the most to the least accurate (mean accuracy over folds)."""
        return sorted(self.model_names, key=lambda m: -self.summaries[m]["accuracy_mean"])

    @section
    def data_section(self) -> Section:
        items = [data_note(self.data)]
        if self.skipped:
            items.append("Left out of every model's list: " + "; ".join(
                f"{MODELS[m].label} ({why})" for m, why in self.skipped.items()) + ".")
        return Section(items)

    @section
    def accuracy(self) -> Section:
        """Accuracy per model beside the published accuracy (other data), and its figure."""
        p, s = self.params, self.summaries
        real = not self.data.provenance.synthetic  # published numbers never stand beside synthetic results
        columns = {
            "accuracy % (ours, mean ± SD)": [mean_sd(s[m]["accuracy_per_fold"]) for m in self.model_names],
            "folds": [s[m]["n_folds"] for m in self.model_names],
            "input scaling": [p.standardise or MODELS[m].standardise for m in self.model_names],
            f"training s / fold (networks: ≤ {p.iterations} steps per learning rate; n_jobs = {p.n_jobs})": [
                f"{s[m]['fit_seconds_mean']:.1f}" for m in self.model_names],
        }
        if real:
            columns["accuracy % (published, other data)"] = [f"{HORST_2019_ACCURACY[m]:.2f}" if m in HORST_2019_ACCURACY
                                                             else "not reported here" for m in self.model_names]
        ours = training_trials_per_person(self.data, p.n_splits, p.seed)
        trials_note = (f"Training trials per person: {ours:g} here (median; the protocol trains on all but the test "
                       f"and validation chunks)" + (f", about {HORST_2019_TRAINING_TRIALS} behind the published "
                                                    "accuracies (8 of 10 chunks of about 20 trials): the identification "
                                                    "chapter measures what more training trials give." if real else "."))
        fig = plot_model_accuracy({self.labels[m]: self.results[m].accuracy for m in self.model_names},
                                  published={self.labels[m]: v for m, v in HORST_2019_ACCURACY.items()
                                             if m in self.labels} if real else None,
                                  title=f"Person identification, {dataset_label(self.data.provenance.name)}")
        fig = self.figure(fig, "gait_models_accuracy", "Person identification accuracy per model (folds as points)"
                          + (", beside the accuracy Horst et al. (2019) published on other data" if real else ""))
        each = accuracy_claims("gait_models", self.results, p.seed, lambda m: (
            f"{self.labels[m]} recognises the person of one walking trial, within one session ("
            f"{dataset_label(self.data.provenance.name)}, {self.data.n_persons} people, {ours:g} training trials per person)."))
        claims = [self._best_claim()] if len(self.model_names) > 1 else []
        return Section([table(columns, index=list(self.labels.values())), fig, trials_note]
                       + ([f"Published numbers: {HORST_2019_SOURCE}."] if real else
                          ["Synthetic data: the paper's numbers are not shown beside these results, which are not "
                           "comparable with them."])
                       + [claim_table(each, list(self.labels.values()), "the model recognises a person from one trial "
                                      "more often than chance and than its own predictions permuted among the test "
                                      "trials (mean per-person accuracy).")] + claims,
                       record={"metrics": s, "training_trials_per_person": ours}, claims=each + claims)

    def _best_claim(self) -> Claim:
        """"The most accurate model recognises people better than the runner-up": chosen on half the people, the
        per-person accuracy difference measured on the other half (people resampled, paired)."""
        choose, measure = halves(self.data.n_persons)
        ranked = sorted(self.model_names, key=lambda m: -per_person(self.results[m])[1][choose].mean())
        best, second = ranked[:2]
        ci = accuracy_difference(self.results[best], self.results[second], self.params.seed, measure)
        return Claim("gait_models/best-model-accuracy",
                     f"Of {len(ranked)} models, {self.labels[best]} recognises people from one walking trial better "
                     f"than the runner-up, {self.labels[second]} (difference of per-person accuracy; the two chosen "
                     f"on half the people, measured on the other half; {dataset_label(self.data.provenance.name)}).", ci.mean,
                     (ci.low, ci.high), "people", ci.n, Reference("no difference", 0.0))

    @section
    def conservation(self) -> Section:
        """Median bias share of the explained score per rule, and true vs predicted maps on wrong decisions."""
        s = [self.summaries[m] for m in self.model_names]
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
        p, data, labels = self.params, self.data, self.labels
        shares = {m: relevance_share_by_region(r.relevance["epsilon"], data.time, p.phase_bounds)
                  for m, r in self.results.items()}
        channel = {m: s.sum(axis=1) for m, s in shares.items()}
        phase = {m: s.sum(axis=0) for m, s in shares.items()}
        record = {"relevance_share_per_channel": {m: dict(zip(data.channels, v)) for m, v in channel.items()},
                  "relevance_share_per_phase": {m: dict(zip(p.phase_names, v)) for m, v in phase.items()}}
        items = [table({**{ch: [f"{100 * channel[m][i]:.1f}" for m in self.model_names]
                           for i, ch in enumerate(data.channels)},
                        **{ph: [f"{100 * phase[m][i]:.1f}" for m in self.model_names] for i, ph in enumerate(p.phase_names)}},
                       index=list(labels.values()))]
        vertical = _vertical(data.channels)
        if vertical:
            real = not data.provenance.synthetic
            items.append(table({"vertical GRF share per foot %": [f"{100 * np.mean(channel[m][vertical]):.1f}"
                                                                  for m in self.model_names]
                                + ([f"{100 * HORST_2019_VERTICAL_SHARE:.0f} (CNN-A)"] if real else [])},
                               index=list(labels.values()) + (["published (other data)"] if real else [])))
        fig = plot_region_shares({labels[m]: shares[m] for m in p.show_models if m in shares}, data.channels,
                                 p.phase_names)
        items.append(self.figure(fig, "gait_models_relevance_shares",
                                 "Share of absolute relevance per force channel and stance phase"))
        claims = [self._channel_share_claim(self.ranked[0])]
        if vertical:  # the paper's finding is CNN-A's: its model where it ran, else the most accurate
            claims.append(self._vertical_claim("cnn_a" if "cnn_a" in self.results else self.ranked[0], vertical))
        return Section(items + claims, {"shares": shares}, record, claims)

    def _person_channel_shares(self, model: str) -> np.ndarray:
        """Each person's share of absolute ε-relevance per channel over their tested trials, (n_persons, n_channels)."""
        relevance, data = self.results[model].relevance["epsilon"], self.data
        return np.array([_channel_shares(relevance[data.person == k], data.time, self.params.phase_bounds)
                         for k in data.persons])

    def _vertical_claim(self, model: str, vertical: list[int]) -> Claim:
        """"The vertical force carries more relevance per foot than an even spread" (the paper's CNN-A finding)."""
        data = self.data
        ci = bootstrap_mean(self._person_channel_shares(model)[:, vertical].mean(axis=1), seed=self.params.seed)
        return Claim("gait_models/vertical-share",
                     f"For {self.labels[model]}, the vertical force of each foot carries more of the relevance than an "
                     f"even spread over the {data.n_channels} channels would give (per-person share per foot; "
                     f"{dataset_label(data.provenance.name)}).", ci.mean, (ci.low, ci.high), "people", ci.n,
                     Reference("even spread over the channels", 1 / data.n_channels))

    def _channel_share_claim(self, model: str) -> Claim:
        """"One channel carries more of the model's relevance than an even spread would give" (people resampled).

        Each person's share of absolute relevance per channel over their tested trials; the
        channel with the largest mean share is the estimate, the even spread (1 / channels) the
        baseline. Under per-value z-scoring every channel has unit variance, which pulls the
        shares towards that baseline.
        """
        p, data = self.params, self.data
        shares = self._person_channel_shares(model)
        choose, measure = halves(data.n_persons)
        top = int(shares[choose].mean(axis=0).argmax())
        ci = bootstrap_mean(shares[measure, top], seed=p.seed)
        return Claim("gait_models/channel-share",
                     f"For {self.labels[model]}, the {data.channels[top]} force carries more of the relevance than an "
                     f"even spread over the {data.n_channels} channels would give (per-person shares; the channel "
                     f"chosen on half the people, measured on the other half; {dataset_label(data.provenance.name)}).", ci.mean,
                     (ci.low, ci.high), "people", ci.n, Reference("even spread over the channels", 1 / data.n_channels))

    @section
    def scaling(self) -> Section:
        """Channel shares of the linear models under both scalings: refitted where the run used the other one.

        The linear SVMs are cheap to refit, so each is cross-validated (same folds, same C)
        under the scaling the run did not use; a model whose own scaling is already one of the
        two (the linear model trained by SGD uses [−1, 1]) is shown under it only. The networks
        are not retrained here: ``-p standardise range`` runs the whole chapter on the paper's
        scaling.
        """
        p, data = self.params, self.data
        linear = [m for m in self.model_names if MODELS[m].linear]
        if not linear:
            return Section(["No linear model in `models`: nothing to compare."])
        shares, accuracy = {}, {}
        for scaling in SCALINGS:
            used = [m for m in linear if (p.standardise or MODELS[m].standardise) == scaling]
            shares[scaling] = {m: _channel_shares(self.results[m].relevance["epsilon"], data.time, p.phase_bounds)
                               for m in used}
            refit = [m for m in linear if m not in used and MODELS[m].refit_cheaply]
            if refit:
                plans = registry_plans(refit, p.iterations, scaling, p.seed, p.device, "never")
                out = cross_validate(plans, data, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed),
                                     CVOptions(epsilon=p.epsilon, random_state=p.seed, n_jobs=p.n_jobs,
                                               scheduler=p.scheduler))
                shares[scaling] |= {m: _channel_shares(r.relevance["epsilon"], data.time, p.phase_bounds)
                                    for m, r in out.items()}
                accuracy[scaling] = {m: float(np.mean(r.accuracy)) for m, r in out.items()}
        rows = [(m, s) for m in linear for s in SCALINGS if m in shares[s]]
        vertical = _vertical(data.channels)
        columns = {"input scaling": [SCALINGS[s][0] for _, s in rows]}
        columns |= {ch: [f"{100 * shares[s][m][i]:.1f}" for m, s in rows] for i, ch in enumerate(data.channels)}
        if vertical:
            columns["vertical GRF per foot %"] = [f"{100 * np.mean(shares[s][m][vertical]):.1f}" for m, s in rows]
        record = {"relevance_share_per_channel_by_scaling": {
            s: {m: dict(zip(data.channels, v)) for m, v in shares[s].items()} for s in SCALINGS}}
        if accuracy:
            record["accuracy_by_scaling"] = accuracy
        return Section([table(columns, index=[self.labels[m] for m, _ in rows]),
                        "Reference point of relevance: " + "; ".join(f"{name} (reference: {ref})"
                                                                     for name, ref in SCALINGS.values()) + "."],
                       {"shares": shares}, record)

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
        claims, shown = order_claims(self, "additive")
        return Section([fig, grid, order_table(self, "additive"), order_sentence(self, "additive")]
                       + ([shown] if shown else []), {"curves": curves}, {"metrics": self.summaries}, claims)

    @section
    def removal(self) -> Section:
        """The removal tests (values set to the reference input, or to another person's): curves and order checks."""
        p, results = self.params, self.results
        items = []
        fractions = next(iter(results.values())).fractions
        for kind, change in PERTURBATIONS.items():
            if not change.removal or kind not in p.perturbations:
                continue
            what = change.description
            curves = {self.labels[m]: {c: r.curve(c) for c in r.perturbation
                                       if c.kind == kind and c.rule not in r.explainers} for m, r in results.items()}
            items.append(self.figure(plot_perturbation(fractions, curves), f"gait_models_removal_{kind}",
                                     f"Removal test: accuracy as a growing share of input values is replaced by {what}, "
                                     f"at random, most relevant first and least relevant first"))
            items.append(order_table(self, kind))
            if not change.needs_donors:  # toward the model's reference: name it for each model's input scaling
                items.append("The reference input, per model: " + "; ".join(
                    f"{self.labels[m]}: {SCALINGS[p.standardise or MODELS[m].standardise][1]}"
                    if (p.standardise or MODELS[m].standardise) in SCALINGS else f"{self.labels[m]}: its scaled input 0"
                    for m in results) + ". For a linear model the removed score is then exactly the removed relevance "
                    "(ε-LRP, gradient × input and integrated gradients decompose toward it), so this test is an "
                    "identity check for linear models, not evidence of faithfulness.")
        return Section(items or ["No removal test was run (parameter perturbations)."], record={"metrics": self.summaries})

    @section
    def recovery(self) -> Section:
        """Synthetic data only: precision at the planted area and recovery AUC per model, beside a contrast map."""
        return planted_recovery(self)

    @section
    def methods(self) -> Section:
        """LRP against the other explainers and a map without a model, for ``show_models``: one removal test, one score.

        Every method of :data:`~movesig.evaluate.explainers.EXPLAINERS` explained each test
        decision in the fold that made it (the cross-validation engine), and was tested by
        the same removal test towards the reference input, on the explained score, against
        the same random order: most − random and random − least, paired per fold. On
        synthetic data each method's per-person mean map is also scored by its recovery AUC
        against the planted mask and the oracle map.
        """
        p, data, truth = self.params, self.data, self.loaded[1]
        if "mean" not in p.perturbations:
            return Section(["The method comparison uses the removal test towards the reference input: it was not run "
                            "(parameter perturbations)."])
        rows, values = {}, {}
        random = Curve("mean", "random")
        if truth is not None:
            task, rows_t = data.task[0], np.searchsorted(truth.persons, data.persons)
        for m in [m for m in p.show_models if m in self.results]:
            r = self.results[m]
            for name in (*MODELS[m].rules, *r.explainers):
                row = {"most_minus_random": r.order_difference(Curve("mean", "most", name), random, score=True),
                       "random_minus_least": r.order_difference(random, Curve("mean", "least", name), score=True)}
                if truth is not None:
                    _, mean_map = mean_by_person(r.relevance[name], data.person, data.persons)
                    row["auc_planted"] = float(np.nanmean(recovery_auc(mean_map, truth.mask(task)[rows_t])))
                    row["auc_oracle"] = (float(np.nanmean(recovery_auc(mean_map, truth.oracle(task)[rows_t])))
                                         if truth.within_sd else None)
                values[f"{m}: {name}"] = row
                rows[f"{self.labels[m]}, {EXPLAINERS[name].label}"] = row
        fmt = lambda v: f"{v['mean']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}], n = {v['n']}"  # noqa: E731
        columns = {"removal: most − random (AOPC of the score)": [fmt(r["most_minus_random"]) for r in rows.values()],
                   "removal: random − least": [fmt(r["random_minus_least"]) for r in rows.values()]}
        if truth is not None:
            columns["recovery AUC, planted"] = [f"{r['auc_planted']:.3f}" for r in rows.values()]
            columns["recovery AUC, oracle map"] = [f"{r['auc_oracle']:.3f}" if r.get("auc_oracle") is not None
                                                   else "—" for r in rows.values()]
        return Section([table(columns, index=list(rows))], {"methods": values}, {"method_comparison": values})

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

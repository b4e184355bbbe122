"""Chapter ``speed``: does a gait signature survive a change of walking speed? (real data, spm1d)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from scipy import stats

from ..data import DataError
from ..evaluate import (
    CVOptions,
    ModelPlan,
    cross_validate,
    explain_as,
    learning_curve,
    train_test,
    training_trials_per_person,
)
from ..models import STANDARDISE_MODES, make_estimator
from ..plots import plot_fold_accuracy, plot_learning_curve, plot_spm
from ..splits import PersonChunkSplit
from ..summarise import (
    fisher_z_mean,
    high_relevance_inside,
    mean_by_person,
    next_person,
    pearson_rows,
    spm_paired,
    spm_two_sample,
)
from ..summarise.covariate import remove_trend
from ..summarise.spm import paired_minimum
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._common import (
    enough_trials,
    SVM_C,
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
from .claims import Claim, Reference, accuracy_difference, person_accuracy

__all__ = ["Parameters", "Speed"]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("speed-grf")
    n_splits: int = param(10, "chunks per person and speed (10 in the papers; 20 trials per speed here)", "int", low=3)
    seed: int = param(1234, **SEED)
    C: float = param(0.1, "regularisation of the linear SVM", **SVM_C)
    standardise: str = param("feature", "input scaling, fitted on training trials only", "str",
                             choices=STANDARDISE_MODES)
    epsilon: float = param(1e-5, **EPSILON)
    alpha: float = param(0.05, "field-wise error rate of every SPM test", "float", low=0, high=0.5, low_open=True)
    spm_iterations: int = param(1000, "random permutations of the two-sample SPM tests", "int", low=100)
    relevance_quantile: float = param(0.9, "points at or above this quantile of |relevance| are 'high'", "float",
                                      low=0, high=0.99, low_open=True)
    show_persons: list | None = param(None, **SHOW_PERSONS)
    n_show: int = param(2, **N_SHOW)
    n_jobs: int = param(2, **N_JOBS)

    def check_data(self, data):
        why = super().check_data(data)
        if why:
            return why
        try:
            speeds = _ordered_conditions(data)
        except DataError as exc:
            return str(exc).removeprefix(f"{data.provenance.source}: ")
        for s in speeds:
            why = enough_trials(data.select(condition=s), self.n_splits, f"condition {s!r}: ")
            if why:
                return why
        return None


def _ordered_conditions(data):
    """Conditions ordered by mean speed when the data carry it (slow, normal, fast), else sorted."""
    names = sorted(set(data.condition.tolist()))
    if len(names) < 2:
        raise DataError(f"{data.provenance.source}: the speed chapter needs at least two conditions (one per speed), "
                        f"got {', '.join(map(repr, names))}")
    if "speed" in data.covariates:
        names.sort(key=lambda c: data.covariates["speed"][data.condition == c].mean())
    return names


@dataclass
class SpeedRecord(Record):
    """``results.json`` of the speed chapter (beyond :class:`~movesig.studies._base.Record`)."""

    relevance_correlation: dict | None = None
    spm_relevance_between_speeds: dict | None = None
    plausibility: dict | None = None
    speed_covariate: dict | None = None
    training_trials: dict | None = None


class Speed(Study):
    """Identification within, across and over walking speeds; relevance per speed, compared by correlation and SPM."""

    chapter = "speed"
    Parameters = Parameters
    Record = SpeedRecord

    @cached_property
    def data(self):
        return self.load_data(min_trials=self.params.n_splits)[0]

    @cached_property
    def speeds(self) -> list:
        return _ordered_conditions(self.data)

    def _model(self):
        p = self.params
        return make_estimator("linear_svm", C=p.C, standardise=p.standardise, random_state=p.seed)

    def _cv(self, data, name):
        p = self.params
        plan = ModelPlan(name, self._model())
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        return cross_validate(plan, data, splitter, CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs))[name]

    @cached_property
    def within(self) -> dict:
        """Speed -> cross-validation on that speed's trials only (the papers' protocol)."""
        return {s: self._cv(self.data.select(condition=s), f"within {s}") for s in self.speeds}

    @cached_property
    def pooled(self):
        """Cross-validation on every trial: speed as a nuisance the model sees in training."""
        return self._cv(self.data, "all speeds")

    @cached_property
    def across(self) -> dict:
        """Held-out speed -> trained on the other speeds, tested on it."""
        d = self.data
        return {s: train_test(self._model(), d.subset(d.condition != s), d.select(condition=s), self.params.epsilon)
                for s in self.speeds}

    def _adjusted(self, speed) -> dict:
        """Held-out condition -> train/test after removing the trend of every point on ``speed`` (per trial), fitted on
        the training conditions only."""
        d, out = self.data, {}
        for s in self.speeds:
            train, test = d.condition != s, d.condition == s
            X_train, X_test = remove_trend(d.X[train], speed[train], d.X[test], speed[test])
            out[s] = train_test(self._model(), replace(d.subset(train), X=X_train), replace(d.subset(test), X=X_test),
                                self.params.epsilon)
        return out

    @section
    def training_trials(self) -> Section:
        """Accuracy within each speed against training trials per person (1 chunk to all but the test chunk)."""
        p, d = self.params, self.data
        plan = ModelPlan("learning", self._model())
        options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs)
        curves, record, rows = {}, {}, {}
        for s in self.speeds:
            data = d.select(condition=s)
            runs = learning_curve(plan, data, p.n_splits, p.seed, options)
            trials = {m: training_trials_per_person(data, p.n_splits, p.seed, m) for m in runs}
            cis = {m: person_accuracy(r, p.seed) for m, r in runs.items()}
            curves[s] = (list(trials.values()), *([getattr(ci, a) for ci in cis.values()] for a in ("mean", "low", "high")))
            record[s] = {str(m): {"trials_per_person": trials[m]} | cis[m].as_dict() for m in runs}
            rows[s] = [f"{trials[m]:g}: {cis[m].percent()}" for m in runs]
        fig = self.figure(plot_learning_curve(curves, chance=1 / d.n_persons,
                                              title=f"Linear SVM, C = {p.C}, within each speed"),
                          "speed_training_trials", "Accuracy within each walking speed against training trials per "
                          "person (mean per-person accuracy, 95 % interval resampling people)")
        shown = table({s: rows[s] for s in self.speeds},
                      index=[f"{m} of {p.n_splits} chunks" for m in range(1, p.n_splits)])
        return Section([shown, fig], {"curves": curves}, {"training_trials": record})

    @section
    def speed_covariate(self) -> Section:
        """Across speeds, with walking speed as a covariate: is the loss of the across-speed test a speed trend that all
        people share? Intervals resample people; the control regresses on speeds shuffled among trials."""
        p, d = self.params, self.data
        speed = d.covariates.get("speed")
        if speed is None:
            return Section(["These data carry no measured speed per trial: the speed-covariate test is not run."])
        adjusted = self._adjusted(speed)
        shuffled = self._adjusted(np.random.default_rng([p.seed, 2]).permutation(speed))
        raw = {s: person_accuracy(self.across[s], p.seed) for s in self.speeds}
        adj = {s: person_accuracy(adjusted[s], p.seed) for s in self.speeds}
        pooled = {name: _pooled(runs) for name, runs in (("raw", self.across), ("adjusted", adjusted),
                                                          ("shuffled", shuffled))}
        gain = accuracy_difference(pooled["adjusted"], pooled["raw"], p.seed)
        control = accuracy_difference(pooled["shuffled"], pooled["raw"], p.seed)
        claim = Claim("speed/speed-trend-accuracy-gain",
                      "Part of what the across-speed test loses is a speed trend all people share: removing each "
                      "point's linear trend on measured speed, fitted on the training speeds only, raises the "
                      f"per-person accuracy on the held-out speed ({dataset_label(d.provenance.name)}).", gain.mean,
                      (gain.low, gain.high), "people", gain.n, Reference("no gain", 0.0),
                      Reference("the same with speeds shuffled among trials", control.mean))
        shown = table({"accuracy % [95 % interval], people (trained on the other speeds)": [raw[s].percent() for s in
                                                                                             self.speeds],
                       "speed trend removed (fitted on the training speeds)": [adj[s].percent() for s in self.speeds]},
                      index=[f"test {s}" for s in self.speeds])
        record = {"speed_covariate": {s: {"raw": raw[s].as_dict(), "speed_trend_removed": adj[s].as_dict()}
                                      for s in self.speeds}}
        return Section([shown, claim], {"raw": raw, "adjusted": adj}, record, [claim])

    @section
    def data_section(self) -> Section:
        speed = self.data.covariates.get("speed")
        rows = {s: [int((self.data.condition == s).sum())] for s in self.speeds}
        if speed is not None:
            for s in self.speeds:
                v = speed[self.data.condition == s]
                rows[s].append(f"{v.mean():.2f} ± {v.std():.2f} ({v.min():.2f}-{v.max():.2f})")
        cols = ["trials"] + (["speed m/s, mean ± SD (range)"] if speed is not None else [])
        shown = table({c: [rows[s][i] for s in self.speeds] for i, c in enumerate(cols)}, index=self.speeds)
        return Section([data_note(self.data), shown])

    @section
    def accuracy(self) -> Section:
        """Accuracy within each speed, with all speeds pooled, and across speeds."""
        within = {f"within {s}": r.accuracy for s, r in self.within.items()}
        within["all speeds"] = self.pooled.accuracy
        across = {s: float(r.accuracy[0]) for s, r in self.across.items()}
        metrics = {f"linear_svm_within_{s}": r.summary() | {"C": self.params.C} for s, r in self.within.items()}
        metrics["linear_svm_all_speeds"] = self.pooled.summary() | {"C": self.params.C}
        for s, a in across.items():
            train = "+".join(t for t in self.speeds if t != s)
            metrics[f"linear_svm_train_{train}_test_{s}"] = {"accuracy_mean": a, "accuracy_sd": 0.0, "n_folds": 1,
                                                            "C": self.params.C}
        rows = ([mean_sd(a) for a in within.values()] + [f"{100 * a:.2f}" for a in across.values()])
        n_test = ([f"{int(r.n_test.sum())} ({len(r.accuracy)} folds)" for r in (*self.within.values(), self.pooled)]
                  + [f"{int(r.n_test.sum())} (one test)" for r in self.across.values()])
        index = (list(within) + [f"train {' + '.join(t for t in self.speeds if t != s)}, test {s}" for s in across])
        fig = self.figure(plot_fold_accuracy(within, title=f"Linear SVM, C = {self.params.C}, within one session"),
                          "speed_accuracy_within", "Accuracy per fold within each walking speed and pooled")
        shown = table({"accuracy % (mean ± SD over folds; one test: its accuracy)": rows, "test trials": n_test},
                      index=index)
        return Section([shown, fig], {"within": within, "across": across}, {"metrics": metrics})

    @cached_property
    def maps(self) -> dict:
        """Speed -> mean ε-LRP relevance of every person's test trials (within that speed), (n_persons, n_times)."""
        return {s: mean_by_person(r.relevance["epsilon"][:, 0], r.person, self.data.persons)[1]
                for s, r in self.within.items()}

    def _null_maps(self, speed) -> np.ndarray:
        """Each person's trials at ``speed`` explained with the next person's weights (same folds), averaged."""
        res = self.within[speed]
        relevance = explain_as(res, self.data.select(condition=speed).X, next_person(res.person), self.params.epsilon)
        return mean_by_person(relevance[:, 0], res.person, self.data.persons)[1]

    @section
    def relevance_correlation(self) -> Section:
        """Per person, r between the relevance maps at two speeds; another person's weights as the null."""
        rows, values = {}, {}
        for i, a in enumerate(self.speeds):
            for b in self.speeds[i + 1:]:
                own = pearson_rows(self.maps[a], self.maps[b])
                null = pearson_rows(self.maps[a], self._null_maps(b))
                m, n = fisher_z_mean(own), fisher_z_mean(null)
                diff = stats.wilcoxon(own, null) if len(own) >= 6 else None
                rows[f"{a} vs {b}"] = [str(m), str(n), f"{diff.pvalue:.3g}" if diff is not None else "—"]
                values[(a, b)] = {"r": own, "r_null": null, "mean": m.as_dict(), "null": n.as_dict(),
                                  "wilcoxon_p": None if diff is None else float(diff.pvalue)}
        record = {f"{a}_vs_{b}": {k: v for k, v in d.items() if k not in ("r", "r_null")} for (a, b), d in values.items()}
        claims = [self._map_claim(values)] if values else []
        shown = table({"r, own maps (mean [95% CI], n)": [r[0] for r in rows.values()],
                       "r, next person's weights (null)": [r[1] for r in rows.values()],
                       "Wilcoxon p, own vs null": [r[2] for r in rows.values()]}, index=list(rows))
        return Section([shown, *claims], values, {"relevance_correlation": record}, claims)

    def _map_claim(self, values: dict) -> Claim:
        """"A person's map at one speed is like their map at another": the least alike pair of speeds."""
        (a, b), v = min(values.items(), key=lambda item: item[1]["mean"]["r_mean"])
        m, null = v["mean"], v["null"]
        return Claim("speed/map-across-speeds",
                     f"A person's relevance map at one walking speed is more like their own map at another speed than "
                     f"unrelated maps, and than the same trials explained with the next person's weights (the least "
                     f"alike pair, {a} against {b}; {dataset_label(self.data.provenance.name)}).", m["r_mean"],
                     (m["ci95_low"], m["ci95_high"]), "people", m["n"], Reference("unrelated maps (r = 0)", 0.0),
                     Reference("the same trials, next person's weights (r)", null["r_mean"]))

    @section
    def spm_speeds(self) -> Section:
        """Where relevance differs between speeds: paired non-parametric SPM across people."""
        p, d = self.params, self.data
        if d.n_persons < paired_minimum(p.alpha):
            return Section([f"Not tested: the paired permutation test needs at least {paired_minimum(p.alpha)} "
                            f"people at α = {p.alpha}; this run has {d.n_persons}."], {"spm": {}})
        pairs = [(a, b) for i, a in enumerate(self.speeds) for b in self.speeds[i + 1:]]
        panels = {f"{a} − {b}": spm_paired(self.maps[a], self.maps[b], p.alpha, seed=p.seed) for a, b in pairs}
        curves = {f"{a} − {b}": {a: self.maps[a], b: self.maps[b]} for a, b in pairs}
        fig = self.figure(plot_spm(panels, d.time, d.time_axis, curves, title="Relevance per person (ε-LRP, "
                                   f"n = {d.n_persons} people): where it differs between speeds"),
                          "speed_spm_relevance", f"Per-person mean relevance at two speeds (top) and the paired "
                          f"non-parametric SPM{{t}} (bottom), α = {p.alpha}")
        shown = table({"significant % of stance": [f"{100 * r.significant.mean():.1f}" for r in panels.values()],
                       "clusters (start-end %, p)": ["; ".join(f"{s:.0f}-{e:.0f} (p = {q:.3f})" for s, e, q in
                                                             r.clusters) or "none" for r in panels.values()]},
                      index=list(panels))
        return Section([fig, shown], {"spm": panels},
                       {"spm_relevance_between_speeds": {k: r.as_dict() for k, r in panels.items()}})

    @cached_property
    def input_spm(self) -> dict:
        """Person -> SPM two-sample test of their curves against everyone else's (all speeds)."""
        p, d = self.params, self.data
        return {k: spm_two_sample(d.X[d.person == k, 0], d.X[d.person != k, 0], p.alpha, p.spm_iterations,
                                  seed=p.seed + i) for i, k in enumerate(d.persons)}

    @section
    def plausibility(self) -> Section:
        """Share of each person's high-relevance points inside the regions where their curves differ from everyone's."""
        p, d = self.params, self.data
        _, maps = mean_by_person(self.pooled.relevance["epsilon"][:, 0], self.pooled.person, d.persons)
        inside = np.array([high_relevance_inside(m, self.input_spm[k].significant, p.relevance_quantile)
                           for k, m in zip(d.persons, maps)])
        test = stats.wilcoxon(inside[:, 0], inside[:, 1]) if len(inside) >= 6 else None
        record = {"plausibility": {"inside": inside[:, 0].tolist(), "chance": inside[:, 1].tolist(),
                                   "wilcoxon_p": None if test is None else float(test.pvalue),
                                   "quantile": p.relevance_quantile}}
        shown_persons = pick_persons(d.persons, p.n_show, p.show_persons)
        panels = {f"person {k}": self.input_spm[k] for k in shown_persons}
        curves = {f"person {k}": {f"{k}": d.X[d.person == k, 0], "everyone else": d.X[d.person != k, 0]}
                  for k in shown_persons}
        fig = self.figure(plot_spm(panels, d.time, d.time_axis, curves, title="Where a person's curves differ from "
                                   "everyone else's"), "speed_spm_inputs",
                          f"Vertical GRF of one person against all others (top) and the two-sample "
                          f"non-parametric SPM{{t}} (bottom), {p.spm_iterations} permutations, α = {p.alpha}")
        shown = table({"high-relevance points inside %": [f"{100 * v:.0f}" for v in inside[:, 0]],
                       "significant points (chance) %": [f"{100 * v:.0f}" for v in inside[:, 1]]},
                      index=[f"person {k}" for k in d.persons])
        summary = (f"Mean over n = {len(inside)} people: {100 * inside[:, 0].mean():.1f} % of high-relevance points "
                   f"inside, {100 * inside[:, 1].mean():.1f} % by chance"
                   + (f"; Wilcoxon signed-rank p = {test.pvalue:.3g}." if test is not None else "."))
        return Section([fig, shown, summary], {"inside": inside, "wilcoxon": test}, record)


def _pooled(runs: dict):
    """The held-out tests of every speed as one result: each trial tested once (person, predicted, fold of 0)."""
    from types import SimpleNamespace

    person = np.concatenate([r.person for r in runs.values()])
    predicted = np.concatenate([r.predicted for r in runs.values()])
    return SimpleNamespace(person=person, predicted=predicted, fold=np.zeros(len(person), dtype=int))

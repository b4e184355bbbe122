"""Chapter ``emg_stability``: does a signature belong to the person, or to the day, the power and the task?"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from sklearn.base import clone

from ..data import baseline_trials
from ..evaluate import CVOptions, ModelPlan, cross_validate, train_test
from ..explain import relevance as explain
from ..models import make_estimator
from ..plots import plot_correlations, plot_spm
from ..splits import PersonChunkSplit
from ..summarise import (
    extract_signatures,
    fisher_z_mean,
    jaccard,
    mean_by_person,
    next_person,
    normalise_cycles,
    per_person_correlation,
    spm_paired,
)
from ..summarise.spm import paired_minimum
from ..data.cards import condition_label, dataset_label
from ._base import Record, Study, section
from ._common import SVM_C, EFFECT_SIZE, EPSILON, N_JOBS, DataParameters, baseline_problem, data_param
from ._page import Section, data_note, mean_sd, percent, table
from ._params import param
from .claims import Claim, Reference

__all__ = ["EmgStability", "Parameters", "compare_conditions", "control_verdict"]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("synthetic-emg")
    n_splits: int = param(10, "chunks per person for the baseline cross-validation", "int", low=3)
    seed: int = param(1234, "seed of the split permutation and the solver", "int", low=0)
    C: float = param(0.01, "regularisation of the linear SVM", **SVM_C)
    threshold: float = param(0.2, "signature threshold (normalised relevance)", "float", low=0, low_open=True, high=1)
    share: float = param(1.0, "share of a person's cycles above the threshold", "float", low=0, low_open=True, high=1)
    epsilon: float = param(1e-5, **EPSILON)
    effect_size: float = param(1.0, **EFFECT_SIZE)
    signature_change: float = param(0.0, "synthetic data only: share of planted bursts that move between conditions "
                                    "(1: a negative control)", "float", low=0, high=1)
    alpha: float = param(0.05, "field-wise error rate of the SPM tests", "float", low=0, high=0.5, low_open=True)
    spm_iterations: int = param(1000, "random sign flips of the paired SPM tests (all of them up to 12 people)", "int",
                                low=100)
    n_jobs: int = param(2, **N_JOBS)

    def check_data(self, data):
        why = super().check_data(data) or baseline_problem(data, self.n_splits)
        if why:
            return why
        tasks = sorted(set(data.task))
        if len(tasks) < 2 and len(set(data.condition)) < 2:
            return (f"the stability chapter compares a person's map between conditions (e.g. day1 and day2) or two "
                    f"tasks; the file holds one task ({str(tasks[0])!r}) in one condition: give each trial its condition "
                    "in the file's condition array")
        return None


def compare_conditions(model, base, base_relevance, other, threshold: float = 0.2, share: float = 1.0,
                       epsilon: float = 1e-5, prefit: bool = False) -> dict:
    """Train on all baseline cycles (or take a model so trained), identify and explain another condition, compare maps.

    Parameters
    ----------
    model : estimator
        Unfitted (e.g. :class:`~movesig.models.LinearSVM`), or with ``prefit`` already
        fitted on all of ``base`` (one baseline model for every other condition).
    base, other : Dataset
        Baseline cycles and the other condition's cycles of one task.
    base_relevance : ndarray of shape (n_base, n_channels, n_times)
        Cross-validated true-class relevance of the baseline cycles.

    Returns
    -------
    dict
        ``"r"``: :class:`~movesig.summarise.FisherMean` of the per-person Pearson r between
        mean relevance maps as the authors draw them (each cycle's positive relevance over
        its maximum); ``"r_signed"``: the same on the signed maps; ``"accuracy"``: of the baseline model on ``other``;
        ``"jaccard"``: mean Jaccard index between the two signatures of each person;
        ``"r_shared_weights"``: the shared-weight null, ``"r"`` between each person's baseline map and
        the map of the previous person's cycles of ``other`` explained for that person's score;
        ``"maps"``: (persons, baseline maps, other maps), the mean relevance of the persons
        in both, each of shape (n_common, n_channels, n_times).
    """
    transfer = train_test(model, base, other, epsilon=epsilon, prefit=prefit)
    relevance = transfer.relevance["epsilon"]
    _, r = per_person_correlation(normalise_cycles(base_relevance), base.person, normalise_cycles(relevance),
                                  other.person)
    _, r_signed = per_person_correlation(base_relevance, base.person, relevance, other.person)
    base_persons, base_sig, _ = extract_signatures(base_relevance, base.person, threshold, share)
    other_persons, other_sig, _ = extract_signatures(relevance, other.person, threshold, share)
    common, ib, io = np.intersect1d(base_persons, other_persons, return_indices=True)
    maps = (common, mean_by_person(base_relevance, base.person, common)[1],
            mean_by_person(relevance, other.person, common)[1])
    # The shared-weight null: the previous person's cycles of the other condition explained for k's score with the
    # same weights. Both of k's maps come from one model; maps of another person's movement made with k's weights
    # show how alike two maps are from the weights alone.
    fitted = transfer.models[0]
    as_next = next_person(other.person)
    shared = explain(fitted, other.X, fitted.class_index(as_next), epsilon=epsilon).relevance
    _, r_shared = per_person_correlation(normalise_cycles(base_relevance), base.person, normalise_cycles(shared),
                                         as_next)
    return {"r": fisher_z_mean(r), "r_signed": fisher_z_mean(r_signed), "r_shared_weights": fisher_z_mean(r_shared),
            "accuracy": float(transfer.accuracy[0]), "jaccard": float(jaccard(base_sig[ib], other_sig[io]).mean()),
            "maps": maps}


def control_verdict(values: dict) -> tuple[str, str | None]:
    """What the negative control says of r: its drop when signatures change, against r's spread between conditions.

    ``values``: comparison -> {"fixed": r, "changed": r}, each with ``r_mean``, ``ci95_low``,
    ``ci95_high`` and ``jaccard``.

    Returns
    -------
    text : str
        The sentences for the page.
    verdict : {"registers", "does not show", "mixed"} or None
        Whether every drop of r exceeds r's spread between conditions with the signatures
        kept, none does, or some do; None for fewer than two comparisons (no spread).
    """
    drop = [v["fixed"]["r_mean"] - v["changed"]["r_mean"] for v in values.values()]
    jaccard = [v["changed"]["jaccard"] - v["fixed"]["jaccard"] for v in values.values()]
    apart = sum(v["changed"]["ci95_high"] < v["fixed"]["ci95_low"] for v in values.values())
    span = lambda x: f"{min(x):.3f}" if min(x) == max(x) else f"{min(x):.3f} to {max(x):.3f}"  # noqa: E731
    text = (f"Moving every planted burst lowers r by {span(drop)} (the intervals separate in {apart} of "
            f"{len(values)}); the Jaccard index changes by {span(jaccard)}.")
    if len(values) < 2:
        return text, None
    fixed = [v["fixed"]["r_mean"] for v in values.values()]
    spread = max(fixed) - min(fixed)
    kept = f"r differs between conditions with the signatures kept ({spread:.3f})"
    if max(drop) < spread:
        return text + (f" That drop of r is less than {kept}: at this effect size a high r between conditions does "
                       "not show that a signature is stable."), "does not show"
    if min(drop) > spread:
        return text + f" That drop of r is more than {kept}: r registers a changed signature at this effect size.", \
            "registers"
    return text + (f" Some drops of r are more than {kept}, some less: r registers a changed signature in some "
                   "conditions only."), "mixed"


@dataclass
class EmgStabilityRecord(Record):
    """``results.json`` of the stability chapter (beyond :class:`~movesig.studies._base.Record`)."""

    comparisons: dict | None = None
    spm_conditions: dict | None = None
    negative_control: dict | None = None
    negative_control_verdict: str | None = None


def _shown(name: str, comparison: dict) -> str:
    """A comparison as a page names it: its conditions in words (``results.json`` keeps the files' names)."""
    if "reference" not in comparison:
        return name
    return (f"{comparison['task']}: {condition_label(comparison['reference'])} vs "
            f"{condition_label(comparison['condition'])}")


class EmgStability(Study):
    """Baseline cross-validation, then every other condition (and the other task) against it."""

    chapter = "emg_stability"
    Parameters = Parameters
    Record = EmgStabilityRecord

    @cached_property
    def loaded(self):
        full, _ = self.load_data(conditions="all")
        return full, {task: baseline_trials(full, task) for task in sorted(set(full.task))}

    @property
    def tasks(self) -> list[str]:
        return list(self.loaded[1])

    @cached_property
    def model(self):
        return make_estimator("linear_svm", C=self.params.C, standardise="none", random_state=self.params.seed)

    @cached_property
    def cv(self) -> dict:
        """task -> cross-validated baseline :class:`~movesig.evaluate.CVResult`."""
        p, base = self.params, self.loaded[1]
        splitter = PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed)
        options = CVOptions(epsilon=p.epsilon, n_jobs=p.n_jobs)
        return {t: cross_validate(ModelPlan("baseline", self.model), base[t], splitter, options)["baseline"]
                for t in self.tasks}

    @cached_property
    def fitted(self) -> dict:
        """task -> the model fitted on all of its baseline cycles (tested on every other condition)."""
        base = self.loaded[1]
        return {t: clone(self.model).fit(base[t].X, base[t].person) for t in self.tasks}

    def share_baseline(self, other: EmgStability) -> bool:
        """Take ``other``'s baseline cross-validation and models if both studies have the same baseline trials.

        The negative control's generator moves bursts between conditions only, so its
        baseline cycles are the planted study's: the same fits would be repeated. The trials
        are compared, not assumed; returns whether they were the same.
        """
        p, q = self.params, other.params
        same_setup = self.model.get_params() == other.model.get_params() and (p.n_splits, p.seed, p.epsilon) == (
            q.n_splits, q.seed, q.epsilon)
        mine, theirs = self.loaded[1], other.loaded[1]
        same = same_setup and mine.keys() == theirs.keys() and all(
            np.array_equal(mine[t].X, theirs[t].X) and np.array_equal(mine[t].person, theirs[t].person) for t in mine)
        if same:
            self.__dict__.update(cv=other.cv, fitted=other.fitted)
        return same

    @cached_property
    def comparisons(self) -> dict:
        """name -> {"r", "accuracy", "jaccard"} for every (task, other condition), then walking vs pedalling."""
        p, (full, base) = self.params, self.loaded
        out = {}
        for t in self.tasks:
            reference = base[t].condition[0]
            for cond in sorted(set(full.select(task=t).condition) - {reference}):
                c = compare_conditions(self.fitted[t], base[t], self.cv[t].relevance["epsilon"],
                                       full.select(task=t, condition=cond), p.threshold, p.share, p.epsilon,
                                       prefit=True)
                out[f"{t}: {reference} vs {cond}"] = c | {"task": t, "reference": reference, "condition": cond}
        if len(self.tasks) == 2:
            a, b = self.tasks
            ra, rb = self.cv[a].relevance["epsilon"], self.cv[b].relevance["epsilon"]
            _, r = per_person_correlation(normalise_cycles(ra), base[a].person, normalise_cycles(rb), base[b].person)
            _, r_signed = per_person_correlation(ra, base[a].person, rb, base[b].person)
            out[f"{a} vs {b} (baseline)"] = {"r": fisher_z_mean(r), "r_signed": fisher_z_mean(r_signed),
                                             "accuracy": float("nan"), "jaccard": float("nan")}
        return out

    @section
    def data_section(self) -> Section:
        return Section([data_note(self.loaded[0])])

    @section
    def baseline(self) -> Section:
        """Cross-validated accuracy on the day-1 baseline of each task."""
        base = self.loaded[1]
        metrics = {f"linear_svm_{t}_baseline": self.cv[t].summary() | {"C": self.params.C, "task": t}
                   for t in self.tasks}
        shown = table({"accuracy % (mean ± SD over folds)": [mean_sd(self.cv[t].accuracy) for t in self.tasks],
                       "condition": [condition_label(base[t].condition[0]) for t in self.tasks]}, index=self.tasks)
        return Section([shown], record={"metrics": metrics})

    @section
    def conditions(self) -> Section:
        """Every comparison: mean r [95 % CI] with n, accuracy of the day-1 model, signature Jaccard; its figure."""
        c = self.comparisons
        shown = table({"mean r [95 % CI], n, authors' maps": [str(v["r"]) for v in c.values()],
                       "mean r [95 % CI], n, signed maps": [str(v["r_signed"]) for v in c.values()],
                       "shared-weight null: another person's cycles, same weights, r": [
                           str(v["r_shared_weights"]) if "r_shared_weights" in v else "—" for v in c.values()],
                       "accuracy % (day-1 model)": [percent(v["accuracy"]) for v in c.values()],
                       "signature Jaccard (mean)": [f"{v['jaccard']:.3f}" if np.isfinite(v["jaccard"]) else "—"
                                                    for v in c.values()]}, index=[_shown(k, v) for k, v in c.items()])
        fig = plot_correlations({_shown(k, v): v["r"] for k, v in c.items()},
                                title="Per-person correlation of mean relevance between conditions")
        fig = self.figure(fig, "emg_stability_correlations", "Per-person Pearson r between mean relevance maps of two "
                          "conditions: mean through Fisher's z with its 95 % CI (n persons in the table)")
        metrics = {f"linear_svm_{v['task']}_train_{v['reference']}_test_{v['condition']}": {
            "accuracy_mean": v["accuracy"], "accuracy_sd": 0.0, "n_folds": 1, "C": self.params.C, "task": v["task"]}
            for v in c.values() if "task" in v}
        comparisons = {k: v["r"].as_dict() | {"accuracy": v["accuracy"], "jaccard_mean": v["jaccard"],
                                              "r_signed": v["r_signed"].as_dict()}
                       | ({"r_shared_weights": v["r_shared_weights"].as_dict()} if "r_shared_weights" in v else {})
                       for k, v in c.items()}
        return Section([shown, fig], {"comparisons": c}, {"metrics": metrics, "comparisons": comparisons})

    @section
    def spm_conditions(self) -> Section:
        """Where in the cycle each muscle's relevance changes with the condition: paired SPM across people."""
        p, full = self.params, self.loaded[0]
        items, values = [], {}
        for name, c in self.comparisons.items():
            if "maps" not in c:
                continue
            persons, base, other = c["maps"]
            if len(persons) < paired_minimum(p.alpha):
                items.append(f"{name}: not tested, {len(persons)} people (the paired test needs "
                             f"{paired_minimum(p.alpha)} at α = {p.alpha}).")
                continue
            panels = {ch: spm_paired(base[:, j], other[:, j], p.alpha, p.spm_iterations, seed=p.seed + j)
                      for j, ch in enumerate(full.channels)}
            values[name] = panels
            task, reference, condition = (str(c[k]).replace(" ", "_") for k in ("task", "reference", "condition"))
            slug = f"{task}_{reference}_vs_{condition}"
            shown = _shown(name, c)
            items.append(self.figure(plot_spm(panels, full.time, full.time_axis, ncols=4,
                                              title=f"{shown}: baseline − condition, n = {len(persons)} people"),
                                     f"emg_stability_spm_{slug}", f"{shown}: paired non-parametric SPM{{t}} of "
                                     f"per-person mean relevance per muscle, α = {p.alpha}"))
        if values:
            muscles = list(full.channels)
            items.append(table({k: [f"{100 * v[m].significant.mean():.0f}" for m in muscles] for k, v in values.items()},
                               index=[f"{m}: significant % of cycle" for m in muscles]))
        return Section(items, {"spm": values},
                       {"spm_conditions": {k: {ch: r.as_dict() for ch, r in v.items()} for k, v in values.items()}})

    @section
    def negative_control(self) -> Section:
        """Synthetic data only: the same comparisons when every planted signature changes between conditions."""
        p = self.params
        full = self.loaded[0]
        if not full.provenance.synthetic:
            claim = self._claim(None)
            return Section([f"{dataset_label(full.provenance.name)} is measured data: the negative control needs a generator."]
                           + [claim] * (claim is not None), claims=[claim] * (claim is not None))
        changed = EmgStability(p.as_dict() | {"signature_change": 1.0}, self.out_dir)
        fixed = self if p.signature_change == 0 else EmgStability(p.as_dict() | {"signature_change": 0.0},
                                                                     self.out_dir)
        changed.share_baseline(fixed)
        rows, values = {}, {}
        for name in self.comparisons:
            if name not in changed.comparisons or "maps" not in self.comparisons[name]:
                continue
            a, b = fixed.comparisons[name], changed.comparisons[name]
            values[name] = {"fixed": a["r"].as_dict() | {"jaccard": a["jaccard"]},
                            "changed": b["r"].as_dict() | {"jaccard": b["jaccard"]}}
            rows[name] = [str(a["r"]), str(b["r"]), f"{a['jaccard']:.3f}", f"{b['jaccard']:.3f}"]
        shown = table({"r, signatures fixed (planted)": [r[0] for r in rows.values()],
                       "r, signatures changed (negative control)": [r[1] for r in rows.values()],
                       "Jaccard, fixed": [r[2] for r in rows.values()],
                       "Jaccard, changed": [r[3] for r in rows.values()]}, index=list(rows))
        claim = self._claim(values)
        claims = [claim] * (claim is not None)
        if not values:
            return Section([shown, *claims], values, {"negative_control": values}, claims)
        text, verdict = control_verdict(values)
        return Section([shown, text, *claims], values, {"negative_control": values, "negative_control_verdict": verdict},
                       claims)

    def _claim(self, control: dict | None) -> Claim | None:
        """"A person's map stays similar between conditions of one task": the least similar comparison's r.

        Baseline: r = 0 (maps unrelated). Control: the shared-weight null (another person's
        cycles explained with the same weights) and, on synthetic data, r of the same
        comparison when every planted burst moves between conditions; the higher of them.
        """
        within = {k: v for k, v in self.comparisons.items() if "task" in v and np.isfinite(v["r"].low)}
        if not within:
            return None
        name = min(within, key=lambda k: within[k]["r"].r)
        r = within[name]["r"]
        controls = [Reference("another person's cycles explained with the same weights (shared-weight null)",
                              within[name]["r_shared_weights"].r)]
        changed = (control or {}).get(name, {}).get("changed")
        if changed:
            controls.append(Reference("every planted burst moved (negative control)", changed["r_mean"]))
        hardest = max(controls, key=lambda c: c.value if np.isfinite(c.value) else -np.inf)
        return Claim("emg_stability/r-between-conditions",
                     f"A person's relevance map stays more alike between conditions of one task than unrelated maps "
                     f"and than the {hardest.name.split(' (')[-1].rstrip(')')} do (the least alike comparison, {name}; "
                     f"{dataset_label(self.loaded[0].provenance.name)}; the higher of the controls run is the one shown).",
                     r.r, (r.low, r.high), "people", r.n, Reference("unrelated maps (r = 0)", 0.0), hardest)

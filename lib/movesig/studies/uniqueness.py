"""Chapter ``uniqueness``: how unique is a gait, in biometric terms? Capacity, verification and people never enrolled."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..evaluate import CVOptions, ModelPlan, capacity, cross_validate, open_set_scores, cv_scores
from ..models import STANDARDISE_MODES, make_estimator
from ..plots import plot_capacity, plot_det, plot_open_set
from ..splits import PersonChunkSplit, SessionSplit
from ..summarise import (
    error_rates,
    genuine_impostor,
    loglinear_fit,
    open_set,
    open_set_curve,
    person_weights,
)
from ..data.cards import dataset_label
from ._base import Record, Study, section
from ._common import N_JOBS, SCHEDULER, SEED, SVM_C, DataParameters, data_param, enough_trials
from ._page import Section, data_note, table
from ._params import param
from .claims import Claim, Reference, accuracy_claim, permutation_control, person_accuracy
from .published import HORST_2023_STATISTIC, HORST_2023_SVM_ACCURACY, HORST_2023_TRAINING_TRIALS

__all__ = ["Parameters", "Uniqueness"]

#: People in Horst et al. 2023 (GaitRec, Gutenberg, AIST) and in GaitRec and the Gutenberg Gait Database together.
HORST_2023_PEOPLE = 671


def _ci(values) -> tuple[float, float]:
    low, high = np.quantile(values, [0.025, 0.975])
    return float(low), float(high)


def enrolment_sizes(sizes, n_persons: int) -> list[int]:
    """The sizes of the capacity curve: those of ``sizes`` below ``n_persons``, then everyone.

    A curve needs at least two sizes below everyone. Where fewer of ``sizes`` are below
    ``n_persons`` (the 10-person speed data, the 7-person EMG), the ladder is
    2, 3, 4, ... up to everyone, at most four sizes evenly spaced on a log scale.
    """
    below = sorted({int(s) for s in sizes if s < n_persons})
    if len(below) >= 2:
        return below + [n_persons]
    ladder = np.unique(np.round(np.geomspace(2, n_persons, 5)).astype(int))
    return [int(s) for s in ladder if s < n_persons] + [n_persons]


@dataclass(frozen=True)
class Parameters(DataParameters):
    dataset: str = data_param("gaitrec")
    n_splits: int = param(5, "chunks per person: 5 for GaitRec (5 trials each), 10 in the papers", "int", low=3)
    seed: int = param(1234, **SEED)
    C: float = param(0.1, "regularisation of the linear SVM", **SVM_C)
    standardise: str = param("feature", "input scaling, fitted on training folds only", "str", choices=STANDARDISE_MODES)
    sizes: list = param([10, 20, 50, 100], "people enrolled per draw, besides everyone (sizes not below the people "
                        "at hand are dropped; where fewer than two remain, the ladder of `enrolment_sizes`)",
                        "list[int]", min_len=1, low=2)
    n_draws: int = param(5, "draws of people per size (disjoint where the people suffice)", "int", low=1)
    targets: list = param([671, 2295], "people the capacity fit is extrapolated to (671: Horst et al. 2023; 2295: "
                                       "GaitRec and the Gutenberg Gait Database)", "list[int]", min_len=1, low=2)
    fmr: list = param([0.01, 0.001], "false match rates at which the false non-match rate is given", "list[float]",
                      min_len=1, low=0, high=1, low_open=True)
    far: float = param(0.01, "false alarm rate of the open-set test (strangers' probes accepted)", "float", low=0,
                       high=1, low_open=True)
    enrol_share: float = param(0.5, "share of people enrolled in the open-set test (then the halves swap)", "float",
                               low=0, high=1, low_open=True)
    n_boot: int = param(1000, "people resampled for every interval", "int", low=100)
    n_jobs: int = param(2, **N_JOBS)
    scheduler: str | None = param(None, **SCHEDULER)

    def check_data(self, data):
        if data.n_persons < 4:
            return f"{data.n_persons} people: the open-set test needs at least 4 (2 enrolled, 2 strangers)"
        return super().check_data(data) or enough_trials(data, self.n_splits)


@dataclass
class UniquenessRecord(Record):
    """``results.json`` of the uniqueness chapter (beyond :class:`~movesig.studies._base.Record`)."""

    capacity: dict | None = None
    verification: dict | None = None
    open_set: dict | None = None
    sessions: dict | None = None


class Uniqueness(Study):
    """Capacity (accuracy against people enrolled), verification error rates, and the open set, for a linear SVM."""

    chapter = "uniqueness"
    Parameters = Parameters
    Record = UniquenessRecord

    @cached_property
    def data(self):
        return self.load_data(min_trials=self.params.n_splits)[0]

    @cached_property
    def plan(self) -> ModelPlan:
        p = self.params
        return ModelPlan("linear SVM", make_estimator("linear_svm", C=p.C, standardise=p.standardise,
                                                      random_state=p.seed))

    @property
    def options(self) -> CVOptions:
        p = self.params
        return CVOptions(random_state=p.seed, n_jobs=p.n_jobs, scheduler=p.scheduler)

    @section
    def data_section(self) -> Section:
        return Section([data_note(self.data)])

    @section
    def capacity(self) -> Section:
        """Accuracy against the number of people enrolled, a log-linear fit, and its extrapolation."""
        p, d = self.params, self.data
        sizes = enrolment_sizes(p.sizes, d.n_persons)
        draws, disjoint = capacity(self.plan, d, sizes, p.n_draws, p.n_splits, p.seed, self.options)
        rng = np.random.default_rng(p.seed)
        rows = {}
        for size in sizes:
            acc = np.concatenate([x.accuracy for x in draws if x.size == size])
            boot = [acc[rng.integers(0, len(acc), len(acc))].mean() for _ in range(p.n_boot)]
            rows[size] = (float(acc.mean()), *_ci(boot), len(acc), sum(x.size == size for x in draws))
        fit = loglinear_fit([x.size for x in draws], [x.accuracy for x in draws], p.targets, p.n_boot, p.seed)
        real = not d.provenance.synthetic
        targets = sorted(fit.predicted)
        fig = plot_capacity(sizes, [rows[s][0] for s in sizes], [rows[s][1] for s in sizes],
                            [rows[s][2] for s in sizes],
                            fit=(np.concatenate([[sizes[0]], targets]),
                                 np.clip(fit.line(np.concatenate([[sizes[0]], targets])), 0, 1),
                                 np.concatenate([[rows[sizes[0]][1]], [fit.predicted[t][1] for t in targets]]),
                                 np.concatenate([[rows[sizes[0]][2]], [fit.predicted[t][2] for t in targets]])),
                            published={f"Horst et al. 2023, {HORST_2023_PEOPLE} people":
                                       (HORST_2023_PEOPLE, HORST_2023_SVM_ACCURACY)} if real else None,
                            title=f"Capacity, {dataset_label(d.provenance.name)}")
        fig = self.figure(fig, "uniqueness_capacity", "Identification accuracy against the number of people enrolled, "
                          "with a log-linear fit extrapolated" + (", beside Horst et al. (2023) on other data"
                                                                  if real else ""))
        shown = table({"people enrolled": sizes,
                       "draws": [f"{rows[s][4]} ({'disjoint' if disjoint[s] else 'overlapping'})" for s in sizes],
                       "accuracy % [95 % interval]": [f"{100 * rows[s][0]:.2f} [{100 * rows[s][1]:.2f}, "
                                                      f"{100 * rows[s][2]:.2f}]" for s in sizes],
                       "people resampled": [rows[s][3] for s in sizes]})
        extrapolated = table({"people": targets,
                              "accuracy % the fit gives [95 % interval]": [
                                  f"{100 * fit.predicted[t][0]:.2f} [{100 * fit.predicted[t][1]:.2f}, "
                                  f"{100 * fit.predicted[t][2]:.2f}]" for t in targets]}
                             | ({"published (other data)": [
                                 f"{HORST_2023_SVM_ACCURACY:.1f} (Horst et al. 2023: GaitRec, Gutenberg and AIST, "
                                 f"at most {HORST_2023_TRAINING_TRIALS} training trials per person; "
                                 f"{HORST_2023_STATISTIC})" if t == HORST_2023_PEOPLE else "—" for t in targets]}
                                if real else {}))
        change, low, high = fit.per_doubling
        claim = Claim("uniqueness/capacity-drop",
                      f"Accuracy falls as more people are enrolled: the log-linear fit's drop per doubling of people "
                      f"({dataset_label(d.provenance.name)}, {sizes[0]} to {d.n_persons} people; n counts each of the "
                      f"{d.n_persons} people once per draw they are in).", -change, (-high, -low),
                      "people within draws", fit.n_people, Reference("no drop", 0.0))
        note = ("A plain log-linear fit, said as such: its interval resamples people within every draw and does not "
                "cover whether accuracy keeps this form beyond the sizes measured; the extrapolation is a guide, not a "
                "measurement.")
        far = [t for t in targets if t > 10 * d.n_persons]
        if far:
            note += (f" {' and '.join(map(str, far))} people lie more than ten times beyond the {d.n_persons} measured "
                     "here: read those rows as what the fitted line says, not as a prediction.")
        record = {"capacity": {"sizes": sizes, "disjoint": {str(k): v for k, v in disjoint.items()},
                               "accuracy": {str(s): {"mean": rows[s][0], "low": rows[s][1], "high": rows[s][2],
                                                     "n_people": rows[s][3], "draws": rows[s][4]} for s in sizes},
                               "fit": {"slope": fit.slope, "intercept": fit.intercept,
                                       "per_doubling": list(fit.per_doubling),
                                       "predicted": {str(t): list(v) for t, v in fit.predicted.items()}}}}
        return Section([shown, fig, extrapolated, note, claim], {"draws": draws, "fit": fit}, record, [claim])

    @cached_property
    def scores(self):
        """(genuine, impostor, person) of every trial, from the cross-validation of everyone."""
        p, d = self.params, self.data
        result = cross_validate(self.plan, d, PersonChunkSplit(n_splits=p.n_splits, random_state=p.seed),
                                self.options)[self.plan.name]
        scores, classes = cv_scores(result, d)
        tested = result.fold >= 0
        genuine, impostor = genuine_impostor(scores[tested], classes, d.person[tested])
        return genuine, impostor, d.person[tested]

    @section
    def verification(self) -> Section:
        """Genuine against impostor scores: equal error rate, FNMR at fixed FMRs, DET curve; people resampled."""
        p, d = self.params, self.data
        genuine, impostor, person = self.scores
        rates = error_rates(genuine, impostor)
        weights = person_weights(person, p.n_boot, p.seed)
        eer = rates.equal_error_rate(weights)
        fnmr = {f: rates.fnmr_at(f, weights) for f in p.fmr}
        # control: the same scores with the person of every trial permuted (genuine = a random person's score)
        rng = np.random.default_rng([p.seed, 2])
        both = np.column_stack([genuine, impostor])  # each trial's scores shuffled on its own: a random "own" one
        shuffled = [error_rates(*genuine_impostor(rng.permuted(both, axis=1), np.arange(both.shape[1]),
                                                  np.zeros(len(genuine), int)), 400).equal_error_rate()[0]
                    for _ in range(20)]
        fmr_curve, fnmr_curve = rates.rates()
        fig = self.figure(plot_det({"linear SVM, every test trial": (fmr_curve[0], fnmr_curve[0])},
                                   title=f"Verification, {dataset_label(d.provenance.name)}"), "uniqueness_det",
                          "Detection error trade-off of the linear SVM's scores: a trial's score for its own person "
                          "against its scores for every other person")
        shown = table({"rate": ["equal error rate"] + [f"false non-match rate at a false match rate of {100 * f:g} %"
                                                       for f in p.fmr],
                       "% [95 % interval, people]": [f"{100 * eer[0]:.2f} [{100 * _ci(eer[1:])[0]:.2f}, "
                                                     f"{100 * _ci(eer[1:])[1]:.2f}]"]
                       + [f"{100 * v[0]:.2f} [{100 * _ci(v[1:])[0]:.2f}, {100 * _ci(v[1:])[1]:.2f}]"
                          for v in fnmr.values()]})
        low, high = _ci(1 - eer[1:])
        claim = Claim("uniqueness/verification-accuracy",
                      f"A trial's score for its own person exceeds its scores for other people: one minus the equal "
                      f"error rate ({dataset_label(d.provenance.name)}, {d.n_persons} people, {impostor.shape[1]} impostors per "
                      "trial).", 1 - eer[0], (low, high), "people", d.n_persons,
                      Reference("chance", 0.5), Reference("the same with each trial's person drawn at random (the "
                                                          "highest of 20)", 1 - min(shuffled)))
        record = {"verification": {"eer": {"estimate": float(eer[0]), "interval": list(_ci(eer[1:]))},
                                   "fnmr_at_fmr": {str(f): {"estimate": float(v[0]), "interval": list(_ci(v[1:]))}
                                                   for f, v in fnmr.items()},
                                   "n_genuine": int(len(genuine)), "n_impostor": int(impostor.size)}}
        return Section([shown, fig, claim], {"eer": eer, "fnmr": fnmr}, record, [claim])

    @section
    def open_set(self) -> Section:
        """People never enrolled: detection-and-identification rate at a false alarm rate, and strangers accepted."""
        p, d = self.params, self.data
        rounds = open_set_scores(self.plan, d, p.enrol_share, p.n_splits, p.seed, self.options)
        out, curves, accepted = [], {}, []
        for i, r in enumerate(rounds, start=1):
            w_e, w_s = person_weights(r.enrolled, p.n_boot, p.seed + i), person_weights(r.stranger, p.n_boot,
                                                                                        p.seed + 10 + i)
            rate, threshold = open_set(r.best_enrolled, r.correct, r.best_stranger, p.far, w_e, w_s)
            at_zero = (w_s * (r.best_stranger >= 0)).sum(axis=1) / w_s.sum(axis=1)
            # control: the enrolled probes' persons permuted (identification by chance)
            wrong = np.random.default_rng([p.seed, i]).permutation(r.enrolled) == r.predicted
            control, _ = open_set(r.best_enrolled, wrong, r.best_stranger, p.far)
            out.append((rate, at_zero, control[0], len(np.unique(r.enrolled)), len(np.unique(r.stranger)),
                        threshold[0]))
            curves[f"round {i}: {len(np.unique(r.enrolled))} enrolled, {len(np.unique(r.stranger))} strangers"] = \
                open_set_curve(r.best_enrolled, r.correct, r.best_stranger)
        pooled = np.mean([o[0] for o in out], axis=0)
        pooled_zero = np.mean([o[1] for o in out], axis=0)
        fig = self.figure(plot_open_set(curves, p.far, title=f"People never enrolled, {dataset_label(d.provenance.name)}"),
                          "uniqueness_open_set", "Open set: enrolled probes detected and identified against strangers' "
                          "probes accepted, as the threshold on the best score falls (each half enrolled in turn)")

        def fmt(v):
            return f"{100 * v[0]:.1f} [{100 * _ci(v[1:])[0]:.1f}, {100 * _ci(v[1:])[1]:.1f}]"

        shown = table({"enrolled / strangers": [f"{o[3]} / {o[4]}" for o in out] + ["both rounds"],
                       f"identified at {100 * p.far:g} % strangers accepted, % [95 % interval]":
                           [fmt(o[0]) for o in out] + [fmt(pooled)],
                       "strangers accepted at the SVM's own threshold (score ≥ 0), %": [fmt(o[1]) for o in out]
                       + [fmt(pooled_zero)]})
        low, high = _ci(pooled[1:])
        claim = Claim("uniqueness/open-set-accuracy",
                      f"With {100 * p.far:g} % of strangers' trials accepted, enrolled people's trials are detected "
                      f"and identified (both halves enrolled in turn; {dataset_label(d.provenance.name)}).", pooled[0], (low, high),
                      "people", d.n_persons, Reference(f"the false alarm rate ({100 * p.far:g} %)", p.far),
                      Reference("the same with the enrolled probes' persons permuted", max(o[2] for o in out)))
        words = (f"A one-trial probe from a stranger is accepted as someone enrolled {fmt(pooled_zero)} % of the time "
                 "at the SVM's own threshold (a positive score for the best person); to accept only "
                 f"{100 * p.far:g} % of strangers, the threshold must rise, and then {fmt(pooled)} % of enrolled "
                 "people's trials are still identified.")
        record = {"open_set": {"far": p.far, "dir": {"estimate": float(pooled[0]), "interval": [low, high]},
                               "strangers_accepted_at_0": {"estimate": float(pooled_zero[0]),
                                                           "interval": list(_ci(pooled_zero[1:]))},
                               "rounds": [{"enrolled": o[3], "strangers": o[4], "dir": float(o[0][0]),
                                           "threshold": float(o[5])} for o in out]}}
        return Section([shown, fig, words, claim], {"rounds": rounds}, record, [claim])

    @section
    def sessions(self) -> Section:
        """Across days: train on each person's earlier sessions, test on the last, beside within-session accuracy on the
        same people; or what these data cannot answer."""
        p, d = self.params, self.data
        session = d.covariates.get("session")
        splitter = None if session is None else SessionSplit(session)
        people = np.array([]) if splitter is None else splitter.people(d.person)
        if len(people) < 2:
            said = ("names no session of a trial" if session is None else
                    f"has {len(people)} person(s) with trials of two sessions or more")
            return Section([f"{dataset_label(d.provenance.name)} {said}, so every result on this page is within one session as far "
                            "as the data tell: none says whether a gait survives a new day. The published GaitRec "
                            "(`-p dataset gaitrec-full`) and the Gutenberg Gait Database (`-p dataset gutenberg`) "
                            "name each trial's session; movesig reads them where you put them (`--data-dir`)."],
                           record={"sessions": {"people_with_several": int(len(people))}})
        sub = d.subset(np.isin(d.person, people))
        across = cross_validate(self.plan, sub, SessionSplit(sub.covariates["session"]), self.options)[self.plan.name]
        earlier = sub.subset(~SessionSplit(sub.covariates["session"]).last(sub.person))
        fewest = int(np.unique(earlier.person, return_counts=True)[1].min())
        rows = {"across sessions (train: earlier sessions; test: the last)": person_accuracy(across, p.seed)}
        if fewest >= 3:
            within = cross_validate(self.plan, earlier, PersonChunkSplit(n_splits=min(p.n_splits, fewest),
                                                                         random_state=p.seed),
                                    self.options)[self.plan.name]
            rows["within the earlier sessions (the papers' chunks)"] = person_accuracy(within, p.seed)
        claim = accuracy_claim("uniqueness/across-sessions-accuracy", across, p.seed,
                               f"A person is recognised from one trial of a later session by a model trained on their "
                               f"earlier sessions only ({dataset_label(d.provenance.name)}, {len(people)} people).",
                               permutation_control(across, p.seed))
        shown = table({"accuracy % [95 % interval, people]": [ci.percent() for ci in rows.values()]},
                      index=list(rows))
        return Section([shown, claim], record={"sessions": {
            "people_with_several": int(len(people)), **{k: ci.as_dict() for k, ci in rows.items()}}}, claims=[claim])

"""The one cross-validation engine: every (model, fold) a joblib task, every test decision explained, one result type.

Data flow: a :class:`~movesig.data.Dataset`, a splitter with ``split_with_validation``
and one :class:`ModelPlan` per model -> :func:`cross_validate` (one task per model and
fold, local processes or Dask) -> a :class:`CVResult` per model: accuracy per fold, the
prediction, LRP relevance (true and predicted class, every rule) and the perturbation
test of every test trial.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from joblib import Parallel, delayed

from ..data.dataset import Dataset
from ..explain import relevance as explain
from ..models import fit_folds
from .explainers import EXPLAINERS
from .parallel import backend
from .perturbation import Curve, PerturbationTest, aopc, fold_differences, perturbation_curves
from .plans import ModelPlan, registry_plans

__all__ = ["CVOptions", "CVResult", "ModelPlan", "cross_validate", "explain_as", "explain_decisions", "registry_plans"]


@dataclass(frozen=True)
class CVOptions:
    """Options of :func:`cross_validate`.

    Attributes
    ----------
    epsilon : float
        ε of the LRP rules.
    perturbation : PerturbationTest, optional
        Run the perturbation test on every fold's test trials.
    random_state : int
        Seeds the perturbation noise (with the fold index).
    n_jobs : int
        Local worker processes (joblib).
    scheduler : str or dask.distributed.Client, optional
        Run the tasks on a Dask cluster instead.
    """

    epsilon: float = 1e-5
    perturbation: PerturbationTest | None = None
    random_state: int = 1234
    n_jobs: int = 1
    scheduler: object = None


@dataclass
class CVResult:
    """Cross-validated identification of one model, with the explanation of every test decision.

    Attributes
    ----------
    name : str
    accuracy : ndarray of shape (n_folds,)
        Share of test trials whose person was recognised, per fold.
    fold : ndarray of shape (n_trials,)
        Fold that tested each trial (-1 if none).
    person : ndarray of shape (n_trials,)
        True person of each trial.
    predicted : ndarray of shape (n_trials,)
        Predicted person, from the fold that tested the trial.
    relevance : dict of str -> ndarray of shape (n_trials, n_channels, n_times)
        ``"epsilon"`` (true person's score), ``"epsilon_predicted"`` (predicted person's),
        every further rule and every further explainer of the plan (true person's), on the
        scaled input; zeros for untested trials.
    bias_share : dict of str -> ndarray of shape (n_tested,)
        Per LRP rule, |Σ R − z| / |z| per tested trial, z the explained pre-softmax score:
        what the biases absorb, plus the ε terms (LRP conserves the score; other methods need not).
    conservation_error : float
        Largest |Σ R + R_bias − z| over tested trials (linear models; NaN for networks).
    fit_seconds : ndarray of shape (n_folds,)
    n_test : ndarray of shape (n_folds,)
    models : list
        The fitted model of every fold.
    fractions : ndarray of shape (n_fractions,), optional
    perturbation : dict of Curve -> ndarray of shape (n_folds, n_fractions)
        Accuracy per fold as the share ``fractions`` of input values is changed, keyed by
        :class:`~movesig.evaluate.perturbation.Curve` (kind, order, rule; empty without a
        perturbation test).
    perturbation_score : dict of Curve -> ndarray of shape (n_folds, n_fractions)
        The mean explained (true person's pre-softmax) score, keyed the same way.
    explainers : tuple of str
        The plan's further explanation methods (in ``relevance`` and, under the
        ``explainer_kinds`` of the test, in the curves).
    """

    name: str
    accuracy: np.ndarray
    fold: np.ndarray
    person: np.ndarray
    predicted: np.ndarray
    relevance: dict
    bias_share: dict
    conservation_error: float
    fit_seconds: np.ndarray
    n_test: np.ndarray
    models: list
    fractions: np.ndarray | None = None
    perturbation: dict = field(default_factory=dict)
    perturbation_score: dict = field(default_factory=dict)
    explainers: tuple = ()

    def summary(self) -> dict:
        """``{"accuracy_mean", "accuracy_sd", "n_folds"}``; SD over folds with ddof=0, as in the papers."""
        return {"accuracy_mean": float(self.accuracy.mean()), "accuracy_sd": float(self.accuracy.std()),
                "n_folds": int(len(self.accuracy))}

    def curve(self, curve: Curve, score: bool = False) -> np.ndarray:
        """Perturbation curve pooled over folds (weighted by test trials), shape (n_fractions,)."""
        curves = self.perturbation_score if score else self.perturbation
        return np.average(curves[curve], axis=0, weights=self.n_test)

    def fold_aopc(self, curve: Curve, score: bool = False) -> np.ndarray:
        """AOPC of every fold's curve (of accuracy, or of the explained score), shape (n_folds,)."""
        curves = self.perturbation_score if score else self.perturbation
        return np.array([aopc(c, self.fractions) for c in curves[curve]])

    def order_difference(self, first: Curve, second: Curve, score: bool = False) -> dict:
        """Paired per-fold AOPC difference ``first`` − ``second``, with its 95 % t-interval over folds."""
        return fold_differences(self.fold_aopc(first, score), self.fold_aopc(second, score))


@dataclass(frozen=True)
class FoldOutput:
    """What one (model, fold) task hands back to :func:`cross_validate`.

    Attributes
    ----------
    model : fitted estimator
    predicted : ndarray of shape (n_test,)
        Predicted person of every test trial.
    relevance : dict of str -> ndarray of shape (n_test, n_channels, n_times)
    bias_share : dict of str -> ndarray of shape (n_test,)
    conservation_error : float
    curves : dict of Curve -> (accuracy, score), each of shape (n_fractions,)
    seconds : float
        Training time.
    """

    model: object
    predicted: np.ndarray
    relevance: dict
    bias_share: dict
    conservation_error: float
    curves: dict
    seconds: float


def explain_decisions(model, X, y, rules=("epsilon",), epsilon: float = 1e-5):
    """Predict and explain trials X with a fitted model: the true person's score per rule, and ε for the predicted one.

    Returns
    -------
    predicted_index : ndarray of shape (n,)
    relevance : dict of str -> ndarray of shape (n, n_channels, n_times)
    bias_share : dict of str -> ndarray of shape (n,)
    conservation_error : float
        Largest |Σ R + R_bias − z| (NaN for networks).
    """
    scores = model.decision_function(X)
    predicted_index = scores.argmax(axis=1)
    true_index = model.class_index(y)
    rows = np.arange(len(X))
    explained = {"epsilon": ("epsilon", true_index), "epsilon_predicted": ("epsilon", predicted_index)}
    explained |= {rule: (rule, true_index) for rule in rules if rule != "epsilon"}
    relevance, share, error = {}, {}, float("nan")
    for key, (rule, target) in explained.items():
        e = explain(model, X, target, rule=rule, epsilon=epsilon)
        relevance[key] = e.relevance
        z = scores[rows, target]
        total = e.relevance.reshape(len(X), -1).sum(axis=1)
        share[key] = np.abs(total - z) / np.maximum(np.abs(z), 1e-12)
        if e.bias is not None:
            error = np.nanmax([error, float(e.conservation_error().max())])
    return predicted_index, relevance, share, error


def _run_fold(plan: ModelPlan, k, X, y, train, val, test, options: CVOptions, noise_scale):
    model = plan.for_fold(k)
    start = time.perf_counter()
    if plan.uses_validation:
        model.fit(X[train], y[train], X[val], y[val])
    else:
        model.fit(X[train], y[train])
    return _evaluate_fold(plan, model, k, X, y, train, test, options, noise_scale, time.perf_counter() - start)


def _run_batched(plan: ModelPlan, X, y, folds, options: CVOptions, noise_scale):
    """Every fold of a network trained at once, then each fold explained and tested: one output per fold."""
    start = time.perf_counter()
    models = fit_folds(plan.estimator, [(train, val) for train, val, _ in folds], X, y)
    seconds = (time.perf_counter() - start) / len(folds)
    return [_evaluate_fold(plan, m, k, X, y, folds[k][0], folds[k][2], options, noise_scale, seconds)
            for k, m in enumerate(models)]


def _evaluate_fold(plan: ModelPlan, model, k, X, y, train, test, options: CVOptions, noise_scale, seconds):
    predicted_index, relevance, share, error = explain_decisions(model, X[test], y[test], plan.rules, options.epsilon)
    other = np.setdiff1d(np.arange(len(y)), test)  # what the fold did not test (a model-free map's data)
    further = {name: EXPLAINERS[name].explain(model, X[test], y[test], X[other], y[other], options.epsilon)
               for name in plan.explainers}
    curves = {}
    test_options = options.perturbation
    if test_options is not None:
        common = dict(sigma=test_options.sigma, noise_scale=noise_scale, donors=X[train], donor_person=y[train])
        for i, kind in enumerate(test_options.kinds):
            maps = {rule: relevance[rule] for rule in plan.rules}
            if kind in test_options.explainer_kinds:
                maps |= further  # their orders come after the LRP rules': the same draws, the same random order
            got = perturbation_curves(model, X[test], y[test], maps, test_options.fractions, kind,
                                      n_repeats=test_options.repeats(kind),
                                      random_state=[options.random_state, k, i], **common)
            curves |= got
    relevance |= further
    return FoldOutput(model, model.classes_[predicted_index], relevance, share, error, curves, seconds)


def explain_as(result: CVResult, X, persons, epsilon: float = 1e-5) -> np.ndarray:
    """ε-LRP of every tested trial for the score of ``persons[i]``, by the model of the fold that tested it.

    Parameters
    ----------
    result : CVResult
    X : ndarray of shape (n_trials, n_channels, n_times)
        The trials ``result`` was cross-validated on.
    persons : ndarray of shape (n_trials,)
        Whose score to explain for every trial (e.g. the next person's: a person-specificity null).

    Returns
    -------
    ndarray of the shape of X (zeros for untested trials)
    """
    persons = np.asarray(persons)
    out = np.zeros(np.shape(X))
    for k, model in enumerate(result.models):
        rows = np.flatnonzero(result.fold == k)
        out[rows] = explain(model, X[rows], model.class_index(persons[rows]), epsilon=epsilon).relevance
    return out


def cross_validate(plans, dataset: Dataset, splitter, options: CVOptions = CVOptions()) -> dict[str, CVResult]:
    """Cross-validate, explain and (optionally) perturbation-test every model of ``plans``.

    Every (model, fold) is one joblib task; all of them run in one pool, the dearest first,
    so that no worker idles while another model's folds still run. The numbers do not
    depend on ``n_jobs`` or the backend: every task is seeded by its model and fold.

    Parameters
    ----------
    plans : ModelPlan, sequence of ModelPlan, or mapping of name -> estimator
    dataset : Dataset
        Trials (n_trials, n_channels, n_times); labels are ``dataset.person``.
    splitter : PersonChunkSplit or similar
        With ``split_with_validation`` (train, validation, test); models without
        ``uses_validation`` never see the validation chunk.
    options : CVOptions

    Returns
    -------
    dict of str -> CVResult
        In the order of ``plans``.
    """
    if isinstance(plans, ModelPlan):
        plans = [plans]
    elif isinstance(plans, Mapping):
        plans = [ModelPlan(name, est) for name, est in plans.items()]
    plans = list(plans)
    X, y = dataset.X, dataset.person
    folds = list(splitter.split_with_validation(X, y))
    noise_scale = None if options.perturbation is None else options.perturbation.noise_scale(X)
    # one task per fold, or one per model for fold-batched networks; the dearest first
    tasks = [(p, None) if p.fold_batched else (p, k) for p in plans for k in
             ([None] if p.fold_batched else range(len(folds)))]
    tasks.sort(key=lambda t: -t[0].cost * (len(folds) if t[1] is None else 1))
    sent = replace(options, scheduler=None)  # a Client does not travel to the workers (it cannot be pickled)
    with backend(options.scheduler, options.n_jobs):
        out = Parallel()(delayed(_run_batched)(p, X, y, folds, sent, noise_scale) if k is None else
                         delayed(_run_fold)(p, k, X, y, *folds[k], sent, noise_scale) for p, k in tasks)
    done = {}
    for (p, k), o in zip(tasks, out):
        done.update({(p.name, j): oj for j, oj in enumerate(o)} if k is None else {(p.name, k): o})
    fractions = None if options.perturbation is None else np.asarray(options.perturbation.fractions, np.float64)
    return {p.name: _collect(p, [done[p.name, k] for k in range(len(folds))], [f[2] for f in folds], y, X,
                             fractions) for p in plans}


def _collect(plan: ModelPlan, out: list[FoldOutput], tests, y, X, fractions) -> CVResult:
    """One model's fold outputs as a :class:`CVResult` (``tests``: the test indices of every fold)."""
    n = len(y)
    fold = np.full(n, -1)
    predicted = np.empty(n, dtype=y.dtype)
    relevance = {key: np.zeros_like(X) for key in out[0].relevance}
    share = {key: np.full(n, np.nan) for key in out[0].bias_share}
    for k, (test, o) in enumerate(zip(tests, out)):
        fold[test], predicted[test] = k, o.predicted
        for key in relevance:
            relevance[key][test] = o.relevance[key]
        for key in share:
            share[key][test] = o.bias_share[key]
    tested = fold >= 0
    errors = [o.conservation_error for o in out]
    return CVResult(
        name=plan.name,
        accuracy=np.array([np.mean(o.predicted == y[test]) for test, o in zip(tests, out)]),
        fold=fold, person=y, predicted=predicted, relevance=relevance,
        bias_share={k: v[tested] for k, v in share.items()},
        conservation_error=float("nan") if all(np.isnan(errors)) else float(np.nanmax(errors)),
        fit_seconds=np.array([o.seconds for o in out]), n_test=np.array([len(t) for t in tests]),
        models=[o.model for o in out], fractions=fractions,
        perturbation={c: np.array([o.curves[c][0] for o in out]) for c in out[0].curves},
        perturbation_score={c: np.array([o.curves[c][1] for o in out]) for c in out[0].curves},
        explainers=plan.explainers)

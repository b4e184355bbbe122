"""Person identification by cross-validation, with an explanation of every test decision.

Data flow: a :class:`~movesig.data.Dataset` and a splitter -> one model per fold
(:func:`cross_validate`) -> accuracy per fold and ε-LRP relevance of every test trial
-> per-person summaries (:func:`mean_by_person`, :func:`relevance_share`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone

from .data.dataset import Dataset
from .explain.linear import lrp_linear

__all__ = ["CVResult", "cross_validate", "mean_by_person", "relevance_share", "relevance_share_by_region",
           "zennit_agreement"]


@dataclass
class CVResult:
    """Cross-validated identification of one model.

    Attributes
    ----------
    accuracy : ndarray of shape (n_folds,)
        Fraction of correctly identified test trials per fold.
    fold : ndarray of shape (n_trials,)
        Fold in which each trial was tested (-1 if never).
    predicted : ndarray of shape (n_trials,)
        Predicted person of every trial, from the fold that tested it.
    relevance : ndarray of shape (n_trials, n_channels, n_times)
        ε-LRP relevance for the true person's score, from the fold that tested it.
    relevance_predicted : ndarray of shape (n_trials, n_channels, n_times)
        The same for the predicted person's score.
    conservation_error : float
        Largest |Σ R + R_bias − score| over test trials.
    models : list
        The fitted model of every fold.
    """

    accuracy: np.ndarray
    fold: np.ndarray
    predicted: np.ndarray
    relevance: np.ndarray
    relevance_predicted: np.ndarray
    conservation_error: float
    models: list

    def summary(self) -> dict:
        """``{"accuracy_mean", "accuracy_sd", "n_folds"}``; SD over folds with ddof=0, as in the papers."""
        return {
            "accuracy_mean": float(self.accuracy.mean()),
            "accuracy_sd": float(self.accuracy.std()),
            "n_folds": int(len(self.accuracy)),
        }


def _fit_fold(model, X, y, train, test, epsilon):
    model = clone(model).fit(X[train], y[train])
    scaled = model.scaled_input(X[test])
    pred = model.predict(X[test])
    true_rel = lrp_linear(scaled, model.coef_, model.intercept_, model.class_index(y[test]), epsilon)
    pred_rel = lrp_linear(scaled, model.coef_, model.intercept_, model.class_index(pred), epsilon)
    err = max(true_rel.conservation_error().max(), pred_rel.conservation_error().max())
    return model, pred, true_rel.relevance, pred_rel.relevance, err


def cross_validate(model, dataset: Dataset, splitter, epsilon: float = 1e-5, n_jobs: int = 1) -> CVResult:
    """Fit ``model`` on every fold of ``splitter`` and explain every test decision.

    Parameters
    ----------
    model : estimator
        A linear model with ``fit``, ``predict``, ``scaled_input``, ``coef_``,
        ``intercept_`` and ``class_index`` (e.g. :class:`movesig.models.LinearSVM`).
    dataset : Dataset
        Labels are ``dataset.person``.
    splitter : splitter
        Yields ``(train, test)`` (e.g. :class:`movesig.splits.PersonChunkSplit`).
    epsilon : float, default=1e-5
        ε of the LRP rule.
    n_jobs : int, default=1
        Folds fitted in parallel (joblib; -1 for all cores).

    Returns
    -------
    CVResult
    """
    X, y = dataset.X, dataset.person
    folds = list(splitter.split(X, y))
    out = Parallel(n_jobs=n_jobs)(delayed(_fit_fold)(model, X, y, tr, te, epsilon) for tr, te in folds)
    n = dataset.n_trials
    fold = np.full(n, -1)
    predicted = np.empty(n, dtype=y.dtype)
    relevance = np.zeros_like(X)
    relevance_pred = np.zeros_like(X)
    accuracy = np.empty(len(folds))
    models = []
    for k, ((_, test), (m, pred, r_true, r_pred, _)) in enumerate(zip(folds, out)):
        fold[test] = k
        predicted[test] = pred
        relevance[test] = r_true
        relevance_pred[test] = r_pred
        accuracy[k] = np.mean(pred == y[test])
        models.append(m)
    return CVResult(accuracy, fold, predicted, relevance, relevance_pred, float(max(o[4] for o in out)), models)


def zennit_agreement(result: CVResult, dataset: Dataset, epsilon: float = 1e-5) -> float:
    """Largest |R_zennit − R_direct| over all test trials (true-class ε-LRP).

    Each fold's linear model is written into a torch ``Linear`` layer and explained with
    zennit's ε-rule; the answer should be at float64 round-off (≪ 1e-6).
    """
    from .explain.lrp import lrp_zennit

    worst = 0.0
    for k, model in enumerate(result.models):
        test = np.flatnonzero(result.fold == k)
        scaled = model.scaled_input(dataset.X[test])
        rz = lrp_zennit(model.to_torch(), scaled, model.class_index(dataset.person[test]), epsilon=epsilon)
        worst = max(worst, float(np.abs(rz - result.relevance[test]).max()))
    return worst


def mean_by_person(values: np.ndarray, person: np.ndarray, persons=None) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` over each person's trials.

    Parameters
    ----------
    values : ndarray of shape (n_trials, ...)
    person : ndarray of shape (n_trials,)
    persons : sequence, optional
        Which persons, in which order (default: all, sorted).

    Returns
    -------
    persons : ndarray of shape (n_persons,)
    means : ndarray of shape (n_persons, ...)
    """
    person = np.asarray(person)
    order = np.argsort(person, kind="stable")
    ids, starts, counts = np.unique(person[order], return_index=True, return_counts=True)
    means = np.add.reduceat(values[order], starts, axis=0) / counts.reshape((-1,) + (1,) * (values.ndim - 1))
    if persons is None:
        return ids, means
    persons = np.asarray(persons)
    missing = np.setdiff1d(persons, ids)
    if missing.size:
        raise ValueError(f"person(s) not in the data: {missing.tolist()}")
    return persons, means[np.searchsorted(ids, persons)]


def relevance_share(relevance: np.ndarray, axis: int = 1, positive_only: bool = False) -> np.ndarray:
    """Share of total absolute (or positive) relevance along one axis, summing to 1.

    Parameters
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
    axis : int
        1 for the share per channel, 2 per time point.
    positive_only : bool
        Count only positive relevance (evidence for the explained person).

    Returns
    -------
    ndarray of shape (relevance.shape[axis],)
    """
    r = np.clip(relevance, 0, None) if positive_only else np.abs(relevance)
    other = tuple(a for a in range(r.ndim) if a != axis)
    total = r.sum(axis=other)
    return total / total.sum()


def relevance_share_by_region(relevance: np.ndarray, time: np.ndarray, bounds) -> np.ndarray:
    """Share of total absolute relevance per channel and time region (e.g. phases of stance).

    Parameters
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
    time : ndarray of shape (n_times,)
        Time axis (e.g. % of stance).
    bounds : sequence of float
        Region edges on the time axis, increasing, e.g. ``[0, 20, 60, 100]``; a point t
        belongs to region i when ``bounds[i] <= t < bounds[i + 1]`` (the last region
        includes its upper edge).

    Returns
    -------
    ndarray of shape (n_channels, n_regions)
        Sums to 1.
    """
    time = np.asarray(time, dtype=np.float64)
    bounds = np.asarray(bounds, dtype=np.float64)
    if bounds.ndim != 1 or len(bounds) < 2 or np.any(np.diff(bounds) <= 0):
        raise ValueError(f"bounds must be increasing region edges, got {bounds.tolist()}")
    if time.min() < bounds[0] or time.max() > bounds[-1]:
        raise ValueError(f"bounds {bounds.tolist()} do not cover the time axis [{time.min()}, {time.max()}]")
    region = np.clip(np.searchsorted(bounds, time, side="right") - 1, 0, len(bounds) - 2)
    per_point = np.abs(relevance).sum(axis=0)  # (n_channels, n_times)
    out = np.stack([per_point[:, region == i].sum(axis=1) for i in range(len(bounds) - 1)], axis=1)
    return out / out.sum()


def pick_persons(persons, n_show: int = 4, show_persons=None) -> np.ndarray:
    """Persons to draw: ``show_persons`` if given (checked), else ``n_show`` spread evenly over the ids."""
    persons = np.asarray(persons)
    if show_persons is not None:
        chosen = np.asarray(show_persons).astype(persons.dtype)
        missing = np.setdiff1d(chosen, persons)
        if missing.size:
            raise ValueError(f"show_persons: person(s) {missing.tolist()} not in the data")
        return chosen
    n_show = max(1, min(int(n_show), len(persons)))
    return persons[np.linspace(0, len(persons) - 1, n_show).round().astype(int)]


def cross_validate_grid(make_model, values, dataset: Dataset, splitter, epsilon: float = 1e-5,
                        n_jobs: int = 1) -> dict:
    """:func:`cross_validate` for every value of a hyper-parameter.

    Parameters
    ----------
    make_model : callable
        ``make_model(value)`` returns an unfitted model.
    values : sequence
        E.g. the C grid.

    Returns
    -------
    dict of value -> CVResult
    """
    return {v: cross_validate(make_model(v), dataset, splitter, epsilon=epsilon, n_jobs=n_jobs) for v in values}


@dataclass
class TransferResult:
    """A model trained on one set of trials and tested on another (robustness).

    Attributes
    ----------
    accuracy : float
    predicted : ndarray of shape (n_test,)
    relevance : ndarray of shape (n_test, n_channels, n_times)
        True-class ε-LRP of every test trial.
    """

    accuracy: float
    predicted: np.ndarray
    relevance: np.ndarray


def train_test(model, train: Dataset, test: Dataset, epsilon: float = 1e-5) -> TransferResult:
    """Fit ``model`` on all of ``train`` and identify (and explain) every trial of ``test``.

    Persons of ``test`` absent from ``train`` cannot be recognised and are an error.
    """
    unknown = np.setdiff1d(test.persons, train.persons)
    if unknown.size:
        raise ValueError(f"test persons {unknown.tolist()[:5]} have no training trials")
    model = clone(model).fit(train.X, train.person)
    pred = model.predict(test.X)
    rel = lrp_linear(model.scaled_input(test.X), model.coef_, model.intercept_, model.class_index(test.person), epsilon)
    return TransferResult(float(np.mean(pred == test.person)), pred, rel.relevance)

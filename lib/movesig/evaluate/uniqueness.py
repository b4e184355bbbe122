"""How unique, in biometric terms: accuracy against the number of people enrolled, verification scores, and probes of
people never enrolled (the open set), all by the one cross-validation engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.dataset import Dataset
from ..splits import PersonChunkSplit
from .crossval import CVOptions, CVResult, ModelPlan, cross_validate

__all__ = ["Draw", "OpenSet", "capacity", "draws_of_people", "open_set_scores", "cv_scores"]


def cv_scores(result: CVResult, dataset: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Every tested trial's score for every enrolled person, from the model of the fold that tested it.

    Returns
    -------
    scores : ndarray of shape (n_trials, n_classes)
        NaN rows for untested trials.
    classes : ndarray of shape (n_classes,)
        The persons of the columns (the same in every fold: each trains on every person).
    """
    classes = np.asarray(result.models[0].classes_)
    scores = np.full((dataset.n_trials, len(classes)), np.nan)
    for k, model in enumerate(result.models):
        if not np.array_equal(model.classes_, classes):
            raise ValueError("every fold must train on the same persons")
        tested = result.fold == k
        scores[tested] = model.decision_function(dataset.X[tested])
    return scores, classes


def draws_of_people(persons, size: int, n_draws: int, seed: int) -> tuple[list[np.ndarray], bool]:
    """``n_draws`` sets of ``size`` people: disjoint where the people suffice, else independent random sets.

    Returns
    -------
    draws : list of ndarray
        Sorted person ids of each draw (one draw of everyone when ``size`` is everyone).
    disjoint : bool
    """
    persons = np.asarray(persons)
    rng = np.random.default_rng(seed)
    if size >= len(persons):
        return [np.sort(persons)], True
    if size * n_draws <= len(persons):
        order = rng.permutation(persons)
        return [np.sort(order[i * size:(i + 1) * size]) for i in range(n_draws)], True
    return [np.sort(rng.choice(persons, size, replace=False)) for _ in range(n_draws)], False


@dataclass(frozen=True)
class Draw:
    """One cross-validation of a set of enrolled people: its size, the people, and each one's accuracy."""

    size: int
    persons: np.ndarray
    accuracy: np.ndarray


def capacity(plan: ModelPlan, dataset: Dataset, sizes, n_draws: int, n_splits: int, seed: int,
             options: CVOptions = CVOptions()) -> tuple[list[Draw], dict[int, bool]]:
    """Identification accuracy against the number of people enrolled.

    For every size, ``n_draws`` sets of people (:func:`draws_of_people`) are each
    cross-validated by the papers' protocol (:class:`~movesig.splits.PersonChunkSplit`),
    among themselves only; every person's share of tested trials recognised is kept.

    Returns
    -------
    draws : list of Draw
    disjoint : dict of int -> bool
        Whether the draws of each size share no person.
    """
    out, disjoint = [], {}
    for i, size in enumerate(sizes):
        sets, disjoint[int(size)] = draws_of_people(dataset.persons, int(size), n_draws, seed + i)
        for persons in sets:
            data = dataset.subset(np.isin(dataset.person, persons))
            result = cross_validate(plan, data, PersonChunkSplit(n_splits=n_splits, random_state=seed), options)
            tested = result[plan.name].fold >= 0
            person = data.person[tested]
            ids, index = np.unique(person, return_inverse=True)
            hit = (result[plan.name].predicted[tested] == person).astype(np.float64)
            out.append(Draw(int(size), ids, np.bincount(index, hit) / np.bincount(index)))
    return out, disjoint


@dataclass(frozen=True)
class OpenSet:
    """Probes of enrolled people and of strangers, scored by models that never saw the strangers.

    Attributes
    ----------
    best_enrolled : ndarray of shape (n_enrolled_probes,)
        Best score of each tested trial of an enrolled person.
    correct : ndarray of bool, shape (n_enrolled_probes,)
    predicted : ndarray of shape (n_enrolled_probes,)
        The person of the best score.
    enrolled : ndarray of shape (n_enrolled_probes,)
        Its person.
    best_stranger : ndarray of shape (n_stranger_probes,)
        Best score of each trial of a stranger, by the model of one fold (the trial's chunk).
    stranger : ndarray of shape (n_stranger_probes,)
        Its person.
    """

    best_enrolled: np.ndarray
    correct: np.ndarray
    predicted: np.ndarray
    enrolled: np.ndarray
    best_stranger: np.ndarray
    stranger: np.ndarray


def open_set_scores(plan: ModelPlan, dataset: Dataset, share: float, n_splits: int, seed: int,
                    options: CVOptions = CVOptions()) -> list[OpenSet]:
    """Enrol part of the people, hold the others out entirely, then swap: the open-set probes of both halves.

    The people are cut at random into two disjoint groups (``share`` of them enrolled in
    the first round, the rest in the second). In each round the enrolled group is
    cross-validated by the papers' protocol; its tested trials are the enrolled probes, and
    every trial of the other group is a stranger's probe, scored by the model of one fold
    (trials spread over the folds in turn), a model that never saw that person.
    """
    rng = np.random.default_rng(seed)
    persons = rng.permutation(dataset.persons)
    cut = int(round(share * len(persons)))
    if not 2 <= cut <= len(persons) - 2:
        raise ValueError(f"enrolling {share:g} of {len(persons)} people leaves fewer than 2 on a side")
    rounds = []
    for enrolled, strangers in ((persons[:cut], persons[cut:]), (persons[cut:], persons[:cut])):
        data = dataset.subset(np.isin(dataset.person, enrolled))
        result = cross_validate(plan, data, PersonChunkSplit(n_splits=n_splits, random_state=seed),
                                options)[plan.name]
        scores, classes = cv_scores(result, data)
        tested = result.fold >= 0
        best = np.nanmax(scores[tested], axis=1)
        predicted = classes[np.nanargmax(scores[tested], axis=1)]
        correct = predicted == data.person[tested]
        others = np.flatnonzero(np.isin(dataset.person, strangers))
        fold_of = np.arange(len(others)) % len(result.models)
        best_stranger = np.empty(len(others))
        for k, model in enumerate(result.models):
            mine = fold_of == k
            if mine.any():
                best_stranger[mine] = model.decision_function(dataset.X[others[mine]]).max(axis=1)
        rounds.append(OpenSet(best, correct, predicted, data.person[tested], best_stranger, dataset.person[others]))
    return rounds

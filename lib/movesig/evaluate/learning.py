"""Accuracy against training trials per person: the protocol's test chunks, nested training sets."""

from __future__ import annotations

import numpy as np

from ..data.dataset import Dataset
from ..splits import PersonChunkSplit
from .crossval import CVOptions, CVResult, ModelPlan, cross_validate

__all__ = ["learning_curve", "training_trials_per_person"]


def learning_curve(plan: ModelPlan, dataset: Dataset, n_splits: int, random_state: int,
                   options: CVOptions = CVOptions(), steps=None) -> dict[int, CVResult]:
    """Cross-validate ``plan`` training on 1, 2, ..., ``n_splits - 1`` chunks per person (or only ``steps`` of them).

    Every point tests the protocol's test chunks (:class:`~movesig.splits.PersonChunkSplit`
    with ``random_state``); the training chunks of a point include those of the points
    before it (``n_train``). For models that do not validate (the linear SVM).

    Returns
    -------
    dict of int -> CVResult
        Training chunks per person -> the cross-validation.
    """
    return {m: cross_validate(plan, dataset, PersonChunkSplit(n_splits, random_state, n_train=m), options)[plan.name]
            for m in (range(1, n_splits) if steps is None else steps)}


def training_trials_per_person(dataset: Dataset, n_splits: int, random_state: int, n_train: int | None = None) -> float:
    """The median over people of the trials fold 0 trains on (``n_train`` chunks; None: the protocol's)."""
    train, _, _ = next(PersonChunkSplit(n_splits, random_state, n_train=n_train).split_with_validation(
        dataset.X, dataset.person))
    return float(np.median(np.unique(dataset.person[train], return_counts=True)[1]))

"""Train on one set of trials, test on another (robustness across days, power levels, tasks)."""

from __future__ import annotations

import time

import numpy as np
from sklearn.base import clone
from sklearn.utils.validation import check_is_fitted

from ..data.dataset import Dataset
from .crossval import CVResult, explain_decisions

__all__ = ["train_test"]


def train_test(model, train: Dataset, test: Dataset, epsilon: float = 1e-5, rules=("epsilon",),
               prefit: bool = False) -> CVResult:
    """Fit ``model`` on all of ``train`` (or, with ``prefit``, take it as fitted there); identify and explain ``test``.

    With ``prefit`` (as in scikit-learn's ``SelectFromModel(prefit=True)``) the model is
    used as it is, not copied: the caller says it was fitted on ``train``, so one baseline
    model can be tested on many other sets without fitting it again for each. Its
    ``fit_seconds`` is then NaN, and every test person must be one of its classes.

    Returns
    -------
    CVResult
        One "fold": its arrays are aligned with the trials of ``test``.

    Raises
    ------
    ValueError
        If a person of ``test`` has no training trials (they cannot be recognised).
    """
    if prefit:
        check_is_fitted(model, "classes_")
    unknown = np.setdiff1d(test.persons, model.classes_ if prefit else train.persons)
    if unknown.size:
        raise ValueError(f"test persons {unknown.tolist()[:5]} have no training trials")
    if prefit:
        seconds = float("nan")
    else:
        start = time.perf_counter()
        model = clone(model).fit(train.X, train.person)
        seconds = time.perf_counter() - start
    index, relevance, share, error = explain_decisions(model, test.X, test.person, rules, epsilon)
    predicted = model.classes_[index]
    return CVResult(name=type(model).__name__, accuracy=np.array([np.mean(predicted == test.person)]),
                    fold=np.zeros(test.n_trials, dtype=int), person=test.person, predicted=predicted,
                    relevance=relevance, bias_share=share, conservation_error=error,
                    fit_seconds=np.array([seconds]), n_test=np.array([test.n_trials]), models=[model])

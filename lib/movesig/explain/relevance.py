"""One entry point, :func:`relevance`: the LRP relevance of any movesig model for the scores of given classes."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import singledispatch

import numpy as np

from ..models import LinearSVM, NetworkClassifier
from ..models._base import torch_threads
from .linear import lrp_linear
from .zennit_lrp import RULES, composite, lrp_zennit

__all__ = ["Explanation", "relevance", "rules_of"]


@dataclass(frozen=True)
class Explanation:
    """Relevance of every input value for one explained score per trial.

    Attributes
    ----------
    relevance : ndarray of shape (n_trials, n_channels, n_times)
        On the scaled input the model sees.
    score : ndarray of shape (n_trials,)
        The explained pre-softmax score z.
    bias : ndarray of shape (n_trials,) or None
        The bias's LRP share of the score (linear models); None for networks, whose
        biases are spread over layers.
    """

    relevance: np.ndarray
    score: np.ndarray
    bias: np.ndarray | None = None

    def conservation_error(self) -> np.ndarray:
        """|Σ R + R_bias − z| per trial (linear models: round-off only), shape (n_trials,)."""
        if self.bias is None:
            raise ValueError("the conservation error with the bias share needs a linear model")
        total = self.relevance.reshape(len(self.score), -1).sum(axis=1) + self.bias
        return np.abs(total - self.score)


@singledispatch
def rules_of(model) -> tuple[str, ...]:
    """The LRP rules that apply to a model: ε for linear models, every rule of zennit for networks."""
    raise TypeError(f"no LRP for {type(model).__name__}; explain a LinearSVM or a NetworkClassifier")


@rules_of.register
def _(model: LinearSVM) -> tuple[str, ...]:
    return ("epsilon",)


@rules_of.register
def _(model: NetworkClassifier) -> tuple[str, ...]:
    return tuple(RULES)


def relevance(model, X, target, rule: str = "epsilon", epsilon: float = 1e-5) -> Explanation:
    """LRP relevance of a fitted model for the score of class row ``target`` of every trial.

    Parameters
    ----------
    model : LinearSVM or NetworkClassifier
        Fitted.
    X : ndarray of shape (n_trials, n_channels, n_times)
        Trials in data units (the model's scaler is applied here).
    target : ndarray of int, shape (n_trials,)
        Row of the scores explained for every trial (``model.class_index(labels)`` for
        the true class, ``scores.argmax(1)`` for the predicted one).
    rule : {"epsilon", "alpha2beta1"}
        ``"epsilon"``: the ε-rule everywhere (for a linear model computed directly,
        :func:`~movesig.explain.lrp_linear`); ``"alpha2beta1"``: networks only.
    epsilon : float
        ε of the rule.

    Returns
    -------
    Explanation
    """
    return _lrp(model, X, np.asarray(target), rule, epsilon)


@singledispatch
def _lrp(model, X, target, rule, epsilon) -> Explanation:
    """LRP by the kind of model (a new estimator registers its own: ``@_lrp.register``)."""
    raise TypeError(f"no LRP for {type(model).__name__}; explain a LinearSVM or a NetworkClassifier")


@_lrp.register
def _(model: LinearSVM, X, target, rule, epsilon) -> Explanation:
    if rule != "epsilon":
        raise ValueError(f"a linear model is explained with the epsilon rule, not {rule!r}")
    lin = lrp_linear(model.scaled_input(X), model.coef_, model.intercept_, target, epsilon)
    return Explanation(lin.relevance, lin.score, lin.bias)


@_lrp.register
def _(model: NetworkClassifier, X, target, rule, epsilon) -> Explanation:
    comp = composite(rule, epsilon)
    net = copy.deepcopy(model.network_).double().cpu()
    with torch_threads(model.n_threads):
        rel = lrp_zennit(net, model.scaled_input(X), target, composite=comp)
    score = model.decision_function(X)[np.arange(len(target)), target]
    return Explanation(rel, score)

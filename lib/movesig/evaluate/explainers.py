"""The one registry of explanation methods: LRP rules, the other attributions and a map without a model.

Every method explains the same pre-softmax score (the true person's) of the same fitted
model on the same scaled input, so that the one cross-validation engine
(:func:`~movesig.evaluate.cross_validate`) can explain every test decision with any of them
in the fold that made it, and test them by the same removal test:

- ``"epsilon"``, ``"alpha2beta1"``: LRP (:func:`movesig.explain.relevance`);
- ``"gradient_x_input"``, ``"integrated_gradients"``, ``"occlusion"``:
  :func:`movesig.explain.attribute`;
- ``"contrast"``: no model at all: the magnitude of the contrast map of the fold's other
  trials ((person mean − mean) / within-person SD, on the model's scaled input), the
  model-free baseline an explanation has to beat.

A new method is one :func:`register_explainer` call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..explain import attribute
from ..explain import relevance as lrp
from ..summarise import contrast_map

__all__ = ["EXPLAINERS", "Explainer", "register_explainer"]


@dataclass(frozen=True)
class Explainer:
    """One explanation method.

    Attributes
    ----------
    name : str
        Key in ``CVResult.relevance`` and in curve keys (:class:`~movesig.evaluate.Curve` ``rule``).
    label : str
        In words, for tables and legends.
    explain : callable
        ``explain(model, X, y, X_other, y_other, epsilon)`` -> relevance of shape
        (n_test, n_channels, n_times) on the scaled input, for the score of each trial's
        person ``y``; ``X_other``, ``y_other``: the trials the fold did not test.
    lrp : bool
        An LRP rule (a model's own rules are in its registry entry; the others are further explainers).
    model_free : bool
        The map does not look at the model (a baseline, not an explanation).
    """

    name: str
    label: str
    explain: Callable
    lrp: bool = False
    model_free: bool = False


#: Every explanation method by name, in the order tables list them.
EXPLAINERS: dict[str, Explainer] = {}


def register_explainer(explainer: Explainer) -> Explainer:
    """Add ``explainer`` to :data:`EXPLAINERS` (a name may be registered once)."""
    if explainer.name in EXPLAINERS:
        raise ValueError(f"explainer {explainer.name!r} is already registered")
    EXPLAINERS[explainer.name] = explainer
    return explainer


def _lrp(rule):
    def explain(model, X, y, X_other, y_other, epsilon):
        return lrp(model, X, model.class_index(y), rule=rule, epsilon=epsilon).relevance
    return explain


def _attribution(method):
    def explain(model, X, y, X_other, y_other, epsilon):
        return attribute(model, X, model.class_index(y), method)[0]
    return explain


def _contrast(model, X, y, X_other, y_other, epsilon):
    persons = np.unique(y_other)
    contrast = np.abs(contrast_map(model.scaled_input(X_other), y_other, persons))
    return contrast[np.searchsorted(persons, y)]


register_explainer(Explainer("epsilon", "LRP ε", _lrp("epsilon"), lrp=True))
register_explainer(Explainer("alpha2beta1", "LRP α2β1 (α = 2, β = 1)", _lrp("alpha2beta1"), lrp=True))
for _method, _label in {"gradient_x_input": "gradient × input", "integrated_gradients": "integrated gradients",
                        "occlusion": "occlusion (5 points)"}.items():
    register_explainer(Explainer(_method, _label, _attribution(_method)))
register_explainer(Explainer("contrast", "contrast map (no model)", _contrast, model_free=True))

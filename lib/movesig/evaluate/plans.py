"""What to cross-validate: one plan per model (estimator, LRP rules, validation, seeds, batching, cost)."""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.base import clone

from ..models import MODELS
from .explainers import EXPLAINERS

__all__ = ["FOLD_BATCHED", "ModelPlan", "registry_plans"]

#: When a network's folds are trained at once (see :func:`registry_plans`).
FOLD_BATCHED = ("auto", "always", "never")


@dataclass(frozen=True)
class ModelPlan:
    """One model to cross-validate.

    Attributes
    ----------
    name : str
    estimator : estimator
        Unfitted; cloned for every fold.
    rules : tuple of str
        LRP rules explained for the true class (ε is also explained for the predicted class).
    uses_validation : bool
        ``fit(X, y, X_val, y_val)`` with the fold's validation chunk (networks); otherwise
        ``fit(X, y)`` on the training chunks only.
    seed_per_fold : bool
        Fold k gets ``random_state + k`` (the networks' initialisation differs per fold).
    cost : float
        Relative cost; the dearest tasks start first.
    fold_batched : bool
        Train every fold at once as one batched model (:func:`~movesig.models.fit_folds`;
        networks only), in one task, instead of one task per fold.
    explainers : tuple of str
        Further explanation methods of :data:`~movesig.evaluate.explainers.EXPLAINERS`
        (beyond the LRP ``rules``) that explain every test decision, and are tested by the
        removal kinds of ``PerturbationTest.explainer_kinds``.
    """

    name: str
    estimator: object
    rules: tuple[str, ...] = ("epsilon",)
    uses_validation: bool = False
    seed_per_fold: bool = False
    cost: float = 0.1
    fold_batched: bool = False
    explainers: tuple[str, ...] = ()

    def for_fold(self, k: int):
        """The unfitted estimator of fold k."""
        model = clone(self.estimator)
        if self.seed_per_fold and model.get_params().get("random_state") is not None:
            model.set_params(random_state=model.random_state + k)
        return model


def registry_plans(names, iterations: int = 10000, standardise: str | None = None, random_state: int = 1234,
                   device: str = "cpu", fold_batched: str = "auto", explainers: dict | None = None) -> list[ModelPlan]:
    """Plans for models of :data:`~movesig.models.MODELS`; fold k seeded with ``random_state + k``.

    ``fold_batched``: ``"always"`` trains all folds of every network at once (the same
    weights to float round-off), ``"never"`` one by one, ``"auto"`` batched on a GPU only: on
    a CPU one by one is faster for every network since the step runs on NumPy layers
    (``bench/gait_models.py`` prints both). The SVMs are fitted fold by fold.
    ``explainers``: model name -> further explanation methods of its plan.
    """
    if fold_batched not in FOLD_BATCHED:
        raise ValueError(f"fold_batched must be one of {FOLD_BATCHED}, got {fold_batched!r}")
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; choose from {', '.join(MODELS)}")
    explainers = explainers or {}
    unknown = sorted({e for es in explainers.values() for e in es} - set(EXPLAINERS))
    if unknown:
        raise ValueError(f"unknown explainer(s) {unknown}; choose from {', '.join(EXPLAINERS)}")
    return [ModelPlan(n, MODELS[n].make(iterations, standardise, random_state, device), MODELS[n].rules,
                      MODELS[n].uses_validation, seed_per_fold=True, cost=MODELS[n].cost,
                      fold_batched=MODELS[n].uses_validation and (fold_batched == "always" or (
                          fold_batched == "auto" and device != "cpu")),
                      explainers=tuple(e for e in explainers.get(n, ()) if e not in MODELS[n].rules))
            for n in names]

"""Evaluation: one cross-validation engine and result type, transfer between conditions, the perturbation test."""

from .agreement import zennit_agreement
from .crossval import (
           CVOptions,
           CVResult,
           ModelPlan,
           cross_validate,
           explain_as,
           explain_decisions,
           registry_plans,
)
from .perturbation import (
           KINDS,
           NOISE_UNITS,
           ORDERS,
           Curve,
           PAPER_FRACTIONS,
           PERTURBATIONS,
           Perturbation,
           PerturbationTest,
           aopc,
           fold_differences,
           perturbation_curves,
           uniform_fractions,
)
from .explainers import EXPLAINERS, Explainer, register_explainer
from .learning import learning_curve, training_trials_per_person
from .plans import FOLD_BATCHED
from .transfer import train_test
from .uniqueness import Draw, OpenSet, capacity, draws_of_people, open_set_scores, cv_scores

__all__ = ["FOLD_BATCHED", "EXPLAINERS", "Explainer", "register_explainer", "KINDS", "PERTURBATIONS", "Perturbation", "ORDERS", "Curve", "PAPER_FRACTIONS", "NOISE_UNITS", "fold_differences", "uniform_fractions", "CVOptions", "CVResult", "ModelPlan", "PerturbationTest", "aopc",
           "cross_validate", "explain_as", "explain_decisions", "learning_curve", "training_trials_per_person", "perturbation_curves", "registry_plans", "train_test", "zennit_agreement",
           "Draw", "OpenSet", "capacity", "draws_of_people", "open_set_scores", "cv_scores"]

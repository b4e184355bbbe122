"""Evaluation: one cross-validation engine and result type, transfer between conditions, the perturbation test."""

from .agreement import zennit_agreement
from .crossval import (
           CVOptions,
           CVResult,
           ModelPlan,
           cross_validate,
           explain_decisions,
           registry_plans,
)
from .perturbation import (
           DEFAULT_FRACTIONS,
           NOISE_UNITS,
           PerturbationTest,
           aopc,
           perturbation_curve,
)
from .transfer import train_test

__all__ = ["DEFAULT_FRACTIONS", "NOISE_UNITS", "CVOptions", "CVResult", "ModelPlan", "PerturbationTest", "aopc",
           "cross_validate", "explain_decisions", "perturbation_curve", "registry_plans", "train_test", "zennit_agreement"]

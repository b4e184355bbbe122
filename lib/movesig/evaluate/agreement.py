"""Does zennit give the relevance we compute directly? The check for every fold's linear model."""

from __future__ import annotations

import numpy as np

from ..data.dataset import Dataset
from ..explain import lrp_zennit
from .crossval import CVResult

__all__ = ["zennit_agreement"]


def zennit_agreement(result: CVResult, dataset: Dataset, epsilon: float = 1e-5) -> float:
    """Largest |R_zennit − R_direct| over all test trials (true-class ε-LRP).

    Each fold's linear model is written into a torch ``Linear`` layer and explained with
    zennit's ε-rule; the answer should be at float64 round-off (≪ 1e-6).
    """
    worst = 0.0
    for k, model in enumerate(result.models):
        test = np.flatnonzero(result.fold == k)
        scaled = model.scaled_input(dataset.X[test])
        rz = lrp_zennit(model.to_torch(), scaled, model.class_index(dataset.person[test]), epsilon=epsilon)
        worst = max(worst, float(np.abs(rz - result.relevance["epsilon"][test]).max()))
    return worst

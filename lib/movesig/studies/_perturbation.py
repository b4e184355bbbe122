"""The numbers of the gait chapter per model: its summary, and the perturbation tests' order checks and table."""

from __future__ import annotations

import numpy as np

from ..evaluate import Curve, aopc
from ..summarise import pearson_rows
from ._page import table

__all__ = ["RULE_LABELS", "model_summary", "order_checks", "order_table"]


def _relevance_orders(result) -> list[Curve]:
    """The most-relevant-first curve of every (kind, rule) the cross-validation tested, in its order."""
    return [c for c in result.perturbation if c.order == "most"]


def order_checks(result) -> dict:
    """Per kind and rule: AOPC(most) − AOPC(random) and AOPC(random) − AOPC(least), per-fold paired, with 95 % CIs.

    A faithful explanation gives both differences above 0 (the curve falls fastest when
    the most relevant values go first, slowest when the least relevant go first).
    """
    out = {}
    for most in _relevance_orders(result):
        random, least = most.random(), Curve(most.kind, "least", most.rule)
        out[f"{most.kind} ({most.rule})"] = {
            "most_minus_random": result.order_difference(most, random),
            "random_minus_least": result.order_difference(random, least),
            "most_minus_random_score": result.order_difference(most, random, score=True),
            "random_minus_least_score": result.order_difference(random, least, score=True)}
    return out


def model_summary(result) -> dict:
    """Every number the chapter shows for one model's :class:`~movesig.evaluate.CVResult` (accuracies as fractions)."""
    out = result.summary() | {"accuracy_per_fold": result.accuracy,
                              "fit_seconds_mean": float(result.fit_seconds.mean())}
    for rule, share in result.bias_share.items():
        out[f"conservation_{rule}_median"] = float(np.median(share))
    out["perturbation_fractions"] = result.fractions
    for key in result.perturbation:
        curve = result.curve(key)
        out[f"perturbation_{key.key}"] = curve
        out[f"aopc_{key.key}"] = aopc(curve, result.fractions)
        out[f"aopc_score_{key.key}"] = aopc(result.curve(key, score=True), result.fractions)
    if result.perturbation:
        out["perturbation_order_checks"] = order_checks(result)
    wrong = (result.fold >= 0) & (result.predicted != result.person)
    out["n_misclassified"] = int(wrong.sum())
    if wrong.any():  # for correct decisions both explanations are the same
        out["true_vs_predicted_r_misclassified"] = float(np.mean(pearson_rows(
            result.relevance["epsilon"][wrong], result.relevance["epsilon_predicted"][wrong])))
    return out


#: The LRP rules explained, in words.
RULE_LABELS = {"epsilon": "LRP ε", "epsilon_predicted": "LRP ε, predicted person", "alpha2beta1": "LRP α2β1"}


def order_table(results: dict, metrics: dict, labels: dict, kind: str):
    """AOPC per order and the paired per-fold differences with 95 % CIs, per model and rule, for one kind of test."""
    rows, index = [], []
    for m, r in results.items():
        for most in _relevance_orders(r):
            if most.kind != kind:
                continue
            rule = most.rule
            c = metrics[m]["perturbation_order_checks"][f"{kind} ({rule})"]
            area = {o: aopc(r.curve(o), r.fractions) for o in (most, most.random(), Curve(kind, "least", rule))}
            ci = [c["most_minus_random"], c["random_minus_least"]]
            rows.append([*(f"{v:.3f}" for v in area.values()),
                         *(f"{v['mean']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}], n = {v['n']}" for v in ci),
                         "yes" if all(v["low"] > 0 for v in ci) else "no"])
            index.append(f"{labels[m]}, {RULE_LABELS.get(rule, rule)}")
    columns = ["AOPC most first", "AOPC random", "AOPC least first", "most − random [95 % CI over folds]",
               "random − least [95 % CI over folds]", "most > random > least"]
    return table({col: [r[i] for r in rows] for i, col in enumerate(columns)}, index=index)

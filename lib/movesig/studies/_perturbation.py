"""The numbers of the gait chapter per model: its summary, and the perturbation tests' order checks and table."""

from __future__ import annotations

import numpy as np

from ..evaluate import aopc
from ..summarise import pearson_rows
from ._page import table

__all__ = ["RULE_LABELS", "model_summary", "order_checks", "order_table"]


def _key(order: str) -> str:
    """A curve's name in metric keys: ``"mean: most (epsilon)"`` -> ``"mean_most_epsilon"``."""
    return order.replace(": ", "_").replace(" (", "_").replace(")", "")


def order_checks(result) -> dict:
    """Per kind and rule: AOPC(most) − AOPC(random) and AOPC(random) − AOPC(least), per-fold paired, with 95 % CIs.

    A faithful explanation gives both differences above 0 (the curve falls fastest when
    the most relevant values go first, slowest when the least relevant go first).
    """
    out = {}
    for name in result.perturbation:
        kind, order = name.split(": ")
        if order.startswith("most ("):
            rule = order[len("most ("):-1]
            out[f"{kind} ({rule})"] = {
                "most_minus_random": result.order_difference(kind, f"most ({rule})"),
                "random_minus_least": result.order_difference(kind, "random", f"least ({rule})"),
                "most_minus_random_score": result.order_difference(kind, f"most ({rule})", score=True),
                "random_minus_least_score": result.order_difference(kind, "random", f"least ({rule})", score=True)}
    return out


def model_summary(result) -> dict:
    """Every number the chapter shows for one model's :class:`~movesig.evaluate.CVResult` (accuracies as fractions)."""
    out = result.summary() | {"accuracy_per_fold": result.accuracy,
                              "fit_seconds_mean": float(result.fit_seconds.mean())}
    for rule, share in result.bias_share.items():
        out[f"conservation_{rule}_median"] = float(np.median(share))
    out["perturbation_fractions"] = result.fractions
    for order in result.perturbation:
        curve = result.curve(order)
        out[f"perturbation_{_key(order)}"] = curve
        out[f"aopc_{_key(order)}"] = aopc(curve, result.fractions)
        out[f"aopc_score_{_key(order)}"] = aopc(result.curve(order, score=True), result.fractions)
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
        for key, c in metrics[m].get("perturbation_order_checks", {}).items():
            if not key.startswith(f"{kind} ("):
                continue
            rule = key[len(kind) + 2:-1]
            area = {o: aopc(r.curve(f"{kind}: {o}"), r.fractions) for o in (f"most ({rule})", "random",
                                                                           f"least ({rule})")}
            ci = [c["most_minus_random"], c["random_minus_least"]]
            rows.append([*(f"{v:.3f}" for v in area.values()),
                         *(f"{v['mean']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}], n = {v['n']}" for v in ci),
                         "yes" if all(v["low"] > 0 for v in ci) else "no"])
            index.append(f"{labels[m]}, {RULE_LABELS.get(rule, rule)}")
    columns = ["AOPC most first", "AOPC random", "AOPC least first", "most − random [95 % CI over folds]",
               "random − least [95 % CI over folds]", "most > random > least"]
    return table({col: [r[i] for r in rows] for i, col in enumerate(columns)}, index=index)

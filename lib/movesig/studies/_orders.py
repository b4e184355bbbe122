"""The perturbation tests' order checks: most-first against random against least-first, per model and LRP rule.

A faithful explanation makes accuracy fall fastest when the most relevant values go first
and slowest when the least relevant go first; these functions compute the paired per-fold
differences of the areas over the curves, and show them as the gait chapter's table and
the sentence that says what they say.
"""

from __future__ import annotations

from ..evaluate import EXPLAINERS, Curve, aopc
from ..data.cards import dataset_label
from ._page import table
from .claims import Claim, Reference, claim_table

__all__ = ["RULE_LABELS", "order_checks", "order_claims", "order_sentence", "order_table"]

#: The LRP rules explained, in words (the predicted person's ε too).
RULE_LABELS = {**{name: e.label for name, e in EXPLAINERS.items() if e.lrp},
               "epsilon_predicted": "LRP ε, predicted person"}


def _lrp_orders(result) -> list[Curve]:
    """The most-relevant-first curve of every (kind, LRP rule) the cross-validation tested, in its order."""
    return [c for c in result.perturbation if c.order == "most" and c.rule not in result.explainers]


def _check_key(most: Curve) -> str:
    """The key of a (kind, rule)'s order checks in ``perturbation_order_checks``: ``"mean (epsilon)"``."""
    return f"{most.kind} ({most.rule})"


def order_checks(result) -> dict:
    """Per kind and LRP rule: AOPC(most) − AOPC(random) and AOPC(random) − AOPC(least), per-fold paired, with 95 % CIs.

    A faithful explanation gives both differences above 0 (the curve falls fastest when
    the most relevant values go first, slowest when the least relevant go first).
    """
    out = {}
    for most in _lrp_orders(result):
        random, least = most.random(), Curve(most.kind, "least", most.rule)
        out[_check_key(most)] = {
            "most_minus_random": result.order_difference(most, random),
            "random_minus_least": result.order_difference(random, least),
            "most_minus_random_score": result.order_difference(most, random, score=True),
            "random_minus_least_score": result.order_difference(random, least, score=True)}
    return out


def order_table(study, kind: str):
    """AOPC per order and the paired per-fold differences with 95 % CIs, per model and rule, for one kind of test."""
    rows, index = [], []
    for m, r in study.results.items():
        for most in _lrp_orders(r):
            if most.kind != kind:
                continue
            c = study.summaries[m]["perturbation_order_checks"][_check_key(most)]
            area = {o: aopc(r.curve(o), r.fractions) for o in (most, most.random(), Curve(kind, "least", most.rule))}
            ci = [c["most_minus_random"], c["random_minus_least"]]
            rows.append([*(f"{v:.3f}" for v in area.values()),
                         *(f"{v['mean']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}], n = {v['n']}" for v in ci),
                         "yes" if all(v["low"] > 0 for v in ci) else "no"])
            index.append(f"{study.labels[m]}, {RULE_LABELS.get(most.rule, most.rule)}")
    columns = ["AOPC most first", "AOPC random", "AOPC least first", "most − random [95 % CI over folds]",
               "random − least [95 % CI over folds]", "most > random > least"]
    return table({col: [r[i] for r in rows] for i, col in enumerate(columns)}, index=index)


def order_sentence(study, kind: str) -> str:
    """What the order checks of one test say, in words computed from them: the paper's claim (relevance first hurts
    more than random) reproduced, inverted or undecided per model and rule (95 % intervals over folds)."""
    found = {"reproduced": [], "inverted": [], "undecided": []}
    for m, r in study.results.items():
        for most in _lrp_orders(r):
            if most.kind == kind:
                d = study.summaries[m]["perturbation_order_checks"][_check_key(most)]["most_minus_random"]
                side = "reproduced" if d["low"] > 0 else "inverted" if d["high"] < 0 else "undecided"
                found[side].append(f"{study.labels[m]}, {RULE_LABELS.get(most.rule, most.rule)}")
    n = sum(map(len, found.values()))
    said = "; ".join(f"{side} for {len(v)} ({', '.join(v)})" for side, v in found.items() if v)
    verdict = ("reproduced for every model and rule" if len(found["reproduced"]) == n else
               "not reproduced for any model and rule" if not found["reproduced"] else
               f"reproduced for {len(found['reproduced'])} of {n} models and rules")
    return (f"The paper's claim for this test, that perturbing the most relevant values first lowers accuracy more "
            f"than perturbing at random (most − random above 0), is {verdict} in this run: {said} (95 % intervals "
            "over folds, which share every person: a first look, not a test with people as the unit).")


def order_claims(study, kind: str, rule: str = "epsilon") -> tuple[list[Claim], str | None]:
    """The paper's claim for one test, per model: perturbing the most relevant values first (LRP ``rule``) lowers
    accuracy more than perturbing at random.

    Estimate: AOPC(most first) − AOPC(random), paired per fold, with its 95 % interval over
    folds (which share every person: the unit is said); baseline 0 (random order). No
    control is run, so each claim's own verdict is at best inconclusive; the front page's
    reproduction verdict reads the interval against 0.

    Returns
    -------
    claims : list of Claim
        ``gait_models/<model>-<kind>-relevance-first``, one per model that ran the test.
    shown : str or None
        The claims as one table (None where no model ran the test).
    """
    claims, labels = [], []
    for m, r in study.results.items():
        for most in _lrp_orders(r):
            if most.kind != kind or most.rule != rule:
                continue
            d = study.summaries[m]["perturbation_order_checks"][_check_key(most)]["most_minus_random"]
            claims.append(Claim(f"gait_models/{m}-{kind}-relevance-first",
                                f"For {study.labels[m]}, perturbing the most relevant values first "
                                f"({RULE_LABELS.get(rule, rule)}) lowers accuracy more than perturbing at random "
                                f"(AOPC most first − random, {kind} test; {dataset_label(study.data.provenance.name)}).",
                                d["mean"], (d["low"], d["high"]), "folds", d["n"], Reference("random order", 0.0)))
            labels.append(study.labels[m])
    if not claims:
        return [], None
    return claims, claim_table(claims, labels, "perturbing the most relevant values first lowers accuracy more than "
                                               "perturbing at random (AOPC most first − random; folds share every "
                                               "person, so this is a first look, not people as the unit).")

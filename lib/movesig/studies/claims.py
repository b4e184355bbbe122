"""Findings as claims: an estimate with its interval and unit, a baseline, a control, and a computed verdict.

Every finding of the book is a :class:`Claim` returned by the study section that computed
its numbers. A claim always says the same kind of thing: *the estimate exceeds its
baseline and its control*. A finding that is naturally "lower" is stated as a difference
or a drop, so that one rule decides every verdict:

- **supported**: the whole interval lies above the baseline and above the control;
- **not supported**: the whole interval lies at or below one of them (the control, or
  the baseline itself, does as well as the estimate);
- **inconclusive**: anything else, and always where there is no control that could have
  said no, no finite interval, or fewer than two units.

The verdict is a property of the numbers, never typed by hand; the page's verdict
sentence (:meth:`Claim.sentence`), the front page and ``results.json`` (``"claims"``, with
exactly the keys of :data:`CLAIM_KEYS`) are all rendered from the same record.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..summarise import bootstrap_mean, per_person_accuracy, permuted_accuracy

__all__ = ["CLAIM_KEYS", "VERDICTS", "Claim", "Reference", "accuracy_claim", "accuracy_claims", "accuracy_difference", "anchor", "brief",
           "claim_from_dict", "claim_table", "evidence", "halves", "headline", "permutation_control", "per_person", "person_accuracy", "render", "verdict"]

#: The keys of a claim in ``results.json``, in order.
CLAIM_KEYS = ("id", "statement", "estimate", "interval", "unit", "n", "baseline", "control", "verdict")
#: The verdicts a claim can have.
VERDICTS = ("supported", "not supported", "inconclusive")


@dataclass(frozen=True)
class Reference:
    """A value a claim's estimate is compared with: chance, a model-free map, a null or a negative control.

    Attributes
    ----------
    name : str
        What it is, in words (e.g. ``"chance (1 of 194 people)"``).
    value : float
        In the estimate's unit.
    """

    name: str
    value: float

    def as_dict(self) -> dict:
        return {"name": self.name, "value": _number(self.value)}


def _number(x):
    return float(x) if x is not None and math.isfinite(float(x)) else None


def _finite(reference: Reference | None) -> float | None:
    """A reference's value where it is a finite number (None, NaN or inf: no reference)."""
    if reference is None or reference.value is None or not math.isfinite(float(reference.value)):
        return None
    return float(reference.value)


def verdict(estimate, interval, n, baseline: Reference, control: Reference | None) -> str:
    """The verdict of a claim "estimate > baseline and > control" (see the module's rule).

    A baseline or control without a finite value counts as absent, the same in memory and
    after the round trip through JSON (where NaN is null).
    """
    lo, hi = (float("nan") if v is None else float(v) for v in interval)
    base, ctrl = _finite(baseline), _finite(control)
    beaten = [v for v in (base, ctrl) if v is not None]
    if ctrl is None or base is None or n is None or n < 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        if beaten and math.isfinite(hi) and hi <= max(beaten):
            return "not supported"
        return "inconclusive"
    if lo > max(beaten):
        return "supported"
    if hi <= max(beaten):
        return "not supported"
    return "inconclusive"


@dataclass(frozen=True)
class Claim:
    """One finding of the book, with the evidence that decides it.

    Attributes
    ----------
    id : str
        Stable key, ``"<chapter>/<finding>"`` (e.g. ``"identification/accuracy"``); a finding
        named an accuracy or a share is shown in percent.
    statement : str
        One sentence: what is claimed, in words a reader knows.
    estimate : float
        The number the claim rests on (an accuracy as a share, r, a difference, ...).
    interval : tuple of float
        (low, high) 95 % interval of the estimate, resampling :attr:`unit`.
    unit : str
        What was resampled for the interval and counted in :attr:`n` ("people", "folds", "cells", ...).
    n : int
        How many of :attr:`unit`.
    baseline : Reference
        Chance, or a model-free map.
    control : Reference or None
        The control that could have said no (None: none was run, and the claim is inconclusive).

    Estimates whose id names an accuracy or a share are shown as percentages.
    """

    id: str
    statement: str
    estimate: float
    interval: tuple
    unit: str
    n: int
    baseline: Reference
    control: Reference | None = None

    @property
    def verdict(self) -> str:
        return verdict(self.estimate, self.interval, self.n, self.baseline, self.control)

    def as_dict(self) -> dict:
        """The claim as ``results.json`` holds it (exactly :data:`CLAIM_KEYS`)."""
        return {"id": self.id, "statement": self.statement, "estimate": _number(self.estimate),
                "interval": [_number(v) for v in self.interval], "unit": self.unit, "n": int(self.n),
                "baseline": self.baseline.as_dict(),
                "control": None if self.control is None else self.control.as_dict(), "verdict": self.verdict}

    def sentence(self) -> str:
        """The claim in one line of Markdown: statement, evidence, verdict."""
        return render(self.as_dict())

    def _repr_markdown_(self) -> str:
        return self.sentence()


def _fmt(value, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.2f} %" if percent else f"{value:.3f}"


def _percent(claim_id: str) -> bool:
    """Whether a claim's numbers are shares shown as percentages (its id names an accuracy or a share)."""
    return any(word in claim_id.rsplit("/", 1)[-1] for word in ("accuracy", "share"))


def render(claim: dict) -> str:
    """One claim of ``results.json`` as a Markdown line (the front page's and the chapter's wording).

    Raises
    ------
    KeyError
        Where a key of :data:`CLAIM_KEYS` is missing (a renamed field fails the build).
    ValueError
        Where the stored verdict is not the one its numbers give.
    """
    missing = [k for k in CLAIM_KEYS if k not in claim]
    extra = [k for k in claim if k not in CLAIM_KEYS]
    if missing or extra:
        raise KeyError(f"claim {claim.get('id', '?')!r}: missing {missing}, unknown {extra}")
    base, ctrl = claim["baseline"], claim["control"]
    computed = verdict(claim["estimate"], claim["interval"], claim["n"], Reference(base["name"], base["value"]),
                       None if ctrl is None else Reference(ctrl["name"], ctrl["value"]))
    if computed != claim["verdict"]:
        raise ValueError(f"claim {claim['id']!r}: stored verdict {claim['verdict']!r}, its numbers give {computed!r}")
    percent = _percent(claim["id"])
    lo, hi = claim["interval"]
    evidence = (f"{_fmt(claim['estimate'], percent)} [95 % interval {_fmt(lo, percent)} to {_fmt(hi, percent)}; "
                f"{claim['unit']}, n = {claim['n']}]; baseline: {base['name']}, {_fmt(base['value'], percent)}; "
                + (f"control: {ctrl['name']}, {_fmt(ctrl['value'], percent)}" if ctrl else
                   "control: none run, so the claim cannot be supported"))
    return (f"<a id=\"{anchor(claim['id'])}\"></a>{claim['statement']} {evidence}. "
            f"**Verdict: {claim['verdict']}.**")


def anchor(claim_id: str) -> str:
    """The HTML id a claim's sentence carries on its page (``claim-<chapter>-<finding>``), for links to it."""
    return "claim-" + "".join(c if c.isalnum() else "-" for c in claim_id.lower())


def brief(claim: dict) -> str:
    """A claim in a few words: its statement up to the first bracket, the estimate, interval, n and verdict.

    The short form of a page's "Key results" and of the front page's list of findings; the
    evidence in full (baseline, control) is in :func:`render`'s sentence on the page.
    """
    render(claim)  # checks the keys and the verdict
    return f"{headline(claim['statement'])}: {evidence(claim)}, *{claim['verdict']}*"


def headline(statement: str) -> str:
    """A claim's statement without its closing parenthesis (the data and method it names) and full stop."""
    text = statement.rstrip().rstrip(".")
    if text.endswith(")"):
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                return text[:i].rstrip()
    return text


def evidence(claim: dict) -> str:
    """``"estimate [low, high] (unit, n = k)"`` of a claim in its ``results.json`` form, the estimate in bold."""
    percent = _percent(claim["id"])
    lo, hi = claim["interval"]
    return (f"**{_fmt(claim['estimate'], percent)}** [{_fmt(lo, percent)}, {_fmt(hi, percent)}] "
            f"({claim['unit']}, n = {claim['n']})")


def claim_table(claims, labels, statement: str) -> str:
    """Claims that differ only in what they are about (one per model or task) as one Markdown table.

    Each row: the label (carrying the claim's anchor), estimate [interval], baseline,
    control and verdict; the unit and n of the first claim are said under the table.

    Parameters
    ----------
    claims : list of Claim
    labels : list of str
        What each claim is about, in words (the first column).
    statement : str
        What every row claims, in words (said under the table).
    """
    rows = []
    for claim, label in zip(claims, labels, strict=True):
        c, percent = claim.as_dict(), _percent(claim.id)
        lo, hi = c["interval"]
        ctrl = c["control"]
        rows.append(f"| <a id=\"{anchor(c['id'])}\"></a>{label} | {_fmt(c['estimate'], percent)} "
                    f"[{_fmt(lo, percent)}, {_fmt(hi, percent)}] | {_fmt(c['baseline']['value'], percent)} | "
                    f"{_fmt(ctrl['value'], percent) if ctrl else 'none run'} | **{c['verdict']}** |")
    first = claims[0].as_dict()
    ctrl = first["control"]
    return "\n".join(["| | estimate [95 % interval] | baseline | control | verdict |", "|---|---|---|---|---|", *rows,
                      "", f"Interval over {first['unit']} (n = {first['n']}); baseline: {first['baseline']['name']}; "
                      f"control: {ctrl['name'] if ctrl else 'none run'}. Each row claims: {statement}"])


def claim_from_dict(claim: dict) -> Claim:
    """A :class:`Claim` back from its ``results.json`` form (its verdict recomputed)."""
    render(claim)  # checks the keys and the verdict
    ctrl = claim["control"]
    return Claim(claim["id"], claim["statement"], claim["estimate"], tuple(claim["interval"]), claim["unit"],
                 claim["n"], Reference(**claim["baseline"]), None if ctrl is None else Reference(**ctrl))


def person_accuracy(result, seed: int = 0):
    """Mean per-person accuracy of a cross-validation's tested trials, with its bootstrap interval over people.

    Parameters
    ----------
    result : CVResult
        ``person``, ``predicted`` and ``fold`` (-1: untested) of every trial.

    Returns
    -------
    MeanCI
        Mean over people of each person's share of tested trials recognised, 95 %
        percentile-bootstrap interval resampling people.
    """
    return bootstrap_mean(per_person(result)[1], seed=seed)


def accuracy_claim(claim_id: str, result, seed: int, statement: str, control: Reference | None = None) -> Claim:
    """"People are recognised above chance": per-person accuracy, people resampled, against 1 / n people."""
    ci = person_accuracy(result, seed)
    n_people = len(np.unique(result.person))
    return Claim(claim_id, statement, ci.mean, (ci.low, ci.high), "people", ci.n,
                 Reference(f"chance (1 of {n_people} people)", 1 / n_people), control)


def permutation_control(result, seed: int = 0) -> Reference:
    """The accuracy that the same predictions reach when they are permuted among the tested trials (95th percentile
    of 1000 permutations): a control that says no where a model only predicts some people often."""
    tested = np.asarray(result.fold) >= 0
    value = permuted_accuracy(np.asarray(result.person)[tested], np.asarray(result.predicted)[tested], seed=seed)
    return Reference("predictions permuted among the test trials (95th percentile of 1000)", value)


def accuracy_claims(prefix: str, results: dict, seed: int, statement) -> list[Claim]:
    """One claim per cross-validation, ``<prefix>/<key>-accuracy``: per-person accuracy against chance and against the
    same predictions permuted among the test trials (:func:`permutation_control`).

    Parameters
    ----------
    results : dict of str -> CVResult
    statement : callable
        key -> the claim's statement.
    """
    return [accuracy_claim(f"{prefix}/{key}-accuracy", r, seed, statement(key), permutation_control(r, seed))
            for key, r in results.items()]


def per_person(result) -> tuple[np.ndarray, np.ndarray]:
    """(persons, accuracy) of a cross-validation's tested trials: each person's share recognised."""
    tested = np.asarray(result.fold) >= 0
    return per_person_accuracy(np.asarray(result.person)[tested], np.asarray(result.predicted)[tested])


def halves(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of n people split in two: the half that chooses (even positions) and the half that is measured (odd).

    A claim about "the largest" of several numbers chosen and measured on the same people
    is inflated by the choice (the largest of n shares always reaches their mean); chosen
    on one half and measured on the other, it can come out either way.
    """
    rows = np.arange(n)
    return rows[0::2], rows[1::2]


def accuracy_difference(first, second, seed: int = 0, rows=None):
    """Per-person accuracy of ``first`` minus ``second`` (two cross-validations of the same trials and folds).

    Parameters
    ----------
    rows : ndarray of int, optional
        Only these people (positions in the sorted person ids).

    Returns
    -------
    MeanCI
        Mean difference over people, 95 % percentile-bootstrap interval resampling people
        (paired: both models' accuracies of a person move together).
    """
    a, b = per_person(first)[1], per_person(second)[1]
    d = a - b if rows is None else (a - b)[rows]
    return bootstrap_mean(d, seed=seed)

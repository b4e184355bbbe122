"""Perturbation tests of explanations: the paper's additive test, and removal tests that can say no.

A growing share of each test trial's input values is changed, in an order: most relevant
first, least relevant first, or at random. Three kinds of change:

- ``"additive"`` (Horst et al. 2019, after Samek et al. 2017): Gaussian noise is added.
  Its expected effect on a linear score Σ w·x is zero whatever the relevance x·w of the
  perturbed values: the test measures how sensitive the model is at those points
  (the size of the weights there), not whether the explanation is faithful.
- ``"mean"`` (removal): the values are replaced by the model's reference input, where its
  scaled input is 0 (the training mean under z-scoring): the reference point of relevance.
  For a linear model this removes exactly the relevance x·w of every changed value.
- ``"other"`` (removal): the values are replaced by the same values of a random training
  trial of another person.

All orders of one kind share their random numbers (noise draws, donor trials), so that
their differences are the orders' alone. Each curve is the accuracy, and the mean
explained (true person's pre-softmax) score, at every share. AOPC is the area over the
curve on the share axis, divided by its length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..models import half_range
from ._batches import nested_scores, updated_scores

__all__ = ["KINDS", "NOISE_UNITS", "ORDERS", "PAPER_FRACTIONS", "PERTURBATIONS", "Curve", "Perturbation",
           "PerturbationTest", "aopc",
           "fold_differences", "perturbation_curves", "uniform_fractions"]

#: Units of the additive noise (see :class:`PerturbationTest`) -> what half the range is taken over (None: the model's scaled units).
NOISE_UNITS = {"feature_range": "feature", "channel_range": "channel", "scaled": None}
@dataclass(frozen=True)
class _Trials:
    """What a kind of change may use: the test trials flattened (n, n_features), their shape, the model, the noise
    unit and SD, and the donors (training trials of other persons) with each test trial's candidate rows."""

    flat: np.ndarray
    shape: tuple
    model: object
    unit: np.ndarray
    sigma: float
    donors: np.ndarray | None = None
    candidates: list | None = None


@dataclass(frozen=True)
class Perturbation:
    """One kind of change, registered in :data:`PERTURBATIONS`.

    Attributes
    ----------
    name : str
    replace : callable
        ``replace(trials, rng)`` -> the replacement of every input value, shape (n, n_features), data units.
    description : str
        What the changed values are replaced by, in words.
    removal : bool
        A removal test (its draws: ``PerturbationTest.removal_repeats``), not the paper's additive test.
    deterministic : bool
        The replacement draws nothing: one draw of a relevance order is every draw.
    needs_donors : bool
        The replacement is taken from training trials of another person.
    """

    name: str
    replace: object
    description: str
    removal: bool = True
    deterministic: bool = False
    needs_donors: bool = False


def _noise(t: _Trials, rng) -> np.ndarray:
    return t.flat + t.sigma * rng.standard_normal(t.flat.shape) * t.unit


def _reference(t: _Trials, rng) -> np.ndarray:
    return np.broadcast_to(np.broadcast_to(t.model.scaler_.mean_[0], t.shape).reshape(-1), t.flat.shape)


def _donor(t: _Trials, rng) -> np.ndarray:
    pick = np.array([c[rng.integers(len(c))] for c in t.candidates])
    return t.donors[pick]


#: The kinds of change by name (a new kind is one entry).
PERTURBATIONS = {p.name: p for p in (
    Perturbation("additive", _noise, "the values plus Gaussian noise", removal=False),
    Perturbation("mean", _reference, "the model's reference input (where its scaled input is 0)", deterministic=True),
    Perturbation("other", _donor, "the same values of a random training trial of another person", needs_donors=True))}
#: Kinds of change.
KINDS = tuple(PERTURBATIONS)
#: Orders of change.
ORDERS = ("most", "least", "random")


@dataclass(frozen=True, order=True)
class Curve:
    """The key of one perturbation curve: what was changed, in which order, after which explanation.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    order : str
        One of :data:`ORDERS`.
    rule : str or None
        The explanation whose relevance sets the order (an LRP rule, or another attribution
        method); None for the random order.

    Labels and metric keys are derived from the fields, never parsed back.
    """

    kind: str
    order: str
    rule: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, got {self.order!r}")
        if (self.rule is None) != (self.order == "random"):
            raise ValueError(f"a {self.order!r} order {'takes no' if self.order == 'random' else 'needs an'} explanation")

    @property
    def key(self) -> str:
        """Its part of a metric key: ``"mean_most_epsilon"``, ``"additive_random"``."""
        return "_".join(v for v in (self.kind, self.order, self.rule) if v is not None)

    @property
    def label(self) -> str:
        """In words: ``"mean: most relevant first (epsilon)"``."""
        order = {"most": "most relevant first", "least": "least relevant first", "random": "random order"}
        return f"{self.kind}: {order[self.order]}" + (f" ({self.rule})" if self.rule else "")

    def random(self) -> Curve:
        """The random order of the same kind (every relevance order's baseline)."""
        return Curve(self.kind, "random")


def uniform_fractions(max_fraction: float = 0.49, step: float = 0.01) -> tuple:
    """Shares 0, step, 2·step, … up to ``max_fraction`` (the paper's grid: 0-49 % in 1 % steps)."""
    if not (0 < step <= max_fraction <= 1):
        raise ValueError(f"need 0 < step <= max_fraction <= 1, got step {step}, max_fraction {max_fraction}")
    n = int(np.floor(max_fraction / step + 1e-9))
    return tuple(round(i * step, 10) for i in range(n + 1))


#: The paper's grid.
PAPER_FRACTIONS = uniform_fractions()


@dataclass(frozen=True)
class PerturbationTest:
    """Settings of the perturbation tests, run on every fold's test trials.

    Attributes
    ----------
    fractions : tuple of float
        Shares of input values changed, increasing from 0 (uniform for AOPC to be an area).
    n_repeats : int
        Noise draws and random orders per share of the additive test (10 in the paper).
    removal_repeats : int, optional
        Donor draws and random orders per share of the removal tests ("mean", "other";
        their orders share every draw, so their differences are paired). Default: ``n_repeats``.
    sigma : float
        SD of the additive noise, in the unit ``noise`` names.
    noise : {"feature_range", "channel_range", "scaled"}
        Half the min-max range over the data set of every input value
        (``"feature_range"``) or of every channel (``"channel_range"``): the units of inputs
        min-max scaled to [-1, 1] as in the paper; or the model's scaled input units.
    kinds : tuple of str
        Which of :data:`KINDS` to run.
    explainer_kinds : tuple of str
        The kinds (of those run) under which a plan's further explainers are tested
        (``ModelPlan.explainers``; its LRP rules are tested under every kind).
    """

    fractions: tuple = PAPER_FRACTIONS
    n_repeats: int = 10
    sigma: float = 1.0
    noise: str = "feature_range"
    kinds: tuple = KINDS
    removal_repeats: int | None = None
    explainer_kinds: tuple = ("mean",)

    def __post_init__(self):
        _checked_fractions(self.fractions, from_zero=True)
        if self.noise not in NOISE_UNITS:
            raise ValueError(f"noise must be one of {tuple(NOISE_UNITS)}, got {self.noise!r}")
        for name in ("kinds", "explainer_kinds"):
            value = getattr(self, name)
            if set(value) - set(KINDS) or (name == "kinds" and not value):
                raise ValueError(f"{name} must be some of {KINDS}, got {list(value)}")
        for name in ("n_repeats", "removal_repeats"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, (int, np.integer)) or value < 1):
                raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")

    def repeats(self, kind: str) -> int:
        """Draws per share for the test ``kind``."""
        removal = PERTURBATIONS[kind].removal
        return self.removal_repeats if removal and self.removal_repeats is not None else self.n_repeats

    def noise_scale(self, X):
        """The noise unit in data units for trials X (None: the model's scaled units)."""
        per = NOISE_UNITS[self.noise]
        return None if per is None else half_range(X, per=per)


def _checked_fractions(fractions, from_zero: bool = False) -> np.ndarray:
    """The shares as an array; a ValueError unless they increase within [0, 1] (``from_zero``: from 0, with more)."""
    f = np.asarray(fractions, dtype=np.float64)
    if (f.ndim != 1 or f.size < 1 + from_zero or f.min() < 0 or f.max() > 1 or np.any(np.diff(f) <= 0)
            or (from_zero and f[0] != 0)):
        raise ValueError(f"fractions must be increasing shares in [0, 1]{' starting at 0' if from_zero else ''}, "
                         f"got {f.tolist()}")
    return f


def _order(relevance, n, n_features, order, rng):
    """The input values in the order of change, shape (n, n_features): column j is the j-th changed."""
    if order == "random":
        return np.argsort(rng.random((n, n_features)), axis=1)
    flat = np.asarray(relevance).reshape(n, -1)
    return np.argsort(-flat if order == "most" else flat, axis=1, kind="stable")


def _positions(by):
    """Position of every input value in the order ``by`` (n, n_features), shape (n, n_features)."""
    pos = np.empty_like(by)
    np.put_along_axis(pos, by, np.arange(by.shape[1])[None, :], axis=1)
    return pos


def perturbation_curves(model, X, y, relevance: dict, fractions, kind: str = "mean", n_repeats: int = 10,
                        sigma: float = 1.0, random_state=None, noise_scale=None, donors=None,
                        donor_person=None, random_order: bool = True) -> dict:
    """Accuracy and explained score as a growing share of input values is changed, in every order.

    Parameters
    ----------
    model : fitted estimator
        With ``decision_function``, ``class_index`` and ``scaler_`` (``mean_``, ``scale_``).
        Where the model offers a :class:`~movesig.models.ScoringPlan` (``scoring_plan()``:
        every movesig model) that gives its ``decision_function`` on these trials, the trials
        are scaled once and the batches built in the plan's type; where the plan has a
        linear first layer (linear SVM, linear model, MLPs on a CPU) that gives the scores
        too, that layer's output is updated share by share and only the rest scores every
        batch (:mod:`movesig.evaluate._batches`). Otherwise every batch is scored by
        ``decision_function`` in data units.
    X : ndarray of shape (n_trials, n_channels, n_times)
    y : ndarray of shape (n_trials,)
    relevance : dict of str -> ndarray of shape (n_trials, n_channels, n_times)
        Relevance per rule; every rule gets a most- and a least-relevant-first curve.
    fractions : sequence of float
        Shares changed, increasing, in [0, 1] (from 0 for the unchanged score).
    kind : {"additive", "mean", "other"}
    n_repeats : int
        Random draws averaged over (one for a deterministic curve: "mean" in relevance order).
    sigma : float
        SD of the additive noise in units of ``noise_scale``.
    random_state : int or sequence of int
    noise_scale : ndarray broadcastable to (n_channels, n_times), optional
        Unit of the additive noise in data units (default: the model's input scale).
    donors, donor_person : ndarray, optional
        Training trials (n_donors, n_channels, n_times) and their persons, for ``"other"``.
    random_order : bool, default=True
        Whether to run the random order too (False: a caller that has it already, for the
        same draws, leaves it out; the relevance orders get the same numbers either way).

    Returns
    -------
    dict of Curve -> (accuracy, score)
        ``Curve(kind, "random")`` (where ``random_order``), ``Curve(kind, "most", rule)`` and
        ``Curve(kind, "least", rule)`` for every rule of ``relevance``; each value two arrays
        of shape (len(fractions),): accuracy, and the mean explained score.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if not relevance and not random_order:
        raise ValueError("nothing to test: no relevance and no random order")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n, shape = len(X), X.shape[1:]
    n_features = int(np.prod(shape))
    flat = X.reshape(n, -1)
    k = np.array([int(round(v * n_features)) for v in _checked_fractions(fractions)])
    target = model.class_index(y)
    change = PERTURBATIONS[kind]
    donor_flat = candidates = None
    if change.needs_donors:
        donor_person = np.asarray(donor_person)
        if donors is None or len(donors) != len(donor_person):
            raise ValueError(f"the {kind!r} test needs donor trials and their persons")
        donor_flat = np.asarray(donors, dtype=np.float64).reshape(len(donors), -1)
        candidates = [np.flatnonzero(donor_person != person) for person in y]
        if any(len(c) == 0 for c in candidates):
            raise ValueError(f"the {kind!r} test needs training trials of another person for every test trial")
    unit = model.scaler_.scale_[0] if noise_scale is None else np.asarray(noise_scale, dtype=np.float64)
    trials = _Trials(flat, shape, model, np.broadcast_to(unit, shape).reshape(-1), sigma, donor_flat, candidates)
    orders = [(Curve(kind, "random"), None)] * random_order + [(Curve(kind, o, rule), r) for rule, r in relevance.items()
                                                               for o in ("most", "least")]
    out = {curve: [np.zeros(len(k)), np.zeros(len(k)), 0] for curve, _ in orders}
    # The model's scaling is the same for every value, changed or not: where its scoring plan
    # holds, the trials and their replacements are scaled once, and every share's batch is
    # built from them in the type the model computes in (the same numbers as scaling each
    # batch); a linear first layer is updated share by share by the values changed since the last.
    plan, start_scores, layer = _checked_plan(model, X)
    if plan is not None:
        score_of = plan.score

        def model_input(values):
            return plan.scale(values.reshape(-1, *shape)).reshape(len(values), -1).astype(plan.dtype)
    else:
        score_of, model_input = model.decision_function, np.asarray
    start = model_input(flat)
    # nothing changed (share 0) is the same batch for every order and draw: scored once
    unchanged = None if k[0] != 0 else (start_scores if start_scores is not None else
                                        score_of(start.reshape(n, *shape)))[None]
    changed = k[1:] if k[0] == 0 else k
    start_out = None if layer is None else start @ layer[0] + layer[1]
    for rep in range(n_repeats):
        rng = np.random.default_rng([*np.atleast_1d(random_state if random_state is not None else 0), rep])
        new = model_input(np.ascontiguousarray(change.replace(trials, rng)))
        delta = None if layer is None else new - start
        order_rng = np.random.default_rng([*np.atleast_1d(random_state if random_state is not None else 0), rep, 1])
        for name, r in orders:
            if change.deterministic and r is not None and rep > 0:  # one draw is every draw
                continue
            by = _order(r, n, n_features, name.order, order_rng)
            parts = [] if unchanged is None else [unchanged]
            if len(changed) and layer is not None:
                parts.append(updated_scores(layer, start_out, delta, by, changed))
            elif len(changed):
                parts.append(nested_scores(score_of, start, new, _positions(by), changed, shape))
            scores = np.concatenate(parts)
            chosen = np.take_along_axis(scores, np.broadcast_to(target[None, :, None], (len(k), n, 1)), axis=2)[..., 0]
            out[name][0] += (scores.argmax(axis=2) == target[None]).mean(axis=1)
            out[name][1] += chosen.mean(axis=1)
            out[name][2] += 1
    return {name: (acc / count, score / count) for name, (acc, score, count) in out.items()}


def _checked_plan(model, X):
    """The model's scoring plan where it gives the model's own scores of X, and its first layer where that does too.

    A plan is the model's offer; a subclass that scores differently from the class that
    made the offer (its own ``decision_function``, say) fails this check and is scored
    through ``decision_function`` instead: a wrong shortcut is never taken silently.

    Returns
    -------
    plan : ScoringPlan or None
    scores : ndarray of shape (n, n_classes) or None
        The plan's scores of X (the unchanged batch).
    first_layer : tuple or None
    """
    offer = getattr(model, "scoring_plan", None)
    if offer is None:
        return None, None, None
    plan = offer()
    Z = plan.scale(X).astype(plan.dtype)
    scores = plan.score(Z)
    own = model.decision_function(X)
    tol = dict(rtol=1e-5, atol=1e-5 * max(1.0, float(np.abs(own).max(initial=0))))
    if np.shape(scores) != np.shape(own) or not np.allclose(scores, own, **tol):
        return None, None, None
    layer = plan.first_layer
    if layer is not None:
        hidden = Z.reshape(len(Z), -1) @ layer[0] + layer[1]
        if not np.allclose(hidden if layer[2] is None else layer[2](hidden), own, **tol):
            layer = None
    return plan, scores, layer


def aopc(curve, fractions=None) -> float:
    """Area over the perturbation curve: the drop from the unchanged value, integrated over the shares.

    Parameters
    ----------
    curve : array-like of shape (n_fractions,)
    fractions : array-like of shape (n_fractions,), optional
        The shares (trapezoid rule, divided by their range); default: equally spaced, when
        the area is the mean drop.
    """
    curve = np.asarray(curve, dtype=np.float64)
    drop = curve[0] - curve
    if fractions is None:
        return float(drop.mean())
    f = np.asarray(fractions, dtype=np.float64)
    return float(np.sum((drop[1:] + drop[:-1]) / 2 * np.diff(f)) / (f[-1] - f[0]))


def fold_differences(per_fold_a, per_fold_b, confidence: float = 0.95) -> dict:
    """Mean of the paired per-fold differences a − b with a t-interval over folds.

    Parameters
    ----------
    per_fold_a, per_fold_b : array-like of shape (n_folds,)
        E.g. the AOPC of two orders in every fold.

    Returns
    -------
    dict
        ``{"mean", "low", "high", "n"}`` (NaN bounds for one fold).
    """
    d = np.asarray(per_fold_a, dtype=np.float64) - np.asarray(per_fold_b, dtype=np.float64)
    if d.size < 2:
        return {"mean": float(d.mean()), "low": float("nan"), "high": float("nan"), "n": int(d.size)}
    half = stats.t.ppf(0.5 + confidence / 2, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    return {"mean": float(d.mean()), "low": float(d.mean() - half), "high": float(d.mean() + half), "n": int(d.size)}

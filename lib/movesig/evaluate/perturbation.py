"""Perturbation test of explanations (Horst et al. 2019; Samek et al. 2017).

Gaussian noise (σ = 1, in the model's scaled input units) is added to a growing share of
each trial's input values, either in random order or in order of relevance (most relevant
first). If the explanation is faithful, accuracy falls much faster in relevance order.
The area over the perturbation curve (AOPC) summarises the fall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import half_range

__all__ = ["DEFAULT_FRACTIONS", "NOISE_UNITS", "PerturbationTest", "aopc", "perturbation_curve", "relevance_below_random"]


#: Units of the perturbation noise (see :class:`PerturbationTest`).
NOISE_UNITS = ("feature_range", "channel_range", "scaled")

#: Shares of input values perturbed: the paper's 0, 5, 10, 20, 49 % and finer steps.
DEFAULT_FRACTIONS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.49)


@dataclass(frozen=True)
class PerturbationTest:
    """Settings of the perturbation test, run on every fold's test trials.

    Attributes
    ----------
    fractions : tuple of float
        Shares of input values perturbed, starting at 0.
    n_repeats : int
        Noise draws (and random orders) per share.
    sigma : float
        SD of the noise, in the unit ``noise`` names.
    noise : {"feature_range", "channel_range", "scaled"}
        Half the min-max range over the data set of every input value
        (``"feature_range"``) or of every channel (``"channel_range"``): the units of inputs
        min-max scaled to [-1, 1] as in the paper; or the model's scaled input units
        (``"scaled"``).
    """

    fractions: tuple = DEFAULT_FRACTIONS
    n_repeats: int = 10
    sigma: float = 1.0
    noise: str = "feature_range"

    def __post_init__(self):
        f = np.asarray(self.fractions, dtype=np.float64)
        if f.ndim != 1 or f.size == 0 or f.min() < 0 or f.max() > 1 or f[0] != 0:
            raise ValueError(f"fractions must be shares in [0, 1] starting at 0, got {f.tolist()}")
        if self.noise not in NOISE_UNITS:
            raise ValueError(f"noise must be one of {NOISE_UNITS}, got {self.noise!r}")

    def noise_scale(self, X):
        """The noise unit in data units for trials X (None: the model's scaled units)."""
        return None if self.noise == "scaled" else half_range(X, per=self.noise.split("_")[0])


def perturbation_curve(model, X, y, relevance, fractions, order: str = "relevance", n_repeats: int = 10,
                       sigma: float = 1.0, random_state=None, noise_scale=None) -> np.ndarray:
    """Accuracy of ``model`` as a growing share of input values is perturbed.

    Parameters
    ----------
    model : fitted estimator
        With ``predict``, ``scaled_input`` and ``scaler_`` (noise is added in scaled units).
    X : ndarray of shape (n_trials, n_channels, n_times)
    y : ndarray of shape (n_trials,)
    relevance : ndarray of shape (n_trials, n_channels, n_times)
        Relevance of every input value (for ``order="relevance"``).
    fractions : sequence of float in [0, 1]
        Shares of input values perturbed.
    order : {"relevance", "random"}
    n_repeats : int
        Noise draws (and, for random order, orders) averaged over.
    sigma : float
        SD of the noise, in units of ``noise_scale``.
    random_state : int or sequence of int, optional
    noise_scale : ndarray broadcastable to (n_channels, n_times), optional
        The noise unit in data units. Default: the model's input scaling (``model.scaler_.scale_``),
        i.e. noise in the scaled units the model sees. :func:`half_range` gives the unit of
        data min-max scaled to [-1, 1] per channel (Horst et al.'s "AV" inputs).

    Returns
    -------
    ndarray of shape (len(fractions),)
        Mean accuracy at every share.
    """
    if order not in ("relevance", "random"):
        raise ValueError(f"order must be 'relevance' or 'random', got {order!r}")
    X = np.asarray(X, dtype=np.float64)
    n, n_features = len(X), X[0].size
    rng = np.random.default_rng(random_state)
    unit = model.scaler_.scale_[0] if noise_scale is None else np.asarray(noise_scale, dtype=np.float64)
    scale = np.broadcast_to(unit, X.shape[1:]).reshape(-1)
    acc = np.zeros(len(fractions))
    if order == "relevance":  # the same order for every noise draw
        by_relevance = np.argsort(-np.asarray(relevance).reshape(n, -1), axis=1, kind="stable")
    for _ in range(n_repeats):
        rank = by_relevance if order == "relevance" else np.argsort(rng.random((n, n_features)), axis=1)
        noise = sigma * rng.standard_normal((n, n_features)) * scale
        for i, f in enumerate(fractions):
            k = int(round(f * n_features))
            Xp = X.reshape(n, -1).copy()
            if k:
                rows = np.repeat(np.arange(n), k)
                cols = rank[:, :k].ravel()
                Xp[rows, cols] += noise[rows, cols]
            acc[i] += np.mean(model.predict(Xp.reshape(X.shape)) == y)
    return acc / n_repeats


def aopc(curve) -> float:
    """Area over the perturbation curve: mean drop of accuracy from the unperturbed value."""
    curve = np.asarray(curve, dtype=np.float64)
    return float(np.mean(curve[0] - curve))


def relevance_below_random(result, at=(0.05, 0.1, 0.2)) -> dict:
    """Whether each relevance-ordered perturbation curve lies strictly below the random one at the shares ``at``.

    ``result`` is a :class:`~movesig.evaluate.CVResult` with a perturbation test.

    Returns
    -------
    dict of order -> dict of share -> bool
    """
    index = {}
    for a in at:
        hit = np.flatnonzero(np.isclose(result.fractions, a))
        if not hit.size:
            raise ValueError(f"share {a} is not among the perturbed fractions {result.fractions.tolist()}")
        index[a] = int(hit[0])
    random = result.curve("random")
    return {order: {a: bool(result.curve(order)[i] < random[i]) for a, i in index.items()}
            for order in result.perturbation if order != "random"}

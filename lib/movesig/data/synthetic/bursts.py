"""A parametric model of EMG bursts, fitted to real cycles: timing, width and level per muscle.

Every cycle and muscle of a (peak-normalised) envelope is described by its main burst:

- ``peak``: when the envelope is highest (fraction of the cycle, circular);
- ``onset`` and ``offset``: where the run of points above half height that holds the peak
  begins and ends (fraction of the cycle, circular); half height is half-way between the
  floor and the peak;
- ``width``: that run's length (fraction of the cycle; a Gaussian burst's full width at
  half maximum);
- ``floor``: the level between bursts (10th percentile of the cycle);
- ``height``: peak minus floor.

:func:`fit_bursts` gives, per muscle, the population mean of each parameter, the SD of the
person means (between persons) and the pooled SD of cycles around their person's mean
(within a person); times are averaged on the circle. :data:`PEDALLING_BURSTS` is that fit
on the real 7-person pedalling file, and the synthetic EMG generator draws its pedalling
persons and cycles from it (``tests/data/test_calibration.py`` re-fits it from the file).
"""

from __future__ import annotations

import numpy as np

__all__ = ["BURST_PARAMETERS", "PEDALLING_BURSTS", "burst_parameters", "fit_bursts"]

#: Parameters of the model; the first three are times on the circle (fraction of cycle).
BURST_PARAMETERS = ("peak", "onset", "offset", "width", "floor", "height")
_CIRCULAR = ("peak", "onset", "offset")

#: :func:`fit_bursts` of the real 7-person pedalling file (Aeles et al. 2021 subset,
#: ``emg-pedalling-7ps``, 7 persons × 30 cycles, muscles VL, RF, VM, GL, GM, SOL, TA, BF),
#: rounded to 3 decimals: per parameter, the mean, between-person SD and within-person SD
#: of every muscle. (On these peak-normalised envelopes the height is 1 − floor.)
PEDALLING_BURSTS = {
    "source": "emg-pedalling-7ps (Aeles et al. 2021, 7-participant subset), pedalling baseline, 7 persons x 30 cycles",
    "peak": {"mean": (0.109, 0.008, 0.101, 0.407, 0.363, 0.247, 0.881, 0.327),
             "between_sd": (0.046, 0.091, 0.046, 0.080, 0.032, 0.033, 0.053, 0.086),
             "within_sd": (0.067, 0.088, 0.063, 0.120, 0.070, 0.037, 0.086, 0.074)},
    "onset": {"mean": (0.990, 0.919, 0.998, 0.306, 0.273, 0.160, 0.822, 0.233),
             "between_sd": (0.035, 0.092, 0.031, 0.080, 0.044, 0.038, 0.042, 0.082),
             "within_sd": (0.041, 0.081, 0.056, 0.113, 0.060, 0.032, 0.089, 0.071)},
    "offset": {"mean": (0.232, 0.105, 0.203, 0.501, 0.470, 0.328, 0.946, 0.416),
             "between_sd": (0.030, 0.101, 0.038, 0.086, 0.052, 0.028, 0.056, 0.104),
             "within_sd": (0.060, 0.095, 0.062, 0.123, 0.080, 0.031, 0.085, 0.074)},
    "width": {"mean": (0.245, 0.187, 0.207, 0.196, 0.203, 0.173, 0.130, 0.192),
             "between_sd": (0.020, 0.026, 0.025, 0.059, 0.066, 0.022, 0.038, 0.048),
             "within_sd": (0.067, 0.086, 0.068, 0.091, 0.076, 0.041, 0.039, 0.071)},
    "floor": {"mean": (0.017, 0.068, 0.019, 0.055, 0.030, 0.052, 0.045, 0.087),
             "between_sd": (0.009, 0.055, 0.016, 0.042, 0.027, 0.034, 0.024, 0.049),
             "within_sd": (0.004, 0.018, 0.006, 0.016, 0.011, 0.016, 0.022, 0.032)},
}


def burst_parameters(X: np.ndarray) -> dict[str, np.ndarray]:
    """The main burst of every cycle and muscle.

    Parameters
    ----------
    X : ndarray of shape (n_cycles, n_muscles, n_times)
        Envelopes over one cycle (the last point is followed by the first).

    Returns
    -------
    dict of str -> ndarray of shape (n_cycles, n_muscles)
        Every name of :data:`BURST_PARAMETERS`; times and width as fractions of the cycle,
        levels in the units of X.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 3 or X.shape[2] < 3:
        raise ValueError(f"X must have shape (n_cycles, n_muscles, n_times >= 3), got {X.shape}")
    n_times = X.shape[2]
    peak = X.argmax(axis=2)
    top = X.max(axis=2)
    floor = np.percentile(X, 10, axis=2)
    half = floor + 0.5 * (top - floor)
    centre = n_times // 2
    index = (peak[..., None] - centre + np.arange(n_times)) % n_times  # the peak at the centre
    above = np.take_along_axis(X, index, axis=2) >= half[..., None]
    left = np.cumprod(above[..., :centre + 1][..., ::-1], axis=2).sum(axis=2) - 1
    right = np.cumprod(above[..., centre:], axis=2).sum(axis=2) - 1
    return {"peak": peak / n_times, "onset": ((peak - left) % n_times) / n_times,
            "offset": ((peak + right) % n_times) / n_times, "width": (left + right + 1) / n_times,
            "floor": floor, "height": top - floor}


def _circular_mean(a: np.ndarray, axis: int = 0) -> np.ndarray:
    return (np.angle(np.exp(2j * np.pi * a).mean(axis=axis)) / (2 * np.pi)) % 1


def _wrap(d: np.ndarray) -> np.ndarray:
    """Differences of times on the circle, in [-0.5, 0.5)."""
    return (d + 0.5) % 1 - 0.5


def fit_bursts(dataset) -> dict:
    """Mean, between-person SD and within-person SD of every burst parameter, per muscle.

    Parameters
    ----------
    dataset : Dataset
        Cycles of one task (every person needs at least 2).

    Returns
    -------
    dict
        parameter -> {"mean", "between_sd", "within_sd"}, each a tuple of n_muscles
        floats; and "source", "n_persons", "n_cycles".
    """
    params = burst_parameters(dataset.X)
    persons = np.unique(dataset.person)
    out = {"source": dataset.provenance.name, "n_persons": len(persons), "n_cycles": int(dataset.n_trials)}
    for name, values in params.items():
        circular = name in _CIRCULAR
        rows = [values[dataset.person == k] for k in persons]
        if min(len(r) for r in rows) < 2:
            raise ValueError("fit_bursts: every person needs at least 2 cycles")
        means = np.stack([_circular_mean(r) if circular else r.mean(axis=0) for r in rows])
        centre = _circular_mean(means) if circular else means.mean(axis=0)
        dev = (lambda a, b: _wrap(a - b)) if circular else (lambda a, b: a - b)
        between = np.sqrt((dev(means, centre) ** 2).sum(axis=0) / (len(persons) - 1))
        within = np.sqrt(np.mean([(dev(r, m) ** 2).sum(axis=0) / (len(r) - 1) for r, m in zip(rows, means)], axis=0))
        out[name] = {"mean": tuple(np.round(centre, 6)), "between_sd": tuple(np.round(between, 6)),
                     "within_sd": tuple(np.round(within, 6))}
    return out

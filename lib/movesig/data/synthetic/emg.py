"""Synthetic EMG: envelopes of 8 leg muscles, walking and pedalling, with planted person features."""

from __future__ import annotations

import numpy as np

from ..dataset import DataError, Dataset, Provenance
from ._common import LICENCE, GroundTruth, _bump, _smooth_noise

__all__ = ["CITATION", "LICENCE", "EMG_CONDITIONS", "EMG_DRIFT", "EMG_MUSCLES", "make_emg"]

#: How to cite data from :func:`make_emg`.
CITATION = "movesig synthetic generator (shape of Aeles et al. 2021, J R Soc Interface 18:20200770)"
#: Muscle order (that of the Aeles et al. files).
EMG_MUSCLES = ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")
#: Conditions of the study per task; the first is the day-1 baseline.
EMG_CONDITIONS = {
    "walking": ("day1", "day2"),
    "pedalling": ("150W-day1", "150W-day2", "80W-day1", "10perc-day1", "15perc-day1"),
}
#: How far each condition drifts from the baseline (multiples of the between-person spread).
EMG_DRIFT = {"day1": 0.0, "day2": 0.35, "150W-day1": 0.0, "150W-day2": 0.35, "80W-day1": 0.6,
             "10perc-day1": 0.45, "15perc-day1": 0.45}
#: Burst centres (fraction of cycle) and widths (SD, fraction of cycle) per muscle and task.
_EMG_BURSTS = {
    "pedalling": {
        "VL": [(0.14, 0.08)], "RF": [(0.05, 0.09)], "VM": [(0.14, 0.08)], "GL": [(0.34, 0.08)],
        "GM": [(0.33, 0.08)], "SOL": [(0.28, 0.08)], "TA": [(0.88, 0.08)], "BF": [(0.55, 0.09)],
    },
    "walking": {
        "VL": [(0.07, 0.05), (0.96, 0.03)], "RF": [(0.06, 0.05), (0.58, 0.05)], "VM": [(0.07, 0.05)],
        "GL": [(0.42, 0.06)], "GM": [(0.40, 0.06)], "SOL": [(0.38, 0.08)], "TA": [(0.04, 0.04), (0.72, 0.07)],
        "BF": [(0.92, 0.05), (0.04, 0.04)],
    },
}
_TASKS = ("walking", "pedalling")


def _emg_person_params(rng, task: str) -> dict:
    """Generic person-specific burst timing, width and background per muscle."""
    n = len(EMG_MUSCLES)
    k = max(len(v) for v in _EMG_BURSTS[task].values())
    return {
        "shift": rng.normal(0, 0.02, (n, k)),
        "width": rng.normal(0, 0.12, (n, k)),
        "height": rng.normal(0, 0.15, (n, k)),
        "floor": np.abs(rng.normal(0.06, 0.03, n)),
    }


def _emg_mean(params: dict, task: str, n_times: int, planted: np.ndarray) -> np.ndarray:
    """Mean envelope of one person (bursts, background and ``planted``), shape (8, n_times)."""
    t = np.arange(n_times, dtype=float)
    out = np.zeros((len(EMG_MUSCLES), n_times))
    for m, muscle in enumerate(EMG_MUSCLES):
        for b, (centre, width) in enumerate(_EMG_BURSTS[task][muscle]):
            height = (1.0 if b == 0 else 0.6) * (1 + params["height"][m, b])
            c = (centre + params["shift"][m, b]) * n_times
            w = width * (1 + params["width"][m, b]) * n_times
            out[m] += height * _bump(t, c, w, circular=True)
        out[m] += abs(params["floor"][m])
    return out + planted


def make_emg(
    n_persons: int = 78,
    n_cycles: int = 30,
    n_times: int = 200,
    tasks: tuple[str, ...] = _TASKS,
    conditions: dict | str | None = None,
    n_planted: int = 2,
    planted_amplitude: float = 0.6,
    planted_width: float = 4.0,
    drift: dict | None = None,
    cycle_sd: float = 0.04,
    seed: int = 0,
) -> tuple[Dataset, GroundTruth]:
    """EMG envelopes of 8 leg muscles in a synthetic walking/pedalling study (Aeles et al. 2021).

    Every person has generic burst timing, widths and background per muscle, plus
    ``n_planted`` planted bursts per task at random muscles and moments away from the
    muscle's main burst: the person's signature. Each cycle and muscle is divided by its
    own peak (maximum exactly 1, small negative values from noise), as in the study.

    Parameters
    ----------
    n_persons : int, default=78
    n_cycles : int, default=30
        Cycles per person, task and condition.
    n_times : int, default=200
    tasks : tuple of {"walking", "pedalling"}
    conditions : dict of task -> tuple of str, or "all", optional
        Conditions per task (see :data:`EMG_CONDITIONS`). Default: the day-1 baseline
        of each task only; ``"all"``: every condition of the study.
    n_planted : int, default=2
        Planted bursts per person and task.
    planted_amplitude : float, default=0.6
        Height of a planted burst relative to the main burst (before peak-normalising).
    planted_width : float, default=4.0
        SD of a planted burst, in time points.
    drift : dict of condition -> float, optional
        How much each condition's generic person parameters move away from the
        baseline, in multiples of their between-person spread; planted bursts stay.
        Default :data:`EMG_DRIFT`.
    cycle_sd : float, default=0.04
        Cycle-to-cycle noise (timing jitter, amplitude and additive smooth noise).
    seed : int, default=0

    Returns
    -------
    dataset : Dataset
        X of shape (n_persons * n_cycles * n_conditions, 8, n_times); ``task`` and
        ``condition`` per cycle; person ids 0 .. n_persons-1.
    truth : GroundTruth
        One mask per task, shape (n_persons, 8, n_times).
    """
    unknown = [t for t in tasks if t not in _TASKS]
    if unknown:
        raise DataError(f"synthetic EMG: unknown task(s) {unknown}; choose from {_TASKS}")
    if conditions is None:
        conditions = {task: EMG_CONDITIONS[task][:1] for task in tasks}
    elif conditions == "all":
        conditions = {task: EMG_CONDITIONS[task] for task in tasks}
    for task in tasks:
        bad = [c for c in conditions.get(task, ()) if c not in EMG_CONDITIONS[task]]
        if bad:
            raise DataError(f"synthetic EMG: unknown {task} condition(s) {bad}; choose from {EMG_CONDITIONS[task]}")
    drift = {**EMG_DRIFT, **(drift or {})}
    t = np.arange(n_times, dtype=float)
    X, person, task_of, cond_of = [], [], [], []
    masks = {task: np.zeros((n_persons, len(EMG_MUSCLES), n_times), bool) for task in tasks}
    for ti, task in enumerate(_TASKS):
        if task not in tasks:
            continue
        for p in range(n_persons):
            rng = np.random.default_rng([seed, p, ti])
            base = _emg_person_params(rng, task)
            planted = np.zeros((len(EMG_MUSCLES), n_times))
            for muscle in rng.permutation(len(EMG_MUSCLES))[:n_planted]:
                main_centre = _EMG_BURSTS[task][EMG_MUSCLES[muscle]][0][0] * n_times
                offset = rng.uniform(0.25, 0.75) * n_times  # away from the main burst
                centre = float((main_centre + offset) % n_times)
                bump = _bump(t, centre, planted_width, circular=True)
                planted[muscle] += planted_amplitude * bump
                masks[task][p, muscle] |= bump >= 0.5
            for ci, cond in enumerate(EMG_CONDITIONS[task]):
                if cond not in conditions.get(task, ()):
                    continue
                crng = np.random.default_rng([seed, p, ti, ci + 1])
                params = dict(base)
                if drift.get(cond, 0.0) > 0:
                    fresh = _emg_person_params(crng, task)
                    params = {k: base[k] + drift[cond] * (fresh[k] - fresh[k].mean()) for k in base}
                X.append(_emg_cycles(crng, params, task, n_cycles, n_times, planted, cycle_sd))
                person.append(np.full(n_cycles, p))
                task_of.append(np.full(n_cycles, task))
                cond_of.append(np.full(n_cycles, cond))
    prov = Provenance(
        name="synthetic-emg",
        title=f"Synthetic EMG: {n_persons} people, 8 muscles, {', '.join(tasks)}, {n_planted} planted bursts each (seed {seed})",
        citation=CITATION,
        licence=LICENCE,
        synthetic=True,
        notes=(
            f"Generated by movesig.data.synthetic.make_emg(n_persons={n_persons}, n_planted={n_planted}, "
            f"planted_amplitude={planted_amplitude}, seed={seed}); not measured data.",
        ),
    )
    ds = Dataset(
        X=np.concatenate(X),
        person=np.concatenate(person),
        channels=EMG_MUSCLES,
        task=np.concatenate(task_of),
        condition=np.concatenate(cond_of),
        time_axis="% of cycle",
        units="peak-normalised EMG envelope (each cycle and muscle max = 1)",
        provenance=prov,
    )
    return ds, GroundTruth(np.arange(n_persons), masks)


def _emg_cycles(rng, params, task, n_cycles, n_times, planted, cycle_sd) -> np.ndarray:
    """Cycles of one person and condition, each cycle-muscle divided by its peak."""
    cycles = np.empty((n_cycles, len(EMG_MUSCLES), n_times))
    for i in range(n_cycles):
        jitter = {k: v + cycle_sd * rng.standard_normal(np.shape(v)) * (0.25 if k == "shift" else 1.0)
                  for k, v in params.items()}
        cycles[i] = _emg_mean(jitter, task, n_times, planted * (1 + cycle_sd * rng.standard_normal()))
    cycles += 0.4 * cycle_sd * _smooth_noise(rng, (n_cycles, len(EMG_MUSCLES)), n_times, n_basis=12)
    cycles += 0.25 * cycle_sd * rng.standard_normal(cycles.shape)
    return cycles / cycles.max(axis=2, keepdims=True)

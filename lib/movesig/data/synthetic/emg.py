"""Synthetic EMG: envelopes of 8 leg muscles, walking and pedalling, with planted person features."""

from __future__ import annotations

import functools

import numpy as np

from ..dataset import DataError, Dataset, Provenance
from ._common import LICENCE, GroundTruth, _bump, _smooth_noise
from .bursts import PEDALLING_BURSTS

#: Full width at half maximum of a Gaussian, in SDs.
_FWHM = 2 * np.sqrt(2 * np.log(2))

__all__ = ["CITATION", "LICENCE", "EMG_CALIBRATION", "EMG_CONDITIONS", "EMG_DRIFT", "EMG_MUSCLES", "make_emg"]

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
#: Burst centres (fraction of cycle) and widths (SD, fraction of cycle) per muscle and task:
#: pedalling from the burst model fitted to the real 7-person file (peak time, and full width
#: at half maximum / 2.355, :data:`~movesig.data.synthetic.bursts.PEDALLING_BURSTS`); walking
#: set by hand from the shape of the study's mean walking EMG (no real walking EMG here).
_EMG_BURSTS = {
    "pedalling": {m: [(PEDALLING_BURSTS["peak"]["mean"][i], PEDALLING_BURSTS["width"]["mean"][i] / _FWHM)]
                  for i, m in enumerate(("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF"))},
    "walking": {
        "VL": [(0.07, 0.05), (0.96, 0.03)], "RF": [(0.06, 0.05), (0.58, 0.05)], "VM": [(0.07, 0.05)],
        "GL": [(0.42, 0.06)], "GM": [(0.40, 0.06)], "SOL": [(0.38, 0.08)], "TA": [(0.04, 0.04), (0.72, 0.07)],
        "BF": [(0.92, 0.05), (0.04, 0.04)],
    },
}
_TASKS = ("walking", "pedalling")

#: Fitted to the real 7-person pedalling file by
#: :func:`~movesig.data.synthetic.emg_calibration.calibrate_emg`, on top of the burst model
#: (:data:`~movesig.data.synthetic.bursts.PEDALLING_BURSTS`): median within-person SD of the
#: peak-normalised envelopes 0.103, median between-person SD of person means 0.079, fast
#: noise 0.012 (``tests/data/test_calibration.py`` re-fits them). ``between_scale`` near 1
#: says the burst model's own between-person spread accounts for the real one; the timing
#: jitter is scaled down (``within_scale``) because a real burst's peak time also jumps
#: between humps of one burst, which moves the peak but not the envelope.
EMG_CALIBRATION = {"cycle_sd": 0.030, "within_scale": 0.601, "between_scale": 1.038, "within_sd": 0.103,
                   "source": "emg-pedalling-7ps (Aeles et al. 2021, 7-participant subset), pedalling baseline"}


@functools.lru_cache(maxsize=None)
def _spreads(task: str) -> dict:
    """SDs of the person parameters between persons and of their cycle-to-cycle jitter, per muscle.

    From the burst model fitted to the real pedalling cycles: timing from the peak time,
    width relative to the mean width, and the floor. Walking (no real walking EMG here)
    takes the median over muscles of each. Computed once per task (read, never changed).
    """
    b = {k: {s: np.asarray(v)[:, None] for s, v in PEDALLING_BURSTS[k].items()} for k in ("peak", "width", "floor")}
    out = {"shift": b["peak"]["between_sd"], "width": b["width"]["between_sd"] / b["width"]["mean"],
           "floor": (b["floor"]["mean"][:, 0], b["floor"]["between_sd"][:, 0]),
           "jitter": {"shift": b["peak"]["within_sd"], "width": b["width"]["within_sd"] / b["width"]["mean"],
                      "floor": b["floor"]["within_sd"][:, 0]}}
    if task == "walking":
        out = {"shift": np.median(out["shift"]), "width": np.median(out["width"]),
               "floor": tuple(np.median(v) for v in out["floor"]),
               "jitter": {k: np.median(v) for k, v in out["jitter"].items()}}
    return out


def _emg_person_params(rng, task: str, between_scale: float = 1.0) -> dict:
    """Person-specific burst timing, width, height and background per muscle."""
    n = len(EMG_MUSCLES)
    k = max(len(v) for v in _EMG_BURSTS[task].values())
    sd, s = _spreads(task), between_scale
    floor_mean, floor_sd = sd["floor"]
    return {
        "shift": rng.normal(0, 1, (n, k)) * sd["shift"] * s,
        "width": rng.normal(0, 1, (n, k)) * sd["width"] * s,
        "height": rng.normal(0, 0.15 * s, (n, k)),
        "floor": np.abs(floor_mean + rng.normal(0, 1, n) * floor_sd * s),
    }


def _planted(rng, task, muscles, n_times, width, amplitude) -> np.ndarray:
    """Planted bursts on ``muscles``, each away from the muscle's main burst, shape (8, n_times)."""
    t = np.arange(n_times, dtype=float)
    out = np.zeros((len(EMG_MUSCLES), n_times))
    for muscle in muscles:
        main_centre = _EMG_BURSTS[task][EMG_MUSCLES[muscle]][0][0] * n_times
        offset = rng.uniform(0.25, 0.75) * n_times  # away from the main burst
        out[muscle] += amplitude * _bump(t, float((main_centre + offset) % n_times), width, circular=True)
    return out


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
    planted_amplitude: float | None = None,
    planted_width: float = 4.0,
    drift: dict | None = None,
    cycle_sd: float | None = None,
    seed: int = 0,
    effect_size: float = 1.0,
    between_scale: float | None = None,
    signature_change: float = 0.0,
    within_scale: float | None = None,
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
    planted_amplitude : float, optional
        Overrides ``effect_size``: the burst height in envelope units (0.6 in earlier
        versions, about 13 within-person SD: far easier than real data).
        Height of a planted burst relative to the main burst (before peak-normalising).
    planted_width : float, default=4.0
        SD of a planted burst, in time points.
    drift : dict of condition -> float, optional
        How much each condition's generic person parameters move away from the
        baseline, in multiples of their between-person spread; planted bursts stay.
        Default :data:`EMG_DRIFT`.
    cycle_sd : float, optional
        Cycle-to-cycle noise of the burst heights and the additive smooth and white noise.
        Default: :data:`EMG_CALIBRATION` (fitted to the real 7-person pedalling file).
    seed : int, default=0
    effect_size : float, default=1.0
        Planted burst height in units of the real data's within-person SD (d′, see
        :data:`EMG_CALIBRATION`); 0 plants nothing (a negative control).
    between_scale : float, optional
        Multiplies the between-person spread of the burst model's timing, width and floor
        (and of the burst heights). Default: :data:`EMG_CALIBRATION`.
    within_scale : float, optional
        Multiplies the cycle-to-cycle jitter of burst timing, width and floor of the burst
        model (:data:`~movesig.data.synthetic.bursts.PEDALLING_BURSTS`). Default:
        :data:`EMG_CALIBRATION`.
    signature_change : float in [0, 1], default=0.0
        In every condition but the first of a task, the share of each person's planted
        bursts that move to a new random place: 0 keeps the signatures (stability by
        construction), 1 changes all of them (a negative control for the stability page).

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
    cycle_sd = EMG_CALIBRATION["cycle_sd"] if cycle_sd is None else cycle_sd
    between_scale = EMG_CALIBRATION["between_scale"] if between_scale is None else between_scale
    within_scale = EMG_CALIBRATION["within_scale"] if within_scale is None else within_scale
    if planted_amplitude is None:
        if not effect_size >= 0:
            raise DataError(f"synthetic EMG: effect_size must be at least 0, got {effect_size}")
        planted_amplitude = effect_size * EMG_CALIBRATION["within_sd"]
    if not 0 <= signature_change <= 1:
        raise DataError(f"synthetic EMG: signature_change must be in [0, 1], got {signature_change}")
    X, person, task_of, cond_of = [], [], [], []
    masks = {task: np.zeros((n_persons, len(EMG_MUSCLES), n_times), bool) for task in tasks}
    for ti, task in enumerate(_TASKS):
        if task not in tasks:
            continue
        for p in range(n_persons):
            rng = np.random.default_rng([seed, p, ti])
            base = _emg_person_params(rng, task, between_scale)
            muscles = rng.permutation(len(EMG_MUSCLES))[:n_planted]
            unit = _planted(rng, task, muscles, n_times, planted_width, 1.0)
            planted = planted_amplitude * unit
            masks[task][p] |= unit >= 0.5  # where it is planted, also at effect_size 0 (a negative control)
            for ci, cond in enumerate(EMG_CONDITIONS[task]):
                if cond not in conditions.get(task, ()):
                    continue
                crng = np.random.default_rng([seed, p, ti, ci + 1])
                params = dict(base)
                if drift.get(cond, 0.0) > 0:
                    fresh = _emg_person_params(crng, task, between_scale)
                    params = {k: base[k] + drift[cond] * (fresh[k] - fresh[k].mean()) for k in base}
                here = planted
                if ci > 0 and signature_change > 0:  # some bursts move: this condition's signature differs
                    srng = np.random.default_rng([seed, p, ti, ci + 1, 7])
                    moved = planted.copy()
                    for muscle in muscles:
                        if srng.random() < signature_change:
                            moved[muscle] = _planted(srng, task, [muscle], n_times, planted_width,
                                                     planted_amplitude)[muscle]
                    here = moved
                X.append(_emg_cycles(crng, params, task, n_cycles, n_times, here, cycle_sd, within_scale))
                person.append(np.full(n_cycles, p))
                task_of.append(np.full(n_cycles, task))
                cond_of.append(np.full(n_cycles, cond))
    moved = [c for task in _TASKS if task in tasks for c in EMG_CONDITIONS[task][1:] if c in conditions.get(task, ())]
    prov = Provenance(
        name="synthetic-emg",
        title=f"Synthetic EMG: {n_persons} people, 8 muscles, {', '.join(tasks)}, {n_planted} planted bursts each (seed {seed})",
        citation=CITATION,
        licence=LICENCE,
        synthetic=True,
        notes=(
            f"Generated by movesig.data.synthetic.make_emg(n_persons={n_persons}, n_planted={n_planted}, "
            f"effect_size={effect_size:g}, cycle_sd={cycle_sd:.3f}, between_scale={between_scale:.2f}, "
            f"within_scale={within_scale:.3f}, signature_change={signature_change:g}, seed={seed}); not measured "
            "data. Pedalling bursts (peak time, width, floor and their spread between persons and cycles) from a "
            "burst model fitted to the real 7-person pedalling file (movesig.data.synthetic.bursts), its variation "
            "scaled to that file's (EMG_CALIBRATION); walking bursts set by hand.",
            "By construction: "
            + (("the planted bursts stay the same in every condition, so the stability of the planted part of a "
                "signature is planted, not found." if signature_change == 0 else
                f"the planted bursts move in a share {signature_change:g} of cases between conditions (a negative "
                "control).")
               + " Every person's generic burst parameters (timing, width, height, floor) move away from the "
               "baseline by a random amount per person and condition, with an SD of "
               + ", ".join(f"{c} {drift.get(c, 0.0):g}" for c in moved)
               + " times their between-person spread (EMG_DRIFT): differences between conditions follow that drift."
               if moved else "the planted bursts are the same in every cycle of a person, up to a cycle-to-cycle scale.")
            + (" Each task's planted muscles are drawn independently of the other task's, so walking and pedalling "
               "signatures differ." if len(tasks) > 1 else "")
            + " Cycles are drawn independently given the person: neighbouring cycles share nothing more.",
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


def _emg_cycles(rng, params, task, n_cycles, n_times, planted, cycle_sd, within_scale) -> np.ndarray:
    """Cycles of one person and condition, each cycle-muscle divided by its peak."""
    cycles = np.empty((n_cycles, len(EMG_MUSCLES), n_times))
    fitted = _spreads(task)["jitter"]  # the real cycles' jitter of timing, width and floor
    sd = {k: within_scale * fitted[k] if k in fitted else cycle_sd for k in params}
    for i in range(n_cycles):
        jitter = {k: v + sd[k] * rng.standard_normal(np.shape(v)) for k, v in params.items()}
        cycles[i] = _emg_mean(jitter, task, n_times, planted * (1 + cycle_sd * rng.standard_normal()))
    cycles += 0.4 * cycle_sd * _smooth_noise(rng, (n_cycles, len(EMG_MUSCLES)), n_times, n_basis=12)
    cycles += 0.25 * cycle_sd * rng.standard_normal(cycles.shape)
    cycles = np.clip(cycles, 0, None)  # an envelope is never negative
    return cycles / cycles.max(axis=2, keepdims=True)

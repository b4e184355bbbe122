"""Synthetic gait: ground reaction forces of a walking study with planted person features."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..dataset import DataError, Dataset, Provenance
from ._common import LICENCE, GroundTruth, _bump, _smooth_noise
from .calibration import Calibration, read_calibration

__all__ = ["CITATION", "LICENCE", "GAIT_CHANNELS", "make_gait"]

#: How to cite data from :func:`make_gait`.
CITATION = "movesig synthetic generator (shape of Horst et al. 2019, Sci Rep 9:2391)"
#: Channel names, Horst et al.'s order.
GAIT_CHANNELS = (
    "right fore-aft",
    "right medial-lateral",
    "right vertical",
    "left fore-aft",
    "left medial-lateral",
    "left vertical",
)
#: Typical magnitude of every GRF channel (body weights), the unit of planted amplitudes.
_GAIT_SCALE = np.array([0.2, 0.06, 1.0, 0.2, 0.06, 1.0])


def _gait_template(n_times: int) -> np.ndarray:
    """Mean GRF of stance, shape (6, n_times): double-hump vertical, braking-propulsion fore-aft."""
    t = np.linspace(0, 1, n_times)
    g = lambda c, w: np.exp(-0.5 * ((t - c) / w) ** 2)  # noqa: E731
    taper = np.sin(np.pi * t) ** 0.5
    vertical = taper * (1.02 * g(0.23, 0.10) + 1.02 * g(0.77, 0.10) + 0.62 * g(0.5, 0.16))
    fore_aft = taper * (-0.22 * g(0.18, 0.08) + 0.24 * g(0.83, 0.07))
    medial = taper * (0.07 * g(0.16, 0.07) + 0.05 * g(0.7, 0.18))
    return np.stack([fore_aft, medial, vertical, fore_aft, -medial, vertical])


def make_gait(
    n_persons: int = 57,
    n_trials: int | list[int] | None = None,
    n_times: int = 101,
    n_planted: int = 2,
    planted_amplitude: float = 0.12,
    planted_width: float = 3.0,
    between_person_sd: float = 0.04,
    trial_sd: float = 0.03,
    seed: int = 0,
    calibration=None,
    effect_size: float = 1.0,
    load_calibration: Callable[..., Calibration] = read_calibration,
) -> tuple[Dataset, GroundTruth]:
    """Ground reaction forces of a synthetic walking study (the shape of Horst et al. 2019).

    This generator reads no data set: a calibration is handed in (what ``load_calibration``
    turns into a :class:`~movesig.data.synthetic.calibration.Calibration`).
    :func:`movesig.data.make_gait` is this generator with the cards' loader, which fits a
    named calibration on the real files, and ``"gaitrec-healthy"`` by default.

    Parameters
    ----------
    n_persons : int, default=57
    n_trials : int or list of int, optional
        Trials per person. Default: 20 each, except 19 for the first and 21 for the
        next three persons (1142 trials for 57 people, as in the paper).
    n_times : int, default=101
        Points per stance phase.
    n_planted : int, default=2
        Planted features per person: Gaussian bumps on random channels at random
        moments of stance (10-90 %).
    planted_amplitude : float, default=0.12
        Bump height relative to the channel's typical magnitude (random sign); only
        without a calibration (``effect_size`` sets it otherwise).
    planted_width : float, default=3.0
        Bump SD in time points.
    between_person_sd : float, default=0.04
        Generic smooth person differences, relative to the channel's magnitude (only
        without a calibration).
    trial_sd : float, default=0.03
        Trial-to-trial smooth noise, relative to the channel's magnitude (only without a
        calibration).
    seed : int, default=0
    calibration : path or name, optional
        Statistics of real data to reproduce (:mod:`movesig.data.synthetic.calibration`):
        the population mean curve, the between-person variation of the person means and
        the trial-to-trial variation (``"gaitrec-healthy"``: fitted on GaitRec's 62 healthy
        controls). None: the hand-set template and noise of earlier versions (far easier
        than real data: separable at 100 % by a nearest-centroid classifier).
    effect_size : float, default=1.0
        With a calibration, the planted bumps' peak height in units of the within-person
        SD at the peak (d′); 0 plants nothing that the data can show (a negative control).
    load_calibration : callable, default=read_calibration
        Turns ``calibration`` into a Calibration; by default it reads a file written by
        :meth:`~movesig.data.synthetic.calibration.Calibration.save`
        (:func:`movesig.data.cards.load_calibration` also takes the names).

    Returns
    -------
    dataset : Dataset
        X of shape (n_trials_total, 6, n_times) in body weights; channels as
        :data:`GAIT_CHANNELS` (Horst et al.'s order); person ids 0 .. n_persons-1.
    truth : GroundTruth
        Masks under task ``"walking"``.
    """
    if n_persons < 2:
        raise DataError(f"synthetic gait: n_persons must be at least 2, got {n_persons}")
    if n_trials is None:
        counts = np.full(n_persons, 20)
        counts[0] = 19
        counts[1:4] = 21
    else:
        counts = np.broadcast_to(np.asarray(n_trials, dtype=int), (n_persons,)).copy()
    cal = None
    if calibration is not None:
        cal = load_calibration(calibration)
        if cal.mean.shape != (6, n_times):
            raise DataError(f"synthetic gait: calibration {calibration!r} has {cal.mean.shape[1]} points per "
                            f"stance, not n_times={n_times}")
        if not effect_size >= 0:
            raise DataError(f"synthetic gait: effect_size must be at least 0, got {effect_size}")
    template = _gait_template(n_times) if cal is None else cal.mean
    t = np.arange(n_times, dtype=float)
    scale = _GAIT_SCALE[:, None]
    X, person, means = [], [], []
    mask = np.zeros((n_persons, 6, n_times), bool)
    for p in range(n_persons):
        rng = np.random.default_rng([seed, p, 0])
        if cal is None:  # drawn first, as in earlier versions: the same seed gives the same data
            generic = between_person_sd * scale * _smooth_noise(rng, (6,), n_times)
        planted = np.zeros((6, n_times))
        for _ in range(n_planted):
            ch = int(rng.integers(6))
            centre = float(rng.uniform(0.1, 0.9) * (n_times - 1))
            sign = rng.choice([-1.0, 1.0])
            height = (planted_amplitude * _GAIT_SCALE[ch] if cal is None
                      else effect_size * cal.within_sd[ch, int(round(centre))])
            bump = _bump(t, centre, planted_width)
            planted[ch] += sign * height * bump
            mask[p, ch] |= bump >= 0.5  # where it is planted, also at effect_size 0 (a negative control)
        if cal is None:
            person_mean = template * (1 + 0.03 * rng.standard_normal((6, 1))) + generic + planted
            noise = trial_sd * scale * _smooth_noise(rng, (counts[p], 6), n_times)
            white = 0.2 * trial_sd * scale * rng.standard_normal((counts[p], 6, n_times))
        else:
            person_mean = cal.mean + np.tensordot(rng.standard_normal(len(cal.between)), cal.between, 1) + planted
            noise = np.tensordot(rng.standard_normal((counts[p], len(cal.within))), cal.within, 1)
            white = cal.residual_sd * rng.standard_normal((counts[p], 6, n_times))
        X.append(person_mean + noise + white)
        means.append(person_mean)
        person.append(np.full(counts[p], p))
    how = ("hand-set template and noise" if cal is None else
           f"calibrated to {cal.source['selection']} of {cal.source['dataset']}, planted at d' = {effect_size:g}")
    prov = Provenance(
        name="synthetic-gait",
        title=f"Synthetic gait: {n_persons} people, bilateral GRF, {n_planted} planted features each, {how} "
              f"(seed {seed})",
        citation=CITATION,
        licence=LICENCE,
        synthetic=True,
        notes=(
            f"Generated by movesig.data.synthetic.make_gait(n_persons={n_persons}, n_planted={n_planted}, "
            f"calibration={calibration!r}, effect_size={effect_size:g}, seed={seed}); not measured data.",
            "By construction: each person's planted bumps (the truth that recovery is scored against) sit on top of "
            "person differences drawn from the statistics of real people, which are person-specific too but not "
            "marked in the truth." if cal is not None else
            "By construction: every person differs from the others only by smooth generic differences and the "
            "planted bumps.",
        ),
    )
    ds = Dataset(
        X=np.concatenate(X),
        person=np.concatenate(person),
        channels=GAIT_CHANNELS,
        task="walking",
        condition="synthetic",
        time_axis="% of stance",
        units="body weight",
        provenance=prov,
    )
    within_sd = cal.within_sd if cal is not None else None
    return ds, GroundTruth(np.arange(n_persons), {"walking": mask}, {"walking": np.stack(means)},
                           {"walking": within_sd} if within_sd is not None else {})

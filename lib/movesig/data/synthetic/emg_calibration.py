"""How the synthetic EMG's variation is scaled to real cycles: the statistics matched and the fit."""

from __future__ import annotations

import numpy as np

from .emg import make_emg

__all__ = ["calibrate_emg", "roughness", "spread"]


def spread(dataset) -> tuple[float, float]:
    """Median within-person SD and median between-person SD of the person means, over all points."""
    X, person = dataset.X, dataset.person
    persons = np.unique(person)
    means = np.stack([X[person == k].mean(axis=0) for k in persons])
    within = np.sqrt(np.mean([X[person == k].var(axis=0, ddof=1) for k in persons], axis=0))
    return float(np.median(within)), float(np.median(means.std(axis=0, ddof=1)))


def roughness(dataset) -> float:
    """Median over points of the within-person SD of the cycles' point-to-point steps (the fast noise)."""
    X, person = dataset.X, dataset.person
    steps = np.diff(X, axis=2, append=X[..., :1])
    return float(np.median(np.sqrt(np.mean([steps[person == k].var(axis=0, ddof=1) for k in np.unique(person)],
                                           axis=0))))


def calibrate_emg(real, task: str = "pedalling", n_iter: int = 10, seed: int = 0) -> dict:
    """Fit ``cycle_sd``, ``within_scale`` and ``between_scale`` to ``real`` (:func:`spread`, :func:`roughness`).

    The burst model's timing, width and floor come from :func:`~movesig.data.synthetic.bursts.fit_bursts`;
    these three numbers scale its variation so that, on a synthetic set of the real one's
    size, the fast noise (``cycle_sd``), the pointwise within-person SD (``within_scale``)
    and the between-person SD of the person means (``between_scale``) match the real
    data's. Multiplicative fixed-point steps.

    Returns
    -------
    dict
        ``cycle_sd``, ``within_scale``, ``between_scale``, ``within_sd`` (the real data's), and
        the real and the fitted synthetic (within, between, roughness).
    """
    target = (*spread(real), roughness(real))
    counts = np.unique(real.person, return_counts=True)[1]
    cycle_sd, within_scale, scale = 0.04, 1.0, 1.0
    for _ in range(n_iter):
        syn, _ = make_emg(n_persons=len(counts), n_cycles=int(counts.min()), n_times=real.n_times, tasks=(task,),
                          cycle_sd=cycle_sd, within_scale=within_scale, between_scale=scale, effect_size=0.0,
                          seed=seed)
        got = (*spread(syn), roughness(syn))
        within_scale *= target[0] / got[0]
        scale *= target[1] / got[1]
        cycle_sd *= target[2] / got[2]
    syn, _ = make_emg(n_persons=len(counts), n_cycles=int(counts.min()), n_times=real.n_times, tasks=(task,),
                      cycle_sd=cycle_sd, within_scale=within_scale, between_scale=scale, effect_size=0.0, seed=seed)
    return {"cycle_sd": cycle_sd, "within_scale": within_scale, "between_scale": scale, "within_sd": target[0],
            "real": target, "synthetic": (*spread(syn), roughness(syn))}

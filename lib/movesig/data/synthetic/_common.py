"""What the generators share: the ground truth they return and the curves they build from."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["LICENCE", "GroundTruth"]

#: Terms of generated data.
LICENCE = "generated; no restrictions"


@dataclass(frozen=True)
class GroundTruth:
    """What a generator planted.

    Attributes
    ----------
    persons : ndarray of shape (n_persons,)
        Person ids, in the order of the first axis of ``mask``.
    masks : dict of str -> ndarray of bool, shape (n_persons, n_channels, n_times)
        Per task, the points where a planted bump is at least half its peak (its
        full width at half maximum).
    means : dict of str -> ndarray of shape (n_persons, n_channels, n_times)
        Per task, every person's true mean curve (what their trials scatter around).
    within_sd : dict of str -> ndarray of shape (n_channels, n_times)
        Per task, the true trial-to-trial SD, where the generator knows it.
    """

    persons: np.ndarray
    masks: dict
    means: dict = field(default_factory=dict)
    within_sd: dict = field(default_factory=dict)

    def mask(self, task: str | None = None) -> np.ndarray:
        """The mask of one task (the only one when ``task`` is None), shape (n_persons, n_channels, n_times)."""
        if task is None:
            if len(self.masks) != 1:
                raise ValueError(f"several tasks planted ({sorted(self.masks)}): name one")
            return next(iter(self.masks.values()))
        return self.masks[task]

    def oracle(self, task: str | None = None, within_sd=None) -> np.ndarray:
        """The true discriminability map: (person mean − population mean) / within-person SD.

        Parameters
        ----------
        task : str, optional
        within_sd : ndarray of shape (n_channels, n_times), optional
            Used where the generator does not know its own (e.g. estimated from the data).

        Returns
        -------
        ndarray of shape (n_persons, n_channels, n_times)
        """
        task = task or next(iter(self.masks))
        means = self.means[task]
        sd = self.within_sd.get(task, within_sd)
        if sd is None:
            raise ValueError(f"no within-person SD known for task {task!r}: pass one")
        return (means - means.mean(axis=0)) / sd


def _bump(t: np.ndarray, centre, width, circular: bool = False) -> np.ndarray:
    """Gaussian bump of peak 1 at ``centre`` with SD ``width``, shape of ``t`` (n_times,).

    With ``circular`` the distance wraps around the period ``t.shape[-1]`` (a cycle).
    """
    d = t - centre
    if circular:
        period = t.shape[-1]
        d = (d + period / 2) % period - period / 2
    return np.exp(-0.5 * (d / width) ** 2)


def _smooth_noise(rng, shape, n_times: int, n_basis: int = 6) -> np.ndarray:
    """Smooth random curves (sum of low-frequency cosines), unit-ish SD, shape (*shape, n_times)."""
    t = np.linspace(0, np.pi, n_times)
    k = np.arange(1, n_basis + 1)
    coef = rng.standard_normal(shape + (n_basis,)) / np.sqrt(k)
    phase = rng.uniform(0, np.pi, shape + (n_basis,))
    # Σ_k c_k cos(k t + φ_k) = Σ_k c_k cos φ_k cos(k t) − c_k sin φ_k sin(k t): two matrix products
    # instead of a cosine for every curve, basis function and time point (10× faster for EMG)
    kt = k[:, None] * t
    curves = (coef * np.cos(phase)) @ np.cos(kt) - (coef * np.sin(phase)) @ np.sin(kt)
    return curves / np.sqrt(n_basis / 2)

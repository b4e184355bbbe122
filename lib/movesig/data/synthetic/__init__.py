"""Synthetic data with the papers' shapes and planted, known person-specific features.

Where no real data exists (the 57-person gait study of Horst et al. 2019; the 78-person,
two-task, multi-condition EMG study of Aeles et al. 2021) these generators stand in. Every
person gets a few *planted* features — localised deviations at known channels and
moments — on top of smaller generic between-person differences and trial-to-trial
noise. The generators return the ground truth of what they planted, so that a method's
explanations can be scored against it.

All randomness comes from ``numpy.random.default_rng`` seeded by ``(seed, person, task,
condition)``: the same arguments give the same data, and asking for more conditions does
not change the trials of the others.
"""

from ._common import GroundTruth
from .emg import EMG_CONDITIONS, make_emg
from .gait import GAIT_CHANNELS, make_gait

__all__ = [
    "EMG_CONDITIONS",
    "GAIT_CHANNELS",
    "GroundTruth",
    "make_emg",
    "make_gait",
]

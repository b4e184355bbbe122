"""The compact file of Horst et al. (2019), ``Gait_GRF_JA_Label.mat`` -> Dataset."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum
from .mat import cell_labels, one_hot_index, read_mat

__all__ = ["HORST_FEATURES", "load_horst_compact"]

#: Feature sets of the compact file.
HORST_FEATURES = (
    "Feature_GRF_AV",
    "Feature_GRF_JV",
    "Feature_JA_Full",
    "Feature_JA_Lower",
    "Feature_JA_X_Full",
    "Feature_JA_X_Lower",
)


def load_horst_compact(
    path, feature: str = "Feature_GRF_AV", min_trials: int = 1, provenance: Provenance | None = None
) -> Dataset:
    """The compact file of Horst et al. (2019), ``Gait_GRF_JA_Label.mat``.

    Parameters
    ----------
    path : path-like
        The MATLAB file.
    feature : str
        Which feature set (:data:`HORST_FEATURES`), e.g. ``"Feature_GRF_AV"``
        (N, 101, 6) or ``"Feature_JA_X_Lower"``. Stored time-before-channel.
    min_trials : int
        Fewest trials a person must have.
    provenance : Provenance, optional
        Name, title, citation and licence (the data card's); the file read is added.
        Default: a bare ``"horst-2019"`` provenance.

    Returns
    -------
    Dataset
        X of shape (N, C, 101); ``condition`` holds ``"sex=<0|1>"`` when
        ``Target_Gender`` is present.
    """
    path = Path(path)
    m = read_mat(path, ("Target_SubjectID",))
    if feature not in m:
        present = sorted(k for k in m if k.startswith("Feature_") and not k.endswith("_Label"))
        raise DataError(f"{path}: no feature set {feature!r} (found: {', '.join(present) or 'none'})")
    values = np.asarray(m[feature])
    if values.ndim != 3:
        raise DataError(f"{path}: {feature} must be (n_trials, n_times, n_channels), got shape {values.shape}")
    n = values.shape[0]
    person = one_hot_index(m["Target_SubjectID"], path, "Target_SubjectID", n)
    label_key = f"{feature}_Label"
    if label_key in m:
        channels = cell_labels(m[label_key], path, label_key)
    else:
        channels = [f"{feature.removeprefix('Feature_')} {i}" for i in range(values.shape[2])]
    condition = ""
    if "Target_Gender" in m:
        g = np.asarray(m["Target_Gender"]).reshape(-1)
        if g.shape[0] != n:
            raise DataError(f"{path}: Target_Gender has {g.shape[0]} rows for {n} trials")
        condition = np.char.add("sex=", g.astype(int).astype(str))
    if provenance is None:
        provenance = Provenance(name="horst-2019", title=f"Horst et al. (2019) compact file, {feature}")
    return Dataset(
        X=np.transpose(values, (0, 2, 1)),
        person=person,
        channels=tuple(channels),
        task="walking",
        condition=condition,
        time_axis="% of stance",
        units="GRF normalised (AV)" if "GRF" in feature else "degrees",
        provenance=replace(provenance, files=(SourceFile(path.name, sha256sum(path)),)),
        min_trials=min_trials,
    )

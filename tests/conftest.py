"""Shared fixtures: the project root, the real data directory, an isolated download cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {
    "gaitrec": ["gaitrec-subset/2021_acm_small_dataset_v3_aff-unaff-nonorm_1-2_.mat"],
    "emg": ["emg-pedalling-7ps/Data_Baseline_Normed_V1_4_7Ps.mat"],
}


def _real_data_dir() -> Path | None:
    for candidate in (os.environ.get("MOVESIG_DATA_DIR"), ROOT.parent / "shared" / "data"):
        if candidate and all((Path(candidate) / f).is_file() for files in REQUIRED.values() for f in files):
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """The folder holding the real data sets; skip (or, under CI=true, fail) when absent."""
    found = _real_data_dir()
    if found is None:
        reason = ("real data not found: set MOVESIG_DATA_DIR or put ../shared/data beside the project "
                  "(gaitrec-subset/ and emg-pedalling-7ps/)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: real data are required)")
        pytest.skip(reason)
    return found


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never download or touch the user's cache from tests."""
    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("MOVESIG_OFFLINE", "1")
    found = _real_data_dir()
    if found is not None and not os.environ.get("MOVESIG_DATA_DIR"):  # the calibrated generators fit on GaitRec
        monkeypatch.setenv("MOVESIG_DATA_DIR", str(found))
    monkeypatch.setenv("MPLBACKEND", "Agg")

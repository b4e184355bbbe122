"""The walking-speed data shipped in spm1d (movesig.data.formats.spm1d_speed) and per-trial covariates."""

import shutil

import numpy as np
import pytest
from movesig.data import DataError, Dataset, Provenance, available, load
from movesig.data.dataset import concatenate
from movesig.data.formats import load_speed_grf, spm1d_data_folder
from movesig.data.formats.spm1d_speed import SPEED_FILES


def test_speed_data_load_as_one_dataset_with_speed_categories_and_speeds():
    ds = load("speed-grf")
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (600, 10, 1, 101)
    assert set(ds.condition) == {"slow", "normal", "fast"} and not ds.provenance.synthetic
    assert all(n == 60 for n in ds.trials_per_person().values())
    speed = ds.covariates["speed"]
    means = [speed[ds.condition == c].mean() for c in ("slow", "normal", "fast")]
    assert means[0] < means[1] < means[2]  # the categories are ordered by measured speed
    assert all(f.sha256 for f in ds.provenance.files) and len(ds.provenance.files) == len(SPEED_FILES)
    raw = np.load(spm1d_data_folder() / "ex_grf_subj003.npy")
    np.testing.assert_array_equal(ds.X[ds.person == "S04", 0], raw)  # person S04 is the package's subject 3
    assert available("speed-grf")[0] == "yes"


def test_malformed_or_missing_files_are_named(tmp_path):
    for f in SPEED_FILES:
        shutil.copy(spm1d_data_folder() / f, tmp_path / f)
    np.save(tmp_path / "ex_grf_subj002.npy", np.zeros((59, 101)))
    with pytest.raises(DataError, match=r"ex_grf_subj002.npy: expected shape \(60, 101\)"):
        load_speed_grf(tmp_path, Provenance("t", "t"))
    (tmp_path / "ex_grf_speeds.npy").unlink()
    with pytest.raises(DataError, match="missing ex_grf_speeds.npy"):
        load_speed_grf(tmp_path, Provenance("t", "t"))


def test_covariates_travel_with_subsets_and_concatenation():
    ds = load("speed-grf")
    fast = ds.select(condition="fast")
    np.testing.assert_array_equal(fast.covariates["speed"], ds.covariates["speed"][ds.condition == "fast"])
    both = concatenate([fast, ds.select(condition="slow")])
    assert both.covariates["speed"].shape == (both.n_trials,)
    with pytest.raises(ValueError):
        both.covariates["speed"][0] = 0  # read-only, like the signals


@pytest.mark.parametrize("value, message", [
    (np.ones(3), r"covariate speed must have shape \(4,\)"),
    (np.array([1.0, np.nan, 1.0, 1.0]), "covariate speed has 1 non-finite"),
    (np.array(list("abcd")), "covariate speed must be numeric"),
])
def test_bad_covariates_are_refused(value, message):
    with pytest.raises(DataError, match=message):
        Dataset(X=np.zeros((4, 1, 5)), person=[1, 1, 2, 2], channels=("a",), provenance=Provenance("t", "t"),
                covariates={"speed": value})


def test_a_changed_package_file_is_reported(monkeypatch, tmp_path):
    import movesig.data.formats as formats

    for f in SPEED_FILES:
        shutil.copy(spm1d_data_folder() / f, tmp_path / f)
    np.save(tmp_path / "ex_grf_speeds.npy", np.ones((60, 10)))
    monkeypatch.setattr(formats, "spm1d_data_folder", lambda: tmp_path)
    status, where = available("speed-grf")
    assert status == "checksum mismatch" and "ex_grf_speeds.npy" in where

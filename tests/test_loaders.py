"""Every format -> Dataset, on the real files and on small files written in each layout."""

import numpy as np
import pytest
import scipy.io

from conftest import matlab_cell

from movesig.data import DataError, load
from movesig.data.loaders import aeles_task_condition, load_aeles_emg, load_horst_compact, load_npz


# ---------------------------------------------------------------- real data
@pytest.mark.realdata
def test_gaitrec_union_is_194_people_by_5_trials(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir, min_trials=5)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (970, 194, 6, 101)
    assert set(ds.trials_per_person().values()) == {5}
    per_class = {c: len(np.unique(ds.person[ds.condition == c])) for c in np.unique(ds.condition)}
    assert per_class == {"healthy control": 62, "hip": 43, "knee": 52, "ankle": 37}
    assert ds.channels[2] == "affected vertical" and ds.time_axis == "% of stance"
    assert len(ds.provenance.files) == 4 and all(len(f.sha256) == 64 for f in ds.provenance.files)
    # vertical force of stance in body weights: peaks about 1 BW
    assert 0.9 < ds.X[:, 2].max(axis=1).mean() < 1.3


@pytest.mark.realdata
def test_gaitrec_atmm_is_scaled(real_data_dir):
    ds = load("gaitrec-atmm", data_dir=real_data_dir)
    assert (ds.n_trials, ds.n_persons) == (970, 194)
    assert ds.X.min() >= -1e-9 and ds.X.max() <= 1 + 1e-9


@pytest.mark.realdata
def test_emg_7ps(real_data_dir):
    ds = load("emg-pedalling-7ps", data_dir=real_data_dir, min_trials=30)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (210, 7, 8, 200)
    assert ds.channels == ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")
    np.testing.assert_allclose(ds.X.max(axis=2), 1.0)
    assert set(ds.task) == {"pedalling"} and any("inferred" in n for n in ds.provenance.notes)


# ---------------------------------------------------------------- layouts written by the tests
def test_horst_compact_layout_is_transposed(tmp_path):
    rng = np.random.default_rng(0)
    grf = rng.normal(size=(12, 101, 6))
    ja = rng.normal(size=(12, 101, 18))
    onehot = np.eye(3, dtype=np.uint8)[np.repeat([0, 1, 2], 4)]
    path = tmp_path / "Gait_GRF_JA_Label.mat"
    scipy.io.savemat(path, {
        "Feature_GRF_AV": grf, "Feature_GRF_AV_Label": matlab_cell([f"grf{i}" for i in range(6)]),
        "Feature_JA_Lower": ja, "Target_SubjectID": onehot, "Target_Gender": np.array([[0], [1], [0]] * 4),
    })
    ds = load_horst_compact(path, min_trials=4)
    assert ds.X.shape == (12, 6, 101)
    assert ds.X[5, 4, 17] == grf[5, 17, 4]
    assert ds.channels[0] == "grf0" and list(ds.persons) == [0, 1, 2]
    ja_ds = load("horst-2019", file=path, feature="Feature_JA_Lower")
    assert ja_ds.X.shape == (12, 18, 101) and ja_ds.channels[0] == "JA_Lower 0"
    with pytest.raises(DataError, match="no feature set 'Feature_JA_Full'.*found: Feature_GRF_AV, Feature_JA_Lower"):
        load_horst_compact(path, feature="Feature_JA_Full")


def _aeles_file(path, persons, n_columns=78, n_cycles=30):
    rng = np.random.default_rng(1)
    X = rng.random((len(persons) * n_cycles, 8, 200))
    X /= X.max(axis=2, keepdims=True)
    onehot = np.zeros((len(X), n_columns), dtype=np.uint8)
    onehot[np.arange(len(X)), np.repeat(persons, n_cycles)] = 1
    scipy.io.savemat(path, {"Feature": X, "Target_Subject": onehot,
                            "Feature_EMG_Label": matlab_cell(["VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF"])})
    return X


def test_aeles_layout_with_empty_columns(tmp_path):
    path = tmp_path / "Data_Pedalling_80W_Robustness_Day1.mat"
    X = _aeles_file(path, persons=[3, 10, 77])
    ds = load_aeles_emg(path, min_trials=30)
    assert list(ds.persons) == [3, 10, 77] and np.array_equal(ds.X, X)
    assert set(ds.task) == {"pedalling"} and set(ds.condition) == {"80W-day1"}


def test_aeles_study_files_from_the_data_directory(tmp_path):
    _aeles_file(tmp_path / "Data_Walking_Baseline_Day1.mat", persons=[0, 1])
    _aeles_file(tmp_path / "Data_Pedalling_150W_Baseline_Day1.mat", persons=[0, 1])
    ds = load("aeles-2021", data_dir=tmp_path)
    assert ds.n_trials == 120 and set(ds.task) == {"walking", "pedalling"}
    assert set(ds.condition) == {"day1", "150W-day1"} and len(ds.provenance.files) == 2
    with pytest.raises(DataError, match="none of the study's files"):
        load("aeles-2021", data_dir=tmp_path / "empty")


@pytest.mark.parametrize("name, expected", [
    ("Data_Walking_Baseline_Day1.mat", ("walking", "day1")),
    ("Data_Walking_Robustness_Day2.mat", ("walking", "day2")),
    ("Data_Pedalling_150W_Baseline_Day1.mat", ("pedalling", "150W-day1")),
    ("Data_Pedalling_150W_Robustness_Day2.mat", ("pedalling", "150W-day2")),
    ("Data_Pedalling_10perc_Robustness_Day1.mat", ("pedalling", "10perc-day1")),
    ("something.mat", ("unknown", "")),
])
def test_aeles_file_names(name, expected):
    assert aeles_task_condition(name) == expected


def test_npz_round_trip(tmp_path):
    rng = np.random.default_rng(2)
    path = tmp_path / "mine.npz"
    np.savez(path, X=rng.normal(size=(8, 3, 50)), person=np.repeat(["ann", "bob"], 4),
             channels=np.array(["x", "y", "z"]), condition=np.array(["a", "b"] * 4), time_axis="% of cycle")
    ds = load("npz", file=path, min_trials=4)
    assert ds.n_persons == 2 and list(ds.persons) == ["ann", "bob"] and ds.channels == ("x", "y", "z")
    assert ds.provenance.files[0].name == "mine.npz" and ds.time_axis == "% of cycle"


# ---------------------------------------------------------------- bad input: one line naming file and problem
def _one_line(err):
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_truncated_mat(tmp_path):
    path = tmp_path / "Data_Walking_Baseline_Day1.mat"
    _aeles_file(path, persons=[0])
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(DataError) as err:
        load_aeles_emg(path)
    msg = _one_line(err)
    assert str(path) in msg and "truncated or damaged" in msg


def test_mat_without_feature(tmp_path):
    path = tmp_path / "nofeature.mat"
    scipy.io.savemat(path, {"Target_Subject": np.eye(2, dtype=np.uint8)})
    with pytest.raises(DataError) as err:
        load_aeles_emg(path)
    msg = _one_line(err)
    assert str(path) in msg and "missing key(s) Feature" in msg and "found: Target_Subject" in msg


def test_mat_not_one_hot(tmp_path):
    path = tmp_path / "x.mat"
    scipy.io.savemat(path, {"Feature": np.ones((2, 8, 10)), "Target_Subject": np.array([[1, 1], [0, 1]], np.uint8)})
    with pytest.raises(DataError, match=r"Target_Subject is not one-hot in 1 row\(s\) \(first: row 0, sum 2\)"):
        load_aeles_emg(path)


def test_npz_with_nans(tmp_path):
    X = np.ones((4, 2, 10))
    X[1, 0, 3] = np.nan
    path = tmp_path / "withnan.npz"
    np.savez(path, X=X, person=[0, 0, 1, 1], channels=["a", "b"])
    with pytest.raises(DataError) as err:
        load_npz(path)
    msg = _one_line(err)
    assert msg.startswith("withnan.npz:") and "non-finite" in msg and "trial 1, channel 0, time 3" in msg


def test_npz_person_with_too_few_trials(tmp_path):
    path = tmp_path / "few.npz"
    np.savez(path, X=np.ones((7, 2, 10)), person=[0, 0, 0, 1, 1, 1, 2], channels=["a", "b"])
    with pytest.raises(DataError) as err:
        load_npz(path, min_trials=3)
    msg = _one_line(err)
    assert msg.startswith("few.npz:") and "fewer than the 3 trials" in msg and "2 (1)" in msg


def test_npz_missing_and_unknown_arrays(tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, X=np.ones((2, 1, 3)), persons=[0, 1])
    with pytest.raises(DataError, match=r"bad.npz: missing array\(s\) person, channels"):
        load_npz(path)
    path.write_bytes(b"not a zip file")
    with pytest.raises(DataError, match="not a readable .npz file"):
        load_npz(path)

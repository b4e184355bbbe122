"""Every file format -> Dataset, on small files written in each layout, and bad files."""

import numpy as np
import pytest
import scipy.io
from movesig.data import DataError, load
from movesig.data.formats import (
    GAITREC_CLASSES,
    aeles_task_condition,
    load_aeles_emg,
    load_gaitrec,
    load_horst_compact,
    load_npz,
)

from tests.helpers import matlab_cell, write_aeles_file

GRF_LABELS = [f"ground reaction force - {side} foot - {comp}" for side in ("affected", "unaffected")
              for comp in ("anterior-posterior shear force", "medio-lateral shear force", "vertical force")]


def _gaitrec_file(path, persons, classes, value):
    n = len(persons)
    scipy.io.savemat(path, {"Feature": np.full((n, 6, 101), value),
                            "Target_Subject": np.eye(5, dtype=np.uint8)[persons],
                            "Target_Injury": np.eye(4, dtype=np.uint8)[classes],
                            "Feature_GRF_AV_Label": matlab_cell(GRF_LABELS)})


def test_gaitrec_union_keeps_each_person_from_the_first_file(tmp_path):
    _gaitrec_file(tmp_path / "a.mat", persons=[3, 0, 3], classes=[0, 1, 0], value=1.0)
    _gaitrec_file(tmp_path / "b.mat", persons=[0, 4], classes=[1, 2], value=2.0)
    ds = load_gaitrec([tmp_path / "a.mat", tmp_path / "b.mat"], "atMM")
    assert list(ds.person) == [0, 3, 3, 4] and list(ds.X[:, 0, 0]) == [1.0, 1.0, 1.0, 2.0]
    assert list(ds.condition) == [GAITREC_CLASSES[i] for i in (1, 0, 0, 2)]
    assert ds.channels[:3] == ("affected anterior-posterior", "affected medio-lateral", "affected vertical")
    assert len(ds.provenance.files) == 2 and "min-max" in ds.units and len(ds.provenance.notes) == 2
    with pytest.raises(DataError, match="unknown normalisation 'raw'"):
        load_gaitrec([tmp_path / "a.mat"], "raw")


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
    assert set(ds.condition) == {"sex=0", "sex=1"}
    ja_ds = load("horst-2019", file=path, feature="Feature_JA_Lower")
    assert ja_ds.X.shape == (12, 18, 101) and ja_ds.channels[0] == "JA_Lower 0"
    assert ja_ds.provenance.title.endswith("compact file, Feature_JA_Lower") and ja_ds.units == "degrees"
    with pytest.raises(DataError, match="no feature set 'Feature_JA_Full'.*found: Feature_GRF_AV, Feature_JA_Lower"):
        load_horst_compact(path, feature="Feature_JA_Full")


def test_aeles_layout_with_empty_columns(tmp_path):
    path = tmp_path / "Data_Pedalling_80W_Robustness_Day1.mat"
    X = write_aeles_file(path, persons=[3, 10, 77])
    ds = load_aeles_emg(path, min_trials=30)
    assert list(ds.persons) == [3, 10, 77] and np.array_equal(ds.X, X)
    assert set(ds.task) == {"pedalling"} and set(ds.condition) == {"80W-day1"}


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
    write_aeles_file(path, persons=[0])
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
    with pytest.raises(DataError, match="not a .npz file: it looks like text"):
        load_npz(path)
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DataError, match="not a readable .npz file"):
        load_npz(path)


def test_npz_person_ids_of_numbers_or_bytes_stay_readable(tmp_path):
    """Numbers are kept as they are (and round-trip); bytes (MATLAB, h5py) are read as their UTF-8 text."""
    from movesig.data.formats import save_npz

    X = np.random.default_rng(3).normal(size=(4, 2, 10))
    np.savez(tmp_path / "numbers.npz", X=X, person=[7, 7, 12, 12], channels=["a", "b"])
    ds = load_npz(tmp_path / "numbers.npz")
    assert list(ds.persons) == [7, 12] and ds.trials_per_person() == {7: 2, 12: 2}
    assert list(load_npz(save_npz(ds, tmp_path / "again.npz")).person) == [7, 7, 12, 12]
    np.savez(tmp_path / "bytes.npz", X=X, person=np.array([b"007", b"007", b"7", b"7"]),
             channels=np.array([b"a", b"b"]))
    ds = load_npz(tmp_path / "bytes.npz")
    assert list(ds.person) == ["007", "007", "7", "7"] and ds.channels == ("a", "b")

"""The generators' calibration to real data: stored fits are reproducible, and the generators follow them."""

import numpy as np
import pytest
from movesig.data import DataError, load, make_gait
from movesig.data.synthetic.calibration import CALIBRATIONS, calibrate, load_calibration
from movesig.data.synthetic.emg import EMG_CALIBRATION, calibrate_emg


def test_stored_gait_calibration_says_where_it_comes_from():
    cal = load_calibration("gaitrec-healthy")
    assert cal.mean.shape == (6, 101) and cal.between.shape[1:] == cal.within.shape[1:] == (6, 101)
    assert cal.source["dataset"] == "gaitrec" and cal.source["selection"] == "healthy controls"
    assert cal.source["n_persons"] == 62 and len(cal.source["files"]) == 4 and "CC BY" in cal.source["licence"]
    assert np.all(cal.within_sd > 0)
    with pytest.raises(DataError, match="no such stored calibration"):
        load_calibration("nowhere")


@pytest.mark.realdata
def test_the_stored_fits_are_reproduced_from_the_real_files(real_data_dir):
    healthy = load("gaitrec", data_dir=real_data_dir).select(condition="healthy control")
    again = calibrate(healthy, selection="healthy controls")
    stored = load_calibration("gaitrec-healthy")
    np.testing.assert_allclose(again.mean, stored.mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(again.within_sd, stored.within_sd, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(again.between_sd, stored.between_sd, rtol=1e-4, atol=1e-6)
    assert again.source["files"] == stored.source["files"]
    fit = calibrate_emg(load("emg-pedalling-7ps", data_dir=real_data_dir))
    assert fit["cycle_sd"] == pytest.approx(EMG_CALIBRATION["cycle_sd"], rel=0.01)
    assert fit["between_scale"] == pytest.approx(EMG_CALIBRATION["between_scale"], rel=0.01)
    assert fit["within_sd"] == pytest.approx(EMG_CALIBRATION["within_sd"], rel=0.01)


def test_calibrated_gait_varies_as_the_calibration_says():
    ds, truth = make_gait(n_persons=300, n_trials=4, effect_size=0.0, seed=2)
    cal = load_calibration(CALIBRATIONS["gaitrec-healthy"])
    person = ds.person
    means = np.stack([ds.X[person == p].mean(axis=0) for p in range(300)])
    within = np.sqrt(np.mean([ds.X[person == p].var(axis=0, ddof=1) for p in range(300)], axis=0))
    np.testing.assert_allclose(np.median(within / cal.within_sd), 1.0, atol=0.05)
    between = np.sqrt(np.clip(means.var(axis=0, ddof=1) - within ** 2 / 4, 0, None))
    np.testing.assert_allclose(np.median(between / cal.between_sd), 1.0, atol=0.1)
    np.testing.assert_allclose(truth.means["walking"].mean(axis=0), cal.mean, atol=0.05)
    with pytest.raises(DataError, match="effect_size must be at least 0"):
        make_gait(n_persons=3, effect_size=-1.0)
    with pytest.raises(DataError, match="not n_times=50"):
        make_gait(n_persons=3, n_times=50)

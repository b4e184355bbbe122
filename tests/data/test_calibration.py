"""The generators' calibration to real data: stored fits are reproducible, and the generators follow them."""

import errno
import os

import numpy as np
import pytest
from movesig.data import DataError, load, make_emg, make_gait
from movesig.data.cards import load_calibration
from movesig.data.synthetic import gait
from movesig.data.synthetic.bursts import PEDALLING_BURSTS, burst_parameters, fit_bursts
from movesig.data.synthetic.calibration import (
    CALIBRATIONS,
    Calibration,
    Recipe,
    cached,
    calibrate,
    read_calibration,
)
from movesig.data.synthetic.emg import EMG_CALIBRATION
from movesig.data.synthetic.emg_calibration import calibrate_emg


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
    emg = load("emg-pedalling-7ps", data_dir=real_data_dir)
    bursts = fit_bursts(emg)
    for name in ("peak", "onset", "offset", "width", "floor"):
        for stat, values in PEDALLING_BURSTS[name].items():
            np.testing.assert_allclose(bursts[name][stat], values, atol=6e-4, err_msg=f"{name} {stat}")
    fit = calibrate_emg(emg)
    for name in ("cycle_sd", "within_scale", "between_scale", "within_sd"):
        assert fit[name] == pytest.approx(EMG_CALIBRATION[name], rel=0.01), name
    np.testing.assert_allclose(fit["synthetic"], fit["real"], rtol=0.05)  # the three matched statistics


def test_the_generator_takes_the_calibration_it_is_handed(tmp_path):
    """The synthetic generator reads no data set: a saved calibration gives what the named one gives."""
    path = load_calibration("gaitrec-healthy").save(tmp_path / "healthy.npz")
    ds, truth = gait.make_gait(n_persons=4, n_trials=3, seed=5, calibration=path)
    named, named_truth = make_gait(n_persons=4, n_trials=3, seed=5)
    np.testing.assert_array_equal(ds.X, named.X)
    np.testing.assert_array_equal(truth.mask(), named_truth.mask())
    uncalibrated, _ = gait.make_gait(n_persons=4, n_trials=3, seed=5)
    np.testing.assert_array_equal(uncalibrated.X, make_gait(n_persons=4, n_trials=3, seed=5, calibration=None)[0].X)
    with pytest.raises(DataError, match="no such file"):
        gait.make_gait(n_persons=4, calibration="gaitrec-healthy")  # names are the cards' to fit


def test_burst_parameters_find_a_known_burst():
    """A Gaussian burst on a floor: its peak, half-maximum width, onset and offset are where they were put."""
    t = np.arange(200)
    sd = 10.0
    X = 0.05 + np.exp(-0.5 * ((t - 190) / sd) ** 2) + np.exp(-0.5 * ((t + 10) / sd) ** 2)  # centre 190, wraps
    p = burst_parameters(X[None, None, :])
    fwhm = 2 * np.sqrt(2 * np.log(2)) * sd / 200
    assert p["peak"][0, 0] == pytest.approx(0.95)
    assert p["width"][0, 0] == pytest.approx(fwhm, abs=1.5 / 200)
    assert p["onset"][0, 0] == pytest.approx(0.95 - fwhm / 2, abs=1 / 200)
    assert p["offset"][0, 0] == pytest.approx((0.95 + fwhm / 2) % 1, abs=1 / 200)
    assert p["floor"][0, 0] == pytest.approx(0.05, abs=0.01)
    with pytest.raises(ValueError, match="shape"):
        burst_parameters(X)


def test_synthetic_pedalling_bursts_follow_the_burst_model():
    """Timing, width and floor of synthetic pedalling cycles are those of the fitted model, muscle by muscle."""
    ds, _ = make_emg(n_persons=60, n_cycles=10, tasks=("pedalling",), effect_size=0.0, seed=4)
    got = fit_bursts(ds)
    for name in ("peak", "width", "floor"):
        np.testing.assert_allclose(got[name]["mean"], PEDALLING_BURSTS[name]["mean"], atol=0.04, err_msg=name)
    # the between-person spread of the peak time follows the model's (scaled by between_scale)
    ratio = np.median(np.asarray(got["peak"]["between_sd"]) / np.asarray(PEDALLING_BURSTS["peak"]["between_sd"]))
    assert 0.6 < ratio < 1.6


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


# ---------------------------------------------------------------- the cache: damaged files, folders that cannot be written
def _small_fit(calls):
    def fit():
        calls.append(1)
        ds, _ = make_gait(n_persons=4, n_trials=3, n_times=101, seed=1, calibration=None)
        return calibrate(ds, n_between=2, n_within=2, selection="test")
    return fit


RECIPE = Recipe("synthetic-gait", "any", "test")


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b"", lambda b: b"PK\x03\x04" + b"\0" * 40,
                                    lambda b: b"not a calibration"], ids=["cut-short", "empty", "bad-zip", "text"])
def test_a_damaged_cache_file_is_fitted_again_and_replaced(damage, tmp_path, monkeypatch):
    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path))
    calls = []
    first = cached(RECIPE, "pin", _small_fit(calls))
    path, = (tmp_path / "calibrations").glob("*.npz")
    path.write_bytes(damage(path.read_bytes()))
    with pytest.warns(UserWarning, match=f"calibration {path}: not a readable calibration file .*fitted again and "
                                         "replaced"):
        again = cached(RECIPE, "pin", _small_fit(calls))
    assert len(calls) == 2 and read_calibration(path).source == first.source
    np.testing.assert_array_equal(again.within, first.within)
    assert cached(RECIPE, "pin", _small_fit(calls)).source == first.source and len(calls) == 2  # read, not fitted


def test_a_damaged_calibration_of_the_user_is_refused_naming_it(tmp_path):
    path = tmp_path / "mine.npz"
    path.write_bytes(b"PK\x03\x04 cut")
    with pytest.raises(DataError, match=f"calibration {path}: not a readable calibration file"):
        load_calibration(path)
    assert path.read_bytes() == b"PK\x03\x04 cut"  # the user's file: never replaced


def test_a_cache_folder_that_cannot_be_written_is_not_fatal(tmp_path, monkeypatch):
    """The fit is used from memory, with the numbers the cache gives (float32), and a warning naming the folder."""
    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path / "ok"))
    stored = cached(RECIPE, "pin", _small_fit([]))
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path / "file" / "cache"))  # ENOTDIR, even for root
    with pytest.warns(UserWarning, match=f"could not be kept in {tmp_path / 'file' / 'cache' / 'calibrations'} .*"
                                         "set MOVESIG_CACHE_DIR to a folder you can write"):
        memory = cached(RECIPE, "pin", _small_fit([]))
    for name in ("mean", "between", "within", "residual_sd"):
        np.testing.assert_array_equal(getattr(memory, name), getattr(stored, name))
    assert memory.source == stored.source and memory.channels == stored.channels


def test_a_read_only_cache_folder_is_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path))
    if os.geteuid() == 0:  # root writes anywhere: the write fails as in a read-only folder
        def read_only(self, path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        monkeypatch.setattr(Calibration, "save", read_only)
    else:
        (tmp_path / "calibrations").mkdir()
        (tmp_path / "calibrations").chmod(0o555)
    with pytest.warns(UserWarning, match="Read-only file system|Permission denied"):
        cal = cached(RECIPE, "pin", _small_fit([]))
    assert cal.mean.shape == (6, 101) and not list((tmp_path / "calibrations").glob("*"))


def test_the_command_line_replaces_a_damaged_cached_calibration(real_data_dir, tmp_path, monkeypatch, capsys):
    """``movesig info synthetic-gait`` with the cached GaitRec fit cut short: one warning line, then the data."""
    from movesig.cli import main
    from movesig.data import cards

    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("MOVESIG_DATA_DIR", str(real_data_dir))
    cards._fitted.cache_clear()
    try:
        load_calibration("gaitrec-healthy")
        path, = (tmp_path / "calibrations").glob("gaitrec-*.npz")
        path.write_bytes(path.read_bytes()[:1000])
        cards._fitted.cache_clear()
        capsys.readouterr()
        assert main(["info", "synthetic-gait", "--option", "n_persons", "3", "--json"]) == 0
    finally:
        cards._fitted.cache_clear()  # the next test's cache folder is another one
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"movesig: warning: calibration {path}: not a readable")
    assert "fitted again and replaced" in err and read_calibration(path).source["n_persons"] == 62

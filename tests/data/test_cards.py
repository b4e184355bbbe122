"""The data cards and loading by name: every card's facts, the registry, the real and study sets."""

import re

import numpy as np
import pytest
from movesig.data import (
    CARDS,
    CATALOG,
    DataCard,
    DataError,
    available,
    load,
    load_with_truth,
    make_emg,
)
from movesig.data.cards import AELES_STUDY_FILES, KINDS
from movesig.data.fetch import REGISTRY, RemoteFile
from movesig.data.formats import aeles_task_condition

from tests.helpers import write_aeles_file

SHA256 = re.compile(r"[0-9a-f]{64}")


# ---------------------------------------------------------------- the cards
@pytest.mark.parametrize("card", CARDS.values(), ids=list(CARDS))
def test_every_card_says_what_it_is_and_how_to_cite_it(card):
    assert isinstance(card, DataCard) and card.kind in KINDS
    assert card.title and card.citation and card.licence
    if card.kind == "real" and card.package:  # real data shipped inside an installed package, checksums pinned
        from movesig.data.formats.spm1d_speed import SPEED_SHA256

        assert card.doi and set(card.files) == set(SPEED_SHA256)
        assert all(SHA256.fullmatch(v) for v in SPEED_SHA256.values())
    elif card.kind == "real":
        assert card.files and card.doi
        for f in card.files:
            assert isinstance(f, RemoteFile)
            assert f.url.startswith("https://") and f.url.endswith("/" + f.name)
            assert SHA256.fullmatch(f.sha256), f"{f.name}: {f.sha256!r} is not a SHA-256"
    elif card.kind == "study":
        assert card.files and all(isinstance(f, str) for f in card.files)


def test_registry_is_every_real_cards_files():
    real = [f for c in CARDS.values() if c.kind == "real" and not c.package for f in c.files]
    assert list(REGISTRY.values()) == real and len(REGISTRY) == 9
    assert all(f.url.startswith("https://raw.githubusercontent.com/") for f in REGISTRY.values())
    assert CATALOG is CARDS


def test_provenance_comes_from_the_card():
    ds, truth = load_with_truth("synthetic-gait", n_persons=3, n_trials=2)
    card = CARDS["synthetic-gait"]
    assert ds.provenance.citation == card.citation and ds.provenance.licence == card.licence
    assert truth.mask().shape == (3, 6, 101)


def test_unknown_name_and_options():
    with pytest.raises(DataError, match="unknown data set 'nope'; known: gaitrec"):
        load("nope")
    with pytest.raises(DataError, match="emg-pedalling-7ps: unknown option"):
        load("emg-pedalling-7ps", colour="red")
    with pytest.raises(DataError, match="make_gait: .*colour"):
        load("synthetic-gait", colour="red")


def test_available_without_files(tmp_path):
    assert available("synthetic-emg") == ("yes", "generated on demand")
    assert available("npz") == ("yes", "give --file")
    assert available("horst-2019", tmp_path) == ("no", "put the study's files in the data directory")


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
    assert ds.provenance.citation == CARDS["gaitrec"].citation and ds.provenance.licence == "CC BY 4.0"
    # vertical force of stance in body weights: peaks about 1 BW
    assert 0.9 < ds.X[:, 2].max(axis=1).mean() < 1.3


@pytest.mark.realdata
def test_gaitrec_atmm_is_scaled(real_data_dir):
    ds = load("gaitrec-atmm", data_dir=real_data_dir)
    assert (ds.n_trials, ds.n_persons) == (970, 194)
    assert ds.X.min() >= -1e-9 and ds.X.max() <= 1 + 1e-9
    assert available("gaitrec-atmm", real_data_dir)[0] == "yes"


@pytest.mark.realdata
def test_emg_7ps(real_data_dir):
    ds = load("emg-pedalling-7ps", data_dir=real_data_dir, min_trials=30)
    assert (ds.n_trials, ds.n_persons, ds.n_channels, ds.n_times) == (210, 7, 8, 200)
    assert ds.channels == ("VL", "RF", "VM", "GL", "GM", "SOL", "TA", "BF")
    np.testing.assert_allclose(ds.X.max(axis=2), 1.0)
    assert set(ds.task) == {"pedalling"} and any("inferred" in n for n in ds.provenance.notes)


# ---------------------------------------------------------------- the study's files, written small
def test_aeles_study_files_from_the_data_directory(tmp_path):
    write_aeles_file(tmp_path / "Data_Walking_Baseline_Day1.mat", persons=[0, 1], n_columns=8)
    write_aeles_file(tmp_path / "Data_Pedalling_150W_Baseline_Day1.mat", persons=[0, 1], n_columns=8)
    ds = load("aeles-2021", data_dir=tmp_path)
    assert ds.n_trials == 120 and set(ds.task) == {"walking", "pedalling"}
    assert set(ds.condition) == {"day1", "150W-day1"} and len(ds.provenance.files) == 2
    assert ds.provenance.name == "aeles-2021" and "study's own files" in ds.provenance.title
    assert load("aeles-2021", data_dir=tmp_path, conditions="day1").n_trials == 60
    assert available("aeles-2021", tmp_path) == ("yes", f"2 of {len(AELES_STUDY_FILES)} files in {tmp_path}")
    with pytest.raises(DataError, match="none of the study's files"):
        load("aeles-2021", data_dir=tmp_path / "empty")


def test_every_study_file_is_one_condition_of_the_study():
    ds, _ = make_emg(n_persons=2, n_cycles=2, conditions="all")
    assert sorted(map(aeles_task_condition, AELES_STUDY_FILES)) == sorted(set(zip(ds.task, ds.condition)))


def test_horst_by_name_needs_its_file(tmp_path):
    with pytest.raises(DataError, match="horst-2019: Gait_GRF_JA_Label.mat not found"):
        load("horst-2019", data_dir=tmp_path)

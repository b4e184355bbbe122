"""The uniqueness chapter's study: its claims say no where people carry no signal, and it tests across sessions
where the data name them."""

import dataclasses

import numpy as np
import pytest
from movesig.data import make_gait
from movesig.studies.uniqueness import Uniqueness, enrolment_sizes

PARAMS = {"dataset": "synthetic-gait", "sizes": [2, 4], "n_draws": 2, "n_boot": 100, "n_jobs": 1}


def _study(data, tmp_path):
    study = Uniqueness(PARAMS, tmp_path)
    study.__dict__["data"] = data  # the data the parameters would load, handed over
    study.dataset = data
    return study


@pytest.fixture(scope="module")
def gait():
    return make_gait(n_persons=8, n_trials=10, seed=3)[0]


def test_without_a_person_signal_no_claim_is_supported(gait, tmp_path):
    noise = dataclasses.replace(gait, X=np.random.default_rng(0).normal(size=gait.X.shape))
    study = _study(noise, tmp_path)
    verdicts = {c.id: c.verdict for name in ("verification", "open_set") for c in getattr(study, name)().claims}
    assert verdicts["uniqueness/verification-accuracy"] != "supported"
    assert verdicts["uniqueness/open-set-accuracy"] != "supported"
    real = _study(gait, tmp_path)
    assert real.verification().claims[0].verdict == "supported"  # the same test says yes where people differ


@pytest.mark.parametrize("sizes, people, expected", [
    ([10, 20, 50, 100], 194, [10, 20, 50, 100, 194]),  # GaitRec: the sizes asked, then everyone
    ([10, 20, 50, 100], 10, [2, 3, 4, 7, 10]),  # the speed data: too few people for the sizes asked
    ([10, 20, 50, 100], 7, [2, 3, 4, 5, 7]),  # the pedalling EMG
    ([3, 300], 30, [2, 4, 8, 15, 30]),  # one size below everyone is not a curve
])
def test_capacity_sizes_climb_to_everyone_with_at_least_two_below(sizes, people, expected):
    assert enrolment_sizes(sizes, people) == expected


def test_capacity_fits_every_size_and_says_what_its_extrapolation_is(gait, tmp_path):
    section = _study(gait, tmp_path).capacity()
    assert section.record["capacity"]["sizes"] == [2, 4, 8]
    assert set(section.record["capacity"]["fit"]["predicted"]) == {"671", "2295"}
    assert any("plain log-linear fit" in i for i in section.items if isinstance(i, str))
    assert section.claims[0].id == "uniqueness/capacity-drop"


def test_sessions_are_tested_across_days_where_the_data_name_them(gait, tmp_path):
    no = _study(gait, tmp_path).sessions()
    assert "names no session" in no.items[0] and not no.claims
    session = np.zeros(gait.n_trials)
    for k in gait.persons:  # each person's first 6 trials on day 1, the last 4 on day 8
        mine = np.flatnonzero(gait.person == k)
        session[mine[6:]] = 8
    days = dataclasses.replace(gait, covariates={"session": session})
    section = _study(days, tmp_path).sessions()
    (claim,) = section.claims
    assert claim.id == "uniqueness/across-sessions-accuracy" and claim.n == 8
    assert len(section.items[0]) == 2  # across sessions, and within the earlier sessions beside it

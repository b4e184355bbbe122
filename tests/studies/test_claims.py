"""Claims: the verdict follows from the numbers by one rule, and a claim's record has exactly its keys."""

import math

import numpy as np
import pytest
from movesig.studies.claims import (
    CLAIM_KEYS,
    Claim,
    Reference,
    accuracy_claim,
    accuracy_difference,
    claim_from_dict,
    render,
)

CHANCE = Reference("chance", 0.1)


def _claim(lo, hi, control=0.2, n=10):
    return Claim("test/accuracy", "People are recognised.", (lo + hi) / 2, (lo, hi), "people", n, CHANCE,
                 None if control is None else Reference("labels shuffled", control))


@pytest.mark.parametrize("lo, hi, control, n, verdict", [
    (0.5, 0.9, 0.2, 10, "supported"),          # above chance and above the control
    (0.15, 0.9, 0.2, 10, "inconclusive"),      # the interval reaches below the control
    (0.01, 0.09, 0.2, 10, "not supported"),    # at or below chance
    (0.12, 0.19, 0.2, 10, "not supported"),    # above chance, but the control does as well
    (0.5, 0.9, None, 10, "inconclusive"),      # no control that could have said no
    (0.01, 0.05, None, 10, "not supported"),   # ... but below chance is still a no
    (0.5, 0.9, 0.2, 1, "inconclusive"),        # one unit: no interval to speak of
    (float("nan"), 0.9, 0.2, 10, "inconclusive"),
])
def test_the_verdict_is_computed_from_interval_baseline_and_control(lo, hi, control, n, verdict):
    assert _claim(lo, hi, control, n).verdict == verdict


def test_a_claim_record_has_exactly_the_claim_keys_and_renders_its_verdict():
    record = _claim(0.5, 0.9).as_dict()
    assert tuple(record) == CLAIM_KEYS
    assert record["verdict"] == "supported" and record["interval"] == [0.5, 0.9]
    assert "Verdict: supported" in render(record) and "70.00 %" in render(record)  # an accuracy, in percent
    assert claim_from_dict(record).as_dict() == record
    nan = _claim(0.5, 0.9)
    nan = Claim(nan.id, nan.statement, math.nan, nan.interval, nan.unit, nan.n, nan.baseline, nan.control)
    assert nan.as_dict()["estimate"] is None  # JSON has no NaN


def test_a_renamed_field_or_a_verdict_typed_by_hand_fails():
    record = _claim(0.5, 0.9).as_dict()
    renamed = {("ci" if k == "interval" else k): v for k, v in record.items()}
    with pytest.raises(KeyError, match="missing \\['interval'\\], unknown \\['ci'\\]"):
        render(renamed)
    with pytest.raises(ValueError, match="stored verdict 'not supported', its numbers give 'supported'"):
        render(record | {"verdict": "not supported"})


class _Result:
    def __init__(self, person, predicted, fold):
        self.person, self.predicted, self.fold = np.asarray(person), np.asarray(predicted), np.asarray(fold)


def test_accuracy_claims_resample_people_not_trials():
    person = np.repeat(np.arange(6), 4)
    right = _Result(person, person, np.tile(np.arange(4), 6))
    wrong = person.copy()
    wrong[person == 0] = 1  # person 0 never recognised
    half = _Result(person, wrong, np.tile(np.arange(4), 6))
    claim = accuracy_claim("t/accuracy", half, seed=0, statement="s")
    assert claim.n == 6 and claim.unit == "people"
    assert claim.estimate == pytest.approx(5 / 6) and claim.baseline.value == pytest.approx(1 / 6)
    assert claim.interval[0] < 5 / 6 < claim.interval[1] <= 1
    diff = accuracy_difference(right, half, seed=0)
    assert diff.mean == pytest.approx(1 / 6) and diff.n == 6 and diff.low >= 0
    untested = _Result(person, wrong, np.where(person == 0, -1, 0))  # person 0's trials were never tested
    assert accuracy_claim("t/accuracy", untested, seed=0, statement="s").estimate == pytest.approx(1.0)


def test_a_headline_drops_only_the_closing_parenthesis():
    from movesig.studies.claims import headline

    assert headline("Of 9 models, Linear SVM (C = 0.1) wins (difference; GaitRec (real), 194 people).") == \
        "Of 9 models, Linear SVM (C = 0.1) wins"
    assert headline("A plain statement.") == "A plain statement"
    assert headline("Linear SVM (C = 0.1)") == "Linear SVM"

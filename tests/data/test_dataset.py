"""The Dataset type: shapes, checks, selection and stacking."""

import numpy as np
import pytest
from movesig.data import DataError, Dataset, Provenance, SourceFile
from movesig.data.dataset import concatenate

PROV = Provenance("test", "test data", files=(SourceFile("mine.npz"),))


def make(X=None, person=None, channels=("a", "b"), **kw):
    X = np.random.default_rng(0).normal(size=(6, 2, 5)) if X is None else X
    person = np.repeat([1, 2, 3], 2) if person is None else person
    return Dataset(X=X, person=person, channels=channels, provenance=PROV, **kw)


def test_valid_dataset_has_shapes_and_is_read_only():
    ds = make(task="walking")
    assert (ds.n_trials, ds.n_channels, ds.n_times, ds.n_persons) == (6, 2, 5, 3)
    assert ds.X.dtype == np.float64 and ds.flat().shape == (6, 10)
    assert set(ds.task) == {"walking"} and ds.trials_per_person() == {1: 2, 2: 2, 3: 2}
    with pytest.raises(ValueError):
        ds.X[0, 0, 0] = 1.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"X": np.zeros((6, 10))}, "must have shape (n_trials, n_channels, n_times)"),
        ({"person": np.arange(5)}, "person must have shape (6,)"),
        ({"channels": ("a",)}, "1 channel name(s) for 2 channel(s)"),
        ({"channels": ("a", "a")}, "duplicate channel name(s): a"),
        ({"task": ["x"] * 4}, "task must have shape (6,)"),
    ],
)
def test_bad_shapes_are_named(kwargs, message):
    with pytest.raises(DataError) as err:
        make(**kwargs)
    assert message in str(err.value)
    assert str(err.value).startswith("mine.npz:")


def test_non_finite_values_are_located():
    X = np.ones((6, 2, 5))
    X[3, 1, 4] = np.nan
    with pytest.raises(DataError, match=r"mine.npz: X has 1 non-finite value\(s\).*trial 3, channel 1, time 4"):
        make(X=X)


def test_person_with_too_few_trials():
    person = np.array([1, 1, 1, 2, 2, 3])
    with pytest.raises(DataError, match=r"1 person\(s\) have fewer than the 2 trials.*3 \(1\)") as err:
        make(person=person, min_trials=2)
    assert "\n" not in str(err.value)
    assert make(person=person, min_trials=1).n_persons == 3


def test_selection_keeps_labels_and_notes():
    ds = make(task=np.array(["w", "p"] * 3), condition="day1")
    walking = ds.select(task="w")
    assert walking.n_trials == 3 and set(walking.task) == {"w"}
    assert np.array_equal(walking.X, ds.X[::2])
    first = ds.first_persons(2)
    assert list(first.persons) == [1, 2] and "first 2 persons" in first.provenance.notes[-1]
    with pytest.raises(DataError, match="no trials with task='run'"):
        ds.select(task="run")


def test_concatenate_checks_channels():
    a, b = make(), make(channels=("a", "c"))
    assert concatenate([a, a]).n_trials == 12
    with pytest.raises(DataError, match="do not match"):
        concatenate([a, b])

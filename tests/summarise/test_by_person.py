"""Per-person summaries: grouping trials by person and their mean; the persons a page draws."""

import numpy as np
import pytest
from movesig.studies._page import pick_persons
from movesig.summarise import group, mean_by_person


def test_mean_by_person():
    r = np.abs(np.random.default_rng(0).normal(size=(10, 3, 4)))
    persons, means = mean_by_person(r, np.repeat([7, 9], 5))
    assert list(persons) == [7, 9] and np.allclose(means[1], r[5:].mean(axis=0))
    chosen, some = mean_by_person(r, np.repeat([7, 9], 5), [9])
    assert list(chosen) == [9] and np.array_equal(some[0], means[1])
    with pytest.raises(ValueError, match="not in the data"):
        mean_by_person(r, np.repeat([7, 9], 5), [8])
    order, ids, starts, counts = group(np.array([2, 1, 2, 1, 1]))
    assert list(order) == [1, 3, 4, 0, 2] and list(ids) == [1, 2] and list(starts) == [0, 3] and list(counts) == [3, 2]


def test_pick_persons():  # movesig.studies._page: the persons a chapter page draws
    assert list(pick_persons(np.arange(10), 3)) == [0, 4, 9]
    assert list(pick_persons(np.arange(10), 3, [2, 5])) == [2, 5]
    with pytest.raises(ValueError, match="not in the data"):
        pick_persons(np.arange(10), 3, [42])

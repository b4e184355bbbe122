import numpy as np
import pytest
from movesig.data import DataError
from movesig.splits import PersonChunkSplit

Y = np.repeat(np.arange(7), 30)


def test_chunks_follow_the_papers_protocol():
    splitter = PersonChunkSplit(n_splits=10, random_state=1234)
    chunk = splitter.chunks(Y)
    # every person has 3 trials in every chunk
    for p in np.unique(Y):
        assert np.array_equal(np.bincount(chunk[Y == p], minlength=10), np.full(10, 3))
    tested = np.zeros(len(Y), int)
    for k, (train, val, test) in enumerate(splitter.split_with_validation(None, Y)):
        assert np.all(chunk[test] == k) and np.all(chunk[val] == (k + 1) % 10)
        assert len(np.intersect1d(train, np.concatenate([val, test]))) == 0
        assert len(train) + len(val) + len(test) == len(Y)
        tested[test] += 1
    assert np.all(tested == 1)


def test_chunks_are_seeded_and_shuffled():
    a = PersonChunkSplit(10, random_state=1234).chunks(Y)
    assert np.array_equal(a, PersonChunkSplit(10, random_state=1234).chunks(Y))
    assert not np.array_equal(a, PersonChunkSplit(10, random_state=1).chunks(Y))
    assert not np.array_equal(a[:30], np.repeat(np.arange(10), 3))  # permuted, not in file order


def test_split_leaves_validation_out():
    s = PersonChunkSplit(5)
    y = np.repeat(np.arange(4), 5)
    train, test = next(s.split(None, y))
    assert len(train) == 12 and len(test) == 4
    with pytest.raises(ValueError, match="at least 3"):
        next(PersonChunkSplit(2).split(None, y))


def test_too_few_trials_for_the_splits():
    y = np.array([0] * 5 + [1] * 4)
    with pytest.raises(DataError, match=r"1 person\(s\) have fewer than n_splits=5 trials \(first: 1 with 4\)"):
        list(PersonChunkSplit(5).split(None, y))

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


def test_blocked_chunks_are_runs_of_consecutive_trials():
    person = np.repeat(["a", "b", "c"], [10, 12, 11])
    person = np.concatenate([person[::2], person[1::2]])  # persons interleaved in the recorded order
    blocked = PersonChunkSplit(n_splits=5, blocked=True)
    chunk = blocked.chunks(person)
    for p in np.unique(person):
        mine = chunk[person == p]
        assert np.all(np.diff(mine) >= 0)  # in recorded order, chunk 0 first, then 1, ...
        assert set(mine) == set(range(5))
    assert np.array_equal(chunk, PersonChunkSplit(5, random_state=99, blocked=True).chunks(person))  # no seed
    random = PersonChunkSplit(n_splits=5).chunks(person)
    assert not all(np.all(np.diff(random[person == p]) >= 0) for p in np.unique(person))
    for train, val, test in blocked.split_with_validation(None, person):
        assert len(np.intersect1d(train, test)) == 0 and len(np.intersect1d(val, test)) == 0


def test_blocked_chunks_expose_accuracy_that_rests_on_neighbouring_trials():
    from movesig.data import Dataset, Provenance
    from movesig.evaluate import CVOptions, ModelPlan, cross_validate
    from movesig.models import LinearSVM

    rng = np.random.default_rng(0)
    n_persons, n_trials = 6, 30
    person = np.repeat(np.arange(n_persons), n_trials)
    # no stable person signal: every person's trials wander (AR(1), the same stationary law for
    # everyone), so a trial is recognised only through its neighbours in time
    state = np.zeros((n_persons, n_trials, 2, 3))
    state[:, 0] = rng.normal(size=(n_persons, 2, 3))
    for t in range(1, n_trials):
        state[:, t] = 0.95 * state[:, t - 1] + 0.3 * rng.normal(size=(n_persons, 2, 3))
    ds = Dataset(X=state.reshape(-1, 2, 3), person=person,
                 channels=("a", "b"), provenance=Provenance("drift", "drift"))
    plan = ModelPlan("svm", LinearSVM(C=0.1))
    random = cross_validate(plan, ds, PersonChunkSplit(5), CVOptions())["svm"].accuracy.mean()
    blocked = cross_validate(plan, ds, PersonChunkSplit(5, blocked=True), CVOptions())["svm"].accuracy.mean()
    assert random > blocked + 0.15  # measured: 0.89 against 0.70


def test_a_learning_curve_trains_on_nested_chunks_and_tests_the_protocols_chunks():
    y = np.repeat(np.arange(4), 5)  # GaitRec's shape: 5 trials per person, 5 chunks
    protocol = list(PersonChunkSplit(5).split_with_validation(None, y))
    previous = None
    for m in range(1, 5):
        folds = list(PersonChunkSplit(5, n_train=m).split_with_validation(None, y))
        for k, (train, val, test) in enumerate(folds):
            assert np.array_equal(test, protocol[k][2]) and len(val) == 0
            assert len(train) == 4 * m and len(np.intersect1d(train, test)) == 0  # m trials of every person
            assert np.array_equal(np.bincount(y[train], minlength=4), np.full(4, m))
            if previous is not None:
                assert set(previous[k][0]) < set(train)  # nested: one more chunk each step
        previous = folds
    assert set(folds[0][0]) == set(protocol[0][0]) | set(protocol[0][1])  # all but the test chunk
    with pytest.raises(ValueError, match="n_train must be from 1 to n_splits - 1 = 4"):
        next(PersonChunkSplit(5, n_train=5).split_with_validation(None, y))


def test_a_session_split_never_puts_one_session_on_both_sides():
    from movesig.splits import SessionSplit

    person = np.array(["a"] * 4 + ["b"] * 5)
    session = np.array([1, 1, 2, 2, 3, 1, 2, 3, 3])
    splitter = SessionSplit(session)
    (train, val, test), = splitter.split_with_validation(None, person)
    assert val.size == 0 and not set(train) & set(test)
    assert sorted(test) == [2, 3, 4, 7, 8]  # a's session 2, b's session 3 (trials 4, 7, 8)
    for p in "ab":
        mine = person == p
        assert set(session[np.intersect1d(train, np.flatnonzero(mine))]).isdisjoint(
            session[np.intersect1d(test, np.flatnonzero(mine))])
    with pytest.raises(DataError, match="one session only"):
        next(SessionSplit(np.array([1, 1, 2, 2, 5, 5, 5, 5, 5])).split_with_validation(None, person))

"""Capacity, verification scores and the open set, by the one cross-validation engine: they can say no."""

import numpy as np
from movesig.data import make_gait
from movesig.data.dataset import Dataset
from movesig.evaluate import CVOptions, ModelPlan, capacity, cross_validate, draws_of_people, open_set_scores, \
    cv_scores
from movesig.models import make_estimator
from movesig.splits import PersonChunkSplit
from movesig.summarise import error_rates, genuine_impostor


def _plan():
    return ModelPlan("svm", make_estimator("linear_svm", C=0.1, standardise="feature", random_state=0))


def test_draws_are_disjoint_where_the_people_suffice():
    persons = np.arange(20)
    draws, disjoint = draws_of_people(persons, 5, 4, seed=0)
    assert disjoint and len(np.unique(np.concatenate(draws))) == 20
    draws, disjoint = draws_of_people(persons, 8, 4, seed=0)
    assert not disjoint and all(len(np.unique(d)) == 8 for d in draws)
    draws, _ = draws_of_people(persons, 20, 4, seed=0)
    assert len(draws) == 1 and draws[0].tolist() == persons.tolist()


def test_verification_separates_real_people_and_not_people_without_a_signal():
    data = make_gait(n_persons=8, n_trials=10, seed=3)[0]
    noise = Dataset(X=np.random.default_rng(0).normal(size=data.X.shape), person=data.person,
                    channels=data.channels, provenance=data.provenance)
    eer = {}
    for name, d in (("people", data), ("noise", noise)):
        r = cross_validate(_plan(), d, PersonChunkSplit(5, 0), CVOptions())["svm"]
        scores, classes = cv_scores(r, d)
        assert np.isfinite(scores).all() and scores.shape == (d.n_trials, 8)
        assert (classes[scores.argmax(axis=1)] == r.predicted).all()  # the scores are the ones it predicted from
        eer[name] = error_rates(*genuine_impostor(scores, classes, d.person)).equal_error_rate()[0]
    assert eer["people"] < 0.1 and eer["noise"] > 0.3


def test_capacity_and_open_set_keep_the_people_apart():
    data = make_gait(n_persons=8, n_trials=10, seed=3)[0]
    draws, disjoint = capacity(_plan(), data, [4, 8], 2, 5, 0)
    assert [d.size for d in draws] == [4, 4, 8] and disjoint == {4: True, 8: True}
    assert all(len(d.accuracy) == d.size and ((0 <= d.accuracy) & (d.accuracy <= 1)).all() for d in draws)
    rounds = open_set_scores(_plan(), data, 0.5, 5, 0)
    assert len(rounds) == 2
    for r in rounds:
        assert not set(r.enrolled) & set(r.stranger)
        assert len(r.best_stranger) == 4 * 10 and len(r.best_enrolled) == 4 * 10
    assert set(rounds[0].enrolled) == set(rounds[1].stranger)

"""Train on one set of trials, test on another: robustness across days."""

import numpy as np
import pytest
from movesig.data import baseline_trials, make_emg
from movesig.evaluate import train_test
from movesig.models import LinearSVM
from movesig.summarise import per_person_correlation


def test_robustness_transfer_and_condition_correlation():
    ds, _ = make_emg(n_persons=6, tasks=("pedalling",), conditions="all", seed=1)
    base = baseline_trials(ds, "pedalling")
    day2 = ds.select(condition="150W-day2")
    tr = train_test(LinearSVM(C=0.01, standardise="none", random_state=0), base, day2)
    assert tr.accuracy.shape == (1,) and tr.accuracy[0] > 0.9 and tr.relevance["epsilon"].shape == day2.X.shape
    assert np.array_equal(tr.person, day2.person) and np.all(tr.fold == 0) and tr.n_test[0] == day2.n_trials
    assert len(tr.models) == 1 and tr.conservation_error < 1e-4
    persons, r = per_person_correlation(base.X, base.person, day2.X, day2.person)
    assert len(persons) == 6 and np.all(r > 0.5)


def test_test_persons_must_have_training_trials():
    ds, _ = make_emg(n_persons=4, tasks=("pedalling",), seed=1)
    with pytest.raises(ValueError, match="have no training trials"):
        train_test(LinearSVM(), ds.first_persons(3), ds)


def test_a_prefit_model_is_tested_as_it_is_and_an_unfitted_one_is_refused():
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    ds, _ = make_emg(n_persons=4, tasks=("pedalling",), conditions="all", seed=1)
    base, day2 = baseline_trials(ds, "pedalling"), ds.select(condition="150W-day2")
    model = LinearSVM(C=0.01, standardise="none", random_state=0)
    fitted = clone(model).fit(base.X, base.person)
    again = train_test(fitted, base, day2, prefit=True)
    fresh = train_test(model, base, day2)
    assert again.models[0] is fitted and np.isnan(again.fit_seconds[0]) and fresh.fit_seconds[0] > 0
    assert np.array_equal(again.predicted, fresh.predicted)
    assert np.allclose(again.relevance["epsilon"], fresh.relevance["epsilon"])
    with pytest.raises(NotFittedError):
        train_test(model, base, day2, prefit=True)
    few = clone(model).fit(base.first_persons(2).X, base.first_persons(2).person)
    with pytest.raises(ValueError, match="have no training trials"):  # the model's classes, not train's, decide
        train_test(few, base, day2, prefit=True)

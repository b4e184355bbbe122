"""Fold-batched training gives what training each fold on its own gives (weights to float round-off)."""

import numpy as np
import pytest
import torch
from movesig.data import make_gait
from movesig.evaluate import CVOptions, cross_validate, registry_plans
from movesig.models import MODELS, fit_folds
from movesig.splits import PersonChunkSplit
from sklearn.base import clone

NETWORKS = [name for name, spec in MODELS.items() if spec.uses_validation]


@pytest.fixture(scope="module")
def problem():
    ds, _ = make_gait(n_persons=6, n_trials=10, seed=2)
    return ds, list(PersonChunkSplit(5, random_state=1).split_with_validation(ds.X, ds.person))


@pytest.mark.parametrize("name", NETWORKS)
def test_batched_folds_equal_folds_trained_one_by_one(problem, name):
    ds, folds = problem
    model = MODELS[name].make(iterations=40, random_state=7).set_params(check_every=10, patience=2)
    batched = fit_folds(model, [(tr, va) for tr, va, _ in folds], ds.X, ds.person)
    for k, (tr, va, te) in enumerate(folds):
        alone = clone(model).set_params(random_state=7 + k).fit(ds.X[tr], ds.person[tr], ds.X[va], ds.person[va])
        assert [h[:2] for h in alone.history_] == [h[:2] for h in batched[k].history_]  # same checks, same stops
        np.testing.assert_allclose([h[2] for h in alone.history_], [h[2] for h in batched[k].history_], rtol=1e-4)
        with torch.no_grad():
            for a, b in zip(alone.network_.parameters(), batched[k].network_.parameters()):
                # float32 round-off of a grouped convolution and batched products, grown over 120 SGD steps
                np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-3, atol=1e-3 * float(a.abs().max()))
        np.testing.assert_allclose(batched[k].decision_function(ds.X[te]), alone.decision_function(ds.X[te]),
                                   rtol=1e-3, atol=1e-4)


def test_the_engine_gives_the_same_accuracy_batched_or_not(problem):
    ds, _ = problem
    splitter = PersonChunkSplit(5, random_state=1)
    options = CVOptions(random_state=3)
    one = cross_validate(registry_plans(["mlp_64"], iterations=30, fold_batched="never"), ds, splitter, options)
    all_ = cross_validate(registry_plans(["mlp_64"], iterations=30, fold_batched="always"), ds, splitter, options)
    np.testing.assert_array_equal(one["mlp_64"].predicted, all_["mlp_64"].predicted)
    np.testing.assert_allclose(one["mlp_64"].relevance["epsilon"], all_["mlp_64"].relevance["epsilon"],
                               rtol=1e-3, atol=1e-5)
    assert registry_plans(["svm_c0.1"], fold_batched="always")[0].fold_batched is False  # SVMs: fold by fold
    for device, batched in (("cpu", False), ("cuda", True)):  # on a CPU one fold at a time is faster
        auto = {p.name: p.fold_batched for p in registry_plans(["mlp_64", "mlp_1024"], device=device)}
        assert auto == {"mlp_64": batched, "mlp_1024": batched}

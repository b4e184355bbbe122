"""The perturbation test: its settings, its noise units, the curves' verdict, and faithfulness on real data."""

import numpy as np
import pytest
from movesig.data import load
from movesig.evaluate import (
    DEFAULT_FRACTIONS,
    NOISE_UNITS,
    CVResult,
    PerturbationTest,
    aopc,
    perturbation_curve,
)
from movesig.evaluate.perturbation import relevance_below_random
from movesig.explain import relevance
from movesig.models import LinearSVM, half_range
from movesig.splits import PersonChunkSplit
from movesig.studies.gait_models import model_summary


def test_bad_perturbation_settings():
    with pytest.raises(ValueError, match="fractions"):
        PerturbationTest(fractions=(0.1, 0.2))
    with pytest.raises(ValueError, match="noise must be one of"):
        PerturbationTest(noise="loud")
    assert PerturbationTest().fractions == DEFAULT_FRACTIONS and DEFAULT_FRACTIONS[0] == 0
    assert NOISE_UNITS == ("feature_range", "channel_range", "scaled")
    with pytest.raises(ValueError, match="order must be"):
        perturbation_curve(None, np.zeros((1, 1, 2)), [0], None, [0], order="backwards")


def _result(random, relevance):
    curves = {"random": np.array([random]), "relevance (epsilon)": np.array([relevance])}
    n = 3
    return CVResult("m", np.array([1.0]), np.zeros(n, int), np.zeros(n), np.zeros(n), {}, {}, float("nan"),
                    np.array([1.0]), np.array([n]), [], np.array([0, 0.05, 0.1, 0.2]), curves)


def test_relevance_below_random_reads_the_curves():
    ev = _result([1.0, 0.9, 0.8, 0.7], [1.0, 0.8, 0.8, 0.6])
    assert relevance_below_random(ev) == {"relevance (epsilon)": {0.05: True, 0.1: False, 0.2: True}}
    with pytest.raises(ValueError, match="share 0.3 is not among"):
        relevance_below_random(ev, [0.3])
    summary = model_summary(ev)
    assert summary["relevance_epsilon_below_random"] == {"5%": True, "10%": False, "20%": True}
    assert summary["aopc_random"] == pytest.approx(aopc([1.0, 0.9, 0.8, 0.7])) == pytest.approx(0.15)
    np.testing.assert_allclose(summary["perturbation_relevance_epsilon"], [1.0, 0.8, 0.8, 0.6])
    assert summary["n_misclassified"] == 0


def test_perturbation_noise_units(gait):
    ds, _ = gait
    X = ds.X
    assert half_range(X, "feature").shape == X.shape[1:] and half_range(X, "channel").shape == (X.shape[1], 1)
    np.testing.assert_allclose(half_range(X, "channel")[:, 0], (X.max(axis=(0, 2)) - X.min(axis=(0, 2))) / 2)
    svm = LinearSVM().fit(X, ds.person)
    r = relevance(svm, X, svm.class_index(ds.person)).relevance
    # zero noise leaves the accuracy as it is; a huge noise unit destroys it
    quiet = perturbation_curve(svm, X, ds.person, r, [0, 0.5], noise_scale=np.zeros(X.shape[1:]),
                               random_state=0, n_repeats=1)
    loud = perturbation_curve(svm, X, ds.person, r, [0, 0.5], noise_scale=100 * half_range(X),
                              random_state=0, n_repeats=1)
    assert quiet[1] == quiet[0] == 1.0 and loud[1] < 0.5
    with pytest.raises(ValueError, match="per must be"):
        half_range(X, "trial")
    # the settings' noise unit in data units
    np.testing.assert_array_equal(PerturbationTest(noise="channel_range").noise_scale(X), half_range(X, "channel"))
    np.testing.assert_array_equal(PerturbationTest().noise_scale(X), half_range(X, "feature"))
    assert PerturbationTest(noise="scaled").noise_scale(X) is None


@pytest.mark.realdata
def test_relevance_order_destroys_accuracy_faster_than_random(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir).first_persons(60)
    train, test = next(PersonChunkSplit(5, random_state=1234).split(ds.X, ds.person))
    svm = LinearSVM(C=0.1, random_state=0).fit(ds.X[train], ds.person[train])
    target = svm.class_index(ds.person[test])
    r = relevance(svm, ds.X[test], target).relevance
    fractions = [0, 0.05, 0.1, 0.2, 0.49]
    by_relevance = perturbation_curve(svm, ds.X[test], ds.person[test], r, fractions, "relevance",
                                      n_repeats=3, random_state=0)
    at_random = perturbation_curve(svm, ds.X[test], ds.person[test], r, fractions, "random",
                                   n_repeats=3, random_state=0)
    assert by_relevance[0] == at_random[0]
    assert np.all(by_relevance[1:4] <= at_random[1:4]) and aopc(by_relevance) > aopc(at_random)

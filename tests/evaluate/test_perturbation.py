"""The perturbation tests: settings, noise units, areas, fold differences, and whether they can say no."""

import contextlib
import copy
from types import SimpleNamespace

import numpy as np
import pytest
from movesig.data import load
from movesig.evaluate import (
    Curve,
    KINDS,
    NOISE_UNITS,
    PAPER_FRACTIONS,
    PerturbationTest,
    aopc,
    fold_differences,
    perturbation_curves,
    uniform_fractions,
)
from movesig.explain import relevance
from movesig.models import LinearSVM, half_range
from movesig.splits import PersonChunkSplit


def test_settings_and_the_papers_grid():
    assert PAPER_FRACTIONS == tuple(round(0.01 * i, 2) for i in range(50))
    assert uniform_fractions(0.45, 0.05) == (0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
    with pytest.raises(ValueError, match="fractions must be increasing"):
        PerturbationTest(fractions=(0.1, 0.2))
    with pytest.raises(ValueError, match="fractions must be increasing"):
        PerturbationTest(fractions=(0, 0.2, 0.1))
    with pytest.raises(ValueError, match="noise must be one of"):
        PerturbationTest(noise="loud")
    with pytest.raises(ValueError, match="kinds must be some of"):
        PerturbationTest(kinds=("erase",))
    X = np.arange(24.0).reshape(2, 3, 4) * np.array([1, 10, 100])[None, :, None]
    per_value, per_channel = (PerturbationTest(noise=n).noise_scale(X) for n in ("feature_range", "channel_range"))
    assert set(NOISE_UNITS) == {"feature_range", "channel_range", "scaled"}
    assert PerturbationTest(noise="scaled").noise_scale(X) is None  # the model's own units
    assert per_value.shape == (3, 4) and np.allclose(per_value, [[6], [60], [600]])  # half of each value's range
    assert per_channel.shape == (3, 1) and np.allclose(per_channel, [[7.5], [75], [750]])  # half of each channel's
    with pytest.raises(ValueError, match="kind must be one of"):
        perturbation_curves(None, np.zeros((1, 1, 2)), [0], {}, [0], kind="erase")
    test = PerturbationTest(n_repeats=10, removal_repeats=3)
    assert [test.repeats(k) for k in KINDS] == [10, 3, 3]
    assert [PerturbationTest(n_repeats=4).repeats(k) for k in KINDS] == [4, 4, 4]
    with pytest.raises(ValueError, match="removal_repeats must be a whole number"):
        PerturbationTest(removal_repeats=0)


def test_aopc_is_an_area_and_fold_differences_have_an_interval():
    f = [0, 0.1, 0.2, 0.4]  # not uniform: the last step counts twice
    assert aopc([1, 0.8, 0.6, 0.2], f) == pytest.approx((0.1 * 0.1 + 0.1 * 0.3 + 0.2 * 0.6) / 0.4)
    assert aopc([1, 0.9, 0.8, 0.7]) == pytest.approx(0.15)
    d = fold_differences([0.5, 0.6, 0.7], [0.1, 0.1, 0.2])
    assert d["mean"] == pytest.approx(0.4666667) and d["low"] < d["mean"] < d["high"] and d["n"] == 3
    assert np.isnan(fold_differences([1.0], [0.0])["low"])


def _fold(gait):
    ds, _ = gait
    train, test = next(PersonChunkSplit(5, random_state=1234).split(ds.X, ds.person))
    svm = LinearSVM(C=0.1, random_state=0).fit(ds.X[train], ds.person[train])
    r = relevance(svm, ds.X[test], svm.class_index(ds.person[test])).relevance
    return ds, train, test, svm, r


def test_additive_noise_units(gait):
    ds, train, test, svm, r = _fold(gait)
    X = ds.X
    assert half_range(X, "feature").shape == X.shape[1:] and half_range(X, "channel").shape == (X.shape[1], 1)
    quiet = perturbation_curves(svm, X[test], ds.person[test], {"epsilon": r}, [0, 0.5], "additive", 1,
                                noise_scale=np.zeros(X.shape[1:]), random_state=0)
    loud = perturbation_curves(svm, X[test], ds.person[test], {"epsilon": r}, [0, 0.5], "additive", 1,
                               noise_scale=100 * half_range(X), random_state=0)
    assert quiet[Curve("additive", "random")][0][1] == quiet[Curve("additive", "random")][0][0] and loud[
        Curve("additive", "random")][0][1] < 0.5
    np.testing.assert_array_equal(PerturbationTest(noise="channel_range").noise_scale(X), half_range(X, "channel"))
    assert PerturbationTest(noise="scaled").noise_scale(X) is None


def test_mean_removal_of_a_linear_models_relevance_removes_exactly_that_relevance(gait):
    ds, train, test, svm, r = _fold(gait)
    Xt, yt = ds.X[test], ds.person[test]
    out = perturbation_curves(svm, Xt, yt, {"epsilon": r}, [0, 1.0], "mean", 1, random_state=0)
    # everything removed: every score is the bias alone
    score_all_removed = out[Curve("mean", "most", "epsilon")][1][1]
    assert score_all_removed == pytest.approx(np.mean(svm.intercept_[svm.class_index(yt)]))
    assert out[Curve("mean", "least", "epsilon")][1][1] == pytest.approx(score_all_removed)


def test_the_removal_test_separates_a_faithful_map_from_a_random_and_an_inverted_one(gait):
    ds, train, test, svm, r = _fold(gait)
    Xt, yt = ds.X[test], ds.person[test]
    f = uniform_fractions(0.3, 0.05)
    rng = np.random.default_rng(0)
    maps = {"faithful": r, "random": rng.normal(size=r.shape), "inverted": -r}
    for kind in ("mean", "other"):
        out = perturbation_curves(svm, Xt, yt, maps, f, kind, n_repeats=3, random_state=1, donors=ds.X[train],
                                  donor_person=ds.person[train])
        area = {(k.order, k.rule): aopc(v[1], f) for k, v in out.items()}  # on the explained score
        random = area["random", None]
        assert area["most", "faithful"] > random > area["least", "faithful"]
        assert area["most", "inverted"] < random  # an inverted map says the wrong values first
        assert abs(area["most", "random"] - random) < 0.25 * (area["most", "faithful"] - random)


def test_leaving_out_the_random_order_leaves_the_relevance_orders_as_they_are(gait):
    ds, train, test, svm, r = _fold(gait)
    Xt, yt = ds.X[test], ds.person[test]
    f = uniform_fractions(0.3, 0.1)
    for kind in KINDS:
        common = dict(n_repeats=2, random_state=4, donors=ds.X[train], donor_person=ds.person[train])
        every = perturbation_curves(svm, Xt, yt, {"epsilon": r}, f, kind, **common)
        ordered = perturbation_curves(svm, Xt, yt, {"epsilon": r}, f, kind, random_order=False, **common)
        assert set(every) - set(ordered) == {Curve(kind, "random")}
        for name, (acc, score) in ordered.items():
            np.testing.assert_array_equal(acc, every[name][0])
            np.testing.assert_array_equal(score, every[name][1])
    with pytest.raises(ValueError, match="nothing to test"):
        perturbation_curves(svm, Xt, yt, {}, f, "mean", random_order=False)


def test_other_needs_donors_of_another_person(gait):
    ds, train, test, svm, r = _fold(gait)
    with pytest.raises(ValueError, match="donor trials"):
        perturbation_curves(svm, ds.X[test], ds.person[test], {"epsilon": r}, [0, 0.5], "other")
    mine = ds.person[train] == ds.person[test][0]
    with pytest.raises(ValueError, match="another person for every test trial"):
        perturbation_curves(svm, ds.X[test][:1], ds.person[test][:1], {"epsilon": r[:1]}, [0, 0.5], "other",
                            donors=ds.X[train][mine], donor_person=ds.person[train][mine])


@pytest.mark.realdata
def test_on_gaitrec_removal_orders_the_curves_and_additive_noise_cannot(real_data_dir):
    ds = load("gaitrec", data_dir=real_data_dir).first_persons(60)
    train, test = next(PersonChunkSplit(5, random_state=1234).split(ds.X, ds.person))
    svm = LinearSVM(C=0.1, random_state=0).fit(ds.X[train], ds.person[train])
    r = relevance(svm, ds.X[test], svm.class_index(ds.person[test])).relevance
    f = uniform_fractions(0.2, 0.05)
    removal = perturbation_curves(svm, ds.X[test], ds.person[test], {"epsilon": r}, f, "mean", 3, random_state=0)
    acc = {(k.order, k.rule): aopc(v[0], f) for k, v in removal.items()}
    assert acc["most", "epsilon"] > acc["random", None] + 0.3 and acc["least", "epsilon"] <= acc["random", None]
    additive = perturbation_curves(svm, ds.X[test], ds.person[test], {"epsilon": r}, f, "additive", 3,
                                   noise_scale=half_range(ds.X), random_state=0)
    acc = {(k.order, k.rule): aopc(v[0], f) for k, v in additive.items()}
    # zero-mean noise: most and least relevant first are about as damaging (sensitivity, not faithfulness)
    assert abs(acc["most", "epsilon"] - acc["least", "epsilon"]) < 0.1


@contextlib.contextmanager
def _scoring(model, record, split: bool = True):
    """Inside the block, ``record(Z)`` sees every batch the model scores; without its first-layer split unless ``split``."""
    model.decision_function_scaled = lambda Z: record(Z) or type(model).decision_function_scaled(model, Z)
    if not split:
        model._input_layer = lambda: None
    try:
        yield
    finally:
        del model.decision_function_scaled
        vars(model).pop("_input_layer", None)


def _data_space_only(model):
    """The model seen only through decision_function (no scaled scoring): the batches are scaled by the model."""
    return SimpleNamespace(decision_function=model.decision_function, class_index=model.class_index,
                           scaler_=model.scaler_)


@pytest.mark.parametrize("kind", KINDS)
def test_batches_built_from_the_scaled_trials_score_as_the_models_own_scaling(gait, kind):
    """Scaling the trials once and building each share's batch from them gives what scaling every batch gives.

    Both models have a linear first layer, updated share by share (float32 round-off for the MLP).
    """
    from movesig.models import NetworkClassifier

    ds, train, test, svm, r = _fold(gait)
    net = NetworkClassifier("mlp", hidden=16, iterations=40, random_state=0).fit(ds.X[train], ds.person[train])
    fractions = uniform_fractions(0.3, 0.1)
    for model, same in ((svm, 1e-12), (net, 1e-6)):
        common = dict(kind=kind, n_repeats=2, random_state=3, donors=ds.X[train], donor_person=ds.person[train])
        theirs = perturbation_curves(_data_space_only(model), ds.X[test], ds.person[test], {"epsilon": r}, fractions,
                                     **common)
        for updated in (True, False):  # the first layer updated share by share, or every batch scored whole
            calls = []
            with _scoring(model, lambda Z: calls.append(Z.dtype), split=updated):
                ours = perturbation_curves(model, ds.X[test], ds.person[test], {"epsilon": r}, fractions, **common)
            # the plan checked once against decision_function (its own scaling: float64), then the scaled path in
            # the model's type: only share 0 as a batch, or every share's batch too
            assert calls[:2] == [np.dtype(model.scaled_dtype), np.dtype(np.float64)]
            assert set(calls[2:]) <= {np.dtype(model.scaled_dtype)} and (len(calls) == 2 if updated else len(calls) > 2)
            assert ours.keys() == theirs.keys()
            for order in ours:
                np.testing.assert_array_equal(ours[order][0], theirs[order][0])  # the same accuracy at every share
                np.testing.assert_allclose(ours[order][1], theirs[order][1], rtol=same, atol=same)


def test_nested_batches_built_a_few_shares_at_a_time_are_those_built_at_once():
    from movesig.evaluate._batches import nested_scores

    rng = np.random.default_rng(0)
    n, shape = 7, (2, 5)
    start, replaced = rng.normal(size=(n, 10)), rng.normal(size=(n, 10))
    pos = np.argsort(rng.random((n, 10)), axis=1)
    changed = np.array([1, 3, 4, 8, 10])
    seen = []

    def score(batch):  # a score that tells every value apart
        seen.append(len(batch))
        return batch.reshape(len(batch), -1) @ np.arange(1.0, 11.0)[:, None] ** 2

    at_once = score(np.where(pos[None] < changed[:, None, None], replaced[None], start[None]).reshape(-1, *shape))
    seen.clear()
    chunked = nested_scores(score, start, replaced, pos, changed, shape, rows=15)  # 2 shares (14 trials) a time
    assert seen == [14, 14, 7]
    np.testing.assert_allclose(chunked, at_once.reshape(len(changed), n, -1), rtol=1e-12)  # BLAS may sum in blocks


def test_a_first_layer_updated_share_by_share_scores_as_every_batch():
    from movesig.evaluate._batches import nested_scores, updated_scores

    rng = np.random.default_rng(1)
    n, shape, hidden = 9, (3, 4), 5
    weight, bias, out = rng.normal(size=(12, hidden)), rng.normal(size=hidden), rng.normal(size=(hidden, 3))
    start, replaced = rng.normal(size=(n, 12)), rng.normal(size=(n, 12))
    by = np.argsort(rng.random((n, 12)), axis=1)
    pos = np.argsort(by, axis=1)
    changed = np.array([0, 1, 3, 3, 7, 12])  # nothing, an empty step, and every value changed at the end

    def head(h):
        return np.maximum(h, 0) @ out

    def score(batch):
        return head(batch.reshape(len(batch), -1) @ weight + bias)

    every = nested_scores(score, start, replaced, pos, changed, shape)
    for h in (head, None):  # a hidden layer, or the scores themselves
        for size in (1 << 22, 2 * len(changed) * hidden):  # all trials at once, or 2 at a time
            got = updated_scores((weight, bias, h), start @ weight + bias, replaced - start, by, changed, size=size)
            want = every if h is not None else nested_scores(lambda b: b.reshape(len(b), -1) @ weight + bias,
                                                               start, replaced, pos, changed, shape)
            assert got.shape == (len(changed), n, want.shape[2])
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # in float32 (the networks' type) to float32 round-off, returned as float64
    low = [a.astype(np.float32) for a in (weight, bias, start, replaced)]
    got = updated_scores((low[0], low[1], None), low[2] @ low[0] + low[1], low[3] - low[2], by, changed)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, nested_scores(
        lambda b: b.reshape(len(b), -1) @ weight + bias, start, replaced, pos, changed, shape), rtol=1e-4, atol=1e-4)
    # the share's values in the order: scoring them out of order would differ
    shuffled = updated_scores((weight, bias, head), start @ weight + bias, replaced - start, by[::-1], changed)
    assert not np.allclose(shuffled, every)


def test_models_with_a_dense_first_layer_are_updated_share_by_share(gait):
    """SVM, linear network and MLP: one scoring call (share 0); CNNs and GPU networks score every batch."""
    from movesig.models import NetworkClassifier

    ds, train, test, svm, r = _fold(gait)
    fit = dict(iterations=20, random_state=0)
    models = [svm, NetworkClassifier("linear", **fit).fit(ds.X[train], ds.person[train]),
              NetworkClassifier("mlp", hidden=16, **fit).fit(ds.X[train], ds.person[train])]
    cnn = NetworkClassifier("cnn_a", **fit).fit(ds.X[train], ds.person[train])
    on_gpu = copy.copy(models[2])
    on_gpu.device = "cuda"  # scored on the GPU as whole batches
    assert cnn.scoring_plan().first_layer is None and on_gpu.scoring_plan().first_layer is None
    for model in models:
        weight, bias, head = model.scoring_plan().first_layer
        assert weight.shape[0] == ds.X[0].size and weight.dtype == model.scaled_dtype and bias.shape == weight.shape[1:]
        Z = model.scaled_input(ds.X[test]).astype(model.scaled_dtype)
        hidden = Z.reshape(len(Z), -1) @ weight + bias
        np.testing.assert_allclose(hidden if head is None else head(hidden), model.decision_function_scaled(Z),
                                   rtol=1e-5, atol=1e-5)
        calls = []
        curves = {}
        for split in (True, False):
            with _scoring(model, lambda Z: calls.append(len(Z)), split=split):
                curves[split] = perturbation_curves(model, ds.X[test], ds.person[test], {"epsilon": r}, [0, 0.1, 0.2],
                                                    "mean", 2, random_state=0)
            if split:  # only the unchanged trials were scored as a batch, by the plan and by decision_function
                assert calls == [len(test)] * 2
        assert calls[2:] == [len(test)] * 2 + [2 * len(test)] * 4  # unchanged, then both shares of every order
        updated, every = curves[True], curves[False]
        for order in every:
            np.testing.assert_array_equal(updated[order][0], every[order][0])
            np.testing.assert_allclose(updated[order][1], every[order][1], rtol=1e-6, atol=1e-6)


def test_shares_must_increase_within_zero_and_one(gait):
    ds, train, test, svm, r = _fold(gait)
    for bad in ([0, 0.3, 0.2], [0, 1.5], [-0.1, 0.2], []):
        with pytest.raises(ValueError, match="fractions must be increasing shares"):
            perturbation_curves(svm, ds.X[test], ds.person[test], {"epsilon": r}, bad, "mean", 1)


def test_a_model_with_its_own_decision_function_is_scored_by_it(gait):
    ds, train, test, svm, r = _fold(gait)

    class Doubled(LinearSVM):
        def decision_function(self, X):
            return 2 * super().decision_function(X)

    class DoubledScaled(LinearSVM):  # scores its scaled input itself: not the parent's first layer either
        def decision_function_scaled(self, Z):
            return 2 * super().decision_function_scaled(Z)

    yt = ds.person[test]
    plain = perturbation_curves(svm, ds.X[test], yt, {"epsilon": r}, [0, 0.5], "mean", 1, random_state=0)
    for cls in (Doubled, DoubledScaled):
        doubled = cls(C=0.1, random_state=0).fit(ds.X[train], ds.person[train])
        out = perturbation_curves(doubled, ds.X[test], yt, {"epsilon": r}, [0, 0.5], "mean", 1, random_state=0)
        np.testing.assert_allclose(out[Curve("mean", "random")][1], 2 * plain[Curve("mean", "random")][1], rtol=1e-12)  # its scores at every share

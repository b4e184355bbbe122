"""The gait_models chapter's numbers, computed by its study on small synthetic data (no papermill)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from movesig.data import load
from movesig.evaluate import CVOptions, Curve, cross_validate, registry_plans
from movesig.report.results import to_jsonable
from movesig.splits import PersonChunkSplit
from movesig.studies.gait_models import GaitModels

SMALL = {"dataset": "synthetic-gait", "n_persons": 4, "n_splits": 3, "iterations": 20, "n_repeats": 2, "n_jobs": 1,
         "n_show": 2, "models": ["svm_c0.1", "linear_sgd", "cnn_a"], "show_models": ["svm_c0.1", "cnn_a"],
         "max_fraction": 0.4, "fraction_step": 0.1, "effect_size": 3.0, "effect_sizes": [0, 3]}
SECTIONS = ("data_section", "accuracy", "conservation", "relevance_persons", "shares", "scaling", "perturbation",
            "removal", "methods", "recovery", "effect_size_sweep")


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study = GaitModels(SMALL, out_dir=tmp_path_factory.mktemp("gait_models"))
    with plt.rc_context({"figure.max_open_warning": 0}):  # a notebook shows and closes each cell's figures
        study.sections = {name: getattr(study, name)() for name in SECTIONS}
    plt.close("all")
    return study


@pytest.fixture(scope="module")
def direct_svm():
    """The paper's SVM cross-validated by the engine itself, same data, folds and seed, under both scalings."""
    data = load("synthetic-gait", min_trials=SMALL["n_splits"], effect_size=SMALL["effect_size"]).first_persons(
        SMALL["n_persons"])
    splitter = PersonChunkSplit(SMALL["n_splits"], random_state=1234)
    return {scaling: cross_validate(registry_plans(["svm_c0.1"], SMALL["iterations"], scaling, 1234), data, splitter,
                                    CVOptions(random_state=1234))["svm_c0.1"] for scaling in (None, "range")}


def test_every_model_has_its_summary(study):
    """Each model's numbers, recomputed from its raw test decisions rather than by the summary that wrote them."""
    assert list(study.record().metrics) == SMALL["models"]
    for name, result in study.results.items():
        m = study.record().metrics[name]
        per_fold = [np.mean(result.predicted[result.fold == k] == result.person[result.fold == k])
                    for k in range(SMALL["n_splits"])]
        assert m["n_folds"] == SMALL["n_splits"]
        np.testing.assert_allclose(m["accuracy_per_fold"], per_fold)
        assert m["accuracy_mean"] == pytest.approx(np.mean(per_fold))
        assert m["accuracy_sd"] == pytest.approx(np.std(per_fold))
        tested = result.fold >= 0
        assert m["n_misclassified"] == int(np.sum(result.predicted[tested] != result.person[tested]))
    assert "aopc_mean_most_alpha2beta1" in study.record().metrics["cnn_a"]
    assert "aopc_mean_most_alpha2beta1" not in study.record().metrics["svm_c0.1"]
    assert set(study.record().metrics["svm_c0.1"]["perturbation_order_checks"]) == {"additive (epsilon)", "mean (epsilon)",
                                                                          "other (epsilon)"}


def test_the_svms_accuracy_is_the_engines_cross_validation(study, direct_svm):
    m = study.record().metrics["svm_c0.1"]
    np.testing.assert_array_equal(m["accuracy_per_fold"], direct_svm[None].accuracy)
    assert m["accuracy_mean"] == pytest.approx(direct_svm[None].accuracy.mean())
    assert m["accuracy_mean"] > 1 / SMALL["n_persons"]  # d' = 3: a linear SVM is far above chance


def test_relevance_shares_sum_to_one_per_model(study):
    shares = study.sections["shares"]["shares"]
    for name in SMALL["models"]:
        assert shares[name].shape == (6, 3) and shares[name].sum() == pytest.approx(1)
        assert sum(study.record().relevance_share_per_phase[name].values()) == pytest.approx(1)


def test_channel_shares_under_both_scalings(study, direct_svm):
    """The SVM appears z-scored (this run) and refitted on [−1, 1]; the SGD model under its own [−1, 1] only."""
    shares = study.sections["scaling"]["shares"]
    assert set(shares["feature"]) == {"svm_c0.1"} and set(shares["range"]) == {"svm_c0.1", "linear_sgd"}
    this_run = study.sections["shares"]["shares"]
    for scaling, models in shares.items():
        for name, s in models.items():
            assert s.shape == (6,) and s.sum() == pytest.approx(1)
    np.testing.assert_allclose(shares["feature"]["svm_c0.1"], this_run["svm_c0.1"].sum(axis=1))
    np.testing.assert_allclose(shares["range"]["linear_sgd"], this_run["linear_sgd"].sum(axis=1))
    # the refit really ran on the other scaling: other weights, other shares
    assert np.abs(shares["range"]["svm_c0.1"] - shares["feature"]["svm_c0.1"]).max() > 1e-3
    refitted = study.record().accuracy_by_scaling["range"]["svm_c0.1"]
    assert refitted == pytest.approx(direct_svm["range"].accuracy.mean()) and refitted > 1 / SMALL["n_persons"]


def test_order_checks_are_paired_fold_differences_of_the_areas(study):
    from movesig.evaluate import aopc

    result = study.results["svm_c0.1"]
    np.testing.assert_allclose(result.fractions, [0, 0.1, 0.2, 0.3, 0.4])
    check = study.record().metrics["svm_c0.1"]["perturbation_order_checks"]["mean (epsilon)"]["most_minus_random"]
    per_fold = [aopc(a, result.fractions) - aopc(b, result.fractions)
                for a, b in zip(result.perturbation[Curve("mean", "most", "epsilon")],
                                result.perturbation[Curve("mean", "random")])]
    assert check["mean"] == pytest.approx(np.mean(per_fold)) and check["n"] == 3
    assert check["low"] <= check["mean"] <= check["high"]
    # removing the most relevant values destroys a linear model's decisions; the least relevant do not
    assert check["low"] > 0
    assert study.record().metrics["svm_c0.1"]["perturbation_order_checks"]["mean (epsilon)"]["random_minus_least"]["mean"] >= 0
    assert result.curve(Curve("mean", "least", "epsilon"))[-1] > result.curve(Curve("mean", "most", "epsilon"))[-1]


def test_planted_recovery_on_synthetic_data(study):
    recovery = study.record().planted_recovery
    assert set(recovery) == set(SMALL["models"]) | {"contrast_map"}
    for r in recovery.values():
        assert 0 <= r["precision_mean"] <= 1 and 0 < r["chance"] < 1
    # at d' = 3 the SVM finds the planted features far above chance even on this tiny run
    assert recovery["svm_c0.1"]["precision_mean"] > 3 * recovery["svm_c0.1"]["chance"]
    assert recovery["svm_c0.1"]["auc_planted"] > 0.7 and recovery["svm_c0.1"]["auc_oracle"] > 0.5
    assert "contrast_map" in recovery


def test_the_sweep_falls_to_chance_when_nothing_is_planted(study):
    sweep = study.record().effect_size_sweep
    assert sweep["effect_size"] == [0, 3]
    low, high = sweep["recovery_auc_planted"]
    assert abs(low - 0.5) < 0.15 and high > low + 0.2


def test_the_sweep_at_the_pages_effect_size_is_the_pages_data(study):
    # same generator, seed and folds: the sweep's linear SVM at d' = effect_size is the page's svm_c0.1
    sweep = study.record().effect_size_sweep
    at = sweep["effect_size"].index(SMALL["effect_size"])
    assert sweep["recovery_auc_planted"][at] == pytest.approx(study.record().planted_recovery["svm_c0.1"]["auc_planted"])
    assert sweep["accuracy"][at] == pytest.approx(study.record().metrics["svm_c0.1"]["accuracy_mean"])


def test_the_perturbation_section_names_its_grid_and_shows_no_published_curve_on_synthetic_data(study):
    grid = study.sections["perturbation"].items[1]
    assert grid.startswith("This run: shares 0 to 40 % in 10 % steps, 2 noise draws")
    assert "no published curves" in grid
    assert "published" not in study.record().figures["gait_models_perturbation"]


def test_figures_have_stable_names(study):
    names = {p.stem for p in (study.out_dir / "figures").glob("*.svg")}
    assert names == {"gait_models_accuracy", "gait_models_relevance_persons_svm_c0.1",
                     "gait_models_relevance_persons_cnn_a", "gait_models_relevance_shares",
                     "gait_models_perturbation", "gait_models_removal_mean", "gait_models_removal_other",
                     "gait_models_planted_precision", "gait_models_effect_size"}


def test_cross_parameter_checks():
    from movesig.studies import ParameterError

    with pytest.raises(ParameterError, match="parameter phase_names: needs 2 names"):
        GaitModels.Parameters.validated({"phase_bounds": [0, 50, 100]})
    with pytest.raises(ParameterError, match="fraction_step: 0.5 is larger than max_fraction 0.2"):
        GaitModels.Parameters.validated({"max_fraction": 0.2, "fraction_step": 0.5})
    assert np.all(np.diff(GaitModels.Parameters().phase_bounds) > 0)


def test_every_method_is_scored_by_the_same_removal_test_and_recovery(study):
    methods = study.record().method_comparison
    assert set(methods) == {f"{m}: {n}" for m in ("svm_c0.1", "cnn_a") for n in
                            ("epsilon", "gradient_x_input", "integrated_gradients", "occlusion", "contrast")} | {
        "cnn_a: alpha2beta1"}
    for row in methods.values():
        assert row["most_minus_random"]["n"] == 3 and 0 <= row["auc_planted"] <= 1
    # for the linear model, gradient × input is LRP-ε up to ε: the same removal curve
    a, b = methods["svm_c0.1: epsilon"], methods["svm_c0.1: gradient_x_input"]
    assert a["most_minus_random"]["mean"] == pytest.approx(b["most_minus_random"]["mean"], abs=1e-6)


def test_every_method_is_explained_and_tested_by_the_one_cross_validation_engine(study):
    """The methods table is the engine's: each method explained each decision in its fold, tested against one random order."""
    from movesig.evaluate import EXPLAINERS, fold_differences, perturbation_curves
    from movesig.explain import attribute

    result, record = study.results["cnn_a"], study.record()
    assert result.explainers == tuple(n for n, e in EXPLAINERS.items() if not e.lrp)
    assert study.results["linear_sgd"].explainers == ()  # not a model shown: LRP only
    for name in ("epsilon", "alpha2beta1", *result.explainers):
        expected = fold_differences(result.fold_aopc(Curve("mean", "most", name), score=True),
                                    result.fold_aopc(Curve("mean", "random"), score=True))
        assert record.method_comparison[f"cnn_a: {name}"]["most_minus_random"] == pytest.approx(expected)
    # the further methods are tested by the removal test towards the reference only; LRP by every kind
    assert {c.kind for c in result.perturbation if c.rule in result.explainers} == {"mean"}
    assert {c.kind for c in result.perturbation if c.rule == "alpha2beta1"} == {"additive", "mean", "other"}
    # fold 0's gradient × input, explained and tested on its own, is the engine's map and curve
    data, test = study.data, result.fold == 0
    model = result.models[0]
    own, _ = attribute(model, data.X[test], model.class_index(data.person[test]), "gradient_x_input")
    np.testing.assert_allclose(result.relevance["gradient_x_input"][test], own)
    alone = perturbation_curves(model, data.X[test], data.person[test], {"gradient_x_input": own}, result.fractions,
                                "mean", 1, random_order=False)
    for order in ("most", "least"):
        curve = Curve("mean", order, "gradient_x_input")
        np.testing.assert_allclose(alone[curve][1], result.perturbation_score[curve][0], rtol=1e-12)
    # the contrast map looks at no model: the same map for every model shown
    svm = study.results["svm_c0.1"]
    tested = result.fold >= 0
    assert np.array_equal(svm.fold, result.fold)
    assert np.abs(result.relevance["contrast"][tested]).sum() > 0
    # (each model scales its input itself: the maps agree up to the scaling, which both z-score here)
    np.testing.assert_allclose(svm.relevance["contrast"], result.relevance["contrast"], rtol=1e-10, atol=1e-12)


def test_no_published_number_stands_beside_synthetic_results(study):
    shown = study.sections["accuracy"].items[0]
    assert not any("published" in c for c in shown.columns)
    assert any(isinstance(item, str) and "not comparable" in item for item in study.sections["accuracy"].items)
    shares = study.sections["shares"].items[1]
    assert "published (other data)" not in list(shares.index)


def test_a_dask_cluster_gives_the_same_numbers(study, tmp_path):
    """``-p scheduler tcp://…``: the cross-validation and the method comparison run on the cluster, same numbers."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = GaitModels(SMALL | {"scheduler": cluster.scheduler_address}, out_dir=tmp_path)
        methods = remote.methods()
    for name, result in study.results.items():
        np.testing.assert_array_equal(remote.results[name].predicted, result.predicted)
        np.testing.assert_array_equal(remote.results[name].relevance["epsilon"], result.relevance["epsilon"])
        for order, curve in result.perturbation.items():
            np.testing.assert_array_equal(remote.results[name].perturbation[order], curve)
    assert to_jsonable(methods.values["methods"]) == to_jsonable(study.sections["methods"].values["methods"])


def test_the_additive_tests_text_says_what_its_numbers_say(study):
    """The sentence under the paper's test is computed from the order checks: reproduced only where the interval of
    most − random lies above 0, inverted where it lies below."""
    section = study.sections["perturbation"]
    sentence = next(i for i in section.items if isinstance(i, str) and i.startswith("The paper's claim"))
    checks = {(m, key): v["most_minus_random"] for m, s in study.record().metrics.items()
              for key, v in s["perturbation_order_checks"].items() if key.startswith("additive")}
    # one claim per model (LRP ε), its interval the order check's, shown in one table under the sentence
    eps = {m: v for (m, key), v in checks.items() if key == "additive (epsilon)"}
    claims = {c.id: c for c in section.claims}
    assert set(claims) == {f"gait_models/{m}-additive-relevance-first" for m in eps}
    for m, v in eps.items():
        assert claims[f"gait_models/{m}-additive-relevance-first"].interval == (v["low"], v["high"])
    assert section.items[-1].count('<a id="claim-gait-models-') == len(eps)
    up = sum(v["low"] > 0 for v in checks.values())
    down = sum(v["high"] < 0 for v in checks.values())
    assert ("not reproduced for any model" in sentence) == (up == 0)
    assert ("reproduced for every model" in sentence) == (up == len(checks))
    if down:
        assert f"inverted for {down} (" in sentence
    # the removal toward the reference names each model's reference, and says what the test is for linear models
    text = " ".join(i for i in study.sections["removal"].items if isinstance(i, str))
    assert "Linear (SGD): the middle of the channel's range" in text and "identity check for linear models" in text

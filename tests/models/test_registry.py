"""The registry of the models of Horst et al. (2019): every model is built as the paper describes it."""

import pytest
from movesig.models import (
    MODELS,
    LinearSVM,
    ModelSpec,
    NetworkClassifier,
    make_estimator,
    make_model,
    register_model,
)


def test_every_model_of_the_paper_is_built():
    built = {name: make_model(name, iterations=7, random_state=3) for name in MODELS}
    assert [built[f"svm_c{c}"].C for c in ("0.1", "1", "10")] == [0.1, 1.0, 10.0]
    assert all(isinstance(built[n], LinearSVM) for n in ("svm_c0.1", "svm_c1", "svm_c10"))
    nets = {n: m for n, m in built.items() if isinstance(m, NetworkClassifier)}
    assert {n: (m.architecture, m.hidden) for n, m in nets.items() if m.architecture == "mlp"} == {
        "mlp_64": ("mlp", 64), "mlp_256": ("mlp", 256), "mlp_1024": ("mlp", 1024)}
    assert nets["linear_sgd"].architecture == "linear" and nets["cnn_a"].architecture == "cnn_a"
    assert all(m.iterations == 7 and m.random_state == 3 for m in nets.values())
    assert MODELS["cnn_c3"].rules == ("epsilon", "alpha2beta1") and MODELS["mlp_64"].rules == ("epsilon",)
    with pytest.raises(ValueError, match="unknown model 'rnn'"):
        make_model("rnn")


def test_specs_carry_scaling_validation_and_labels():
    # the SGD-trained linear model gets min-max scaled inputs; every other model z-scores each value
    assert {n: s.standardise for n, s in MODELS.items() if s.standardise != "feature"} == {"linear_sgd": "range"}
    assert all(make_model(n).standardise == s.standardise for n, s in MODELS.items())
    assert make_model("mlp_64", standardise="channel").standardise == "channel"
    # the networks (trained by SGD, linear_sgd among them) keep their best weights on the validation chunk
    assert {n for n, s in MODELS.items() if s.uses_validation} == {n for n, s in MODELS.items() if s.family == "network"}
    assert "linear_sgd" in {n for n, s in MODELS.items() if s.uses_validation}
    assert {n for n, s in MODELS.items() if s.linear} == {"svm_c0.1", "svm_c1", "svm_c10", "linear_sgd"}
    assert all(s.name == n and s.label and s.rules[0] == "epsilon" for n, s in MODELS.items())
    assert MODELS["svm_c0.1"].label == "Linear SVM (C = 0.1)"
    with pytest.raises(ValueError, match="already registered"):
        register_model(ModelSpec("svm_c0.1", "again", "linear_svm", {"C": 1.0}))
    with pytest.raises(ValueError, match="unknown family 'forest'"):
        register_model(ModelSpec("rf", "Random forest", "forest"))


def test_c_is_a_parameter_of_the_spec_and_checked_by_the_estimator():
    assert {n: s.params["C"] for n, s in MODELS.items() if s.family == "linear_svm"} == {
        "svm_c0.1": 0.1, "svm_c1": 1.0, "svm_c10": 10.0}
    import numpy as np

    X, y = np.zeros((4, 1, 3)), np.array([0, 0, 1, 1])
    for bad in (0.0, -1.0):  # one rule, checked by fit, whatever builds the estimator
        with pytest.raises(ValueError, match="'C' parameter of LinearSVM must be a float in the range \\(0.0, inf\\)"):
            make_estimator("linear_svm", C=bad).fit(X, y)
    with pytest.raises(ValueError, match="'solver' parameter of LinearSVM must be a str among"):
        make_estimator("linear_svm", solver="newton").fit(X, y)


def test_a_new_model_is_one_registry_entry(tmp_path):
    """Registered once, a model is built, cross-validated, explained and shown by the gait chapter: no other edit."""
    from movesig.studies.gait_models import GaitModels

    saved = dict(MODELS)
    try:
        MODELS.clear()
        MODELS["svm_c0.1"] = saved["svm_c0.1"]
        register_model(ModelSpec("svm_c0.5", "Linear SVM (C = 0.5)", "linear_svm", {"C": 0.5}, linear=True))
        study = GaitModels({"dataset": "synthetic-gait", "n_persons": 4, "n_splits": 3, "n_jobs": 1,
                            "perturbations": ["mean"], "removal_repeats": 1, "max_fraction": 0.2,
                            "fraction_step": 0.1, "show_models": ["svm_c0.5"], "n_show": 1}, tmp_path)
        study.accuracy()
        study.shares()
        record = study.record()
        assert list(record.metrics) == ["svm_c0.1", "svm_c0.5"] and record.labels["svm_c0.5"] == "Linear SVM (C = 0.5)"
        assert study.results["svm_c0.5"].models[0].C == 0.5
        assert "svm_c0.5" in record.relevance_share_per_channel
    finally:
        MODELS.clear()
        MODELS.update(saved)

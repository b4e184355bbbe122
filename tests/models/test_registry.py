"""The registry of the models of Horst et al. (2019): every model is built as the paper describes it."""

import pytest
from movesig.models import (
    MODELS,
    LinearSVM,
    ModelSpec,
    NetworkClassifier,
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
    assert {n: s.scaling for n, s in MODELS.items() if s.scaling != "feature"} == {"linear_sgd": "range"}
    assert all(make_model(n).standardise == s.scaling for n, s in MODELS.items())
    assert make_model("mlp_64", standardise="channel").standardise == "channel"
    assert {n for n, s in MODELS.items() if s.uses_validation} == {n for n in MODELS if not n.startswith("svm")}
    assert all(s.name == n and s.label and s.rules[0] == "epsilon" for n, s in MODELS.items())
    assert MODELS["svm_c0.1"].label == "Linear SVM (C = 0.1)"
    with pytest.raises(ValueError, match="already registered"):
        register_model(ModelSpec("svm_c0.1", "again", lambda **kw: LinearSVM()))

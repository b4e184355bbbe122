"""The identification chapter's numbers, computed by its study on small synthetic data (no papermill)."""

import json

import numpy as np
import pytest
from movesig.data import load
from movesig.evaluate import CVOptions, ModelPlan, cross_validate
from movesig.models import STANDARDISE_MODES, LinearSVM
from movesig.report import write_results
from movesig.splits import PersonChunkSplit
from movesig.studies.identification import Identification
from movesig.summarise import relevance_share

SMALL = {"dataset": "synthetic-gait", "n_persons": 5, "n_splits": 3, "n_show": 2, "n_jobs": 1}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study = Identification(SMALL, out_dir=tmp_path_factory.mktemp("identification"))
    for section in ("data_section", "accuracy", "scaling", "published", "zennit_check", "relevance_persons",
                    "channel_shares"):
        getattr(study, section)()
    return study


def test_accuracy_is_the_engines_cross_validation(study):
    data = load("synthetic-gait", min_trials=3).first_persons(5)
    plan = ModelPlan("svm", LinearSVM(C=0.1, random_state=1234))
    direct = cross_validate(plan, data, PersonChunkSplit(3, random_state=1234), CVOptions())["svm"]
    np.testing.assert_array_equal(study.record().metrics["linear_svm"]["accuracy_per_fold"], direct.accuracy)
    assert study.record().metrics["linear_svm"]["accuracy_mean"] == pytest.approx(direct.accuracy.mean())
    np.testing.assert_allclose(study.record().relevance_share_per_channel["right vertical"],
                               relevance_share(direct.relevance["epsilon"], axis=1)[2])


def test_every_other_scaling_is_compared(study):
    assert {f"linear_svm_standardise_{m}" for m in STANDARDISE_MODES if m != "feature"} < set(study.record().metrics)


def test_zennit_agrees_and_relevance_is_conserved(study):
    assert study.record().metrics["linear_svm"]["zennit_max_abs_diff"] < 1e-6
    assert study.record().metrics["linear_svm"]["conservation_error"] < 2e-5  # the ε term: z · ε / (z + ε)


def test_figures_and_record(study, tmp_path):
    figures = {p.name for p in (study.out_dir / "figures").iterdir()}
    for stem in ("identification_accuracy_by_scaling", "identification_relevance_persons"):
        assert {f"{stem}.{ext}" for ext in ("pdf", "svg", "png")} <= figures
    record = json.loads(write_results(tmp_path, study).read_text())
    assert record["chapter"] == "identification" and record["data"]["synthetic"]
    assert record["parameters"]["n_persons"] == 5 and len(record["persons_shown"]) == 2
    assert set(record["parameters"]) == set(Identification.Parameters.names()) | {"out_dir"}


@pytest.fixture(scope="module")
def classes_study(tmp_path_factory):
    """Synthetic gait with two clinical classes: four 'healthy control' and four 'knee' persons."""
    from dataclasses import replace

    from movesig.data.formats import save_npz

    folder = tmp_path_factory.mktemp("classes")
    data = load("synthetic-gait", min_trials=3).first_persons(8)
    condition = np.where(np.isin(data.person, data.persons[:4]), "healthy control", "knee")
    save_npz(replace(data, condition=condition), folder / "classes.npz")
    study = Identification({"dataset": "npz", "data_file": str(folder / "classes.npz"), "n_splits": 3,
                            "n_jobs": 1, "spm_iterations": 100, "compare_standardise": False}, out_dir=folder)
    return study


def test_per_class_accuracy_and_tests(classes_study):
    out = classes_study.by_class()
    res, data = classes_study.result, classes_study.data
    per_person = out["per_person"]
    for person, acc in per_person.items():
        mine = res.person == person
        assert acc == pytest.approx(np.mean(res.predicted[mine] == person))
    healthy = out["per_class"]["healthy control"]
    assert healthy["per_person"]["n"] == 4
    assert healthy["trial_accuracy"] == pytest.approx(np.mean([per_person[p] for p in data.persons[:4]]))
    assert healthy["trial_ci95"][0] <= healthy["trial_accuracy"] <= healthy["trial_ci95"][1]
    assert "healthy_vs_patients" in out["per_class"] and "kruskal_wallis" not in out["per_class"]  # 2 classes


def test_healthy_only_is_cross_validated_among_the_healthy(classes_study):
    out = classes_study.healthy_only()
    assert classes_study.record().metrics["linear_svm_healthy_only"]["n_persons"] == 4
    assert len(out["accuracy"]) == 3


def test_class_relevance_shares_sum_to_one_and_spm_compares_the_classes(classes_study):
    shares = classes_study.class_relevance()["shares"]
    assert set(shares) == {f"{c}, scaling {m}" for c in ("healthy control", "knee") for m in ("feature", "range")}
    for row in shares.values():
        assert sum(float(v) for v in row[:6]) == pytest.approx(100, abs=0.35)  # channels, each rounded to 0.1
        assert sum(float(v) for v in row[6:9]) == pytest.approx(100, abs=0.2)  # phases
    spm = classes_study.spm_classes()["spm"]
    assert set(spm) == set(classes_study.data.channels) and all(r.n == (4, 4) for r in spm.values())
    assert (classes_study.out_dir / "figures" / "identification_spm_healthy_patients.pdf").is_file()


def test_data_without_classes_say_so(study):
    assert "No 'healthy control' class" in study.healthy_only().items[0]
    assert "No 'healthy control' class" in study.spm_classes().items[0]


def test_synthetic_results_stand_without_published_numbers(study):
    assert "not comparable" in study.published().items[0]


def test_the_accuracy_claim_has_people_as_its_unit_and_a_control_that_could_say_no(study):
    claim = study.record().claims[0]
    assert claim["id"] == "identification/accuracy" and claim["unit"] == "people" and claim["n"] == 5
    # the estimate is the mean of per-person accuracies of the tested trials
    result = study.result
    per_person = [np.mean(result.predicted[result.person == k] == k) for k in np.unique(result.person)]
    assert claim["estimate"] == pytest.approx(np.mean(per_person))
    assert claim["baseline"]["value"] == pytest.approx(1 / 5)
    # the control: the same pipeline on shuffled labels (each person keeps their number of trials) is near chance
    shuffled = study.shuffled
    assert sorted(np.unique(shuffled.person, return_counts=True)[1]) == sorted(
        np.unique(result.person, return_counts=True)[1])
    assert not np.array_equal(shuffled.person, result.person)
    assert claim["control"]["value"] < 0.6 < claim["interval"][0]
    assert claim["verdict"] == "supported"


def _people(folder, signal: float, n_persons=8, n_trials=10, seed=0):
    """People whose mean curves differ by ``signal`` (SD of the person means) under trial noise of SD 1."""
    rng = np.random.default_rng(seed)
    means = signal * rng.normal(size=(n_persons, 2, 20))
    X = np.concatenate([means[p] + rng.normal(size=(n_trials, 2, 20)) for p in range(n_persons)])
    path = folder / f"people-{signal}.npz"
    np.savez(path, X=X, person=np.repeat([f"p{p}" for p in range(n_persons)], n_trials), channels=["a", "b"])
    return str(path)


@pytest.mark.parametrize("signal, verdicts", [(0.5, {"supported"}), (0.0, {"not supported", "inconclusive"})])
def test_the_learning_curve_measures_the_gain_of_training_trials_and_can_say_no(signal, verdicts, tmp_path):
    """More training trials per person help where people differ by little against the trial noise; where they do
    not differ at all, the gain is no larger than with shuffled labels and the claim is not supported."""
    study = Identification({"dataset": "npz", "data_file": _people(tmp_path, signal), "n_splits": 5, "C": 1,
                            "compare_standardise": False, "n_jobs": 1}, out_dir=tmp_path)
    section = study.training_trials()
    record = study.record()
    curve = record.training_trials
    assert list(curve) == ["1", "2", "3", "4"]
    assert [c["trials_per_person"] for c in curve.values()] == [2, 4, 6, 8]  # 10 trials in 5 chunks of 2
    claim = record.claims[0]
    assert claim["id"] == "identification/training-trials-accuracy-gain" and claim["unit"] == "people"
    assert claim["n"] == 8 and claim["verdict"] in verdicts
    if signal:
        assert curve["4"]["mean"] > curve["1"]["mean"] + 0.1
    assert (tmp_path / "figures" / "identification_training_trials.png").is_file()
    assert section.values["ci"][4].n == 8

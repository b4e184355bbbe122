"""The speed chapter's numbers, computed by its study on 5 of the 10 real people (no papermill)."""

import numpy as np
import pytest
from movesig.data import DataError, load
from movesig.evaluate import CVOptions, ModelPlan, cross_validate, train_test
from movesig.models import LinearSVM
from movesig.splits import PersonChunkSplit
from movesig.studies.speed import Speed, _ordered_conditions

SMALL = {"n_persons": 5, "n_splits": 5, "spm_iterations": 100, "n_jobs": 1, "n_show": 1}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study = Speed(SMALL, out_dir=tmp_path_factory.mktemp("speed"))
    for section in ("data_section", "accuracy", "relevance_correlation", "spm_speeds", "plausibility"):
        getattr(study, section)()
    return study


def test_speeds_are_ordered_by_measured_speed(study):
    assert study.speeds == ["slow", "normal", "fast"]
    one = load("speed-grf").select(condition="fast")
    with pytest.raises(DataError, match="at least two conditions"):
        _ordered_conditions(one)


def test_accuracies_are_the_engines(study):
    data = load("speed-grf").first_persons(5)
    fast = data.select(condition="fast")
    plan = ModelPlan("svm", LinearSVM(C=0.1, random_state=1234))
    direct = cross_validate(plan, fast, PersonChunkSplit(5, random_state=1234), CVOptions())["svm"]
    np.testing.assert_array_equal(study.within["fast"].accuracy, direct.accuracy)
    held = train_test(LinearSVM(C=0.1, random_state=1234), data.subset(data.condition != "slow"),
                      data.select(condition="slow"))
    assert study.record().metrics["linear_svm_train_normal+fast_test_slow"]["accuracy_mean"] == pytest.approx(held.accuracy[0])
    # all speeds pooled: recomputed from the raw test decisions, and far above chance on 5 real people
    pooled = study.pooled
    per_fold = [np.mean(pooled.predicted[pooled.fold == k] == pooled.person[pooled.fold == k]) for k in range(5)]
    assert study.record().metrics["linear_svm_all_speeds"]["n_folds"] == 5
    assert study.record().metrics["linear_svm_all_speeds"]["accuracy_mean"] == pytest.approx(np.mean(per_fold))
    assert np.mean(per_fold) > 1 / 5


def test_relevance_correlation_and_its_null_are_what_they_say(study):
    values = study.relevance_correlation().values[("slow", "fast")]
    # each person's map by hand (mean of their test trials' relevance at each speed), then Pearson's r by NumPy
    slow, fast = study.within["slow"], study.within["fast"]
    for i, person in enumerate(study.data.persons):
        a = slow.relevance["epsilon"][slow.person == person, 0].mean(axis=0)
        b = fast.relevance["epsilon"][fast.person == person, 0].mean(axis=0)
        assert values["r"][i] == pytest.approx(np.corrcoef(a, b)[0, 1], abs=1e-9)
    # the null by hand for the first person: their fast trials, scored with the second person's weights
    res, data = study.within["fast"], study.data.select(condition="fast")
    persons = study.data.persons
    rows = np.flatnonzero(res.person == persons[0])
    maps = []
    for f in np.unique(res.fold[rows]):
        model = res.models[f]
        r = rows[res.fold[rows] == f]
        w = model.coef_[model.class_index([persons[1]])[0]]
        maps.append(model.scaled_input(data.X[r]) * w)  # ε-LRP of a linear model, ε -> 0
    null = np.concatenate(maps)[:, 0].mean(axis=0)
    assert values["r_null"][0] == pytest.approx(np.corrcoef(study.maps["slow"][0], null)[0, 1], abs=1e-6)


def test_spm_and_plausibility_sections(study):
    spm = study.spm_speeds()["spm"]
    assert set(spm) == {"slow − normal", "slow − fast", "normal − fast"}
    assert all(r.n == (5, 5) and r.iterations == 32 for r in spm.values())  # every sign flip of 5 people
    inside = study.plausibility()["inside"]
    assert inside.shape == (5, 2) and ((0 <= inside) & (inside <= 1)).all()
    pooled, q = study.pooled, study.params.relevance_quantile
    for person, row in zip(study.data.persons, inside):
        significant = study.input_spm[person].significant
        assert row[1] == pytest.approx(significant.mean())
        # the share by hand: the person's pooled mean map, its points at or above the quantile of |relevance|
        relevance = np.abs(pooled.relevance["epsilon"][pooled.person == person, 0].mean(axis=0))
        assert row[0] == pytest.approx(significant[relevance >= np.quantile(relevance, q)].mean())
    for name in ("speed_accuracy_within", "speed_spm_relevance", "speed_spm_inputs"):
        assert (study.out_dir / "figures" / f"{name}.svg").is_file()


def test_too_few_people_for_the_paired_test_is_said_not_failed(tmp_path):
    few = Speed(SMALL | {"n_persons": 4}, out_dir=tmp_path)
    assert "needs at least 5 people" in few.spm_speeds().items[0]


def test_speed_as_a_covariate_has_people_as_its_unit_and_a_shuffled_control(study):
    section = study.speed_covariate()
    claim = next(c for c in study.record().claims if c["id"] == "speed/speed-trend-accuracy-gain")
    assert claim["unit"] == "people" and claim["n"] == 5 and claim["control"] is not None
    assert set(section.values["raw"]) == {"slow", "normal", "fast"}
    for s, ci in section.values["raw"].items():  # the raw transfer is the across-speed test, now with an interval
        assert ci.mean == pytest.approx(np.mean([np.mean(study.across[s].predicted[study.across[s].person == k] == k)
                                                 for k in np.unique(study.across[s].person)]))
        assert ci.low <= ci.mean <= ci.high
    assert set(study.record().speed_covariate["slow"]) == {"raw", "speed_trend_removed"}


def test_the_learning_curve_within_each_speed_is_the_engines(study):
    from movesig.evaluate import learning_curve

    section = study.training_trials()
    curve = study.record().training_trials
    assert set(curve) == {"slow", "normal", "fast"} and list(curve["fast"]) == ["1", "2", "3", "4"]
    assert [v["trials_per_person"] for v in curve["fast"].values()] == [4, 8, 12, 16]  # 20 trials in 5 chunks
    fast = load("speed-grf").first_persons(5).select(condition="fast")
    direct = learning_curve(ModelPlan("svm", LinearSVM(C=0.1, random_state=1234)), fast, 5, 1234)
    for m, result in direct.items():  # each point: the mean per-person accuracy of the engine's cross-validation
        tested = result.fold >= 0
        per_person = [np.mean(result.predicted[tested & (result.person == k)] == k) for k in np.unique(result.person)]
        assert curve["fast"][str(m)]["mean"] == pytest.approx(np.mean(per_person))
    assert (study.out_dir / "figures" / "speed_training_trials.png").is_file() and section.items

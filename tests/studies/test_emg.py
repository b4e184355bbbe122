"""The EMG chapters' numbers, computed by their studies (no papermill): the study's own seven files, written
small in their exact layout, and the synthetic 78-person study with its planted signatures."""

import numpy as np
import pytest
import scipy.io
from movesig.data import load, make_emg
from movesig.data.cards import AELES_STUDY_FILES
from movesig.data.formats import aeles_task_condition
from movesig.evaluate import train_test
from movesig.models import LinearSVM
from movesig.studies.emg_signatures import EmgSignatures
from movesig.studies.emg_stability import (
    EmgStability,
    compare_conditions,
    control_verdict,
)
from movesig.summarise import fisher_z_mean, per_person_correlation

from tests.helpers import matlab_cell

N_COLUMNS = 8  # one-hot columns (78 in the study); persons 6 and 7 never appear
SIGNATURE_SECTIONS = ("data_section", "identification", "zennit_check", "signature_table", "figure1", "figure2",
                      "figure4", "figure5", "figure6", "consistency", "recovery", "blocked")


@pytest.fixture(scope="module")
def study_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("study")
    ds, _ = make_emg(n_persons=6, conditions="all", seed=7)
    for name in AELES_STUDY_FILES:
        task, condition = aeles_task_condition(name)
        sub = ds.select(task=task, condition=condition)
        if "Robustness" in name:  # robustness files lack some participants: their columns stay empty
            sub = sub.subset(sub.person != 5)
        onehot = np.zeros((sub.n_trials, N_COLUMNS), dtype=np.uint8)
        onehot[np.arange(sub.n_trials), sub.person] = 1
        scipy.io.savemat(folder / name, {"Feature": sub.X, "Feature_EMG_Label": matlab_cell(list(sub.channels)),
                                         "Target_Subject": onehot})
    return folder


def run_all(study, sections):
    return {name: getattr(study, name)() for name in sections}


def test_the_seven_files_load_as_one_study(study_dir):
    ds = load("aeles-2021", data_dir=study_dir)
    assert len(ds.provenance.files) == 7 and ds.X.shape[1:] == (8, 200)
    assert set(ds.condition[ds.task == "walking"]) == {"day1", "day2"}
    assert set(ds.condition[ds.task == "pedalling"]) == {"150W-day1", "150W-day2", "80W-day1", "10perc-day1",
                                                          "15perc-day1"}
    assert 5 not in set(ds.person[ds.condition == "day2"]) and 5 in set(ds.person[ds.condition == "day1"])


def test_signatures_on_the_study_files(study_dir, tmp_path):
    study = EmgSignatures({"dataset": "aeles-2021", "data_dir": str(study_dir), "C_grid": [0.01], "n_jobs": 1},
                          out_dir=tmp_path)
    run_all(study, SIGNATURE_SECTIONS)
    record = study.record().as_dict()
    assert record["data"]["name"] == "aeles-2021" and len(record["data"]["files"]) == 7
    assert set(record["signatures"]) == {"walking", "pedalling"}
    assert record["recovery"] == {}  # no ground truth for measured files
    for task in ("walking", "pedalling"):
        m = record["metrics"][f"linear_svm_{task}_C0.01"]
        assert m["zennit_max_abs_diff"] < 1e-6
        # the accuracy recomputed from the raw test decisions, and above chance (6 people with planted signatures)
        res = study.cv[task][0.01]
        per_fold = [np.mean(res.predicted[res.fold == k] == res.person[res.fold == k]) for k in range(m["n_folds"])]
        assert m["accuracy_mean"] == pytest.approx(np.mean(per_fold))
        assert m["accuracy_mean"] > 1 / len(study.data[task].persons)
    assert len(list((tmp_path / "figures").glob("emg_fig*_*.svg"))) == 12  # figures 1, 2, 4, 5 (summary, grid), 6 per task
    for task in ("walking", "pedalling"):
        assert record["metrics"][f"linear_svm_{task}_C0.01_blocked"]["split"] == "blocked"
        assert 0 <= record["blocked_vs_random"][task]["jaccard_mean"] <= 1


def test_stability_on_the_study_files(study_dir, tmp_path):
    study = EmgStability({"dataset": "aeles-2021", "data_dir": str(study_dir), "n_jobs": 1}, out_dir=tmp_path)
    run_all(study, ("data_section", "baseline", "conditions"))
    comparisons = study.record().comparisons
    assert len(comparisons) == 6  # walking day 2; pedalling day 2, 80 W, 10 %, 15 %; walking vs pedalling
    assert comparisons["walking: day1 vs day2"]["n"] == 5  # person 5 is absent on day 2
    assert study.record().metrics["linear_svm_walking_train_day1_test_day2"]["n_folds"] == 1


def test_a_condition_compared_with_itself_is_identical():
    base = load("synthetic-emg", n_persons=4, tasks=["walking"]).select(condition="day1")
    model = LinearSVM(C=0.01, standardise="none")
    relevance = train_test(model, base, base).relevance["epsilon"]
    same = compare_conditions(model, base, relevance, base)
    assert same["r"].r == pytest.approx(1, abs=1e-5) and same["jaccard"] == 1 and same["accuracy"] == 1
    _, r = per_person_correlation(relevance, base.person, relevance, base.person)
    assert fisher_z_mean(r).n == 4


def test_signatures_recover_what_was_planted(tmp_path):
    study = EmgSignatures({"dataset": "synthetic-emg", "n_persons": 5, "C_grid": [1, 0.01], "n_jobs": 1,
                           "effect_size": 6.0}, out_dir=tmp_path)
    out = run_all(study, ("identification", "signature_table", "consistency", "recovery"))
    recovery = out["recovery"]["recovery"]
    assert set(recovery) == {"walking", "pedalling"}
    for task, r in recovery.items():
        assert 0 < r["jaccard_min"] <= r["jaccard_mean"] <= 1
        assert len(r["jaccard_per_person"]) == 5
        assert r["jaccard_next_mean"] < r["jaccard_mean"]  # another person's planted places: the null
        assert 0 < r["planted_in_signature"] <= 1 and 0 < r["planted_share"] < 1
    assert out["consistency"]["within"]["walking"].n == 5


def test_spm_between_conditions_on_the_study_files(study_dir, tmp_path):
    study = EmgStability({"dataset": "aeles-2021", "data_dir": str(study_dir), "n_jobs": 1, "spm_iterations": 100},
                         out_dir=tmp_path)
    out = study.spm_conditions()
    assert "walking: day1 vs day2" in out["spm"]  # 5 people on day 2: 32 sign flips
    panels = out["spm"]["walking: day1 vs day2"]
    assert len(panels) == 8 and all(r.n == (5, 5) and r.iterations == 32 for r in panels.values())
    persons, base, other = study.comparisons["walking: day1 vs day2"]["maps"]
    assert base.shape == other.shape == (5, 8, 200)
    assert len(list((tmp_path / "figures").glob("emg_stability_spm_*.svg"))) == len(out["spm"])


@pytest.mark.realdata
def test_generator_validation_against_the_real_file(real_data_dir, tmp_path):
    study = EmgSignatures({"dataset": "synthetic-emg", "n_persons": 7, "data_dir": str(real_data_dir), "n_jobs": 1},
                          out_dir=tmp_path)
    study.loaded  # noqa: B018
    study.validation()
    stats = study.record().generator_validation
    real, syn = stats["real: emg-pedalling-7ps"], stats["synthetic (this page's generator)"]
    assert real["n_persons"] == syn["n_persons"] == 7 and real["n_trials"] == syn["n_trials"]
    for key in ("icc_median", "pr_between"):  # the calibration makes them comparable, not equal
        assert 0.4 < syn[key] / real[key] < 2.5


def test_negative_control_reports_lower_stability_when_signatures_change(tmp_path):
    study = EmgStability({"dataset": "synthetic-emg", "n_persons": 6, "n_jobs": 1, "effect_size": 3.0},
                         out_dir=tmp_path)
    out = study.negative_control()
    assert "walking: day1 vs day2" in out.values
    for name, v in out.values.items():
        assert v["changed"]["jaccard"] < v["fixed"]["jaccard"]
    assert np.mean([v["changed"]["r_mean"] for v in out.values.values()]) < \
        np.mean([v["fixed"]["r_mean"] for v in out.values.values()])


def _control(fixed, changed):
    r = lambda m, j: {"r_mean": m, "ci95_low": m - 0.002, "ci95_high": m + 0.002, "jaccard": j}  # noqa: E731
    return {f"c{i}": {"fixed": r(a, 0.5), "changed": r(b, 0.4)} for i, (a, b) in enumerate(zip(fixed, changed))}


def test_the_control_verdict_weighs_the_drop_against_the_spread_between_conditions():
    small, verdict = control_verdict(_control([0.99, 0.98], [0.988, 0.975]))  # drops 0.002, 0.005 < spread 0.01
    assert "lowers r by 0.002 to 0.005" in small and "separate in 1 of 2" in small
    assert verdict == "does not show" and "does not show that a signature is stable" in small
    large, verdict = control_verdict(_control([0.99, 0.98], [0.6, 0.5]))
    assert verdict == "registers" and "separate in 2 of 2" in large
    _, verdict = control_verdict(_control([0.99, 0.98], [0.989, 0.5]))  # one drop below the spread, one above
    assert verdict == "mixed"
    one, verdict = control_verdict(_control([0.99], [0.5]))
    assert verdict is None and one.endswith("the Jaccard index changes by -0.100.")


def test_measured_data_have_no_generator_to_validate(tmp_path, real_data_dir):
    study = EmgSignatures({"dataset": "emg-pedalling-7ps", "data_dir": str(real_data_dir), "n_jobs": 1},
                          out_dir=tmp_path)
    study.loaded  # noqa: B018
    assert "measured data" in study.validation().items[0]
    assert "measured data" in study.effect_size_sweep().items[0]


def test_the_negative_control_reuses_the_baseline_only_where_its_trials_are_the_same(tmp_path):
    params = {"dataset": "synthetic-emg", "n_persons": 4, "n_splits": 3, "n_jobs": 1}
    fixed = EmgStability(params, out_dir=tmp_path)
    changed = EmgStability(params | {"signature_change": 1.0}, out_dir=tmp_path)
    assert changed.share_baseline(fixed)  # the generator moves bursts in the other conditions only
    assert changed.cv is fixed.cv and changed.fitted is fixed.fitted
    assert not np.array_equal(changed.loaded[0].X, fixed.loaded[0].X)  # the other conditions differ
    other_seed = EmgStability(params | {"seed": 99}, out_dir=tmp_path)
    assert not other_seed.share_baseline(fixed)  # other splits: nothing is taken
    assert "cv" not in other_seed.__dict__ and "fitted" not in other_seed.__dict__
    other_data = EmgStability(params | {"effect_size": 2.0}, out_dir=tmp_path)
    assert not other_data.share_baseline(fixed)  # other baseline trials: nothing is taken

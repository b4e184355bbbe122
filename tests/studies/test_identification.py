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
    np.testing.assert_array_equal(study.metrics["linear_svm"]["accuracy_per_fold"], direct.accuracy)
    assert study.metrics["linear_svm"]["accuracy_mean"] == pytest.approx(direct.accuracy.mean())
    np.testing.assert_allclose(study.extra["relevance_share_per_channel"]["right vertical"],
                               relevance_share(direct.relevance["epsilon"], axis=1)[2])


def test_every_other_scaling_is_compared(study):
    assert {f"linear_svm_standardise_{m}" for m in STANDARDISE_MODES if m != "feature"} < set(study.metrics)


def test_zennit_agrees_and_relevance_is_conserved(study):
    assert study.metrics["linear_svm"]["zennit_max_abs_diff"] < 1e-6
    assert study.metrics["linear_svm"]["conservation_error"] < 2e-5  # the ε term: z · ε / (z + ε)


def test_figures_and_record(study, tmp_path):
    figures = {p.name for p in (study.out_dir / "figures").iterdir()}
    for stem in ("identification_accuracy_by_scaling", "identification_relevance_persons"):
        assert {f"{stem}.{ext}" for ext in ("pdf", "svg", "png")} <= figures
    record = json.loads(write_results(tmp_path, study).read_text())
    assert record["chapter"] == "identification" and record["data"]["synthetic"]
    assert record["parameters"]["n_persons"] == 5 and len(record["persons_shown"]) == 2
    assert set(record["parameters"]) == set(Identification.Parameters.names()) | {"out_dir"}

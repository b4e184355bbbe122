"""Every chapter on the data page's own import example: it runs where its science allows, or is refused in one line
before anything is computed, saying what the file lacks (the data page's table of what each chapter needs)."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from movesig.cli import main
from movesig.studies import ParameterError, study_class

from tests.data.test_import import write_lab

# The smallest parameters of each chapter (papermill is not needed: the chapter cells are these sections).
SMALL = {
    "identification": {"n_splits": 3, "compare_standardise": False, "n_jobs": 1, "spm_iterations": 100},
    "gait_models": {"n_splits": 3, "iterations": 30, "fraction_step": 0.2, "max_fraction": 0.4, "n_repeats": 1,
                    "removal_repeats": 1, "n_jobs": 1, "models": None, "show_models": ["svm_c0.1"]},
    "emg_signatures": {"n_splits": 3, "C_grid": [1], "C": 1, "n_jobs": 1},
    "emg_stability": {"n_splits": 3, "n_jobs": 1, "spm_iterations": 100},
    "participant_number": {"n_draws": 2, "n_jobs": 1},
    "speed": {"n_splits": 3, "n_jobs": 1, "spm_iterations": 100},
}
CHAPTERS = list(SMALL)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The data page's example imported (2 people × 3 trials, one condition), and the same file without conditions."""
    folder = tmp_path_factory.mktemp("own")
    table = write_lab(folder / "lab", n_persons=2, n_trials=3)
    assert main(["import", str(table), "--out", str(folder / "mine.npz")]) == 0
    arrays = dict(np.load(folder / "mine.npz"))
    arrays.pop("condition")
    np.savez(folder / "one-session.npz", **arrays)
    return folder


def _every_section(study):
    """Run each section of the study, as its chapter's cells do; the record as results.json would hold it."""
    names = [n for n in dir(type(study)) if getattr(getattr(type(study), n), "is_section", False)]
    for name in names:
        getattr(study, name)()
    plt.close("all")
    return json.loads(json.dumps(study.record().as_dict(), default=str))


@pytest.mark.parametrize("chapter, file", [
    ("identification", "mine.npz"), ("gait_models", "mine.npz"),  # these pool every trial: conditions play no part
    ("emg_signatures", "mine.npz"), ("emg_signatures", "one-session.npz"),
    ("participant_number", "mine.npz"), ("participant_number", "one-session.npz"),
])
def test_a_chapter_runs_on_the_import_example(example, chapter, file, tmp_path):
    study = study_class(chapter)({"dataset": "npz", "data_file": str(example / file), **SMALL[chapter]},
                                 out_dir=tmp_path)
    record = _every_section(study)
    assert record["data"]["n_persons"] == 2 and record["data"]["name"] == "npz"
    for claim in record["claims"]:  # every claim decided from the two people, none claimed beyond them
        assert (claim["n"] <= 2 or claim["unit"] != "people") and claim["verdict"] in ("supported", "not supported", "inconclusive")
    if chapter == "emg_signatures":  # two people: the next person's weights are one's own, negated; no control
        claim = next(c for c in record["claims"] if c["id"].endswith("person-specific"))
        assert claim["control"] is None and claim["verdict"] == "inconclusive"
        assert record["person_specificity_null"] == {"walking": None}
    if chapter == "gait_models":  # the default list leaves out the CNN whose kernels need 6 channels, and says so
        assert "cnn_c3" not in record["metrics"] and "cnn_a" in record["metrics"]
        assert "CNN-C3 (cnn_c3 needs at least 6 channels" in " ".join(map(str, study.data_section().items))


@pytest.mark.parametrize("chapter, message", [
    ("emg_stability", "compares a person's map between conditions"),
    ("speed", "needs at least two conditions (one per speed)"),
])
def test_a_chapter_the_example_cannot_feed_is_refused_in_one_line(example, chapter, message, tmp_path, capsys):
    args = ["run", chapter, "-p", "dataset", "npz", "-p", "data_file", str(example / "mine.npz"), "-p", "n_splits", "3",
            "--out", str(tmp_path / "runs")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "mine.npz" in err
    assert not (tmp_path / "runs").exists()  # refused before a run folder was made


def test_stability_runs_on_a_file_with_two_days(example, tmp_path):
    arrays = dict(np.load(example / "mine.npz"))
    arrays["condition"] = np.array(["day1", "day2", "day2"] * 2)  # each person: one day-1 trial, two on day 2
    rng = np.random.default_rng(0)
    arrays["X"] = np.concatenate([arrays["X"] + 0.05 * rng.normal(size=arrays["X"].shape) for _ in range(3)])
    arrays["person"] = np.concatenate([arrays["person"]] * 3)
    arrays["task"] = np.concatenate([arrays["task"]] * 3)
    arrays["condition"] = np.tile(arrays["condition"], 3)
    np.savez(tmp_path / "days.npz", **arrays)
    study = study_class("emg_stability")({"dataset": "npz", "data_file": str(tmp_path / "days.npz"),
                                          **SMALL["emg_stability"]}, out_dir=tmp_path)
    record = _every_section(study)
    assert list(record["comparisons"]) == ["walking: day1 vs day2"]


@pytest.mark.parametrize("change, message", [
    ({"n_persons": None, "keep": 1}, "needs at least 2 people; the file holds 1 ('p0')"),
    ({"n_splits": 4}, "fewer than the 4 trials the protocol needs"),
    ({"models": ["cnn_c3"]}, "cnn_c3 needs at least 6 channels"),
    ({"show_persons": ["p10"]}, "person(s) ['p10'] not in the data"),
])
def test_what_a_chapter_needs_is_checked_before_a_kernel_starts(example, change, message, tmp_path):
    change = dict(change)
    file = example / "mine.npz"
    if change.pop("keep", None):
        arrays = dict(np.load(file))
        keep = arrays["person"] == "p0"
        arrays.update(X=arrays["X"][keep], person=arrays["person"][keep], task=arrays["task"][keep],
                      condition=arrays["condition"][keep])
        np.savez(tmp_path / "one.npz", **arrays)
        file = tmp_path / "one.npz"
    params = {"dataset": "npz", "data_file": str(file), "n_splits": 3} | change
    with pytest.raises(ParameterError, match=None) as info:
        study_class("gait_models").Parameters.validated({k: v for k, v in params.items() if v is not None})
    assert message in str(info.value) and str(file.name) in str(info.value)

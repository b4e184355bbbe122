"""Every chapter's parameters: declared once by its study, the same as the chapter's parameters cell, checked
before any kernel starts (one line naming the parameter, exit 2, nothing written)."""

import dataclasses

import pytest
from movesig.cli import main
from movesig.report.book import chapter_parameters, resolve_parameters
from movesig.studies import STUDIES, ParameterError, StudyParameters, study_class
from movesig.studies._params import param


@pytest.mark.parametrize("chapter", sorted(STUDIES))
def test_parameters_cell_and_study_cannot_drift(chapter, root):
    cell = chapter_parameters(chapter, root)
    params = study_class(chapter).Parameters
    assert list(cell) == params.names() + ["out_dir"], f"chapters/{chapter}.py parameters cell != its study"
    assert {k: v for k, v in cell.items() if k != "out_dir"} == params.defaults()
    params.validated({k: v for k, v in cell.items() if k != "out_dir"}, chapter)


@pytest.mark.parametrize("chapter", sorted(STUDIES))
def test_every_parameter_has_help_and_kind(chapter):
    for f in dataclasses.fields(study_class(chapter).Parameters):
        assert f.metadata["help"] and f.metadata["value_type"], f"{chapter}.{f.name}"


BAD = [
    ("identification", "C", "0", "C: 0 is out of range"),
    ("identification", "C", "abc", "C: 'abc' is not a number"),
    ("identification", "n_splits", "2", "n_splits: 2 is out of range"),
    ("identification", "standardise", "zscore", "standardise: 'zscore' is not allowed"),
    ("identification", "compare_standardise", "maybe", "compare_standardise: 'maybe' is not true or false"),
    ("identification", "dataset", "gaitrek", "dataset: 'gaitrek' is not allowed"),
    ("gait_models", "models", "[svm_c0.1, resnet]", "models: item 'resnet' is not allowed"),
    ("gait_models", "max_fraction", "1.5", "max_fraction: 1.5 is out of range"),
    ("gait_models", "iterations", "2.5", "iterations: 2.5 is not a whole number"),
    ("gait_models", "phase_names", "[a, b]", "parameter phase_names: needs 3 names"),
    ("gait_models", "device", "tpu", "device: 'tpu' is not allowed"),
    ("emg_signatures", "threshold", "1.5", "threshold: 1.5 is out of range"),
    ("emg_signatures", "C_grid", "[]", "C_grid: [] is not a list of at least 1"),
    ("emg_stability", "share", "0", "share: 0 is out of range"),
    ("emg_stability", "n_jobs", "0", "n_jobs: 0 is out of range"),
    ("participant_number", "n_values", "[1, 5]", "n_values: item 1 is out of range"),
    ("participant_number", "n_draws", "null", "n_draws: null is not allowed"),
    ("participant_number", "epsilon", "0.0", "epsilon: 0.0 is out of range"),
]


@pytest.mark.parametrize("chapter, name, value, message", BAD)
def test_a_bad_value_is_one_line_and_exit_2_before_anything_runs(chapter, name, value, message, tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("untouched")
    assert main(["run", chapter, "-p", name, value, "--out", str(tmp_path / "runs")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and name in err
    assert not (tmp_path / "runs").exists() and (tmp_path / "mine.txt").read_text() == "untouched"


def test_validated_reports_unknown_names_and_keeps_defaults():
    Params = study_class("identification").Parameters
    with pytest.raises(ParameterError, match="has no parameter.*Cee"):
        Params.validated({"Cee": 1})
    assert Params.validated({}) == Params()  # nothing given: every default
    assert Params.validated({"C": 1}) == dataclasses.replace(Params(), C=1)  # one given: the others keep theirs
    assert resolve_parameters("identification", {"C": 2})["C"] == 2
    with pytest.raises(ParameterError, match="set by the driver"):
        resolve_parameters("identification", {"out_dir": "x"})


def test_param_value_types():
    @dataclasses.dataclass(frozen=True)
    class P(StudyParameters):
        who: list | None = param(None, "person ids", "list[id]", optional=True)
        flag: bool = param(False, "a flag", "bool")

    assert P.validated({"who": [1, "a"]}).who == [1, "a"]
    for bad in ({"who": [1.5]}, {"who": "a"}, {"flag": 1}):
        with pytest.raises(ParameterError):
            P.validated(bad)
    with pytest.raises(ValueError, match="unknown parameter type"):
        param(1, "x", "complex")


def test_book_checks_every_run_before_running_any(tmp_path, capsys):
    params = tmp_path / "params.yml"
    params.write_text("identification: {n_persons: 5}\nemg_stability: {threshold: 2}\n")
    rc = main(["book", "--params", str(params), "--out", str(tmp_path / "runs"), "--build-dir", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "threshold: 2 is out of range" in err
    assert not (tmp_path / "runs").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize("text, value", [("1e-3", 0.001), ("[1e-3, 1, 0.1]", [0.001, 1, 0.1]), ("-2.5E+2", -250.0),
                                         ("1", 1), ("P10", "P10"), ("[P10, P2]", ["P10", "P2"]), ("1e", "1e")])
def test_a_value_on_the_command_line_is_read_as_written(text, value):
    """'-p C 1e-3' is a number (YAML 1.1 alone reads it as text, and C would be 'not a number')."""
    from movesig.report.book import parse_value

    assert parse_value(text) == value and type(parse_value(text)) is type(value)
    if isinstance(value, float):
        assert study_class("identification").Parameters.validated({"C": abs(parse_value(text))}).C == abs(value)

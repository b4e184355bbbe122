"""``movesig compare``: a run in one folder only is a difference; exit 0 same numbers, 1 differences, 2 a mistake."""

import json

import pytest
from movesig.cli import main
from movesig.data import DataError
from movesig.report.compare import compare_results, compare_runs


def _run(folder, run, metrics):
    (folder / run).mkdir(parents=True, exist_ok=True)
    (folder / run / "results.json").write_text(json.dumps({"metrics": metrics, "seconds": 3.0}))


@pytest.fixture
def folders(tmp_path):
    a, b = tmp_path / "A", tmp_path / "B"
    for folder in (a, b):
        _run(folder, "identification", {"accuracy": 0.75})
    _run(a, "speed", {"accuracy": 0.5})  # only in A
    _run(b, "emg", {"r": 0.9})  # only in B
    return a, b


def test_a_run_in_one_folder_only_is_reported_and_is_a_difference(folders, capsys):
    a, b = folders
    found = compare_runs(a, b)
    assert found == {"emg": [f"only in {b} (no {a / 'emg' / 'results.json'})"], "identification": [],
                     "speed": [f"only in {a} (no {b / 'speed' / 'results.json'})"]}
    assert main(["compare", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "identification: same numbers" in out and f"only in {a}" in out and f"only in {b}" in out


def test_the_same_runs_exit_0_and_a_changed_number_exit_1(folders, capsys):
    a, b = folders
    for run in ("speed", "emg"):
        for folder in (a, b):
            _run(folder, run, {"accuracy": float("nan")})  # NaN in both: the same number, not a difference
    assert main(["compare", str(a), str(b)]) == 0
    _run(b, "speed", {"accuracy": 0.25})
    assert main(["compare", str(a), str(b)]) == 1
    assert "speed/results.json" not in capsys.readouterr().out
    assert compare_results({"metrics": {"x": True}}, {"metrics": {"x": 1.0}}) == ["metrics/x: True != 1.0"]


def test_an_empty_folder_against_a_folder_of_runs_lists_every_run(tmp_path):
    (tmp_path / "empty").mkdir()
    _run(tmp_path / "runs", "identification", {"accuracy": 1.0})
    assert list(compare_runs(tmp_path / "empty", tmp_path / "runs")) == ["identification"]
    (tmp_path / "empty2").mkdir()
    assert compare_runs(tmp_path / "empty", tmp_path / "empty2") == {}  # the command: "no run folder", exit 2
    with pytest.raises(DataError, match="same folder"):
        compare_runs(tmp_path / "runs", tmp_path / "runs" / ".")


def test_a_book_built_from_a_damaged_results_json_is_one_line(root, tmp_path, monkeypatch, capsys):
    """`movesig book --no-run` reads every run's results.json with the one reader `compare` uses."""
    from movesig.cli import main

    (tmp_path / "runs" / "identification").mkdir(parents=True)
    (tmp_path / "runs" / "identification" / "results.json").write_text("[1,")
    monkeypatch.chdir(root)
    assert main(["book", "--no-run", "--out", str(tmp_path / "runs"), "--build-dir", str(tmp_path / "build")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "identification/results.json: not valid JSON" in err

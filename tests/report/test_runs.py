"""Run folders: nothing is lost before a run succeeds, a user's files are never emptied, one writer at a time."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from movesig.cli import main
from movesig.report.runs import (
    MARKER,
    RunFolderError,
    check_ours,
    run_lock,
    swap_in,
    working_folder,
)


def test_a_folder_with_a_users_file_is_refused(tmp_path):
    check_ours(tmp_path / "absent")
    work = working_folder(tmp_path / "x.partial", {"C": 1})
    (work / "results.json").write_text("{}")
    target = swap_in(work, tmp_path / "x")
    check_ours(target)  # ours: every file in the marker
    assert "results.json" in json.loads((target / MARKER).read_text())["files"]
    (target / "notes.txt").write_text("mine")
    with pytest.raises(RunFolderError, match=r"holds files movesig did not write \(notes.txt\)"):
        check_ours(target)
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a.txt").write_text("a")
    with pytest.raises(RunFolderError, match="not made by movesig"):
        check_ours(tmp_path / "plain")


def test_an_older_runs_marker_is_read_by_what_runs_write(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "f.png").write_bytes(b"png")
    (tmp_path / "results.json").write_text("{}")
    (tmp_path / MARKER).write_text("made by movesig run; the folder's content is replaced by the next run\n")
    check_ours(tmp_path)
    (tmp_path / "draft.docx").write_bytes(b"mine")
    with pytest.raises(RunFolderError, match="draft.docx"):
        check_ours(tmp_path)


def test_same_parameters_resume_other_parameters_start_afresh(tmp_path):
    work = working_folder(tmp_path / "x.partial", {"C": 1})
    (work / "part.csv").write_text("done")
    assert (working_folder(tmp_path / "x.partial", {"C": 1}) / "part.csv").is_file()
    assert not (working_folder(tmp_path / "x.partial", {"C": 2}) / "part.csv").exists()


def test_a_live_lock_refuses_a_dead_one_is_taken_over(tmp_path):
    lock = tmp_path / "x.lock"
    with run_lock(lock):
        with pytest.raises(RunFolderError, match="being written by another movesig run"):
            with run_lock(lock):
                pass
    assert not lock.exists()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    lock.write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname()}))
    with run_lock(lock):
        assert json.loads(lock.read_text())["pid"] == os.getpid()


def _run(out, *params):
    args = ["identification", "-p", "dataset", "synthetic-gait", "-p", "n_persons", "4", "-p", "n_splits", "3",
            "-p", "n_jobs", "1", *params, "--out", str(out)]
    return [sys.executable, "-m", "movesig.cli", "run", *args]


def _wait_for(path, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline and not path.exists():
        time.sleep(0.1)
    assert path.exists(), f"{path} never appeared"


@pytest.mark.book
def test_a_killed_run_leaves_the_previous_run_and_a_rerun_completes(tmp_path):
    out = tmp_path / "runs"
    subprocess.run(_run(out, "-p", "compare_standardise", "false"), check=True, capture_output=True)
    done = {p: p.read_bytes() for p in (out / "identification").rglob("*") if p.is_file()}
    proc = subprocess.Popen(_run(out, "-p", "C", "1"), start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_for(out / "identification.partial" / "identification.ipynb")
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert {p: p.read_bytes() for p in (out / "identification").rglob("*") if p.is_file()} == done
    assert (out / "identification.partial").is_dir()  # the killed run's own output, clearly named
    rerun = subprocess.run(_run(out, "-p", "C", "1"), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads((out / "identification" / "results.json").read_text())["parameters"]["C"] == 1
    assert not (out / "identification.partial").exists() and not (out / "identification.lock").exists()


@pytest.mark.book
def test_a_second_run_into_the_same_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "runs"
    first = subprocess.Popen(_run(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(out / "identification.lock")
        assert main(["run", *_run(out)[4:]]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "being written by another movesig run" in err
    finally:
        assert first.wait(timeout=300) == 0
    assert (out / "identification" / "results.json").is_file()


@pytest.mark.book
def test_an_error_inside_a_chapter_is_one_line_naming_the_notebook(tmp_path, monkeypatch, capsys):
    from tests.test_bad_input import npz

    monkeypatch.chdir(tmp_path)
    npz(tmp_path)  # 3 persons × 6 trials: too few for 10 splits, found when the chapter loads the data
    assert main(["run", "identification", "-p", "dataset", "npz", "-p", "data_file", "mine.npz", "-p", "n_splits",
                 "10", "--out", "runs"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fewer than the 10 trials" in err
    assert "runs/identification.partial/identification.ipynb" in err and not (tmp_path / "runs" / "identification").exists()

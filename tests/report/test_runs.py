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
    (work / "results.json").write_text("done")
    assert (working_folder(tmp_path / "x.partial", {"C": 1}) / "results.json").is_file()
    assert not (working_folder(tmp_path / "x.partial", {"C": 2}) / "results.json").exists()


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
    """A user's own file is checked before the kernel starts; a data set's is read by the chapter, which stops there."""
    monkeypatch.chdir(tmp_path)
    # the synthetic people have 19 to 21 trials: too few for 25 splits, found when the chapter loads the data
    assert main(["run", "identification", "-p", "dataset", "synthetic-gait", "-p", "n_persons", "3", "-p", "n_splits",
                 "25", "--out", "runs"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fewer than the 25 trials" in err
    assert "runs/identification.partial/identification.ipynb" in err and not (tmp_path / "runs" / "identification").exists()


# ---- a user's file in a run's working folder, the run's key file, the book's build folder


def test_a_users_file_in_the_working_folder_is_refused_never_deleted(tmp_path):
    work = working_folder(tmp_path / "x.partial", {"C": 1})
    for name in ("results.json", "x.ipynb", "figures/f.png", "participant_number/full/parts/a.csv",
                 ".results.json.tmp1234", ".movesig-key.json"):  # what a run writes before its marker lists it
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text("run")
    assert (working_folder(tmp_path / "x.partial", {"C": 1}) / "figures/f.png").is_file()  # resumed
    (work / "notes.txt").write_text("mine")
    (work / "my-analysis.ipynb").write_text("mine")  # not the run's notebook (x.ipynb)
    for parameters in ({"C": 1}, {"C": 2}):  # neither resumed nor started afresh
        with pytest.raises(RunFolderError, match=r"x.partial holds files movesig did not write \(my-analysis.ipynb, "
                                                 r"notes.txt\)"):
            working_folder(tmp_path / "x.partial", parameters)
    assert (work / "notes.txt").read_text() == "mine" and (work / "results.json").is_file()
    (work / "notes.txt").unlink()
    (work / "my-analysis.ipynb").unlink()
    assert not (working_folder(tmp_path / "x.partial", {"C": 2}) / "results.json").exists()  # ours: started afresh


def test_a_users_file_saved_into_a_running_runs_folder_stops_the_swap(tmp_path):
    work = working_folder(tmp_path / "x.partial", {"C": 1})
    (work / "results.json").write_text("{}")
    (work / ".ipynb_checkpoints").mkdir()
    (work / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("the user's")
    with pytest.raises(RunFolderError, match="x-checkpoint.ipynb"):
        swap_in(work, tmp_path / "x")
    assert not (tmp_path / "x").exists() and (work / ".ipynb_checkpoints" / "x-checkpoint.ipynb").is_file()


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n", b"[1, 2]", b'{"key": 3, "seconds": "ten"}',
                                     b'{"seconds": -1}', b'{"seconds": true}', b"{" * 100_000])
def test_a_damaged_key_file_means_run_again(tmp_path, content):
    from movesig.report.cache import KEY_FILE, read_key, reusable

    (tmp_path / "results.json").write_text("{}")
    (tmp_path / KEY_FILE).write_bytes(content)
    assert read_key(tmp_path) == {} and not reusable(tmp_path, "abc")
    (tmp_path / KEY_FILE).write_text('{"key": "abc", "seconds": "ten"}')
    assert read_key(tmp_path) == {"key": "abc"} and reusable(tmp_path, "abc")


def test_the_book_runs_again_a_run_whose_key_file_is_damaged(tmp_path, root, monkeypatch):
    from movesig.report import build
    from movesig.report.cache import KEY_FILE

    ran = []
    monkeypatch.setattr(build, "run_chapter", lambda name, *args: ran.append(name))
    monkeypatch.setattr(build, "_build", lambda *args: tmp_path / "index.html")
    monkeypatch.setattr(build, "run_key", lambda *args: "the key")  # as if every input were unchanged
    names = build.chapter_names(root)
    damaged = [b"[1]", b'{"key": "the key", "seconds": "ten"}', b"\xff\xfe", b'{"seconds": 1e999}', b""] * 9
    keys = dict(zip(names, [b'{"key": "the key", "seconds": 2}', *damaged]))
    for name, content in keys.items():
        (tmp_path / "runs" / name).mkdir(parents=True)
        (tmp_path / "runs" / name / "results.json").write_text("{}")
        (tmp_path / "runs" / name / KEY_FILE).write_bytes(content)
    build.build_book(out=tmp_path / "runs", build_dir=tmp_path / "build", root=root, quiet=True)
    assert ran == [n for n in names if b'"the key"' not in keys[n]]  # reused: a sound key (its seconds or not)
    assert len(ran) > len(names) // 2


def test_the_build_folder_is_movesigs_own(tmp_path, monkeypatch):
    from movesig.report import build

    def pages(root, out, build_dir, *args):
        (build_dir / "html").mkdir(exist_ok=True)
        (build_dir / "html" / "index.html").write_text("<html></html>")
        return build_dir / "html" / "index.html"

    monkeypatch.setattr(build, "_build_pages", pages)
    out, folder = tmp_path / "runs", tmp_path / "build"
    for _ in range(2):  # made, then marked as movesig's: built again
        build._build(tmp_path, out, folder, {}, {}, {})
    assert json.loads((folder / build.BUILD_MARKER).read_text())["files"] == ["html/index.html"]
    (folder / "html" / "notes.txt").write_text("mine")
    with pytest.raises(RunFolderError, match=r"holds files movesig did not write \(html/notes.txt\)"):
        build._build(tmp_path, out, folder, {}, {}, {})
    assert (folder / "html" / "notes.txt").read_text() == "mine"
    older = tmp_path / "older"  # what a build before the marker left: reused
    (older / "src" / "_build").mkdir(parents=True)
    (older / "src" / "_toc.yml").write_text("root: index\n")
    (older / "html").mkdir()
    build._build(tmp_path, out, older, {}, {}, {})
    (tmp_path / "empty").mkdir()
    build._build(tmp_path, out, tmp_path / "empty", {}, {}, {})
    (tmp_path / "mine" / "src").mkdir(parents=True)  # a user's folder, even with a src/ of their own: refused
    with pytest.raises(RunFolderError, match="not made by movesig book"):
        build._build(tmp_path, out, tmp_path / "mine", {}, {}, {})
    assert not (tmp_path / "mine" / build.BUILD_MARKER).exists()


def test_a_failed_build_leaves_a_folder_the_next_build_may_replace(tmp_path, monkeypatch):
    from movesig.report import build

    def fails(root, out, build_dir, *args):
        (build_dir / "src").mkdir()
        (build_dir / "src" / "page.md").write_text("half")
        raise RuntimeError("jupyter-book build failed")

    monkeypatch.setattr(build, "_build_pages", fails)
    with pytest.raises(RuntimeError):
        build._build(tmp_path, tmp_path / "runs", tmp_path / "build", {}, {}, {})
    build._check_folders(tmp_path / "runs", tmp_path / "build")  # src/page.md is listed as the build's

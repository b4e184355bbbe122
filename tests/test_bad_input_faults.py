"""Faults that are not a mistake in a data file: the machine (read-only folders, a full disk, a file-size limit, paths
too long), the environment (variables, a closed output, a non-UTF-8 terminal), Ctrl-C and SIGTERM, and bugs.

None reaches the terminal as a traceback: a fault of the user or of the machine is one line and exit 2 (the table
below, checked as :mod:`tests.test_bad_input` checks its own), Ctrl-C exit 130, SIGTERM 143, a bug exit 1 with its
traceback in a file that the one line names.
"""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from movesig import cli
from movesig.cli import main

from tests.data.test_import import write_lab
from tests.test_bad_input import assert_one_line_exit_2, npz, write

ROOT = os.geteuid() == 0  # root ignores permission bits: read-only folders are then simulated


def lab(folder):
    return str(write_lab(folder / "lab", n_persons=2, n_trials=3))


# (id, argv builder (tmp_path -> list of str), what stderr must name)
CASES = [
    # ---- chapter parameters and generator options
    ("run-p-twice", lambda t: ["run", "identification", "-p", "C", "1", "-p", "C", "2", "--out", str(t / "runs")],
     "parameter C is given twice (-p C 1 and -p C 2)"),
    ("run-p-odd-name", lambda t: ["run", "identification", "-p", "C;rm -rf ~", "1", "--out", str(t / "runs")],
     "-p 'C;rm -rf ~': not a parameter name"),
    ("run-p-empty-name", lambda t: ["run", "identification", "-p", "", "1", "--out", str(t / "runs")],
     "-p '': not a parameter name"),
    ("run-p-nul", lambda t: ["run", "identification", "-p", "dataset", "npz", "-p", "data_file", '"mine\\0.npz"',
                             "--out", str(t / "runs")], "parameter data_file: the value holds a NUL character"),
    ("info-option-twice", lambda t: ["info", "synthetic-gait", "--option", "n_persons", "3", "--option", "n_persons",
                                     "4"], "option n_persons is given twice"),
    ("info-option-text", lambda t: ["info", "synthetic-gait", "--option", "n_persons", "abc"],
     "option n_persons must be a whole number, got 'abc'"),
    ("info-option-fraction", lambda t: ["info", "synthetic-gait", "--option", "n_persons", "2.5"],
     "option n_persons must be a whole number, got 2.5"),
    ("info-option-list", lambda t: ["info", "synthetic-gait", "--option", "n_persons", "[1]"],
     "option n_persons must be a whole number, got [1]"),
    ("info-option-bool", lambda t: ["info", "synthetic-emg", "--option", "effect_size", "yes"],
     "option effect_size must be a number, got True"),
    ("info-option-tasks", lambda t: ["info", "synthetic-emg", "--option", "tasks", "walking"],
     "option tasks must be a list of names"),
    ("info-option-unknown", lambda t: ["info", "synthetic-emg", "--option", "n_people", "3"],
     "unknown option(s) n_people"),
    # ---- paths: empty, NUL, too long
    ("run-out-empty", lambda t: ["run", "identification", "--out", ""], "argument --out: an empty path"),
    ("run-data-dir-empty", lambda t: ["run", "identification", "--data-dir", "", "--out", str(t / "r")],
     "argument --data-dir: an empty path"),
    ("datasets-data-dir-empty", lambda t: ["datasets", "--data-dir", ""], "argument --data-dir: an empty path"),
    ("info-file-nul", lambda t: ["info", "npz", "--file", "mine\0.npz"], "holds a NUL character"),
    ("compare-empty", lambda t: ["compare", "", str(t)], "argument first: an empty path"),
    ("import-out-too-long", lambda t: ["import", lab(t), "--out", str(t / ("x" * 300 + ".npz"))],
     "File name too long; the path or one of its names is too long"),
    # ---- import and book options
    ("import-points-huge", lambda t: ["import", lab(t), "--out", str(t / "o.npz"), "--points", "200000"],
     "argument --points: 200000 must be at most 100000"),
    ("book-params-binary", lambda t: ["book", "--params", write(t, "p.yml", bytes(range(256))), "--out", str(t / "r")],
     "p.yml: not a text file in UTF-8"),
    ("book-params-latin1", lambda t: ["book", "--params", write(t, "p.yml", "identification: {C: 1}  # Müller\n"
                                                                   .encode("latin-1")), "--out", str(t / "r")],
     "p.yml: not a text file in UTF-8"),
    ("book-params-nul", lambda t: ["book", "--params", write(t, "p.yml", b"identification: {C: 1}\0\n"), "--out",
                                   str(t / "r")], "not valid YAML"),
    ("book-params-folder", lambda t: ["book", "--params", str(t), "--out", str(t / "r")], "cannot be read"),
    ("book-jobs-0", lambda t: ["book", "--jobs", "0", "--out", str(t / "r")], "argument --jobs: 0 must be at least 1"),
]


def _fail_with(code, message):
    """A function that raises OSError ``code`` naming the file it was handed (or its ``name``)."""
    def fail(target, *args, **kwargs):
        raise OSError(code, message, str(getattr(target, "name", target)))
    return fail


def _read_only_out(monkeypatch, t):
    if ROOT:  # root writes anywhere: the write of the .npz fails as it does in a read-only folder
        monkeypatch.setattr(np, "savez", _fail_with(errno.EROFS, "Read-only file system"))
    else:
        (t / "ro").mkdir()
        (t / "ro").chmod(0o555)
    return ["import", lab(t), "--out", str(t / "ro" / "o.npz") if not ROOT else str(t / "o.npz")]


def _read_only_run_out(monkeypatch, t):
    out = t / "runs"
    real_mkdir = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    return ["run", "identification", "-p", "dataset", "npz", "-p", "data_file", npz(t), "-p", "n_splits", "3",
            "--out", str(out)]


def _full_disk(monkeypatch, t):
    monkeypatch.setattr(np, "savez", _fail_with(errno.ENOSPC, "No space left on device"))
    return ["import", lab(t), "--out", str(t / "o.npz")]


def _no_memory(monkeypatch, t):
    def info(args):
        raise MemoryError()
    monkeypatch.setattr(cli, "_info", info)
    return ["info", "synthetic-gait", "--option", "n_persons", "1000000000"]


def _env(**variables):
    def setup(monkeypatch, t):
        for key, value in variables.items():
            monkeypatch.setenv(key, value.format(t=t))
        return ["info", "gaitrec", "--data-dir", str(t)]
    return setup


# (id, setup (monkeypatch, tmp_path -> argv), what stderr must name): the machine and the environment
FAULTS = [
    ("out-read-only", _read_only_out, "choose a folder you can write with --out"),
    ("run-out-no-permission", _read_only_run_out, "runs: Permission denied; choose a folder you can write with --out"),
    ("disk-full", _full_disk, "No space left on device; free space on that disk"),
    ("no-memory", _no_memory, "out of memory"),
    ("offline-maybe", _env(MOVESIG_OFFLINE="maybe"), "MOVESIG_OFFLINE='maybe' is not understood"),
    ("data-dir-env-missing", _env(MOVESIG_DATA_DIR="{t}/nowhere"),
     "nowhere: the data directory (MOVESIG_DATA_DIR) does not exist"),
    ("data-dir-env-file", lambda mp, t: _env(MOVESIG_DATA_DIR=write(t, "d", b"x"))(mp, t),
     "the data directory (MOVESIG_DATA_DIR) is a file, not a folder"),
]


@pytest.mark.parametrize("case, argv, message", CASES, ids=[c[0] for c in CASES])
def test_a_fault_is_one_line_and_exit_2(case, argv, message, tmp_path, monkeypatch, capsys):
    assert_one_line_exit_2(case, argv, message, tmp_path, monkeypatch, capsys)


@pytest.mark.parametrize("case, setup, message", FAULTS, ids=[c[0] for c in FAULTS])
def test_a_fault_of_the_machine_is_one_line_and_exit_2(case, setup, message, tmp_path, monkeypatch, capsys):
    assert_one_line_exit_2(case, lambda t: setup(monkeypatch, t), message, tmp_path, monkeypatch, capsys)


@pytest.mark.parametrize("value", ["TRUE", "True", "On", "yes", "1"])
def test_offline_in_any_case(value, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MOVESIG_OFFLINE", value)
    monkeypatch.delenv("MOVESIG_DATA_DIR", raising=False)
    assert main(["info", "gaitrec", "--data-dir", str(tmp_path)]) == 2
    assert "allow the download" in capsys.readouterr().err  # not found and not downloaded


def _cli(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "movesig.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kwargs)


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="no file-size limit signal on this platform")
def test_a_file_size_limit_is_one_line(tmp_path):
    """RLIMIT_FSIZE: the write raises EFBIG (SIGXFSZ ignored by main), said in one line; nothing is left behind."""
    table = lab(tmp_path)
    script = ("import resource, sys; from movesig.cli import main; "
              "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, resource.RLIM_INFINITY)); "
              f"sys.exit(main(['import', {table!r}, '--out', {str(tmp_path / 'o.npz')!r}]))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "File too large" in proc.stderr and "ulimit -f" in proc.stderr
    assert not (tmp_path / "o.npz").exists() and not list(tmp_path.glob(".o.npz*"))


@pytest.mark.skipif(ROOT, reason="root writes into read-only folders (simulated in FAULTS)")
def test_a_read_only_run_folder_is_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o555)
    monkeypatch.chdir(tmp_path)
    rc = main(["run", "identification", "-p", "dataset", "npz", "-p", "data_file", npz(tmp_path), "-p", "n_splits",
               "3", "--out", str(tmp_path / "ro" / "runs")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "Permission denied" in err and "--out" in err


def test_a_closed_output_is_quiet():
    """``movesig datasets | head -0``: no traceback, no 'Exception ignored', the exit code of SIGPIPE."""
    proc = subprocess.Popen([sys.executable, "-m", "movesig.cli", "datasets"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == "", err


def test_a_terminal_that_is_not_utf8_gets_escapes(tmp_path):
    """A non-UTF-8 terminal (here ASCII): a path it cannot show is written escaped, not a UnicodeEncodeError."""
    proc = _cli("import", lab(tmp_path), "--out", str(tmp_path / "dätä.npz"), env={"PYTHONIOENCODING": "ascii"},
                timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "d\\xe4t\\xe4.npz" in proc.stdout and (tmp_path / "dätä.npz").is_file()


# ---------------------------------------------------------------- bugs
def _boom(args):
    raise RuntimeError("boom\nsecond line")


def test_a_bug_is_one_line_naming_the_file_with_its_traceback(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_datasets", _boom)
    assert main(["datasets"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "this is a bug in movesig: please report it" in err
    assert "RuntimeError: boom second line" in err
    path = Path(err.split(" with ")[1].split(",")[0])
    assert path.is_file() and path.name.startswith("movesig-error-") and path.name.endswith(f"-{os.getpid()}.txt")
    text = path.read_text()
    assert "Traceback" in text and "RuntimeError: boom" in text and "command: movesig datasets" in text


def test_a_bug_with_no_cache_folder_is_written_to_the_temporary_folder(tmp_path, monkeypatch, capsys):
    import tempfile

    monkeypatch.setenv("MOVESIG_CACHE_DIR", str(Path(write(tmp_path, "file", b"x")) / "cache"))  # cannot be made
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(cli, "_datasets", _boom)
    assert main(["datasets"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path / "movesig-error-") in err
    assert len(list(tmp_path.glob("movesig-error-*.txt"))) == 1


def test_movesig_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setenv("MOVESIG_DEBUG", "1")
    monkeypatch.setattr(cli, "_datasets", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        main(["datasets"])


# ---------------------------------------------------------------- Ctrl-C and SIGTERM
def test_interrupt_and_terminate_in_process_restore_the_handlers(monkeypatch, capsys):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)

    def interrupted(args):
        raise KeyboardInterrupt

    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        raise AssertionError("SIGTERM did not stop the command")

    monkeypatch.setattr(cli, "_datasets", interrupted)
    assert main(["datasets"]) == 130
    assert capsys.readouterr().err == "movesig: interrupted\n"
    monkeypatch.setattr(cli, "_datasets", terminated)
    assert main(["datasets"]) == 143
    assert capsys.readouterr().err == "movesig: terminated (SIGTERM)\n"
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def _participants(folder):
    """A participant-number run of 40 persons (some seconds of fits, one part per person: a signal sent after the
    first part finds parts left to do even on a loaded machine)."""
    rng = np.random.default_rng(0)
    n, k = 40, 8
    np.savez(folder / "many.npz", X=rng.normal(size=(n * k, 2, 20)), person=np.repeat(np.arange(n), k),
             channels=["a", "b"], condition=np.array(["day1"] * (n * k)))
    return [sys.executable, "-m", "movesig.cli", "participants", "npz", "--file", str(folder / "many.npz"), "--out",
            str(folder / "pn"), "--draws", "3"]


def _wait_for(done, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline and not done():
        time.sleep(0.05)
    assert done(), "the run never got that far"


@pytest.mark.parametrize("signum, code, said", [(signal.SIGINT, 130, "movesig: interrupted; ")])
def test_a_stopped_participant_run_says_what_it_kept_and_resumes(tmp_path, signum, code, said):
    """Ctrl-C in a real process (SIGTERM takes the same path: see the in-process test above); the resumed table is
    byte for byte the table of a run never stopped."""
    command = _participants(tmp_path)
    parts = tmp_path / "pn" / "parts"
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: parts.is_dir() and len(list(parts.glob("*.csv"))) >= 1)  # stopped early: parts are left to do
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0 and (tmp_path / "pn" / "participant_number.csv").is_file():
        pytest.skip("the run finished every part before the signal reached it (a loaded machine): nothing to resume")
    assert proc.returncode == code, err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith(said)
    assert f"finished part(s) are kept in {tmp_path / 'pn'} and the run resumes" in err
    kept = {p.name: p.read_bytes() for p in parts.glob("*.csv")}
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert (tmp_path / "pn" / "participant_number.csv").is_file()
    assert all((parts / name).read_bytes() == data for name, data in kept.items())  # resumed, not redone
    whole = subprocess.run(command[:-4] + ["--out", str(tmp_path / "whole")] + command[-2:], capture_output=True,
                           text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    assert ((tmp_path / "pn" / "participant_number.csv").read_bytes()
            == (tmp_path / "whole" / "participant_number.csv").read_bytes())


def test_ctrl_c_during_a_run_keeps_the_partial_run(tmp_path, monkeypatch, capsys):
    """Ctrl-C while the chapter's kernel runs: one line naming the partial run kept for resume, exit 130, the lock
    gone. (A killed run, then a rerun that completes: tests/report/test_runs.py.)"""
    import papermill

    out = tmp_path / "runs"

    def interrupted(nb, path, **kwargs):
        Path(path).write_text("{}")  # the kernel had started writing the notebook
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    assert main(["run", "identification", "-p", "dataset", "npz", "-p", "data_file", npz(tmp_path), "-p", "n_splits",
                 "3", "--out", str(out)]) == 130
    assert capsys.readouterr().err == (f"movesig: interrupted; the partial run is kept in "
                                       f"{out / 'identification.partial'} and resumes when you run the same command "
                                       "again\n")
    assert not (out / "identification.lock").exists() and not (out / "identification").exists()
    assert (out / "identification.partial" / "identification.ipynb").is_file()


@pytest.mark.parametrize("file, content, message", [
    ("chapters/runs.yml", b"gait_models: [\n", "runs.yml: not valid YAML"),
    ("chapters/runs.yml", b"gait_models: 3\n", "run 'gait_models' must name its chapter"),
    ("chapters/runs.yml", b"- gait_models\n", "runs.yml: must be a mapping"),
    ("chapters/runs.yml", b"\xff\xfe\x00", "runs.yml: not a text file in UTF-8"),
    ("_toc.yml", b"format: jb-book\n", "_toc.yml: names no root page"),
    ("_config.yml", b"title: [\n", "_config.yml: not valid YAML"),
    ("_config.yml", b"html: 3\n", "_config.yml: html must be a mapping"),
])
def test_a_damaged_settings_file_of_the_book_is_one_line(file, content, message, root, tmp_path, monkeypatch, capsys):
    """A lab that edits the book's settings (a run of its own in runs.yml) and breaks them gets one line, exit 2."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(root / "chapters", project / "chapters")
    shutil.copy(root / "_toc.yml", project / "_toc.yml")
    (project / file).write_bytes(content)
    monkeypatch.chdir(project)
    assert main(["book", "--no-run", "--out", str(tmp_path / "runs")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err, err


def test_a_full_disk_inside_a_chapters_kernel_is_one_line(tmp_path, monkeypatch, capsys):
    """The kernel writes figures and results: its OSError is the machine's fault (exit 2), not a movesig bug."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    def full(*args, **kwargs):
        raise PapermillExecutionError(cell_index=3, exec_count=3, source="study.accuracy()", ename="OSError",
                                      evalue="[Errno 28] No space left on device: 'figures/x.pdf'", traceback=[])

    monkeypatch.setattr(papermill, "execute_notebook", full)
    assert main(["run", "identification", "-p", "dataset", "npz", "-p", "data_file", npz(tmp_path),
                 "-p", "n_splits", "3", "--out", str(tmp_path / "runs")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "free space" in err, err

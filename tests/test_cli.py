import json
import subprocess
import sys

import pytest
from movesig.cli import main


def run_cli(*args):
    proc = subprocess.run([sys.executable, "-m", "movesig.cli", *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def test_datasets_lists_every_known_set(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    for name in ("gaitrec", "gaitrec-atmm", "emg-pedalling-7ps", "aeles-2021", "horst-2019", "npz",
                 "synthetic-gait", "synthetic-emg"):
        assert f"\n{name} " in "\n" + out


@pytest.mark.realdata
@pytest.mark.parametrize("name, expected", [
    ("gaitrec", (970, 194, 6, 101)),
    ("emg-pedalling-7ps", (210, 7, 8, 200)),
])
def test_info_json_on_real_data(real_data_dir, name, expected, capsys):
    assert main(["info", name, "--data-dir", str(real_data_dir), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["n_trials"], info["n_persons"], info["n_channels"], info["n_times"]) == expected
    assert len(info["channels"]) == expected[2] and info["source"].endswith(".mat")


def test_info_synthetic_with_options(capsys):
    assert main(["info", "synthetic-emg", "--option", "n_persons", "4", "--option", "tasks", "[walking]", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["n_trials"], info["n_persons"], info["synthetic"]) == (120, 4, True)


def test_errors_are_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"garbage")
    rc, out, err = run_cli("info", "npz", "--file", str(bad))
    assert rc == 2 and err.count("\n") == 1 and str(bad) in err and "not a .npz file" in err
    rc, _, err = run_cli("info", "no-such-set")
    assert rc == 2 and "unknown data set 'no-such-set'" in err


def test_unknown_chapter_parameter_fails_before_anything_runs(tmp_path):
    rc, _, err = run_cli("run", "identification", "-p", "Cee", "1", "--out", str(tmp_path / "runs"))
    assert rc == 2 and "has no parameter(s) Cee" in err and "C, " in err
    assert not (tmp_path / "runs").exists()
    rc, _, err = run_cli("run", "no-chapter", "--out", str(tmp_path / "runs"))
    assert rc == 2 and "unknown chapter 'no-chapter'" in err


def test_run_never_writes_into_a_folder_it_did_not_make(tmp_path):
    mine = tmp_path / "runs" / "identification"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("my own notes")
    rc, _, err = run_cli("run", "identification", "-p", "n_persons", "5", "--out", str(tmp_path / "runs"))
    assert rc == 2 and "not made by movesig" in err
    assert (mine / "notes.txt").read_text() == "my own notes" and len(list(mine.iterdir())) == 1


def test_a_chapter_parameter_given_twice_is_refused(tmp_path):
    rc, _, err = run_cli("run", "identification", "-p", "C", "1", "-p", "C", "2", "--out", str(tmp_path / "runs"))
    assert rc == 2 and err.count("\n") == 1 and "parameter C is given twice" in err
    assert not (tmp_path / "runs").exists()


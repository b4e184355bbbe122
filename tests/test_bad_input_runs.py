"""Mistakes and faults around folders of runs, the book's output folders and the participant-number command: exit 2,
one line on stderr naming the file or folder, no traceback, every file that was there before byte-identical."""

import json

import numpy as np
import pytest

from tests.test_bad_input import assert_one_line_exit_2, npz, user_folder, write


def runs(folder, name="a", content=b'{"metrics": {"accuracy": 0.5}}', run="identification"):
    """A folder of runs ``folder/name`` holding one run whose results.json is ``content`` (a folder when None)."""
    (folder / name / run).mkdir(parents=True, exist_ok=True)
    if content is None:
        (folder / name / run / "results.json").mkdir()
    else:
        (folder / name / run / "results.json").write_bytes(content)
    return str(folder / name)


def compare(t, second_content, first_content=b'{"metrics": {"accuracy": 0.5}}'):
    return ["compare", runs(t, "a", first_content), runs(t, "b", second_content)]


def marked_build(folder):
    """A build folder an earlier ``movesig book`` made, with a user's file saved into its html/ since."""
    build = folder / "build"
    (build / "html").mkdir(parents=True)
    (build / "html" / "index.html").write_text("<html></html>")
    (build / ".movesig-build").write_text(json.dumps({"made_by": "movesig book", "files": ["html/index.html"]}))
    (build / "html" / "notes.txt").write_text("mine")
    return str(build)


def partial_with_users_file(folder):
    """``runs/identification.partial`` of an interrupted run, with a user's notes saved into it."""
    partial = folder / "runs" / "identification.partial"
    partial.mkdir(parents=True)
    (partial / ".movesig-run").write_text(json.dumps({"made_by": "movesig run", "files": []}))
    (partial / ".movesig-parameters.json").write_text("{}")
    (partial / "results.json").write_text("{}")  # what a run writes: not the problem
    (partial / "notes.txt").write_text("mine")
    return str(folder / "runs")


def participants_folder(folder, settings=None, part=None, part_name="unknown__1.csv"):
    """The folder of an earlier participants run: its marker, and optionally settings.json and one part."""
    out = folder / "pn"
    (out / "parts").mkdir(parents=True)
    (out / ".movesig-participants").write_text("made by movesig participants\n")
    if settings is not None:
        (out / "settings.json").write_bytes(settings)
    if part == "folder":
        (out / "parts" / part_name).mkdir()
    elif part is not None:
        (out / "parts" / part_name).write_bytes(part)
    return str(out)


def _settings_of_a_fresh_run(t):
    """settings.json exactly as the run with npz(t) and default options writes it (so only the part is at fault)."""
    return json.dumps({"n_values": None, "n_draws": 10, "C": 0.01, "seed": 1234, "epsilon": 1e-5,
                       "source": "mine.npz", "n_trials": 18, "solver": "gram", "protocol": "full",
                       "n_splits": None}, indent=1).encode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

# (id, argv builder (tmp_path -> list of str), what stderr must name)
CASES = [
    # ---- compare: a results.json that is not one a run wrote
    ("compare-corrupt", lambda t: compare(t, b'{"metrics": {"accuracy": 0.'),
     "identification/results.json: not valid JSON"),
    ("compare-binary", lambda t: compare(t, np.random.default_rng(0).bytes(64)), "results.json is not text"),
    ("compare-png", lambda t: compare(t, PNG), "b/identification/results.json is not text"),
    ("compare-empty", lambda t: compare(t, b""), "results.json: it is empty"),
    ("compare-list", lambda t: compare(t, b"[1, 2]"), "results.json holds a JSON list"),
    ("compare-first-corrupt", lambda t: compare(t, b"{}", first_content=b"{"), "a/identification/results.json"),
    ("compare-deep", lambda t: compare(t, b"[" * 200_000), "results.json is nested too deeply"),
    ("compare-results-folder", lambda t: compare(t, None), "results.json is a folder, not the results.json file"),
    # ---- compare: the folders themselves
    ("compare-same-folder", lambda t: ["compare", runs(t), runs(t)], "are the same folder"),
    ("compare-same-folder-spelled-twice", lambda t: ["compare", runs(t), runs(t) + "/../a"], "are the same folder"),
    ("compare-second-missing", lambda t: ["compare", runs(t), str(t / "b")], "/b: it does not exist"),
    ("compare-second-file", lambda t: ["compare", runs(t), write(t, "b", b"x")], "b is a file, not a folder of runs"),
    # ---- book: output folders
    ("book-build-dir-users", lambda t: ["book", "--out", str(t / "r"), "--build-dir", user_folder(t)],
     "mine (--build-dir) is not empty and was not made by movesig book"),
    ("book-build-dir-file", lambda t: ["book", "--out", str(t / "r"), "--build-dir", write(t, "b", b"x")],
     "b (--build-dir) is a file, not a folder"),
    ("book-build-dir-users-file-inside", lambda t: ["book", "--out", str(t / "r"), "--build-dir", marked_build(t)],
     "holds files movesig did not write (html/notes.txt)"),
    ("book-build-dir-inside-out", lambda t: ["book", "--out", str(t / "r"), "--build-dir", str(t / "r" / "b")],
     "must be two separate folders"),
    ("book-build-dir-is-out", lambda t: ["book", "--out", str(t / "r"), "--build-dir", str(t / "r")],
     "must be two separate folders"),
    ("book-params-png", lambda t: ["book", "--params", write(t, "p.yml", PNG), "--out", str(t / "r")], "p.yml"),
    ("book-params-latin-1", lambda t: ["book", "--params", write(t, "p.yml", b"identification: {C: 1} # caf\xe9\n"),
                                       "--out", str(t / "r")], "p.yml"),
    ("book-no-run-out-file", lambda t: ["book", "--no-run", "--out", write(t, "r", b"x"), "--build-dir",
                                        str(t / "b")], "r (--out) is a file, not a folder"),
    # ---- run: a user's file in the working folder of an interrupted run
    ("run-partial-users-file", lambda t: ["run", "identification", "-p", "n_persons", "3", "--out",
                                          partial_with_users_file(t)],
     "identification.partial holds files movesig did not write (notes.txt)"),
    # ---- participants
    ("pn-one-person", lambda t: ["participants", "npz", "--file", npz(t, person=np.array(["solo"] * 18)), "--out",
                                 str(t / "pn")], "mine.npz: task 'unknown' has 1 person(s)"),
    ("pn-parts-without-settings", lambda t: ["participants", "npz", "--file", npz(t), "--out",
                                             participants_folder(t, part=b"unknown,1,2,0,0.5,0.1\n")],
     "settings.json is missing or unreadable, so the parts"),
    ("pn-settings-binary", lambda t: ["participants", "npz", "--file", npz(t), "--out",
                                      participants_folder(t, settings=PNG)], "settings.json is missing or unreadable"),
    ("pn-other-settings", lambda t: ["participants", "npz", "--file", npz(t), "--out",
                                     participants_folder(t, settings=b'{"n_draws": 3}', part=b"x")],
     "holds a run with other settings"),
    ("pn-part-is-folder", lambda t: ["participants", "npz", "--file", npz(t), "--out",
                                     participants_folder(t, settings=_settings_of_a_fresh_run(t), part="folder")],
     "unknown__1.csv is a folder where the part of person 1 goes"),
]


@pytest.mark.parametrize("case, argv, message", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_line_and_exit_2(case, argv, message, tmp_path, monkeypatch, capsys):
    assert_one_line_exit_2(case, argv, message, tmp_path, monkeypatch, capsys)


def test_cases_have_distinct_names():
    names = [c[0] for c in CASES]
    assert len(set(names)) == len(names)

"""Citations a reader can follow: the repository's address by one rule, a URL or a plain sentence in every
BibTeX entry of the Figures page, the DOI of every work it asks to be cited with, the licences, and each
run's results.json published without a path of the machine that built it."""

import json
import re
import shutil
import subprocess

import pytest
import yaml
from movesig.data import CARDS
from movesig.report import citation, generated
from movesig.report.citation import (
    BOOK_LICENCE,
    NO_ADDRESS,
    REPOSITORY_ENV,
    commit,
    data_terms,
    dois,
    public_results,
    public_url,
    repository_url,
)
from movesig.report.generated import DATA_CITATION, PAPER, figures_page

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def _no_address_from_outside(monkeypatch):
    monkeypatch.delenv(REPOSITORY_ENV, raising=False)


def _git(folder, *args):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "-c", "init.defaultBranch=main", *args], check=True, capture_output=True)


# ---------------------------------------------------------------------------- the repository's address
def test_citation_cff_comes_first(tmp_path, monkeypatch):
    (tmp_path / "CITATION.cff").write_text('cff-version: 1.2.0\nrepository-code: "https://github.com/a/b"\n')
    monkeypatch.setenv(REPOSITORY_ENV, "https://gitlab.com/c/d")
    assert repository_url(tmp_path) == "https://github.com/a/b"


def test_then_the_environment(tmp_path, monkeypatch):
    (tmp_path / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: x\n")  # no repository-code
    monkeypatch.setenv(REPOSITORY_ENV, "https://gitlab.com/c/d.git/")
    assert repository_url(tmp_path) == "https://gitlab.com/c/d"


def test_then_the_origin_remote_as_https(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:a/b.git")
    assert repository_url(tmp_path) == "https://github.com/a/b"


def test_else_none(tmp_path):
    assert repository_url(tmp_path) is None
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "/srv/git/b.git")  # a local remote is not a public address
    assert repository_url(tmp_path) is None


@pytest.mark.parametrize("address, url", [
    ("git@github.com:a/b.git", "https://github.com/a/b"),
    ("ssh://git@github.com:22/a/b.git", "https://github.com/a/b"),
    ("https://user:token@github.com/a/b.git", "https://github.com/a/b"),  # a credential is never shown
    ("https://codeberg.org/a/b/", "https://codeberg.org/a/b"),
    ("/home/someone/b.git", None), ("file:///srv/b.git", None), ("", None), (None, None),
])
def test_public_url(address, url):
    assert public_url(address) == url


def test_the_commit_is_the_full_hash(tmp_path):
    assert commit(tmp_path) is None
    _git(tmp_path, "init", "-q")
    (tmp_path / "f").write_text("x")
    _git(tmp_path, "add", "f")
    _git(tmp_path, "commit", "-q", "-m", "x")
    assert re.fullmatch(r"[0-9a-f]{40}", commit(tmp_path))


# ---------------------------------------------------------------------------- the Figures page
def _run(out, run, chapter, data, paths=None):
    """A fake run folder: three files of one figure and a results.json (with paths of the builder)."""
    folder = out / run / "figures"
    folder.mkdir(parents=True)
    for ext in ("png", "pdf", "svg"):
        (folder / f"fig_one.{ext}").write_bytes(b"x")
    results = {"chapter": chapter, "data": data, "figures": {"fig_one": "Accuracy per model"},
               "parameters": {"out_dir": str(out / run), **(paths or {})}}
    (out / run / "results.json").write_text(json.dumps(results))
    return results


def _page(tmp_path, root, monkeypatch, full=COMMIT):
    monkeypatch.setattr(generated, "commit", lambda _root: full)
    out = tmp_path / "runs"
    runs = {"real": _run(out, "real", "gait_models", {"name": "gaitrec", "licence": "CC BY 4.0"}),
            "syn": _run(out, "syn", "emg_signatures", {"name": "synthetic-emg", "synthetic": True,
                                                        "licence": "generated; no restrictions"}),
            "speed": _run(out, "speed", "speed", {"name": "speed-grf", "licence": CARDS["speed-grf"].licence})}
    page = figures_page(runs, out, tmp_path / "book", {}, root)
    entries = dict(re.findall(r"@misc\{movesig:(\w+):fig_one,\n(.*?)\n\}", page, re.S))
    assert set(entries) == set(runs)
    return page, entries, runs


def _root(tmp_path, repo=None):
    root = tmp_path / "project"
    root.mkdir()
    shutil.copyfile(citation.Path(__file__).parents[2] / "references.bib", root / "references.bib")
    if repo:
        (root / "CITATION.cff").write_text(f'cff-version: 1.2.0\nrepository-code: "{repo}"\n')
    return root


def test_an_entry_with_the_repository_address(tmp_path, monkeypatch):
    page, entries, _ = _page(tmp_path, _root(tmp_path, "https://github.com/a/b"), monkeypatch)
    for entry in entries.values():
        assert f"url = {{https://github.com/a/b/tree/{COMMIT}}}," in entry
        assert NO_ADDRESS not in entry and COMMIT in entry
    assert f"(https://github.com/a/b/tree/{COMMIT})" in page  # the page links the commit


def test_an_entry_without_one_says_so(tmp_path, monkeypatch):
    page, entries, _ = _page(tmp_path, _root(tmp_path), monkeypatch)
    for entry in entries.values():
        assert "url = " not in entry and NO_ADDRESS in entry and COMMIT in entry
    assert NO_ADDRESS in page.split("\n")[0]


def test_entries_are_latex_text(tmp_path, monkeypatch):
    _, entries, _ = _page(tmp_path, _root(tmp_path), monkeypatch)
    assert r"figure real/fig\_one" in entries["real"]
    assert not re.search(r"(?<!\\)[_%&#]", entries["real"].replace("url = ", ""))


def test_every_cited_key_has_its_doi_in_references_bib_and_in_the_entries(tmp_path, monkeypatch, root):
    found = dois(root)
    cited = set(PAPER.values()) | {k for keys in DATA_CITATION.values() for k in keys}
    assert cited and not cited - set(found), f"no DOI in references.bib for {sorted(cited - set(found))}"
    for name, keys in DATA_CITATION.items():  # a real data set's card and references.bib name the same work
        if CARDS[name].source == "real":
            assert CARDS[name].doi in {found[k] for k in keys}, name
    _, entries, runs = _page(tmp_path, _root(tmp_path), monkeypatch)
    for run, entry in entries.items():
        keys = generated._cited(runs[run]["chapter"], runs[run]["data"]["name"])
        assert keys
        for key in keys:
            assert f"{key}: doi {found[key]}" in entry, (run, key)


def test_every_entry_states_the_licences(tmp_path, monkeypatch):
    page, entries, runs = _page(tmp_path, _root(tmp_path), monkeypatch)
    assert f"licensed under [{BOOK_LICENCE}](" in page
    for run, entry in entries.items():
        note = entry.split("note = {")[1]
        assert f"Licence of the figure: {BOOK_LICENCE}" in note, run
        assert data_terms(runs[run]["data"]).replace("%", r"\%") in note, run
        assert f"Data licence and reuse terms: {data_terms(runs[run]['data'])}" in page
    assert "generated by movesig" in entries["syn"] and "calibrated to emg-pedalling-7ps" in entries["syn"]
    assert "GPL-3.0" in entries["speed"]


def test_synthetic_terms_name_the_data_they_are_calibrated_to():
    gait = data_terms({"name": "synthetic-gait", "synthetic": True, "licence": "generated; no restrictions"})
    assert gait == "synthetic, generated by movesig (generated; no restrictions); calibrated to gaitrec (CC BY 4.0)"
    assert data_terms({"name": "gaitrec"}) == "CC BY 4.0"  # unrecorded: the card's


def test_results_json_is_published_without_paths_of_the_builder(tmp_path, monkeypatch):
    home = str(citation.Path.home())
    paths = {"data_dir": f"{home}/data/gaitrec-subset", "data_file": "C:\\Users\\x\\walk.mat",
             "calibration": "/srv/cal/gaitrec.json", "note": "read /opt/d/a.mat and/or 1/2 of https://doi.org/10.1/x"}
    root = _root(tmp_path)
    page, _, runs = _page(tmp_path, root, monkeypatch)
    before = (tmp_path / "runs" / "real" / "results.json").read_bytes()
    out = tmp_path / "runs"
    runs["real"] = _run(out / "again", "real", "gait_models", {"name": "gaitrec"}, paths)
    figures_page({"real": runs["real"]}, out / "again", tmp_path / "book", {}, root)
    assert "{download}`results.json <figures/real/results.json>`" in page
    assert "Parameters: {download}`results.json of run real <figures/real/results.json>`" in page
    text = (tmp_path / "book" / "figures" / "real" / "results.json").read_text()
    for forbidden in (str(tmp_path), home, "/srv", "/opt", "C:\\", "Users"):
        assert forbidden not in text, forbidden
    published = json.loads(text)["parameters"]
    assert published["out_dir"] == "real" and published["data_dir"] == "gaitrec-subset"
    assert published["data_file"] == "walk.mat" and published["calibration"] == "gaitrec.json"
    assert published["note"] == "read a.mat and/or 1/2 of https://doi.org/10.1/x"
    assert (tmp_path / "runs" / "real" / "results.json").read_bytes() == before  # the run's own file is kept
    assert json.loads((out / "again" / "real" / "results.json").read_text())["parameters"]["data_file"] == \
        paths["data_file"]


def test_public_results_leaves_the_record_unchanged():
    record = {"parameters": {"out_dir": "/a/b/run"}, "values": [1.5, None, "x"]}
    copy = public_results(record)
    assert copy == {"parameters": {"out_dir": "run"}, "values": [1.5, None, "x"]}
    assert record["parameters"]["out_dir"] == "/a/b/run"


# ---------------------------------------------------------------------------- the book's configuration
@pytest.mark.parametrize("repo", [None, "https://github.com/a/b"])
def test_the_repository_button_and_source_line_follow_the_known_address(tmp_path, monkeypatch, repo):
    root = _root(tmp_path, repo)
    (root / "_config.yml").write_text("title: t\nhtml:\n  use_repository_button: false\n")
    monkeypatch.setattr(citation, "commit", lambda _root: COMMIT)
    config, text = citation.book_config(root), citation.repository_text(root)
    assert BOOK_LICENCE in config["html"]["extra_footer"]
    if repo:
        assert config["repository"]["url"] == repo and config["html"]["use_repository_button"] is True
        assert f"<{repo}/tree/{COMMIT}>" in text
    else:
        assert "repository" not in config and config["html"]["use_repository_button"] is False
        assert NO_ADDRESS in text and COMMIT[:12] in text
    assert yaml.safe_load((root / "_config.yml").read_text())["html"] == {"use_repository_button": False}  # untouched

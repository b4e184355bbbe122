"""Pages the build writes: the front page's findings, and the citations of the Figures page."""

import html
import json
import re
import shutil

import pytest
import yaml
from movesig.report.book import run_specs
from movesig.report.build import build_book
from movesig.report.generated import figures_page, read_runs
from movesig.report.scorecard import _family, front_page
from movesig.studies import STUDIES
from movesig.studies._base import RESULTS_VERSION
from movesig.studies.claims import CLAIM_KEYS, anchor

from tests.helpers import SMALL

@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_the_front_page_is_every_runs_claims_and_a_renamed_field_fails_the_build(small_book, tmp_path, root):
    """Built from the small book's own records: every run holds its claims, the front page shows each one."""
    folder, index = small_book
    runs = read_runs(folder / "runs", run_specs(root))
    assert set(runs) == set(run_specs(root))
    claims = {run: r["claims"] for run, r in runs.items()}
    assert all(r["version"] == RESULTS_VERSION for r in runs.values())
    every = [c for cs in claims.values() for c in cs]
    assert every and all(tuple(c) == CLAIM_KEYS for c in every)
    assert len({c["id"] for c in every}) == len(every) or len(runs) > len(STUDIES)  # a chapter may run twice
    # each chapter that decides a finding holds one (a chapter's claims come from the sections that ran)
    for run in ("identification", "gait_models", "emg_signatures", "speed", "emg_stability"):
        assert claims[run], run
    root_page = yaml.safe_load((root / "_toc.yml").read_text())["root"]  # index.html only redirects to it
    front = (index.parent / root_page).with_suffix(".html").read_text()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", front)).replace("’", "'").split())
    for run, cs in claims.items():  # every claim has its anchor on its page; every kind of claim of a page is on
        page = (index.parent / "chapters" / f"{run}.html").read_text()  # the front page, linked to one of them
        for c in cs:
            assert f'id="{anchor(c["id"])}"' in page, (run, c["id"])
        for family in {_family(c["id"]) for c in cs}:
            assert any(f'.html#{anchor(c["id"])}' in front for c in cs if _family(c["id"]) == family), (run, family)
    assert "What was reproduced" in text and "reproduction-scorecard" in front
    # a claim whose field is renamed (or a record without claims) stops the build before any page is written
    broken = json.loads(json.dumps(runs))
    first = next(run for run, cs in claims.items() if cs)
    broken[first]["claims"][0] = {("ci" if k == "interval" else k): v for k, v in broken[first]["claims"][0].items()}
    with pytest.raises(KeyError, match="unknown \\['ci'\\]"):
        front_page(broken, {})
    copy = tmp_path / "runs"
    shutil.copytree(folder / "runs", copy)
    path = copy / first / "results.json"
    path.write_text(json.dumps(broken[first]))
    with pytest.raises(KeyError, match="ci"):
        build_book(SMALL, data_dir=None, out=copy, build_dir=tmp_path / "build", root=root, run=False, quiet=True)
    del broken[first]["claims"]
    with pytest.raises(ValueError, match="without the claims"):
        front_page(broken, {})


def _figure_run(tmp_path, run, chapter, data, caption):
    folder = tmp_path / "runs" / run / "figures"
    folder.mkdir(parents=True)
    for ext in ("png", "pdf", "svg"):
        (folder / f"fig.{ext}").write_bytes(b"x")
    return {"chapter": chapter, "data": data, "figures": {"fig": caption}}


def test_figure_citations_keep_synthetic_and_name_the_data_source(tmp_path):
    runs = {"syn": _figure_run(tmp_path, "syn", "gait_models", {"name": "synthetic-gait", "synthetic": True},
                               "Accuracy per model"),
            "speed": _figure_run(tmp_path, "speed", "speed", {"name": "speed-grf", "synthetic": False},
                                 "SPM{t} of the speed effect"),
            "real": _figure_run(tmp_path, "real", "gait_models", {"name": "gaitrec", "synthetic": False},
                                "Accuracy per model")}
    page = figures_page(runs, tmp_path / "runs", tmp_path / "book", {}, tmp_path)
    bib = {run: page.split(f"@misc{{movesig:{run}:fig,")[1].split("\n}")[0] for run in runs}
    assert "title = {Accuracy per model (synthetic data)}" in bib["syn"]
    assert "title = {Accuracy per model}" in bib["real"]
    assert "title = {SPM{t} of the speed effect}" in bib["speed"]  # balanced braces are kept
    assert "cite pataky2008 and the movesig" in bib["speed"]
    assert "cite horst2019 and horsak2020 and slijepcevic2021 and the movesig" in bib["real"]
    assert "cite horst2019 and horsak2020 and slijepcevic2021 and the movesig" in bib["syn"]  # calibrated to GaitRec

"""Every chapter executed by papermill with small parameters, then the book built with -W."""

import html
import json
import re

import nbformat
import numpy as np
import pytest
from movesig.report.book import (
    chapter_names,
    chapter_notebook,
    chapter_parameters,
    chapter_path,
    resolve_parameters,
    run_chapter,
    run_specs,
)
from movesig.report.cache import reusable, run_key

from tests.helpers import SMALL


def test_chapters_are_read_by_jupytext_with_one_parameters_cell(root):
    for source in sorted((root / "chapters").glob("*.py")):
        nb = chapter_notebook(source.stem, root)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{source.stem}: exactly one cell must be tagged 'parameters'"
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        assert not list(root.glob("chapters/*.ipynb")), "chapters are built in memory: no .ipynb copies"


def test_every_chapter_has_small_test_parameters(root):
    assert set(chapter_names(root)) == set(SMALL)


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_chapters_run_and_the_book_builds_without_warnings(small_book, real_data_dir, root):
    tmp_path, index = small_book
    assert index.is_file()
    titles = {}
    for name, (chapter, _) in run_specs(root).items():
        run = tmp_path / "runs" / name
        results = json.loads((run / "results.json").read_text())
        assert results["chapter"] == chapter
        assert set(results["parameters"]) == set(chapter_parameters(chapter, root))
        assert results["parameters"]["n_persons"] == SMALL[name]["n_persons"]
        assert (results["data"]["files"] or results["data"]["synthetic"]) and results["versions"]["numpy"]
        for model, m in results["metrics"].items():
            assert m["n_folds"] >= 1, (name, model)
            if "accuracy_per_fold" in m:  # the two records of the same number agree
                assert len(m["accuracy_per_fold"]) == m["n_folds"], (name, model)
                assert m["accuracy_mean"] == pytest.approx(np.mean(m["accuracy_per_fold"])), (name, model)
            if name == "identification":  # a linear SVM on real GaitRec people is far above chance
                assert m["accuracy_mean"] > 1 / m.get("n_persons", results["data"]["n_persons"]), (name, model)
        figures = sorted(p.name for p in (run / "figures").iterdir())
        assert figures, f"{name}: no figures"
        assert all(any(f == f"{stem}.{ext}" for f in figures)
                               for stem in {p.rsplit('.', 1)[0] for p in figures} for ext in ("pdf", "svg", "png"))
        page = (tmp_path / "build" / "html" / "chapters" / f"{name}.html").read_text()
        # the numbers on the page are the run's numbers, and the page names its data
        for model, m in results["metrics"].items():
            assert f"{100 * m['accuracy_mean']:.2f}" in page, (name, model)
        assert ("Synthetic data" in page) == results["data"]["synthetic"]
        licence = results["data"]["licence"]
        assert licence in page or html.escape(licence) in page
        # a page a reader wants: no path of the machine that built it, its own title, code folded
        assert str(tmp_path) not in page and str(root) not in page and "PosixPath" not in page, name
        titles[name] = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "tag_hide-input" in page and "injected-parameters" not in page
        # every figure is a numbered figure with its caption
        assert page.count('class="caption-number"') == len(results["figures"]), name
        assert all(html.escape(re.split(r"[:'(]", caption)[0][:40], quote=False) in page
                   for caption in results["figures"].values()), name
    assert len(set(titles.values())) == len(titles), titles
    # an unchanged book is reused, run by run (nothing re-runs); a forced run runs again
    assert all(reusable(tmp_path / "runs" / n, run_key(chapter_path(c, root), resolve_parameters(
        c, {**base, **SMALL[n], "data_dir": str(real_data_dir.resolve())}, root))) for n, (c, base) in run_specs(root).items())


@pytest.mark.book
def test_synthetic_data_pages_carry_a_visible_note(tmp_path, root):
    run = run_chapter("identification", {"dataset": "synthetic-gait", "n_persons": 6, "compare_standardise": False,
                                         "n_jobs": 1, "n_show": 1}, out=tmp_path, root=root)
    nb = nbformat.read(run / "identification.ipynb", as_version=4)
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    assert "admonition warning" in html and "synthetic data" in html
    # running again replaces our own earlier run
    again = run_chapter("identification", {"dataset": "synthetic-gait", "n_persons": 6, "compare_standardise": False,
                                           "n_jobs": 1, "n_show": 1}, out=tmp_path, root=root)
    assert json.loads((again / "results.json").read_text()) ["metrics"] == json.loads(
        (run / "results.json").read_text())["metrics"]

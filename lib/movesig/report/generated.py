"""The Figures page the build writes from the runs' ``results.json``: every figure, its files, licence and BibTeX."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .. import __version__
from ..data.cards import dataset_label
from .citation import (
    BOOK_LICENCE,
    BOOK_LICENCE_URL,
    CODE_LICENCE,
    NO_ADDRESS,
    commit,
    data_terms,
    dois,
    public_results,
    repository_url,
)
from .results import read_results

__all__ = ["figures_page", "read_runs", "shown_width"]

FIGURES_MARKER = "<!-- movesig: figures -->"
#: The publication behind each real data set (for a generator: the data it is calibrated to), cited beside its
#: figures.
DATA_CITATION = {"gaitrec": ("horsak2020", "slijepcevic2021"), "gaitrec-atmm": ("horsak2020", "slijepcevic2021"),
                 "synthetic-gait": ("horsak2020", "slijepcevic2021"), "speed-grf": ("pataky2008",),
                 "emg-pedalling-7ps": ("aeles2021",), "aeles-2021": ("aeles2021",), "synthetic-emg": ("aeles2021",),
                 "horst-2019": ("horst2019",)}
#: The paper behind each chapter, cited beside its figures.
PAPER = {"identification": "horst2019", "gait_models": "horst2019", "emg_signatures": "aeles2021",
         "emg_stability": "aeles2021", "participant_number": "aeles2021"}


def _data(results: dict) -> str:
    data = results.get("data", {})
    kind = "synthetic data" if data.get("synthetic") else "real data"
    people = f", {data['n_persons']} people" if data.get("n_persons") else ""
    return f"{dataset_label(data.get('name', '?'))}, {kind}{people}"


def _tex(text: str) -> str:
    """Text for a BibTeX field that LaTeX reads as text: ``_ % & #`` escaped (once)."""
    return re.sub(r"(?<!\\)([_%&#])", r"\\\1", text)


def _cited(chapter: str, data_name) -> list[str]:
    """The keys of references.bib a figure of ``chapter`` on ``data_name`` asks to be cited with."""
    return list(dict.fromkeys(c for c in (PAPER.get(chapter), *DATA_CITATION.get(data_name, ())) if c))


def _bibtex(key: str, title: str, where: str, url: str | None, data: str, parameters: str, cite: list[str],
            doi: dict[str, str]) -> str:
    """One figure's BibTeX entry: its URL where the repository's address is known (and a plain sentence where
    it is not), the book's licence and the data's, its parameters, the DOI of every work it asks to be cited with.
    """
    found = [f"{k}: doi {doi[k]}" for k in cite if k in doi]
    source = "" if url else f"Source: {NO_ADDRESS}. "
    note = (f"Licence of the figure: {BOOK_LICENCE} ({BOOK_LICENCE_URL}); of its data: {data}. {source}"
            f"Parameters: {parameters}. "
            f"Please also cite {' and '.join(cite + ['the movesig entry of CITATION.cff'])}"
            + (f"; {'; '.join(found)}" if found else "") + ".")
    fields = [("key", "movesig"), ("title", title), ("howpublished", where), ("year", "2026")]
    fields += [("url", url)] if url else []
    fields += [("note", _tex(note))]
    return "\n".join([f"@misc{{{key},", *(f"  {name} = {{{value}}}," for name, value in fields[:-1]),
                      f"  {fields[-1][0]} = {{{fields[-1][1]}}}", "}"])


def figures_page(runs: dict[str, dict], out: Path, target_dir: Path, titles: dict, root: Path) -> str:
    """The Figures page's body: every figure under its stable name, with downloads, provenance and BibTeX.

    The figure files are copied to ``target_dir/figures/<run>/`` (beside the page), and with them the run's
    ``results.json`` in a copy without paths of the machine that built it
    (:func:`~movesig.report.citation.public_results`). Each entry gives the repository's address at the
    commit (:func:`~movesig.report.citation.repository_url`) where it is known, and says so where it is not;
    the book's licence and the data's; the DOI of every work it asks to be cited with (from
    ``root/references.bib``).
    """
    full, repo, doi = commit(root), repository_url(root), dois(root)
    shown = f"`{full}`" if full else "unknown (not a git checkout)"
    at = f"{repo}/tree/{full}" if repo and full else repo
    if at:
        built = f"Built by movesig {__version__} from commit [{shown}]({at})."
    else:
        built = f"Built by movesig {__version__} from commit {shown} ({NO_ADDRESS})."
    parts = [built + " Every figure is saved as PDF, SVG and PNG under a stable name, `<run>/<figure>`, that a "
             "paper can cite with the BibTeX entry below it; each run's parameters and numbers are published as "
             "its `results.json`.", "",
             f"**Licence.** The text and figures of this book are licensed under [{BOOK_LICENCE}]({BOOK_LICENCE_URL})"
             ": share and adapt them, crediting the movesig contributors (the BibTeX entry below each figure). "
             f"movesig's code is under the {CODE_LICENCE} licence. The data keep their own terms, stated beside "
             "each run's figures.", ""]
    for run, results in runs.items():
        figures = {**(results.get("figures") or {}), **(results.get("downloads") or {})}
        if not figures:
            continue
        chapter = results.get("chapter", run)
        data = results.get("data", {})
        synthetic, data_name = bool(data.get("synthetic")), data.get("name")
        terms, cite = data_terms(data), _cited(chapter, data_name)
        folder = target_dir / "figures" / run
        folder.mkdir(parents=True, exist_ok=True)
        published = public_results(results, Path(out) / run, out, root, target_dir)
        (folder / "results.json").write_text(json.dumps(published, indent=2, allow_nan=False) + "\n",
                                             encoding="utf-8")
        link = f"{{download}}`results.json <figures/{run}/results.json>`"
        works = ", ".join(f"{k} ([doi:{doi[k]}](https://doi.org/{doi[k]}))" if k in doi else k for k in cite)
        parts += [f"## {titles.get(run, run)}", "",
                  f"Run `{run}` of chapter `{chapter}` ({{doc}}`{run}`); data: {_data(results)}; files: "
                  + (", ".join(f"`{f['name']}` (SHA-256 `{f['sha256'][:12]}…`)"
                               for f in data.get("files", [])) or "generated") + ".", "",
                  f"Data licence and reuse terms: {terms}. Cite with the figures: {works or 'the movesig entry'}. "
                  f"Parameters and every number of the run: {link}.", ""]
        for stem, caption in figures.items():
            for ext in ("png", "pdf", "svg"):
                shutil.copyfile(out / run / "figures" / f"{stem}.{ext}", folder / f"{stem}.{ext}")
            title = caption if caption.count("{") == caption.count("}") else caption.replace("{", "").replace("}", "")
            if synthetic and "synthetic" not in title.lower():  # a citation must not lose what the data were
                title += " (synthetic data)"
            bib = _bibtex(f"movesig:{run}:{stem}", _tex(title),
                          _tex(f"figure {run}/{stem} of the movesig book by the movesig contributors, movesig "
                               f"{__version__}, commit {full or 'unknown'}"),
                          at, terms,
                          f"results.json of run {run}, published beside the figure (figures/{run}/results.json)",
                          cite, doi)
            parts += [f"### `{run}/{stem}`", "", f"```{{image}} figures/{run}/{stem}.png",
                      f":width: {shown_width(folder / f'{stem}.png')}px", f":alt: {stem}", "```", "",
                      caption + " (full size: the PNG below).", "",
                      f"Download: {{download}}`PDF <figures/{run}/{stem}.pdf>`, "
                      f"{{download}}`SVG <figures/{run}/{stem}.svg>`, {{download}}`PNG <figures/{run}/{stem}.png>`. "
                      f"Parameters: {{download}}`results.json of run {run} <figures/{run}/results.json>`.", "",
                      "```bibtex", bib, "```", ""]
    return "\n".join(parts)


def shown_width(png: Path, dpi: int = 300, column: int = 740) -> int:
    """CSS px at which a saved figure reads as it does in its chapter: its PNG's width at the notebook's 100 px per
    inch (the files are saved at ``dpi``), capped by the page column."""
    with open(png, "rb") as f:
        head = f.read(24)
    width = int.from_bytes(head[16:20], "big") if head[:8] == b"\x89PNG\r\n\x1a\n" else column * dpi // 100
    return max(1, min(column, round(width * 100 / dpi)))


def read_runs(out: Path, names) -> dict[str, dict]:
    """The parsed ``results.json`` of every run in ``out`` (runs without one are left out)."""
    found = {}
    for name in names:
        path = Path(out) / name / "results.json"
        if path.exists():
            found[name] = read_results(path.parent)
    return found

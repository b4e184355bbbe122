"""Pages the build writes from the runs' ``results.json``: the findings on the front page and the Figures page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .. import __version__
from ..studies._base import RESULTS_VERSION
from ..studies.claims import render
from .results import read_results

__all__ = ["figures_page", "findings"]

FINDINGS_MARKER = "<!-- movesig: findings -->"
FIGURES_MARKER = "<!-- movesig: figures -->"
#: The publication behind each real data set (for a generator: the data it is calibrated to), cited beside its
#: figures.
DATA_CITATION = {"gaitrec": ("horsak2020", "slijepcevic2021"), "gaitrec-atmm": ("horsak2020", "slijepcevic2021"),
                 "synthetic-gait": ("horsak2020", "slijepcevic2021"), "speed-grf": ("pataky2008",)}
#: The paper behind each chapter, cited beside its figures.
PAPER = {"identification": "horst2019", "gait_models": "horst2019", "emg_signatures": "aeles2021",
         "emg_stability": "aeles2021", "participant_number": "aeles2021"}


def _get(record, *keys):
    for key in keys:
        if not isinstance(record, dict) or key not in record:
            return None
        record = record[key]
    return record


def _data(results: dict) -> str:
    data = results.get("data", {})
    kind = "synthetic data" if data.get("synthetic") else "real data"
    people = f", {data['n_persons']} people" if data.get("n_persons") else ""
    return f"{data.get('name', '?')}, {kind}{people}"


def findings(runs: dict[str, dict], out: Path | None = None, target_dir: Path | None = None) -> str:
    """"What the study found": every claim of every run, rendered from ``results.json`` (``"claims"``), and a key figure.

    The wording of a claim and of its verdict is :func:`movesig.studies.claims.render`'s,
    the same as on the claim's page: nothing is re-derived here.

    Parameters
    ----------
    runs : dict of run name -> parsed results.json
        In the book's order. A run without ``"claims"`` (written by another version of
        movesig) or with a malformed claim fails the build.
    out, target_dir : Path, optional
        Folder of the runs, and of the page: the key figure is copied from one to the other.
    """
    lines = []
    for run, results in runs.items():
        if results.get("version") != RESULTS_VERSION or "claims" not in results:
            raise ValueError(f"run {run}: results.json has layout version {results.get('version')!r} without the "
                             f"claims of version {RESULTS_VERSION}: run it again")
        lines += [f"{render(claim)} ({_data(results)}; {{doc}}`{run}`)" for claim in results["claims"]]
    if not lines:
        return ""
    text = ["## What the study found", "",
            "Each finding is a claim: its estimate with a 95 % interval over the unit named (people, where the data "
            "allow), the baseline it must beat (chance, or a map without a model) and the control that could have "
            "said no. The verdict is computed from those numbers: **supported** when the whole interval lies above "
            "both, **not supported** when it lies at or below one of them, **inconclusive** otherwise, or where no "
            "control was run. Each is computed by the run that built this book, from the data its page names.", ""]
    text += [f"- {line}" for line in lines]
    key = _get(runs, "gait_models", "figures", "gait_models_accuracy")
    if key and out is not None and target_dir is not None:
        folder = target_dir / "figures" / "gait_models"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(out) / "gait_models" / "figures" / "gait_models_accuracy.png",
                        folder / "gait_models_accuracy.png")
        text += ["", "```{figure} figures/gait_models/gait_models_accuracy.png", ":width: 560px",
                 ":name: fig-key-accuracy", "", f"{key} ({_data(runs['gait_models'])}; {{doc}}`gait_models`).", "```"]
    return "\n".join(text) + "\n"


def _commit(root: Path) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return proc.stdout.strip() if proc.returncode == 0 else "not a git checkout"


def figures_page(runs: dict[str, dict], out: Path, target_dir: Path, titles: dict, root: Path) -> str:
    """The Figures page's body: every figure under its stable name, with downloads, provenance and BibTeX.

    The figure files are copied to ``target_dir/figures/<run>/`` (beside the page).
    """
    commit = _commit(root)
    parts = [f"Built by movesig {__version__} from commit `{commit}`. Every figure is saved as PDF, SVG and PNG "
             "under a stable name, `<run>/<figure>`, that a paper can cite with the BibTeX entry below it.", ""]
    for run, results in runs.items():
        figures = results.get("figures") or {}
        if not figures:
            continue
        chapter = results.get("chapter", run)
        synthetic, data_name = bool(results.get("data", {}).get("synthetic")), results.get("data", {}).get("name")
        parts += [f"## {titles.get(run, run)}", "",
                  f"Run `{run}` of chapter `{chapter}` ({{doc}}`{run}`); data: {_data(results)}; files: "
                  + (", ".join(f"`{f['name']}` (SHA-256 `{f['sha256'][:12]}…`)"
                               for f in results.get("data", {}).get("files", [])) or "generated") + ".", ""]
        folder = target_dir / "figures" / run
        folder.mkdir(parents=True, exist_ok=True)
        for stem, caption in figures.items():
            for ext in ("png", "pdf", "svg"):
                shutil.copyfile(out / run / "figures" / f"{stem}.{ext}", folder / f"{stem}.{ext}")
            key = f"movesig:{run}:{stem}"
            title = caption if caption.count("{") == caption.count("}") else caption.replace("{", "").replace("}", "")
            if synthetic and "synthetic" not in title.lower():  # a citation must not lose what the data were
                title += " (synthetic data)"
            cite = list(dict.fromkeys(c for c in (PAPER.get(chapter), *DATA_CITATION.get(data_name, ())) if c))
            bib = "\n".join([f"@misc{{{key},", "  author = {{the movesig contributors}},",
                             f"  title = {{{title}}},", "  year = {2026},",
                             f"  howpublished = {{movesig {__version__}, commit {commit}, figure {run}/{stem}}},",
                             f"  note = {{Please also cite {' and '.join(cite + ['the movesig entry of CITATION.cff'])}}}",
                             "}"])
            parts += [f"### `{run}/{stem}`", "", f"```{{image}} figures/{run}/{stem}.png", ":width: 360px",
                      f":alt: {stem}", "```", "", caption + ".", "",
                      f"Download: {{download}}`PDF <figures/{run}/{stem}.pdf>`, "
                      f"{{download}}`SVG <figures/{run}/{stem}.svg>`, {{download}}`PNG <figures/{run}/{stem}.png>`. "
                      f"Parameters: `results.json` of run `{run}`.", "",
                      "```bibtex", bib, "```", ""]
    return "\n".join(parts)


def read_runs(out: Path, names) -> dict[str, dict]:
    """The parsed ``results.json`` of every run in ``out`` (runs without one are left out)."""
    found = {}
    for name in names:
        path = Path(out) / name / "results.json"
        if path.exists():
            found[name] = read_results(path.parent)
    return found

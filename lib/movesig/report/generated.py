"""Pages the build writes from the runs' ``results.json``: the findings on the front page and the Figures page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import __version__

__all__ = ["figures_page", "findings"]

FINDINGS_MARKER = "<!-- movesig: findings -->"
FIGURES_MARKER = "<!-- movesig: figures -->"
#: The paper behind each chapter, cited beside its figures.
PAPER = {"identification": "horst2019", "gait_models": "horst2019", "emg_signatures": "aeles2021",
         "emg_stability": "aeles2021", "participant_number": "aeles2021"}


def _get(record, *keys):
    for key in keys:
        if not isinstance(record, dict) or key not in record:
            return None
        record = record[key]
    return record


def _pct(m) -> str:
    return f"{100 * m['accuracy_mean']:.2f} ± {100 * m['accuracy_sd']:.2f} % (n = {m['n_folds']} folds)"


def _data(results: dict) -> str:
    data = results.get("data", {})
    kind = "synthetic data" if data.get("synthetic") else "real data"
    people = f", {data['n_persons']} people" if data.get("n_persons") else ""
    return f"{data.get('name', '?')}, {kind}{people}"


def findings(runs: dict[str, dict], out: Path | None = None, target_dir: Path | None = None) -> str:
    """The study's answers, one question per line, each with its number and a link to its page, and a key figure.

    Parameters
    ----------
    runs : dict of run name -> parsed results.json
        Missing runs or numbers leave their line out.
    out, target_dir : Path, optional
        Folder of the runs, and of the page: the key figure is copied from one to the other.
    """
    lines = []
    ident = _get(runs, "identification", "metrics", "linear_svm")
    if ident:
        lines.append(f"**Who can be recognised, and how well?** A linear SVM recognises the person of a single "
                     f"walking trial in {_pct(ident)} of held-out trials, within one session "
                     f"({_data(runs['identification'])}). {{doc}}`identification`")
    models = _get(runs, "gait_models", "metrics")
    labels = _get(runs, "gait_models", "labels") or {}
    if models:
        best = max(models, key=lambda m: models[m]["accuracy_mean"])
        worst = min(models, key=lambda m: models[m]["accuracy_mean"])
        lines.append(f"**Which model?** Of {len(models)} models, {labels.get(best, best)} is the most accurate, "
                     f"{_pct(models[best])}; the least, {labels.get(worst, worst)}, {_pct(models[worst])} "
                     f"({_data(runs['gait_models'])}). {{doc}}`gait_models`")
        shares = _get(runs, "gait_models", "relevance_share_per_channel", best)
        phases = _get(runs, "gait_models", "relevance_share_per_phase", best)
        if shares and phases:
            channel = max(shares, key=shares.get)
            phase = max(phases, key=phases.get)
            lines.append(f"**What makes a gait unique?** For {labels.get(best, best)}, the channel with the largest "
                         f"share of relevance is the {channel} force ({100 * shares[channel]:.1f} %), the phase "
                         f"with the largest share {phase} ({100 * phases[phase]:.1f} %), on inputs z-scored per "
                         f"value. {{doc}}`gait_models`")
    muscles = _get(runs, "emg_signatures", "persons_per_muscle")
    if muscles:
        task = sorted(muscles)[0]
        counts = muscles[task]
        top = max(counts, key=counts.get)
        n = len(_get(runs, "emg_signatures", "signatures", task) or {})
        lines.append(f"**What makes a muscle signature unique?** In {task}, {top} is part of the signature of "
                     f"{counts[top]} of {n} persons; the muscles in fewest signatures: "
                     f"{', '.join(m for m in counts if counts[m] == min(counts.values()))} "
                     f"({_data(runs['emg_signatures'])}). {{doc}}`emg_signatures`")
    comparisons = _get(runs, "emg_stability", "comparisons")
    if comparisons:
        low = min(comparisons, key=lambda k: comparisons[k]["r_mean"])
        high = max(comparisons, key=lambda k: comparisons[k]["r_mean"])
        planted = (" On synthetic data the signatures' stability is planted by the generator: this shows what the "
                   "pipeline reports, not how stable people are." if _get(runs, "emg_stability", "data", "synthetic")
                   else "")
        lines.append(f"**How stable is a signature?** Mean r of a person's relevance maps between conditions "
                     f"ranges from {comparisons[low]['r_mean']:.3f} ({low}, n = {comparisons[low]['n']}) to "
                     f"{comparisons[high]['r_mean']:.3f} ({high}, n = {comparisons[high]['n']}) "
                     f"({_data(runs['emg_stability'])}).{planted} {{doc}}`emg_stability`")
    for run in ("participant_number_real", "participant_number"):
        tables = _get(runs, run, "participant_number")
        if tables:
            protocol = "full" if "full" in tables else sorted(tables)[0]
            table = tables[protocol]
            task = sorted(table)[0]
            sizes = sorted(table[task], key=int)
            small, large = sizes[0], sizes[-2] if len(sizes) > 1 else sizes[-1]
            lines.append(f"**How much does a signature depend on the others in training?** In {task}, a person's map "
                         f"from a model trained with {int(small) - 1} other person(s) correlates with the map from "
                         f"everyone at r = {table[task][small]['r_mean']:.3f}, with {int(large) - 1} others at "
                         f"r = {table[task][large]['r_mean']:.3f}, and with the next person's map (chance) at "
                         f"r = {table[task][small]['r_next_mean']:.3f} ({protocol} protocol; "
                         f"{_data(runs[run])}). {{doc}}`{run}`")
            break
    if not lines:
        return ""
    text = ["## What the study found", "",
            "Each answer is computed by the run that built this book, from the data its page names.", ""]
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
            paper = PAPER.get(chapter)
            bib = "\n".join([f"@misc{{{key},", "  author = {{the movesig contributors}},",
                             f"  title = {{{caption.replace('{', '').replace('}', '')}}},", "  year = {2026},",
                             f"  howpublished = {{movesig {__version__}, commit {commit}, figure {run}/{stem}}},",
                             f"  note = {{Please also cite {paper} and the movesig entry of CITATION.cff}}" if paper
                             else "  note = {Please also cite the movesig entry of CITATION.cff}", "}"])
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
        if path.is_file():
            found[name] = json.loads(path.read_text())
    return found

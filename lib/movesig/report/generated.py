"""Pages the build writes from the runs' ``results.json``: the findings on the front page and the Figures page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import __version__
from ..models import MODELS

__all__ = ["figures_page", "findings"]

FINDINGS_MARKER = "<!-- movesig: findings -->"
FIGURES_MARKER = "<!-- movesig: figures -->"
#: The input scalings (:class:`~movesig.models.ChannelScaler` modes), in words.
SCALING_WORDS = {"feature": "inputs z-scored per value", "channel": "inputs z-scored per channel",
                 "range": "each channel min-max scaled to [−1, 1], the paper's scaling", "none": "unscaled inputs"}
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


def _pct(m) -> str:
    return f"{100 * m['accuracy_mean']:.2f} ± {100 * m['accuracy_sd']:.2f} % (n = {m['n_folds']} folds)"


def _others(n: int) -> str:
    return f"{n} other person" + ("" if n == 1 else "s")


def _data(results: dict) -> str:
    data = results.get("data", {})
    kind = "synthetic data" if data.get("synthetic") else "real data"
    people = f", {data['n_persons']} people" if data.get("n_persons") else ""
    return f"{data.get('name', '?')}, {kind}{people}"


def _gait_shares(results: dict, best: str, label: str) -> str | None:
    """What makes a gait unique, for the most accurate model: channel and phase shares against an even spread.

    Under per-value z-scoring every channel tends to get about a sixth of the relevance, and
    a phase about its share of stance, whatever the data: each share is therefore given
    beside what an even spread would give, with the paper's scaling where it was refitted.
    """
    shares = _get(results, "relevance_share_per_channel", best)
    phases = _get(results, "relevance_share_per_phase", best)
    bounds = _get(results, "parameters", "phase_bounds")
    if not shares or not phases or not bounds or len(bounds) != len(phases) + 1:
        return None
    scaling = _get(results, "parameters", "standardise") or (MODELS[best].scaling if best in MODELS else None)
    even = 100 / len(shares)
    lo, hi = (100 * f(shares.values()) for f in (min, max))
    text = (f"**What makes a gait unique?** For {label} ({SCALING_WORDS.get(scaling, f'scaling {scaling}')}), "
            f"the {len(shares)} channels' shares of relevance lie between {lo:.1f} and {hi:.1f} % ({even:.1f} % if "
            "spread evenly")
    text += ("; per-value z-scoring gives every channel unit variance, which pulls the shares towards that)."
             if scaling == "feature" else ").")
    paper = _get(results, "relevance_share_per_channel_by_scaling", "range", best)
    if scaling != "range" and paper:
        top = max(paper, key=paper.get)
        text += (f" Refitted on the paper's scaling (each channel min-max scaled to [−1, 1]), its largest share is "
                 f"the {top} force, {100 * paper[top]:.1f} %.")
    length = {name: (b - a) / (bounds[-1] - bounds[0]) for name, a, b in zip(phases, bounds[:-1], bounds[1:])}
    phase = max(phases, key=lambda name: phases[name] / length[name])
    text += (f" Over stance, {phase} carries the most relevance for its length: {100 * phases[phase]:.1f} % of it in "
             f"{100 * length[phase]:.0f} % of stance. {{doc}}`gait_models`")
    return text


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
                     f"walking trial in {_pct(ident)} of held-out trials, within one session as far as the data "
                     "tell "
                     f"({_data(runs['identification'])}). {{doc}}`identification`")
    models = _get(runs, "gait_models", "metrics")
    labels = _get(runs, "gait_models", "labels") or {}
    if models:
        best = max(models, key=lambda m: models[m]["accuracy_mean"])
        worst = min(models, key=lambda m: models[m]["accuracy_mean"])
        lines.append(f"**Which model?** Of {len(models)} models, {labels.get(best, best)} is the most accurate, "
                     f"{_pct(models[best])}; the least, {labels.get(worst, worst)}, {_pct(models[worst])} "
                     f"({_data(runs['gait_models'])}). {{doc}}`gait_models`")
        line = _gait_shares(runs["gait_models"], best, labels.get(best, best))
        if line:
            lines.append(line)
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
        comparisons = {k: v for k, v in comparisons.items() if " vs " in k and ": " in k}  # within one task
    if comparisons:
        low = min(comparisons, key=lambda k: comparisons[k]["r_mean"])
        high = max(comparisons, key=lambda k: comparisons[k]["r_mean"])
        line = (f"**How stable is a signature?** Mean r of a person's relevance maps between conditions of one task "
                f"ranges from {comparisons[low]['r_mean']:.3f} ({low}, n = {comparisons[low]['n']}) to "
                f"{comparisons[high]['r_mean']:.3f} ({high}, n = {comparisons[high]['n']}) "
                f"({_data(runs['emg_stability'])}).")
        if _get(runs, "emg_stability", "data", "synthetic"):
            kept = not _get(runs, "emg_stability", "parameters", "signature_change")
            line += (" On synthetic data" + (" the planted signatures are the same in every condition (the generator "
                                              "moves only the generic burst parameters)" if kept else
                                              " some planted signatures move between conditions (signature_change)")
                     + ": this shows what the pipeline reports, not how stable people are.")
            changed = [v["changed"]["r_mean"] for v in (_get(runs, "emg_stability", "negative_control") or {}).values()
                       if "changed" in v]
            verdict = _get(runs, "emg_stability", "negative_control_verdict")
            if changed:
                line += (f" With every planted burst moved (the negative control), r lies between {min(changed):.3f} "
                         f"and {max(changed):.3f}" + {
                             "does not show": ": its drop is smaller than r's differences between conditions, so a "
                                              "high r does not show a stable signature at this effect size.",
                             "registers": ": its drop exceeds r's differences between conditions, so r registers a "
                                          "changed signature at this effect size.",
                             "mixed": ": r registers a changed signature in some conditions only."}.get(verdict, "."))
        lines.append(line + " {doc}`emg_stability`")
    for run in ("participant_number_real", "participant_number"):
        tables = _get(runs, run, "participant_number")
        if tables:
            protocol = "full" if "full" in tables else sorted(tables)[0]
            table = tables[protocol]
            task = sorted(table)[0]
            sizes = sorted((n for n in table[task] if str(n).isdigit()), key=int)
            if not sizes:
                continue
            small, large = sizes[0], sizes[-2] if len(sizes) > 1 else sizes[-1]
            lines.append(f"**How much does a signature depend on the others in training?** In {task}, a person's map "
                         f"from a model trained with {_others(int(small) - 1)} correlates with the map from "
                         f"everyone at r = {table[task][small]['r_mean']:.3f}, with {_others(int(large) - 1)} at "
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
        if path.is_file():
            found[name] = json.loads(path.read_text())
    return found

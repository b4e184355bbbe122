"""The reader's summaries, rendered from the runs' claims: the front page's scorecard and findings, each page's key
results, and what each page took to run.

Nothing here is typed by hand: a verdict is :func:`movesig.studies.reproduction.reproduce`'s
or the claim's own (:mod:`movesig.studies.claims`), an estimate is the one ``results.json``
stores, and every line links to the sentence on its page that gives the claim in full.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..data.cards import dataset_label
from ..studies._base import RESULTS_VERSION
from ..studies.claims import VERDICTS, _fmt, _percent, anchor, brief, evidence, headline, render
from ..studies.reproduction import MARGIN, OUTCOMES, reproduce
from .generated import shown_width

__all__ = ["CLAIMS_MARKER", "FINDINGS_MARKER", "RUNTIMES_MARKER", "every_claim", "front_page", "key_results",
           "runtimes"]

FINDINGS_MARKER = "<!-- movesig: findings -->"
CLAIMS_MARKER = "<!-- movesig: claims -->"
RUNTIMES_MARKER = "<!-- movesig: runtimes -->"
#: At most this many claims open a page as its key results (the rest are on the page).
KEY_RESULTS = 5
#: The paper of each BibTeX key, as the scorecard names it.
PAPERS = {"horst2019": "Horst et al. 2019", "horst2023": "Horst et al. 2023", "aeles2021": "Aeles et al. 2021"}


def _check(runs: dict[str, dict]) -> None:
    for run, results in runs.items():
        if results.get("version") != RESULTS_VERSION or "claims" not in results:
            raise ValueError(f"run {run}: results.json has layout version {results.get('version')!r} without the "
                             f"claims of version {RESULTS_VERSION}: run it again")
        for claim in results["claims"]:
            render(claim)  # a renamed field or a hand-typed verdict stops the build


def _data(results: dict) -> str:
    data = results.get("data", {})
    people = f", {data['n_persons']} people" if data.get("n_persons") else ""
    return f"{dataset_label(data.get('name', '?'))}{people}" + (" — synthetic" if data.get("synthetic") else "")


def _link(run: str, claim_id: str, text: str) -> str:
    return f'<a href="{run}.html#{anchor(claim_id)}">{text}</a>'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def scorecard(runs: dict[str, dict]) -> str:
    """The reproduction table: per paper finding, what the paper reported, what this book finds, and the verdict."""
    rows = []
    for r in reproduce(runs):
        f = r.finding
        if r.claim is None or r.outcome == "not testable here" and r.results is not None \
                and (r.results.get("data") or {}).get("synthetic"):
            ours = "—"
        elif f.group:
            ours = _link(r.run, r.claim["id"], "one claim per model, in its table") + f"; {_data(r.results)}"
        else:
            trials = (r.results or {}).get("training_trials_per_person")
            ours = _link(r.run, r.claim["id"], evidence(r.claim)) + f"; {_data(r.results)}" + (
                f", {trials:g} training trials per person" if trials else "")
        rows.append(f"| {PAPERS.get(f.paper, f.paper)} {{cite:p}}`{f.paper}`: {_cell(f.finding)} | {_cell(f.published)} "
                    f"| {_cell(ours)} | **{r.outcome}** ({_cell(r.why)}) |")
    counts = {o: sum(row.count(f"| **{o}** (") for row in rows) for o in OUTCOMES}
    said = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    return "\n".join([
        "## What was reproduced", "",
        f"Each row is a finding of a paper and the claim of this book that tests it ({said}). An accuracy is "
        f"**reproduced** where our 95 % interval reaches the published value within {100 * MARGIN:g} percentage "
        "points (the data differ, so an exact match is not expected); a finding that one thing exceeds another is "
        "reproduced where our whole interval lies above its baseline; **not testable here** says why (the papers' "
        "own recordings are not public: Horst et al. 2019's 57 people and Aeles et al. 2021's 78 cannot be re-run, "
        "and synthetic stand-ins show the methods only). Published numbers come from other data, with the people "
        "and training trials per person they rest on.", "",
        "```{table} Reproduction scorecard, computed from the claims of the runs that built this book",
        ":name: reproduction-scorecard", "",
        "| finding (paper) | published (its data) | this book (data, training trials) | verdict |",
        "|---|---|---|---|", *rows, "```", ""])


def new_findings(runs: dict[str, dict], titles: dict[str, str]) -> str:
    """The claims no paper finding tests: one line per kind of claim and page (one per model or task: the first,
    with how many more), linked to it; those of synthetic data apart, as what holds by construction."""
    tested = {c for r in reproduce(runs) for c in r.finding.claim_ids()}
    lines = {False: [], True: []}
    for run, results in runs.items():
        synthetic = bool((results.get("data") or {}).get("synthetic"))
        families: dict[str, list] = {}
        for claim in results["claims"]:
            if claim["id"] in tested and not synthetic:
                continue
            families.setdefault(_family(claim["id"]), []).append(claim)
        for claims in families.values():
            more = len(claims) - 1
            lines[synthetic].append(f"- {brief(claims[0])} — {_link(run, claims[0]['id'], titles.get(run, run))}"
                                    + (f" (and {more} more of its kind there)" if more else ""))
    if not any(lines.values()):
        return ""
    text = ["## What else this book finds", "",
            "Each line is a claim: estimate [95 % interval] (unit resampled, n) and its verdict, **supported** when "
            "the whole interval lies above its baseline and its control, **not supported** when it lies at or below "
            "one of them, **inconclusive** otherwise or where no control was run. The link leads to the full "
            "sentence, baseline and control included; every claim of the book, in one table: {doc}`claims`.", "",
            *lines[False], ""]
    if lines[True]:
        text += ["On synthetic data (these hold by construction where the generator planted them; they show "
                 "whether the methods find what was planted):", "", *lines[True], ""]
    return "\n".join(text)


def front_page(runs: dict[str, dict], titles: dict[str, str], out: Path | None = None,
               target_dir: Path | None = None) -> str:
    """The front page's results: the reproduction scorecard, the other findings, and one key figure.

    Parameters
    ----------
    runs : dict of run name -> parsed results.json
        In the book's order. A run without ``"claims"`` (written by another version of
        movesig) or with a malformed claim fails the build.
    titles : dict of run name -> page title
    out, target_dir : Path, optional
        Folder of the runs, and of the page: the key figure is copied from one to the other.
    """
    _check(runs)
    if not runs:
        return ""
    text = [scorecard(runs), new_findings(runs, titles)]
    key = ((runs.get("gait_models") or {}).get("figures") or {}).get("gait_models_accuracy")
    if key and out is not None and target_dir is not None:
        folder = target_dir / "figures" / "gait_models"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(out) / "gait_models" / "figures" / "gait_models_accuracy.png",
                        folder / "gait_models_accuracy.png")
        width = shown_width(folder / "gait_models_accuracy.png")
        text += ["## The key figure", "", "```{figure} figures/gait_models/gait_models_accuracy.png",
                 f":width: {width}px",
                 ":name: fig-key-accuracy", "", f"{key} ({_data(runs['gait_models'])}; {{doc}}`gait_models`).",
                 "```", ""]
    return "\n".join(text)


def _family(claim_id: str) -> str:
    """Claims that differ only in what they are about (one per model or task: ``svm_c0.1-accuracy``,
    ``cnn_a-accuracy``) share a family: the finding's name without its first word."""
    finding = claim_id.rsplit("/", 1)[-1]
    return finding.split("-", 1)[-1]


def key_results(results: dict) -> str | None:
    """A page's "Key results": its first claim of each family, in page order (at most :data:`KEY_RESULTS`), each
    linked to its sentence or table row."""
    every = results.get("claims") or []
    if not every:
        return None
    claims, seen = [], set()
    for c in every:
        if _family(c["id"]) not in seen:
            seen.add(_family(c["id"]))
            claims.append(c)
    lines = [f"- {brief(c)} (<a href=\"#{anchor(c['id'])}\">details</a>)" for c in claims[:KEY_RESULTS]]
    more = len(every) - min(len(claims), KEY_RESULTS)
    return "\n".join(["## Key results", "", *lines]
                     + ([f"\n{more} more claim{'s' if more > 1 else ''} on this page."] if more > 0 else []))


def runtimes(seconds: dict[str, float], titles: dict[str, str]) -> str:
    """What each page took to run on the machine that built this book (a reused run: the seconds it took)."""
    if not seconds:
        return ""
    rows = [f"| {_cell(titles.get(run, run))} | {t / 60:.1f} |" for run, t in seconds.items()]
    return "\n".join([f"Minutes each page took to run when this book was built (on {os.cpu_count()} cores, no GPU "
                      f"unless `-p device cuda` was given; total {sum(seconds.values()) / 60:.0f} minutes, "
                      "plus about 2 minutes for the build):", "", "| page | minutes |", "|---|---|", *rows, ""])


def every_claim(runs: dict[str, dict], titles: dict[str, str]) -> str:
    """Every claim of the book in one table per page: statement (linked to its sentence), estimate [interval]
    (unit, n), baseline, control and verdict, with the count of each verdict, real data before synthetic."""
    _check(runs)
    if not runs:
        return ""
    count = {synthetic: dict.fromkeys(VERDICTS, 0) for synthetic in (False, True)}
    sections = {False: [], True: []}
    for run, results in runs.items():
        claims = results.get("claims") or []
        if not claims:
            continue
        synthetic = bool((results.get("data") or {}).get("synthetic"))
        rows = []
        for c in claims:
            count[synthetic][c["verdict"]] += 1
            base, ctrl = c["baseline"], c["control"]
            value = (lambda v, c=c: _fmt(v, _percent(c["id"])))  # noqa: E731 (the pages' number format)
            rows.append(f"| {_link(run, c['id'], _cell(headline(c['statement'])))} | {evidence(c)} | "
                        f"{_cell(base['name'])}: {value(base['value'])} | "
                        + (f"{_cell(ctrl['name'])}: {value(ctrl['value'])}" if ctrl else "none run")
                        + f" | **{c['verdict']}** |")
        sections[synthetic] += [f"### {_cell(titles.get(run, run))}", "", f"{_data(results)}.", "",
                                "| claim | estimate [95 % interval] (unit, n) | baseline | control | verdict |",
                                "|---|---|---|---|---|", *rows, ""]

    def said(synthetic):
        return ", ".join(f"{n} {v}" for v, n in count[synthetic].items() if n) or "none"

    text = [f"On real data: {said(False)}. On synthetic data: {said(True)}.", "",
            "A claim is **supported** when the whole 95 % interval of its estimate lies above its baseline and its "
            "control, **not supported** when it lies at or below one of them, **inconclusive** otherwise or where no "
            "control was run (the rule of `movesig.studies.claims.verdict`, applied to the numbers each run stored). "
            "Each statement links to its sentence on its page.", "", "## Real data", "", *sections[False]]
    if sections[True]:
        text += ["## Synthetic data", "", "These hold by construction where the generator planted them: they show "
                 "whether the methods find what was planted, not a property of people.", "", *sections[True]]
    return "\n".join(text)

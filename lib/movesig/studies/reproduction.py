"""What the two papers (and one later paper) claim, and which of the book's claims tests each: the reproduction scorecard.

Each :class:`PaperFinding` names a finding as its paper states it, what the paper
reported (its data, people and training trials per person), and the id of the book's
:class:`~movesig.studies.claims.Claim` that tests it. Its reproduction verdict is computed
from that claim's numbers as the run stored them in ``results.json`` (never typed):

- **reproduced** / **not reproduced** / **undecided** by the finding's :attr:`PaperFinding.rule`:

  - ``"value"`` (a published accuracy): reproduced where our 95 % interval reaches the
    published value within :data:`MARGIN` (the data differ, so an exact match is not
    expected), not reproduced where the whole interval lies further below;
  - ``"direction"`` (the paper says the estimate exceeds the baseline): reproduced where
    the whole interval lies above the claim's baseline, not reproduced where it lies at or
    below it, undecided otherwise;
  - ``"verdict"``: the claim's own verdict (supported, not supported, inconclusive);

- **not testable here** where no run of this build holds the claim, or only runs on
  synthetic data do (synthetic results stand in for the method, never for the paper's
  finding), with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import MODELS
from .published import (
    HORST_2019_ACCURACY,
    HORST_2019_TRAINING_TRIALS,
    HORST_2023_SVM_ACCURACY,
    HORST_2023_TRAINING_TRIALS,
    HORST_2019_VERTICAL_SHARE,
)

__all__ = ["MARGIN", "OUTCOMES", "PAPER_FINDINGS", "PaperFinding", "Reproduction", "reproduce"]

#: How far below a published accuracy our interval may end and still reproduce it (a share: 2 percentage points).
MARGIN = 0.02
#: The reproduction verdicts.
OUTCOMES = ("reproduced", "not reproduced", "undecided", "not testable here")

_HORST_2019_DATA = f"own recordings, 57 people, about {HORST_2019_TRAINING_TRIALS} training trials per person"
_AEL_2021_DATA = "own recordings, 78 people, 24 training cycles per person"
_NO_DAY_2 = ("needs the authors' day-2 and power-level recordings (not public); the synthetic stand-in holds it by "
             "construction")


@dataclass(frozen=True)
class PaperFinding:
    """One finding of a paper and the book's claim that tests it.

    Attributes
    ----------
    id : str
        Stable key, ``"<paper>/<finding>"``.
    paper : str
        The paper's BibTeX key in ``references.bib`` (``"horst2019"``).
    finding : str
        The finding in words, as the paper states it.
    published : str
        What the paper reported: the value (where it gave one) and its data, people and
        training trials per person.
    claim : str
        The id of the book's claim that tests it (``"gait_models/svm_c0.1-accuracy"``).
    rule : {"value", "direction", "verdict"}
        How the claim decides the finding (see the module).
    value : float, optional
        The published value, as a share, for ``rule="value"``.
    untestable : str
        Why the finding cannot be tested where only synthetic data hold its claim.
    group : tuple of str
        Models the finding holds for, each decided by its own claim (``claim`` has a
        ``{model}`` field): reproduced where every model's claim that ran reproduces it, not
        reproduced where none does and one at least does not, undecided otherwise.
    """

    id: str
    paper: str
    finding: str
    published: str
    claim: str
    rule: str
    value: float | None = None
    untestable: str = "the paper's data are not public; a synthetic stand-in shows the method only"
    group: tuple = ()

    def claim_ids(self) -> list[str]:
        """The ids of the claims that decide it: :attr:`claim`, or one per model of :attr:`group`."""
        return [self.claim.format(model=m) for m in self.group] if self.group else [self.claim]

    def __post_init__(self):
        if self.rule not in ("value", "direction", "verdict") or (self.rule == "value") != (self.value is not None):
            raise ValueError(f"{self.id}: rule {self.rule!r} with value {self.value!r}")


def _horst_2019() -> list[PaperFinding]:
    found = []
    for model, accuracy in HORST_2019_ACCURACY.items():
        label = MODELS[model].label if model in MODELS else model
        found.append(PaperFinding(
            f"horst2019/{model}-accuracy", "horst2019", f"{label} recognises a person from one walking trial",
            f"{accuracy:.2f} % ({_HORST_2019_DATA})",
            f"gait_models/{model}-accuracy", "value", accuracy / 100))
    found.append(PaperFinding(
        "horst2019/vertical-share", "horst2019", "The vertical force of each foot carries the most relevance",
        f"about {100 * HORST_2019_VERTICAL_SHARE:.0f} % per foot (CNN-A; {_HORST_2019_DATA})",
        "gait_models/vertical-share", "direction"))
    found.append(PaperFinding(
        "horst2019/additive-relevance-first", "horst2019",
        "Noise on a model's most relevant inputs first lowers its accuracy faster than noise at random (the "
        "perturbation test, every model)",
        f"shown as the test's purpose; the relevance-ordered curves are not published ({_HORST_2019_DATA})",
        "gait_models/{model}-additive-relevance-first", "direction", group=tuple(HORST_2019_ACCURACY)))
    return found


#: Every finding the scorecard decides, in the order the front page lists them.
PAPER_FINDINGS: tuple[PaperFinding, ...] = (
    *_horst_2019(),
    PaperFinding("horst2023/svm-accuracy", "horst2023", "A linear SVM recognises a person from one walking trial "
                 "among hundreds",
                 f"{HORST_2023_SVM_ACCURACY:.1f} % (GaitRec, Gutenberg and AIST, 671 people, at most "
                 f"{HORST_2023_TRAINING_TRIALS} training trials per person)",
                 "identification/accuracy", "value", HORST_2023_SVM_ACCURACY / 100),
    PaperFinding("aeles2021/pedalling-accuracy", "aeles2021", "A person is recognised from the EMG of one pedalling "
                 "cycle", f"reported; the numbers are not available here ({_AEL_2021_DATA})",
                 "emg_signatures/pedalling-accuracy", "verdict"),
    PaperFinding("aeles2021/walking-accuracy", "aeles2021", "A person is recognised from the EMG of one walking cycle",
                 f"reported; the numbers are not available here ({_AEL_2021_DATA})",
                 "emg_signatures/walking-accuracy", "verdict",
                 untestable="no real walking EMG here (the authors' recordings are not public); the synthetic "
                            "stand-in holds it by construction"),
    PaperFinding("aeles2021/pedalling-signature", "aeles2021", "Each person's muscle activation signature is their "
                 "own (pedalling)", f"shown for every participant ({_AEL_2021_DATA})",
                 "emg_signatures/pedalling-person-specific", "verdict"),
    PaperFinding("aeles2021/stability", "aeles2021", "Signatures are consistent between conditions and across days",
                 f"\"highly consistent\" (abstract; {_AEL_2021_DATA}, day 2 and three power levels)",
                 "emg_stability/r-between-conditions", "verdict", untestable=_NO_DAY_2),
    PaperFinding("aeles2021/participant-number", "aeles2021", "A signature is minimally influenced by who else was "
                 "in training (pedalling)", f"\"minimally influenced\" (abstract; {_AEL_2021_DATA}, N = 6 to 74 "
                 "others)", "participant_number/pedalling-fewest-others", "verdict"),
)


@dataclass(frozen=True)
class Reproduction:
    """A paper finding's outcome in one build: the verdict, why, and the claim and run that decided it."""

    finding: PaperFinding
    outcome: str
    why: str
    claim: dict | None = None
    run: str | None = None
    results: dict | None = None


def _decide(finding: PaperFinding, claim: dict) -> tuple[str, str]:
    lo, hi = claim["interval"]
    if finding.rule == "verdict":
        outcome = {"supported": "reproduced", "not supported": "not reproduced"}.get(claim["verdict"], "undecided")
        return outcome, f"claim {claim['verdict']}"
    if lo is None or hi is None:
        return "undecided", "no finite interval"
    if finding.rule == "value":
        reached = hi >= finding.value - MARGIN
        return ("reproduced" if reached else "not reproduced",
                f"interval {'reaches' if reached else 'ends below'} {100 * (finding.value - MARGIN):.2f} %")
    base = claim["baseline"]["value"]
    outcome = "reproduced" if lo > base else "not reproduced" if hi <= base else "undecided"
    return outcome, {"reproduced": "interval above", "not reproduced": "interval at or below",
                     "undecided": "interval includes"}[outcome] + f" {claim['baseline']['name']}"


def reproduce(runs: dict[str, dict], findings=PAPER_FINDINGS) -> list[Reproduction]:
    """Every finding's outcome in this build.

    Parameters
    ----------
    runs : dict of run name -> parsed ``results.json``
        The book's runs; a finding is decided by the first run on real data that holds its
        claim (runs on synthetic data never decide one).
    """
    out = []
    for finding in findings:
        if finding.group:
            out.append(_group(finding, runs))
            continue
        held = [(run, r, c) for run, r in runs.items() for c in r.get("claims", []) if c["id"] == finding.claim]
        real = [h for h in held if not (h[1].get("data") or {}).get("synthetic")]
        if real:
            run, results, claim = real[0]
            outcome, why = _decide(finding, claim)
            out.append(Reproduction(finding, outcome, why, claim, run, results))
        elif held:
            out.append(Reproduction(finding, "not testable here", finding.untestable, held[0][2], held[0][0],
                                    held[0][1]))
        else:
            out.append(Reproduction(finding, "not testable here", "not run in this build"))
    return out


def _group(finding: PaperFinding, runs: dict[str, dict]) -> Reproduction:
    """A finding held for several models: each model's claim decided, then all of them together."""
    one = [reproduce(runs, [PaperFinding(finding.id, finding.paper, finding.finding, finding.published, claim,
                                         finding.rule, finding.value, finding.untestable)])[0]
           for claim in finding.claim_ids()]
    tested = [r for r in one if r.outcome != "not testable here"]
    if not tested:
        held = next((r for r in one if r.claim is not None), None)
        return Reproduction(finding, "not testable here", finding.untestable if held else "not run in this build",
                            None if held is None else held.claim, None if held is None else held.run,
                            None if held is None else held.results)
    by = {o: [r.claim["id"].rsplit("/", 1)[-1].split("-", 1)[0] for r in tested if r.outcome == o]
          for o in ("reproduced", "not reproduced", "undecided")}
    labels = {o: [MODELS[m].label if m in MODELS else m for m in ms] for o, ms in by.items()}
    outcome = ("reproduced" if len(by["reproduced"]) == len(tested) else
               "not reproduced" if not by["reproduced"] and by["not reproduced"] else "undecided")
    why = "; ".join(f"{o} for {len(ms)} of {len(tested)} ({', '.join(ms)})" for o, ms in labels.items() if ms)
    first = tested[0]
    return Reproduction(finding, outcome, why, first.claim, first.run, first.results)

"""The reader's summaries: the reproduction scorecard, the other findings, each page's key results, and its notebook."""

import json

import nbformat
import pytest
from movesig.report.pages import page_from_run
from movesig.report.scorecard import every_claim, front_page, key_results, runtimes
from movesig.studies._base import RESULTS_VERSION
from movesig.studies.claims import Claim, Reference, anchor
from movesig.studies.reproduction import MARGIN, PAPER_FINDINGS, PaperFinding, reproduce


def _claim(claim_id, estimate, low, high, baseline=0.0, control=None, unit="people", n=20):
    return Claim(claim_id, f"Claim {claim_id} in words (detail).", estimate, (low, high), unit, n,
                 Reference("base", baseline), None if control is None else Reference("control", control)).as_dict()


def _run(chapter, claims, synthetic=False, **extra):
    return {"version": RESULTS_VERSION, "chapter": chapter, "claims": claims,
            "data": {"name": "x", "title": "Some data", "synthetic": synthetic, "n_persons": 20}, **extra}


def _outcomes(runs):
    return {r.finding.id: (r.outcome, r.run) for r in reproduce(runs)}


def test_a_published_accuracy_is_reproduced_only_where_our_interval_reaches_it():
    svm = 1.0  # Horst et al. 2019's linear SVM: 100 %
    runs = {"gait_models": _run("gait_models", [
        _claim("gait_models/svm_c0.1-accuracy", 0.985, svm - MARGIN + 0.001, 0.99, 0.01, 0.02),
        _claim("gait_models/cnn_a-accuracy", 0.90, 0.88, 0.92, 0.01, 0.02),
        _claim("gait_models/mlp_64-accuracy", 0.85, 0.84, 0.8818 - MARGIN - 0.001, 0.01, 0.02),
        _claim("gait_models/mlp_256-accuracy", 0.99, 0.985, 0.995, 0.01, 0.02)])}  # above the published 96.58
    out = _outcomes(runs)
    assert out["horst2019/svm_c0.1-accuracy"] == ("reproduced", "gait_models")
    assert out["horst2019/cnn_a-accuracy"][0] == "not reproduced"
    assert out["horst2019/mlp_64-accuracy"][0] == "not reproduced"  # ends just short of 88.18 % - 2 points
    assert out["horst2019/mlp_256-accuracy"][0] == "reproduced"  # exceeding a published accuracy reproduces it
    assert out["horst2019/cnn_c3-accuracy"] == ("not testable here", None)  # not run


def test_synthetic_runs_never_decide_a_paper_finding_and_a_real_run_does():
    claim = _claim("emg_stability/r-between-conditions", 0.9, 0.85, 0.95, 0.0, 0.5)
    out = _outcomes({"emg_stability": _run("emg_stability", [claim], synthetic=True)})
    assert out["aeles2021/stability"] == ("not testable here", "emg_stability")
    found = {r.finding.id: r for r in reproduce({"emg_stability": _run("emg_stability", [claim], synthetic=True)})}
    assert "not public" in found["aeles2021/stability"].why
    out = _outcomes({"syn": _run("emg_stability", [claim], synthetic=True),
                     "real": _run("emg_stability", [claim])})
    assert out["aeles2021/stability"] == ("reproduced", "real")  # supported: whole interval above 0 and 0.5


@pytest.mark.parametrize("interval, outcome", [((0.01, 0.03), "reproduced"), ((-0.01, 0.03), "undecided"),
                                               ((-0.05, -0.01), "not reproduced"), ((-0.05, 0.0), "not reproduced")])
def test_a_direction_is_decided_by_the_interval_against_the_baseline(interval, outcome):
    claim = _claim("gait_models/cnn_a-additive-relevance-first", 0.0, *interval, unit="folds", n=5)
    assert _outcomes({"g": _run("gait_models", [claim])})["horst2019/additive-relevance-first"][0] == outcome


@pytest.mark.parametrize("intervals, outcome", [
    ([(0.01, 0.03), (0.02, 0.04)], "reproduced"),  # every model that ran
    ([(0.01, 0.03), (-0.05, -0.01)], "undecided"),  # some models
    ([(-0.01, 0.03), (-0.05, -0.01)], "not reproduced"),  # none, one inverted
    ([(-0.01, 0.03), (-0.02, 0.01)], "undecided")])  # none, none decided
def test_a_finding_for_every_model_is_decided_by_all_of_their_claims(intervals, outcome):
    claims = [_claim(f"gait_models/{m}-additive-relevance-first", 0.0, *ci, unit="folds", n=5)
              for m, ci in zip(("svm_c0.1", "cnn_a"), intervals)]
    found = {r.finding.id: r for r in reproduce({"g": _run("gait_models", claims)})}
    assert found["horst2019/additive-relevance-first"].outcome == outcome
    assert "of 2" in found["horst2019/additive-relevance-first"].why  # says for how many models


def test_a_claim_verdict_decides_where_the_rule_says_so():
    weak = _claim("emg_signatures/pedalling-accuracy", 0.5, 0.1, 0.9, 0.14, 0.3)  # inconclusive: spans both
    assert _outcomes({"e": _run("emg_signatures", [weak])})["aeles2021/pedalling-accuracy"][0] == "undecided"
    no = _claim("emg_signatures/pedalling-accuracy", 0.1, 0.05, 0.12, 0.14, 0.3)  # not supported
    assert _outcomes({"e": _run("emg_signatures", [no])})["aeles2021/pedalling-accuracy"][0] == "not reproduced"


def test_a_finding_names_its_rule_and_value_consistently():
    with pytest.raises(ValueError):
        PaperFinding("x/y", "horst2019", "f", "p", "a/b", "value")  # a value rule without the value
    with pytest.raises(ValueError):
        PaperFinding("x/y", "horst2019", "f", "p", "a/b", "direction", 0.5)
    assert len({f.id for f in PAPER_FINDINGS}) == len(PAPER_FINDINGS)


def test_the_front_page_has_a_row_and_a_verdict_per_finding_and_links_every_claim():
    svm = _claim("gait_models/svm_c0.1-accuracy", 0.99, 0.985, 0.995, 0.01, 0.02)
    other = _claim("gait_models/channel-share", 0.4, 0.35, 0.45, 1 / 6)
    synthetic = _claim("gait_models/svm_c0.1-accuracy", 1.0, 1.0, 1.0, 0.01, 0.02)
    runs = {"gait_models": _run("gait_models", [svm, other], training_trials_per_person=3),
            "gait_models_synthetic": _run("gait_models", [synthetic], synthetic=True)}
    page = front_page(runs, {"gait_models": "Gait (real)", "gait_models_synthetic": "Gait (synthetic)"})
    table = page.split(":name: reproduction-scorecard")[1].split("```")[0]
    rows = [r for r in table.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(rows) == len(PAPER_FINDINGS)
    verdicts = [r.rsplit("| **", 1)[1].split("**")[0] for r in rows]
    assert set(verdicts) <= {"reproduced", "not reproduced", "undecided", "not testable here"}
    assert verdicts.count("reproduced") == 1 and "3 training trials per person" in page
    assert f'gait_models.html#{anchor(svm["id"])}' in page  # the scorecard links to the claim's sentence
    assert f'gait_models.html#{anchor(other["id"])}' in page  # a claim no paper tests: listed below, linked
    assert f'gait_models_synthetic.html#{anchor(synthetic["id"])}' in page and "hold by construction" in page
    broken = json.loads(json.dumps(runs))
    broken["gait_models"]["claims"][0]["verdict"] = "supported" if svm["verdict"] != "supported" else "inconclusive"
    with pytest.raises(ValueError, match="stored verdict"):
        front_page(broken, {})


def test_key_results_take_one_claim_per_family_and_link_to_it():
    claims = [_claim(f"gait_models/{m}-accuracy", 0.9, 0.8, 0.95, 0.1, 0.2) for m in ("svm_c0.1", "cnn_a", "mlp_64")]
    claims += [_claim("gait_models/channel-share", 0.4, 0.35, 0.45, 1 / 6),
               _claim("gait_models/best-model-accuracy", 0.01, -0.01, 0.03)]
    text = key_results({"claims": claims})
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 3  # svm accuracy (one of its family), channel share, best model
    assert f'href="#{anchor("gait_models/svm_c0.1-accuracy")}"' in text
    assert "cnn_a" not in text and "2 more claims on this page" in text
    assert key_results({"claims": []}) is None


def test_every_claim_is_one_row_with_its_verdict_counted_and_synthetic_apart():
    real = [_claim("gait_models/svm_c0.1-accuracy", 0.99, 0.985, 0.995, 0.01, 0.02),  # supported
            _claim("speed/speed-trend-accuracy-gain", 0.05, -0.02, 0.13, 0.0, 0.002),  # inconclusive
            _claim("identification/drop", -0.1, -0.2, -0.05, 0.0, 0.0)]  # not supported
    synthetic = [_claim("gait_models/svm_c0.1-accuracy", 1.0, 1.0, 1.0, 0.01, 0.02)]
    runs = {"gait_models": _run("gait_models", real[:1]), "speed": _run("speed", real[1:]),
            "gait_models_synthetic": _run("gait_models", synthetic, synthetic=True)}
    page = every_claim(runs, {"gait_models": "Gait (real)"})
    rows = [r for r in page.splitlines() if r.startswith("| <a href=")]
    assert len(rows) == 4 and [r.rsplit("**", 2)[1] for r in rows] == [c["verdict"] for c in real + synthetic]
    assert "On real data: 1 supported, 1 not supported, 1 inconclusive. On synthetic data: 1 supported." in page
    assert page.index("## Real data") < page.index("### Gait (real)") < page.index("## Synthetic data") \
        < page.index("### gait_models_synthetic")
    assert f'speed.html#{anchor("speed/speed-trend-accuracy-gain")}' in page
    assert "99.00 %" in rows[0] and "control: 2.00 %" in rows[0] and "control: 0.000" in rows[2]  # pages' formats
    broken = json.loads(json.dumps(runs))
    broken["speed"]["claims"][0]["verdict"] = "supported"
    with pytest.raises(ValueError, match="stored verdict"):
        every_claim(broken, {})


def test_runtimes_say_minutes_per_page():
    text = runtimes({"a": 120.0, "b": 30.0}, {"a": "Page A"})
    assert "| Page A | 2.0 |" in text and "| b | 0.5 |" in text


def test_the_page_notebook_keeps_no_build_path_and_opens_with_its_key_results(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"input_path": "/home/me/movesig/chapters/x.py", "output_path": "/tmp/b/runs/x/x.ipynb",
                                "parameters": {"data_dir": "/home/me/data", "C": 0.1}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nIntro."),
                nbformat.v4.new_code_cell("data_dir = None", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("data_dir = '/home/me/data'\nC = 0.1",
                                          metadata={"tags": ["injected-parameters"]}),
                nbformat.v4.new_markdown_cell("Only for planted features.", metadata={"tags": ["synthetic-only"]}),
                nbformat.v4.new_markdown_cell("Only for measured data.", metadata={"tags": ["real-only"]})]
    source = tmp_path / "x.ipynb"
    nbformat.write(nb, str(source))
    results = _run("x", [_claim("x/accuracy", 0.9, 0.8, 0.95, 0.1, 0.2)])
    page = page_from_run(source, tmp_path / "page.ipynb", {"data_dir": "/home/me/data", "C": 0.1},
                         {"data_dir": None, "C": 0.1}, results=results)
    text = page.read_text()
    assert "/home/me" not in text and "/tmp/b" not in text
    cells = nbformat.read(str(page), as_version=4).cells
    assert cells[1].source.startswith("## Key results")
    sources = " ".join(c.source for c in cells)
    assert "Only for measured data." in sources and "Only for planted features." not in sources
    synthetic = page_from_run(source, tmp_path / "syn.ipynb", {}, {}, results=_run("x", [], synthetic=True))
    sources = " ".join(c.source for c in nbformat.read(str(synthetic), as_version=4).cells)
    assert "Only for planted features." in sources and "Only for measured data." not in sources

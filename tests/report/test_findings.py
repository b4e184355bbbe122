"""Pages the build writes: the front page's findings, and the citations of the Figures page."""

from movesig.report.generated import figures_page, findings

CHANNELS = ("a fore-aft", "a vertical", "b fore-aft", "b vertical", "a medial", "b medial")


def _gait(shares, phases, standardise=None, paper=None):
    return {"parameters": {"phase_bounds": [0, 20, 60, 100], "standardise": standardise},
            "data": {"name": "gaitrec", "n_persons": 10},
            "metrics": {"svm_c0.1": {"accuracy_mean": 0.9, "accuracy_sd": 0.01, "n_folds": 5},
                        "mlp_64": {"accuracy_mean": 0.5, "accuracy_sd": 0.01, "n_folds": 5}},
            "labels": {"svm_c0.1": "SVM"},
            "relevance_share_per_channel": {"svm_c0.1": dict(zip(CHANNELS, shares))},
            "relevance_share_per_phase": {"svm_c0.1": phases},
            "relevance_share_per_channel_by_scaling": {"range": {"svm_c0.1": dict(zip(CHANNELS, paper))}} if paper
            else {}}


def _line(text, start):
    return next(line for line in text.splitlines() if start in line)


def test_gait_phase_is_judged_against_its_length():
    # push-off has the largest share but only its length's; loading has more than its 20 %
    runs = {"gait_models": _gait([1 / 6] * 6, {"loading": 0.26, "mid-stance": 0.34, "push-off": 0.40})}
    line = _line(findings(runs), "What makes a gait unique?")
    assert "loading carries the most relevance for its length: 26.0 % of it in 20 % of stance" in line
    assert "push-off" not in line
    assert "16.7 % if spread evenly" in line and "z-scored per value" in line


def test_gait_channels_name_the_paper_scaling_where_refitted():
    paper = [0.1, 0.3, 0.1, 0.2, 0.15, 0.15]
    runs = {"gait_models": _gait([0.15, 0.2, 0.15, 0.2, 0.15, 0.15], {"loading": 0.2, "mid-stance": 0.4,
                                                                      "push-off": 0.4}, paper=paper)}
    line = _line(findings(runs), "What makes a gait unique?")
    assert "between 15.0 and 20.0 %" in line
    assert "the a vertical force, 30.0 %" in line
    # on the paper's scaling already: no refit to name, and no z-scoring remark
    runs["gait_models"]["parameters"]["standardise"] = "range"
    line = _line(findings(runs), "What makes a gait unique?")
    assert "Refitted" not in line and "z-scoring" not in line and "min-max" in line


def _stability(synthetic, changed=None, verdict=None, signature_change=0.0):
    comparisons = {"walking: day1 vs day2": {"r_mean": 0.95, "n": 12},
                   "pedalling: day1 vs 80W": {"r_mean": 0.90, "n": 12},
                   "pedalling vs walking (baseline)": {"r_mean": 0.04, "n": 12}}
    out = {"data": {"name": "x", "synthetic": synthetic}, "comparisons": comparisons,
           "parameters": {"signature_change": signature_change}, "negative_control_verdict": verdict}
    if changed:
        out["negative_control"] = {k: {"fixed": {"r_mean": 0.95}, "changed": {"r_mean": r}} for k, r in changed.items()}
    return {"emg_stability": out}


def test_stability_ranges_over_conditions_of_one_task_and_names_the_control():
    line = _line(findings(_stability(False)), "How stable is a signature?")
    assert "from 0.900" in line and "to 0.950" in line and "0.040" not in line
    assert "planted" not in line
    changed = {"walking: day1 vs day2": 0.93, "pedalling: day1 vs 80W": 0.88}
    line = _line(findings(_stability(True, changed, "does not show")), "How stable is a signature?")
    assert "planted signatures are the same" in line
    assert "r lies between 0.880 and 0.930: its drop is smaller" in line
    # the page's own verdict is quoted, whichever it is, and moved signatures are not called fixed
    line = _line(findings(_stability(True, changed, "registers", 0.5)), "How stable is a signature?")
    assert "r registers a changed signature" in line and "does not show" not in line
    assert "the same in every condition" not in line and "some planted signatures move" in line


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

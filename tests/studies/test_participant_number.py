"""The participant-number chapter's numbers, computed by its study on small synthetic data (no papermill)."""

import numpy as np
import pytest
from movesig.evaluate.participant_number import read_table
from movesig.studies.participant_number import ParticipantNumber
from movesig.summarise import mean_r


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study = ParticipantNumber({"n_persons": 5, "n_values": [2, 5], "n_draws": 2, "n_jobs": 1,
                               "protocols": ["full", "cross-validated"]},
                              out_dir=tmp_path_factory.mktemp("pn"))
    study.sections = {name: getattr(study, name)() for name in ("data_section", "run", "figure3", "by_size")}
    return study


def test_every_cell_is_in_the_table(study):
    for protocol in ("full", "cross-validated"):
        table = read_table(study.table_paths[protocol])
        assert study.sections["run"]["n_cells"][protocol] == len(table["r"]) == 2 * 5 * (2 + 1)  # tasks × k × (2 draws at N=2, N=all once)


def test_summary_is_the_fisher_mean_per_task_and_size(study):
    """Every recorded cell recomputed from the rows of the written table (not by the summary that made it)."""
    for protocol in ("full", "cross-validated"):
        table = read_table(study.table_paths[protocol])
        recorded = study.record().participant_number[protocol]
        cells = {(str(t), int(n)) for t, n in zip(table["task"], table["N"])}
        assert {(t, int(n)) for t, rows in recorded.items() for n in rows} == cells
        for task, n in cells:
            sel = (table["task"] == task) & (table["N"] == n)
            r, cell = table["r"][sel], recorded[task][str(n)]
            assert cell["n"] == sel.sum()
            assert cell["r_min"] == pytest.approx(r.min()) and cell["r_p05"] == pytest.approx(np.percentile(r, 5))
            assert cell["r_mean"] == pytest.approx(mean_r(r))
            if "r_next" in table:
                assert cell["r_next_mean"] == pytest.approx(mean_r(table["r_next"][sel]))
    summary = study.summary["full"]
    assert summary["walking"][5]["r_mean"] == pytest.approx(1.0, abs=1e-5)  # everyone: the reference itself
    assert np.isfinite(study.record().participant_number["cross-validated"]["pedalling"]["2"]["r_p05"])


def test_figure_and_record(study):
    assert (study.out_dir / "figures" / "emg_fig3_participant_number.svg").is_file()
    assert (study.out_dir / "figures" / "emg_fig3_participant_number_cross_validated.svg").is_file()
    assert study.record().tables == {p: f"participant_number/{p}/participant_number.csv"
                                        for p in ("full", "cross-validated")}

"""The participant-number chapter's numbers, computed by its study on small synthetic data (no papermill)."""

import numpy as np
import pytest
from movesig.evaluate.participant_number import read_table
from movesig.studies.participant_number import ParticipantNumber
from movesig.summarise import correlation_by_size, mean_r


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    study = ParticipantNumber({"n_persons": 5, "n_values": [2, 5], "n_draws": 2, "n_jobs": 1},
                              out_dir=tmp_path_factory.mktemp("pn"))
    study.sections = {name: getattr(study, name)() for name in ("data_section", "run", "figure3", "by_size")}
    return study


def test_every_cell_is_in_the_table(study):
    table = read_table(study.table_path)
    assert study.sections["run"]["n_cells"] == len(table["r"]) == 2 * 5 * (2 + 1)  # tasks × k × (2 draws at N=2, N=all once)


def test_summary_is_the_fisher_mean_per_task_and_size(study):
    table = read_table(study.table_path)
    assert study.summary == correlation_by_size(table)
    sel = (table["task"] == "walking") & (table["N"] == 2)
    assert study.summary["walking"][2]["r_mean"] == pytest.approx(mean_r(table["r"][sel]))
    assert study.summary["walking"][5]["r_mean"] == pytest.approx(1.0, abs=1e-5)  # everyone: the reference itself
    assert np.isfinite(study.extra["participant_number"]["pedalling"]["2"]["r_p05"])


def test_figure_and_record(study):
    assert (study.out_dir / "figures" / "emg_fig3_participant_number.svg").is_file()
    assert study.record()["table"] == "participant_number/participant_number.csv"

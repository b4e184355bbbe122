"""Numbers the papers published, kept apart from anything this project computes.

Chapters print them beside our own numbers, labelled as published, never as ours. They
come from other data (Horst et al. 2019: 57 people, 1142 trials of one session) and are
not recomputed here.
"""

from __future__ import annotations

__all__ = ["HORST_2019_ACCURACY", "HORST_2019_PERTURBATION_FRACTIONS", "HORST_2019_PERTURBATION_RANDOM",
           "HORST_2019_SOURCE", "HORST_2019_STATISTIC", "HORST_2019_VERTICAL_SHARE", "HORST_2023_STATISTIC",
           "HORST_2023_SVM_ACCURACY", "HORST_2019_TRAINING_TRIALS", "HORST_2023_TRAINING_TRIALS"]

HORST_2019_SOURCE = ("Horst et al. 2019, Sci Rep 9:2391 (figure data; GRF_AV, 57 people, all 1142 test "
                     "predictions pooled over 10 folds)")

#: What the published accuracies are: Horst et al. 2019's pooled over all test predictions, 2023's from its abstract.
HORST_2019_STATISTIC = "pooled over 1142 test predictions (10 folds)"
HORST_2023_STATISTIC = "pooled over 1342 test recordings (10 misclassified)"

#: Person identification accuracy (%), by model name of :data:`movesig.models.MODELS`.
HORST_2019_ACCURACY = {
    "svm_c0.1": 100.00,
    "cnn_c3": 99.21,
    "cnn_a": 99.12,
    "mlp_1024": 98.86,
    "mlp_256": 96.58,
    "linear_sgd": 95.36,
    "mlp_64": 88.18,
}

def _random_perturbation():
    """The published random-order perturbation curves (figure 1 source data, shipped beside this module)."""
    from importlib.resources import files

    import numpy as np

    text = files(__package__).joinpath("data/horst2019_fig1_random_perturbation.csv").read_text()
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    header, values = rows[0].split(","), np.array([[float(v) for v in r.split(",")] for r in rows[1:]])
    curves = {name[: -len("_mean")]: tuple((100 * values[:, i]).round(6).tolist())
              for i, name in enumerate(header) if name.endswith("_mean")}
    return tuple(values[:, 0].tolist()), curves


#: Shares of input values perturbed (%) in the published random-order perturbation test (0-49 %, 1 % steps),
#: and the accuracy (%) at those shares per model, random order, 10 repeats (GRF_AV, 57 people; the
#: relevance-ordered curves are not available).
HORST_2019_PERTURBATION_FRACTIONS, HORST_2019_PERTURBATION_RANDOM = _random_perturbation()

#: Share of relevance on the vertical GRF, per foot (CNN-A), as the paper describes it ("about 30 %").
HORST_2019_VERTICAL_SHARE = 0.30

#: Linear SVM accuracy (%) on 671 people from three public data sets (Horst et al. 2023).
HORST_2023_SVM_ACCURACY = 99.3


#: Training trials per person behind the published accuracies, derived from the papers' counts (not stated as such):
#: Horst et al. 2019 cut each person's ~20 trials (1142 of 57 people) into 10 chunks and trained on 8 (about 16);
#: Horst et al. 2023 tested 1342 of 5368 recordings of 671 people: 2 of 8 per person, so at most 6 trained on.
HORST_2019_TRAINING_TRIALS = 16
HORST_2023_TRAINING_TRIALS = 6

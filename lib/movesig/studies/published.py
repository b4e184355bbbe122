"""Numbers the papers published, kept apart from anything this project computes.

Chapters print them beside our own numbers, labelled as published, never as ours. They
come from other data (Horst et al. 2019: 57 people, 1142 trials of one session) and are
not recomputed here.
"""

from __future__ import annotations

__all__ = ["HORST_2019_ACCURACY", "HORST_2019_PERTURBATION_FRACTIONS", "HORST_2019_PERTURBATION_RANDOM",
           "HORST_2019_SOURCE", "HORST_2019_VERTICAL_SHARE", "HORST_2023_SVM_ACCURACY"]

HORST_2019_SOURCE = ("Horst et al. 2019, Sci Rep 9:2391 (figure data; GRF_AV, 57 people, all 1142 test "
                     "predictions pooled over 10 folds)")

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

#: Shares of input values perturbed (%) in the published random-order perturbation test.
HORST_2019_PERTURBATION_FRACTIONS = (0, 5, 10, 20, 49)
#: Accuracy (%) at those shares, random order, 10 repeats (the relevance-ordered curves are not available).
HORST_2019_PERTURBATION_RANDOM = {
    "svm_c0.1": (100.0, 96.3, 88.2, 66.8, 35.1),
    "cnn_a": (99.1, 93.5, 83.5, 67.7, 39.6),
    "mlp_1024": (98.9, 93.4, 85.4, 70.2, 46.0),
    "cnn_c3": (99.2, 83.8, 67.3, 44.7, 21.2),
}

#: Share of relevance on the vertical GRF, per foot (CNN-A), as the paper describes it ("about 30 %").
HORST_2019_VERTICAL_SHARE = 0.30

#: Linear SVM accuracy (%) on 671 people from three public data sets (Horst et al. 2023).
HORST_2023_SVM_ACCURACY = 99.3

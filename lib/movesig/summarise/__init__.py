"""Summaries: pure functions on arrays (per person, correlation and Fisher's z, relevance shares, signatures, recovery)."""

from .by_person import group, mean_by_person, next_person
from .correlation import (
                          FisherMean,
                          correlation_by_size,
                          fisher_z,
                          fisher_z_mean,
                          mean_r,
                          pairwise_consistency,
                          pearson_rows,
                          per_person_correlation,
                          within_person_consistency,
)
from .covariate import remove_trend
from .intervals import MeanCI, bootstrap_mean, per_person_accuracy, permuted_accuracy
from .recovery import contrast_map, planted_precision, recovery_auc
from .relevance import relevance_share, relevance_share_by_region
from .signatures import (
                          extract_signatures,
                          jaccard,
                          normalise_cycles,
                          persons_per_channel,
                          signature_counts,
)
from .capacity import LogLinearFit, loglinear_fit
from .verification import ErrorRates, error_rates, genuine_impostor, open_set, open_set_curve, person_weights, rate_at
from .spm import SPMResult, high_relevance_inside, spm_paired, spm_two_sample

__all__ = ["FisherMean", "correlation_by_size", "extract_signatures", "fisher_z", "fisher_z_mean", "group", "jaccard",
           "mean_by_person", "mean_r", "next_person", "pairwise_consistency", "normalise_cycles", "pearson_rows", "per_person_correlation", "remove_trend",
           "persons_per_channel", "planted_precision", "relevance_share", "relevance_share_by_region",
           "signature_counts", "within_person_consistency",
           "SPMResult", "high_relevance_inside", "spm_paired", "spm_two_sample", "MeanCI",
           "LogLinearFit", "loglinear_fit", "ErrorRates", "error_rates", "genuine_impostor", "open_set", "open_set_curve", "person_weights", "rate_at",
           "bootstrap_mean", "per_person_accuracy", "permuted_accuracy", "contrast_map", "recovery_auc"]

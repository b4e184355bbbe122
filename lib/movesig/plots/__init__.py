"""Figures: one function per figure kind, saved as PDF, SVG and PNG under stable names."""

from ._base import FORMATS, relevance_cmap, save_figure
from .accuracy import (
           plot_effect_size,
           plot_fold_accuracy,
           plot_learning_curve,
           plot_model_accuracy,
           plot_perturbation,
           plot_planted_precision,
)
from .relevance import plot_cycle_relevance, plot_person_relevance, plot_region_shares
from .signatures import (
           plot_correlations,
           plot_participant_number,
           plot_signature_counts,
           plot_signature_maps,
           plot_signature_summary,
)
from .spm import plot_spm
from .verification import plot_capacity, plot_det, plot_open_set

__all__ = ["FORMATS", "relevance_cmap", "save_figure",
           "plot_person_relevance", "plot_cycle_relevance", "plot_region_shares",
           "plot_effect_size", "plot_fold_accuracy", "plot_learning_curve", "plot_model_accuracy", "plot_perturbation", "plot_planted_precision",
           "plot_signature_maps", "plot_signature_summary", "plot_signature_counts", "plot_correlations",
           "plot_participant_number",
           "plot_spm", "plot_capacity", "plot_det", "plot_open_set"]

"""One study per chapter, named like it: typed parameters checked before anything runs, one method per section.

A chapter notebook builds its study from its parameters cell
(``Study.from_namespace(globals())``) and shows one section per cell.
"""

from __future__ import annotations

import importlib

from ._params import ParameterError, StudyParameters

__all__ = ["STUDIES", "ParameterError", "StudyParameters", "study_class"]

#: Chapter name -> (module, class) of its study.
STUDIES = {
    "identification": "Identification",
    "gait_models": "GaitModels",
    "emg_signatures": "EmgSignatures",
    "emg_stability": "EmgStability",
    "participant_number": "ParticipantNumber",
    "speed": "Speed",
    "uniqueness": "Uniqueness",
}


def study_class(chapter: str):
    """The study class of a chapter (imported on demand: a chapter's heavy imports load only when it runs)."""
    if chapter not in STUDIES:
        raise ParameterError(f"unknown chapter {chapter!r}; chapters: {', '.join(STUDIES)}")
    return getattr(importlib.import_module(f"{__name__}.{chapter}"), STUDIES[chapter])

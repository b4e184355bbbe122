"""What every study shares: its parameters, its output folder, the figures it saves and the record it returns."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from ..data import CATALOG, load_with_truth
from ..plots import save_figure
from ._page import Section
from ._params import StudyParameters

__all__ = ["GENERATOR_OPTIONS", "RESULTS_VERSION", "Record", "Study", "section"]

#: Version of the layout of ``results.json`` (2: sections' records, top-level "claims").
RESULTS_VERSION = 2


@dataclass
class Record:
    """What ``results.json`` holds for one run, assembled from the sections that ran.

    A study declares its own ``Record`` subclass, one field per key its sections return in
    :attr:`Section.record`: the schema of its ``results.json`` lives there and nowhere else
    (a section returning an undeclared key fails). Every field a section did not fill
    keeps its default.

    Attributes
    ----------
    chapter : str
    parameters : dict
        The study's parameters (and ``out_dir``).
    data : dict
        The data's provenance, trials and people.
    metrics : dict
        Accuracy summaries, keyed by model and setting (compared by ``movesig compare``).
    figures : dict
        Stable name -> caption of every figure shown.
    downloads : dict
        Stable name -> caption of every figure saved for download only (e.g. a grid of every
        person, where the page shows a summary): on the Figures page, not drawn in the chapter.
    claims : list of dict
        The findings (:meth:`~movesig.studies.claims.Claim.as_dict`).
    version : int
        :data:`RESULTS_VERSION`.
    """

    chapter: str = ""
    parameters: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    downloads: dict = field(default_factory=dict)
    claims: list = field(default_factory=list)
    version: int = RESULTS_VERSION

    def as_dict(self) -> dict:
        """Every field, in declaration order (fields left at None are left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def _merge(into: dict, new: dict, path: str = "") -> None:
    """Merge section records: dicts merge key by key, the same value may come twice, a different one may not."""
    for key, value in new.items():
        if key not in into:
            into[key] = copy.deepcopy(value) if isinstance(value, dict) else value  # never write into a section's own
        elif isinstance(into[key], dict) and isinstance(value, dict):
            _merge(into[key], value, f"{path}{key}/")
        elif not (into[key] is value or _same(into[key], value)):
            raise ValueError(f"two sections record different values of {path}{key}")


def _same(a, b) -> bool:
    try:
        return bool(np.array_equal(a, b)) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else a == b
    except (TypeError, ValueError):
        return False


def section(method):
    """Mark a study method as a section of its chapter: run once, its record and claims kept for ``results.json``.

    The section returns a :class:`Section`; calling it again returns the same one. Sections
    never write into the study: what they compute reaches the record through their return
    value, so they can run in any order and a section that did not run adds nothing.
    """

    @functools.wraps(method)
    def run(self):
        done = self.__dict__.setdefault("_sections", {})
        if method.__name__ not in done:
            result = method(self)
            if not isinstance(result, Section):
                raise TypeError(f"section {type(self).__name__}.{method.__name__} returned {type(result).__name__}, "
                                "not a Section")
            done[method.__name__] = result
        return done[method.__name__]

    run.is_section = True
    return run

#: Chapter parameters handed to a synthetic generator (ignored for measured data).
GENERATOR_OPTIONS = ("effect_size", "signature_change")


class Study:
    """Base of a chapter's study: parameters checked at construction, one method per section.

    Subclasses set :attr:`chapter`, :attr:`Parameters` and :attr:`Record`, and mark every
    section with :func:`section`; :meth:`record` assembles the :class:`Record` that
    ``results.json`` holds from the sections that ran.

    Parameters
    ----------
    params : StudyParameters or mapping
        Checked with ``Parameters.validated``.
    out_dir : path-like
        Where ``figures/`` go.
    """

    chapter: str = ""
    Parameters: type[StudyParameters] = StudyParameters
    Record: type[Record] = Record

    def __init__(self, params=None, out_dir="."):
        if not isinstance(params, self.Parameters):
            params = self.Parameters.validated(params, self.chapter)
        self.params = params
        self.out_dir = Path(out_dir)
        self.dataset = None

    @classmethod
    def from_namespace(cls, namespace: dict):
        """The study of a chapter notebook: its parameters (and ``out_dir``) read from the notebook's variables."""
        values = {name: namespace[name] for name in cls.Parameters.names() if name in namespace}
        return cls(values, namespace.get("out_dir", "."))

    def load_data(self, min_trials: int = 1, **options):
        """The data the parameters name (``dataset``, ``data_dir``, ``data_file``, ``n_persons``) and its truth.

        Returns
        -------
        dataset : Dataset
            Also kept as :attr:`dataset`, whose provenance goes into the record.
        truth : GroundTruth or None
            What a synthetic generator planted.
        """
        p = self.params
        if CATALOG[p.dataset].source == "synthetic":  # the generator's own parameters, where the chapter has them
            options = {name: getattr(p, name) for name in GENERATOR_OPTIONS if hasattr(p, name)} | options
        data, truth = load_with_truth(p.dataset, data_dir=p.data_dir, file=p.data_file, min_trials=min_trials,
                                      **options)
        self.dataset = data.first_persons(p.n_persons)
        return self.dataset, truth

    def figure(self, fig, name: str, caption: str):
        """Save ``fig`` as ``out_dir/figures/name.{pdf,svg,png}`` and return it, its name and caption attached.

        A section that shows the figure records its caption (:attr:`Section.figures`): the
        book's Figures page lists every figure under its stable name from ``results.json``.
        """
        save_figure(fig, self.out_dir / "figures", name)
        fig.movesig_figure = (name, caption)
        return fig

    def extra_record(self) -> dict:
        """Record fields that belong to the run rather than to a section (none by default)."""
        return {}

    def record(self) -> Record:
        """The :class:`Record` of the sections that ran, in the order they ran."""
        merged: dict = {}
        figures: dict = {}
        downloads: dict = {}
        claims: list = []
        for done in self.__dict__.get("_sections", {}).values():
            _merge(merged, done.record)
            figures |= done.figures
            downloads |= done.downloads
            claims += [c.as_dict() for c in done.claims]
        _merge(merged, self.extra_record())
        ids = [c["id"] for c in claims]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.chapter}: two claims share an id ({sorted(i for i in ids if ids.count(i) > 1)})")
        data = (self.dataset.provenance.to_dict() | {"n_trials": self.dataset.n_trials,
                                                      "n_persons": self.dataset.n_persons}
                if self.dataset is not None else {})
        return self.Record(chapter=self.chapter, parameters=self.params.as_dict() | {"out_dir": str(self.out_dir)},
                           data=data, figures=figures, downloads=downloads, claims=claims, **merged)

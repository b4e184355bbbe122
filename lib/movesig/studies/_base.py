"""What every study shares: its parameters, its output folder, the figures it saves and the record it returns."""

from __future__ import annotations

from pathlib import Path

from ..data import CATALOG, load_with_truth
from ..plots import save_figure
from ._params import StudyParameters

__all__ = ["GENERATOR_OPTIONS", "Study"]

#: Chapter parameters handed to a synthetic generator (ignored for measured data).
GENERATOR_OPTIONS = ("effect_size", "signature_change")


class Study:
    """Base of a chapter's study: parameters checked at construction, one method per section.

    Subclasses set :attr:`chapter` and :attr:`Parameters` and fill :attr:`metrics` and
    :attr:`extra` as their sections run; :meth:`record` is what ``results.json`` holds.

    Parameters
    ----------
    params : StudyParameters or mapping
        Checked with ``Parameters.validated``.
    out_dir : path-like
        Where ``figures/`` go.
    """

    chapter: str = ""
    Parameters: type[StudyParameters] = StudyParameters

    def __init__(self, params=None, out_dir="."):
        if not isinstance(params, self.Parameters):
            params = self.Parameters.validated(params, self.chapter)
        self.params = params
        self.out_dir = Path(out_dir)
        self.metrics: dict = {}
        self.extra: dict = {}
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
        if CATALOG[p.dataset].kind == "synthetic":  # the generator's own parameters, where the chapter has them
            options = {name: getattr(p, name) for name in GENERATOR_OPTIONS if hasattr(p, name)} | options
        data, truth = load_with_truth(p.dataset, data_dir=p.data_dir, file=p.data_file, min_trials=min_trials,
                                      **options)
        self.dataset = data.first_persons(p.n_persons)
        return self.dataset, truth

    def figure(self, fig, name: str, caption: str):
        """Save ``fig`` as ``out_dir/figures/name.{pdf,svg,png}``, record its caption, and return it (to be shown).

        The captions go into ``results.json`` (``"figures"``), from which the book's Figures
        page lists every figure under its stable name.
        """
        save_figure(fig, self.out_dir / "figures", name)
        self.extra.setdefault("figures", {})[name] = caption
        return fig

    def record(self) -> dict:
        """Everything ``results.json`` holds but the package versions: chapter, parameters, data, metrics, extras."""
        return {"chapter": self.chapter, "parameters": self.params.as_dict() | {"out_dir": str(self.out_dir)},
                "data": (self.dataset.provenance.to_dict() | {"n_trials": self.dataset.n_trials,
                                                               "n_persons": self.dataset.n_persons})
                if self.dataset is not None else {},
                "metrics": self.metrics, **self.extra}

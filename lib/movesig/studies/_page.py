"""What a study section hands the chapter: tables, figures and notes that display themselves, and their formats."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._params import ParameterError

__all__ = ["Download", "Section", "data_note", "mean_sd", "percent", "pick_persons", "retina_png", "table"]


#: A chapter's tables show every cell whole: pandas cuts them at 50 characters ("1142 tri...").
pd.set_option("display.max_colwidth", None)


def table(columns: dict, index=None) -> pd.DataFrame:
    """A table for a chapter page: ``{column: values}`` -> pandas DataFrame, its cells shown whole."""
    return pd.DataFrame(columns, index=index)


def mean_sd(values, scale: float = 100.0, digits: int = 2) -> str:
    """``"mean ± SD"`` of values (SD with ddof=0, as in the papers), times ``scale`` (100: percent)."""
    values = np.asarray(values, dtype=np.float64)
    return f"{scale * values.mean():.{digits}f} ± {scale * values.std():.{digits}f}"


def percent(value, digits: int = 2) -> str:
    """A fraction as a percentage without the sign, or "—" when it is not a finite number."""
    return f"{100 * value:.{digits}f}" if value is not None and np.isfinite(value) else "—"


def pick_persons(persons, n_show: int = 4, show_persons=None) -> np.ndarray:
    """Persons to draw: ``show_persons`` if given (checked), else ``n_show`` spread evenly over the ids."""
    persons = np.asarray(persons)
    if show_persons is not None:  # ids as text, whole: 'P10' is never cut to the width of 'P2', 7 is never '007'
        by_text = {str(p): p for p in persons}
        missing = [s for s in show_persons if str(s) not in by_text]
        if missing:
            raise ParameterError(f"parameter show_persons: person(s) {missing} not in the data "
                                 f"(persons: {', '.join(map(str, persons[:10]))}{' ...' if len(persons) > 10 else ''})")
        return np.array([by_text[str(s)] for s in show_persons], dtype=persons.dtype)
    n_show = max(1, min(int(n_show), len(persons)))
    return persons[np.linspace(0, len(persons) - 1, n_show).round().astype(int)]


class Download:
    """A figure saved (by ``Study.figure``) for download, not drawn on the page: one line says where it is.

    For figures too large for a page (a grid of every person): the page shows a summary, and
    the Figures page lists this one under its stable name with its files.
    """

    def __init__(self, fig, what: str):
        import matplotlib.pyplot as plt

        self.movesig_figure = fig.movesig_figure
        self.text = (f"{what}: as PDF, SVG and PNG on the Figures page, `{self.movesig_figure[0]}` (too large to "
                     "read at page width).")
        plt.close(fig)

    def _repr_markdown_(self) -> str:
        return self.text


@dataclass
class Section:
    """The result of one section of a study, as the chapter shows it.

    Attributes
    ----------
    items : list
        Shown in order: pandas DataFrames, matplotlib Figures, IPython display objects,
        :class:`~movesig.studies.claims.Claim` (its verdict sentence) or text (shown as Markdown, wrapped to the page).
    values : dict
        The numbers behind the items (for tests and further use).
    record : dict
        What ``results.json`` keeps of this section: keys of the study's ``Record``
        (merged with the other sections' by :meth:`~movesig.studies._base.Study.record`).
    claims : list of Claim
        The findings this section decides; they are shown (as their verdict sentence) where
        they are listed in ``items``, and go into ``results.json`` whether shown or not.
    """

    items: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    record: dict = field(default_factory=dict)
    claims: list = field(default_factory=list)

    @property
    def figures(self) -> dict:
        """Stable name -> caption of every figure this section shows (saved by ``Study.figure``)."""
        return dict(getattr(item, "movesig_figure", ()) for item in self.items
                    if hasattr(item, "movesig_figure") and not isinstance(item, Download))

    @property
    def downloads(self) -> dict:
        """Stable name -> caption of every figure this section saved for download only."""
        return dict(item.movesig_figure for item in self.items if isinstance(item, Download))

    def _ipython_display_(self):
        import matplotlib.pyplot as plt
        from IPython.display import display
        from matplotlib.figure import Figure

        for item in self.items:
            if isinstance(item, str):  # Markdown, wrapped to the page (printed text is clipped monospace)
                from IPython.display import Markdown

                item = Markdown(item)
            if hasattr(item, "sentence"):  # a claim: its verdict sentence, rendered as Markdown
                from IPython.display import Markdown

                item = Markdown(item.sentence())
            if isinstance(item, Figure):
                display(retina_png(item))
                plt.close(item)  # shown once, here, not again by the inline backend
                continue
            display(item)

    def __getitem__(self, key):
        return self.values[key]


def retina_png(fig):
    """``fig`` as the notebook shows it: a PNG of twice its pixels, marked to be shown at its natural width.

    The image is cropped as the inline backend crops (``bbox_inches="tight"``) and drawn at
    ``2 × fig.dpi``; its ``width`` metadata (half its pixels) makes the book show it at
    ``fig.dpi`` CSS px per inch, sharp on screens with two pixels per CSS px. No height is
    given, so that a column narrower than the figure scales it whole.

    Returns
    -------
    IPython.display.Image
    """
    import io

    from IPython.display import Image

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    engine = fig.get_layout_engine()
    if engine is not None and not getattr(fig, "movesig_figure", None):
        fig.draw_without_rendering()  # laid out once here; a saved figure (Study.figure) was laid out when saved
    if engine is not None:  # no second layout at the new dpi: its result is the one the saved files show
        with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    try:
        fig.savefig(buffer, format="png", dpi=2 * fig.dpi, bbox_inches="tight", facecolor=fig.get_facecolor(),
                    edgecolor=fig.get_edgecolor())
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    data = buffer.getvalue()
    pixels = int.from_bytes(data[16:20], "big")  # the width in the PNG's header
    return Image(data=data, format="png", width=round(pixels / 2))


def data_note(dataset):
    """An admonition naming the data's source; a warning for synthetic data.

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML

    prov = dataset.provenance
    esc = html.escape
    facts = (f"{dataset.n_trials} trials of {dataset.n_persons} people, {dataset.n_channels} channels "
             f"&times; {dataset.n_times} points ({esc(dataset.time_axis)}).")
    if prov.synthetic:
        kind, title = "warning", "Synthetic data"
        body = (f"<p>This page uses <b>synthetic data</b>, not measurements: {esc(prov.title)}. {facts} "
                "Person-specific features were planted by the generator, so what the models find can be "
                f"checked against the truth. Licence: {esc(prov.licence)}.</p>")
    else:
        kind, title = "note", "Data"
        doi = f' <a href="https://doi.org/{esc(prov.doi)}">doi:{esc(prov.doi)}</a>' if prov.doi else ""
        body = (f"<p>{esc(prov.title)}. {facts}</p><p>Source: {esc(prov.citation)}.{doi} "
                f"Licence: {esc(prov.licence)}. Files: {esc(prov.source)}.</p>")
    notes = "".join(f"<p>{esc(n)}</p>" for n in prov.notes)
    return HTML(f'<div class="admonition {kind}"><p class="admonition-title">{title}</p>{body}{notes}</div>')

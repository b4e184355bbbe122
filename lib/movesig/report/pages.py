"""An executed run -> the page a reader meets: its title, a table of what differs from the defaults, code folded."""

from __future__ import annotations

import copy
import html
from pathlib import Path

import nbformat

from .scorecard import key_results

__all__ = ["page_from_run", "shown_value"]

#: Parameters whose values are paths of the machine that ran the chapter: shown by name only.
PATH_PARAMETERS = ("data_dir", "data_file", "out_dir")


def shown_value(name: str, value) -> str:
    """A parameter's value as the page shows it (a path by its last part, never the builder's folders)."""
    if value is not None and name in PATH_PARAMETERS:
        return Path(str(value)).name or str(value)
    return repr(value) if isinstance(value, str) else str(value)


def _parameter_cell(params: dict, defaults: dict) -> nbformat.NotebookNode:
    changed = {k: v for k, v in params.items() if k not in PATH_PARAMETERS[2:] and defaults.get(k) != v}
    if not changed:
        text = "This page is the chapter run with its default parameters (the cell above, folded)."
    else:
        rows = "".join(f"<tr><td><code>{html.escape(k)}</code></td><td><code>{html.escape(shown_value(k, v))}</code>"
                       f"</td><td><code>{html.escape(shown_value(k, defaults.get(k)))}</code></td></tr>"
                       for k, v in changed.items())
        text = ("**This run's parameters** where they differ from the chapter's defaults (the full cell is "
                "folded above; all of them are in `results.json`):\n\n"
                f"<table><tr><th>parameter</th><th>this run</th><th>default</th></tr>{rows}</table>")
    return nbformat.v4.new_markdown_cell(text)


def _one_output_per_cell(cells) -> list:
    """Split a code cell that shows several outputs into one cell per output (the later ones without input).

    A section that shows several figures (one per model or task) then gives every figure a
    cell of its own, so each can be a numbered figure with its own caption.
    """
    out = []
    for cell in cells:
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if len(outputs) < 2:
            out.append(cell)
            continue
        first = copy.deepcopy(cell)
        first.outputs = outputs[:1]
        out.append(first)
        for output in outputs[1:]:
            part = nbformat.v4.new_code_cell("# the cell above, continued", metadata={"tags": ["remove-input"]})
            part.outputs = [output]
            out.append(part)
    return out


def _caption_figures(cells, figures: dict, run: str) -> None:
    """Number and caption every cell whose one output is a figure: MyST-NB's figure options, label ``fig-<run>-<name>``.

    ``figures`` are the run's figures in the order they were shown (``results.json``).
    """
    names = iter(figures.items())
    for cell in cells:
        if cell.cell_type != "code":
            continue
        shown = [o for o in cell.get("outputs", []) if o.get("output_type") in ("display_data", "execute_result")]
        images = [o for o in shown if "image/png" in o.get("data", {})]
        taken = [next(names, None) for _ in images]
        if len(shown) == 1 and len(images) == 1 and taken[0] is not None:
            stem, caption = taken[0]
            cell.metadata["mystnb"] = {"figure": {"caption": f"{caption} (`{run}/{stem}`)", "name": f"fig-{run}-{stem}"}}


def _without_build_paths(nb, params: dict) -> None:
    """Leave no path of the machine that ran the chapter in the page's downloadable notebook.

    Papermill's metadata (``input_path``, ``output_path``, ``parameters``) and the injected
    parameters cell name the run's folders and data directory: paths are reduced to their
    last part (:func:`shown_value`), as the page shows them.
    """
    meta = nb.metadata.get("papermill")
    if meta is not None:
        for key in ("input_path", "output_path"):
            if meta.get(key):
                meta[key] = Path(str(meta[key])).name
        if isinstance(meta.get("parameters"), dict):
            meta["parameters"] = {k: (shown_value(k, v) if k in PATH_PARAMETERS and v is not None else v)
                                  for k, v in meta["parameters"].items()}
    for cell in nb.cells:
        if cell.cell_type == "code" and "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = "# Parameters (paths by their last part)\n" + "\n".join(
                f"{k} = {shown_value(k, v)!r}" if k in PATH_PARAMETERS and v is not None else f"{k} = {v!r}"
                for k, v in params.items())


def _drop_cells_for_other_data(cells, synthetic: bool | None) -> list:
    """Leave out the cells that cannot apply to the page's data: tagged ``synthetic-only`` on a page of real data,
    ``real-only`` on a page of synthetic data (the chapter's source keeps both)."""
    if synthetic is None:
        return cells
    other = "real-only" if synthetic else "synthetic-only"
    return [c for c in cells if other not in c.metadata.get("tags", [])]


def _key_results_cell(results: dict | None):
    text = key_results(results or {})
    return nbformat.v4.new_markdown_cell(text) if text else None


def page_from_run(notebook: Path, target: Path, params: dict, defaults: dict, title: str | None = None,
                  figures: dict | None = None, results: dict | None = None) -> Path:
    """Write the book page of an executed chapter notebook.

    The first heading becomes ``title`` (when given); the parameters cell is folded and the
    injected one removed (a table of the values that differ from the defaults takes its
    place); every other code cell shows its output with its input folded (MyST-NB's
    ``hide-input``), so a re-runner can still open it. Every figure becomes a numbered MyST
    figure with its caption from ``figures`` (name -> caption), in a cell of its own. With
    the run's ``results`` (its ``results.json``), the page opens with its key results and
    leaves out the cells tagged for the other kind of data; no build path stays in the
    notebook a reader downloads.
    """
    nb = nbformat.read(str(notebook), as_version=4)
    _without_build_paths(nb, params)
    synthetic = None if results is None else bool((results.get("data") or {}).get("synthetic"))
    nb.cells = _drop_cells_for_other_data(nb.cells, synthetic)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if cell.cell_type == "markdown" and title and cell is nb.cells[0] and cell.source.startswith("# "):
            lines = cell.source.splitlines()
            cell.source = "\n".join([f"# {title}", *lines[1:]])
        if cell.cell_type == "code":
            if "injected-parameters" in tags:
                tags.append("remove-cell")
                cells += [cell, _parameter_cell(params, defaults)]
                continue
            tags.append("hide-input")
        cells.append(cell)
    key = _key_results_cell(results)
    if key is not None:
        cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0, key)
    nb.cells = cells = _one_output_per_cell(cells)
    _caption_figures(cells, figures or {}, Path(notebook).stem)
    if not any("injected-parameters" in c.metadata.get("tags", []) for c in cells):
        at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 1)
        cells.insert(at, _parameter_cell(params, defaults))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))
    return target

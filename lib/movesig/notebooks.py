"""Chapter notebooks from readable text sources.

Chapters are written as ``chapters/src/<name>.py`` in the py:percent style (cells split by
``# %%``; ``# %% [markdown]`` starts a Markdown cell whose lines are un-commented;
``# %% tags=["parameters"]`` tags a cell). :func:`write_notebook` turns one into the
``chapters/<name>.ipynb`` that papermill executes, so diffs read like code and the
notebook cannot drift from its source (a test checks they agree).

    python -m movesig.notebooks            # regenerate every chapters/<name>.ipynb
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

__all__ = ["notebook_from_text", "write_notebook", "sync_chapters"]

_HEADER = re.compile(r"^# %%(.*)$", flags=re.M)


def notebook_from_text(text: str) -> nbformat.NotebookNode:
    """A notebook (nbformat 4) from py:percent text."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    parts = _HEADER.split(text)
    for header, body in zip(parts[1::2], parts[2::2]):
        body = body.strip("\n")
        if "[markdown]" in header:
            lines = [re.sub(r"^# ?", "", line) for line in body.splitlines()]
            nb.cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
        else:
            cell = nbformat.v4.new_code_cell(body)
            tags = re.search(r"tags=(\[.*\])", header)
            if tags:
                cell.metadata["tags"] = json.loads(tags.group(1))
            nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nb


def write_notebook(source: Path, target: Path) -> None:
    """Write ``target`` (.ipynb) from ``source`` (py:percent)."""
    nbformat.write(notebook_from_text(Path(source).read_text()), str(target))


def sync_chapters(root: Path) -> list[Path]:
    """Regenerate ``chapters/<name>.ipynb`` from every ``chapters/src/<name>.py``."""
    written = []
    for source in sorted((Path(root) / "chapters" / "src").glob("*.py")):
        target = Path(root) / "chapters" / f"{source.stem}.ipynb"
        write_notebook(source, target)
        written.append(target)
    return written


if __name__ == "__main__":
    from .book import project_root

    for path in sync_chapters(project_root(sys.argv[1] if len(sys.argv) > 1 else None)):
        print(path)

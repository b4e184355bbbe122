"""The package's layering and the chapters' shape, checked on the source so that they stay.

Import direction follows the data: studies -> evaluate -> explain -> models -> data; summarise
and plots import no movesig stage but data; report and cli sit on top. Chapters are methods
sections: one study call per cell, no logic, at least as much prose as code.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "movesig"

#: Stage -> the movesig stages it may import (itself always).
ALLOWED = {
    "data": set(),
    "splits": {"data"},
    "models": {"data"},
    "explain": {"models", "data"},
    "evaluate": {"explain", "models", "summarise", "splits", "data"},
    "summarise": {"data"},
    "plots": {"data"},
    "studies": {"evaluate", "explain", "models", "summarise", "plots", "splits", "data"},
    "report": {"studies", "evaluate", "explain", "models", "summarise", "plots", "splits", "data"},
    "cli": {"report", "studies", "evaluate", "explain", "models", "summarise", "plots", "splits", "data"},
}


def _stage(module: Path) -> str:
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> set[str]:
    """The movesig stages a module imports (absolute or relative)."""
    tree = ast.parse(path.read_text())
    depth = len(path.relative_to(PACKAGE).parts) - 1  # folders below the package
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb to the package, then the named module
                up = node.level - 1
                if up < depth:  # within the same stage
                    continue
                target = (node.module or "").split(".")
                names = target if target != [""] else [a.name for a in node.names if a.name in ALLOWED]
                found |= set(names[:1])  # `from .. import __version__`: the package root, no stage
            elif node.module and node.module.startswith("movesig."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("movesig.")}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_module_belongs_to_a_stage():
    assert {_stage(p) for p in MODULES} <= set(ALLOWED), "a new top-level module needs a place in ALLOWED"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_data(path):
    stage = _stage(path)
    wrong = _imports(path) - ALLOWED[stage] - {stage}
    assert not wrong, f"{path.relative_to(PACKAGE)} ({stage}) imports {sorted(wrong)}"


def test_the_import_finder_sees_imports():
    assert _imports(PACKAGE / "studies" / "gait_models.py") >= {"evaluate", "models", "plots"}
    assert "data" in _imports(PACKAGE / "splits.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path):
    assert len(path.read_text().splitlines()) <= 320, f"{path.relative_to(PACKAGE)}: split it"


CHAPTERS = sorted((PACKAGE.parents[1] / "chapters").glob("*.py"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_hold_no_logic(path):
    import jupytext

    nb = jupytext.read(path, fmt="py:percent")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tree = ast.parse(code)
    logic = [type(n).__name__ for n in ast.walk(tree)
             if isinstance(n, (ast.For, ast.While, ast.FunctionDef, ast.ClassDef, ast.Raise, ast.ListComp,
                               ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.Lambda, ast.If))]
    assert not logic, f"chapters/{path.name} holds {logic}: move it into movesig.studies"
    prose = sum(len(c.source.splitlines()) for c in nb.cells if c.cell_type == "markdown")
    lines = sum(len([line for line in c.source.splitlines() if line.strip()]) for c in nb.cells
                if c.cell_type == "code")
    assert prose >= lines, f"chapters/{path.name}: {prose} prose lines, {lines} code lines"

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
    """One job per module; a guard against giants."""
    assert len(path.read_text().splitlines()) <= 600, f"{path.relative_to(PACKAGE)}: split it"


# ------------------------------------------------------------------ the graph of modules
def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every movesig module (packages by their ``__init__``) by dotted name.
ALL_MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _module_imports(name: str, source: str | None = None) -> list[tuple[str, int, bool]]:
    """(movesig module, line, inside a function) of every import in module ``name`` (or in ``source`` as if there).

    Module-level and function-level, absolute and relative. ``from P import x`` is module
    ``P.x`` where that is a module, else ``P``; a package whose module is imported counts
    too (its ``__init__`` runs first), except the importer's own packages.
    """
    path = ALL_MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, inside) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package[:len(package) - child.level + 1] + ([child.module] if child.module else []))
                found.extend((f"{base}.{a.name}" if f"{base}.{a.name}" in ALL_MODULES else base, child.lineno, inside)
                             for a in child.names)
            visit(child, inside)

    visit(ast.parse(path.read_text() if source is None else source), False)
    out = []
    for target, line, inside in found:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):
            step = ".".join(parts[:i])
            own = name == step or name.startswith(step + ".")
            if step in ALL_MODULES and not own and (i == len(parts) or ALL_MODULES[step].name == "__init__.py"):
                out.append((step, line, inside))
    return out


IMPORTS = {name: _module_imports(name) for name in ALL_MODULES}


def _cycle(graph: dict) -> list | None:
    """One cycle of ``graph`` (module -> [(module, line, inside a function)]) as its edges, or None."""
    state, path = {}, []

    def visit(module):
        state[module] = "open"
        for target, line, inside in graph[module]:
            path.append((module, target, line, inside))
            if state.get(target) == "open":
                return path[next(i for i, edge in enumerate(path) if edge[0] == target):]
            if target not in state:
                found = visit(target)
                if found:
                    return found
            path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def _describe(cycle) -> str:
    return " -> ".join(f"{a} ({ALL_MODULES[a].relative_to(PACKAGE)}:{line}{', in a function' if inside else ''})"
                       for a, _, line, inside in cycle) + f" -> {cycle[0][0]}"


def test_the_import_graph_sees_imports():
    """Relative, absolute, function-level and package imports all make edges."""
    source = ("from .dataset import Dataset\nfrom . import fetch\nimport movesig.data.synthetic.gait\n"
              "def f():\n    from ..models import networks\n    import numpy\n")
    assert _module_imports("movesig.data.cards", source) == [
        ("movesig.data.dataset", 1, False), ("movesig.data.fetch", 2, False),
        ("movesig.data.synthetic", 3, False), ("movesig.data.synthetic.gait", 3, False),  # not its own movesig.data
        ("movesig.models", 5, True), ("movesig.models.networks", 5, True)]
    assert "movesig.data.errors" in {t for t, _, _ in IMPORTS["movesig.data._checks"]}
    graph = {"a": [("b", 1, False)], "b": [("c", 2, True)], "c": [("a", 3, False)], "d": [("a", 4, False)]}
    assert [edge[0] for edge in _cycle(graph)] == ["a", "b", "c"]
    assert _cycle({"a": [("b", 1, False)], "b": []}) is None


def test_no_import_cycles():
    """Imports between movesig modules run one way, function-level imports included."""
    cycle = _cycle(IMPORTS)
    assert cycle is None, f"import cycle: {_describe(cycle)}"


#: Function-level imports of movesig modules: (importer, imported or "*") -> why it is lazy.
#: Everything else imports at module level, where an import cycle cannot hide. Lazy imports of
#: third-party libraries (dask, threadpoolctl, jupytext) are not movesig imports.
LAZY_IMPORTS = {
    ("movesig.cli", "*"): "each command imports its stage when it runs, so that `movesig --help` and a "
                          "mistake answer without loading torch, the models and the studies",
}


def _lazy_imports() -> set[tuple[str, str, int]]:
    return {(name, target, line) for name, edges in IMPORTS.items() for target, line, inside in edges if inside}


def test_function_level_imports_are_listed():
    unlisted = sorted(f"{ALL_MODULES[name].relative_to(PACKAGE)}:{line} imports {target}"
                      for name, target, line in _lazy_imports()
                      if (name, target) not in LAZY_IMPORTS and (name, "*") not in LAZY_IMPORTS)
    assert not unlisted, f"import at module level (or list the reason in LAZY_IMPORTS): {unlisted}"


def test_every_listed_lazy_import_exists():
    seen = {(name, target) for name, target, _ in _lazy_imports()} | {(name, "*") for name, _, _ in _lazy_imports()}
    assert set(LAZY_IMPORTS) <= seen, f"no longer lazy, drop from LAZY_IMPORTS: {sorted(set(LAZY_IMPORTS) - seen)}"


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

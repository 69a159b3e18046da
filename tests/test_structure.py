"""The code stays small enough to change: modules and functions of a readable
size, and no import cycle between modules (``TYPE_CHECKING`` imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "arena_lint"
#: Every module is held to the sizes below (issue #21 split the last ones over).
SIZED = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 100
#: Modules still in import cycles, each set one strongly connected group; a
#: group may only shrink (none is left: issue #21 broke the last two).
KNOWN_CYCLES: list[set[str]] = []


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path: Path) -> set[str]:
    """The modules of ``arena_lint`` that ``path`` imports outside any function."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):  # `if TYPE_CHECKING:` among them
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("arena_lint"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                if base.startswith("arena_lint"):
                    for alias in node.names:
                        submodule = f"{base}.{alias.name}"
                        known = PACKAGE.parent / Path(*submodule.split("."))
                        is_module = known.with_suffix(".py").is_file() or known.is_dir()
                        found.add(submodule if is_module else base)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found - {name}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that reach each other (Tarjan's algorithm), two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group: set[str] = set()
            while not group or module not in group:
                group.add(stack.pop())
            if len(group) > 1:
                groups.append(group)

    for module in graph:
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycle() -> None:
    graph = {_module_name(p): _module_level_imports(p) for p in PACKAGE.rglob("*.py")}
    new = [group for group in _cycles(graph) if not any(group <= k for k in KNOWN_CYCLES)]
    assert new == []
    # The cli package, split from one module, is in none.
    assert not any(module.startswith("arena_lint.cli") for k in KNOWN_CYCLES for module in k)


@pytest.mark.parametrize("path", SIZED, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_module_and_function_sizes(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES
    tree = ast.parse(source)
    long = [
        (node.name, (node.end_lineno or 0) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or 0) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []

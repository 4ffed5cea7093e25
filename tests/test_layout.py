"""The package keeps the shape that makes it readable: no import cycles, modules one can read in a sitting."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "agreement_builder"
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = list(file.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = file
    return found


def _imports(name: str, file: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules `name` imports, anywhere in it (functions too), but for type checking only."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    typing_only = {id(node) for top in tree.body if isinstance(top, ast.If) and "TYPE_CHECKING" in ast.unparse(top.test)
                   for node in ast.walk(top)}
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
        elif node.level:
            base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + [node.module or ""]).strip(".")
            bases = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            module = node.module or ""
            bases = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module for alias in node.names]
        found |= {base for base in bases if base in modules and base != name}
    return found


def test_no_import_cycles_not_even_inside_functions():
    modules = _modules()
    graph = {name: _imports(name, file, modules) for name, file in modules.items()}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_every_module_reads_in_one_sitting():
    long = {name: n for name, file in _modules().items()
            if (n := len(file.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}

"""The shape of the code: packages by capability, arrows pointing down, no cycles, small parts.

Read with :mod:`ast` (every ``import``, inside functions included), so the checks hold for
code that no test happens to run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Package → floor. A module may import its own package or a package on a lower floor.
FLOORS = {
    "text": 0,
    "model": 1,
    "ingest": 2,
    "export": 2,
    "maps": 2,
    "sample": 2,
    "network": 3,
    "planning": 4,
    "reports": 5,
    "cli": 6,
}
# Pure lookups a page may call directly: a label for a code, nothing computed from data.
LOOKUPS = {
    "pick",
    "pick_table",
    "yes_no",
    "get_layer",
    "crs_name",
    "encoding_label",
    "target_label",
    "target_names",
    "column",
    "number_text",
}
MAX_MODULE_LINES = 1000
MAX_FUNCTION_LINES = 120
MAX_INGEST_FUNCTION_LINES = 80


def _modules(root: str) -> dict[str, Path]:
    out = {}
    for path in sorted((REPO_ROOT / root).rglob("*.py")):
        if "static" in path.parts:
            continue
        parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = {**_modules("pipelines"), **_modules("dashboard")}


def _imports(name: str, path: Path) -> set[str]:
    """Every project module ``name`` imports (resolved to a module, not a name in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "pipelines" and len(parts) > 1 else None


def test_no_import_cycles() -> None:
    # Package __init__ files re-export their own modules; an edge into one's own package's
    # __init__ is Python's doing, not a dependency.
    def edges(name: str) -> set[str]:
        return {t for t in GRAPH[name] if not name.startswith(t + ".")}

    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges(node)):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_arrows_point_down() -> None:
    wrong = []
    for name, targets in GRAPH.items():
        mine = _package(name)
        if mine is None or mine not in FLOORS:
            continue
        for target in targets:
            if target.startswith("dashboard"):
                wrong.append(f"{name} → {target}")
                continue
            theirs = _package(target)
            if theirs is None or theirs == mine:
                continue
            if FLOORS[theirs] >= FLOORS[mine]:
                wrong.append(f"{name} ({mine}) → {target} ({theirs})")
    assert not wrong, "imports against the layering:\n" + "\n".join(sorted(wrong))


def test_every_pipelines_module_is_in_a_package() -> None:
    loose = [n for n in MODULES if n.count(".") == 1 and n.startswith("pipelines.")]
    assert all(_package(n) in FLOORS for n in loose), loose
    for package in FLOORS:
        init = REPO_ROOT / "pipelines" / package / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"pipelines/{package}/__init__.py has no docstring"


def test_pipelines_never_import_streamlit() -> None:
    for name, path in MODULES.items():
        if not name.startswith("pipelines"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names.append(getattr(node, "module", None) or "")
                assert not any(n.split(".")[0] == "streamlit" for n in names), name


def test_pages_call_pipelines_only_through_the_cache() -> None:
    """Pages may take constants and types from pipelines, but call it through the cache."""
    for name, path in MODULES.items():
        if not name.startswith("dashboard.app_pages"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            a.asname or a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipelines")
            for a in node.names
        }
        called = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        # Classes (options and filters built from widgets), formatters and pure label
        # lookups are allowed.
        calls = {
            n
            for n in imported & called
            if not n[:1].isupper() and not n.startswith("format_") and n not in LOOKUPS
        }
        assert not calls, f"{name} calls pipelines directly: {sorted(calls)}"


def _lengths() -> list[tuple[int, str, str]]:
    out = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                out.append((node.end_lineno - node.lineno + 1, name, node.name))
    return out


def test_no_module_too_long() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


@pytest.mark.parametrize(
    ("prefix", "limit"),
    [("", MAX_FUNCTION_LINES), ("pipelines.ingest", MAX_INGEST_FUNCTION_LINES)],
)
def test_no_function_too_long(prefix: str, limit: int) -> None:
    long = [f"{m}.{f} ({n})" for n, m, f in _lengths() if m.startswith(prefix) and n > limit]
    assert not long, f"functions over {limit} lines: {long}"


def _third_party(roots: tuple[str, ...]) -> set[str]:
    """Top-level third-party modules imported under ``roots``."""
    import sys

    found = set()
    for root in roots:
        for path in (REPO_ROOT / root).rglob("*.py"):
            if "static" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for top in (n.split(".")[0] for n in names):
                    if top not in sys.stdlib_module_names and top not in (
                        "pipelines",
                        "dashboard",
                        "tests",
                        "__future__",
                    ):
                        found.add(top)
    return found


def _declared() -> tuple[set[str], set[str]]:
    import re
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(specs: list[str]) -> set[str]:
        return {re.split(r"[<>=!~\[; ]", s, maxsplit=1)[0].lower() for s in specs}

    return names(project["dependencies"]), names(project["optional-dependencies"]["test"])


def test_dependencies_are_declared_exactly_as_imported() -> None:
    from importlib.metadata import packages_distributions

    dists = packages_distributions()

    def dist(module: str) -> str:
        return dists.get(module, [module])[0].lower().replace("_", "-")

    runtime, test = _declared()
    used_runtime = {dist(m) for m in _third_party(("pipelines", "dashboard"))}
    used_tests = {dist(m) for m in _third_party(("tests", "benchmarks"))} - used_runtime
    assert used_runtime == runtime, (
        f"runtime imports not declared: {sorted(used_runtime - runtime)}; "
        f"declared, never imported: {sorted(runtime - used_runtime)}"
    )
    assert used_tests <= test, f"test imports not in the test extra: {sorted(used_tests - test)}"
    assert not (test - used_tests - {"ruff", "pytest-timeout"}), (
        f"test extra never imported: {sorted(test - used_tests - {'ruff', 'pytest-timeout'})}"
    )

"""The layering of the packages, checked from their imports (including imports inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

# What each package may import of the project's packages (the README's layout table says the same).
ALLOWED = {
    "archive": set(),
    "crawler": {"archive"},
    "search": {"archive"},
    "translation": {"archive"},
    "web": {"archive", "search", "translation"},
    "parlarchive": {"archive", "crawler", "search", "translation", "web"},
}


def project_imports(path: Path) -> set[tuple[str, int]]:
    """(top-level project package, line) of every import in a module, wherever it stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in ALLOWED}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_package_imports_one_above_it(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules, f"{package}/ has no modules"
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in modules
        for imported, line in sorted(project_imports(path))
        if imported != package and imported not in ALLOWED[package]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from search.service import run_search\n    import crawler.run\n")
    assert project_imports(module) == {("search", 2), ("crawler", 3)}

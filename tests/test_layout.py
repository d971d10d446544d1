"""The layering of the packages, checked from their imports (including imports inside functions)."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def imports(path: Path) -> set[tuple[str, int]]:
    """(top-level module, line) of every absolute import in a module, wherever it stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names}
    return found


def project_imports(path: Path) -> set[tuple[str, int]]:
    """(top-level project package, line) of every import in a module, wherever it stands."""
    return {(name, line) for name, line in imports(path) if name in ALLOWED}


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


# Modules the packages may import that no main dependency provides, each inside the function that needs it:
# the machine-translation extra's (a missing one is a one-line TranslationUnavailable), and onnx, with which
# the demo builds a tiny .argosmodel for the tests (the dev extra).
OPTIONAL_MODULES = {"argostranslate", "ctranslate2", "sentencepiece", "stanza", "torch", "onnx"}


def _third_party_modules() -> dict[str, str]:
    """Every top-level module the packages import that is neither the standard library's nor the project's,
    with one place that imports it."""
    found: dict[str, str] = {}
    for package in ALLOWED:
        for path in sorted((ROOT / package).rglob("*.py")):
            for name, line in sorted(imports(path)):
                if name not in ALLOWED and name not in sys.stdlib_module_names and name != "__future__":
                    found.setdefault(name, f"{path.relative_to(ROOT)}:{line}")
    return found


def _installed_with(requirements: list[str]) -> set[str]:
    """The distributions a plain `pip install .` brings: the main dependencies and theirs (extras left out
    unless asked for), names normalised."""
    todo = [Requirement(r) for r in requirements]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        for sub in metadata.requires(req.name) or []:
            dep = Requirement(sub)
            if (
                dep.marker is None
                or dep.marker.evaluate({"extra": ""})
                or any(dep.marker.evaluate({"extra": e}) for e in req.extras)
            ):
                todo.append(dep)
    return seen


def test_every_module_the_program_imports_comes_with_a_plain_install() -> None:
    """A fresh `pip install .` (no dev extra) can run every command: each third-party module the packages
    import is provided by a main dependency or one of theirs (the default search engine included)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = _installed_with(project["dependencies"])
    providers = metadata.packages_distributions()
    missing = [
        f"{module} (imported at {where}; from {providers.get(module)})"
        for module, where in sorted(_third_party_modules().items())
        if module not in OPTIONAL_MODULES
        and not any(canonicalize_name(dist) in installed for dist in providers.get(module, []))
    ]
    assert not missing, "not in a plain install: " + "; ".join(missing)

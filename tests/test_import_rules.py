"""Plugins import only ``opendui_sdk`` (never the core package ``opendui``): the dependency rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_SOURCES = sorted([*ROOT.glob("plugins/*/src/**/*.py"), *ROOT.glob("examples/*/src/**/*.py")])


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_there_are_plugin_sources_to_check() -> None:
    assert any("examples/hello_plugin" in str(p) for p in PLUGIN_SOURCES)


@pytest.mark.parametrize("path", PLUGIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugin_imports_only_the_sdk(path: Path) -> None:
    forbidden = sorted(m for m in imported_modules(path) if m == "opendui" or m.startswith("opendui."))
    assert not forbidden, f"{path} imports the core directly: {forbidden} (import opendui_sdk instead)"


def test_the_core_never_imports_a_plugin() -> None:
    offenders = []
    for path in (ROOT / "core" / "src").rglob("*.py"):
        for module in imported_modules(path):
            if module.startswith("opendui_") :
                offenders.append((str(path.relative_to(ROOT)), module))
    assert not offenders, offenders

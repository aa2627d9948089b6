"""Contract: every hook of :mod:`opendui.hookspecs` is documented in the hook reference.

The reference page ``docs/reference/hooks.rst`` must give each hook a section whose heading is the
hook's exact signature (``name(arg1, arg2)``, argument names in order) and an ``autofunction``
directive, so that the rendered docstring is the one in the code. A hook added, renamed or given a
new argument without updating the reference fails here.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from opendui import hookspecs
from opendui.markers import PROJECT_NAME

HOOKS_RST = Path(__file__).resolve().parent.parent / "docs" / "reference" / "hooks.rst"
SPEC_ATTRIBUTE = f"{PROJECT_NAME}_spec"  # where pluggy's HookspecMarker stores its options


def _hookspecs() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for name, function in vars(hookspecs).items()
        if inspect.isfunction(function) and hasattr(function, SPEC_ATTRIBUTE)
    }


HOOKS = _hookspecs()


def _headings(text: str) -> set[str]:
    """Section titles of an rst text: a line followed by an underline at least as long."""
    lines = text.splitlines()
    found = set()
    for title, underline in zip(lines, lines[1:], strict=False):
        stripped = title.strip()
        if (
            stripped
            and title == stripped
            and re.fullmatch(r"([=\-~^\"'`#*+<>_:.])\1*", underline)
            and len(underline) >= len(stripped)
        ):
            found.add(stripped)
    return found


def test_hookspecs_are_found() -> None:
    # Guards the enumeration itself: the marker attribute and a few hooks every plugin relies on.
    assert {"register_graphql_queries", "actor_from_request", "on_usager_created"} <= set(HOOKS)
    assert len(HOOKS) >= 20


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_has_a_docstring(name: str) -> None:
    assert (inspect.getdoc(HOOKS[name]) or "").strip(), f"hookspec {name} has no docstring"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_has_a_signature_heading(name: str) -> None:
    arguments = ", ".join(inspect.signature(HOOKS[name]).parameters)
    heading = f"{name}({arguments})"
    assert heading in _headings(HOOKS_RST.read_text(encoding="utf-8")), (
        f"{HOOKS_RST.name} has no section titled {heading!r}"
    )


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hook_has_an_autofunction(name: str) -> None:
    directive = re.compile(rf"^\.\. autofunction:: opendui\.hookspecs\.{re.escape(name)}\s*$", re.MULTILINE)
    assert directive.search(HOOKS_RST.read_text(encoding="utf-8")), (
        f"{HOOKS_RST.name} has no '.. autofunction:: opendui.hookspecs.{name}'"
    )


def test_reference_documents_no_unknown_hook() -> None:
    # A hook removed or renamed in the code must leave the reference too.
    documented = re.findall(
        r"^\.\. autofunction:: opendui\.hookspecs\.(\w+)", HOOKS_RST.read_text(encoding="utf-8"), re.MULTILINE
    )
    assert sorted(set(documented) - set(HOOKS)) == []
    assert len(documented) == len(set(documented)), "a hook is documented twice"

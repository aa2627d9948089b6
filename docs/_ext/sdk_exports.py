"""Sphinx directive ``sdk-exports``: what ``opendui_sdk`` re-exports, with links to the originals.

The SDK re-exports the stable part of the core; each name is documented once, where it is defined.
This directive lists ``opendui_sdk.__all__`` with the first line of each object's docstring and a
cross-reference to its definition, so the list follows the code.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


def _target(obj: Any) -> str | None:
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if not module or not name or not module.startswith(("opendui.", "opendui_sdk")):
        return None
    return f"{module}.{name}"


class SdkExportsDirective(SphinxDirective):
    """``.. sdk-exports:: opendui_sdk``"""

    required_arguments = 1

    def run(self) -> list[Any]:
        package = importlib.import_module(self.arguments[0])
        lines = []
        for name in package.__all__:
            if name.startswith("__"):
                continue
            obj = getattr(package, name)
            target = _target(obj) if (inspect.isclass(obj) or inspect.isfunction(obj)) else None
            doc = (inspect.getdoc(obj) or "").strip().splitlines() if target else []
            if doc and doc[0].startswith(f"{name}("):  # a dataclass's generated docstring
                doc = []
            summary = f" — {doc[0]}" if doc else ""
            if target:
                lines.append(f"* :py:obj:`{name} <{target}>`{summary}")
            else:
                lines.append(f"* ``{name}``")
        container = StringList(lines, source=f"<sdk-exports {self.arguments[0]}>")
        node = nodes.container()
        nested_parse_with_titles(self.state, container, node)
        return list(node.children)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("sdk-exports", SdkExportsDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx directive ``error-codes``: the table of stable error codes, read from the code.

Renders :data:`opendui.errors.ERROR_CODES` (code and meaning, in catalogue order) with, for each
code, the exception classes of :mod:`opendui.errors` that carry it by default. The table cannot
drift from the code: it is the code.
"""

from __future__ import annotations

import inspect
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _classes_by_code() -> dict[str, list[str]]:
    from opendui import errors

    found: dict[str, list[str]] = {}
    for name, value in vars(errors).items():
        if not inspect.isclass(value) or value.__module__ != errors.__name__:
            continue
        if issubclass(value, errors.OpenDUIError):
            error_class: type[errors.OpenDUIError] = value
            found.setdefault(error_class.code, []).append(name)
    return found


def _row(*cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *cell)
        row += entry
    return row


class ErrorCodesDirective(SphinxDirective):
    """``.. error-codes::`` (no argument)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from opendui.errors import ERROR_CODES

        classes = _classes_by_code()
        table = nodes.table(classes=["opendui-error-codes"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (28, 52, 20):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row([nodes.Text("Code")], [nodes.Text("Meaning")], [nodes.Text("Raised as")])
        group += head
        body = nodes.tbody()
        for code, meaning in ERROR_CODES.items():
            raised: list[nodes.Node] = []
            for index, name in enumerate(classes.get(code, [])):
                if index:
                    raised.append(nodes.Text(", "))
                raised.append(nodes.literal(name, name))
            body += _row(
                [
                    nodes.target("", "", ids=[f"error-{code.lower().replace('_', '-')}"]),
                    nodes.literal(code, code),
                ],
                [nodes.Text(meaning)],
                raised or [nodes.Text("—")],
            )
        group += body
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("error-codes", ErrorCodesDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

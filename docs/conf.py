"""Sphinx configuration of the OpenDUI documentation (``./dev docs``; warnings are errors)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Build from a fresh clone without installing anything but Sphinx: the sources come first.
sys.path[:0] = [str(ROOT / "core" / "src"), str(ROOT / "sdk" / "src"), str(DOCS / "_ext")]

from opendui.__about__ import __version__  # noqa: E402

project = "OpenDUI"
author = "The OpenDUI contributors"
copyright = "OpenDUI contributors, Apache-2.0"
version = release = __version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sphinx_click",
    "myst_parser",
    "graphql_schema",
    "error_codes",
    "sdk_exports",
    "included_readmes",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
root_doc = "index"

# autodoc: signatures as written, members in source order, type hints in the signature.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
add_module_names = False

# MyST renders the first-party plugins' README files; no heading anchors are needed.
myst_heading_anchors = 0

try:  # furo when installed (the docs environment declares it), Sphinx's default theme otherwise
    import furo  # noqa: F401

    html_theme = "furo"
except ImportError:  # pragma: no cover
    html_theme = "alabaster"
html_title = f"OpenDUI {release}"
html_static_path: list[str] = []

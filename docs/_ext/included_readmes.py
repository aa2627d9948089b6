"""Highlight code blocks of included plugin READMEs leniently.

The pages under ``plugins/`` include each first-party plugin's ``README.md`` verbatim. Those files
belong to the plugins and are written for GitHub, whose highlighter tolerates what Pygments' strict
mode rejects (e.g. a float argument in a ``graphql`` block), which ``-W`` would turn into a build
failure. Code blocks whose source is such a README are highlighted with Sphinx's ``force`` option
(no error on an unexpected token); every block written in ``docs/`` stays strict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

PLUGINS_DIR = Path(__file__).resolve().parents[2] / "plugins"


class LenientReadmeBlocks(SphinxTransform):
    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        for block in self.document.findall(nodes.literal_block):
            source = Path(block.source or "").resolve()
            if source.name == "README.md" and PLUGINS_DIR in source.parents:
                block["force"] = True


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(LenientReadmeBlocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

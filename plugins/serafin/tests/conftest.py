"""Shared fixtures: the bundled release document and a fake second release."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def bundled_document() -> dict[str, Any]:
    """The shipped 2023.1.0 release file, parsed."""
    text = (resources.files("opendui_serafin") / "data" / "serafin-ph-2023.1.0.json").read_text(
        encoding="utf-8"
    )
    document: dict[str, Any] = json.loads(text)
    return document


@pytest.fixture()
def fake_release_path(tmp_path: Path, bundled_document: dict[str, Any]) -> Path:
    """A fictitious release 2024.1.0: 1.1.3 relabelled, 1.1.11 added, 2.4.1 removed."""
    document = copy.deepcopy(bundled_document)
    document["version"] = "2024.1.0"
    document["code_system"]["version"] = "2024.1.0"
    concepts = [c for c in document["concepts"] if c["code"] != "2.4.1"]
    for concept in concepts:
        if concept["code"] == "1.1.3":
            concept["label"] = "Besoins en matière de douleur (libellé fictif 2024)"
    concepts.append(
        {
            "code": "1.1.11",
            "label": "Besoin fictif de test",
            "level": 3,
            "parent": "1.1",
            "family": "besoins",
            "value_sets": ["JDV_J285"],
        }
    )
    document["concepts"] = concepts
    path = tmp_path / "serafin-ph-2024.1.0.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path

"""Several releases side by side in one registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opendui_serafin import ReleaseRegistry, SerafinCodeError, SerafinReleaseError, validate_code
from opendui_serafin.nomenclature import Nomenclature


def test_bundled_only() -> None:
    registry = ReleaseRegistry()
    assert registry.releases() == ["2023.1.0"]
    assert registry.get().version == "2023.1.0"


def test_two_releases_side_by_side(fake_release_path: Path) -> None:
    registry = ReleaseRegistry()
    loaded = registry.load_release(fake_release_path)
    assert loaded.version == "2024.1.0"
    assert registry.releases() == ["2023.1.0", "2024.1.0"]
    latest, old = registry.get(), registry.get("2023.1.0")
    assert latest is loaded
    assert len(old) == 107 and len(latest) == 107
    assert "1.1.11" in latest and "1.1.11" not in old
    assert "2.4.1" in old and "2.4.1" not in latest
    assert latest.is_leaf("2.4") and not old.is_leaf("2.4")
    assert latest.get("1.1.3").label != old.get("1.1.3").label
    assert [c.code for c in latest.children("1.1")][-2:] == ["1.1.10", "1.1.11"]

    assert validate_code("1.1.11", "besoins", registry=registry).code == "1.1.11"
    with pytest.raises(SerafinCodeError) as info:
        validate_code("1.1.11", version="2023.1.0", registry=registry)
    assert info.value.code == "SERAFIN_UNKNOWN_CODE"


def test_version_order_is_natural(tmp_path: Path, bundled_document: dict[str, Any]) -> None:
    registry = ReleaseRegistry()
    for version in ("2023.10.0", "2023.9.0"):
        path = tmp_path / f"{version}.json"
        path.write_text(json.dumps({**bundled_document, "version": version}), encoding="utf-8")
        registry.load_release(path)
    assert registry.releases() == ["2023.1.0", "2023.9.0", "2023.10.0"]
    assert registry.get().version == "2023.10.0"


def test_reload_same_content_is_idempotent(
    tmp_path: Path, bundled_document: dict[str, Any]
) -> None:
    registry = ReleaseRegistry()
    path = tmp_path / "same.json"
    path.write_text(json.dumps(bundled_document), encoding="utf-8")
    assert registry.load_release(path) is registry.get("2023.1.0")


def test_conflicting_release(fake_release_path: Path, tmp_path: Path) -> None:
    registry = ReleaseRegistry()
    registry.load_release(fake_release_path)
    document = json.loads(fake_release_path.read_text(encoding="utf-8"))
    document["concepts"][0]["label"] = "Autre"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SerafinReleaseError) as info:
        registry.load_release(other)
    assert info.value.code == "SERAFIN_RELEASE_CONFLICT"


def test_unknown_version() -> None:
    registry = ReleaseRegistry()
    with pytest.raises(SerafinCodeError) as info:
        registry.get("1999.0.0")
    assert info.value.code == "SERAFIN_UNKNOWN_VERSION"
    with pytest.raises(SerafinCodeError) as info:
        ReleaseRegistry(bundled=False).get()
    assert info.value.code == "SERAFIN_UNKNOWN_VERSION"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not a"),
        (lambda d: d["concepts"].append(dict(d["concepts"][0])), "duplicate code"),
        (lambda d: d["concepts"][5].update(parent="1.2"), "parent/level"),
        (lambda d: d["concepts"][5].update(value_sets=["JDV_X"]), "value_sets"),
        (lambda d: d["concepts"][-1].update(family="besoins"), "family should be"),
        (lambda d: d["concepts"].pop(1), "parent 1.1 missing"),
        (lambda d: d["concepts"][3].update(code="1.a"), "malformed code"),
        (lambda d: d["value_sets"]["JDV_J282"].update(family="nope"), "unknown family"),
    ],
)
def test_invalid_release(bundled_document: dict[str, Any], mutate: Any, message: str) -> None:
    document = json.loads(json.dumps(bundled_document))
    mutate(document)
    with pytest.raises(SerafinReleaseError) as info:
        Nomenclature.from_document(document, origin="test")
    assert info.value.code == "SERAFIN_INVALID_RELEASE"
    assert message in str(info.value)


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(SerafinReleaseError):
        ReleaseRegistry().load_release(bad)
    with pytest.raises(SerafinReleaseError):
        ReleaseRegistry().load_release(tmp_path / "missing.json")

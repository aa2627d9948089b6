"""SERAFIN-PH "Nomenclature des besoins et des prestations", versioned.

A :class:`Nomenclature` is one release (for instance ``2023.1.0``) loaded from a release file
(OpenDUI's JSON format, see ``data/serafin-ph-2023.1.0.json``). Several releases live side by side
in a :class:`ReleaseRegistry`, keyed by version string; the module-level :func:`load_release`,
:func:`releases` and :func:`get` use the default registry, which holds the bundled releases.

Families come from the ANS value sets, not from the code prefix alone (counts for 2023.1.0):

* ``besoins`` — JDV_J285, branch 1 (35 codes);
* ``prestations_directes`` — JDV_J284, branch 2 (37 codes);
* ``prestations_indirectes`` — JDV_J283, branch 3 (35 codes, including the 3.2.4 subtree);
* ``transports`` — JDV_J282, 3.2.4 "Transports liés au projet individuel" and its three
  children (4 codes, a subset of JDV_J283).

:meth:`Nomenclature.family` returns the *most specific* family (``transports`` for 3.2.4.x);
:meth:`Nomenclature.families` returns every membership (3.2.4.x is both ``transports`` and
``prestations_indirectes``). 3.1.6 and 3.2.5 mention transports in their labels but are not in
JDV_J282, so they are plain ``prestations_indirectes``.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opendui_serafin.errors import SerafinCodeError, SerafinReleaseError

#: Identifier of the release file format this module reads.
RELEASE_FORMAT = "opendui-serafin-release/1"
#: Release files shipped in ``opendui_serafin/data``.
BUNDLED_RELEASES: tuple[str, ...] = ("serafin-ph-2023.1.0.json",)

_CODE_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")
_CODE_PREFIX_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)*\.?$")
_NATURAL_SPLIT = re.compile(r"([0-9]+)")


class Family(StrEnum):
    """The four SERAFIN-PH families, one per ANS value set."""

    BESOINS = "besoins"
    """JDV_J285 Besoins."""
    PRESTATIONS_DIRECTES = "prestations_directes"
    """JDV_J284 Prestations directes (soins et accompagnement)."""
    PRESTATIONS_INDIRECTES = "prestations_indirectes"
    """JDV_J283 Prestations indirectes (pilotage et fonctions supports)."""
    TRANSPORTS = "transports"
    """JDV_J282 Transports liés au projet individuel (the 3.2.4 subtree)."""


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing digit runs as numbers: ``1.1.9 < 1.1.10``, ``2023.1.0 < 2023.10.0``.

    :param text: a code or a version string.
    :returns: a tuple usable as a ``sorted`` key.
    """
    key: list[tuple[int, int | str]] = []
    for index, part in enumerate(_NATURAL_SPLIT.split(text)):
        if index % 2:
            key.append((1, int(part)))
        elif part:
            key.append((0, part))
    return tuple(key)


def normalize_text(text: str) -> str:
    """Fold ``text`` for searching: no accents, case-folded, typographic apostrophes made
    straight, ligatures expanded, whitespace collapsed.

    :param text: any label or query.
    :returns: the folded text.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("œ", "oe").replace("Œ", "OE")
    text = text.replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True, slots=True)
class ValueSet:
    """An ANS value set (jeu de valeurs) of the release.

    :param key: short key, e.g. ``JDV_J285``.
    :param id: FHIR id, e.g. ``JDV-J285-Besoins-SERAFIN``.
    :param name: NOS name.
    :param oid: OID without the ``urn:oid:`` prefix.
    :param url: canonical FHIR URL.
    :param version: value-set version, e.g. ``20241025120000``.
    :param family: the family this value set defines.
    """

    key: str
    id: str
    name: str
    oid: str
    url: str
    version: str
    family: Family


@dataclass(frozen=True, slots=True)
class Concept:
    """One SERAFIN-PH code of a release.

    :param code: dotted code, e.g. ``1.2.1.3``.
    :param label: official label (verbatim).
    :param level: depth, 1 for the three roots.
    :param parent: parent code, ``None`` for a root.
    :param family: most specific family (``transports`` wins over ``prestations_indirectes``).
    :param families: every family whose value set contains the code.
    :param value_sets: keys of the value sets containing the code.
    :param alt_labels: other labels the sources give for the same code.
    :param is_leaf: ``True`` when the code has no children in this release.
    """

    code: str
    label: str
    level: int
    parent: str | None
    family: Family
    families: frozenset[Family]
    value_sets: tuple[str, ...]
    alt_labels: tuple[str, ...]
    is_leaf: bool

    @property
    def is_selectable(self) -> bool:
        """Whether evaluations may use the code: only leaves are selectable.

        Inner nodes are grouping headings, several of which repeat their only child's label
        (1.2 / 1.2.1, 1.3.1 / 1.3.1.1); recording both levels would count a need twice.
        """
        return self.is_leaf


def _fail(origin: str, message: str) -> SerafinReleaseError:
    return SerafinReleaseError(f"{origin}: {message}", code="SERAFIN_INVALID_RELEASE")


def _str(value: Any, origin: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(origin, f"{what} must be a non-empty string")
    return value


class Nomenclature:
    """One SERAFIN-PH release: codes, hierarchy, families and search.

    Build it with :meth:`load` or :meth:`from_document`; the object is immutable.

    :param version: release version, e.g. ``2023.1.0``.
    :param concepts: every concept of the release.
    :param value_sets: the release's value sets keyed by short key.
    :param source: provenance and licence notes from the release file.
    :param code_system: CodeSystem metadata (``url``, ``version``...).
    """

    def __init__(
        self,
        version: str,
        concepts: Sequence[Concept],
        value_sets: Mapping[str, ValueSet],
        source: Mapping[str, Any],
        code_system: Mapping[str, Any],
    ) -> None:
        self.version = version
        self.value_sets: Mapping[str, ValueSet] = MappingProxyType(dict(value_sets))
        self.source: Mapping[str, Any] = MappingProxyType(dict(source))
        self.code_system: Mapping[str, Any] = MappingProxyType(dict(code_system))
        ordered = sorted(concepts, key=lambda concept: natural_key(concept.code))
        self._by_code: dict[str, Concept] = {concept.code: concept for concept in ordered}
        self._children: dict[str, list[Concept]] = {}
        for concept in ordered:
            if concept.parent is not None:
                self._children.setdefault(concept.parent, []).append(concept)
        self._search_text: dict[str, str] = {
            concept.code: normalize_text(" ".join((concept.label, *concept.alt_labels)))
            for concept in ordered
        }

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Nomenclature:
        """Read a release file.

        :param path: path of a JSON release file.
        :returns: the release.
        :raises SerafinReleaseError: ``SERAFIN_INVALID_RELEASE`` if the file is unreadable or
            inconsistent.
        """
        origin = str(path)
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _fail(origin, f"cannot read release file ({exc})") from exc
        return cls.from_document(document, origin=origin)

    @classmethod
    def from_document(cls, document: Any, *, origin: str = "<document>") -> Nomenclature:
        """Build a release from a parsed release document, checking its consistency.

        Checks: format marker, unique well-formed codes, ``level`` and ``parent`` matching the
        dotted code, every parent present, every concept in at least one known value set, and
        ``family`` equal to the most specific family of its value sets.

        :param document: the parsed JSON object.
        :param origin: name used in error messages.
        :returns: the release.
        :raises SerafinReleaseError: ``SERAFIN_INVALID_RELEASE`` on any inconsistency.
        """
        if not isinstance(document, dict) or document.get("format") != RELEASE_FORMAT:
            raise _fail(origin, f"not a {RELEASE_FORMAT} document")
        version = _str(document.get("version"), origin, "version").strip()
        raw_sets = document.get("value_sets")
        raw_concepts = document.get("concepts")
        if not isinstance(raw_sets, dict) or not raw_sets:
            raise _fail(origin, "value_sets must be a non-empty object")
        if not isinstance(raw_concepts, list) or not raw_concepts:
            raise _fail(origin, "concepts must be a non-empty list")

        value_sets: dict[str, ValueSet] = {}
        for key, raw in raw_sets.items():
            if not isinstance(raw, dict):
                raise _fail(origin, f"value set {key!r} must be an object")
            try:
                family = Family(str(raw.get("family")))
            except ValueError as exc:
                raise _fail(origin, f"value set {key!r} has an unknown family") from exc
            value_sets[key] = ValueSet(
                key=key,
                id=_str(raw.get("id"), origin, f"{key}.id"),
                name=_str(raw.get("name", raw.get("id")), origin, f"{key}.name"),
                oid=_str(raw.get("oid"), origin, f"{key}.oid"),
                url=_str(raw.get("url"), origin, f"{key}.url"),
                version=_str(raw.get("version"), origin, f"{key}.version"),
                family=family,
            )

        members: dict[str, int] = dict.fromkeys(value_sets, 0)
        seen: dict[str, dict[str, Any]] = {}
        for index, raw in enumerate(raw_concepts):
            where = f"concepts[{index}]"
            if not isinstance(raw, dict):
                raise _fail(origin, f"{where} must be an object")
            code = _str(raw.get("code"), origin, f"{where}.code")
            if not _CODE_RE.match(code):
                raise _fail(origin, f"{where}: malformed code {code!r}")
            if code in seen:
                raise _fail(origin, f"duplicate code {code}")
            sets = raw.get("value_sets")
            if not isinstance(sets, list) or not sets or any(s not in value_sets for s in sets):
                raise _fail(origin, f"{code}: value_sets must list known value sets")
            for key in set(sets):
                members[key] += 1
            seen[code] = raw

        codes = set(seen)
        parents = {code.rsplit(".", 1)[0] for code in codes if "." in code}
        concepts: list[Concept] = []
        for code, raw in seen.items():
            parts = code.split(".")
            parent = ".".join(parts[:-1]) or None
            if raw.get("parent") != parent or raw.get("level") != len(parts):
                raise _fail(origin, f"{code}: parent/level do not match the code")
            if parent is not None and parent not in codes:
                raise _fail(origin, f"{code}: parent {parent} missing")
            sets = sorted(set(raw["value_sets"]), key=lambda k: (members[k], k))
            families = frozenset(value_sets[key].family for key in sets)
            specific = value_sets[sets[0]].family
            if (
                len(sets) > 1
                and members[sets[0]] == members[sets[1]]
                and value_sets[sets[1]].family != specific
            ):
                raise _fail(origin, f"{code}: ambiguous family")
            if raw.get("family", specific) != specific.value:
                raise _fail(origin, f"{code}: family should be {specific.value}")
            alt = raw.get("alt_labels", [])
            if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
                raise _fail(origin, f"{code}: alt_labels must be a list of strings")
            concepts.append(
                Concept(
                    code=code,
                    label=_str(raw.get("label"), origin, f"{code}.label"),
                    level=len(parts),
                    parent=parent,
                    family=specific,
                    families=families,
                    value_sets=tuple(sets),
                    alt_labels=tuple(alt),
                    is_leaf=code not in parents,
                )
            )
        source = document.get("source", {})
        code_system = document.get("code_system", {})
        if not isinstance(source, dict) or not isinstance(code_system, dict):
            raise _fail(origin, "source and code_system must be objects")
        return cls(version, concepts, value_sets, source, code_system)

    # -- lookup -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in self._by_code

    def __repr__(self) -> str:
        return f"<Nomenclature SERAFIN-PH {self.version} ({len(self)} codes)>"

    def find(self, code: str) -> Concept | None:
        """Return the concept for ``code`` or ``None``.

        :param code: dotted code; surrounding whitespace is ignored.
        :returns: the concept, or ``None`` when unknown.
        """
        return self._by_code.get(code.strip())

    def get(self, code: str) -> Concept:
        """Return the concept for ``code``.

        :param code: dotted code; surrounding whitespace is ignored.
        :returns: the concept.
        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        concept = self.find(code)
        if concept is None:
            raise SerafinCodeError(
                f"unknown SERAFIN-PH code {code!r} in release {self.version}",
                code="SERAFIN_UNKNOWN_CODE",
            )
        return concept

    def codes(
        self, family: Family | str | None = None, *, selectable_only: bool = False
    ) -> list[Concept]:
        """List concepts in natural code order.

        :param family: keep only members of this family (value-set membership, so
            ``prestations_indirectes`` includes the transports subtree).
        :param selectable_only: keep only leaves.
        :returns: the concepts.
        """
        wanted = Family(family) if family is not None else None
        return [
            concept
            for concept in self._by_code.values()
            if (wanted is None or wanted in concept.families)
            and (not selectable_only or concept.is_leaf)
        ]

    # -- hierarchy --------------------------------------------------------------------------

    def parent(self, code: str) -> Concept | None:
        """Return the parent concept, ``None`` for a root (1, 2, 3).

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        concept = self.get(code)
        return None if concept.parent is None else self._by_code[concept.parent]

    def children(self, code: str) -> list[Concept]:
        """Return the direct children in natural order (``1.1.10`` after ``1.1.9``).

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        return list(self._children.get(self.get(code).code, ()))

    def ancestors(self, code: str) -> list[Concept]:
        """Return the ancestors, root first (breadcrumb order), excluding ``code`` itself.

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        chain: list[Concept] = []
        current = self.parent(code)
        while current is not None:
            chain.append(current)
            current = self.parent(current.code)
        chain.reverse()
        return chain

    def descendants(self, code: str) -> list[Concept]:
        """Return every descendant, depth-first in natural order, excluding ``code`` itself.

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        result: list[Concept] = []
        for child in self.children(code):
            result.append(child)
            result.extend(self.descendants(child.code))
        return result

    def roots(self) -> list[Concept]:
        """Return the top-level concepts (1 Besoins, 2 Prestations directes, 3 indirectes)."""
        return [concept for concept in self._by_code.values() if concept.parent is None]

    def is_leaf(self, code: str) -> bool:
        """Whether ``code`` has no children (leaves are the selectable codes).

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        return self.get(code).is_leaf

    # -- families ---------------------------------------------------------------------------

    def family(self, code: str) -> Family:
        """Return the most specific family of ``code`` (``transports`` for the 3.2.4 subtree).

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        return self.get(code).family

    def families(self, code: str) -> frozenset[Family]:
        """Return every family whose value set contains ``code``.

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        """
        return self.get(code).families

    def in_family(self, code: str, family: Family | str) -> bool:
        """Whether ``code`` belongs to ``family``'s value set.

        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE``.
        :raises ValueError: ``family`` is not a family name.
        """
        return Family(family) in self.get(code).families

    # -- search -----------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        family: Family | str | None = None,
        selectable_only: bool = False,
    ) -> list[Concept]:
        """Find concepts whose label or code matches every word of ``text``.

        Matching ignores accents, case and apostrophe style. A word made of digits and dots
        (``1.2``) also matches the code and its subtree on dot boundaries (``1.2``, ``1.2.1``…,
        never ``1.1.2``); any other word must be a substring of the label (or an alternative
        label).

        :param text: the query; blank queries return nothing.
        :param family: restrict to a family (value-set membership).
        :param selectable_only: restrict to leaves.
        :returns: matching concepts in natural code order.
        """
        words = normalize_text(text).split()
        if not words:
            return []
        result: list[Concept] = []
        for concept in self.codes(family, selectable_only=selectable_only):
            haystack = self._search_text[concept.code]
            if all(self._word_matches(word, concept.code, haystack) for word in words):
                result.append(concept)
        return result

    @staticmethod
    def _word_matches(word: str, code: str, haystack: str) -> bool:
        if word in haystack:
            return True
        if _CODE_PREFIX_RE.match(word):
            prefix = word.rstrip(".")
            return code == prefix or code.startswith(prefix + ".")
        return False


class ReleaseRegistry:
    """Releases loaded side by side, keyed by version string.

    :param bundled: when ``True`` (default), the releases shipped with the package are loaded on
        first use.
    """

    def __init__(self, *, bundled: bool = True) -> None:
        self._releases: dict[str, Nomenclature] = {}
        self._documents: dict[str, str] = {}
        self._bundled_pending = bundled
        self._lock = threading.RLock()

    def _ensure_bundled(self) -> None:
        with self._lock:
            if not self._bundled_pending:
                return
            self._bundled_pending = False
            data = resources.files("opendui_serafin") / "data"
            for name in BUNDLED_RELEASES:
                text = (data / name).read_text(encoding="utf-8")
                self._add_text(text, origin=f"opendui_serafin/data/{name}")

    def _add_text(self, text: str, *, origin: str) -> Nomenclature:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(origin, f"invalid JSON ({exc})") from exc
        nomenclature = Nomenclature.from_document(document, origin=origin)
        canonical = json.dumps(document, sort_keys=True, ensure_ascii=False)
        with self._lock:
            existing = self._releases.get(nomenclature.version)
            if existing is not None:
                if self._documents[nomenclature.version] == canonical:
                    return existing
                raise SerafinReleaseError(
                    f"{origin}: another release {nomenclature.version} is already loaded",
                    code="SERAFIN_RELEASE_CONFLICT",
                )
            self._releases[nomenclature.version] = nomenclature
            self._documents[nomenclature.version] = canonical
        return nomenclature

    def load_release(self, path: str | Path) -> Nomenclature:
        """Load a release file and register it under its version.

        Loading the same content twice is a no-op returning the registered release.

        :param path: JSON release file.
        :returns: the registered release.
        :raises SerafinReleaseError: ``SERAFIN_INVALID_RELEASE`` (malformed file) or
            ``SERAFIN_RELEASE_CONFLICT`` (different content for an already loaded version).
        """
        self._ensure_bundled()
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(str(path), f"cannot read release file ({exc})") from exc
        return self._add_text(text, origin=str(path))

    def releases(self) -> list[str]:
        """Return the loaded versions, oldest first (natural order)."""
        self._ensure_bundled()
        with self._lock:
            return sorted(self._releases, key=natural_key)

    def get(self, version: str | None = None) -> Nomenclature:
        """Return a release.

        :param version: version string; ``None`` selects the latest (natural version order).
        :returns: the release.
        :raises SerafinCodeError: ``SERAFIN_UNKNOWN_VERSION``.
        """
        versions = self.releases()
        if version is None:
            if not versions:
                raise SerafinCodeError(
                    "no SERAFIN-PH release is loaded", code="SERAFIN_UNKNOWN_VERSION"
                )
            version = versions[-1]
        with self._lock:
            nomenclature = self._releases.get(version.strip())
        if nomenclature is None:
            raise SerafinCodeError(
                f"SERAFIN-PH release {version!r} is not loaded (loaded: {', '.join(versions)})",
                code="SERAFIN_UNKNOWN_VERSION",
            )
        return nomenclature


#: The default registry used by the module-level functions (bundled releases included).
REGISTRY = ReleaseRegistry()


def load_release(path: str | Path) -> Nomenclature:
    """Load a release file into the default registry (see :meth:`ReleaseRegistry.load_release`).

    :param path: JSON release file.
    :returns: the registered release.
    :raises SerafinReleaseError: malformed file or version conflict.
    """
    return REGISTRY.load_release(path)


def releases() -> list[str]:
    """Return the versions loaded in the default registry, oldest first."""
    return REGISTRY.releases()


def get(version: str | None = None) -> Nomenclature:
    """Return a release of the default registry; ``None`` means the latest.

    :param version: version string or ``None``.
    :returns: the release.
    :raises SerafinCodeError: ``SERAFIN_UNKNOWN_VERSION``.
    """
    return REGISTRY.get(version)

"""User-supplied PATHOS points tables (the official tables are licensed and not shipped).

A points table gives, for each couple état pathologique × profil de soins, its Pathos points and
whether the couple makes the resident SMTI (soins médicaux et techniques importants). OpenDUI
reads two formats; both are written by the user from a licensed source (CNSA guide, GALAAD).

**CSV** (UTF-8, optional BOM; ``,`` or ``;`` separator, detected on the header line; with ``;``
a decimal comma is accepted; lines starting with ``#`` and blank lines are ignored)::

    etat;profil;total;smti;medecin_geriatre;psychiatre;soins_infirmiers;reeducation;...
    13;T2;123,5;oui;...

* ``etat`` (required) — état pathologique code as in the licensed thesaurus;
* ``profil`` (required) — one of the 12 profils (case-insensitive);
* ``total`` — Pathos points of the couple;
* ``smti`` (optional, default false) — ``1/0``, ``true/false``, ``oui/non``, ``yes/no``, ``x``
  or empty;
* poste columns (optional) — any of :data:`POSTES`; empty cells mean "not given".

Either ``total`` or at least one poste value must be present on each row; when ``total`` is
absent it is the sum of the poste values (only meaningful if the source expresses all postes in
the same unit — the table author's responsibility). Unknown columns are refused.

**JSON**::

    {"format": "opendui-pathos-points/1",
     "name": "...", "source": "...", "licence_note": "...",
     "couples": [{"etat": "13", "profil": "T2", "total": "123.5", "smti": true,
                  "postes": {"medecin_geriatre": "10", ...}}]}

Numbers are JSON numbers or decimal strings (read as :class:`~decimal.Decimal`, never through
``float``). Points must be finite and non-negative. A couple may appear only once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opendui_pathos.errors import PathosError, PointsTableError, PointsTableMissing
from opendui_pathos.model import Couple, ProfilDeSoins, parse_etat, parse_profil

__all__ = [
    "JSON_FORMAT",
    "POSTES",
    "CouplePoints",
    "PointsTable",
    "PointsTableError",
    "PointsTableMissing",
    "load_points_table",
    "parse_points_csv",
    "parse_points_json",
    "require_table",
]

#: Format marker of the JSON points file.
JSON_FORMAT = "opendui-pathos-points/1"

#: The eight PATHOS postes de soins (column / key names).
POSTES: tuple[str, ...] = (
    "medecin_geriatre",
    "psychiatre",
    "soins_infirmiers",
    "reeducation",
    "psychotherapie",
    "biologie",
    "imagerie",
    "pharmacie",
)

_TRUE = {"1", "true", "vrai", "oui", "yes", "x", "o", "y"}
_FALSE = {"", "0", "false", "faux", "non", "no", "n"}


@dataclass(frozen=True, slots=True)
class CouplePoints:
    """Points of one couple.

    :param couple: the couple.
    :param total: Pathos points of the couple.
    :param smti: ``True`` when the couple makes the resident SMTI.
    :param postes: points per poste de soins, when the table gives them.
    """

    couple: Couple
    total: Decimal
    smti: bool = False
    postes: Mapping[str, Decimal] = field(default_factory=dict)


class PointsTable:
    """A loaded points table, read-only.

    :param entries: the couples' points.
    :param name: short name of the table (shown in reports).
    :param source: where the user took the figures from (licensed source).
    :param licence_note: licence or usage restriction of the figures.
    :raises PointsTableError: two entries for the same couple, or no entry at all.
    """

    def __init__(
        self,
        entries: Iterable[CouplePoints],
        *,
        name: str = "",
        source: str = "",
        licence_note: str = "",
    ) -> None:
        self.name = name
        self.source = source
        self.licence_note = licence_note
        table: dict[Couple, CouplePoints] = {}
        for entry in entries:
            if entry.couple in table:
                raise PointsTableError(f"couple {entry.couple} is listed twice")
            table[entry.couple] = entry
        if not table:
            raise PointsTableError("the points table has no couple")
        self._entries: Mapping[Couple, CouplePoints] = MappingProxyType(table)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[CouplePoints]:
        return iter(self._entries.values())

    def __contains__(self, couple: object) -> bool:
        return couple in self._entries

    def __repr__(self) -> str:
        return f"<PointsTable {self.name or '(unnamed)'} ({len(self)} couples)>"

    def get(self, couple: Couple) -> CouplePoints:
        """Return the points of ``couple``.

        :param couple: the couple.
        :returns: its points.
        :raises PathosError: ``PATHOS_COUPLE_NOT_IN_TABLE``.
        """
        entry = self._entries.get(couple)
        if entry is None:
            raise PathosError(
                f"couple {couple} is not in the points table {self.name or ''}".rstrip(),
                code="PATHOS_COUPLE_NOT_IN_TABLE",
            )
        return entry

    def points(self, etat: str, profil: ProfilDeSoins | str) -> Decimal:
        """Return the Pathos points of a couple given as plain values.

        :raises PathosError: ``PATHOS_COUPLE_NOT_IN_TABLE``, ``PATHOS_INVALID_ETAT`` or
            ``PATHOS_UNKNOWN_PROFIL``.
        """
        return self.get(Couple(etat, parse_profil(profil))).total


def require_table(table: PointsTable | None) -> PointsTable:
    """Return ``table`` or raise when no table was loaded.

    :param table: the loaded table, or ``None``.
    :returns: the table.
    :raises PointsTableMissing: ``PATHOS_POINTS_TABLE_MISSING``.
    """
    if table is None:
        raise PointsTableMissing()
    return table


# -- parsing helpers --------------------------------------------------------------------------


def _number(value: Any, what: str, line: int | None, *, decimal_comma: bool = False) -> Decimal:
    if isinstance(value, bool | float):
        raise PointsTableError(f"{what}: use a decimal string, not {value!r}", line=line)
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if decimal_comma:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise PointsTableError(f"{what}: {value!r} is not a number", line=line) from None
    else:
        raise PointsTableError(f"{what}: {value!r} is not a number", line=line)
    if not number.is_finite() or number < 0:
        raise PointsTableError(f"{what}: {value!r} must be finite and >= 0", line=line)
    return number + 0  # normalises -0 to 0


def _flag(value: Any, line: int | None) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise PointsTableError(f"smti: {value!r} is not a yes/no value", line=line)


def _entry(
    etat: Any,
    profil: Any,
    total: Any,
    smti: Any,
    postes: Mapping[str, Any],
    line: int | None,
    *,
    decimal_comma: bool = False,
) -> CouplePoints:
    try:
        couple = Couple(parse_etat(etat), parse_profil(profil))
    except PathosError as exc:
        raise PointsTableError(exc.message, line=line) from None
    poste_points: dict[str, Decimal] = {}
    for name, value in postes.items():
        if name not in POSTES:
            raise PointsTableError(f"unknown poste {name!r}", line=line)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        poste_points[name] = _number(value, name, line, decimal_comma=decimal_comma)
    if total is None or (isinstance(total, str) and not total.strip()):
        if not poste_points:
            raise PointsTableError(f"couple {couple}: no total and no poste points", line=line)
        total_points = sum(poste_points.values(), Decimal(0))
    else:
        total_points = _number(total, "total", line, decimal_comma=decimal_comma)
    return CouplePoints(couple, total_points, _flag(smti, line), MappingProxyType(poste_points))


# -- CSV --------------------------------------------------------------------------------------


def parse_points_csv(text: str, *, name: str = "", source: str = "") -> PointsTable:
    """Parse a CSV points table (format in the module docstring).

    :param text: the file content.
    :param name: table name.
    :param source: provenance of the figures.
    :returns: the table.
    :raises PointsTableError: ``PATHOS_POINTS_TABLE_INVALID`` with the offending line.
    """
    text = text.removeprefix("\ufeff")
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise PointsTableError("the CSV file is empty")
    header_number, header_line = lines[0]
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter)
    rows = list(reader)
    header = [column.strip().casefold() for column in rows[0]]
    allowed = {"etat", "profil", "total", "smti", *POSTES}
    unknown = [column for column in header if column not in allowed]
    if unknown:
        raise PointsTableError(f"unknown column(s) {', '.join(unknown)}", line=header_number)
    if len(set(header)) != len(header):
        raise PointsTableError("duplicate column", line=header_number)
    for required in ("etat", "profil"):
        if required not in header:
            raise PointsTableError(f"missing column {required!r}", line=header_number)
    if "total" not in header and not set(POSTES) & set(header):
        raise PointsTableError("need a 'total' column or poste columns", line=header_number)
    entries: list[CouplePoints] = []
    for (number, _), row in zip(lines[1:], rows[1:], strict=True):
        if len(row) != len(header):
            raise PointsTableError(f"expected {len(header)} fields, found {len(row)}", line=number)
        values = dict(zip(header, row, strict=True))
        entries.append(
            _entry(
                values["etat"],
                values["profil"],
                values.get("total"),
                values.get("smti"),
                {poste: values[poste] for poste in POSTES if poste in values},
                number,
                decimal_comma=delimiter == ";",
            )
        )
    return PointsTable(entries, name=name, source=source)


# -- JSON -------------------------------------------------------------------------------------


def parse_points_json(text: str) -> PointsTable:
    """Parse a JSON points table (format in the module docstring).

    :param text: the file content.
    :returns: the table.
    :raises PointsTableError: ``PATHOS_POINTS_TABLE_INVALID``; ``line`` is the 1-based index of
        the offending entry of ``couples``.
    """
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise PointsTableError(f"invalid JSON ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise PointsTableError(f"not a {JSON_FORMAT} document")
    couples = document.get("couples")
    if not isinstance(couples, list):
        raise PointsTableError("'couples' must be a list")
    entries: list[CouplePoints] = []
    for index, raw in enumerate(couples, start=1):
        if not isinstance(raw, dict):
            raise PointsTableError("entry must be an object", line=index)
        extra = set(raw) - {"etat", "profil", "total", "smti", "postes"}
        if extra:
            raise PointsTableError(f"unknown key(s) {', '.join(sorted(extra))}", line=index)
        postes = raw.get("postes", {})
        if not isinstance(postes, dict):
            raise PointsTableError("'postes' must be an object", line=index)
        entries.append(
            _entry(
                raw.get("etat"), raw.get("profil"), raw.get("total"), raw.get("smti"), postes, index
            )
        )
    meta = {key: document.get(key, "") for key in ("name", "source", "licence_note")}
    if not all(isinstance(value, str) for value in meta.values()):
        raise PointsTableError("name, source and licence_note must be strings")
    return PointsTable(
        entries, name=meta["name"], source=meta["source"], licence_note=meta["licence_note"]
    )


def load_points_table(path: str | Path, *, name: str | None = None) -> PointsTable:
    """Load a points table file, choosing the format from the extension (``.csv``/``.json``).

    :param path: the file.
    :param name: table name for CSV files (default: the file name); JSON files carry their own.
    :returns: the table.
    :raises PointsTableError: ``PATHOS_POINTS_TABLE_INVALID`` (unreadable, unknown extension or
        malformed content).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PointsTableError(f"cannot read {path.name} ({exc})") from exc
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return parse_points_csv(text, name=name or path.name, source=str(path))
    if suffix == ".json":
        return parse_points_json(text)
    raise PointsTableError(f"unknown points table format {suffix!r} (use .csv or .json)")

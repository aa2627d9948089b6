"""Évaluation des besoins: one grid per usager, evaluator and date (plain dataclasses, no storage).

A grid lists SERAFIN-PH *besoins* with a level. Rules, checked when the object is built:

* every code is a selectable (leaf) code of the ``besoins`` family (value set JDV_J285) of the
  release named by ``nomenclature_version``, looked up in the default registry;
* a code appears at most once;
* each level is a :class:`BesoinLevel`;
* usager, evaluator and date are present, and the grid has at least one item.

The level scale is **OpenDUI's own**: the SERAFIN-PH nomenclature (CodeSystem
``terminologie-SERAFINPH`` 2023.1.0 and value sets J282–J285) describes needs but defines no
intensity scale, and none was found in the reference material; the TDDUI
``ServiceRequest`` besoin profile carries the code and free text only. Exports to national formats
must therefore send the code (and the level as text or an OpenDUI extension), never the level as a
national value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum

from opendui_serafin import nomenclature as _nomenclature
from opendui_serafin.errors import SerafinEvaluationError
from opendui_serafin.nomenclature import Family
from opendui_serafin.validation import validate_code

__all__ = [
    "BesoinEvaluation",
    "BesoinItem",
    "BesoinLevel",
    "SerafinEvaluationError",
]


class BesoinLevel(IntEnum):
    """OpenDUI's 4-step ordinal scale of a besoin (not a national scale).

    ===== ============= =====================================================================
    value name          meaning
    ===== ============= =====================================================================
    0     ``AUCUN``     no need identified in this domain at the date of the evaluation
    1     ``PONCTUEL``  occasional or light need: stimulation, reminders, help now and then
    2     ``REGULIER``  regular need: partial help or supervision for part of the activity,
                        several times a week
    3     ``PERMANENT`` major need: substantial or total help, daily or continuous
    ===== ============= =====================================================================
    """

    AUCUN = 0
    PONCTUEL = 1
    REGULIER = 2
    PERMANENT = 3

    @property
    def label(self) -> str:
        """French label shown to professionals."""
        return _LABELS[self]


_LABELS: Mapping[BesoinLevel, str] = {
    BesoinLevel.AUCUN: "Pas de besoin identifié",
    BesoinLevel.PONCTUEL: "Besoin ponctuel ou léger",
    BesoinLevel.REGULIER: "Besoin régulier ou modéré",
    BesoinLevel.PERMANENT: "Besoin important ou permanent",
}


def _level(value: object, code: str) -> BesoinLevel:
    if isinstance(value, BesoinLevel):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return BesoinLevel(value)
        except ValueError:
            pass
    raise SerafinEvaluationError(
        f"level {value!r} of besoin {code} is not on the scale 0-3",
        code="SERAFIN_INVALID_LEVEL",
    )


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SerafinEvaluationError(f"{what} is required", code="SERAFIN_INVALID_EVALUATION")
    return value.strip()


@dataclass(frozen=True, slots=True)
class BesoinItem:
    """One line of the grid.

    :param code: SERAFIN-PH besoin code (a leaf of JDV_J285), e.g. ``1.2.1.3``.
    :param level: level on :class:`BesoinLevel`.
    :param comment: optional free-text observation.
    """

    code: str
    level: BesoinLevel
    comment: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str):
            raise SerafinEvaluationError(
                "besoin code must be a string", code="SERAFIN_INVALID_EVALUATION"
            )
        object.__setattr__(self, "code", self.code.strip())
        object.__setattr__(self, "level", _level(self.level, self.code))
        if self.comment is not None and not isinstance(self.comment, str):
            raise SerafinEvaluationError(
                f"comment of besoin {self.code} must be text", code="SERAFIN_INVALID_EVALUATION"
            )


@dataclass(frozen=True, slots=True)
class BesoinEvaluation:
    """An evaluation grid of one usager's besoins.

    :param usager_id: the usager's platform identifier (opaque).
    :param evaluator: the professional who evaluated (opaque identifier or name).
    :param evaluated_on: date of the evaluation (a ``date``, not a ``datetime``).
    :param items: the evaluated besoins, in the order given.
    :param nomenclature_version: SERAFIN-PH release the codes come from, e.g. ``2023.1.0``.
    :raises SerafinEvaluationError: ``SERAFIN_INVALID_EVALUATION``, ``SERAFIN_DUPLICATE_CODE`` or
        ``SERAFIN_INVALID_LEVEL``.
    :raises SerafinCodeError: ``SERAFIN_UNKNOWN_VERSION``, ``SERAFIN_UNKNOWN_CODE``,
        ``SERAFIN_WRONG_FAMILY`` (not a besoin) or ``SERAFIN_NOT_SELECTABLE`` (a heading).
    """

    usager_id: str
    evaluator: str
    evaluated_on: date
    items: tuple[BesoinItem, ...]
    nomenclature_version: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "usager_id", _text(self.usager_id, "usager_id"))
        object.__setattr__(self, "evaluator", _text(self.evaluator, "evaluator"))
        version = _text(self.nomenclature_version, "nomenclature_version")
        object.__setattr__(self, "nomenclature_version", version)
        if not isinstance(self.evaluated_on, date) or isinstance(self.evaluated_on, datetime):
            raise SerafinEvaluationError(
                "evaluated_on must be a date", code="SERAFIN_INVALID_EVALUATION"
            )
        items = tuple(self.items)
        if not items:
            raise SerafinEvaluationError(
                "an evaluation needs at least one besoin", code="SERAFIN_INVALID_EVALUATION"
            )
        seen: set[str] = set()
        for item in items:
            if not isinstance(item, BesoinItem):
                raise SerafinEvaluationError(
                    "items must be BesoinItem objects", code="SERAFIN_INVALID_EVALUATION"
                )
            validate_code(item.code, Family.BESOINS, version, selectable_only=True)
            if item.code in seen:
                raise SerafinEvaluationError(
                    f"besoin {item.code} appears twice", code="SERAFIN_DUPLICATE_CODE"
                )
            seen.add(item.code)
        object.__setattr__(self, "items", items)

    @classmethod
    def create(
        cls,
        *,
        usager_id: str,
        evaluator: str,
        evaluated_on: date,
        items: Iterable[BesoinItem | tuple[str, int] | tuple[str, int, str | None]],
        version: str | None = None,
    ) -> BesoinEvaluation:
        """Build a grid from plain values.

        :param usager_id: the usager's platform identifier.
        :param evaluator: the evaluating professional.
        :param evaluated_on: date of the evaluation.
        :param items: :class:`BesoinItem` objects or ``(code, level[, comment])`` tuples, levels
            as :class:`BesoinLevel` or ``int`` 0–3.
        :param version: SERAFIN-PH release; ``None`` pins the latest loaded release.
        :returns: the validated grid.
        :raises SerafinEvaluationError: see :class:`BesoinEvaluation`.
        :raises SerafinCodeError: see :class:`BesoinEvaluation`.
        """
        resolved = _nomenclature.REGISTRY.get(version).version
        built: list[BesoinItem] = []
        for item in items:
            if isinstance(item, BesoinItem):
                built.append(item)
            elif isinstance(item, tuple) and len(item) in (2, 3):
                comment = item[2] if len(item) == 3 else None
                built.append(BesoinItem(item[0], _level(item[1], str(item[0])), comment))
            else:
                raise SerafinEvaluationError(
                    f"cannot read grid item {item!r}", code="SERAFIN_INVALID_EVALUATION"
                )
        return cls(
            usager_id=usager_id,
            evaluator=evaluator,
            evaluated_on=evaluated_on,
            items=tuple(built),
            nomenclature_version=resolved,
        )

    def levels(self) -> dict[str, BesoinLevel]:
        """Return ``{code: level}`` for the grid."""
        return {item.code: item.level for item in self.items}

    def level_of(self, code: str) -> BesoinLevel | None:
        """Return the level recorded for ``code``, ``None`` when it was not evaluated."""
        return self.levels().get(code.strip())

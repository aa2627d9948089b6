"""Code validation shared by every module that stores SERAFIN-PH codes.

Which codes may be used:

* any code of the release is a valid *reference* (a TDDUI ``Encounter.type`` may carry 2.1 as well
  as 2.1.1.1);
* recording a need or a service for a person should use *selectable* codes, i.e. the leaves of
  the release (``selectable_only=True``): inner nodes are headings, some of which repeat their
  single child's label (1.2 / 1.2.1), so mixing levels would count the same need twice.
  Leaves sit at level 3 or 4 (1.1.1–1.1.10 are leaves at level 3; 1.2.1.1–1.2.1.4 at level 4).
"""

from __future__ import annotations

from opendui_serafin import nomenclature as _nomenclature
from opendui_serafin.errors import SerafinCodeError
from opendui_serafin.nomenclature import Concept, Family, Nomenclature, ReleaseRegistry

__all__ = ["SerafinCodeError", "is_leaf", "is_selectable", "validate_code"]


def _release(version: str | None, registry: ReleaseRegistry | None) -> Nomenclature:
    return (registry or _nomenclature.REGISTRY).get(version)


def validate_code(
    code: str,
    family: Family | str | None = None,
    version: str | None = None,
    *,
    selectable_only: bool = False,
    registry: ReleaseRegistry | None = None,
) -> Concept:
    """Check that ``code`` exists (in ``family``, if given) and return its concept.

    Family membership follows the value sets: ``3.2.4.1`` is valid both as ``transports``
    (JDV_J282) and as ``prestations_indirectes`` (JDV_J283).

    :param code: dotted code; surrounding whitespace is ignored.
    :param family: required family, as :class:`~opendui_serafin.nomenclature.Family` or its value.
    :param version: release version; ``None`` means the latest loaded release.
    :param selectable_only: also require a leaf code.
    :param registry: registry to use instead of the default one.
    :returns: the concept.
    :raises SerafinCodeError: ``SERAFIN_UNKNOWN_VERSION``, ``SERAFIN_UNKNOWN_CODE``,
        ``SERAFIN_WRONG_FAMILY`` or ``SERAFIN_NOT_SELECTABLE`` (checked in that order).
    :raises ValueError: ``family`` is not a family name (a programming error).
    """
    wanted = Family(family) if family is not None else None
    release = _release(version, registry)
    if not isinstance(code, str):
        raise SerafinCodeError(
            f"SERAFIN-PH code must be a string, not {type(code).__name__}",
            code="SERAFIN_UNKNOWN_CODE",
        )
    concept = release.get(code)
    if wanted is not None and wanted not in concept.families:
        found = ", ".join(sorted(f.value for f in concept.families))
        raise SerafinCodeError(
            f"SERAFIN-PH code {concept.code} is in {found}, not {wanted.value}",
            code="SERAFIN_WRONG_FAMILY",
        )
    if selectable_only and not concept.is_leaf:
        raise SerafinCodeError(
            f"SERAFIN-PH code {concept.code} is a heading; use one of its leaves",
            code="SERAFIN_NOT_SELECTABLE",
        )
    return concept


def is_leaf(
    code: str, version: str | None = None, *, registry: ReleaseRegistry | None = None
) -> bool:
    """Whether ``code`` is a leaf of the release.

    :param code: dotted code.
    :param version: release version; ``None`` means the latest.
    :param registry: registry to use instead of the default one.
    :returns: ``True`` for a leaf.
    :raises SerafinCodeError: ``SERAFIN_UNKNOWN_CODE`` or ``SERAFIN_UNKNOWN_VERSION``.
    """
    return _release(version, registry).get(code).is_leaf


#: Alias: the selectable codes are exactly the leaves.
is_selectable = is_leaf

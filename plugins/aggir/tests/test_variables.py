"""The variables of the grid (annexe 2-1) and their public keys."""

from __future__ import annotations

from opendui_aggir import (
    DISCRIMINANT_VARIABLES,
    ILLUSTRATIVE_VARIABLES,
    MODALITES,
    SUB_VARIABLES,
    VARIABLES,
    AggirInputError,
)
from opendui_aggir.variables import parse_modalite


def test_public_keys_are_stable() -> None:
    assert DISCRIMINANT_VARIABLES == (
        "coherence", "orientation", "toilette", "habillage", "alimentation", "elimination",
        "transferts", "deplacement_interieur", "deplacement_exterieur", "communication",
    )  # fmt: skip
    assert ILLUSTRATIVE_VARIABLES == (
        "gestion", "cuisine", "menage", "transports", "achats", "suivi_traitement", "activites_temps_libre",
    )  # fmt: skip
    assert list(VARIABLES) == [*DISCRIMINANT_VARIABLES, *ILLUSTRATIVE_VARIABLES]
    assert MODALITES == ("A", "B", "C")


def test_sub_variables() -> None:
    assert dict(SUB_VARIABLES) == {
        "coherence": ("communication", "comportement"),
        "orientation": ("temps", "espace"),
        "toilette": ("haut", "bas"),
        "habillage": ("haut", "moyen", "bas"),
        "alimentation": ("se_servir", "manger"),
        "elimination": ("urinaire", "fecale"),
    }


def test_labels_are_french_and_complete() -> None:
    assert VARIABLES["deplacement_interieur"].label == "Déplacement à l'intérieur"
    assert VARIABLES["communication"].label == "Communication à distance"
    assert VARIABLES["elimination"].sub_variables[1].label == "Fécale"
    assert VARIABLES["alimentation"].sub_variables[0].label == "Se servir"
    for variable in VARIABLES.values():
        assert variable.label and variable.description
        assert variable.discriminante == (variable.key in DISCRIMINANT_VARIABLES)
        assert all(s.label for s in variable.sub_variables)
    assert not any(VARIABLES[k].sub_variables for k in ILLUSTRATIVE_VARIABLES)


def test_parse_modalite() -> None:
    assert [parse_modalite(v, "x") for v in ("a", " B ", "c\n")] == ["A", "B", "C"]
    try:
        parse_modalite("N/A", "toilette")
    except AggirInputError as err:
        assert (err.code, err.variable) == ("AGGIR_INVALID_CODE", "toilette")
    else:  # pragma: no cover
        raise AssertionError("no error")

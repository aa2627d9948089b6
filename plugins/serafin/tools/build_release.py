"""Build ``serafin-ph-2023.1.0.json`` from the ANS value-set sources.

Not part of the package: a one-off, reproducible derivation kept next to the data it produced.

Usage::

    python tools/build_release.py /work/shared/reference/serafin-ph \
        src/opendui_serafin/data/serafin-ph-2023.1.0.json

Inputs (see the reference folder's README for provenance):

* the four FSH value sets ``JDV-J282..J285-*.fsh`` (primary source: codes, labels, OIDs, versions);
* ``serafin-ph-nomenclature.csv`` (cross-check only: same 107 codes, levels, parents, families).

The script refuses to write anything when the two sources disagree on codes, parents, levels or
value-set membership. Labels are taken from the FSH; when one code carries different labels in two
value sets, the label of its family's value set (the top-level branch) is kept and the other
variants are stored in ``alt_labels``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

CODE_SYSTEM_URL = "https://smt.esante.gouv.fr/terminologie-SERAFINPH"
VERSION = "2023.1.0"

#: value-set key -> (FSH Id, family)
VALUE_SETS: dict[str, tuple[str, str]] = {
    "JDV_J285": ("JDV-J285-Besoins-SERAFIN", "besoins"),
    "JDV_J284": ("JDV-J284-PrestationsDirects-SERAFIN", "prestations_directes"),
    "JDV_J283": ("JDV-J283-PrestationsIndirects-SERAFIN", "prestations_indirectes"),
    "JDV_J282": ("JDV-J282-TransportsLiesAuProjetIndividuel-SERAFIN", "transports"),
}
#: top-level branch -> family (the branch family is the one whose value set gives the label)
BRANCH_FAMILY = {"1": "besoins", "2": "prestations_directes", "3": "prestations_indirectes"}

_CONCEPT = re.compile(r'^\* \$terminologie-SERAFINPH#(\S+) "((?:[^"\\]|\\.)*)"\s*$', re.M)


def _meta(text: str, key: str) -> str:
    match = re.search(rf"^\* \^{re.escape(key)} = \"?([^\"\n]*)\"?\s*$", text, re.M)
    if match is None:
        raise SystemExit(f"missing {key}")
    return match.group(1)


def _natural(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def build(reference: Path) -> dict[str, Any]:
    """Return the release document built from ``reference``."""
    value_sets: dict[str, Any] = {}
    members: dict[str, list[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for key, (fsh_id, family) in VALUE_SETS.items():
        path = next(reference.glob(f"{fsh_id}.fsh"))
        text = path.read_text(encoding="utf-8")
        name = re.search(r"^ValueSet: (\S+)", text, re.M)
        description = re.search(r'^Description: "(.*)"', text, re.M)
        assert name is not None and description is not None
        concepts = _CONCEPT.findall(text)
        value_sets[key] = {
            "id": fsh_id,
            "name": name.group(1),
            "description": description.group(1),
            "oid": _meta(text, "identifier.value").removeprefix("urn:oid:"),
            "url": _meta(text, "url"),
            "version": _meta(text, "version"),
            "family": family,
            "concept_count": len(concepts),
        }
        for code, label in concepts:
            members.setdefault(code, []).append(key)
            labels.setdefault(code, {})[key] = label.replace('\\"', '"')

    rows = list(csv.DictReader((reference / "serafin-ph-nomenclature.csv").open(encoding="utf-8")))
    csv_codes = {row["code"]: row for row in rows}
    if set(csv_codes) != set(members):
        raise SystemExit(f"CSV/FSH code mismatch: {set(csv_codes) ^ set(members)}")

    concepts_out: list[dict[str, Any]] = []
    for code in sorted(members, key=_natural):
        parts = code.split(".")
        parent = ".".join(parts[:-1]) or None
        row = csv_codes[code]
        if (row["parent"] or None) != parent or int(row["level"]) != len(parts):
            raise SystemExit(f"CSV hierarchy mismatch for {code}")
        fsh_ids = {VALUE_SETS[key][0] for key in members[code]}
        if fsh_ids != set(row["valuesets"].split(";")):
            raise SystemExit(f"CSV value-set mismatch for {code}")
        branch_family = BRANCH_FAMILY[parts[0]]
        if row["family"] != branch_family:
            raise SystemExit(f"CSV family mismatch for {code}")
        if parent is not None and parent not in members:
            raise SystemExit(f"orphan {code}")
        keys = sorted(members[code], key=lambda k: value_sets[k]["concept_count"])
        branch_key = next(k for k in keys if value_sets[k]["family"] == branch_family)
        label = labels[code][branch_key]
        alt = sorted({v for v in labels[code].values() if v != label})
        concept: dict[str, Any] = {
            "code": code,
            "label": label,
            "level": len(parts),
            "parent": parent,
            # most specific family: the smallest value set holding the code (J282 within J283)
            "family": value_sets[keys[0]]["family"],
            "value_sets": keys,
        }
        if alt:
            concept["alt_labels"] = alt
        concepts_out.append(concept)

    return {
        "format": "opendui-serafin-release/1",
        "version": VERSION,
        "code_system": {
            "url": CODE_SYSTEM_URL,
            "version": VERSION,
            "name": "SERAFIN_PH",
            "title": "Nomenclature des besoins et des prestations",
        },
        "source": {
            "code_system": (
                f"{CODE_SYSTEM_URL} version {VERSION} (ANS, Serveur Multi-Terminologies)"
            ),
            "value_sets": "ANS NOS JDV_J282, JDV_J283, JDV_J284, JDV_J285, version 20241025120000",
            "retrieved_from": (
                "M-Priour/IG-terminologie-de-sante (fork of ansforge/IG-terminologie-de-sante) "
                "DM/input/fsh/JDV-J28x-*.fsh; cross-checked against a CSV derived from the same "
                "files and against the CI-SIS SVS files ansforge/TestContenuCDA-3-0@7cd489b3 "
                "jeuxDeValeurs/JDV_J28x_*_SERAFIN.xml (identical codes and labels)"
            ),
            "licence": (
                "Nomenclature SERAFIN-PH (CNSA/DGCS), published by the Agence du Numérique en "
                "Santé (ANS) under the Licence Ouverte / Open Licence v2.0 (Etalab). Reformatted "
                "by OpenDUI; content unchanged apart from the notes below."
            ),
            "notes": [
                "Hierarchy (parent, level) derived from the dotted codes; every parent exists.",
                "Families come from the value sets: J285 besoins, J284 prestations directes, "
                "J283 prestations indirectes, J282 transports liés au projet individuel. "
                "J282 (3.2.4 and its 3 children) is a subset of J283; 'family' holds the most "
                "specific one, 'value_sets' every membership.",
                "3.2.4.3 is labelled with a straight apostrophe in J283 and a typographic one "
                "(U+2019) in J282; the J283 label is kept, the other is in alt_labels.",
                "Labels are copied verbatim, including source typos (3.1.1.2 'socIal', "
                "'previsionnelle', 'developpement').",
                "The CI-SIS SVS files declare codeSystem 1.2.250.1.213.3.3.60 for these "
                "concepts (the OID of the older TRE_R265); FHIR uses the CodeSystem URL.",
            ],
        },
        "value_sets": value_sets,
        "concepts": concepts_out,
    }


def main(argv: list[str]) -> int:
    """Command-line entry point: ``build_release.py REFERENCE_DIR OUTPUT_JSON``."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    document = build(Path(argv[1]))
    Path(argv[2]).write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(document['concepts'])} concepts written to {argv[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""The demo data set: one organisme gestionnaire with an EHPAD and an IME, their professionals,
about forty usagers (test-OID INS, homonyms and twins), séjours and documents.

Everything is fictitious and deterministic (seeded). INS matricules carry the **test** OID
``1.2.250.1.213.1.4.10`` and valid keys; FINESS and RPPS numbers are built with valid check digits
in ranges that do not belong to real establishments or professionals (RPPS ``997...`` is the ANS
test range). Data goes through the data-access layer like any other write: validated and audited.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from opendui import identifiers
from opendui.access.documents import DocumentInput
from opendui.access.usagers import IdentityInput
from opendui.domain.terminologies import PROFESSIONS_SANTE_SYSTEM, ROLES_PRISE_EN_CHARGE_SYSTEM

if TYPE_CHECKING:
    from opendui.context import RequestContext
    from opendui.runtime import Runtime

TEST_INS_OID = "1.2.250.1.213.1.4.10"
DEFAULT_DEMO_LOGIN = "ide.dupont"
SEED = 20261123


def _with_check_digit(prefix: str, validate: Callable[[str], object]) -> str:
    for digit in "0123456789":
        candidate = prefix + digit
        try:
            validate(candidate)
        except identifiers.IdentifierError:
            continue
        return candidate
    raise AssertionError(f"no check digit for {prefix}")  # pragma: no cover


def _finess(prefix8: str) -> str:
    return _with_check_digit(prefix8, identifiers.validate_finess)


def _rpps(prefix10: str) -> str:
    return _with_check_digit(prefix10, identifiers.validate_rpps)


@dataclass(frozen=True)
class DemoProfessional:
    login: str
    first_name: str
    last_name: str
    system: str
    code: str
    role: str
    site: str  # "ehpad" or "ime"
    rpps: bool


PROFESSIONALS: tuple[DemoProfessional, ...] = (
    DemoProfessional("dir.moreau", "Claire", "Moreau", ROLES_PRISE_EN_CHARGE_SYSTEM, "312", "direction", "both", False),
    DemoProfessional("dr.martin", "Paul", "Martin", PROFESSIONS_SANTE_SYSTEM, "10", "medical", "ehpad", True),
    DemoProfessional("ide.dupont", "Sophie", "Dupont", PROFESSIONS_SANTE_SYSTEM, "60", "soignant", "ehpad", True),
    DemoProfessional("ide.nguyen", "Linh", "Nguyen", PROFESSIONS_SANTE_SYSTEM, "60", "soignant", "ehpad", True),
    DemoProfessional("as.bernard", "Karim", "Bernard", ROLES_PRISE_EN_CHARGE_SYSTEM, "313", "soignant", "ehpad", False),
    DemoProfessional("ergo.leroy", "Julie", "Leroy", PROFESSIONS_SANTE_SYSTEM, "94", "paramedical", "ehpad", False),
    DemoProfessional("adm.petit", "Nadia", "Petit", ROLES_PRISE_EN_CHARGE_SYSTEM, "352", "administratif", "ehpad", False),
    DemoProfessional("educ.garcia", "Lucas", "Garcia", ROLES_PRISE_EN_CHARGE_SYSTEM, "326", "educatif", "ime", False),
    DemoProfessional("aes.robert", "Emma", "Robert", ROLES_PRISE_EN_CHARGE_SYSTEM, "328", "educatif", "ime", False),
    DemoProfessional("psy.lambert", "Hugo", "Lambert", PROFESSIONS_SANTE_SYSTEM, "93", "psychologue", "ime", False),
    DemoProfessional("ortho.fournier", "Léa", "Fournier", PROFESSIONS_SANTE_SYSTEM, "91", "paramedical", "ime", True),
    DemoProfessional("ass.girard", "Inès", "Girard", ROLES_PRISE_EN_CHARGE_SYSTEM, "300", "social", "ime", False),
    DemoProfessional("adm.ime", "Marc", "Bonnet", ROLES_PRISE_EN_CHARGE_SYSTEM, "352", "administratif", "ime", False),
)

_SURNAMES = (
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU",
    "LAURENT", "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL",
    "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT",
    "MULLER", "LEFEVRE", "FAURE", "ANDRE", "MERCIER", "BLANC", "GUERIN", "BOYER",
)
_OLD_F = ("MARIE", "JEANNE", "GERMAINE", "SUZANNE", "MARCELLE", "YVONNE", "SIMONE", "PAULETTE", "ODETTE", "DENISE")
_OLD_M = ("JEAN", "ANDRE", "PIERRE", "RENE", "MARCEL", "LOUIS", "ROGER", "GEORGES", "HENRI", "ROBERT")
_YOUNG_F = ("LEA", "CHLOE", "MANON", "INES", "JADE", "LOUISE", "ZOE")
_YOUNG_M = ("LUCAS", "HUGO", "NATHAN", "ENZO", "LOUIS", "GABRIEL", "ADAM")
# INSEE (COG) commune codes of birth places: Lyon 3e, Villeurbanne, Saint-Étienne, Grenoble, Ajaccio, Bastia
_BIRTHPLACES = ("69383", "69266", "42218", "38185", "2A004", "2B033")


def _ins(sex: str, birth: dt.date, place: str, order: int) -> str:
    department, commune = place[:2], place[2:]
    nir13 = f"{'1' if sex == 'M' else '2'}{birth.year % 100:02d}{birth.month:02d}{department}{commune}{order:03d}"
    return nir13 + identifiers.nir_key(nir13)


@dataclass(frozen=True)
class DemoPerson:
    site: str
    birth_name: str
    given: tuple[str, ...]
    sex: str
    birth: dt.date
    place: str
    status: str
    used_name: str | None = None


def people(rng: random.Random) -> list[DemoPerson]:
    """About forty usagers: EHPAD residents, IME children, two homonym pairs and twins."""
    result: list[DemoPerson] = []
    for i in range(26):
        sex = "F" if i % 3 else "M"
        given = rng.choice(_OLD_F if sex == "F" else _OLD_M)
        second = rng.choice(_OLD_F if sex == "F" else _OLD_M)
        birth = dt.date(rng.randint(1926, 1948), rng.randint(1, 12), rng.randint(1, 28))
        status = ("QUAL", "QUAL", "VALI", "PROV")[i % 4]
        used = rng.choice(_SURNAMES) if sex == "F" and i % 2 else None
        result.append(DemoPerson("ehpad", _SURNAMES[i], (given, second), sex, birth, rng.choice(_BIRTHPLACES), status, used))
    # homonyms: same names, different people
    result.append(DemoPerson("ehpad", "MARTIN", ("MARIE", "LOUISE"), "F", dt.date(1938, 5, 12), "69383", "QUAL"))
    result.append(DemoPerson("ehpad", "MARTIN", ("MARIE", "JEANNE"), "F", dt.date(1941, 9, 3), "42218", "VALI"))
    for i in range(10):
        sex = "F" if i % 2 else "M"
        birth = dt.date(rng.randint(2008, 2019), rng.randint(1, 12), rng.randint(1, 28))
        given = rng.choice(_YOUNG_F if sex == "F" else _YOUNG_M)
        result.append(DemoPerson("ime", _SURNAMES[-(i + 1)], (given,), sex, birth, rng.choice(_BIRTHPLACES), ("QUAL", "PROV")[i % 2]))
    # twins at the IME: same birth name, date and place, different first names
    result.append(DemoPerson("ime", "DIALLO", ("ADAM",), "M", dt.date(2014, 2, 17), "69266", "QUAL"))
    result.append(DemoPerson("ime", "DIALLO", ("AMINATA",), "F", dt.date(2014, 2, 17), "69266", "QUAL"))
    result.append(DemoPerson("ime", "LAMBERT", ("ZOE",), "F", dt.date(2012, 7, 1), "38185", "PROV"))
    return result


def _pdf(title: str) -> bytes:
    """A small valid single-page PDF carrying ``title`` (plain ASCII)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def load_demo(runtime: Runtime, *, only_if_empty: bool = True, progress: bool = False) -> bool:
    """Load the demo data set; returns ``False`` (and writes nothing) if usagers already exist."""
    existing = await runtime.db.fetchrow("SELECT COUNT(*) AS n FROM core_usager")
    if only_if_empty and existing and existing["n"]:
        return False
    context = runtime.system_context("demo")
    rng = random.Random(SEED)
    org = await context.access.organisations.create_organisme(
        finess_ej=_finess("69079901"), raison_sociale="Association Bien Vieillir et Grandir (démo)"
    )
    ehpad = await context.access.organisations.create_etablissement(
        organisme_id=org.id, finess_et=_finess("69079902"), name="EHPAD Les Tilleuls (démo)",
        categorie_code="500", secteur_activite="SA17", address_line="12 rue des Tilleuls",
        postal_code="69003", city="Lyon",
    )
    ime = await context.access.organisations.create_etablissement(
        organisme_id=org.id, finess_et=_finess("69079903"), name="IME Les Coquelicots (démo)",
        categorie_code="183", secteur_activite="SA16", address_line="4 allée des Coquelicots",
        postal_code="69100", city="Villeurbanne",
    )
    sites = {"ehpad": ehpad.id, "ime": ime.id}
    for index, pro in enumerate(PROFESSIONALS):
        targets = [ehpad.id, ime.id] if pro.site == "both" else [sites[pro.site]]
        memberships = [(etab, pro.role) for etab in targets]
        if pro.role == "direction":
            memberships += [(etab, "admin") for etab in targets]
        await context.access.professionals.create(
            login=pro.login, first_name=pro.first_name, last_name=pro.last_name,
            profession_system=pro.system, profession_code=pro.code, memberships=memberships,
            rpps=_rpps(f"9970{index:06d}") if pro.rpps else None,
        )
    await _load_usagers(context, rng, sites, progress)
    return True


async def _load_usagers(context: RequestContext, rng: random.Random, sites: dict[str, uuid.UUID], progress: bool) -> None:
    from rich.progress import track

    persons = people(rng)
    iterator = track(persons, description="Loading demo usagers") if progress else persons
    today = dt.date(2026, 11, 1)
    for order, person in enumerate(iterator, start=1):
        ins = _ins(person.sex, person.birth, person.place, order) if person.status in ("QUAL", "RECUP") or order % 5 == 0 else None
        usager = await context.access.usagers.create(
            sites[person.site],
            IdentityInput(
                birth_name=person.birth_name, birth_given_names=list(person.given), birth_date=person.birth,
                sex=person.sex, birthplace_code=person.place, used_name=person.used_name,
                ins_matricule=ins, ins_oid=TEST_INS_OID if ins else None, status=person.status,
                validation_mode="CN" if person.status in ("QUAL", "VALI") else None,
            ),
        )
        entry = today - dt.timedelta(days=rng.randint(30, 2500))
        sejour = await context.access.sejours.open(
            usager_id=usager.id, etablissement_id=sites[person.site],
            type_accueil="46" if person.site == "ehpad" else "47", entry_date=entry, admission_date=entry,
            numero_dossier=f"D{order:05d}",
        )
        if order % 9 == 0:  # a few past séjours
            await context.access.sejours.close(sejour.id, exit_date=today - dt.timedelta(days=5), expected_version=sejour.version, exit_mode_label="Retour à domicile")
        for type_code, title, section in _DOCUMENTS[person.site][: 1 + order % 2]:
            await context.access.documents.add(
                DocumentInput(usager_id=usager.id, title=title, type_code=type_code, section=section,
                              filename=f"{type_code.lower()}-{order}.pdf", mime_type="application/pdf"),
                _once(_pdf(f"{title} - {person.birth_name} {person.given[0]}")),
            )


#: Demo documents per site: (type code of the CI-SIS XDS typeCode value set, title, section).
_DOCUMENTS = {
    "ehpad": (
        ("88348-8", "Lettre de liaison d'entrée en EHPAD", "sante"),
        ("EXPPAT_3", "Directives anticipées", "sante"),
    ),
    "ime": (
        ("34842-5", "Grille d'évaluation médico-sociale", "accompagnement"),
        ("PIECE-IDENTITE", "Copie de la pièce d'identité", "administratif"),
    ),
}

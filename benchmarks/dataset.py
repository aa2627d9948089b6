"""The deterministic benchmark dataset, created through the data-access layer as the system.

One organisme gestionnaire with an EHPAD and an IME, a nurse (``bench.nurse``, soignant at the
EHPAD) and ``usagers`` usagers with identities attached to the EHPAD, plus a few IME usagers the
nurse must not see (so that the scope clause has something to exclude).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from opendui.access.usagers import IdentityInput
from opendui.demo import _finess
from opendui.domain.terminologies import PROFESSIONS_SANTE_SYSTEM
from opendui.plugins import get_plugin_manager
from opendui.runtime import Runtime
from opendui.security import Principal
from opendui.settings import Mode, Settings

SEED = 20261124
NURSE_LOGIN = "bench.nurse"
ADMIN_URL = os.environ.get(
    "OPENDUI_BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PG_DATABASE = "opendui_bench"
HIDDEN_USAGERS = 20

_NAMES = (
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
)
_GIVEN = {
    "F": ("MARIE", "JEANNE", "SUZANNE", "YVONNE", "SIMONE"),
    "M": ("JEAN", "ANDRE", "PIERRE", "RENE", "LOUIS"),
}


@dataclass
class Dataset:
    """A seeded database and what the benchmarks need to reach it."""

    engine: str
    settings: Settings
    workdir: Path
    etablissement_id: uuid.UUID
    usager_ids: list[uuid.UUID]

    @property
    def sqlite_path(self) -> str:
        return str(self.settings.database_url).removeprefix("sqlite:///")

    def runtime(self) -> Runtime:
        """A fresh runtime on the dataset (core plugins only, dev mode for development tokens)."""
        return Runtime.build(self.settings, get_plugin_manager(load_entrypoints=False))

    async def nurse(self, runtime: Runtime) -> Principal:
        """The nurse's principal, resolved like a request would."""
        from opendui.security import Actor, ActorKind

        return await runtime.principal_for(Actor(ActorKind.PROFESSIONAL, NURSE_LOGIN, "opendui-dev"))


async def create(engine: str, usagers: int) -> Dataset:
    """Create and seed a database for ``engine`` (``sqlite`` or ``postgres``)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"opendui-bench-{engine}-"))
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite'}"
    else:
        url = await _recreate_pg_database()
    settings = Settings.from_env(
        {}, database_url=url, data_dir=workdir / "data", mode=Mode.DEV, secret_key="bench-" + "k" * 40
    )
    runtime = Runtime.build(settings, get_plugin_manager(load_entrypoints=False))
    await runtime.open(migrate_schema=True)
    try:
        etab, ids = await _seed(runtime, usagers)
    finally:
        await runtime.close()
    return Dataset(engine, settings, workdir, etab, ids)


async def destroy(dataset: Dataset) -> None:
    """Remove the temporary directory and, on PostgreSQL, the ``opendui_bench`` database."""
    shutil.rmtree(dataset.workdir, ignore_errors=True)
    if dataset.engine == "postgres":
        connection = await asyncpg.connect(ADMIN_URL)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        finally:
            await connection.close()


async def _recreate_pg_database() -> str:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    finally:
        await connection.close()
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DATABASE}"


async def _seed(runtime: Runtime, usagers: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    access = runtime.system_context("bench-seed").access
    rng = random.Random(SEED)
    org = await access.organisations.create_organisme(
        finess_ej=_finess("99100001"), raison_sociale="Organisme de banc d'essai"
    )
    ehpad = await access.organisations.create_etablissement(
        organisme_id=org.id,
        finess_et=_finess("99100002"),
        name="EHPAD du banc d'essai",
        categorie_code="500",
        secteur_activite="SA17",
    )
    ime = await access.organisations.create_etablissement(
        organisme_id=org.id,
        finess_et=_finess("99100003"),
        name="IME du banc d'essai",
        categorie_code="183",
        secteur_activite="SA16",
    )
    await access.professionals.create(
        login=NURSE_LOGIN,
        last_name="BANC",
        first_name="Infirmière",
        profession_system=PROFESSIONS_SANTE_SYSTEM,
        profession_code="60",
        memberships=[(ehpad.id, "soignant")],
    )
    ids: list[uuid.UUID] = []
    for index in range(usagers + HIDDEN_USAGERS):
        site = ehpad.id if index < usagers else ime.id
        record = await access.usagers.create(site, _identity(rng))
        if site == ehpad.id:
            ids.append(record.id)
    await access.finish()
    return ehpad.id, ids


def _identity(rng: random.Random) -> IdentityInput:
    sex = rng.choice("FM")
    first = rng.choice(_GIVEN[sex])
    return IdentityInput(
        birth_name=rng.choice(_NAMES),
        birth_given_names=[first, rng.choice(_GIVEN[sex])],
        birth_date=dt.date(rng.randint(1925, 1950), rng.randint(1, 12), rng.randint(1, 28)),
        sex=sex,
        birthplace_code=rng.choice(("69383", "69266", "42218", "38185")),
        used_name=rng.choice(_NAMES) if sex == "F" and rng.random() < 0.4 else None,
    )


def metadata_settings(runtime: Runtime) -> dict[str, Any]:
    """Durability settings of the engine, for the result metadata."""
    engine = runtime.db.engine
    if runtime.db.dialect == "sqlite":
        return {"journal_mode": engine.pragma("journal_mode"), "synchronous": engine.pragma("synchronous")}
    return {}

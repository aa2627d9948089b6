"""A small synthetic points table.

EVERY VALUE HERE IS FICTITIOUS: the état codes (``FAKE-A``...) and the points are invented for
tests and have no relation to the licensed PATHOS tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opendui_pathos import PointsTable, load_points_table

FAKE_CSV = """\
# Fictitious PATHOS points table for tests only - NOT official values.
etat;profil;total;smti;medecin_geriatre;soins_infirmiers
FAKE-A;T1;300;oui;100;200
FAKE-A;S1;12,5;non;2,5;10
FAKE-B;CH;150;1;;150
FAKE-B;S0;0;;;
FAKE-C;M1;;non;40;80,25
"""


@pytest.fixture()
def fake_table_path(tmp_path: Path) -> Path:
    path = tmp_path / "fake-points.csv"
    path.write_text(FAKE_CSV, encoding="utf-8")
    return path


@pytest.fixture()
def fake_table(fake_table_path: Path) -> PointsTable:
    return load_points_table(fake_table_path, name="fictitious")

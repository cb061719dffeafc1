"""Rows of the access table (tests/partners/access_matrix.py) for the cockpit's routes, gathered from every
`tests/cockpit/<capability>/access_rows.py` (each capability keeps its own rows next to its tests)."""

import importlib
import pkgutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def gathered_rows() -> list:
    rows = []
    for package in sorted(p.name for p in pkgutil.iter_modules([str(HERE)]) if p.ispkg):
        if (HERE / package / "access_rows.py").exists():
            rows += importlib.import_module(f"tests.cockpit.{package}.access_rows").ROWS
    return rows


ROWS = gathered_rows()

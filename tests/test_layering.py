"""The allowed import directions (docs/architecture.md, "Packages"), checked on every module's source.

planning ← core ← events ← ticketing ← partners ← cockpit ← demo ← app ← bench: a package imports only itself and
those to its left. `planning` is pure: the standard library and itself, nothing of the app, no Flask, no SQLAlchemy.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["planning", "core", "events", "ticketing", "partners", "cockpit", "demo", "app", "bench"]
# The documented exception: an event's two pages (the organizer's and the public one) show its ticket types and seats.
EXCEPTIONS = {("events/manage.py", "ticketing"), ("events/views.py", "ticketing")}


def modules() -> list[Path]:
    return sorted(path for name in ORDER for path in (ROOT / name).rglob("*.py")) + [ROOT / "app.py"]


def imported_names(path: Path) -> set[str]:
    """Every absolute module name the file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def forbidden_imports(path: Path) -> list[str]:
    own = package_of(path)
    relative = path.relative_to(ROOT).as_posix()
    wrong = []
    for name in sorted(imported_names(path)):
        top = name.split(".")[0]
        if top in ORDER:
            if ORDER.index(top) > ORDER.index(own) and (relative, top) not in EXCEPTIONS:
                wrong.append(name)
        elif own == "planning" and top not in sys.stdlib_module_names:
            wrong.append(name)  # a third-party library: Flask, SQLAlchemy, …
    return wrong


def test_every_module_imports_only_downward():
    wrong = {path.relative_to(ROOT).as_posix(): forbidden_imports(path) for path in modules()}

    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_check_catches_an_upward_and_an_impure_import(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "core").mkdir()
    (tmp_path / "planning").mkdir()
    upward = tmp_path / "core" / "upward.py"
    upward.write_text("from events.models import Event\n\ndef f():\n    import ticketing.booking\n")
    impure = tmp_path / "planning" / "impure.py"
    impure.write_text("import json\nfrom flask import Flask\nfrom core.db import utcnow\n")

    assert forbidden_imports(upward) == ["events.models", "ticketing.booking"]
    assert forbidden_imports(impure) == ["core.db", "flask"]

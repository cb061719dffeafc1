"""Bad input on the command line: one clear line on stderr, a non-zero exit, no traceback, nothing changed.

Each case runs the real `flask` command in a process of its own, as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask"]


def flask(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TREFFPUNKT_") and k != "DATABASE_URL"}
    environment.update(FLASK_APP="app", TREFFPUNKT_SECRET_KEY="test", **env)
    environment.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    return subprocess.run([*FLASK, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)


NOT_MIGRATED = "The database is not set up or not up to date"
UNREACHABLE = "Cannot reach the database"
CASES = {
    "users list, not migrated": (("users", "list"), {}, NOT_MIGRATED),
    "users create, not migrated": (
        ("users", "create", "a@example.org", "--role", "admin", "--password", "lang-genug-1"),
        {},
        NOT_MIGRATED,
    ),
    "demo seed, not migrated": (("demo", "seed"), {}, NOT_MIGRATED),
    "tick, not migrated": (("tick",), {}, NOT_MIGRATED),
    "worker, not migrated": (("worker", "--once"), {}, NOT_MIGRATED),
    "mail status, not migrated": (("mail", "status"), {}, NOT_MIGRATED),
    "PostgreSQL not running": (
        ("users", "list"),
        {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/treffpunkt"},
        UNREACHABLE,
    ),
    "db upgrade, PostgreSQL not running": (
        ("db", "upgrade"),
        {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/treffpunkt"},
        UNREACHABLE,
    ),
    "SQLite file in a missing folder": (
        ("users", "list"),
        {"DATABASE_URL": "sqlite:////no/such/folder/treffpunkt.db"},
        UNREACHABLE,
    ),
    "DATABASE_URL not an address": (("users", "list"), {"DATABASE_URL": "treffpunkt"}, "DATABASE_URL is not"),
    "DATABASE_URL of another database": (
        ("users", "list"),
        {"DATABASE_URL": "mysql://root:geheim@localhost/treffpunkt"},
        "Treffpunkt runs on PostgreSQL",
    ),
    "RETENTION_DAYS not a number": (("users", "list"), {"TREFFPUNKT_RETENTION_DAYS": "neunzig"}, "RETENTION_DAYS"),
    "rate limit mistyped": (("users", "list"), {"TREFFPUNKT_LOGIN_RATE_LIMIT": "10 per minut"}, "LOGIN_RATE_LIMIT"),
}


@pytest.mark.parametrize(("args", "env", "expected"), CASES.values(), ids=CASES.keys())
def test_bad_input_gets_one_clear_line_and_a_non_zero_exit(tmp_path, args, env, expected):
    result = flask(tmp_path, *args, **env)

    output = (result.stdout + result.stderr).strip()
    assert result.returncode != 0
    assert expected in output
    assert "Traceback" not in output and len(output.splitlines()) == 1, output
    assert "geheim" not in output  # a password in DATABASE_URL is never printed

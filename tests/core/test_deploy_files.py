"""The production files in deploy/ agree with the app: every service runs a command the app has, gunicorn loads the
app with deploy/gunicorn.conf.py, the environment example names only settings the app reads and starts it, and the
TLS proxy sets exactly the forwarded headers that TRUSTED_PROXIES=1 trusts (docs/deploy.md)."""

import configparser
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from core.mail.delivery import mail_settings_from
from tests.live_server import server_environment

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SERVICES = ("treffpunkt-web.service", "treffpunkt-worker.service", "treffpunkt-tick.service")
ENV_EXAMPLE = DEPLOY / "treffpunkt.env.example"
APP_PACKAGES = ("app.py", "core", "events", "ticketing", "partners", "cockpit")
CONFIG_READ = re.compile(r"""config(?:\[|\.get\()\s*["']([A-Z][A-Z0-9_]+)["']""")
ENVIRON_READ = re.compile(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def exec_start(name: str) -> list[str]:
    return shlex.split(unit(name)["Service"]["ExecStart"])


def env_example() -> dict[str, str]:
    """The example as systemd's EnvironmentFile= reads it: KEY=VALUE lines, surrounding double quotes taken off."""
    pairs = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            pairs[name] = value[1:-1] if len(value) > 1 and value[0] == value[-1] == '"' else value
    return pairs


def test_the_services_share_one_checkout_user_and_environment_file():
    services = [unit(name)["Service"] for name in SERVICES]
    for key in ("WorkingDirectory", "User", "EnvironmentFile", "ReadWritePaths"):
        assert len({service[key] for service in services}) == 1, key
    checkout = services[0]["WorkingDirectory"]
    assert services[0]["ReadWritePaths"] == f"{checkout}/instance"  # uploads, caches: the only place written
    for name in SERVICES:
        assert exec_start(name)[0].startswith(f"{checkout}/.venv/bin/"), name


def test_the_web_service_starts_gunicorn_with_the_deploy_configuration():
    assert exec_start("treffpunkt-web.service")[1:] == ["-c", "deploy/gunicorn.conf.py"]
    assert exec_start("treffpunkt-web.service")[0].endswith("/gunicorn")


@pytest.mark.parametrize("name", ["treffpunkt-worker.service", "treffpunkt-tick.service"])
def test_the_worker_and_tick_services_run_flask_commands_the_app_has(app, name):
    program, *arguments = exec_start(name)
    assert program.endswith("/flask")
    assert arguments[:2] == ["--app", "app"]
    # --help after the command's own options: click refuses an unknown command or option before printing help.
    result = app.test_cli_runner().invoke(args=[*arguments[2:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_timer_starts_the_tick_service_every_minute():
    timer = unit("treffpunkt-tick.timer")
    assert timer["Timer"]["Unit"] == "treffpunkt-tick.service"
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:*:00"
    assert unit("treffpunkt-tick.service")["Service"]["Type"] == "oneshot"
    assert "worker" in exec_start("treffpunkt-worker.service") and "--loop" in exec_start("treffpunkt-worker.service")


def test_gunicorn_loads_the_app_with_the_deploy_configuration(database_uri, tmp_path):
    env = server_environment(database_uri, {"RATELIMIT_STORAGE_URI": "treffpunkt-memory://"})
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr  # --print-config loads the app first
    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))
    assert settings["wsgi_app"] == "app:create_app()"
    assert settings["bind"] == "['127.0.0.1:8000']"
    assert (settings["workers"], settings["worker_class"], settings["threads"]) == ("4", "gthread", "4")


def test_the_environment_example_names_only_settings_the_app_reads(app):
    sources = [ROOT / "app.py"] + [path for package in APP_PACKAGES[1:] for path in (ROOT / package).rglob("*.py")]
    read_from_config = {name for path in sources for name in CONFIG_READ.findall(path.read_text(encoding="utf-8"))}
    read_from_environ = set(ENVIRON_READ.findall((ROOT / "app.py").read_text(encoding="utf-8")))
    read_by_gunicorn_conf = set(ENVIRON_READ.findall((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")))
    for name in env_example():
        if name.startswith("TREFFPUNKT_"):
            setting = name.removeprefix("TREFFPUNKT_")
            assert setting in app.config or setting in read_from_config, name
        else:
            assert name in read_from_environ | read_by_gunicorn_conf, name


def test_the_environment_example_starts_the_app_with_its_values(database_uri, monkeypatch):
    values = env_example()
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", database_uri)  # the tests' database, not the example's
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "treffpunkt-memory://")  # Redis is tested in test_two_servers

    config = create_app().config

    assert config["TRUSTED_PROXIES"] == 1
    assert config["BASE_URL"] == "https://tickets.example.org"
    assert config["LOGIN_RATE_LIMIT"] == "10 per minute"
    assert config["SECRET_KEY"] == values["TREFFPUNKT_SECRET_KEY"]
    mail = mail_settings_from(config)
    assert (mail.server, mail.port, mail.use_tls, mail.sender) == (
        "smtp.example.org",
        587,
        True,
        "NØRD Tickets <tickets@example.org>",
    )


def test_the_proxy_sets_the_forwarded_headers_once_and_reaches_gunicorn(app, monkeypatch):
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    headers = re.findall(r"^\s*proxy_set_header\s+(\S+)\s+(.+?);", nginx, re.M)
    forwarded = [(name, value) for name, value in headers if name.startswith("X-Forwarded-")]
    # TRUSTED_PROXIES=1: one proxy, each header set (not appended to) exactly once.
    assert sorted(forwarded) == [
        ("X-Forwarded-For", "$remote_addr"),
        ("X-Forwarded-Host", "$host"),
        ("X-Forwarded-Proto", "$scheme"),
    ]
    assert env_example()["TREFFPUNKT_TRUSTED_PROXIES"] == "1"
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    bind = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["bind"]
    assert re.findall(r"^\s*server\s+(\S+);", nginx, re.M) == [bind]
    [body_limit] = re.findall(r"client_max_body_size\s+(\d+)m;", nginx)
    assert int(body_limit) * 1024 * 1024 == app.config["MAX_CONTENT_LENGTH"]


def test_docs_deploy_describes_every_file_in_deploy():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for path in DEPLOY.iterdir():
        if path.is_file() and not path.name.startswith("."):
            assert f"deploy/{path.name}" in guide, path.name
    assert "docs/deploy.md" in (ROOT / "README.md").read_text(encoding="utf-8")

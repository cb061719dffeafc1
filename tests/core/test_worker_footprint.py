"""A web worker carries only what every request needs: the PDF, calendar, image and spreadsheet libraries load on
the first request that uses them (memory.worker_rss_mb's budget is 100 MB per worker)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RENDERERS = ("reportlab", "qrcode", "icalendar", "PIL", "openpyxl")
PROBE = f"""
import sys
from app import create_app
create_app({{"SECRET_KEY": "footprint"}})
print(",".join(name for name in {RENDERERS!r} if name in sys.modules))
"""


def test_the_app_factory_loads_no_renderer_until_a_request_needs_one():
    # A fresh interpreter: the test process itself has long imported them all.
    loaded = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert loaded == ""


FROZEN_PROBE = """
import gc
import wsgi
print(gc.get_freeze_count(), len(gc.get_objects()), wsgi.app.name)
"""


def test_the_served_app_keeps_what_its_start_made_out_of_the_garbage_collectors_scans(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "TREFFPUNKT_SECRET_KEY": "footprint",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    frozen, tracked, name = subprocess.run(
        [sys.executable, "-c", FROZEN_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert (int(frozen) > 50_000, int(tracked) < 1_000, name) == (True, True, "app")

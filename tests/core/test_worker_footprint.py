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

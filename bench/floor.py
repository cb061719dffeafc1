"""The floor alone: server CPU per request of a bare Flask app (a trivial page; one primary-key read through
Flask-SQLAlchemy), served and loaded exactly as the hot-path benchmarks serve and load Treffpunkt."""

import argparse

from bench.harness.figures import Figure
from bench.harness.floor import measure_floor


def run(args: argparse.Namespace) -> list[Figure]:
    return measure_floor(args).figures()

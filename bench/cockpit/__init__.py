"""Organizer cockpit: dashboard page, segment count, bulk badges, outbox throughput (`cockpit.*` figures).

Each part is a module of this package with `figures(args) -> list[Figure]`; the parts run one after another.
"""

import argparse
import importlib
import pkgutil

from bench.harness.figures import Figure


def run(args: argparse.Namespace) -> list[Figure]:
    figures = []
    for part in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        figures += importlib.import_module(f"{__name__}.{part}").figures(args)
    return figures

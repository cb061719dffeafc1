"""`python -m bench NAME`: run one benchmark and print its figures, one `name value unit` line each."""

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

import bench
from bench.harness.figures import Figure, note

# The harness lives in bench/harness/; every other module in bench/ with a `run(args)` is a benchmark.
HELPERS = {"__main__", "harness"}


def benchmark_names() -> list[str]:
    """Modules of this package other than the harness; found, not registered, so a new benchmark needs no edit here."""
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name not in HELPERS)


def load_benchmark(name: str) -> ModuleType | None:
    """The benchmark module, or None if there is no module of that name with a `run(args)`."""
    if name not in benchmark_names():
        return None
    module = importlib.import_module(f"bench.{name}")  # only this one: a broken sibling must not stop the run
    return module if callable(getattr(module, "run", None)) else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", help="benchmark to run, or `list` to show them")
    parser.add_argument("--seconds", type=positive(float), default=10.0, help="measured seconds of load (default 10)")
    parser.add_argument("--clients", type=positive(int), default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=positive(int), default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=positive(int), default=1, help="threads per worker; above 1 uses gthread")
    parser.add_argument("--out", type=Path, help="also write the figures (and gunicorn's log) into this folder")
    # A benchmark may add options of its own (and change defaults) with `add_options(parser)`.
    given = [arg for arg in (sys.argv[1:] if argv is None else argv) if arg not in ("-h", "--help")]
    module = load_benchmark(parser.parse_known_args(given)[0].name)
    if module is not None and callable(getattr(module, "add_options", None)):
        module.add_options(parser)
    return parser.parse_args(argv)


def positive(kind: type):
    """An argparse type that takes only numbers above zero (a run of 0 clients would divide by zero later)."""

    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.name == "list":
        for name in benchmark_names():
            module = load_benchmark(name)
            print(f"{name}: {(module.__doc__ or '').strip().splitlines()[0]}" if module else f"{name}: (no run)")
        return 0
    module = load_benchmark(args.name)
    if module is None:
        available = ", ".join(benchmark_names())
        print(
            f"bench: no benchmark {args.name!r}; available: {available} (see `python -m bench list`)", file=sys.stderr
        )
        return 2
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    note(describe(args))
    lines = report(module.run(args))
    if args.out:
        (args.out / f"{args.name}.txt").write_text("\n".join(lines) + "\n")
    return 0


def describe(args: argparse.Namespace) -> str:
    """The run's setting, printed first: figures from a busy machine or another database are not comparable."""
    database = getattr(args, "database_kind", None) or ("postgresql" if os.environ.get("DATABASE_URL") else "sqlite")
    workers = f"{args.workers} sync workers"
    if args.threads > 1:
        workers = f"{args.workers} gthread workers x {args.threads} threads"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"bench {args.name}: {database}, {workers}, {args.clients} clients, {args.seconds:g} s; load average {load}"


def report(figures: list[Figure]) -> list[str]:
    """Print each figure, followed by its budget comparison when it has a budget; return the printed lines."""
    lines = []
    for figure in figures:
        lines += [line for line in (figure.line(), figure.budget_line()) if line]
    print("\n".join(lines), flush=True)
    return lines


if __name__ == "__main__":
    sys.exit(main())

"""A small load generator: N client processes, each looping over one step on a keep-alive HTTP connection.

Processes, not threads: on a 2-core machine Python threads would serialise on the GIL inside one process and
measure the client more than the server. Each process costs CPU the server then lacks, so the result reports the
CPU the clients used, to read the throughput against.
"""

import http.client
import math
import multiprocessing
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.harness.memory import workers_cpu_seconds

BARRIER_TIMEOUT_S = 60.0
# Errors that mean "no answer" (server closed, refused, timed out): counted, never raised.
TRANSPORT_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One HTTP connection with a cookie jar, like one browser tab; reconnects when the server closes it."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        body = response.read()  # read fully, so the connection can carry the next request
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, body)

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict[str, str], headers: dict | None = None) -> Response:
        """POST a form, url-encoded as a browser sends it."""
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=urlencode(form).encode(), headers=headers)

    def reset(self) -> None:
        """Drop the connection after a failure; the next request opens a new one."""
        self.connection.close()
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)


# A step is one operation a user does (one page view, one booking of several requests); it returns the HTTP status
# that decides its outcome. Steps and setups must be module-level functions: they travel to the client processes.
Step = Callable[[Client], int]
Setup = Callable[[Client], None]


@dataclass
class LoadResult:
    """What the clients saw during the measured seconds."""

    count: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0  # steps that got no answer at all
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0  # all workers together, when the server's pid was given

    @property
    def per_s(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_ms(self) -> float:
        """Server CPU per step: the cost of a request, whatever else the machine is doing."""
        return self.server_cpu_s * 1000 / self.count if self.count else 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile_ms(self, p: float) -> float:
        return nearest_rank_ms(self.latencies_ms, p)


def run_load(
    base_url: str,
    step: Step,
    *,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
    setup: Setup | None = None,
    server_pid: int | None = None,
) -> LoadResult:
    """Run `step` in a loop from `clients` processes for `seconds`, after `warmup` seconds that are not counted.

    With `server_pid` (a gunicorn master), also reads the CPU time its workers spent during the measured seconds:
    CPU per request hardly moves when other work shares the machine, where throughput does.
    """
    ctx = multiprocessing.get_context("spawn")  # no fork of a parent that may hold threads or open sockets
    barrier, queue = ctx.Barrier(clients + 1), ctx.Queue()  # the parent waits too, to read the CPU at the start
    args = (base_url, step, setup, seconds, warmup, barrier, queue)
    processes = [ctx.Process(target=client_main, args=args, daemon=True) for _ in range(clients)]
    for process in processes:
        process.start()
    cpu_started = started_together(barrier, server_pid)
    parts = [queue.get(timeout=BARRIER_TIMEOUT_S + warmup + seconds + 60) for _ in processes]
    server_cpu_s = workers_cpu_seconds(server_pid) - cpu_started if server_pid and cpu_started is not None else 0.0
    for process in processes:
        process.join()
    failures = [part for part in parts if isinstance(part, str)]
    if failures:
        raise RuntimeError("a load client failed:\n" + failures[0])
    return merge(parts, server_cpu_s)


def started_together(barrier, server_pid: int | None) -> float | None:
    """Wait with the clients for the measured phase; the workers' CPU time then, or None if a client failed."""
    try:
        barrier.wait(BARRIER_TIMEOUT_S)
    except threading.BrokenBarrierError:
        return None  # the failed client reports its traceback through the queue
    return workers_cpu_seconds(server_pid) if server_pid else 0.0


def client_main(base_url, step, setup, seconds, warmup, barrier, queue) -> None:
    """One client process: set up, warm up, wait for the others, then measure; sends back its part or a traceback."""
    try:
        client = Client(base_url)
        if setup is not None:
            setup(client)
        loop(client, step, time.monotonic() + warmup)  # warms the server too: code paths, caches, all workers
        barrier.wait(BARRIER_TIMEOUT_S)
        queue.put(measure(client, step, seconds))
    except Exception:
        barrier.abort()  # release the others, so the run fails instead of hanging
        queue.put(traceback.format_exc())


def loop(client: Client, step: Step, until: float) -> None:
    while time.monotonic() < until:
        try:
            step(client)
        except TRANSPORT_ERRORS:
            client.reset()


def measure(client: Client, step: Step, seconds: float) -> dict:
    started, cpu_started = time.monotonic(), time.process_time()
    latencies, statuses, errors = [], Counter(), 0
    ended = started
    while ended < started + seconds:
        try:
            status = step(client)
        except TRANSPORT_ERRORS:
            client.reset()
            errors += 1
            ended = time.monotonic()
            continue
        now = time.monotonic()
        latencies.append((now - ended) * 1000)
        statuses[status] += 1
        ended = now
    return {
        "started": started,
        "ended": ended,
        "latencies_ms": latencies,
        "statuses": statuses,
        "errors": errors,
        "cpu_s": time.process_time() - cpu_started,
    }


def merge(parts: list[dict], server_cpu_s: float) -> LoadResult:
    """One result from every client's part; the time span runs from the first start to the last finish."""
    result = LoadResult(server_cpu_s=server_cpu_s)
    for part in parts:
        result.latencies_ms.extend(part["latencies_ms"])
        result.statuses.update(part["statuses"])
        result.errors += part["errors"]
        result.client_cpu_s += part["cpu_s"]
    result.count = len(result.latencies_ms)
    # time.monotonic is CLOCK_MONOTONIC on Linux, one clock for every process, so the spans can be compared.
    result.seconds = max(p["ended"] for p in parts) - min(p["started"] for p in parts)
    return result


def nearest_rank_ms(latencies_ms: list[float], p: float) -> float:
    """Nearest-rank percentile: the latency that p % of the steps did not exceed (0 without steps)."""
    if not latencies_ms:
        return 0.0
    ordered = sorted(latencies_ms)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

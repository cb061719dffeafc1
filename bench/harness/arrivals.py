"""Visits that arrive on a timetable (an open load): each visitor comes at its moment, whether or not the server
has caught up, the way people arrive at a ticket opening. bench.harness.load's clients instead wait for each answer
before asking again, which hides a backlog.

Each visit runs on a fresh connection (a new phone, a new visitor) in one of a few client processes with some
threads each; its latency counts from the moment it was due, so time spent waiting for a free client thread or
for a worker is included.
"""

import multiprocessing
import queue
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.harness.load import TRANSPORT_ERRORS, Client, nearest_rank_ms

READY_TIMEOUT_S = 120.0  # client processes spawned and their steps imported
START_DELAY_S = 0.5  # after they are all ready, until the first visit is due
# One visit: a kind (which step runs it), its number among its kind, and its second after the start.
Visit = tuple[str, int, float]


@dataclass(frozen=True)
class Outcome:
    """What one visit ended with: a word ("booked", "sold out"), every HTTP status it got, and when the part that
    counts for its latency was done (time.monotonic())."""

    result: str
    statuses: list[int]
    done_at: float


# A step gets a fresh client and the visit's number; module-level, so it travels to the client processes.
Step = Callable[[Client, int], Outcome]


@dataclass
class KindResult:
    latencies_ms: list[float] = field(default_factory=list)
    results: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    no_answer: int = 0
    done_by_result: dict[str, list[float]] = field(default_factory=dict)
    done_s: list[float] = field(default_factory=list)  # when each answered visit was done, seconds after the start

    @property
    def last_done_s(self) -> float:
        return max(self.done_s, default=0.0)

    def peak_per_s(self, result: str, window_s: float = 10.0) -> float:
        """The most visits ending in `result` done within any `window_s` seconds, per second: the rate the server
        keeps up while a backlog waits (over the whole window it would only repeat the arrival rate)."""
        times = sorted(self.done_by_result.get(result, []))
        best, first = 0, 0
        for last, at in enumerate(times):
            while at - times[first] > window_s:
                first += 1
            best = max(best, last - first + 1)
        return best / window_s

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile_ms(self, p: float) -> float:
        return nearest_rank_ms(self.latencies_ms, p)


def front_loaded(count: int, seconds: float, power: float = 2.0) -> list[float]:
    """`count` arrival times in [0, seconds), crowded at the start: visit i comes at seconds * (i / count) ** power.

    With power 2 the share arrived by time t is sqrt(t / seconds): 45 % within the first fifth of the window.
    """
    return [seconds * (i / count) ** power for i in range(count)]


def run_arrivals(
    base_url: str, visits: list[Visit], steps: dict[str, Step], *, processes: int, threads: int
) -> dict[str, KindResult]:
    """Run every visit at its time, spread over `processes` client processes with `threads` threads each."""
    ctx = multiprocessing.get_context("spawn")  # no fork of a parent that may hold threads or open sockets
    results, ready, go, start = ctx.Queue(), ctx.Barrier(processes + 1), ctx.Event(), ctx.Value("d", 0.0)
    ordered = sorted(visits, key=lambda visit: visit[2])
    clock = (ready, go, start)
    workers = [
        ctx.Process(target=client_main, args=(base_url, ordered[n::processes], steps, threads, clock, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    # The clock starts once every process has started and imported its steps: spawning is not the server's time.
    ready.wait(READY_TIMEOUT_S)
    start.value = time.monotonic() + START_DELAY_S  # CLOCK_MONOTONIC: one clock for every process on Linux
    go.set()
    last_due = ordered[-1][2] if ordered else 0.0
    parts = [results.get(timeout=START_DELAY_S + last_due + 600) for _ in workers]
    for worker in workers:
        worker.join()
    failures = [part for part in parts if isinstance(part, str)]
    if failures:
        raise RuntimeError("an arrivals client failed:\n" + failures[0])
    merged: dict[str, KindResult] = {kind: KindResult() for kind in steps}
    for part in parts:
        for kind, found in part.items():
            into = merged[kind]
            into.latencies_ms += found.latencies_ms
            into.results.update(found.results)
            into.statuses.update(found.statuses)
            into.no_answer += found.no_answer
            into.done_s += found.done_s
            for result, times in found.done_by_result.items():
                into.done_by_result.setdefault(result, []).extend(times)
    return merged


def client_main(base_url, visits, steps, threads, clock, results) -> None:
    """One client process: its threads take the visits in order of arrival; sends back its results or a traceback."""
    try:
        ready, go, shared_start = clock
        ready.wait(READY_TIMEOUT_S)
        go.wait(READY_TIMEOUT_S)
        start = shared_start.value
        pending: queue.SimpleQueue = queue.SimpleQueue()
        for visit in visits:
            pending.put(visit)
        found = {kind: KindResult() for kind in steps}
        lock, failures = threading.Lock(), []
        runners = [
            threading.Thread(target=run_visits, args=(base_url, pending, steps, start, found, lock, failures))
            for _ in range(threads)
        ]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        results.put(failures[0] if failures else found)
    except Exception:
        results.put(traceback.format_exc())


def run_visits(base_url, pending, steps, start, found, lock, failures) -> None:
    """One client thread: take the next visit, wait until it is due, run it; a broken step stops the thread."""
    while not failures:
        try:
            kind, number, at = pending.get_nowait()
        except queue.Empty:
            return
        due = start + at
        time.sleep(max(0.0, due - time.monotonic()))
        client = Client(base_url)
        try:
            outcome = steps[kind](client, number)
        except TRANSPORT_ERRORS:
            outcome = None
        except Exception:  # a page that no longer matches the step's expectations: fail the run, loudly
            failures.append(traceback.format_exc())
            return
        finally:
            client.connection.close()
        with lock:
            into = found[kind]
            if outcome is None:
                into.no_answer += 1
                into.results["no answer"] += 1
                continue
            into.latencies_ms.append((outcome.done_at - due) * 1000)
            into.results[outcome.result] += 1
            into.statuses.update(outcome.statuses)
            done_s = time.monotonic() - start
            into.done_s.append(done_s)
            into.done_by_result.setdefault(outcome.result, []).append(done_s)

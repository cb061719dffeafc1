"""Memory and CPU time of gunicorn's workers, read from /proc (Linux only, like the servers we deploy to)."""

import os
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (gunicorn's workers when `pid` is the master)."""
    found = []
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        # The command name is in parentheses and may itself hold spaces or ")": parse after the last one.
        parent = int(text.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of one process in MB (MiB, as the kernel counts kB in KiB); VmHWM gives its peak."""
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no {field} for process {pid}")


def worker_rss_mb(master_pid: int, field: str = "VmRSS") -> list[float]:
    """RSS (or with field="VmHWM" the peak RSS) of each worker of a gunicorn master, in MB."""
    return [rss_mb(pid, field) for pid in children(master_pid)]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime and stime, fields 14 and 15 of stat(5)


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by all workers of a gunicorn master; a difference of two readings is the work done."""
    return sum(cpu_seconds(pid) for pid in children(master_pid))

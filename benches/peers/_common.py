"""Shared helpers for the peer benchmarks: timing under /usr/bin/time -v, a quiet machine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time


def clean_env(extra: dict | None = None) -> dict:
    """The environment without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (they slow numpy here)."""
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env.update(extra or {})
    return env


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    idle = f[3] + f[4]
    return sum(f) - idle, sum(f)


def busy_fraction(seconds: float = 2.0) -> float:
    """Share of all cores' time spent busy over the next `seconds`."""
    b0, t0 = _cpu_times()
    time.sleep(seconds)
    b1, t1 = _cpu_times()
    return (b1 - b0) / max(1, t1 - t0)


def wait_quiet(limit: float = 0.15, max_wait: float = 900.0) -> dict:
    """Wait until the machine is idle (someone else's build would skew a 2-core benchmark)."""
    start = time.time()
    while True:
        b = busy_fraction()
        if b < limit or time.time() - start > max_wait:
            return {"busy_before": round(b, 3), "waited_s": round(time.time() - start, 1)}
        print(f"  (machine busy {b:.0%}, waiting)", file=sys.stderr, flush=True)
        time.sleep(10)


def timed(cmd: list[str], extra_env: dict | None = None, stdout=subprocess.PIPE, quiet: bool = True):
    """Run cmd under /usr/bin/time -v; return (process, {wall_s, peak_rss_mib, busy_before...})."""
    q = wait_quiet() if quiet else {}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(
            ["/usr/bin/time", "-v", "-o", tf.name, *cmd],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(extra_env),
        )
        txt = tf.read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", txt)
    rss = int(m.group(1)) if m else -1
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", txt)
    secs = 0.0
    for part in (wall.group(1) if wall else "nan").split(":"):
        secs = secs * 60 + float(part)
    if p.returncode != 0:
        print(f"FAILED ({p.returncode}): {' '.join(cmd)}\n{p.stderr}", file=sys.stderr)
    return p, {"wall_s": secs, "peak_rss_mib": round(rss / 1024.0, 1), **q}

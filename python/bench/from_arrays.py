"""`Graph.from_arrays` on a big generated graph against the CLI's CSV load of the same graph.

    cargo run --release --example gen_graph -- --nodes 1000000 --edges 10000000 --seed 1 \\
        --out /tmp/g1m.csv --nodes-out /tmp/g1m-nodes.csv
    (cd python && maturin develop --release)
    python python/bench/from_arrays.py /tmp/g1m.csv /tmp/g1m-nodes.csv [RUNS]

Reads the CSV into numpy columns once (not timed), then alternates RUNS times: the CLI's load
(`graph validate EDGES --nodes NODES`, a whole process: wall time and its peak RSS) and
`from_arrays` in this process (wall time, and the growth of this process's peak RSS over its
RSS just before the call, the peak reset through /proc/self/clear_refs). Prints one line per
run, the medians and the ratio of each interleaved pair. The columns themselves (src, dst,
amount: 240 MB at 10M edges; ids as Python strings) are the input, as the file is the CLI's.
"""

from __future__ import annotations

import gc
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

import shockgraph as sg

ROOT = pathlib.Path(__file__).resolve().parents[2]


def status_kb(key: str) -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    raise KeyError(key)


def columns(edges: str, nodes: str):
    e = pd.read_csv(edges, dtype={"from": str, "to": str, "amount": np.float64})
    n = pd.read_csv(nodes, dtype={"id": str})
    ids = n["id"].tolist()
    index = pd.Index(ids)
    src = index.get_indexer(e["from"]).astype(np.int64)
    dst = index.get_indexer(e["to"]).astype(np.int64)
    assert (src >= 0).all() and (dst >= 0).all(), "an edge names a node missing from the nodes file"
    amount = e["amount"].to_numpy(np.float64)
    buffer = n["buffer"].to_numpy(np.float64) if "buffer" in n else None
    value = n["value"].to_numpy(np.float64) if "value" in n else None
    return src, dst, amount, ids, buffer, value


def cli_load(edges: str, nodes: str) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of `graph validate` (through /usr/bin/time: a child's
    ru_maxrss would count the pages of this big process that the fork copies)."""
    exe = os.environ.get("SHOCKGRAPH_BIN", str(ROOT / "target" / "release" / "graph"))
    t = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", exe, "validate", edges, "--nodes", nodes],
        check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - t
    return wall, int(out.stderr.strip().splitlines()[-1]) / 1024.0


def build(cols) -> tuple[float, float, int]:
    src, dst, amount, ids, buffer, value = cols
    gc.collect()
    pathlib.Path("/proc/self/clear_refs").write_text("5")
    rss0 = status_kb("VmRSS:")
    t = time.perf_counter()
    g = sg.Graph.from_arrays(src, dst, amount, ids=ids, buffer=buffer, value=value)
    wall = time.perf_counter() - t
    grow = (status_kb("VmHWM:") - rss0) / 1024.0
    m = g.edge_count
    del g
    gc.collect()
    return wall, grow, m


def main() -> None:
    edges, nodes = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    cols = columns(edges, nodes)
    gc.collect()
    print(f"columns ready: {len(cols[0])} edges, {len(cols[3])} nodes; "
          f"process RSS {status_kb('VmRSS:') / 1024:.0f} MiB; load {os.getloadavg()}")
    cli_t, cli_m, py_t, py_m = [], [], [], []
    for k in range(runs):
        ct, cm = cli_load(edges, nodes)
        pt, pm, m = build(cols)
        cli_t.append(ct)
        cli_m.append(cm)
        py_t.append(pt)
        py_m.append(pm)
        print(f"run {k + 1}: CLI load {ct:.2f} s (peak {cm:.0f} MiB) | "
              f"from_arrays {pt:.2f} s (+{pm:.0f} MiB peak over the columns), {m} edges")
    ct, cm = statistics.median(cli_t), statistics.median(cli_m)
    pt, pm = statistics.median(py_t), statistics.median(py_m)
    ratios = sorted(p / c for p, c in zip(py_t, cli_t))
    print(f"median: CLI {ct:.2f} s / {cm:.0f} MiB; from_arrays {pt:.2f} s / +{pm:.0f} MiB; "
          f"from_arrays/CLI: time {pt / ct:.2f} (pairs {', '.join(f'{r:.2f}' for r in ratios)}), "
          f"memory {pm / cm:.2f}; load {os.getloadavg()}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""shockgraph's side of the peer benchmarks: machine facts, single shocks, full rankings.

    python3 benches/peers/shockgraph_times.py facts --bin target/release/graph
    python3 benches/peers/shockgraph_times.py shock bench-data/g100k.csv bench-data/g100k-nodes.csv \
        --bin target/release/graph --bench-load target/release/examples/bench_load \
        --ids n1,n2,n3 [--tolerance 1e-6] [--repeat 3]
    python3 benches/peers/shockgraph_times.py rank E.csv N.csv --bin target/release/graph \
        [--tolerance 1e-6] [--keep rank.csv] [--timeout 900]

`shock` times `graph shock --graph E --nodes N --node ID --haircut 1` (table output to
/dev/null) under /usr/bin/time -v, best of --repeat, and subtracts the load time that
`bench_load` (SHOCKS=0, same files) measures in-process, to estimate the propagation alone.
`rank` times `graph rank --graph E --nodes N --no-centrality [--tolerance T] --format csv`
with stdout to a file (--keep) or /dev/null. Every run waits for an idle machine first and
records the busy share it saw (`busy_before`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import timed  # noqa: E402


def sh(cmd: str) -> str:
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def facts(binary: str) -> dict:
    with open(binary, "rb") as fh:
        sha = hashlib.sha256(fh.read()).hexdigest()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {
        "nproc": sh("nproc"),
        "cpu": sh("lscpu | sed -n 's/^Model name: *//p'"),
        "free_g": sh("free -g | sed -n 2p"),
        "kernel": platform.release(),
        "binary": binary,
        "binary_sha256": sha,
        "binary_mtime": sh(f"date -u -r {binary} +%FT%TZ"),
        "version": sh(f"{binary} --version"),
        "rustc": sh("rustc --version"),
        # Read-only git queries: the commit the tree is on, and whether it has local edits.
        "git_head": sh(f"git -C {repo} rev-parse --short HEAD"),
        "git_dirty_files": sh(f"git -C {repo} status --porcelain --untracked-files=no").splitlines(),
        "rayon_threads": os.environ.get("RAYON_NUM_THREADS", "default (all cores)"),
    }


def best(cmd, repeat, extra_env=None, stdout=subprocess.DEVNULL):
    runs = []
    for _ in range(repeat):
        p, t = timed(cmd, extra_env=extra_env, stdout=stdout)
        if p.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{p.stderr}")
        runs.append((p, t))
    p, t = min(runs, key=lambda r: r[1]["wall_s"])
    t["all_walls_s"] = [r[1]["wall_s"] for r in runs]
    return p, t


def cmd_shock(args) -> None:
    out = {"facts": facts(args.bin)}
    env = {"SHOCKS": "0"}
    p, t = best([args.bench_load, args.edges, args.nodes], args.repeat, extra_env=env, stdout=subprocess.PIPE)
    kv = dict(line.split(": ", 1) for line in p.stdout.splitlines() if ": " in line)
    load_s = float(kv["load_seconds"])
    out["load"] = {"cmd": f"SHOCKS=0 {args.bench_load} {args.edges} {args.nodes}", "load_s": load_s, **t,
                   "bench_load_output": kv}
    print(json.dumps(out["load"]), flush=True)
    out["shocks"] = []
    for node in args.ids.split(","):
        cmd = [args.bin, "shock", "--graph", args.edges, "--nodes", args.nodes, "--node", node, "--haircut", "1"]
        if args.tolerance:
            cmd += ["--tolerance", str(args.tolerance)]
        _, t = best(cmd, args.repeat)
        r = {"cmd": " ".join(cmd) + " > /dev/null", "node": node, **t,
             "minus_load_s": round(t["wall_s"] - load_s, 3)}
        out["shocks"].append(r)
        print(json.dumps(r), flush=True)
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(out, fh, indent=1)


def cmd_rank(args) -> None:
    cmd = [args.bin, "rank", "--graph", args.edges, "--nodes", args.nodes, "--no-centrality"]
    if args.tolerance:
        cmd += ["--tolerance", str(args.tolerance)]
    cmd += ["--format", "csv"]
    full = ["timeout", str(args.timeout), *cmd]
    with open(args.keep or os.devnull, "w") as fh:
        p, t = timed(full, stdout=fh)
    r = {"facts": facts(args.bin), "cmd": " ".join(cmd) + f" > {args.keep or '/dev/null'}",
         "exit": p.returncode, "timed_out": p.returncode == 124, **t}
    print(json.dumps(r, indent=1), flush=True)
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(r, fh, indent=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("facts")
    f.add_argument("--bin", required=True)
    s = sub.add_parser("shock")
    s.add_argument("edges")
    s.add_argument("nodes")
    s.add_argument("--bin", required=True)
    s.add_argument("--bench-load", required=True)
    s.add_argument("--ids", required=True, help="comma-separated node ids")
    s.add_argument("--tolerance", type=float)
    s.add_argument("--repeat", type=int, default=3)
    s.add_argument("--out")
    r = sub.add_parser("rank")
    r.add_argument("edges")
    r.add_argument("nodes")
    r.add_argument("--bin", required=True)
    r.add_argument("--tolerance", type=float)
    r.add_argument("--keep", help="keep the CSV output here (default: /dev/null)")
    r.add_argument("--timeout", type=int, default=900, help="seconds before the run is stopped")
    r.add_argument("--out")
    args = ap.parse_args()
    if args.cmd == "facts":
        print(json.dumps(facts(args.bin), indent=1))
    elif args.cmd == "shock":
        cmd_shock(args)
    else:
        cmd_rank(args)


if __name__ == "__main__":
    main()

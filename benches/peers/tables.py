#!/usr/bin/env python3
"""Ratio tables (peer / shockgraph) from the JSON files `run_all.sh` writes to $OUT.

    python3 benches/peers/tables.py [OUT]        # default /tmp/peers/out

Prints Markdown for docs/benchmarks.md and benches/peers/README.md: load and PageRank per
graph (pr1m.json, pr100k.json), the all-node DebtRank ranking on g10k (sg_rank10k*.json against
dr10k_full*.json), and the machine facts (facts.json). A ratio above 1 means shockgraph is
faster (or smaller). Files that are missing are skipped with a note, so a partial run still
gives its tables.
"""

from __future__ import annotations

import json
import os
import sys


def load(out: str, name: str):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        print(f"_({name} missing: not run)_\n")
        return None
    with open(path) as fh:
        return json.load(fh)


def ratio(peer: float | None, ours: float | None) -> str:
    if not peer or not ours:
        return "n/a"
    return f"{peer / ours:.1f}x"


def secs(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f} s"


def pagerank_table(out: str, name: str, title: str) -> None:
    doc = load(out, name)
    if doc is None:
        return
    rows: dict[str, dict[str, dict]] = {}
    for r in doc["results"]:
        rows.setdefault(r["lib"], {})[r["mode"]] = r
    ours = rows.get("shockgraph", {})
    our_load = ours.get("load", {}).get("wall_s")
    our_pr = ours.get("pagerank", {}).get("wall_s")
    print(f"### {title}\n")
    print("| peer | load-only process: wall / peak RSS | vs shockgraph | load + PageRank process: "
          "wall / peak RSS | vs shockgraph | PageRank in process |")
    print("|---|---|---|---|---|---|")
    for lib, modes in rows.items():
        ld, pr = modes.get("load", {}), modes.get("pagerank", {})
        label = f"**{lib}**" if lib == "shockgraph" else f"{lib} {ld.get('version') or pr.get('version') or ''}"
        in_proc = secs(pr.get("pagerank_s")) if lib != "shockgraph" else "(whole command only)"
        print(f"| {label.strip()} | {secs(ld.get('wall_s'))} / {ld.get('peak_rss_mib', 'n/a')} MiB | "
              f"{ratio(ld.get('wall_s'), our_load)} | {secs(pr.get('wall_s'))} / "
              f"{pr.get('peak_rss_mib', 'n/a')} MiB | {ratio(pr.get('wall_s'), our_pr)} | {in_proc} |")
    busy = [m.get("busy_before") for modes in rows.values() for m in modes.values()]
    busy = [b for b in busy if b is not None]
    if busy:
        print(f"\nBusy share of the machine before each timed run: at most {max(busy):.1%}.")
    print()


def rank_table(out: str) -> None:
    print("### All-node DebtRank ranking, g10k (10,000 nodes / 100,000 edges)\n")
    print("| tolerance | shockgraph `graph rank` (2 threads): wall / peak RSS | numpy/scipy, every node "
          "(1 thread) | numpy / shockgraph | largest impact difference |")
    print("|---|---|---|---|---|")
    for tol, suffix in (("1e-14 (default)", ""), ("1e-6", "_t6")):
        sg = load(out, f"sg_rank10k{suffix}.json")
        dr = load(out, f"dr10k_full{suffix}.json")
        if sg is None or dr is None:
            continue
        dr = dr.get("summary", dr)
        if sg.get("exit") != 0 or sg.get("timed_out"):
            why = "timed out" if sg.get("timed_out") else f"exit {sg.get('exit')}"
            print(f"| {tol} | failed ({why}) | {secs(dr.get('sample_total_s'))} | n/a | n/a |")
            continue
        diff = dr.get("rank_check", {}).get("max_abs_diff")
        print(f"| {tol} | {secs(sg.get('wall_s'))} / {sg.get('peak_rss_mib', 'n/a')} MiB | "
              f"{secs(dr.get('sample_total_s'))} | {ratio(dr.get('sample_total_s'), sg.get('wall_s'))} | "
              f"{'n/a' if diff is None else f'{diff:.1e}'} |")
    print()


def facts_table(out: str) -> None:
    f = load(out, "facts.json")
    if f is None:
        return
    print("Machine and build: " + "; ".join(
        f"{k} {f[k]}" for k in ("cpu", "nproc", "kernel", "version", "rustc", "git_head", "binary_mtime")
        if k in f) + ".\n")


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OUT", "/tmp/peers/out")
    facts_table(out)
    pagerank_table(out, "pr1m.json", "Load and weighted PageRank, g1m (1M nodes / 10M edges)")
    pagerank_table(out, "pr100k.json", "Load and weighted PageRank, g100k (100k nodes / 1M edges)")
    rank_table(out)


if __name__ == "__main__":
    main()

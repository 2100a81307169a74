#!/usr/bin/env python3
"""NetworkX reference values for the sampled betweenness (tests/it/sampled_betweenness.rs).

Writes `sampled_betweenness.json` next to this script: for the default graph and the
`random50` and `disconnected` fixtures, hop-count and weighted (distance = 1/amount), several
(k, seed) pairs: the pivots NetworkX draws and `nx.betweenness_centrality(G, k=k, seed=seed,
weight=None | "distance")`. shockgraph draws its pivots with its own generator, so the Rust
test hands these pivots to `centrality::sampled::betweenness_from` and compares the values.

The pivots are `random.Random(seed).sample(list(G), k)`, what `betweenness_centrality` draws
with an integer seed; the script recomputes every case from those pivots with NetworkX's own
internals (`_single_source_shortest_path_basic` / `_single_source_dijkstra_path_basic`,
`_accumulate_basic`, `_rescale(..., sampled_nodes=pivots)`), exactly as
`betweenness_centrality` does with its `nodes` list, and fails if the two differ by more than
1e-15, so the stored pivots are the ones behind the stored values.

Graphs are loaded as make_reference.py loads them (DiGraph, nodes in file order, parallel
edges summed, distance = 1/weight).

Run: python3 tests/reference/centrality/make_sampled_reference.py  (networkx 3.6.1 used)
"""

import json
import os
import platform
import random

import networkx as nx
from networkx.algorithms.centrality import betweenness as nxb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

FIXTURES = [
    ("default", "graphs/ai-infra-2026.json"),
    ("random50", "tests/reference/centrality/random50.json"),
    ("disconnected", "tests/reference/centrality/disconnected.json"),
]
# (k, seed): the smallest k, a few in between, and k = n - 1 (every node but one).
SAMPLES = [(2, 1), (5, 7), (10, 0), (20, 42), (-1, 3)]


def load(path):
    with open(os.path.join(ROOT, path)) as f:
        d = json.load(f)
    g = nx.DiGraph()
    g.add_nodes_from(n["id"] for n in d["nodes"])
    for e in d["edges"]:
        u, v, a = e["from"], e["to"], float(e["amount"])
        if g.has_edge(u, v):
            g[u][v]["weight"] += a
        else:
            g.add_edge(u, v, weight=a)
    for _, _, e in g.edges(data=True):
        e["distance"] = 1.0 / e["weight"]
    return g


def by_internals(g, pivots, weight):
    """betweenness_centrality's loop over its sampled `nodes`, spelled out."""
    b = dict.fromkeys(g, 0.0)
    for s in pivots:
        if weight is None:
            S, P, sigma, _ = nxb._single_source_shortest_path_basic(g, s)
        else:
            S, P, sigma, _ = nxb._single_source_dijkstra_path_basic(g, s, weight)
        b, _ = nxb._accumulate_basic(b, S, P, sigma, s)
    return nxb._rescale(b, len(g), normalized=True, directed=True, endpoints=False,
                        sampled_nodes=pivots)


def main():
    doc = {
        "generated_by": "tests/reference/centrality/make_sampled_reference.py",
        "versions": {"networkx": nx.__version__, "python": platform.python_version()},
        "networkx_call": "nx.betweenness_centrality(G, k=k, seed=seed, weight=None | "
                         "'distance'), pivots = random.Random(seed).sample(list(G), k)",
        "graphs": [],
    }
    for name, path in FIXTURES:
        g = load(path)
        n = len(g)
        cases = []
        for k, seed in SAMPLES:
            k = n - 1 if k < 0 else k
            if k >= n:
                continue
            pivots = random.Random(seed).sample(list(g), k)
            for weight in (None, "distance"):
                got = nx.betweenness_centrality(g, k=k, seed=seed, weight=weight)
                again = by_internals(g, pivots, weight)
                diff = max(abs(got[v] - again[v]) for v in g)
                assert diff <= 1e-15, (name, k, seed, weight, diff)
                cases.append({
                    "k": k,
                    "seed": seed,
                    "weighted": weight is not None,
                    "pivots": pivots,
                    "scores": got,
                })
        doc["graphs"].append({"graph": name, "fixture": path, "nodes": list(g),
                              "cases": cases})
        print(f"{name}: {n} nodes, {len(cases)} cases")
    with open(os.path.join(HERE, "sampled_betweenness.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Peer benchmark: all-node differential DebtRank ranking in plain numpy/scipy.

The model is shockgraph's `debtrank` (docs: /work/shared/design/model.md section 2, Bardoscia et
al. 2015), for a CSV edge list `from,to,amount` (kind `debt`, recovery 0) and a nodes CSV
`id,buffer[,value]`:

* an edge `from -> to` means `from` owes `to`: `to` is exposed, and distress flows from -> to
  with weight exposure = amount (parallel edges summed);
* Lambda_ij = exposure(j -> i) / buffer_i (not capped; a node with buffer 0 is defaulted by any
  positive loss);
* a single-node shock on k with haircut 1: h(1) = e_k, then
  h(t+1) = min(1, h(t) + Lambda (h(t) - h(t-1))) until no h changes by more than 1e-14;
* impact_k = sum_i value_i (h_i - h_i(1)) / sum_i value_i  (value defaults to buffer).

Each shock is vectorised: one scipy.sparse CSR matvec (exposure matrix, rows = exposed node)
per round, on all nodes. `--batch B` runs B shocks at once as an N x B dense block (CSR times
dense matrix), dropping columns as they converge.

A full ranking is one shock per node, so the script times a seeded sample of shocks, picked
uniformly from all nodes, and extrapolates the mean to all N nodes (single core; scipy's sparse
matvec does not use threads).

    python3 benches/peers/debtrank_numpy.py bench-data/g100k.csv bench-data/g100k-nodes.csv \
        --sample 50 --seed 1 [--batch 1] [--check-bin target/release/graph --check 5]

With --check-bin the first --check sampled nodes with a positive out-degree are also shocked with
`graph shock --graph E --nodes N --node ID --haircut 1 --format json` and the `impact` fields
compared. Unset OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for the run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import wait_quiet  # noqa: E402

import scipy
import scipy.sparse as sp

TOL = 1e-14  # --tolerance: stop when no h changes by more than this


def load(edges: str, nodes: str):
    t0 = time.perf_counter()
    nd = pl.read_csv(nodes, schema_overrides={"id": pl.String})
    ids = nd["id"]
    buffer = nd["buffer"].cast(pl.Float64).to_numpy().copy()
    value = (nd["value"] if "value" in nd.columns else nd["buffer"]).cast(pl.Float64).to_numpy().copy()
    n = len(ids)
    ed = pl.read_csv(
        edges,
        columns=["from", "to", "amount"],
        schema_overrides={"from": pl.String, "to": pl.String, "amount": pl.Float64},
    )
    enum = pl.Enum(ids)  # every edge end must be in the nodes file (the cast fails otherwise)
    s = ed["from"].cast(enum).to_physical().to_numpy().astype(np.int64)
    d = ed["to"].cast(enum).to_physical().to_numpy().astype(np.int64)
    w = ed["amount"].to_numpy()
    # Exposure matrix: E[i, j] = exposure(j -> i), rows = exposed end (to), columns = obligor
    # (from); the COO -> CSR conversion sums parallel edges.
    e = sp.csr_array((w, (d, s)), shape=(n, n))
    e.sum_duplicates()
    outdeg = np.bincount(s, minlength=n)
    return ids, buffer, value, e, outdeg, time.perf_counter() - t0


class DebtRank:
    def __init__(self, buffer, value, e, tol=TOL):
        self.n = len(buffer)
        self.tol = tol
        pos = buffer > 0
        self.inv_buffer = np.where(pos, 1.0 / np.where(pos, buffer, 1.0), 0.0)
        self.zero_buffer = ~pos
        self.any_zero = bool(self.zero_buffer.any())
        # Lambda = diag(1/buffer) E on the rows with a positive buffer; rows with buffer 0 are
        # handled apart (any positive loss defaults them).
        self.lam = sp.csr_array(sp.diags_array(self.inv_buffer) @ e)
        self.e_zero = sp.csr_array(e[self.zero_buffer.nonzero()[0]]) if self.any_zero else None
        self.e = e
        self.value = value
        self.total_value = float(value.sum())

    def _step(self, h, dh):
        hn = np.minimum(1.0, h + self.lam @ dh)
        if self.any_zero:
            loss0 = self.e_zero @ dh
            rows = self.zero_buffer.nonzero()[0]
            hn[rows] = np.where(loss0 > 0, 1.0, hn[rows])
        return hn

    def shock(self, k: int, haircut: float = 1.0):
        """One single-node shock; returns (impact, sparse matvecs done, the last finding no change)."""
        h = np.zeros(self.n)
        h[k] = haircut
        h1 = h.copy()
        dh = h.copy()
        rounds = 1
        while True:
            hn = self._step(h, dh)
            dh = hn - h
            h = hn
            if np.abs(dh).max() <= self.tol:
                break
            rounds += 1
        impact = float(self.value @ (h - h1)) / self.total_value if self.total_value > 0 else 0.0
        return impact, rounds

    def shock_classic(self, k: int, haircut: float = 1.0):
        """One classic DebtRank shock (Battiston et al. 2012; shockgraph's `debtrank-classic`):
        W = min(1, Lambda); a node passes its level once, in the round after it is first
        distressed; returns (impact, rounds in which some distress changed)."""
        h = np.zeros(self.n)
        h[k] = haircut
        h1 = h.copy()
        if not hasattr(self, "w"):
            self.w = self.lam.copy()
            self.w.data = np.minimum(self.w.data, 1.0)
        done = np.zeros(self.n, dtype=bool)
        active = h > 0
        rounds = 0
        while active.any():
            done |= active
            passed = np.where(active, h, 0.0)
            hn = np.minimum(1.0, h + self.w @ passed)
            if self.any_zero:
                loss0 = self.e_zero @ passed
                rows = self.zero_buffer.nonzero()[0]
                hn[rows] = np.where(loss0 > 0, 1.0, hn[rows])
            moved = hn > h
            if moved.any():
                rounds += 1
            h = hn
            active = moved & ~done
        impact = float(self.value @ (h - h1)) / self.total_value if self.total_value > 0 else 0.0
        return impact, rounds

    def shock_threshold(self, k: int, haircut: float = 1.0):
        """One threshold-cascade shock (Furfine 2003; shockgraph's `threshold`): losses are
        `exposure * share passed`, a node passes the rest of its exposure once when it defaults
        (distress within 1e-12 of 1); returns (impact, rounds in which some distress changed)."""
        h1 = np.zeros(self.n)
        h1[k] = haircut
        h = h1.copy()
        x = h1.copy()  # share of its exposure each node passes this round
        passed = h1.copy()
        done = h1 >= 1.0
        received = np.zeros(self.n)
        rounds = 0
        while x.any():
            received += self.e @ x
            hn = np.minimum(1.0, h1 + received * self.inv_buffer)
            if self.any_zero:
                hn = np.where(self.zero_buffer & (received > 0), 1.0, hn)
            hn = np.where(hn >= 1.0 - 1e-12, 1.0, np.maximum(h, hn))
            if (hn > h).any():
                rounds += 1
            h = hn
            new = (h >= 1.0) & ~done
            x = np.where(new, 1.0 - passed, 0.0)
            passed[new] = 1.0
            done |= new
        impact = float(self.value @ (h - h1)) / self.total_value if self.total_value > 0 else 0.0
        return impact, rounds

    def shock_batch(self, ks, haircut: float = 1.0):
        """B single-node shocks at once (N x B block); returns (impacts, rounds per shock)."""
        b = len(ks)
        cols = np.arange(b)
        h = np.zeros((self.n, b))
        h[ks, cols] = haircut
        h1 = h.copy()
        dh = h.copy()
        rounds = np.ones(b, dtype=np.int64)
        active = cols.copy()
        while active.size:
            ha = h[:, active]
            hn = self._step(ha, dh)
            dh = hn - ha
            h[:, active] = hn
            moving = np.abs(dh).max(axis=0) > self.tol
            rounds[active[moving]] += 1
            active = active[moving]
            dh = dh[:, moving]
        impacts = (self.value @ (h - h1)) / self.total_value
        return impacts, rounds


def graph_shock_impact(binary, edges, nodes, node_id, tol=TOL):
    extra = [] if tol == TOL else ["--tolerance", repr(tol)]
    out = subprocess.run(
        [binary, "shock", "--graph", edges, "--nodes", nodes, "--node", node_id, "--haircut", "1", "--format", "json",
         *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)["impact"], json.loads(out).get("rounds")


def times_ids(args, ids, dr, load_s, build_s) -> None:
    """Times single shocks of the nodes of --ids, interleaved with nothing else in process."""
    pos = {v: i for i, v in enumerate(ids.to_list())}
    shock = {"classic": dr.shock_classic, "threshold": dr.shock_threshold}.get(args.model, dr.shock)
    quiet = {} if args.no_wait else wait_quiet()
    out = {"edges": args.edges, "model": args.model, "tolerance": args.tolerance, "load_s": round(load_s, 3),
           "build_lambda_s": round(build_s, 3), **quiet, "loadavg": os.getloadavg(), "shocks": []}
    for node in args.ids.split(","):
        k = pos[node]
        secs = []
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            imp, rounds = shock(k)
            secs.append(time.perf_counter() - t)
        secs.sort()
        out["shocks"].append({"id": node, "impact": imp, "rounds": rounds, "best_s": round(secs[0], 4),
                              "median_s": round(secs[len(secs) // 2], 4), "runs": len(secs)})
    out["versions"] = {"numpy": np.__version__, "scipy": scipy.__version__}
    print(json.dumps(out, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("edges")
    ap.add_argument("nodes")
    ap.add_argument("--sample", type=int, default=50,
                    help="shocks to time (uniform over all nodes); 0: every node (a full ranking)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tolerance", type=float, default=TOL,
                    help="stop when no h changes by more than this (model.md: 1e-14)")
    ap.add_argument("--ids", help="comma-separated node ids: time one shock of each (--repeat times) "
                    "instead of a sample, and print best / median per node")
    ap.add_argument("--repeat", type=int, default=5, help="with --ids: timed runs per node")
    ap.add_argument("--model", choices=["debtrank", "classic", "threshold"], default="debtrank",
                    help="with --ids: differential (default) or classic DebtRank, or the threshold cascade")
    ap.add_argument("--no-wait", action="store_true", help="do not wait for an idle machine")
    ap.add_argument("--batch", type=int, default=1, help="shocks per N x B block (1: one matvec per shock)")
    ap.add_argument("--check-bin", help="shockgraph `graph` binary for the cross-check")
    ap.add_argument("--check", type=int, default=5, help="sampled nodes (positive out-degree) to cross-check")
    ap.add_argument("--compare-rank", metavar="CSV",
                    help="`graph rank --format csv` output: compare its impact column with ours")
    ap.add_argument("--out", help="write per-shock results as JSON")
    args = ap.parse_args()

    ids, buffer, value, e, outdeg, load_s = load(args.edges, args.nodes)
    t0 = time.perf_counter()
    dr = DebtRank(buffer, value, e, args.tolerance)
    build_s = time.perf_counter() - t0
    n = dr.n
    if args.ids:
        times_ids(args, ids, dr, load_s, build_s)
        return
    rng = np.random.default_rng(args.seed)
    if args.sample <= 0 or args.sample >= n:
        sample = np.arange(n)
    else:
        sample = rng.choice(n, size=args.sample, replace=False)

    quiet = wait_quiet()  # someone else's build would skew a 2-core benchmark
    per = []
    t_all = time.perf_counter()
    if args.batch <= 1:
        for k in sample:
            t = time.perf_counter()
            imp, rounds = dr.shock(int(k))
            per.append({"id": ids[int(k)], "out_degree": int(outdeg[k]), "impact": imp, "matvecs": rounds,
                        "seconds": time.perf_counter() - t})
    else:
        for i in range(0, len(sample), args.batch):
            ks = sample[i:i + args.batch]
            t = time.perf_counter()
            imps, rounds = dr.shock_batch(ks)
            dt = (time.perf_counter() - t) / len(ks)
            for k, imp, r in zip(ks, imps, rounds):
                per.append({"id": ids[int(k)], "out_degree": int(outdeg[k]), "impact": float(imp),
                            "matvecs": int(r), "seconds": dt})
    total = time.perf_counter() - t_all
    secs = np.array([p["seconds"] for p in per])
    rounds = np.array([p["matvecs"] for p in per])
    mean = total / len(per)
    summary = {
        "edges": args.edges,
        "nodes": n,
        "edges_raw": int(outdeg.sum()),
        "distress_pairs": int(e.nnz),
        "load_s": round(load_s, 3),
        "build_lambda_s": round(build_s, 3),
        "sample": len(per),
        "seed": args.seed,
        "batch": args.batch,
        "tolerance": args.tolerance,
        **quiet,
        "sample_total_s": round(total, 3),
        "mean_shock_s": mean,
        "median_shock_s": float(np.median(secs)),
        "max_shock_s": float(secs.max()),
        "matvecs_mean": float(rounds.mean()),
        "matvecs_max": int(rounds.max()),
        "zero_impact_shocks": int(sum(p["impact"] == 0 for p in per)),
        "extrapolated_all_nodes_s": mean * n,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "polars": pl.__version__},
        "openblas_env": {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ},
    }
    if args.check_bin:
        checks = []
        for p in [p for p in per if p["out_degree"] > 0][: args.check]:
            t = time.perf_counter()
            sg, sg_rounds = graph_shock_impact(args.check_bin, args.edges, args.nodes, p["id"], args.tolerance)
            checks.append({"id": p["id"], "numpy": p["impact"], "shockgraph": sg, "abs_diff": abs(sg - p["impact"]),
                           "numpy_matvecs": p["matvecs"], "shockgraph_rounds": sg_rounds,
                           "graph_shock_wall_s": round(time.perf_counter() - t, 3)})
        summary["cross_check"] = checks
        summary["cross_check_max_abs_diff"] = max(c["abs_diff"] for c in checks) if checks else None
    if args.compare_rank:
        rk = pl.read_csv(args.compare_rank, schema_overrides={"id": pl.String, "impact": pl.Float64})
        theirs = dict(zip(rk["id"].to_list(), rk["impact"].to_list()))
        diffs = [abs(theirs[p["id"]] - p["impact"]) for p in per]
        worst = int(np.argmax(diffs))
        summary["rank_check"] = {"compared": len(diffs), "max_abs_diff": max(diffs), "worst_id": per[worst]["id"]}
        # Same order? (impact descending, ties by id, as `graph rank` sorts.)
        ours = sorted(per, key=lambda p: (-p["impact"], p["id"]))
        mine = {p["id"] for p in per}
        theirs_order = [i for i in rk["id"].to_list() if i in mine]
        summary["rank_check"]["same_order"] = [p["id"] for p in ours] == theirs_order
    print(json.dumps(summary, indent=1))
    if args.out:
        with open(args.out, "w") as fh:
            json.dump({"summary": summary, "shocks": per}, fh, indent=1)


if __name__ == "__main__":
    main()

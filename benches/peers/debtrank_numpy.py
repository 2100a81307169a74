#!/usr/bin/env python3
"""Peer benchmark: all-node differential DebtRank ranking in plain numpy/scipy, and single shocks
of classic DebtRank, the threshold cascade and Eisenberg-Noe clearing.

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

`--ids A,B --repeat R [--model debtrank|classic|threshold|eisenberg-noe] [--no-wait]` times single
full-default shocks of the given nodes instead (best / median of R runs, rounds, impact), in
differential or classic DebtRank, the threshold cascade or Eisenberg-Noe clearing; with --check-bin
each impact is also compared with `graph shock --model ...` (docs/benchmarks.md, "One full-default
shock").

Eisenberg-Noe (`--model eisenberg-noe`; shockgraph's `eisenberg-noe` with alpha = beta = 1,
src/shock/eisenberg_noe/ and src/model/obligations.rs), for the same edge list and a nodes CSV
`id,external_assets[,external_liabilities][,buffer][,value]` (empty cells: not given; at least one
node must give external_assets):

* every edge is an obligation (kind `debt`; recovery plays no part): L_ij = what i owes j, the
  face amounts of the edges i -> j summed; pbar_i = sum_j L_ij + external_liabilities_i;
  Pi_ij = L_ij / pbar_i; e = external_assets (0 when not given);
* the haircut cuts the shocked node's external assets, e_k <- (1 - h) e_k (h = 1 here);
* the greatest clearing vector p = min(pbar, max(0, e + Pi^T p)) by the fictitious-default
  algorithm: p = pbar, inflow = claims at face (column sums of L); each step adds to the
  defaulted set D every node with pbar_i - (e_i + inflow_i) > 1e-13 pbar_i, stops when D does not
  grow (or after --max-rounds steps, default 1,000,000 as shockgraph's), else solves
  p_D = e_D + (Pi^T)_{D,D} p_D + (Pi^T)_{D,rest} pbar_rest and updates the inflows with one CSR
  matvec over all nodes, inflow += Pi^T (p_new - p_old). The solve is shockgraph's: a dense LU
  with partial pivoting when |D| <= 400 (unless a pivot is below 1e-13), clamped to [0, pbar_D];
  otherwise sweeps from the current (higher) payments, x <- clip(rhs + (Pi^T)_{D,D} x, 0, pbar_D),
  until no x changes by more than 1e-15 max(pbar_D). Those sweeps are Jacobi (one matvec on the
  D x D block each) where shockgraph does Gauss-Seidel; both decrease to the same solution.
  --tolerance plays no part, as in shockgraph;
* loss_i = equity before - equity after = h e_i [i = k] + claims_i - inflow_i, clamped at 0, where
  equity before = e_i + claims_i - pbar_i (before the haircut, claims at face). distress
  h_i = loss_i / equity before clamped to [0, 1] (1 when equity before <= 0 and loss_i > 0);
  h_k(1) = distress of the haircut's loss alone (h e_k / equity before, clamped);
* impact_k = sum_i value_i max(0, h_i - h_i(1)) / sum_i value_i, value defaulting to buffer and
  buffer to max(0, equity before). Nodes already insolvent before any shock (equity before < 0)
  default in step 1 whatever the shock, and their creditors' losses count in every shock's impact;
* rounds = the last step that changed a payment (at least 1 when some node lost something, else
  0), shockgraph's `rounds` for this model. The JSON also gives steps (the last one finds no new
  default), sweeps, matvecs (per step: one on the rows of D for the right-hand side, one over all
  nodes for the inflows, one per sweep) and the defaulted (p < pbar) and distressed (loss > 0,
  not defaulted) counts, as shockgraph's. pbar sums each row in order, as shockgraph does
  (scipy's pairwise `sum(axis=1)` differs in the last bits, which tiny equities amplify). The
  obligation matrix, Pi^T, pbar, claims and equity before are built once per graph, outside the
  shock times (`build_lambda_s`), as shockgraph caches them (Network::obligations).

    python3 benches/peers/debtrank_numpy.py bench-data/g100k.csv bench-data/g100k-nodes-ea.csv \
        --model eisenberg-noe --ids n65399,n8386 --repeat 3 --no-wait --check-bin target/release/graph

The -ea nodes file copies each node's buffer into external_assets (docs/benchmarks.md). With
--model eisenberg-noe the sample mode (without --ids) works as for DebtRank (--batch 1 only);
classic and threshold need --ids. `--dump DIR` (with --ids) writes each Eisenberg-Noe shock's
distress vector as bench_shock's DUMP does, to compare node by node.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings

import numpy as np
import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import wait_quiet  # noqa: E402

import scipy
import scipy.linalg
import scipy.sparse as sp

TOL = 1e-14  # --tolerance: stop when no h changes by more than this

# Eisenberg-Noe, as src/shock/eisenberg_noe/ and src/shock/params.rs.
SHORT_EPS = 1e-13  # a node cannot pay in full when pbar - (e + inflow) > SHORT_EPS * pbar
DENSE_LIMIT = 400  # defaulted sets up to this size are solved by dense LU
PIVOT_MIN = 1e-13  # a smaller LU pivot counts as singular (then sweeps)
SOLVE_TOL = 1e-15  # sweeps stop when no payment changes by more than SOLVE_TOL * max(pbar_D)
SOLVE_CAP = 1_000_000  # sweeps per solve before giving up (not converged)
MAX_ROUNDS = 1_000_000  # clearing steps (shockgraph's MAX_ROUNDS, `graph shock --max-rounds`)
SG_MODEL = {"debtrank": "debtrank", "classic": "debtrank-classic", "threshold": "threshold",
            "eisenberg-noe": "eisenberg-noe"}  # --model -> `graph shock --model`


def read_edges(edges: str, ids):
    """The edge list as node positions in `ids` (`from`, `to`) and amounts, in file order."""
    ed = pl.read_csv(
        edges,
        columns=["from", "to", "amount"],
        schema_overrides={"from": pl.String, "to": pl.String, "amount": pl.Float64},
    )
    enum = pl.Enum(ids)  # every edge end must be in the nodes file (the cast fails otherwise)
    s = ed["from"].cast(enum).to_physical().to_numpy().astype(np.int64)
    d = ed["to"].cast(enum).to_physical().to_numpy().astype(np.int64)
    return s, d, ed["amount"].to_numpy()


def load(edges: str, nodes: str):
    t0 = time.perf_counter()
    nd = pl.read_csv(nodes, schema_overrides={"id": pl.String})
    ids = nd["id"]
    buffer = nd["buffer"].cast(pl.Float64).to_numpy().copy()
    value = (nd["value"] if "value" in nd.columns else nd["buffer"]).cast(pl.Float64).to_numpy().copy()
    n = len(ids)
    s, d, w = read_edges(edges, ids)
    # Exposure matrix: E[i, j] = exposure(j -> i), rows = exposed end (to), columns = obligor
    # (from); the COO -> CSR conversion sums parallel edges.
    e = sp.csr_array((w, (d, s)), shape=(n, n))
    e.sum_duplicates()
    outdeg = np.bincount(s, minlength=n)
    return ids, buffer, value, e, outdeg, time.perf_counter() - t0


def load_en(edges: str, nodes: str):
    """The Eisenberg-Noe inputs: node figures (empty cells: not given) and the obligation matrix
    L by obligor, L[i, j] = what i owes j (edge `from -> to`: from owes to; parallel edges summed)."""
    t0 = time.perf_counter()
    nd = pl.read_csv(nodes, schema_overrides={"id": pl.String})
    ids = nd["id"]
    n = len(ids)

    def figure(name):
        if name not in nd.columns:
            return np.zeros(n), np.zeros(n, dtype=bool)
        c = nd[name].cast(pl.Float64)
        return c.fill_null(0.0).to_numpy().copy(), c.is_not_null().to_numpy().copy()

    e_pre, has_e = figure("external_assets")
    if not has_e.any():
        sys.exit(f"error: eisenberg-noe needs external_assets in {nodes} (no node gives it)")
    ext_liab, _ = figure("external_liabilities")
    buffer, has_buffer = figure("buffer")
    value, has_value = figure("value")
    s, d, w = read_edges(edges, ids)
    obl = sp.csr_array((w, (s, d)), shape=(n, n))  # COO -> CSR sums parallel edges
    obl.sum_duplicates()
    outdeg = np.bincount(s, minlength=n)
    figures = {"e_pre": e_pre, "ext_liab": ext_liab, "buffer": np.where(has_buffer, buffer, np.nan),
               "value": np.where(has_value, value, np.nan)}
    return ids, figures, obl, outdeg, time.perf_counter() - t0


class EisenbergNoe:
    """Eisenberg-Noe clearing of single-node shocks (module docstring)."""

    def __init__(self, e_pre, ext_liab, buffer, value, obl, max_rounds=MAX_ROUNDS):
        n = obl.shape[0]
        self.n = n
        self.max_rounds = max_rounds
        self.e_pre = e_pre
        self.pbar = obl @ np.ones(n) + ext_liab  # row sums in row order, as shockgraph (not pairwise)
        self.claims = np.bincount(obl.indices, weights=obl.data, minlength=n)  # column sums of L
        self.short = SHORT_EPS * self.pbar
        # Pi^T by creditor: pit[j, i] = L_ij / pbar_i, so that pit @ p is what each node receives.
        rows = np.repeat(np.arange(n), np.diff(obl.indptr))
        pos = self.pbar[rows] > 0
        pi = sp.csr_array((np.where(pos, obl.data / np.where(pos, self.pbar[rows], 1.0), 0.0), obl.indices,
                           obl.indptr), shape=(n, n))
        self.pit = sp.csr_array(pi.T)
        self.equity_before = e_pre + self.claims - self.pbar
        # Totals' weights: buffer, else equity before (>= 0); value, else that buffer.
        buf = np.where(np.isnan(buffer), np.maximum(self.equity_before, 0.0), buffer)
        self.value = np.where(np.isnan(value), buf, value)
        self.total_value = float(self.value.sum())
        self.last = {}

    @staticmethod
    def _distress(equity_before, loss):
        """loss / equity before, clamped to [0, 1]; 1 when equity before <= 0 and loss > 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.clip(loss / equity_before, 0.0, 1.0)
        return np.where(loss <= 0, 0.0, np.where(equity_before <= 0, 1.0, ratio))

    @staticmethod
    def _solve(b, rhs, x0, cap):
        """p_D = rhs + b p_D (b = (Pi^T)_{D,D}): dense LU for small D, else Jacobi sweeps from
        x0 (>= the solution); returns (payments, sweeps, converged)."""
        m = len(rhs)
        if m <= DENSE_LIMIT:
            a = np.eye(m) - b.toarray()
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lu, piv = scipy.linalg.lu_factor(a, check_finite=False)
            if m == 0 or np.abs(np.diag(lu)).min() >= PIVOT_MIN:
                return np.clip(scipy.linalg.lu_solve((lu, piv), rhs, check_finite=False), 0.0, cap), 0, True
        x = x0.copy()
        tol = SOLVE_TOL * max(float(cap.max()), 1e-300)
        for sweep in range(1, SOLVE_CAP + 1):
            v = np.clip(rhs + b @ x, 0.0, cap)
            change = np.abs(v - x).max()
            x = v
            if change <= tol:
                return x, sweep, True
        return x, SOLVE_CAP, False

    def shock(self, k: int, haircut: float = 1.0):
        """One single-node shock; returns (impact, rounds); self.last has the other counts."""
        n, pbar, pit = self.n, self.pbar, self.pit
        e = self.e_pre.copy()
        e[k] = (1.0 - haircut) * self.e_pre[k]
        p = pbar.copy()
        inflow = self.claims.copy()
        in_d = np.zeros(n, dtype=bool)
        step = last_change = sweeps = matvecs = 0
        converged = True
        while True:
            step += 1
            new = (pbar - (e + inflow) > self.short) & ~in_d
            if not new.any():
                break
            if step > self.max_rounds:
                converged = False
                break
            in_d |= new
            dset = np.flatnonzero(in_d)
            rows = pit[dset]  # what the defaulted nodes receive, by payer
            rhs = e[dset] + rows @ np.where(in_d, 0.0, p)  # everyone else pays in full
            x, s, ok = self._solve(sp.csr_array(rows[:, dset]), rhs, p[dset], pbar[dset])
            converged &= ok
            sweeps += s
            delta = np.zeros(n)
            delta[dset] = x - p[dset]
            if delta.any():
                last_change = step
            inflow += pit @ delta
            p[dset] = x
            matvecs += 2 + s
        loss = self.claims - inflow
        loss[k] += haircut * self.e_pre[k]
        loss = np.maximum(loss, 0.0)
        h = self._distress(self.equity_before, loss)
        h1 = min(float(self._distress(self.equity_before[k:k + 1], np.array([haircut * self.e_pre[k]]))[0]), h[k])
        dh = h.copy()
        dh[k] = max(0.0, h[k] - h1)
        impact = float(self.value @ dh) / self.total_value if self.total_value > 0 else 0.0
        rounds = max(last_change, 1) if (loss > 0).any() else 0
        defaulted = p < pbar
        self.last = {"steps": step, "sweeps": sweeps, "matvecs": matvecs, "defaulted": int(defaulted.sum()),
                     "distressed": int((~defaulted & (loss > 0)).sum()), "converged": bool(converged)}
        self.h, self.p = h, p  # the last shock's distress and payments
        return impact, rounds


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


def graph_shock_impact(binary, edges, nodes, node_id, tol=TOL, model="debtrank", max_rounds=MAX_ROUNDS):
    extra = [] if tol == TOL else ["--tolerance", repr(tol)]
    if model != "debtrank":
        extra += ["--model", SG_MODEL[model]]
    if max_rounds != MAX_ROUNDS:
        extra += ["--max-rounds", str(max_rounds)]
    out = subprocess.run(
        [binary, "shock", "--graph", edges, "--nodes", nodes, "--node", node_id, "--haircut", "1", "--format", "json",
         *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)["impact"], json.loads(out).get("rounds")


def conventions(args) -> dict:
    """The stopping rules in force, for the JSON output."""
    if args.model != "eisenberg-noe":
        return {"tolerance": args.tolerance}
    return {"tolerance": None, "short_eps": SHORT_EPS, "dense_limit": DENSE_LIMIT, "solve_tol": SOLVE_TOL,
            "max_rounds": args.max_rounds}


def times_ids(args, ids, dr, load_s, build_s) -> None:
    """Times single shocks of the nodes of --ids, interleaved with nothing else in process."""
    pos = {v: i for i, v in enumerate(ids.to_list())}
    shock = getattr(dr, "shock_" + args.model) if args.model in ("classic", "threshold") else dr.shock
    quiet = {} if args.no_wait else wait_quiet()
    out = {"edges": args.edges, "nodes": args.nodes, "model": args.model, **conventions(args),
           "load_s": round(load_s, 3), "build_lambda_s": round(build_s, 3), **quiet, "loadavg": os.getloadavg(),
           "shocks": []}
    for node in args.ids.split(","):
        k = pos[node]
        secs = []
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            imp, rounds = shock(k)
            secs.append(time.perf_counter() - t)
        secs.sort()
        out["shocks"].append({"id": node, "impact": imp, "rounds": rounds, "best_s": round(secs[0], 4),
                              "median_s": round(secs[len(secs) // 2], 4), "runs": len(secs),
                              **getattr(dr, "last", {})})
        if args.dump:  # as bench_shock's DUMP: little-endian f64, one per node, nodes-file order
            dr.h.astype("<f8").tofile(os.path.join(args.dump, f"{args.model}-{node}.f64"))
    if args.check_bin:  # after all timed runs
        for r in out["shocks"]:
            sg, sg_rounds = graph_shock_impact(args.check_bin, args.edges, args.nodes, r["id"], args.tolerance,
                                               args.model, args.max_rounds)
            r.update({"shockgraph": sg, "shockgraph_rounds": sg_rounds, "abs_diff": abs(sg - r["impact"]),
                      "rel_diff": abs(sg - r["impact"]) / abs(sg) if sg else None})
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
    ap.add_argument("--model", choices=["debtrank", "classic", "threshold", "eisenberg-noe"], default="debtrank",
                    help="differential (default) or classic DebtRank, the threshold cascade, or Eisenberg-Noe "
                    "clearing (needs external_assets in the nodes file); classic and threshold with --ids only")
    ap.add_argument("--max-rounds", type=int, default=MAX_ROUNDS,
                    help="eisenberg-noe: cap on clearing steps (shockgraph's default 1,000,000)")
    ap.add_argument("--no-wait", action="store_true", help="do not wait for an idle machine")
    ap.add_argument("--batch", type=int, default=1, help="shocks per N x B block (1: one matvec per shock)")
    ap.add_argument("--check-bin", help="shockgraph `graph` binary for the cross-check (with --ids: every id)")
    ap.add_argument("--check", type=int, default=5, help="sampled nodes (positive out-degree) to cross-check")
    ap.add_argument("--compare-rank", metavar="CSV",
                    help="`graph rank --format csv` output: compare its impact column with ours")
    ap.add_argument("--out", help="write per-shock results as JSON")
    ap.add_argument("--dump", metavar="DIR", help="with --ids and --model eisenberg-noe: write each shock's distress "
                    "vector to DIR/eisenberg-noe-ID.f64 (little-endian f64 in nodes-file order, as bench_shock's DUMP)")
    args = ap.parse_args()
    if args.dump and not (args.ids and args.model == "eisenberg-noe"):
        ap.error("--dump needs --ids and --model eisenberg-noe")
    if not args.ids and args.model in ("classic", "threshold"):
        ap.error(f"--model {args.model} needs --ids")
    if args.model == "eisenberg-noe" and args.batch > 1:
        ap.error("--model eisenberg-noe runs one shock at a time (--batch 1)")

    if args.model == "eisenberg-noe":
        ids, figures, e, outdeg, load_s = load_en(args.edges, args.nodes)
        t0 = time.perf_counter()
        dr = EisenbergNoe(figures["e_pre"], figures["ext_liab"], figures["buffer"], figures["value"], e,
                          args.max_rounds)
    else:
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

    quiet = {} if args.no_wait else wait_quiet()  # someone else's build would skew a 2-core benchmark
    per = []
    t_all = time.perf_counter()
    if args.batch <= 1:
        for k in sample:
            t = time.perf_counter()
            imp, rounds = dr.shock(int(k))
            dt = time.perf_counter() - t
            if args.model == "eisenberg-noe":  # dr.last: steps, sweeps, matvecs, defaulted, ...
                per.append({"id": ids[int(k)], "out_degree": int(outdeg[k]), "impact": imp, "rounds": rounds,
                            "seconds": dt, **dr.last})
            else:
                per.append({"id": ids[int(k)], "out_degree": int(outdeg[k]), "impact": imp, "matvecs": rounds,
                            "seconds": dt})
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
        "model": args.model,
        **conventions(args),
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
            sg, sg_rounds = graph_shock_impact(args.check_bin, args.edges, args.nodes, p["id"], args.tolerance,
                                               args.model, args.max_rounds)
            checks.append({"id": p["id"], "numpy": p["impact"], "shockgraph": sg, "abs_diff": abs(sg - p["impact"]),
                           "numpy_matvecs": p["matvecs"], "shockgraph_rounds": sg_rounds,
                           **({"numpy_rounds": p["rounds"], "rel_diff": abs(sg - p["impact"]) / abs(sg) if sg else None}
                              if "rounds" in p else {}),
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

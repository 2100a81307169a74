#!/usr/bin/env python3
"""Independent reference implementation of shockgraph's four shock models.

Written from docs (shared/design/model.md, docs/format.md) and the papers, not
from the Rust code:

  debtrank          differential DebtRank, Bardoscia, Battiston, Caccioli &
                    Caldarelli (2015), PLoS ONE 10(6): e0130406
  debtrank-classic  Battiston, Puliga, Kaushik, Tasca & Caldarelli (2012),
                    Sci. Rep. 2: 541
  threshold         Furfine (2003) / Gai & Kapadia (2010) default cascade
  eisenberg-noe     Eisenberg & Noe (2001) greatest clearing vector, optional
                    Rogers & Veraart (2013) default costs alpha, beta

Running this file recomputes every case, checks the published figures of the
literature cases and the hand-computed figures of the hand cases, and rewrites
tests/reference/shock/cases/*.json.  Python 3.11 standard library only.

The DebtRank and threshold cases also get the round numbering (per-node
first_round, top-level rounds; see the README, convention 6) from exact
round-by-round runs; differential-DebtRank cases with a feedback cycle omit
rounds, Eisenberg-Noe cases omit both.

All linear models are computed with exact fractions (fractions.Fraction); a
floating-point run of the plain iterations (differential DebtRank until no
change > 1e-15, Eisenberg-Noe / Rogers-Veraart monotone iteration from pbar
until no change > 1e-15) is used as an independent cross-check.
"""

from __future__ import annotations

import json
import math
import os
import sys
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")

BUILTIN_EXPOSED = {
    "compute_commitment": "to",
    "chip_purchase": "to",
    "debt": "to",
    "revenue": "to",
    "equity": "from",
}


def fr(x) -> F:
    """Exact fraction of a JSON number as written in decimal (0.1 -> 1/10)."""
    if isinstance(x, F):
        return x
    if isinstance(x, int):
        return F(x)
    return F(repr(float(x)))


# ---------------------------------------------------------------------------
# Graph
# ---------------------------------------------------------------------------

class Graph:
    def __init__(self, g: dict):
        self.raw = g
        self.ids = [n["id"] for n in g["nodes"]]
        self.node = {n["id"]: n for n in g["nodes"]}
        self.buffer = {i: fr(self.node[i]["buffer"]) for i in self.ids}
        self.e = {i: fr(self.node[i].get("external_assets", 0)) for i in self.ids}
        self.el = {i: fr(self.node[i].get("external_liabilities", 0)) for i in self.ids}
        self.value = {i: fr(self.node[i]["value"]) if "value" in self.node[i] else self.buffer[i]
                      for i in self.ids}
        custom = g.get("kinds", {}).get("edges", {})
        # exposure matrix: W[i][j] = exposure of i (exposed end) to obligor j
        self.W = {i: {} for i in self.ids}
        # obligation matrix for Eisenberg-Noe: L[i][j] = i owes j (face value)
        self.L = {i: {} for i in self.ids}
        for ed in g.get("edges", []):
            kind = ed.get("kind", "debt")
            exposed_end = BUILTIN_EXPOSED.get(kind) or custom[kind]["exposed"]
            f, t = ed["from"], ed["to"]
            assert f != t
            obligor, exposed = (f, t) if exposed_end == "to" else (t, f)
            amt = fr(ed["amount"])
            rec = fr(ed.get("recovery", 0))
            expo = amt * (1 - rec)
            self.W[exposed][obligor] = self.W[exposed].get(obligor, F(0)) + expo
            if kind != "equity":
                # obligation edges: every kind but equity; the obligor owes the
                # exposed end the face amount (recovery plays no role in EN)
                self.L[obligor][exposed] = self.L[obligor].get(exposed, F(0)) + amt


def shock_vector(G: Graph, shocks) -> dict:
    s = {i: F(0) for i in G.ids}
    for sh in shocks:
        s[sh["node"]] = fr(sh["haircut"])
    return s


# ---------------------------------------------------------------------------
# Exact linear algebra
# ---------------------------------------------------------------------------

def solve_exact(A, b):
    """Solve A x = b (lists of Fractions) by Gauss-Jordan elimination."""
    n = len(b)
    M = [list(A[r]) + [b[r]] for r in range(n)]
    for c in range(n):
        piv = next((r for r in range(c, n) if M[r][c] != 0), None)
        if piv is None:
            raise ZeroDivisionError("singular system")
        M[c], M[piv] = M[piv], M[c]
        pv = M[c][c]
        M[c] = [x / pv for x in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                fac = M[r][c]
                M[r] = [x - fac * y for x, y in zip(M[r], M[c])]
    return [M[r][n] for r in range(n)]


# ---------------------------------------------------------------------------
# Differential DebtRank (Bardoscia et al. 2015)
# ---------------------------------------------------------------------------

def debtrank_float(G: Graph, s: dict, tol=1e-15, max_rounds=10_000_000):
    """Plain float iteration h(t+1) = min(1, h(t) + Lambda (h(t) - h(t-1)))."""
    h = {i: float(s[i]) for i in G.ids}
    prev = {i: 0.0 for i in G.ids}
    for _ in range(max_rounds):
        new = {}
        for i in G.ids:
            inc = sum(float(w) * (h[j] - prev[j]) for j, w in G.W[i].items())
            if G.buffer[i] == 0:
                new[i] = 1.0 if inc > 0 else h[i]
            else:
                new[i] = min(1.0, h[i] + inc / float(G.buffer[i]))
        prev, h = h, new
        if max(abs(h[i] - prev[i]) for i in G.ids) <= tol:
            return h
    raise RuntimeError("differential DebtRank did not converge")


def debtrank_exact(G: Graph, s: dict):
    """Least fixed point of h = min(1, s + Lambda h) solved exactly.

    The saturated set (h = 1) is read off the float iteration; the other nodes
    solve the linear system (I - Lambda_UU) h_U = s_U + Lambda_US 1 exactly,
    then the solution is checked for consistency with the float run."""
    hf = debtrank_float(G, s)
    S = {i for i in G.ids if hf[i] == 1.0}
    U = [i for i in G.ids if i not in S]
    idx = {i: k for k, i in enumerate(U)}
    n = len(U)
    A = [[F(0)] * n for _ in range(n)]
    b = [F(0)] * n
    for i in U:
        r = idx[i]
        A[r][r] = F(1)
        b[r] = s[i]
        if G.buffer[i] == 0:
            # an unsaturated buffer-0 node received nothing: its h stays at s
            assert all(hf[j] == 0 for j in G.W[i] if G.W[i][j] > 0), i
            continue
        for j, w in G.W[i].items():
            lam = w / G.buffer[i]
            if j in S:
                b[r] += lam
            else:
                A[r][idx[j]] -= lam
    x = solve_exact(A, b) if n else []
    h = {i: F(1) for i in S}
    for i in U:
        h[i] = x[idx[i]]
        assert F(0) <= h[i] < 1, (i, h[i])
        assert abs(float(h[i]) - hf[i]) < 1e-12, (i, h[i], hf[i])
    # fixed-point check
    for i in G.ids:
        if G.buffer[i] == 0:
            tot = sum(w * h[j] for j, w in G.W[i].items())
            rhs = F(1) if tot > 0 else s[i]
        else:
            rhs = min(F(1), s[i] + sum(w / G.buffer[i] * h[j] for j, w in G.W[i].items()))
        assert rhs == h[i], (i, rhs, h[i])
    return h


# ---------------------------------------------------------------------------
# Classic DebtRank (Battiston et al. 2012)
# ---------------------------------------------------------------------------

def debtrank_classic(G: Graph, s: dict):
    """States U(ndistressed) -> D(istressed) -> I(nactive).  At t = 1 the shocked
    nodes (h > 0) are D.  Synchronously, h_i(t) = min(1, h_i(t-1) +
    sum_{j in D(t-1)} W_ij h_j(t-1)), W_ij = min(1, Lambda_ij); then every D
    node becomes I and every U node with h > 0 becomes D.  A buffer-0 node
    with a positive incoming loss jumps to h = 1."""
    h = dict(s)
    state = {i: ("D" if s[i] > 0 else "U") for i in G.ids}
    rounds = 1
    while any(v == "D" for v in state.values()):
        rounds += 1
        D = [j for j in G.ids if state[j] == "D"]
        new = {}
        for i in G.ids:
            inc = F(0)
            pos = False
            for j in D:
                w = G.W[i].get(j, F(0))
                if w > 0 and h[j] > 0:
                    pos = True
                    if G.buffer[i] > 0:
                        inc += min(F(1), w / G.buffer[i]) * h[j]
            if G.buffer[i] == 0:
                new[i] = F(1) if pos else h[i]
            else:
                new[i] = min(F(1), h[i] + inc)
        for j in D:
            state[j] = "I"
        for i in G.ids:
            if state[i] == "U" and new[i] > 0:
                state[i] = "D"
        h = new
    return h, rounds


# ---------------------------------------------------------------------------
# Threshold default cascade (Furfine 2003; Gai & Kapadia 2010)
# ---------------------------------------------------------------------------

def threshold(G: Graph, s: dict):
    loss = {i: s[i] * G.buffer[i] for i in G.ids}
    passed = {i: F(0) for i in G.ids}   # share of its exposures already passed
    # round 1: each shocked X passes h_X * exposure(X -> j)
    for x in G.ids:
        if s[x] > 0:
            for i in G.ids:
                w = G.W[i].get(x)
                if w:
                    loss[i] += s[x] * w
            passed[x] = s[x]

    def is_default(i):
        return loss[i] >= G.buffer[i] and (G.buffer[i] > 0 or loss[i] > 0)

    defaulted = set()
    while True:
        new = [i for i in G.ids if i not in defaulted and is_default(i)]
        if not new:
            break
        delta = {}
        for d in new:
            defaulted.add(d)
            share = 1 - passed[d]
            passed[d] = F(1)
            if share > 0:
                for i in G.ids:
                    w = G.W[i].get(d)
                    if w:
                        delta[i] = delta.get(i, F(0)) + share * w
        for i, v in delta.items():
            loss[i] += v
    h = {}
    for i in G.ids:
        if i in defaulted:
            h[i] = F(1)
        elif G.buffer[i] > 0:
            h[i] = loss[i] / G.buffer[i]
        else:
            h[i] = F(0)
    return h, defaulted, loss


# ---------------------------------------------------------------------------
# Round numbering (first_round per node, rounds overall)
# ---------------------------------------------------------------------------
# model.md's numbering as the brief states it: round 1 = the shocked nodes
# (haircut > 0) and the losses of their direct counterparties; round t = the
# losses caused by the distress changes of round t-1.  first_round of a node =
# first round in which its distress rose above 0 (shocked nodes: 1); rounds =
# last round in which any distress changed.  Computed here by exact
# (Fraction) round-by-round runs written from that definition, independently
# of the fixed-point solvers above, and cross-checked against them.

def distress_cycle_reachable(G: Graph, s: dict) -> bool:
    """True when the distress graph (edge obligor j -> exposed i for every
    positive exposure) has a directed cycle reachable from a shocked node."""
    out = {j: [] for j in G.ids}
    for i in G.ids:
        for j, w in G.W[i].items():
            if w > 0:
                out[j].append(i)
    reach, stack = set(), [x for x in G.ids if s[x] > 0]
    while stack:
        v = stack.pop()
        if v not in reach:
            reach.add(v)
            stack.extend(out[v])
    colour = {v: 0 for v in reach}

    def dfs(v):
        colour[v] = 1
        for u in out[v]:
            if colour[u] == 1 or (colour[u] == 0 and dfs(u)):
                return True
        colour[v] = 2
        return False

    return any(colour[v] == 0 and dfs(v) for v in list(reach))


def rounds_debtrank(G: Graph, s: dict, h_final: dict, max_rounds=400):
    """Exact differential-DebtRank run: round r passes the distress changes of
    round r-1 (round 1 passes the haircuts).  Returns (first_round, rounds);
    rounds is None when a feedback cycle is reachable from the shocks (the
    exact increments then never stop)."""
    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    h = dict(s)
    delta = dict(s)
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    n_active = len(G.ids) + 2
    for r in range(1, max_rounds + 1):
        new = {}
        for i in G.ids:
            expo = sum((w * delta[j] for j, w in G.W[i].items()), F(0))
            if G.buffer[i] == 0:
                new[i] = F(1) if expo > 0 else h[i]
            else:
                new[i] = min(F(1), h[i] + expo / G.buffer[i])
        changed = [i for i in G.ids if new[i] != h[i]]
        for i in changed:
            if h[i] == 0 and new[i] > 0 and first[i] is None:
                first[i] = r
        if changed:
            last = max(last, r)
        delta = {i: new[i] - h[i] for i in G.ids}
        h = new
        if not changed:
            break
        if r > n_active and distress_cycle_reachable(G, s):
            # every node that ever becomes distressed has done so by now
            break
    cyc = distress_cycle_reachable(G, s)
    if not cyc:
        assert all(h[i] == h_final[i] for i in G.ids), (h, h_final)
    for i in G.ids:
        assert (first[i] is None) == (h_final[i] == 0), (i, first[i], h_final[i])
    return first, (None if cyc else last)


def rounds_classic(G: Graph, s: dict, h_final: dict):
    """Classic DebtRank: step t (t >= 2) of debtrank_classic is round t-1."""
    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    h = dict(s)
    state = {i: ("D" if s[i] > 0 else "U") for i in G.ids}
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    t = 1
    while any(v == "D" for v in state.values()):
        t += 1
        D = [j for j in G.ids if state[j] == "D"]
        new = {}
        for i in G.ids:
            inc, pos = F(0), False
            for j in D:
                w = G.W[i].get(j, F(0))
                if w > 0 and h[j] > 0:
                    pos = True
                    if G.buffer[i] > 0:
                        inc += min(F(1), w / G.buffer[i]) * h[j]
            new[i] = (F(1) if pos else h[i]) if G.buffer[i] == 0 else min(F(1), h[i] + inc)
        for i in G.ids:
            if new[i] != h[i]:
                last = max(last, t - 1)
                if h[i] == 0 and first[i] is None:
                    first[i] = t - 1
        for j in D:
            state[j] = "I"
        for i in G.ids:
            if state[i] == "U" and new[i] > 0:
                state[i] = "D"
        h = new
    assert all(h[i] == h_final[i] for i in G.ids)
    return first, last


def rounds_threshold(G: Graph, s: dict, h_final: dict):
    """Threshold cascade, round by round: round 1 applies the haircuts' losses;
    round r >= 2 applies the exposures (not yet passed) of the nodes that
    defaulted in round r-1."""
    loss = {i: s[i] * G.buffer[i] for i in G.ids}
    passed = {i: F(0) for i in G.ids}
    defaulted = set()

    def is_default(i):
        return loss[i] >= G.buffer[i] and (G.buffer[i] > 0 or loss[i] > 0)

    def dist(i):
        if i in defaulted:
            return F(1)
        return loss[i] / G.buffer[i] if G.buffer[i] > 0 else F(0)

    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    # round 1
    before = {i: F(0) for i in G.ids}
    for x in G.ids:
        if s[x] > 0:
            for i in G.ids:
                w = G.W[i].get(x)
                if w:
                    loss[i] += s[x] * w
            passed[x] = s[x]
    r = 1
    while True:
        newly = [i for i in G.ids if i not in defaulted and is_default(i)]
        defaulted.update(newly)
        after = {i: dist(i) for i in G.ids}
        for i in G.ids:
            if after[i] != before[i]:
                last = max(last, r)
                if before[i] == 0 and first[i] is None:
                    first[i] = r
        if not newly:
            break
        before = after
        r += 1
        for d in newly:
            share = 1 - passed[d]
            passed[d] = F(1)
            if share > 0:
                for i in G.ids:
                    w = G.W[i].get(d)
                    if w:
                        loss[i] += share * w
    assert all(dist(i) == h_final[i] for i in G.ids), ({i: dist(i) for i in G.ids}, h_final)
    return first, last


# ---------------------------------------------------------------------------
# Eisenberg-Noe / Rogers-Veraart
# ---------------------------------------------------------------------------

def en_setup(G: Graph, s: dict):
    e = {i: (1 - s[i]) * G.e[i] for i in G.ids}
    pbar = {i: sum(G.L[i].values(), F(0)) + G.el[i] for i in G.ids}
    Pi = {i: {j: (a / pbar[i]) for j, a in G.L[i].items()} if pbar[i] > 0 else {} for i in G.ids}
    return e, pbar, Pi


def inflow_of(G, Pi, p):
    inf = {i: F(0) for i in G.ids} if isinstance(next(iter(p.values())), F) else {i: 0.0 for i in G.ids}
    for j in G.ids:
        for i, pij in Pi[j].items():
            inf[i] += (pij if isinstance(p[j], F) else float(pij)) * p[j]
    return inf


def en_float(G: Graph, s: dict, alpha: F, beta: F, tol=1e-15, max_rounds=10_000_000):
    """Monotone iteration of the Rogers-Veraart map from pbar (alpha=beta=1: EN)."""
    e, pbar, Pi = en_setup(G, s)
    p = {i: float(pbar[i]) for i in G.ids}
    for _ in range(max_rounds):
        inf = inflow_of(G, Pi, p)
        new = {}
        for i in G.ids:
            if float(e[i]) + inf[i] >= float(pbar[i]):
                new[i] = float(pbar[i])
            else:
                new[i] = min(float(pbar[i]), max(0.0, float(alpha) * float(e[i]) + float(beta) * inf[i]))
        ch = max(abs(new[i] - p[i]) for i in G.ids)
        p = new
        if ch <= tol:
            return p
    raise RuntimeError("EN iteration did not converge")


def en_exact(G: Graph, s: dict, alpha: F, beta: F):
    """Greatest clearing vector by the Rogers-Veraart Greatest Clearing Vector
    Algorithm (Definition 3.6); with alpha = beta = 1 it is Eisenberg-Noe's
    fictitious default algorithm."""
    e, pbar, Pi = en_setup(G, s)
    p = dict(pbar)
    D = set()
    while True:
        inf = inflow_of(G, Pi, p)
        Dn = {i for i in G.ids if e[i] + inf[i] < pbar[i]}
        if Dn == D and D is not None and all(
                p[i] == (pbar[i] if i not in D else alpha * e[i] + beta * inf[i]) for i in G.ids):
            break
        assert D <= Dn, "default sets must grow"
        D = Dn
        Dl = [i for i in G.ids if i in D]
        idx = {i: k for k, i in enumerate(Dl)}
        n = len(Dl)
        A = [[F(0)] * n for _ in range(n)]
        b = [F(0)] * n
        for i in Dl:
            r = idx[i]
            A[r][r] += 1
            b[r] = alpha * e[i]
            for j in G.ids:
                pji = Pi[j].get(i)
                if pji:
                    if j in D:
                        A[r][idx[j]] -= beta * pji
                    else:
                        b[r] += beta * pji * pbar[j]
        x = solve_exact(A, b) if n else []
        p = {i: (x[idx[i]] if i in D else pbar[i]) for i in G.ids}
    inf = inflow_of(G, Pi, p)
    # clearing checks
    for i in G.ids:
        if e[i] + inf[i] >= pbar[i]:
            assert p[i] == pbar[i]
        else:
            assert p[i] == min(pbar[i], max(F(0), alpha * e[i] + beta * inf[i]))
    pf = en_float(G, s, alpha, beta)
    for i in G.ids:
        assert abs(float(p[i]) - pf[i]) < 1e-9, (i, p[i], pf[i])
    return p, e, pbar, inf


def eisenberg_noe(G: Graph, s: dict, alpha=F(1), beta=F(1)):
    p, e, pbar, inf = en_exact(G, s, alpha, beta)
    out = {}
    for i in G.ids:
        claims = sum((G.L[j].get(i, F(0)) for j in G.ids), F(0))
        eq_before = G.e[i] + claims - pbar[i]
        eq_after = e[i] + inf[i] - pbar[i]
        loss = eq_before - eq_after
        if eq_before > 0:
            d = min(F(1), max(F(0), loss / eq_before))
        else:
            d = F(1) if loss > 0 else F(0)
        hx = s[i] * G.e[i]
        if eq_before > 0:
            h1 = min(F(1), max(F(0), hx / eq_before))
        else:
            h1 = F(1) if hx > 0 else F(0)
        if p[i] < pbar[i]:
            st = "defaulted"
        elif loss > 0:
            st = "distressed"
        else:
            st = "undistressed"
        out[i] = dict(payment=p[i], payment_ratio=(p[i] / pbar[i] if pbar[i] > 0 else F(1)),
                      equity=eq_after, equity_before=eq_before, loss=loss, distress=d, h1=h1,
                      state=st)
    return out


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def dr_state(h):
    return "defaulted" if h == 1 else ("distressed" if h > 0 else "undistressed")


def run_model(model: str, g: dict, shocks, params):
    G = Graph(g)
    s = shock_vector(G, shocks)
    res = {}
    if model in ("debtrank", "debtrank-classic", "threshold"):
        if model == "debtrank":
            h = debtrank_exact(G, s)
            st = {i: dr_state(h[i]) for i in G.ids}
        elif model == "debtrank-classic":
            h, _ = debtrank_classic(G, s)
            st = {i: dr_state(h[i]) for i in G.ids}
        else:
            h, dset, _ = threshold(G, s)
            st = {i: ("defaulted" if i in dset else dr_state(h[i])) for i in G.ids}
        h1 = s
        if model == "debtrank":
            first, rounds = rounds_debtrank(G, s, h)
        elif model == "debtrank-classic":
            first, rounds = rounds_classic(G, s, h)
        else:
            first, rounds = rounds_threshold(G, s, h)
        for i in G.ids:
            res[i] = dict(distress=h[i], loss=h[i] * G.buffer[i], state=st[i],
                          first_round=first[i])
    elif model == "eisenberg-noe":
        a = fr(params.get("alpha", 1))
        b = fr(params.get("beta", 1))
        en = eisenberg_noe(G, s, a, b)
        h = {i: en[i]["distress"] for i in G.ids}
        h1 = {i: en[i]["h1"] for i in G.ids}
        for i in G.ids:
            r = en[i]
            res[i] = dict(distress=r["distress"], loss=r["loss"], state=r["state"],
                          payment=r["payment"], payment_ratio=r["payment_ratio"], equity=r["equity"])
    else:
        raise ValueError(model)
    if model == "eisenberg-noe":
        rounds = None   # EN's rounds are the clearing algorithm's steps: omitted
    total_loss = sum(((h[i] - h1[i]) * G.buffer[i] for i in G.ids), F(0))
    tv = sum(G.value.values(), F(0))
    impact = sum((G.value[i] * (h[i] - h1[i]) for i in G.ids), F(0)) / tv if tv > 0 else F(0)
    out = dict(total_loss=total_loss, impact=impact,
               distressed=sum(1 for i in G.ids if res[i]["state"] == "distressed"),
               defaulted=sum(1 for i in G.ids if res[i]["state"] == "defaulted"))
    if rounds is not None:
        out["rounds"] = rounds
    out["nodes"] = res
    return out


def to_json_expected(r):
    def cv(x):
        return float(x) if isinstance(x, F) else x
    out = {
        "total_loss": cv(r["total_loss"]), "impact": cv(r["impact"]),
        "distressed": r["distressed"], "defaulted": r["defaulted"],
    }
    if "rounds" in r:
        out["rounds"] = r["rounds"]
    out["nodes"] = {i: {k: cv(v) for k, v in d.items()} for i, d in r["nodes"].items()}
    return out


def close(a, b, tol=1e-12):
    return abs(float(a) - float(b)) <= tol


def check(label, got, want, tol=1e-12):
    if want is None or got is None:
        ok = got is None and want is None
    elif isinstance(want, str) or isinstance(want, int) and not isinstance(want, bool) and isinstance(got, int):
        ok = got == want
    else:
        ok = close(got, want, tol)
    if not ok:
        raise AssertionError(f"{label}: got {got} ({float(got) if isinstance(got, F) else got}), want {want}")


def check_hand(name, r, hand):
    """hand = {"total_loss": x, "impact": x, "distressed": n, "defaulted": n,
               "nodes": {id: {field: value}}} with only the fields given."""
    for k in ("total_loss", "impact", "distressed", "defaulted"):
        if k in hand:
            check(f"{name}.{k}", r[k], hand[k])
    if "rounds" in hand:
        check(f"{name}.rounds", r.get("rounds"), hand["rounds"])
    for nid, fields in hand.get("nodes", {}).items():
        for k, v in fields.items():
            check(f"{name}.{nid}.{k}", r["nodes"][nid][k], v)


# ---------------------------------------------------------------------------
# Graph builders
# ---------------------------------------------------------------------------

def N(id, buffer, e=None, el=None, value=None, kind="bank"):
    d = {"id": id, "kind": kind, "buffer": float(buffer)}
    if e is not None:
        d["external_assets"] = float(e)
    if el is not None:
        d["external_liabilities"] = float(el)
    if value is not None:
        d["value"] = float(value)
    return d


def E(f, t, amount, kind="debt", recovery=None):
    d = {"from": f, "to": t, "kind": kind, "amount": float(amount)}
    if recovery is not None:
        d["recovery"] = float(recovery)
    return d


def graph(name, nodes, edges, kinds=None, description=""):
    g = {"format": "shockgraph/1", "name": name,
         "description": description or f"reference shock case {name}",
         "currency": "USD", "unit": "billion", "nodes": nodes, "edges": edges}
    if kinds:
        g["kinds"] = kinds
    return g


CASES = []


def case(name, model, g, shocks, citation, note, params=None, hand=None, extra_check=None):
    CASES.append(dict(name=name, model=model, graph=g, shocks=shocks, citation=citation,
                      note=note, parameters=params or {}, hand=hand, extra_check=extra_check))


HAND = "hand-computed"

# ---------------------------------------------------------------------------
# Literature: NetworkRiskMeasures 3-node example (classic DebtRank)
# ---------------------------------------------------------------------------
# README of the R package NetworkRiskMeasures (C. Cinelli, T. C. Silva),
# github.com/carloscinelli/NetworkRiskMeasures, "Example usage" with
# debt_rank()/debt_rank_shock(), an implementation of Battiston et al. (2012):
#   assets_matrix <- matrix(c(0, 10, 3, 1, 0, 2, 0, 3, 0), ncol = 3)  (a,b,c)
#   buffer <- c(a = 2, b = 5, c = 2); weights <- c(a = 10, b = 100, c = 30)
# R fills column-major, so assets (row holds an asset on column):
#   a: 1 on b;  b: 10 on a, 3 on c;  c: 3 on a, 2 on b.
# "A holds an asset on B" = B owes A: a debt edge B -> A.
NRM_CIT = ("Cinelli & Silva, R package NetworkRiskMeasures, README 'Example usage' "
           "(debt_rank / debt_rank_shock on the 3-node example), implementing Battiston, "
           "Puliga, Kaushik, Tasca & Caldarelli (2012) DebtRank, Sci. Rep. 2:541; "
           "https://github.com/carloscinelli/NetworkRiskMeasures")


def nrm_graph():
    return graph("nrm-3-node", [N("a", 2, value=10), N("b", 5, value=100), N("c", 2, value=30)],
                 [E("b", "a", 1), E("a", "b", 10), E("c", "b", 3), E("a", "c", 3), E("b", "c", 2)],
                 description="NetworkRiskMeasures README 3-node example; assets matrix A[i][j] "
                             "(i holds an asset on j) written as debt edges j -> i")


NRM_GRAPH_NOTE = (
    "Graph: the package's assets_matrix <- matrix(c(0,10,3,1,0,2,0,3,0), ncol=3) is filled "
    "column-major, so a holds 1 on b, b holds 10 on a and 3 on c, c holds 3 on a and 2 on b; an "
    "asset of i on j is a debt edge j -> i (j owes i, i exposed). Buffers a=2, b=5, c=2; the "
    "package's weights 10, 100, 30 become node values (the package normalises them by 140, as "
    "model.md's impact does). Leverages Lambda: a<-b 1/2; b<-a 10/5=2, b<-c 3/5; c<-a 3/2, c<-b "
    "2/2=1. Classic weights W=min(1,Lambda): a<-b 0.5, b<-a 1, b<-c 0.6, c<-a 1, c<-b 1. ")


case("lit_nrm_classic_shock_a", "debtrank-classic", nrm_graph(), [{"node": "a", "haircut": 1.0}],
     NRM_CIT,
     NRM_GRAPH_NOTE +
     "Published (debt_rank, stressed vertex a): Additional Stress 0.9285714, Number of Additional "
     "Defaults 2. Reproduced: t=1 h=(1,0,0); t=2 a passes 1: b=min(1,1*1)=1, c=min(1,1*1)=1; t=3 "
     "b,c pass 1 but every node is already at 1. impact = (100*1+30*1)/140 = 13/14 = 0.9285714 "
     "(the package's 'additional stress' is exactly model.md's impact: weights normalised, h(1) "
     "of the shocked node left out). The package counts additional defaults (2, excluding the "
     "shocked node); model.md's 'defaulted' counts all defaulted nodes incl. the shocked one: 3. "
     "total_loss = 5*1 + 2*1 = 7.",
     hand={"impact": F(13, 14), "total_loss": 7, "defaulted": 3, "distressed": 0})

case("lit_nrm_classic_shock_b", "debtrank-classic", nrm_graph(), [{"node": "b", "haircut": 1.0}],
     NRM_CIT,
     NRM_GRAPH_NOTE +
     "Published (debt_rank, stressed vertex b): Additional Stress 0.2500000, Additional Defaults 1. "
     "Reproduced: t=2 b passes 1: a=0.5*1=0.5, c=1*1=1; t=3 a passes 0.5 (to b, already 1), c "
     "passes 1 (to b, already 1). h=(0.5,1,1); impact=(10*0.5+30*1)/140=0.25; additional defaults "
     "1 (c); model.md counts: defaulted 2 (b, c), distressed 1 (a); total_loss = 0.5*2 + 1*2 = 3.",
     hand={"impact": F(1, 4), "total_loss": 3, "defaulted": 2, "distressed": 1,
           "nodes": {"a": {"distress": F(1, 2)}}})

case("lit_nrm_classic_shock_c", "debtrank-classic", nrm_graph(), [{"node": "c", "haircut": 1.0}],
     NRM_CIT,
     NRM_GRAPH_NOTE +
     "Published (debt_rank, stressed vertex c): Additional Stress 0.6642857, Additional Defaults 0. "
     "Reproduced: t=2 c passes 1: b=0.6 (a is not exposed to c); t=3 b passes 0.6: a=0.5*0.6=0.3, "
     "c=min(1,1+0.6)=1; t=4 a passes 0.3: b=0.6+1*0.3=0.9, c stays 1; a was the last distressed "
     "node, stop. h=(0.3,0.9,1); impact=(10*0.3+100*0.9)/140=93/140=0.6642857. total_loss = "
     "0.3*2+0.9*5 = 5.1. Classic DebtRank stops here because b passes its distress only once "
     "(0.6) although it later reaches 0.9 -- the underestimation Bardoscia et al. (2015) point "
     "out; compare dr_nrm_shock_c (differential: 0.75).",
     hand={"impact": F(93, 140), "total_loss": F(51, 10), "defaulted": 1, "distressed": 2,
           "rounds": 3,
           "nodes": {"a": {"distress": F(3, 10), "first_round": 2},
                     "b": {"distress": F(9, 10), "first_round": 1}}})

case("lit_nrm_classic_uniform_10pct", "debtrank-classic", nrm_graph(),
     [{"node": "a", "haircut": 0.1}, {"node": "b", "haircut": 0.1}, {"node": "c", "haircut": 0.1}],
     NRM_CIT,
     NRM_GRAPH_NOTE +
     "Published (debt_rank_shock with shock c(a=0.1,b=0.1,c=0.1)): 'Shock causes additional stress "
     "of 16.07% in the network', Additional defaulted entities 0, Final Stress a 0.15, b 0.26, "
     "c 0.30, Diff Stress 0.05, 0.16, 0.20. Reproduced: all three are distressed at t=1 and pass "
     "0.1 once at t=2: a=0.1+0.5*0.1=0.15, b=0.1+1*0.1+0.6*0.1=0.26, c=0.1+1*0.1+1*0.1=0.3; all "
     "inactive, stop. impact=(10*0.05+100*0.16+30*0.2)/140=22.5/140=0.1607143. total_loss = "
     "0.05*2+0.16*5+0.2*2 = 1.3.",
     hand={"impact": F(225, 1400), "total_loss": F(13, 10), "defaulted": 0, "distressed": 3,
           "nodes": {"a": {"distress": F(15, 100)}, "b": {"distress": F(26, 100)},
                     "c": {"distress": F(3, 10)}}})

# Differential DebtRank on the same network
case("lit_nrm_debtrank_shock_a", "debtrank", nrm_graph(), [{"node": "a", "haircut": 1.0}],
     NRM_CIT + "; dynamics of Bardoscia, Battiston, Caccioli & Caldarelli (2015) PLoS ONE "
     "10(6):e0130406",
     NRM_GRAPH_NOTE +
     "The published figure (Additional Stress 0.9285714 for a) is for classic DebtRank; I found no "
     "published small differential-DebtRank example with printed numbers. On this network and "
     "shock both dynamics reach the same state, so the published figure also checks the "
     "differential model: t=2 b=min(1,2*1)=1, c=min(1,1.5*1)=1; later increments hit the cap. "
     "h=(1,1,1), impact 13/14=0.9285714, total_loss 7, defaulted 3.",
     hand={"impact": F(13, 14), "total_loss": 7, "defaulted": 3})

case("lit_nrm_debtrank_shock_b", "debtrank", nrm_graph(), [{"node": "b", "haircut": 1.0}],
     NRM_CIT + "; dynamics of Bardoscia et al. (2015) PLoS ONE 10(6):e0130406",
     NRM_GRAPH_NOTE +
     "Published classic figure 0.25 for b; differential DebtRank gives the same here: t=2 "
     "a=0.5*1=0.5, c=min(1,1*1)=1; t=3 increments of a (0.5) and c (1) only reach b (capped at 1) "
     "and c (capped); a only gets increments of b, which are 0 after t=1. h=(0.5,1,1), impact "
     "(10*0.5+30)/140=0.25, total_loss 0.5*2+1*2=3.",
     hand={"impact": F(1, 4), "total_loss": 3, "nodes": {"a": {"distress": F(1, 2)}}})

case("dr_nrm_shock_c", "debtrank", nrm_graph(), [{"node": "c", "haircut": 1.0}], HAND,
     NRM_GRAPH_NOTE +
     "Differential DebtRank (not published; hand-computed) on the NetworkRiskMeasures network, "
     "shock c=1: t=2 b=0.6*1=0.6; t=3 (increment b +0.6) a=0.5*0.6=0.3, c capped; t=4 (increment a "
     "+0.3) b=min(1,0.6+2*0.3)=1, c capped; t=5 (increment b +0.4) a=0.3+0.5*0.4=0.5; t=6 "
     "(increment a +0.2) b, c capped. Fixed point h=(0.5,1,1) = min(1, s + Lambda h). impact = "
     "(10*0.5+100*1)/140 = 0.75 versus 0.6642857 published for classic DebtRank: the classic "
     "single pass underestimates on this cycle, as Bardoscia et al. (2015) argue. total_loss = "
     "0.5*2+1*5 = 6.",
     hand={"impact": F(3, 4), "total_loss": 6, "defaulted": 2, "distressed": 1, "rounds": None,
           "nodes": {"a": {"distress": F(1, 2), "first_round": 2}}})

case("thr_nrm_shock_b", "threshold", nrm_graph(), [{"node": "b", "haircut": 1.0}], HAND,
     NRM_GRAPH_NOTE +
     "Threshold cascade on the NetworkRiskMeasures network (numbers not published; hand-computed). "
     "Exposures: a<-b 1, c<-b 2 (=c's buffer), b<-c 3. Round 1: b (h=1) passes 1*exposure: a "
     "loses 1 (<2), c loses 2 >= 2 -> c defaults (equality counts as default). c passes its full "
     "exposure 3 to b (already defaulted, shocked with h=1 so b passes nothing more). Final "
     "a=0.5 (loss 1), b=1, c=1. total_loss = 0.5*2 + 1*2 = 3, impact = (10*0.5+30)/140 = 0.25.",
     hand={"impact": F(1, 4), "total_loss": 3, "defaulted": 2, "distressed": 1,
           "nodes": {"a": {"distress": F(1, 2), "loss": 1}, "c": {"state": "defaulted"}}})

# ---------------------------------------------------------------------------
# Literature: systemicrisk default_clearing example (EN and RV)
# ---------------------------------------------------------------------------
SR_CIT = ("Gandy & Veraart, R package systemicrisk, help page default_clearing (Examples and "
          "'Example output' as rendered on rdrr.io), implementing Eisenberg & Noe (2001) Management "
          "Science 47(2):236-249 and the Greatest Clearing Vector Algorithm of Rogers & Veraart "
          "(2013) Management Science 59(4):882-898, Def. 3.6")


def sr_graph():
    # L <- matrix(c(0,x,1-x,1-x,0,x,x,1-x,0), nrow=3), x = 0.5: every bank owes each other 0.5
    nodes = [N("b1", 0, e=0.5, el=1.5, value=1), N("b2", 0.125, e=0.625, el=0.5, value=1),
             N("b3", 0.25, e=0.75, el=0.5, value=1)]
    edges = [E(i, j, 0.5) for i in ("b1", "b2", "b3") for j in ("b1", "b2", "b3") if i != j]
    return graph("systemicrisk-default-clearing", nodes, edges,
                 description="systemicrisk::default_clearing example: ea=(1/2,5/8,3/4), "
                             "el=(3/2,1/2,1/2), L with all off-diagonal entries 0.5")


SR_NOTE = (
    "Graph: ea <- c(1/2,5/8,3/4) -> external_assets; el <- c(3/2,1/2,1/2) -> "
    "external_liabilities; L <- matrix(c(0,x,1-x,1-x,0,x,x,1-x,0),nrow=3) with x=0.5 has every "
    "off-diagonal entry 0.5, i.e. debt edges bi -> bj of 0.5 for all i != j. systemicrisk pays "
    "external liabilities pari passu (Pi = L/(rowSums(L)+el)), as model.md does: pbar = "
    "(2.5, 1.5, 1.5). The package example has no shock; here b1 gets haircut 0 so nothing "
    "changes (h(1)=0 everywhere). Equity before = e + claims - pbar = (-1, 0.125, 0.25); buffers "
    "are set to max(0, equity before) = (0, 0.125, 0.25) and values to 1. ")

case("lit_systemicrisk_en", "eisenberg-noe", sr_graph(), [{"node": "b1", "haircut": 0.0}], SR_CIT,
     SR_NOTE +
     "Published (default_clearing(L,ea,el)): $defaultind 1 1 0, $clearingvec 1.473214 1.419643 "
     "1.500000. Reproduced: b3 solvent (0.75 + 0.2*p1 + p2/3 >= 1.5); b1, b2 default with p1 = "
     "0.5 + 0.5 + p2/3, p2 = 0.625 + 0.2*p1 + 0.5, so p1 = 165/112 = 1.4732143, p2 = 159/112 = "
     "1.4196429, p3 = 1.5. Equity after = e + inflow - pbar: b1 = 0.5+0.5+p2/3-2.5 = -1.0267857, "
     "b2 = -0.0803571, b3 = 0.75+0.2p1+p2/3-1.5 = 0.0178571. loss = equity before - after; "
     "distress: b1 1 (equity before <= 0, loss 0.0267857 > 0), b2 1 (loss 0.2053571 > 0.125, "
     "clamped), b3 0.2321429/0.25 = 0.9285714. The shock has haircut 0, so h(1) = 0 everywhere and "
     "the totals count these pre-existing clearing losses in full: total_loss = 0*0 + 1*0.125 + "
     "0.9285714*0.25 = 0.3571429; impact = (1 + 1 + 0.9285714)/3 = 0.9761905.",
     hand={"defaulted": 2, "total_loss": F(5, 14), "impact": F(41, 42),
           "nodes": {"b1": {"payment": F(165, 112), "state": "defaulted"},
                     "b2": {"payment": F(159, 112), "state": "defaulted"},
                     "b3": {"payment": F(3, 2), "payment_ratio": 1, "state": "distressed"}}},
     extra_check=lambda r: [check("sr.en.p1", r["nodes"]["b1"]["payment"], 1.473214, 5e-7),
                            check("sr.en.p2", r["nodes"]["b2"]["payment"], 1.419643, 5e-7),
                            check("sr.en.p3", r["nodes"]["b3"]["payment"], 1.5, 5e-7)])

case("lit_systemicrisk_rv", "eisenberg-noe", sr_graph(), [{"node": "b1", "haircut": 0.0}], SR_CIT,
     SR_NOTE +
     "Rogers-Veraart with alpha=0.5, beta=0.7. Published (default_clearing(L,ea,el, alpha=0.5, "
     "beta=0.7)): $defaultind 1 1 1, $clearingvec 0.5020200 0.5147049 0.5653806. Reproduced by "
     "the Greatest Clearing Vector Algorithm: at p = pbar only b1 is short (0.5 + 0.5 + 0.5 < "
     "2.5); D = {b1}: p1 = 0.5*0.5 + 0.7*(1/3*1.5 + 1/3*1.5) = 0.95; then b2 (0.625 + 0.2*0.95 + "
     "0.5 = 1.315 < 1.5) and b3 (0.75 + 0.19 + 0.5 = 1.44 < 1.5) are short too; D = {b1,b2,b3}: p "
     "solves p = 0.5 e + 0.7 Pi^T p exactly: p = (4225/8416, 160275/311392, 176055/311392) = "
     "(0.5020200, 0.5147049, 0.5653806); no further change. Equity after = e + inflow - pbar "
     "(negative for all), distress 1 for all; totals: b1 (buffer 0) adds 0, b2 0.125, b3 0.25: "
     "total_loss 0.375; impact (1+1+1)/3 = 1.",
     params={"alpha": 0.5, "beta": 0.7},
     hand={"defaulted": 3, "total_loss": F(3, 8), "impact": 1,
           "nodes": {"b1": {"payment": F(4225, 8416)}, "b2": {"payment": F(160275, 311392)},
                     "b3": {"payment": F(176055, 311392)}}},
     extra_check=lambda r: [check("sr.rv.p1", r["nodes"]["b1"]["payment"], 0.5020200, 5e-8),
                            check("sr.rv.p2", r["nodes"]["b2"]["payment"], 0.5147049, 5e-8),
                            check("sr.rv.p3", r["nodes"]["b3"]["payment"], 0.5653806, 5e-8)])

# ---------------------------------------------------------------------------
# Literature: systemicrisk vignette "An example with 3 banks" (EN clearing)
# ---------------------------------------------------------------------------
SRV_CIT = ("Gandy & Veraart, R package systemicrisk, vignette 'Introduction' ('An example with 3 "
           "banks', section 'Default of banks'), as rendered on the CRAN mirrors "
           "cran.icts.res.in and cran.stat.auckland.ac.nz (web/packages/systemicrisk/vignettes/"
           "Introduction.html); default() with its default method 'clearing' = Eisenberg & Noe "
           "(2001) Management Science 47(2):236-249")


def srv_graph():
    # printed L[[1]] (row i owes column j):
    #   [1,] 0.0 0.0 1.0 / [2,] 0.4 0.0 2.1 / [3,] 0.3 2.7 0.0
    nodes = [N("b1", 0, e=1, el=1, value=1), N("b2", 0.2, e=1, el=1, value=1),
             N("b3", 0.1, e=1, el=1, value=1)]
    edges = [E("b1", "b3", 1.0), E("b2", "b1", 0.4), E("b2", "b3", 2.1), E("b3", "b1", 0.3),
             E("b3", "b2", 2.7)]
    return graph("systemicrisk-vignette-3-banks", nodes, edges,
                 description="systemicrisk vignette: printed sample L[[1]] with ea = el = (1,1,1)")


case("lit_systemicrisk_vignette_en", "eisenberg-noe", srv_graph(),
     [{"node": "b1", "haircut": 0.0}], SRV_CIT,
     "Published: the vignette prints the sampled liabilities matrix L[[1]] = rows (0.0, 0.0, 1.0), "
     "(0.4, 0.0, 2.1), (0.3, 2.7, 0.0) (row i owes column j; row sums 1, 2.5, 3 and column sums "
     "0.7, 2.7, 3.1 equal the vignette's l <- c(1,2.5,3) and a <- c(0.7,2.7,3.1)), sets ea <- "
     "c(1,1,1), el <- c(1,1,1) and prints default(L[[1]],ea=ea,el=el)$defaultind = 1 0 1. Only "
     "the default indicators are printed (no clearing vector). Conversion: L[i][j] -> debt edge "
     "bi -> bj of that amount; ea -> external_assets; el -> external_liabilities, paid pari passu "
     "as in systemicrisk (Pi = L/(rowSums(L)+el)) and model.md: pbar = (2, 3.5, 4). No shock in "
     "the source: haircut 0 on b1 (h(1) = 0 everywhere). Equity before = e + claims - pbar = "
     "(-0.3, 0.2, 0.1); buffers = max(0, equity before) = (0, 0.2, 0.1); values 1. Reproduced: at "
     "p = pbar b1 is short (1 + 0.7 < 2); with b1 paying p1 < 2, b3 (1 + 2.1 + p1/2 < 4) defaults "
     "too, b2 stays solvent (1 + 0.675 p3 >= 3.5). p1 = 1 + 0.4 + 0.075 p3, p3 = 1 + 2.1 + 0.5 p1 "
     "-> p1 = 1.6325/0.9625 = 653/385 = 1.6961039, p3 = 3.9480519, p2 = 3.5: defaults 1 0 1 as "
     "published. Equity after (e + inflow - pbar): b1 -0.3038961, b2 0.1649351, b3 -0.0519481; "
     "loss = before - after: b1 0.0038961 (equity before <= 0 -> distress 1), b2 0.0350649 "
     "(distress 0.1753247, distressed), b3 0.1519481 > 0.1 (distress 1). total_loss = 1*0 + "
     "0.1753247*0.2 + 1*0.1 = 0.1350649; impact = (1 + 0.1753247 + 1)/3 = 0.7251082.",
     hand={"defaulted": 2, "distressed": 1,
           "nodes": {"b1": {"payment": F(653, 385), "state": "defaulted"},
                     "b2": {"payment": F(7, 2), "payment_ratio": 1, "state": "distressed"},
                     "b3": {"payment": F(31, 10) + F(653, 770), "state": "defaulted"}}},
     extra_check=lambda r: [check("srv.defaultind." + b,
                                  1 if r["nodes"][b]["state"] == "defaulted" else 0, want)
                            for b, want in (("b1", 1), ("b2", 0), ("b3", 1))])

# ---------------------------------------------------------------------------
# Hand-computed cases: DebtRank family and threshold
# ---------------------------------------------------------------------------

def chain_graph():
    return graph("chain", [N("a", 10), N("b", 8), N("c", 12)], [E("a", "b", 4), E("b", "c", 6)])


CHAIN_NOTE = ("Chain a -> b -> c (debt: a owes b 4, b owes c 6; distress flows a -> b -> c). "
              "Buffers a=10, b=8, c=12; values default to buffers (total 30). Lambda_ba = 4/8 = "
              "0.5, Lambda_cb = 6/12 = 0.5. Shock a with haircut 0.5. ")

case("dr_chain_partial", "debtrank", chain_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     CHAIN_NOTE + "h_a=0.5; round 1: b = 0.5*4/8 = 0.25; round 2: c = 0.5*0.25 = 0.125; no cycle, "
     "stop. total_loss = 0.25*8 + 0.125*12 = 3.5 (a's own 0.5*10 excluded); impact = 3.5/30.",
     hand={"total_loss": F(7, 2), "impact": F(7, 60), "distressed": 3, "defaulted": 0,
           "rounds": 2,
           "nodes": {"a": {"distress": F(1, 2), "loss": 5, "first_round": 1},
                     "b": {"distress": F(1, 4), "loss": 2, "first_round": 1},
                     "c": {"distress": F(1, 8), "loss": F(3, 2), "first_round": 2}}})
case("drc_chain_partial", "debtrank-classic", chain_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     CHAIN_NOTE + "W = min(1, Lambda) = 0.5 on both links. t=2: a passes 0.5 -> b = 0.25; t=3: b "
     "passes 0.25 -> c = 0.125; t=4: c passes to nobody. Same as differential on a chain. "
     "total_loss 3.5, impact 3.5/30.",
     hand={"total_loss": F(7, 2), "impact": F(7, 60),
           "nodes": {"b": {"distress": F(1, 4)}, "c": {"distress": F(1, 8)}}})
case("thr_chain_partial", "threshold", chain_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     CHAIN_NOTE + "Round 1: b loses 0.5*4 = 2 < 8, keeps partial loss (distress 0.25); b does not "
     "default so nothing passes to c. total_loss = 2, impact = 2/30.",
     hand={"total_loss": 2, "impact": F(1, 15), "distressed": 2, "defaulted": 0, "rounds": 1,
           "nodes": {"b": {"distress": F(1, 4), "loss": 2},
                     "c": {"distress": 0, "state": "undistressed", "first_round": None}}})


def cycle_graph():
    return graph("cycle3", [N("a", 10), N("b", 10), N("c", 10)],
                 [E("a", "b", 5), E("b", "c", 5), E("c", "a", 5)])


CYCLE_NOTE = ("Cycle a -> b -> c -> a (each owes the next 5), buffers 10, Lambda = 0.5 on every "
              "link. Shock a with haircut 0.4. ")

case("dr_cycle_feedback", "debtrank", cycle_graph(), [{"node": "a", "haircut": 0.4}], HAND,
     CYCLE_NOTE + "Differential DebtRank: fixed point h = s + Lambda h (no cap reached): h_b = "
     "h_a/2, h_c = h_b/2, h_a = 0.4 + h_c/2 = 0.4 + h_a/8 -> h_a = 16/35 = 0.457143 (the shocked "
     "node grows by feedback), h_b = 8/35, h_c = 4/35. total_loss = (16/35-0.4)*10 + 80/35 + "
     "40/35 = 4; impact = 4/30.",
     hand={"total_loss": 4, "impact": F(2, 15), "distressed": 3,
           "nodes": {"a": {"distress": F(16, 35)}, "b": {"distress": F(8, 35)},
                     "c": {"distress": F(4, 35)}}})
case("drc_cycle_single_pass", "debtrank-classic", cycle_graph(), [{"node": "a", "haircut": 0.4}],
     HAND,
     CYCLE_NOTE + "Classic: t=2 a passes 0.4: b=0.2 (a inactive); t=3 b passes 0.2: c=0.1; t=4 c "
     "passes 0.1: a=0.4+0.05=0.45 (a is inactive, does not pass again); stop. total_loss = "
     "0.05*10 + 0.2*10 + 0.1*10 = 3.5; impact = 3.5/30.",
     hand={"total_loss": F(7, 2), "impact": F(7, 60), "rounds": 3,
           "nodes": {"a": {"distress": F(9, 20)}, "b": {"distress": F(1, 5)},
                     "c": {"distress": F(1, 10)}}})
case("thr_cycle_no_cascade", "threshold", cycle_graph(), [{"node": "a", "haircut": 0.4}], HAND,
     CYCLE_NOTE + "Threshold: round 1 b loses 0.4*5 = 2 < 10; nobody defaults. total_loss 2, "
     "impact 2/30; c untouched.",
     hand={"total_loss": 2, "impact": F(1, 15), "distressed": 2, "defaulted": 0,
           "nodes": {"b": {"distress": F(1, 5)}, "c": {"distress": 0}}})


def lev_graph():
    return graph("leverage", [N("a", 10), N("b", 5), N("c", 6)], [E("a", "b", 20), E("b", "c", 3)])


LEV_NOTE = ("Exposure larger than the buffer: a owes b 20 with b's buffer 5 (Lambda_ba = 4, not "
            "capped), b owes c 3 with c's buffer 6 (Lambda_cb = 0.5). ")

case("dr_exposure_above_buffer", "debtrank", lev_graph(), [{"node": "a", "haircut": 0.3}], HAND,
     LEV_NOTE + "Shock a 0.3. Differential: b = min(1, 4*0.3) = 1 (default); c = 0.5*1 = 0.5. "
     "total_loss = 1*5 + 0.5*6 = 8; impact = 8/21.",
     hand={"total_loss": 8, "impact": F(8, 21), "distressed": 2, "defaulted": 1,
           "nodes": {"b": {"distress": 1, "state": "defaulted"}, "c": {"distress": F(1, 2)}}})
case("drc_exposure_above_buffer", "debtrank-classic", lev_graph(), [{"node": "a", "haircut": 0.3}],
     HAND,
     LEV_NOTE + "Shock a 0.3. Classic uses W = min(1, Lambda): W_ba = 1, so b = 1*0.3 = 0.3 (not 1 "
     "as in the differential model); t=3 b passes 0.3: c = 0.5*0.3 = 0.15. total_loss = 0.3*5 + "
     "0.15*6 = 2.4; impact = 2.4/21.",
     hand={"total_loss": F(12, 5), "impact": F(12, 105), "defaulted": 0,
           "nodes": {"b": {"distress": F(3, 10)}, "c": {"distress": F(3, 20)}}})
case("thr_exposure_above_buffer", "threshold", lev_graph(), [{"node": "a", "haircut": 0.3}], HAND,
     LEV_NOTE + "Shock a 0.3. Round 1: b loses 0.3*20 = 6 >= 5 -> defaults (loss reported capped "
     "at its buffer, 5); b passes its full exposure 3 to c: c loses 3 < 6, distress 0.5. "
     "total_loss = 5 + 3 = 8; impact 8/21.",
     hand={"total_loss": 8, "defaulted": 1,
           "nodes": {"b": {"loss": 5, "state": "defaulted"}, "c": {"loss": 3}}})


def full_graph():
    return graph("full-shock-chain", [N("a", 4), N("b", 5), N("c", 3), N("d", 8)],
                 [E("a", "b", 10), E("b", "c", 2), E("b", "d", 4)])


FULL_NOTE = ("Full shock (haircut 1) on a; a owes b 10 (b's buffer 5), b owes c 2 (buffer 3) and "
             "d 4 (buffer 8). ")
case("dr_full_shock_star", "debtrank", full_graph(), [{"node": "a", "haircut": 1.0}], HAND,
     FULL_NOTE + "b = min(1, 10/5) = 1; c = 2/3; d = 4/8 = 0.5. h_a(1)=1 excluded from totals. "
     "total_loss = 5 + 2 + 4 = 11; impact 11/20; defaulted a, b; distressed c, d.",
     hand={"total_loss": 11, "impact": F(11, 20), "defaulted": 2, "distressed": 2,
           "nodes": {"c": {"distress": F(2, 3)}, "d": {"distress": F(1, 2)}}})
case("drc_full_shock_star", "debtrank-classic", full_graph(), [{"node": "a", "haircut": 1.0}], HAND,
     FULL_NOTE + "W_ba = min(1, 2) = 1: b = 1; t=3 b passes 1: c = min(1, 2/3)*1 = 2/3, d = 0.5. "
     "Same as differential: total_loss 11, impact 11/20.",
     hand={"total_loss": 11, "nodes": {"c": {"distress": F(2, 3)}, "d": {"distress": F(1, 2)}}})
case("thr_full_shock_star", "threshold", full_graph(), [{"node": "a", "haircut": 1.0}], HAND,
     FULL_NOTE + "Round 1: b loses 10 >= 5, defaults; passes 2 to c (2 < 3, distress 2/3) and 4 "
     "to d (4 < 8, 0.5). a (h=1) has passed everything already. total_loss = 5 + 2 + 4 = 11.",
     hand={"total_loss": 11, "defaulted": 2, "nodes": {"c": {"loss": 2}, "d": {"loss": 4}}})


def rec_graph():
    return graph("recovery", [N("a", 10), N("b", 4), N("c", 10), N("d", 2)],
                 [E("a", "b", 10, kind="compute_commitment", recovery=0.4),
                  E("b", "c", 10, kind="chip_purchase", recovery=0.8),
                  E("a", "d", 4, kind="revenue", recovery=1.0)])


REC_NOTE = ("Recovery > 0 and non-debt kinds: a -> b compute_commitment 10 with recovery 0.4 "
            "(exposure 6, Lambda_ba = 6/4 = 1.5); b -> c chip_purchase 10 with recovery 0.8 "
            "(exposure 2, Lambda_cb = 0.2); a -> d revenue 4 with recovery 1 (exposure 0: d can "
            "never lose). Buffers a 10, b 4, c 10, d 2. Shock a 0.5. ")
case("dr_recovery_kinds", "debtrank", rec_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     REC_NOTE + "b = min(1, 1.5*0.5) = 0.75; c = 0.2*0.75 = 0.15; d = 0. total_loss = 0.75*4 + "
     "0.15*10 = 4.5; impact 4.5/26.",
     hand={"total_loss": F(9, 2), "impact": F(9, 52), "distressed": 3,
           "nodes": {"b": {"distress": F(3, 4)}, "c": {"distress": F(3, 20)},
                     "d": {"distress": 0, "state": "undistressed"}}})
case("drc_recovery_kinds", "debtrank-classic", rec_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     REC_NOTE + "W_ba = min(1, 1.5) = 1: b = 0.5; t=3: c = 0.2*0.5 = 0.1. total_loss = 0.5*4 + "
     "0.1*10 = 3; impact 3/26.",
     hand={"total_loss": 3, "nodes": {"b": {"distress": F(1, 2)}, "c": {"distress": F(1, 10)}}})
case("thr_recovery_kinds", "threshold", rec_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     REC_NOTE + "Round 1: b loses 0.5*6 = 3 < 4 (distress 0.75), no default, nothing passes to c. "
     "total_loss = 3; impact 3/26.",
     hand={"total_loss": 3, "nodes": {"b": {"distress": F(3, 4)}, "c": {"distress": 0}}})


def eq_graph():
    return graph("equity-edges", [N("s", 60, kind="investor"), N("o", 40, kind="ai_lab"),
                                  N("t", 20, kind="cloud"), N("u", 5, kind="company")],
                 [E("s", "o", 30, kind="equity"), E("o", "t", 10, kind="compute_commitment"),
                  E("u", "s", 50, kind="equity", recovery=0.5)])


EQ_NOTE = ("Equity edges point the other way: s -> o equity 30 means s holds a stake in o, so s is "
           "exposed to o (distress o -> s, Lambda_so = 30/60 = 0.5); u -> s equity 50 with "
           "recovery 0.5 means u holds a stake in s, exposure 25 (Lambda_us = 25/5 = 5). o -> t "
           "compute_commitment 10: t exposed to o (Lambda_to = 10/20 = 0.5). Shock o 0.6. ")
case("dr_equity_edges", "debtrank", eq_graph(), [{"node": "o", "haircut": 0.6}], HAND,
     EQ_NOTE + "s = 0.5*0.6 = 0.3; t = 0.5*0.6 = 0.3; u = min(1, 5*0.3) = 1. total_loss = "
     "0.3*60 + 0.3*20 + 1*5 = 29; impact 29/125. o is not exposed to s (a stake-holder's distress "
     "does not flow to the company).",
     hand={"total_loss": 29, "impact": F(29, 125), "defaulted": 1, "distressed": 3,
           "nodes": {"s": {"distress": F(3, 10), "loss": 18}, "t": {"distress": F(3, 10)},
                     "u": {"distress": 1}}})
case("drc_equity_edges", "debtrank-classic", eq_graph(), [{"node": "o", "haircut": 0.6}], HAND,
     EQ_NOTE + "t=2: s = 0.3, t = 0.3; t=3: s passes 0.3 to u with W = min(1, 5) = 1: u = 0.3. "
     "total_loss = 18 + 6 + 1.5 = 25.5; impact 25.5/125.",
     hand={"total_loss": F(51, 2), "nodes": {"u": {"distress": F(3, 10)}}})
case("thr_equity_edges", "threshold", eq_graph(), [{"node": "o", "haircut": 0.6}], HAND,
     EQ_NOTE + "Round 1: s loses 0.6*30 = 18 < 60, t loses 6 < 20; no default, u untouched. "
     "total_loss 24; impact 24/125.",
     hand={"total_loss": 24, "nodes": {"u": {"distress": 0}, "s": {"loss": 18}}})


def zero_graph():
    return graph("buffer-zero", [N("a", 10), N("z", 0, value=5), N("c", 8), N("y", 0)],
                 [E("a", "z", 1), E("z", "c", 4), E("a", "y", 2, recovery=1.0)])


ZERO_NOTE = ("Buffer-0 nodes: a owes z 1 (z has buffer 0, value 5), z owes c 4 (c buffer 8), a owes "
             "y 2 with recovery 1 (y has buffer 0 and value 0, exposure 0). Shock a 0.1. Values: a "
             "10, z 5, c 8, y 0 (total 23). ")
case("dr_buffer_zero", "debtrank", zero_graph(), [{"node": "a", "haircut": 0.1}], HAND,
     ZERO_NOTE + "z gets a positive loss 0.1*1 -> defaulted (h=1); c = 4/8*1 = 0.5; y gets loss 0 "
     "-> undistressed. total_loss = 1*0 + 0.5*8 = 4; impact = (5*1 + 8*0.5)/23 = 9/23.",
     hand={"total_loss": 4, "impact": F(9, 23), "defaulted": 1, "distressed": 2,
           "nodes": {"z": {"distress": 1, "loss": 0, "state": "defaulted"},
                     "c": {"distress": F(1, 2)}, "y": {"state": "undistressed"}}})
case("drc_buffer_zero", "debtrank-classic", zero_graph(), [{"node": "a", "haircut": 0.1}], HAND,
     ZERO_NOTE + "Classic: z gets a positive loss -> h_z = 1 (model.md: a buffer-0 node is "
     "defaulted by any positive loss; this overrides W = min(1, Lambda) which would give only "
     "1*0.1); t=3 z passes 1: c = 0.5. total_loss 4; impact 9/23.",
     hand={"total_loss": 4, "impact": F(9, 23), "nodes": {"z": {"distress": 1}}})
case("thr_buffer_zero", "threshold", zero_graph(), [{"node": "a", "haircut": 0.1}], HAND,
     ZERO_NOTE + "Round 1: z loses 0.1 > 0 = buffer -> defaults, passes 4 to c (4 < 8, distress "
     "0.5); y loses 0, stays undistressed (0 >= 0 is not a default without a positive loss). "
     "total_loss 4; impact 9/23.",
     hand={"total_loss": 4, "impact": F(9, 23), "defaulted": 1,
           "nodes": {"y": {"state": "undistressed"}, "c": {"loss": 4}}})


def star_graph():
    return graph("star-multi", [N("l1", 2), N("l2", 3), N("l3", 4), N("hub", 20, value=100),
                                N("x", 10)],
                 [E("l1", "hub", 4), E("l2", "hub", 6), E("l3", "hub", 10), E("hub", "x", 10)])


STAR_NOTE = ("Star: leaves l1, l2, l3 owe the hub 4, 6, 10 (hub buffer 20, value 100); the hub "
             "owes x 10 (buffer 10). Several shocks: l1 0.5 and l2 1.0. Values l1 2, l2 3, l3 4, "
             "hub 100, x 10 (total 119). ")
case("dr_star_multi_shock", "debtrank", star_graph(),
     [{"node": "l1", "haircut": 0.5}, {"node": "l2", "haircut": 1.0}], HAND,
     STAR_NOTE + "hub = (4*0.5 + 6*1)/20 = 0.4; x = 10/10*0.4 = 0.4. total_loss = 0.4*20 + 0.4*10 "
     "= 12; impact = (100*0.4 + 10*0.4)/119 = 44/119. l2 (h=1) counts as defaulted.",
     hand={"total_loss": 12, "impact": F(44, 119), "defaulted": 1, "distressed": 3,
           "nodes": {"hub": {"distress": F(2, 5)}, "x": {"distress": F(2, 5)},
                     "l3": {"state": "undistressed"}}})
case("drc_star_multi_shock", "debtrank-classic", star_graph(),
     [{"node": "l1", "haircut": 0.5}, {"node": "l2", "haircut": 1.0}], HAND,
     STAR_NOTE + "t=2 both shocked leaves pass: hub = 0.5*4/20 + 1*6/20 = 0.4; t=3 hub passes 0.4: "
     "x = 0.4. total_loss 12, impact 44/119.",
     hand={"total_loss": 12, "impact": F(44, 119)})
case("thr_star_multi_shock", "threshold", star_graph(),
     [{"node": "l1", "haircut": 0.5}, {"node": "l2", "haircut": 1.0}], HAND,
     STAR_NOTE + "Round 1: hub loses 0.5*4 + 1*6 = 8 < 20 (distress 0.4); no default, x untouched. "
     "total_loss = 8; impact = 40/119.",
     hand={"total_loss": 8, "impact": F(40, 119), "nodes": {"x": {"distress": 0}}})


def mutual_graph():
    return graph("mutual", [N("a", 5), N("b", 5)], [E("a", "b", 10), E("b", "a", 10)])


MUT_NOTE = "Two nodes owing each other 10, buffers 5 (Lambda = 2 both ways). Shock a 0.2. "
case("dr_feedback_to_default", "debtrank", mutual_graph(), [{"node": "a", "haircut": 0.2}], HAND,
     MUT_NOTE + "t=2: b = min(1, 2*0.2) = 0.4; t=3: a = min(1, 0.2 + 2*0.4) = 1; t=4: b = min(1, "
     "0.4 + 2*0.8) = 1. Both default; the shocked node is driven to default by feedback. "
     "total_loss = (1-0.2)*5 + 1*5 = 9; impact 0.9.",
     hand={"total_loss": 9, "impact": F(9, 10), "defaulted": 2, "distressed": 0})
case("drc_feedback_single_pass", "debtrank-classic", mutual_graph(),
     [{"node": "a", "haircut": 0.2}], HAND,
     MUT_NOTE + "Classic, W = min(1, 2) = 1: t=2 b = 0.2 (a inactive); t=3 b passes 0.2: a = 0.4. "
     "total_loss = 0.2*5 + 0.2*5 = 2; impact 0.2.",
     hand={"total_loss": 2, "impact": F(1, 5), "nodes": {"a": {"distress": F(2, 5)},
                                                         "b": {"distress": F(1, 5)}}})


def shocked_later_graph():
    return graph("shocked-defaults-later", [N("a", 4), N("b", 3), N("c", 5)],
                 [E("a", "b", 8), E("b", "a", 6), E("a", "c", 4)])


case("thr_shocked_defaults_later", "threshold", shocked_later_graph(),
     [{"node": "a", "haircut": 0.5}], HAND,
     "a owes b 8 and c 4; b owes a 6. Buffers a 4, b 3, c 5. Shock a 0.5 (a's own loss 2). Round 1: "
     "b loses 0.5*8 = 4 >= 3 -> defaults; c loses 0.5*4 = 2. b passes its full exposure 6 to a: a's "
     "cumulative loss 2 + 6 = 8 >= 4 -> a defaults and passes only the part not passed in round 1, "
     "(1-0.5)*exposure: 4 to b (already defaulted) and 2 to c. c's loss 2 + 2 = 4 < 5 -> distress "
     "0.8 (passing the full 4 again would wrongly default c). total_loss = (1-0.5)*4 + 1*3 + 0.8*5 "
     "= 9; impact 9/12.",
     hand={"total_loss": 9, "impact": F(3, 4), "defaulted": 2, "distressed": 1, "rounds": 3,
           "nodes": {"c": {"distress": F(4, 5), "loss": 4, "state": "distressed",
                           "first_round": 1},
                     "a": {"state": "defaulted"}}})
case("dr_shocked_defaults_later", "debtrank", shocked_later_graph(),
     [{"node": "a", "haircut": 0.5}], HAND,
     "Same graph as thr_shocked_defaults_later (a owes b 8 and c 4, b owes a 6; buffers 4, 3, 5), "
     "differential DebtRank, shock a 0.5. Lambda_ba = 8/3, Lambda_ab = 6/4, Lambda_ca = 4/5. "
     "t=2: b = min(1, 8/3*0.5) = 1, c = 0.4; t=3: a = min(1, 0.5 + 1.5*1) = 1; t=4: c = 0.4 + "
     "0.8*0.5 = 0.8. total_loss = 0.5*4 + 3 + 0.8*5 = 9.",
     hand={"total_loss": 9, "nodes": {"c": {"distress": F(4, 5)}}})


def eqdef_graph():
    return graph("equality-default", [N("a", 10), N("b", 3), N("c", 4)],
                 [E("a", "b", 6), E("b", "c", 2)])


case("thr_equality_default", "threshold", eqdef_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     "a owes b 6 (b's buffer 3), b owes c 2 (c's buffer 4). Shock a 0.5: b loses 0.5*6 = 3 = its "
     "buffer -> defaults (loss >= buffer, equality included; all numbers are exact in binary). b "
     "passes 2 to c: distress 0.5. total_loss = 3 + 2 = 5; impact 5/17.",
     hand={"total_loss": 5, "impact": F(5, 17), "defaulted": 1,
           "nodes": {"b": {"state": "defaulted", "loss": 3}, "c": {"distress": F(1, 2)}}})


def ring4_graph():
    return graph("ring4", [N("a", 3), N("b", 3), N("c", 3), N("d", 3)],
                 [E("a", "b", 4), E("b", "c", 4), E("c", "d", 4), E("d", "a", 4)])


case("thr_ring_full_cascade", "threshold", ring4_graph(), [{"node": "a", "haircut": 1.0}], HAND,
     "Gai-Kapadia style ring a -> b -> c -> d -> a, each owes the next 4, buffers 3. Shock a 1: b "
     "loses 4 >= 3 and defaults, passes 4 to c (defaults), c passes 4 to d (defaults), d passes 4 "
     "to a (already defaulted; a passed everything in round 1). All four defaulted. total_loss = "
     "0 (a: 1-1) + 3*3 = 9; impact 9/12; defaulted 4.",
     hand={"total_loss": 9, "impact": F(3, 4), "defaulted": 4, "distressed": 0, "rounds": 3,
           "nodes": {"c": {"first_round": 2}, "d": {"first_round": 3}}})
case("drc_ring_full", "debtrank-classic", ring4_graph(), [{"node": "a", "haircut": 1.0}], HAND,
     "Ring of thr_ring_full_cascade under classic DebtRank: W = min(1, 4/3) = 1, so each node in "
     "turn reaches 1 and passes it: b, c, d = 1. total_loss 9; impact 0.75.",
     hand={"total_loss": 9, "defaulted": 4})
case("dr_ring_partial", "debtrank", ring4_graph(), [{"node": "a", "haircut": 0.3}], HAND,
     "Ring a -> b -> c -> d -> a, each owes the next 4, buffers 3 (Lambda = 4/3). Shock a 0.3: "
     "b = 0.4, c = min(1, 0.4*4/3) = 8/15, d = min(1, 32/45) = 32/45, a = min(1, 0.3 + 128/135) = "
     "1 ... the loop gain 256/81 > 1 drives every node to default: the least fixed point of "
     "min(1, s + Lambda h) is h = 1 everywhere. total_loss = (1-0.3)*3 + 9 = 11.1.",
     hand={"total_loss": F(111, 10), "defaulted": 4})


def value_graph():
    return graph("value-weighting", [N("a", 10, value=0), N("b", 4, value=50), N("c", 6, value=150),
                                     N("d", 20)],
                 [E("a", "b", 2), E("a", "c", 3), E("c", "d", 6)])


VAL_NOTE = ("Values differ from buffers: a buffer 10 value 0, b buffer 4 value 50, c buffer 6 value "
            "150, d buffer 20 (value defaults to 20). Total value 220. a owes b 2 and c 3, c owes d "
            "6. Shock a 0.8. ")
case("dr_value_weighting", "debtrank", value_graph(), [{"node": "a", "haircut": 0.8}], HAND,
     VAL_NOTE + "b = 2/4*0.8 = 0.4; c = 3/6*0.8 = 0.4; d = 6/20*0.4 = 0.12. total_loss = 0.4*4 + "
     "0.4*6 + 0.12*20 = 6.4 (buffers); impact = (50*0.4 + 150*0.4 + 20*0.12)/220 = 82.4/220.",
     hand={"total_loss": F(32, 5), "impact": F(824, 2200),
           "nodes": {"d": {"distress": F(3, 25)}}})
case("thr_value_weighting", "threshold", value_graph(), [{"node": "a", "haircut": 0.8}], HAND,
     VAL_NOTE + "Round 1: b loses 1.6 < 4 (0.4), c loses 2.4 < 6 (0.4); no default. total_loss = "
     "4; impact = (50*0.4 + 150*0.4)/220 = 80/220.",
     hand={"total_loss": 4, "impact": F(80, 220)})


def custom_graph():
    return graph("custom-kind-parallel",
                 [N("x", 8), N("y", 10), N("p", 10), N("q", 4)],
                 [E("x", "y", 8, kind="lease"), E("p", "q", 3), E("p", "q", 5),
                  E("y", "p", 5, kind="lease")],
                 kinds={"edges": {"lease": {"exposed": "from",
                                            "description": "from leases capacity to to and "
                                                           "loses if to stalls"}}})


CUS_NOTE = ("Declared edge kind 'lease' with exposed end 'from': x -> y lease 8 makes x exposed to y "
            "(distress y -> x, Lambda_xy = 8/8 = 1); y -> p lease 5 makes y exposed to p "
            "(Lambda_yp = 5/10). Parallel debt edges p -> q 3 and 5 add up to 8 (Lambda_qp = 8/4 = "
            "2). Shock p 0.25. ")
case("dr_custom_kind_parallel", "debtrank", custom_graph(), [{"node": "p", "haircut": 0.25}], HAND,
     CUS_NOTE + "q = min(1, 2*0.25) = 0.5; y = 0.5*0.25 = 0.125; x = 1*0.125 = 0.125. total_loss "
     "= 0.5*4 + 0.125*10 + 0.125*8 = 4.25; impact 4.25/32.",
     hand={"total_loss": F(17, 4), "impact": F(17, 128),
           "nodes": {"q": {"distress": F(1, 2)}, "y": {"distress": F(1, 8)},
                     "x": {"distress": F(1, 8)}}})
case("thr_custom_kind_parallel", "threshold", custom_graph(), [{"node": "p", "haircut": 0.25}],
     HAND,
     CUS_NOTE + "Round 1: q loses 0.25*8 = 2 < 4 (0.5); y loses 0.25*5 = 1.25 < 10 (0.125); no "
     "default, so x loses nothing. total_loss = 2 + 1.25 = 3.25; impact 3.25/32.",
     hand={"total_loss": F(13, 4), "nodes": {"x": {"distress": 0}}})

# ---------------------------------------------------------------------------
# Hand-computed cases: Eisenberg-Noe
# ---------------------------------------------------------------------------

def en_chain_graph():
    return graph("en-chain", [N("a", 2, e=12), N("b", 3, e=1), N("c", 8, e=0)],
                 [E("a", "b", 10), E("b", "c", 8)])


EN_CHAIN_NOTE = ("a owes b 10, b owes c 8; external assets a 12, b 1, c 0; no external "
                 "liabilities. Equity before = e + claims - pbar: a 12-10 = 2, b 1+10-8 = 3, c 8; "
                 "buffers set to these. Shock a 0.5: e_a = 6. ")
case("en_chain_default", "eisenberg-noe", en_chain_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     EN_CHAIN_NOTE + "a: 6 < 10 -> pays 6 (ratio 0.6), equity 6-10 = -4, loss 6, distress "
     "min(1, 6/2) = 1. b: 1 + 6 = 7 < 8 -> pays 7 (ratio 0.875), equity -1, loss 4, distress 1. "
     "c: receives 7, pays nothing (pbar 0, ratio 1), equity 7, loss 1, distress 1/8, distressed. "
     "h(1) of a = 0.5*12/2 = 3 -> clamped 1, so a adds nothing to the totals. total_loss = (1-1)*2 "
     "+ 1*3 + 1/8*8 = 4; impact 4/13; defaulted 2 (a, b), distressed 1 (c).",
     hand={"total_loss": 4, "impact": F(4, 13), "defaulted": 2, "distressed": 1,
           "nodes": {"a": {"payment": 6, "payment_ratio": F(3, 5), "equity": -4, "loss": 6,
                           "distress": 1, "state": "defaulted"},
                     "b": {"payment": 7, "payment_ratio": F(7, 8), "equity": -1, "loss": 4,
                           "distress": 1, "state": "defaulted"},
                     "c": {"payment": 0, "payment_ratio": 1, "equity": 7, "loss": 1,
                           "distress": F(1, 8), "state": "distressed"}}})
case("en_rv_chain", "eisenberg-noe", en_chain_graph(), [{"node": "a", "haircut": 0.5}], HAND,
     EN_CHAIN_NOTE + "Rogers-Veraart alpha 0.5, beta 0.8: a defaults (6 < 10) and pays 0.5*6 = 3; "
     "b: 1 + 3 = 4 < 8 defaults, pays 0.5*1 + 0.8*3 = 2.9; c receives 2.9. Equity (e + inflow - "
     "pbar): a -4, b 1+3-8 = -4, c 2.9. Losses: a 6, b 7, c 5.1; distress a 1, b 1, c 5.1/8. "
     "total_loss = 0 + 3 + 5.1 = 8.1; impact 8.1/13.",
     params={"alpha": 0.5, "beta": 0.8},
     hand={"total_loss": F(81, 10), "impact": F(81, 130),
           "nodes": {"a": {"payment": 3, "equity": -4}, "b": {"payment": F(29, 10), "equity": -4},
                     "c": {"equity": F(29, 10), "loss": F(51, 10)}}})


def en_rvdef_graph():
    return graph("en-rv-extra-default", [N("a", 4, e=24), N("b", 12, e=4), N("c", 8, e=0)],
                 [E("a", "b", 20), E("b", "c", 8)])


RVD_NOTE = ("a owes b 20, b owes c 8; e = (24, 4, 0). Equity before: a 4, b 4+20-8 = 16, c 8; "
            "buffers 4, 16, 8 (here b's buffer 12 differs from its equity before 16 on purpose: "
            "totals use the buffer as given). Shock a 0.75: e_a = 6. ")
case("en_no_rv_costs_b_solvent", "eisenberg-noe", en_rvdef_graph(),
     [{"node": "a", "haircut": 0.75}], HAND,
     RVD_NOTE.replace("buffers 4, 16, 8", "buffers 4, 12, 8") +
     "EN: a pays 6 (ratio 0.3), equity -14, loss 18, distress 1 (h(1) = 0.75*24/4 -> 1). b: 4 + 6 "
     "= 10 >= 8 solvent, pays 8, equity 2, loss 14, distress 14/16 = 0.875, state distressed. c: "
     "receives 8, equity 8, loss 0. total_loss = 0 + 0.875*12 + 0 = 10.5; impact 10.5/24.",
     hand={"total_loss": F(21, 2), "impact": F(21, 48), "defaulted": 1, "distressed": 1,
           "nodes": {"b": {"payment": 8, "equity": 2, "loss": 14, "distress": F(7, 8),
                           "state": "distressed"},
                     "c": {"loss": 0, "state": "undistressed", "distress": 0}}})
case("en_rv_costs_extra_default", "eisenberg-noe", en_rvdef_graph(),
     [{"node": "a", "haircut": 0.75}], HAND,
     RVD_NOTE.replace("buffers 4, 16, 8", "buffers 4, 12, 8") +
     "Rogers-Veraart alpha = beta = 0.5: a pays 0.5*6 = 3; b: 4 + 3 = 7 < 8 now defaults (it was "
     "solvent under EN) and pays 0.5*4 + 0.5*3 = 3.5; c receives 3.5. Equities: a -14, b -1, c "
     "3.5. Losses: b 17 (distress 1), c 4.5 (distress 4.5/8). total_loss = 1*12 + 4.5 = 16.5; "
     "impact 16.5/24.",
     params={"alpha": 0.5, "beta": 0.5},
     hand={"total_loss": F(33, 2), "impact": F(33, 48), "defaulted": 2, "distressed": 1,
           "nodes": {"a": {"payment": 3}, "b": {"payment": F(7, 2), "state": "defaulted"},
                     "c": {"payment": 0, "equity": F(7, 2), "distress": F(9, 16)}}})


def en_cycle_graph():
    return graph("en-cycle", [N("a", 3, e=5, el=4), N("b", 2, e=1), N("c", 4, e=2, el=2)],
                 [E("a", "b", 4), E("b", "c", 5), E("c", "a", 6)])


case("en_cycle_external_liabilities", "eisenberg-noe", en_cycle_graph(),
     [{"node": "a", "haircut": 0.6}], HAND,
     "Cycle a -> b 4, b -> c 5, c -> a 6; external assets a 5, b 1, c 2; external liabilities a 4, "
     "c 2 (pari passu): pbar = (8, 5, 8), Pi_ab = 1/2, Pi_bc = 1, Pi_ca = 3/4. Equity before: a "
     "5+6-8 = 3, b 1+4-5 = 0, c 2+5-8 = -1; buffers 3, 2, 4 as given. Shock a 0.6: e_a = 2. "
     "Clearing: all three default; p_a = 2 + 3/4 p_c, p_b = 1 + p_a/2, p_c = 2 + p_b -> p_a = 2 + "
     "3/4(3 + p_a/2) -> p_a (5/8) = 17/4 -> p_a = 6.8, p_b = 4.4, p_c = 6.4. Equity after: a = "
     "2 + 4.8 - 8 = -1.2 (loss 4.2, distress min(1, 4.2/3) = 1; h(1) = 0.6*5/3 = 1), b = 1 + 3.4 "
     "- 5 = -0.6 (equity before 0, loss 0.6 > 0 -> distress 1), c = 2 + 4.4 - 8 = -1.6 (before "
     "-1, loss 0.6 -> distress 1). total_loss = 0*3 + 1*2 + 1*4 = 6; impact 6/9.",
     hand={"total_loss": 6, "impact": F(2, 3), "defaulted": 3,
           "nodes": {"a": {"payment": F(34, 5), "equity": F(-6, 5)},
                     "b": {"payment": F(22, 5), "payment_ratio": F(22, 25), "loss": F(3, 5)},
                     "c": {"payment": F(32, 5), "payment_ratio": F(4, 5), "equity": F(-8, 5)}}})


def en_solvent_graph():
    return graph("en-solvent", [N("a", 10, e=20), N("b", 5, e=2), N("c", 3, e=1)],
                 [E("a", "b", 10), E("b", "c", 7), E("c", "a", 2, kind="revenue")])


case("en_partial_shock_solvent", "eisenberg-noe", en_solvent_graph(),
     [{"node": "a", "haircut": 0.25}], HAND,
     "a owes b 10, b owes c 7, c owes a 2 (revenue kind counts as an obligation); e = (20, 2, 1). "
     "Equity before: a 20+2-10 = 12, b 2+10-7 = 5, c 1+7-2 = 6; buffers 10, 5, 3 as given. Shock a "
     "0.25: e_a = 15, still 15 + 2 >= 10, everyone pays in full. Only a loses: 5 (distress 5/12, "
     "h(1) = 0.25*20/12 = 5/12). Totals exclude the shocked node's own loss: total_loss 0, impact "
     "0; distressed 1 (a), defaulted 0.",
     hand={"total_loss": 0, "impact": 0, "distressed": 1, "defaulted": 0,
           "nodes": {"a": {"loss": 5, "distress": F(5, 12), "equity": 7, "payment_ratio": 1,
                           "state": "distressed"},
                     "b": {"state": "undistressed", "loss": 0}}})


def en_multi_graph():
    return graph("en-multi-equity",
                 [N("a", 2, e=8, value=10), N("b", 1, e=6, value=0), N("c", 6, e=1, value=30),
                  N("s", 50, e=50, kind="investor")],
                 [E("a", "c", 6), E("b", "c", 5), E("s", "a", 40, kind="equity"),
                  E("c", "s", 1, kind="debt")])


case("en_multi_shock_equity_ignored", "eisenberg-noe", en_multi_graph(),
     [{"node": "a", "haircut": 0.5}, {"node": "b", "haircut": 1.0}], HAND,
     "a owes c 6, b owes c 5, c owes s 1; s -> a equity 40 is not an obligation and is ignored by "
     "Eisenberg-Noe. e = (8, 6, 1, 50). Equity before: a 2, b 1, c 1+11-1 = 11, s 51; buffers 2, "
     "1, 6, 50; values 10, 0, 30, 50 (total 90). Shocks a 0.5 (e_a = 4), b 1 (e_b = 0). a pays 4 "
     "(ratio 2/3), equity -2, loss 4; b pays 0 (ratio 0), equity -5, loss 6; h(1): a 0.5*8/2 -> 1, "
     "b 6/1 -> 1, so they add nothing. c receives 4, 1 + 4 = 5 >= 1 pays 1 in full, equity 4, loss "
     "7, distress 7/11, distressed. s: claims 1 paid, loss 0. total_loss = 7/11*6 = 42/11; impact "
     "= 30*7/11/90 = 7/33.",
     hand={"total_loss": F(42, 11), "impact": F(7, 33), "defaulted": 2, "distressed": 1,
           "nodes": {"b": {"payment": 0, "payment_ratio": 0},
                     "c": {"equity": 4, "distress": F(7, 11), "payment_ratio": 1},
                     "s": {"loss": 0, "state": "undistressed"}}})


# ---------------------------------------------------------------------------

def main():
    os.makedirs(CASES_DIR, exist_ok=True)
    for fn in os.listdir(CASES_DIR):
        if fn.endswith(".json"):
            os.remove(os.path.join(CASES_DIR, fn))
    names = set()
    for c in CASES:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        r = run_model(c["model"], c["graph"], c["shocks"], c["parameters"])
        if c["hand"]:
            check_hand(c["name"], r, c["hand"])
        if c["extra_check"]:
            c["extra_check"](r)
        out = {"name": c["name"], "citation": c["citation"], "note": c["note"], "model": c["model"],
               "parameters": {k: float(v) for k, v in c["parameters"].items()},
               "graph": c["graph"], "shocks": c["shocks"], "expected": to_json_expected(r)}
        with open(os.path.join(CASES_DIR, c["name"] + ".json"), "w") as fh:
            json.dump(out, fh, indent=2)
            fh.write("\n")
        ex = out["expected"]
        print(f"{c['name']:34s} {c['model']:17s} total_loss={ex['total_loss']:.10g} "
              f"impact={ex['impact']:.10g} distressed={ex['distressed']} defaulted={ex['defaulted']}")
    print(f"{len(CASES)} cases written to {CASES_DIR}")


if __name__ == "__main__":
    main()

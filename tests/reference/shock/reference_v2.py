#!/usr/bin/env python3
"""Independent reference for model.md section 5 (second version of the contract).

Extends reference.py (section 2, unchanged and imported) with:

  5.1  bases: --basis book (default) | market
  5.2  totals: loss_by_kind, value_lost, depth, iterations (alias rounds)
  5.3  edge shocks (--edge FROM:TO[:KIND]=H) in all four models
  5.4  schedules ({"2027": 60, ...} or {"start": 2027, "years": 5}) and notice_months
  5.5  growth stalls (graph stall --node X [--growth G | --plan] [--from] [--to] [--policy])

Written from shared/design/model.md and the papers, not from the Rust code. Every
reading chosen where section 5 is silent or ambiguous is a numbered convention in
tests/reference/stall/README.md (cited below as [Cn] = convention n there).

Running this file
  1. checks that the generalised engine below reproduces reference.py exactly (same
     fractions, same first_round / rounds) on every section-2 case of reference.py;
  2. checks, on every case with node shocks, that the node shock and its edge-shock
     form (the node's haircut given explicitly to every edge whose obligor it is,
     equity and guarantee edges included) give identical results, in all models;
  3. computes every new case, checks it against the figures worked by hand (exact
     fractions) given with the case, and writes
       tests/reference/shock/cases_v2/{edge_,basis_}*.json   (shock cases)
       tests/reference/stall/cases/stall_*.json               (stall cases)
     deleting the old files of those two folders first.
It does not touch tests/reference/shock/cases/ (run reference.py for those).

Python 3.11, standard library only.
"""

from __future__ import annotations

import json
import os
import sys
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference as ref  # noqa: E402  (section 2 reference, unchanged)

fr = ref.fr
solve_exact = ref.solve_exact

SHOCK_V2_DIR = os.path.join(HERE, "cases_v2")
STALL_DIR = os.path.join(os.path.dirname(HERE), "stall", "cases")

# model.md 1: exposed end per built-in kind (lease and guarantee are new in v2)
BUILTIN_EXPOSED = dict(ref.BUILTIN_EXPOSED, lease="to", guarantee="from")
# 5.4: obligation edges are every kind but equity and guarantee [C9]
NON_OBLIGATION = ("equity", "guarantee")


def year_of(date: str) -> int:
    return int(str(date)[:4])


# ---------------------------------------------------------------------------
# Graph with edges kept one by one (edge haircuts act per edge)
# ---------------------------------------------------------------------------

class Edge:
    __slots__ = ("idx", "frm", "to", "kind", "amount", "face", "recovery", "w", "o", "x",
                 "schedule", "notice", "obligation")


class G2:
    """A shockgraph/1 graph read with the v2 fields.

    basis "book": buffer = `buffer`, equity amount = `amount`;
    basis "market": buffer = `value` (default `buffer`), equity amount =
    `market_value` (else `amount`) [C1]."""

    def __init__(self, g: dict, basis: str = "book"):
        assert basis in ("book", "market"), basis
        self.raw = g
        self.basis = basis
        self.as_of = year_of(g["as_of"]) if "as_of" in g else None
        self.ids = [n["id"] for n in g["nodes"]]
        self.node = {n["id"]: n for n in g["nodes"]}
        self.kind = {i: self.node[i].get("kind", "other") for i in self.ids}
        book = {i: (fr(self.node[i]["buffer"]) if "buffer" in self.node[i] else None)
                for i in self.ids}
        self.value = {i: (fr(self.node[i]["value"]) if "value" in self.node[i] else book[i])
                      for i in self.ids}
        self.buffer = dict(self.value) if basis == "market" else book
        for i in self.ids:
            assert self.buffer[i] is not None, f"node {i}: no buffer ({basis} basis)"
            assert self.value[i] is not None, f"node {i}: no value"
        self.e = {i: fr(self.node[i].get("external_assets", 0)) for i in self.ids}
        self.el = {i: fr(self.node[i].get("external_liabilities", 0)) for i in self.ids}
        custom = g.get("kinds", {}).get("edges", {})
        self.edges = []
        self.into = {i: [] for i in self.ids}   # edges whose exposed end is i
        self.out = {i: [] for i in self.ids}    # edges whose obligor is i
        for k, ed in enumerate(g.get("edges", [])):
            e = Edge()
            e.idx = k
            e.frm, e.to = ed["from"], ed["to"]
            assert e.frm != e.to
            e.kind = ed.get("kind", "debt")
            # a kind the file declares wins over a built-in of the same name [C8]
            exposed_end = custom[e.kind]["exposed"] if e.kind in custom else BUILTIN_EXPOSED[e.kind]
            e.o, e.x = (e.frm, e.to) if exposed_end == "to" else (e.to, e.frm)
            e.face = fr(ed["amount"])
            if "market_value" in ed:
                assert e.kind == "equity", "market_value only on equity edges"
            e.amount = fr(ed["market_value"]) if (basis == "market" and "market_value" in ed) \
                else e.face
            e.recovery = fr(ed.get("recovery", 0))
            e.w = e.amount * (1 - e.recovery)
            e.obligation = e.kind not in NON_OBLIGATION
            e.schedule = parse_schedule(ed, e.face) if "schedule" in ed else None
            if e.schedule is not None:
                assert e.obligation, "schedule only on obligation edges"
            e.notice = fr(ed["notice_months"]) if "notice_months" in ed else None
            self.edges.append(e)
            self.into[e.x].append(e)
            self.out[e.o].append(e)


def parse_schedule(ed: dict, amount: F) -> dict:
    """{year: amount} from a per-year map or the {start, years} shorthand [C10]."""
    sc = ed["schedule"]
    if set(sc) == {"start", "years"}:
        n = int(sc["years"])
        assert n >= 1
        return {int(sc["start"]) + k: amount / n for k in range(n)}
    out = {int(y): fr(v) for y, v in sc.items()}
    assert all(v >= 0 for v in out.values())
    assert abs(sum(out.values()) - amount) <= amount / 10**9, "schedule must sum to amount"
    return out


def node_shocks(G: G2, shocks) -> dict:
    s = {i: F(0) for i in G.ids}
    for sh in shocks:
        s[sh["node"]] = fr(sh["haircut"])
    return s


def given_edge_haircuts(G: G2, edge_shocks) -> dict:
    """--edge FROM:TO[:KIND]=H -> {edge index: H}.  Without KIND every edge FROM -> TO
    (any kind, parallel edges included) gets H; with KIND only those of that kind.  A
    selector that matches nothing, or an edge matched twice, is an error [C5]."""
    out = {}
    for es in edge_shocks:
        hit = [e for e in G.edges if e.frm == es["from"] and e.to == es["to"]
               and ("kind" not in es or e.kind == es["kind"])]
        assert hit, f"edge shock matches no edge: {es}"
        for e in hit:
            assert e.idx not in out, f"edge {e.frm}->{e.to} ({e.kind}) given twice"
            out[e.idx] = fr(es["haircut"])
    return out


def edge_haircuts(G: G2, s: dict, given: dict) -> dict:
    """H_e = the haircut given, else h_O(1) (5.3)."""
    return {e.idx: given.get(e.idx, s[e.o]) for e in G.edges}


# ---------------------------------------------------------------------------
# Differential DebtRank with edge haircuts (5.3)
#   h_j = min(1, h_j(1) + sum_{e into j} min(1, H_e + h_O - h_O(1)) w_e / buffer_j)
# least fixed point
# ---------------------------------------------------------------------------

def dr_map(G: G2, s: dict, H: dict, h: dict, num=F):
    one = num(1)
    new = {}
    for j in G.ids:
        tot = num(0)
        for e in G.into[j]:
            if e.w:
                tot += min(one, num(H[e.idx]) + h[e.o] - num(s[e.o])) * num(e.w)
        if G.buffer[j] == 0:
            new[j] = one if tot > 0 else num(s[j])
        else:
            new[j] = min(one, num(s[j]) + tot / num(G.buffer[j]))
    return new


def dr_float(G: G2, s: dict, H: dict, tol=1e-15, max_iter=10_000_000):
    h = {i: float(s[i]) for i in G.ids}
    for _ in range(max_iter):
        new = dr_map(G, s, H, h, float)
        ch = max((abs(new[i] - h[i]) for i in G.ids), default=0.0)
        h = new
        if ch <= tol:
            return h
    raise RuntimeError("DebtRank float iteration did not converge")


def dr_exact(G: G2, s: dict, H: dict) -> dict:
    """Least fixed point, exactly: the saturated nodes (h = 1) and saturated edges
    (H_e + h_O - h_O(1) >= 1) are read off the monotone float iteration from h(1);
    the rest solve a linear system exactly; the result is checked to be an exact
    fixed point and to agree with the float run to 1e-12."""
    hf = dr_float(G, s, H)
    S = {i for i in G.ids if hf[i] >= 1 - 1e-12}
    U = [i for i in G.ids if i not in S]
    idx = {i: k for k, i in enumerate(U)}
    n = len(U)
    A = [[F(0)] * n for _ in range(n)]
    b = [F(0)] * n
    for j in U:
        r = idx[j]
        A[r][r] = F(1)
        b[r] = s[j]
        if G.buffer[j] == 0:
            continue
        for e in G.into[j]:
            if not e.w:
                continue
            lam = e.w / G.buffer[j]
            if float(H[e.idx]) + hf[e.o] - float(s[e.o]) >= 1 - 1e-12:
                b[r] += lam                       # saturated edge: passes w_e
            else:
                b[r] += lam * (H[e.idx] - s[e.o])
                if e.o in S:
                    b[r] += lam
                else:
                    A[r][idx[e.o]] -= lam
    x = solve_exact(A, b) if n else []
    h = {i: F(1) for i in S}
    for i in U:
        h[i] = x[idx[i]]
        assert s[i] <= h[i] <= 1, (i, h[i])
        assert abs(float(h[i]) - hf[i]) < 1e-12, (i, h[i], hf[i])
    assert dr_map(G, s, H, h) == h, "not an exact fixed point"
    return h


def reach_cycle(G: G2, sources) -> bool:
    """A directed cycle of the distress graph (obligor -> exposed, positive exposure)
    reachable from `sources`."""
    out = {i: [e.x for e in G.out[i] if e.w > 0] for i in G.ids}
    reach, stack = set(), list(sources)
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


def dr_rounds(G: G2, s: dict, H: dict, h_final: dict):
    """Exact round-by-round run: h(1) = node haircuts; round r computes
    h(r+1) = dr_map(h(r)) (round 1 passes H_e * w_e on every edge).  Returns
    (first_round, rounds); rounds is None when a feedback cycle is reachable from
    the nodes distressed after round 1 (the exact increments then never stop)."""
    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    h = dict(s)
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    sources = None
    cap = 4 * len(G.ids) + 10
    for r in range(1, 100_000):
        new = dr_map(G, s, H, h)
        changed = [i for i in G.ids if new[i] != h[i]]
        for i in changed:
            if h[i] == 0 and first[i] is None:
                first[i] = r
        if changed:
            last = max(last, r)
        h = new
        if r == 1:
            sources = [i for i in G.ids if h[i] > 0]
            cyc = reach_cycle(G, sources)
        if not changed or (cyc and r > cap):
            break
    if not cyc:
        assert h == h_final, (h, h_final)
    for i in G.ids:
        assert (first[i] is None) == (h_final[i] == 0), (i, first[i], h_final[i])
    return first, (None if cyc else last)


# ---------------------------------------------------------------------------
# Classic DebtRank with edge haircuts [C6]
# ---------------------------------------------------------------------------

def classic_weights(G: G2) -> dict:
    """omega_e = W_iO * w_e / w_iO with W_iO = min(1, Lambda_iO) over the parallel
    edges from the same obligor (section 2's impact W, split pro rata)."""
    om = {}
    for i in G.ids:
        tot = {}
        for e in G.into[i]:
            tot[e.o] = tot.get(e.o, F(0)) + e.w
        for e in G.into[i]:
            if G.buffer[i] > 0 and tot[e.o] > 0:
                om[e.idx] = min(F(1), tot[e.o] / G.buffer[i]) * e.w / tot[e.o]
            else:
                om[e.idx] = F(0)
    return om


def classic(G: G2, s: dict, H: dict):
    """Round 1: every edge passes its haircut H_e (the node-shocked nodes' one
    propagation step: they are inactive afterwards).  Round r >= 2: every node that
    first became distressed in round r-1 passes, on each of its edges, its level
    minus what the edge already passed (never below 0), then is inactive."""
    om = classic_weights(G)
    h = dict(s)
    pi = {e.idx: F(0) for e in G.edges}
    state = {i: ("D" if s[i] > 0 else "U") for i in G.ids}
    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    delta = {e.idx: H[e.idx] for e in G.edges}
    if not any(delta.values()) and not any(v == "D" for v in state.values()):
        return h, first, last
    r = 0
    while True:
        r += 1
        new = {}
        for i in G.ids:
            inc, pos = F(0), False
            for e in G.into[i]:
                d = delta.get(e.idx, F(0))
                if d > 0 and e.w > 0:
                    pos = True
                    inc += d * om[e.idx]
            if G.buffer[i] == 0:
                new[i] = F(1) if pos else h[i]
            else:
                new[i] = min(F(1), h[i] + inc)
        for k, d in delta.items():
            pi[k] += d
        for i in G.ids:
            if new[i] != h[i]:
                last = max(last, r)
                if h[i] == 0 and first[i] is None:
                    first[i] = r
        for i in G.ids:
            if state[i] == "D":
                state[i] = "I"
        for i in G.ids:
            if state[i] == "U" and new[i] > 0:
                state[i] = "D"
        h = new
        D = [j for j in G.ids if state[j] == "D"]
        if not D:
            break
        delta = {}
        for j in D:
            for e in G.out[j]:
                delta[e.idx] = max(F(0), h[j] - pi[e.idx])
    return h, first, last


# ---------------------------------------------------------------------------
# Threshold cascade with edge haircuts
# ---------------------------------------------------------------------------

def threshold(G: G2, s: dict, H: dict):
    """Round 1: node-shocked nodes lose h_i(1) * buffer_i, the exposed end of every
    edge loses H_e * w_e (the edge has passed the share H_e).  Round r >= 2: every
    node that defaulted in round r-1 (cumulative loss >= buffer; buffer 0: loss > 0)
    passes on each edge the share not yet passed, (1 - passed_e) * w_e."""
    loss = {i: s[i] * G.buffer[i] for i in G.ids}
    passed = {e.idx: H[e.idx] for e in G.edges}
    for e in G.edges:
        loss[e.x] += H[e.idx] * e.w
    defaulted = set()

    def is_default(i):
        return loss[i] >= G.buffer[i] and (G.buffer[i] > 0 or loss[i] > 0)

    def dist(i):
        if i in defaulted:
            return F(1)
        return loss[i] / G.buffer[i] if G.buffer[i] > 0 else F(0)

    first = {i: (1 if s[i] > 0 else None) for i in G.ids}
    last = 1 if any(s[i] > 0 for i in G.ids) else 0
    before = {i: F(0) for i in G.ids}
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
            for e in G.out[d]:
                share = 1 - passed[e.idx]
                passed[e.idx] = F(1)
                if share > 0:
                    loss[e.x] += share * e.w
    h = {i: dist(i) for i in G.ids}
    return h, defaulted, first, last


# ---------------------------------------------------------------------------
# Eisenberg-Noe / Rogers-Veraart with edge haircuts [C7]
# ---------------------------------------------------------------------------

def en_cuts(G: G2, s: dict, given: dict) -> dict:
    """Write-down c_e of every obligation edge: the part of its given haircut above
    its obligor's node haircut (the node haircut already acts through e_O)."""
    return {e.idx: (max(F(0), given[e.idx] - s[e.o]) if e.idx in given else F(0))
            for e in G.edges}


def en_clear(G: G2, s: dict, c: dict, alpha: F, beta: F):
    """Greatest clearing vector (Rogers & Veraart 2013 GCVA, alpha = beta = 1:
    Eisenberg & Noe 2001) on the written-down obligations L'_e = (1 - c_e) L_e."""
    Lface = {i: {} for i in G.ids}
    Lcut = {i: {} for i in G.ids}
    for ed in G.edges:
        if ed.kind in NON_OBLIGATION:
            continue
        Lface[ed.o][ed.x] = Lface[ed.o].get(ed.x, F(0)) + ed.face
        Lcut[ed.o][ed.x] = Lcut[ed.o].get(ed.x, F(0)) + ed.face * (1 - c[ed.idx])
    e1 = {i: (1 - s[i]) * G.e[i] for i in G.ids}
    pbar0 = {i: sum(Lface[i].values(), F(0)) + G.el[i] for i in G.ids}
    pbar = {i: sum(Lcut[i].values(), F(0)) + G.el[i] for i in G.ids}
    Pi = {i: ({j: a / pbar[i] for j, a in Lcut[i].items()} if pbar[i] > 0 else {})
          for i in G.ids}

    def inflow(p):
        zero = type(next(iter(p.values())))(0)
        inf = {i: zero for i in G.ids}
        for j in G.ids:
            for i, pij in Pi[j].items():
                inf[i] += (pij if isinstance(p[j], F) else float(pij)) * p[j]
        return inf

    p = dict(pbar)
    D = set()
    while True:
        inf = inflow(p)
        Dn = {i for i in G.ids if e1[i] + inf[i] < pbar[i]}
        if Dn == D and all(p[i] == (pbar[i] if i not in D else alpha * e1[i] + beta * inf[i])
                           for i in G.ids):
            break
        assert D <= Dn
        D = Dn
        Dl = [i for i in G.ids if i in D]
        ix = {i: k for k, i in enumerate(Dl)}
        n = len(Dl)
        A = [[F(0)] * n for _ in range(n)]
        b = [F(0)] * n
        for i in Dl:
            r = ix[i]
            A[r][r] += 1
            b[r] = alpha * e1[i]
            for j in G.ids:
                pji = Pi[j].get(i)
                if pji:
                    if j in D:
                        A[r][ix[j]] -= beta * pji
                    else:
                        b[r] += beta * pji * pbar[j]
        x = solve_exact(A, b) if n else []
        p = {i: (x[ix[i]] if i in D else pbar[i]) for i in G.ids}
    inf = inflow(p)
    for i in G.ids:
        want = pbar[i] if e1[i] + inf[i] >= pbar[i] else \
            min(pbar[i], max(F(0), alpha * e1[i] + beta * inf[i]))
        assert p[i] == want
    # float cross-check: monotone iteration from pbar
    pf = {i: float(pbar[i]) for i in G.ids}
    for _ in range(1_000_000):
        inff = inflow(pf)
        new = {i: (float(pbar[i]) if float(e1[i]) + inff[i] >= float(pbar[i]) else
                   min(float(pbar[i]), max(0.0, float(alpha) * float(e1[i]) + float(beta) * inff[i])))
               for i in G.ids}
        ch = max(abs(new[i] - pf[i]) for i in G.ids)
        pf = new
        if ch <= 1e-15:
            break
    for i in G.ids:
        assert abs(float(p[i]) - pf[i]) < 1e-9, (i, p[i], pf[i])
    return p, e1, pbar0, pbar, inf, Lface


def eisenberg_noe(G: G2, s: dict, given: dict, alpha=F(1), beta=F(1)):
    c = en_cuts(G, s, given)
    p, e1, pbar0, pbar, inf, Lface = en_clear(G, s, c, alpha, beta)
    out = {}
    for i in G.ids:
        claims = sum((Lface[j].get(i, F(0)) for j in G.ids), F(0))
        eq_before = G.e[i] + claims - pbar0[i]
        eq_after = e1[i] + inf[i] - pbar[i]
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
        st = "defaulted" if p[i] < pbar[i] else ("distressed" if loss > 0 else "undistressed")
        out[i] = dict(payment=p[i], payment_ratio=(p[i] / pbar[i] if pbar[i] > 0 else F(1)),
                      equity=eq_after, loss=loss, distress=d, h1=h1, state=st)
    return out


# ---------------------------------------------------------------------------
# One shock run (node shocks + edge shocks), totals of 5.2
# ---------------------------------------------------------------------------

def dr_state(h):
    return "defaulted" if h == 1 else ("distressed" if h > 0 else "undistressed")


def run(g: dict, model: str, shocks, edge_shocks=(), params=None, G: G2 | None = None):
    params = params or {}
    if G is None:
        G = G2(g, params.get("basis", "book"))
    s = node_shocks(G, shocks)
    given = given_edge_haircuts(G, edge_shocks)
    H = edge_haircuts(G, s, given)
    res = {}
    rounds = None
    if model in ("debtrank", "debtrank-classic", "threshold"):
        if model == "debtrank":
            h = dr_exact(G, s, H)
            first, rounds = dr_rounds(G, s, H, h)
            st = {i: dr_state(h[i]) for i in G.ids}
        elif model == "debtrank-classic":
            h, first, rounds = classic(G, s, H)
            st = {i: dr_state(h[i]) for i in G.ids}
        else:
            h, dset, first, rounds = threshold(G, s, H)
            st = {i: ("defaulted" if i in dset else dr_state(h[i])) for i in G.ids}
        h1 = s
        for i in G.ids:
            res[i] = dict(distress=h[i], loss=h[i] * G.buffer[i], state=st[i],
                          first_round=first[i])
        contrib = {i: h[i] - h1[i] for i in G.ids}
        depth = max((f for f in first.values() if f is not None), default=1) - 1
    elif model == "eisenberg-noe":
        en = eisenberg_noe(G, s, given, fr(params.get("alpha", 1)), fr(params.get("beta", 1)))
        h = {i: en[i]["distress"] for i in G.ids}
        h1 = {i: en[i]["h1"] for i in G.ids}
        for i in G.ids:
            r = en[i]
            res[i] = dict(distress=r["distress"], loss=r["loss"], state=r["state"],
                          payment=r["payment"], payment_ratio=r["payment_ratio"],
                          equity=r["equity"])
        # a node's contribution to the totals is never negative [C7e]
        contrib = {i: max(F(0), h[i] - h1[i]) for i in G.ids}
        depth = None
    else:
        raise ValueError(model)
    total_loss = sum((contrib[i] * G.buffer[i] for i in G.ids), F(0))
    value_lost = sum((contrib[i] * G.value[i] for i in G.ids), F(0))
    tv = sum(G.value.values(), F(0))
    kinds = sorted(set(G.kind.values()))
    out = dict(total_loss=total_loss,
               impact=(value_lost / tv if tv > 0 else F(0)),
               value_lost=value_lost,
               loss_by_kind={k: sum((contrib[i] * G.buffer[i] for i in G.ids if G.kind[i] == k),
                                    F(0)) for k in kinds},
               distressed=sum(1 for i in G.ids if res[i]["state"] == "distressed"),
               defaulted=sum(1 for i in G.ids if res[i]["state"] == "defaulted"))
    if depth is not None:
        out["depth"] = depth
    if rounds is not None:
        out["iterations"] = rounds
        out["rounds"] = rounds
    out["nodes"] = res
    out["_h1"] = h1
    out["_s"] = s
    out["_H"] = H
    return out


def edge_form(g: dict, shocks, edge_shocks=()):
    """The edge-shock form of the node shocks: every edge whose obligor is a shocked
    node (equity and guarantee edges included) gets the node's haircut explicitly,
    unless the edge already has a haircut of its own; the node shocks stay."""
    G = G2(g)
    s = node_shocks(G, shocks)
    have = given_edge_haircuts(G, edge_shocks)
    extra = list(edge_shocks)
    for e in G.edges:
        if s[e.o] > 0 and e.idx not in have:
            # select this very edge: FROM:TO:KIND (parallel edges of one kind go together)
            sel = {"from": e.frm, "to": e.to, "kind": e.kind, "haircut": float(s[e.o])}
            if sel not in extra:
                extra.append(sel)
    return extra


# ---------------------------------------------------------------------------
# Growth stalls (5.5)
# ---------------------------------------------------------------------------

def notice_cap(sched: dict, t: int, n: F) -> F:
    """Payments scheduled in the n months after year t: n/12 of year t+1 and on into
    later years when n > 12 [C12]."""
    cap, k = F(0), 1
    months = n
    while months > 0:
        cap += min(F(1), months / 12) * sched.get(t + k, F(0))
        months -= 12
        k += 1
    return cap


def stall(g: dict, node: str, model: str, growth=None, plan=False, y_from=None, y_to=None,
          policy="default", params=None):
    params = params or {}
    G = G2(g, params.get("basis", "book"))
    X = node
    f = G.node[X]["funding"]
    yf = int(f["year"])
    cash0 = fr(f.get("cash", 0))
    rev0 = fr(f.get("revenue", 0))
    kappa = fr(f.get("cost_ratio", 0))
    planmap = {int(y): fr(v) for y, v in f.get("plan", {}).items()}
    capital = {int(y): fr(v) for y, v in f.get("capital", {}).items()}
    assert (growth is None) == plan, "exactly one of --growth, --plan"
    obl = [e for e in G.edges if e.o == X and e.obligation]
    sched = {}
    for e in obl:
        if e.schedule is not None:
            sched[e.idx] = dict(e.schedule)
        else:
            assert G.as_of is not None, "unscheduled obligation edge and no as_of"
            sched[e.idx] = {G.as_of: e.face}          # 5.4 [C11]
    y0 = yf if y_from is None else int(y_from)
    assert y0 >= yf, "--from before funding.year"        # [C14]
    last_sched = max((y for e in obl for y, a in sched[e.idx].items() if a > 0), default=y0)
    y1 = max(y0, last_sched) if y_to is None else int(y_to)
    assert y1 >= y0

    def revenue(t):
        r = rev0
        for u in range(yf + 1, t + 1):
            r = planmap.get(u, r) if plan else r * (1 + fr(growth))
        return r

    cash = cash0                                          # cash at the start of y0 [C14]
    lost = {e.idx: F(0) for e in obl}
    paid_e = {e.idx: F(0) for e in obl}
    default_year = None
    years, trace, cum = [], [], {}
    for t in range(y0, y1 + 1):
        due_e = {e.idx: sched[e.idx].get(t, F(0)) for e in obl}
        due = sum(due_e.values(), F(0))
        row = {"year": t, "revenue": revenue(t), "capital": capital.get(t, F(0)), "due": due}
        if default_year is not None:
            paid = F(0)                                   # pays nothing after its default [C15]
            row.update(available=None, paid=paid, cash=None)
        else:
            avail = cash + revenue(t) * (1 - kappa) + capital.get(t, F(0))
            paid = min(due, avail)
            ratio = paid / due if due > 0 else F(1)
            cash = avail - paid
            row.update(available=avail, paid=paid, cash=cash)
            for e in obl:
                pe = due_e[e.idx] * ratio
                paid_e[e.idx] += pe
                unpaid = due_e[e.idx] - pe
                if paid < due:
                    lost[e.idx] += unpaid
                    if policy == "default":
                        after = sum((a for y, a in sched[e.idx].items() if y > t), F(0))
                        if e.notice is not None:
                            after = min(after, notice_cap(sched[e.idx], t, e.notice))
                        lost[e.idx] += after
            if paid < due:
                if policy == "default":
                    default_year = t
                else:
                    assert policy == "pro-rata", policy
        years.append({"year": t, "due": due, "paid": paid,
                      "coverage": (paid / due if due > 0 else F(1))})
        trace.append(row)
        cum[t] = dict(lost)
    # one propagation per year, on the losses recognised up to that year [C17]
    tot_w = sum((e.w for e in obl), F(0))
    runs = {}
    for t in range(y0, y1 + 1):
        H = {e.idx: cum[t][e.idx] / e.face for e in obl}
        hX = (sum((H[e.idx] * e.w for e in obl), F(0)) / tot_w) if tot_w > 0 else F(0)
        shocks = [{"node": X, "haircut": hX}]
        eshocks = [{"from": e.frm, "to": e.to, "kind": e.kind, "haircut": H[e.idx]} for e in obl]
        r = run(g, model, shocks, eshocks, params, G=G)
        r["_shocks"], r["_eshocks"] = shocks, eshocks
        runs[t] = r
        yr = years[t - y0]
        yr.update(total_loss=r["total_loss"], impact=r["impact"], distressed=r["distressed"],
                  defaulted=r["defaulted"])
    last = runs[y1]
    first_year = {}
    for i in G.ids:
        first_year[i] = next((t for t in range(y0, y1 + 1) if runs[t]["nodes"][i]["distress"] > 0),
                             None)
    edges = [{"from": e.frm, "to": e.to, "kind": e.kind, "amount": e.face, "paid": paid_e[e.idx],
              "lost": lost[e.idx], "haircut": lost[e.idx] / e.face} for e in obl]
    edges.sort(key=lambda d: (-d["lost"], d["from"], d["to"], d["kind"]))
    return dict(node=X, growth=(None if plan else fr(growth)), policy=policy, model=model,
                years=years, default_year=default_year, edges=edges, shock=last,
                nodes={i: dict(loss=last["nodes"][i]["loss"], distress=last["nodes"][i]["distress"],
                               state=last["nodes"][i]["state"], first_year=first_year[i])
                       for i in G.ids},
                _trace=trace, _runs=runs)


# ---------------------------------------------------------------------------
# JSON output
# ---------------------------------------------------------------------------

def cv(x):
    if isinstance(x, F):
        return float(x)
    if isinstance(x, dict):
        return {k: cv(v) for k, v in x.items()}
    if isinstance(x, list):
        return [cv(v) for v in x]
    return x


def shock_expected(r: dict) -> dict:
    out = {}
    for k in ("total_loss", "impact", "value_lost", "loss_by_kind", "distressed", "defaulted",
              "depth", "iterations", "rounds", "nodes"):
        if k in r:
            out[k] = cv(r[k])
    return out


def stall_expected(st: dict) -> dict:
    shock = {"shocks": cv(st["shock"]["_shocks"]), "edge_shocks": cv(st["shock"]["_eshocks"])}
    shock.update(shock_expected(st["shock"]))
    return {"node": st["node"], "growth": cv(st["growth"]), "policy": st["policy"],
            "model": st["model"], "years": cv(st["years"]), "default_year": st["default_year"],
            "edges": cv(st["edges"]), "shock": shock, "nodes": cv(st["nodes"])}


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def check(label, got, want):
    if want is None or got is None:
        ok = got is None and want is None
    elif isinstance(want, str) or (isinstance(want, int) and not isinstance(want, bool)
                                   and isinstance(got, int)):
        ok = got == want
    else:
        ok = F(got) == F(want)          # exact: hand figures are fractions
    if not ok:
        raise AssertionError(f"{label}: got {got} ({float(got) if isinstance(got, F) else got}),"
                             f" want {want}")


def check_hand_shock(name, r, hand):
    for k, v in hand.items():
        if k == "nodes":
            for nid, fields in v.items():
                for fk, fv in fields.items():
                    check(f"{name}.{nid}.{fk}", r["nodes"][nid][fk], fv)
        elif k == "loss_by_kind":
            assert set(r["loss_by_kind"]) == set(v), (name, r["loss_by_kind"], v)
            for kk, vv in v.items():
                check(f"{name}.loss_by_kind.{kk}", r["loss_by_kind"][kk], vv)
        else:
            check(f"{name}.{k}", r.get(k), v)


def check_hand_stall(name, st, hand):
    for k, v in hand.items():
        if k == "years":
            for y, fields in v.items():
                row = next(r for r in st["years"] if r["year"] == y)
                for fk, fv in fields.items():
                    check(f"{name}.years.{y}.{fk}", row[fk], fv)
        elif k == "edges":
            for (f_, t_), fields in v.items():
                row = next(r for r in st["edges"] if r["from"] == f_ and r["to"] == t_)
                for fk, fv in fields.items():
                    check(f"{name}.edges.{f_}->{t_}.{fk}", row[fk], fv)
        elif k == "shock":
            check_hand_shock(name + ".shock", st["shock"], v)
        elif k == "nodes":
            for nid, fields in v.items():
                for fk, fv in fields.items():
                    check(f"{name}.nodes.{nid}.{fk}", st["nodes"][nid][fk], fv)
        elif k == "h_x":
            check(f"{name}.h_x", st["shock"]["_shocks"][0]["haircut"], v)
        else:
            check(f"{name}.{k}", st[k], v)


def same_result(a, b):
    for k in ("total_loss", "impact", "value_lost", "loss_by_kind", "distressed", "defaulted",
              "depth", "iterations", "rounds", "nodes"):
        assert a.get(k) == b.get(k), (k, a.get(k), b.get(k))


def selfcheck_v1():
    """The engine above reproduces reference.py exactly on every section-2 case."""
    n = 0
    for c in ref.CASES:
        want = ref.run_model(c["model"], c["graph"], c["shocks"], c["parameters"])
        got = run(c["graph"], c["model"], c["shocks"], (), c["parameters"])
        for k in ("total_loss", "impact", "distressed", "defaulted"):
            assert got[k] == want[k], (c["name"], k, got[k], want[k])
        assert got.get("rounds") == want.get("rounds"), (c["name"], got.get("rounds"),
                                                         want.get("rounds"))
        for i, d in want["nodes"].items():
            for k, v in d.items():
                assert got["nodes"][i][k] == v, (c["name"], i, k, got["nodes"][i][k], v)
        # edge-shock form of the node shocks: same result
        ef = run(c["graph"], c["model"], c["shocks"], edge_form(c["graph"], c["shocks"]),
                 c["parameters"])
        same_result(got, ef)
        n += 1
    return n


def selfcheck_random(n_graphs=150, seed=20261205):
    """Seeded random graphs (all edge kinds, parallel edges, buffer-0 nodes, recoveries,
    node and edge haircuts): every model runs, DebtRank's exact solution is an exact
    fixed point matching the float iteration (inside dr_exact), the round-by-round runs
    end at the solvers' states, and the node shocks equal their edge-shock form."""
    import random
    rnd = random.Random(seed)
    kinds = list(BUILTIN_EXPOSED)
    for k in range(n_graphs):
        n = rnd.randint(2, 6)
        ids = [f"n{i}" for i in range(n)]
        nodes = [N(i, rnd.choice([0, 1, 2, 5, 10, 20]), kind=rnd.choice(["bank", "cloud", "spv"]),
                   e=rnd.randint(0, 30), el=rnd.choice([0, 0, 3]), value=rnd.randint(0, 20))
                 for i in ids]
        edges = []
        for _ in range(rnd.randint(1, 2 * n)):
            a, b = rnd.sample(ids, 2)
            edges.append(E(a, b, rnd.randint(1, 15), kind=rnd.choice(kinds),
                           recovery=rnd.choice([None, 0.25, 0.5, 1.0])))
        g = graph(f"random-{k}", nodes, edges)
        shocks = [{"node": i, "haircut": rnd.choice([0.1, 0.25, 0.5, 1.0])}
                  for i in rnd.sample(ids, rnd.randint(0, 2))]
        es = []
        for ed in rnd.sample(edges, min(len(edges), rnd.randint(0, 2))):
            sel = {"from": ed["from"], "to": ed["to"], "kind": ed["kind"],
                   "haircut": rnd.choice([0.0, 0.2, 0.5, 0.75, 1.0])}
            if not any(x["from"] == sel["from"] and x["to"] == sel["to"]
                       and x["kind"] == sel["kind"] for x in es):
                es.append(sel)
        for model in ("debtrank", "debtrank-classic", "threshold", "eisenberg-noe"):
            r = run(g, model, shocks, es)
            same_result(r, run(g, model, shocks, edge_form(g, shocks, es)))
            assert sum(r["loss_by_kind"].values()) == r["total_loss"]
            if model != "eisenberg-noe":
                G = G2(g)
                for i in ids:
                    # (threshold keeps a shocked buffer-0 node at 0: its loss s*0 is no loss)
                    if G.buffer[i] > 0:
                        assert r["_s"][i] <= r["nodes"][i]["distress"] <= 1
    return n_graphs


# ---------------------------------------------------------------------------
# Case builders
# ---------------------------------------------------------------------------

def N(id, buffer=None, kind="bank", e=None, el=None, value=None, funding=None):
    d = {"id": id, "kind": kind}
    if buffer is not None:
        d["buffer"] = float(buffer)
    if e is not None:
        d["external_assets"] = float(e)
    if el is not None:
        d["external_liabilities"] = float(el)
    if value is not None:
        d["value"] = float(value)
    if funding is not None:
        d["funding"] = funding
    return d


def E(f, t, amount, kind="debt", recovery=None, schedule=None, notice=None, market_value=None):
    d = {"from": f, "to": t, "kind": kind, "amount": float(amount)}
    if recovery is not None:
        d["recovery"] = float(recovery)
    if schedule is not None:
        d["schedule"] = schedule
    if notice is not None:
        d["notice_months"] = notice
    if market_value is not None:
        d["market_value"] = float(market_value)
    return d


def graph(name, nodes, edges, as_of="2026-11", description=""):
    return {"format": "shockgraph/1", "name": name,
            "description": description or f"reference case {name}",
            "as_of": as_of, "currency": "USD", "unit": "billion",
            "nodes": nodes, "edges": edges}


HAND = "hand-computed"
SHOCK_CASES = []
STALL_CASES = []


def shock_case(name, model, g, shocks, note, edge_shocks=(), params=None, hand=None,
               same_as=None):
    SHOCK_CASES.append(dict(name=name, model=model, graph=g, shocks=shocks,
                            edge_shocks=list(edge_shocks), params=params or {}, note=note,
                            hand=hand or {}, same_as=same_as))


def stall_case(name, model, g, params, note, hand=None, same_as=None):
    STALL_CASES.append(dict(name=name, model=model, graph=g, params=params, note=note,
                            hand=hand or {}, same_as=same_as))


# ===========================================================================
# Shock cases: edge shocks (5.3)
# ===========================================================================

def eq_graph():
    return graph("edge-equivalence", [
        N("o", 20, kind="ai_lab", e=70),
        N("a", 15, kind="cloud", e=10, el=25),
        N("d", 8, kind="spv", e=2, el=4),
        N("k", 10, kind="lender", e=0),
        N("s", 24, kind="investor", e=24),
        N("g", 4, kind="lender", e=4),
    ], [
        E("o", "a", 30, kind="compute_commitment"),
        E("o", "d", 20, kind="lease", recovery=0.5),
        E("s", "o", 12, kind="equity"),
        E("g", "o", 6, kind="guarantee"),
        E("d", "k", 10),
    ])


EQ_NOTE = ("o (ai_lab, buffer 20) is the obligor of four edges: o -> a compute_commitment 30 (a "
           "cloud, buffer 15), o -> d lease 20 with recovery 0.5 (lease exposes `to`: d spv, buffer "
           "8, exposure 10), s -> o equity 12 (s investor, buffer 24, exposed as holder) and g -> o "
           "guarantee 6 (guarantee exposes `from`: g lender, buffer 4); d -> k debt 10 (k lender, "
           "buffer 10). Values = buffers (total 81). Lambda: a<-o 2, d<-o 1.25, s<-o 0.5, g<-o 1.5, "
           "k<-d 1. ")
EQ_EDGES = [{"from": "o", "to": "a", "haircut": 0.5}, {"from": "o", "to": "d", "haircut": 0.5},
            {"from": "s", "to": "o", "haircut": 0.5}, {"from": "g", "to": "o", "haircut": 0.5}]
EQ_FORM = ("Edge form: the same node shock o 0.5 plus --edge o:a=0.5 --edge o:d=0.5 --edge "
           "s:o=0.5 --edge g:o=0.5 (every edge whose obligor is o, equity and guarantee included); "
           "H_e = 0.5 is what the node shock gives these edges anyway, so the result is identical "
           "to the node form. ")

DR_EQ = ("Differential DebtRank, shock o 0.5: round 1 a = min(1, 2*0.5) = 1, d = 1.25*0.5 = "
         "0.625, s = 0.5*0.5 = 0.25, g = min(1, 1.5*0.5) = 0.75; round 2: edge d -> k has passed "
         "min(1, 0 + 0.625)*10 = 6.25, k = 0.625. total_loss = 15 + 0.625*8 + 0.25*24 + 0.75*4 + "
         "0.625*10 = 35.25 = value_lost; impact 35.25/81. loss_by_kind: ai_lab 0, cloud 15, "
         "investor 6, lender 3 + 6.25 = 9.25, spv 5. first_round k 2, others 1: depth 1, "
         "iterations 2. distressed o, d, s, g, k (5); defaulted a (1).")
DR_EQ_HAND = {"total_loss": F(141, 4), "value_lost": F(141, 4), "impact": F(141, 324),
              "depth": 1, "iterations": 2, "distressed": 5, "defaulted": 1,
              "loss_by_kind": {"ai_lab": 0, "cloud": 15, "investor": 6, "lender": F(37, 4),
                               "spv": 5},
              "nodes": {"a": {"distress": 1}, "d": {"distress": F(5, 8)},
                        "s": {"distress": F(1, 4)}, "g": {"distress": F(3, 4)},
                        "k": {"distress": F(5, 8), "first_round": 2},
                        "o": {"distress": F(1, 2), "loss": 10}}}
shock_case("edge_dr_node_form", "debtrank", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + "Node form: --node o --haircut 0.5. " + DR_EQ, hand=DR_EQ_HAND)
shock_case("edge_dr_edge_form", "debtrank", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + EQ_FORM + DR_EQ, edge_shocks=EQ_EDGES, hand=DR_EQ_HAND,
           same_as="edge_dr_node_form")

DRC_EQ = ("Classic DebtRank, W = min(1, Lambda): a<-o 1, d<-o 1, s<-o 0.5, g<-o 1, k<-d 1. Round 1 "
          "(o's one propagation step): a = 0.5, d = 0.5, s = 0.25, g = 0.5; round 2: d passes 0.5 "
          "-> k = 0.5 (a, s, g have no debtors' edges out); round 3: k passes to nobody. "
          "total_loss = 7.5 + 4 + 6 + 2 + 5 = 24.5; impact 24.5/81. loss_by_kind: ai_lab 0, cloud "
          "7.5, investor 6, lender 2 + 5 = 7, spv 4. depth 1, iterations 2, distressed 6.")
DRC_EQ_HAND = {"total_loss": F(49, 2), "impact": F(49, 162), "depth": 1, "iterations": 2,
               "distressed": 6, "defaulted": 0,
               "loss_by_kind": {"ai_lab": 0, "cloud": F(15, 2), "investor": 6, "lender": 7,
                                "spv": 4},
               "nodes": {"k": {"distress": F(1, 2), "first_round": 2},
                         "g": {"distress": F(1, 2)}}}
shock_case("edge_drc_node_form", "debtrank-classic", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + "Node form. " + DRC_EQ, hand=DRC_EQ_HAND)
shock_case("edge_drc_edge_form", "debtrank-classic", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + EQ_FORM + DRC_EQ, edge_shocks=EQ_EDGES, hand=DRC_EQ_HAND,
           same_as="edge_drc_node_form")

THR_EQ = ("Threshold: round 1 a loses 0.5*30 = 15 >= 15 -> defaults (equality); d loses 0.5*10 = "
          "5 < 8; s loses 6 < 24; g loses 3 < 4; o's own loss 10. a is the obligor of no edge, so "
          "its default passes nothing; d does not default, k untouched. total_loss = 15 + 5 + 6 + 3 "
          "= 29; impact 29/81. depth 0 (every reached node has first_round 1), iterations 1.")
THR_EQ_HAND = {"total_loss": 29, "impact": F(29, 81), "depth": 0, "iterations": 1,
               "distressed": 4, "defaulted": 1,
               "loss_by_kind": {"ai_lab": 0, "cloud": 15, "investor": 6, "lender": 3, "spv": 5},
               "nodes": {"a": {"state": "defaulted"}, "k": {"distress": 0, "first_round": None}}}
shock_case("edge_thr_node_form", "threshold", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + "Node form. " + THR_EQ, hand=THR_EQ_HAND)
shock_case("edge_thr_edge_form", "threshold", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + EQ_FORM + THR_EQ, edge_shocks=EQ_EDGES, hand=THR_EQ_HAND,
           same_as="edge_thr_node_form")

EN_EQ = ("Eisenberg-Noe: obligations o -> a 30, o -> d 20, d -> k 10 (equity and guarantee edges "
         "are not obligations); external assets o 70, a 10, d 2, k 0, s 24, g 4; external "
         "liabilities a 25, d 4. Equity before: o 70 - 50 = 20, a 10 + 30 - 25 = 15, d 2 + 20 - 14 "
         "= 8, k 10, s 24, g 4 (= buffers). Node shock o 0.5: e_o = 35 < 50, o defaults and pays "
         "35 (ratio 0.7): a gets 21, d gets 14. a: 10 + 21 = 31 >= 25 pays 25, equity 6, loss 9, "
         "distress 0.6. d: 2 + 14 = 16 >= 14 pays 14 (k 10, outside 4), equity 2, loss 6, distress "
         "0.75. o: equity 35 - 50 = -15, loss 35, distress 1; h(1) = 0.5*70/20 -> 1, adds 0. "
         "total_loss = 9 + 6 = 15; impact 15/81. In the edge form every given H_e equals h_o(1) = "
         "0.5, so the write-down max(0, H_e - h_o(1)) is 0 on every edge: same clearing.")
EN_EQ_HAND = {"total_loss": 15, "impact": F(5, 27), "value_lost": 15, "distressed": 2,
              "defaulted": 1,
              "loss_by_kind": {"ai_lab": 0, "cloud": 9, "investor": 0, "lender": 0, "spv": 6},
              "nodes": {"o": {"payment": 35, "payment_ratio": F(7, 10), "equity": -15,
                              "loss": 35, "distress": 1, "state": "defaulted"},
                        "a": {"payment": 25, "equity": 6, "loss": 9, "distress": F(3, 5)},
                        "d": {"payment": 14, "payment_ratio": 1, "equity": 2,
                              "distress": F(3, 4)},
                        "k": {"loss": 0, "state": "undistressed"},
                        "s": {"loss": 0}, "g": {"loss": 0}}}
shock_case("edge_en_node_form", "eisenberg-noe", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + "Node form. " + EN_EQ, hand=EN_EQ_HAND)
shock_case("edge_en_edge_form", "eisenberg-noe", eq_graph(), [{"node": "o", "haircut": 0.5}],
           EQ_NOTE + EQ_FORM + EN_EQ, edge_shocks=EQ_EDGES, hand=EN_EQ_HAND,
           same_as="edge_en_node_form")


def fb_graph():
    return graph("edge-feedback", [N("o", 10, kind="ai_lab"), N("a", 20, kind="cloud"),
                                   N("b", 8, kind="lender"), N("c", 12, kind="company")],
                 [E("o", "a", 10, kind="compute_commitment"), E("o", "b", 4), E("a", "c", 6),
                  E("c", "o", 3)])


FB_NOTE = ("o -> a compute_commitment 10 (a cloud, buffer 20), o -> b debt 4 (b lender, buffer 8), "
           "a -> c debt 6 (c company, buffer 12), c -> o debt 3 (o ai_lab, buffer 10, exposed to "
           "c): a loop o -> a -> c -> o in the distress graph. Values = buffers (total 50). Edge "
           "shock alone: --edge o:a=0.5; o is not shocked as a node, so h_o(1) = 0 and every other "
           "edge has H_e = 0; round 1 hits a only (0.5*10 = 5). ")
shock_case("edge_dr_edge_only_feedback", "debtrank", fb_graph(), [],
           FB_NOTE + "Differential DebtRank: edge o -> a passes min(1, 0.5 + h_o)*10, o -> b "
           "passes min(1, h_o)*4. Fixed point: h_a = (0.5 + h_o)*10/20, h_c = h_a*6/12, h_o = "
           "h_c*3/10, h_b = h_o*4/8 -> h_a = 0.25 + 0.075 h_a = 10/37, h_c = 5/37, h_o = 3/74 (o "
           "is reached only by feedback, first in round 3), h_b = 3/148 (round 4). h(1) = 0 "
           "everywhere, so total_loss = 200/37 + 60/37 + 15/37 + 6/37 = 281/37; impact 281/1850. "
           "depth = 4 - 1 = 3. The loop makes the exact increments endless: iterations omitted.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.5}],
           hand={"total_loss": F(281, 37), "impact": F(281, 1850), "value_lost": F(281, 37),
                 "depth": 3, "iterations": None, "distressed": 4, "defaulted": 0,
                 "loss_by_kind": {"ai_lab": F(15, 37), "cloud": F(200, 37),
                                  "company": F(60, 37), "lender": F(6, 37)},
                 "nodes": {"a": {"distress": F(10, 37), "first_round": 1},
                           "c": {"distress": F(5, 37), "first_round": 2},
                           "o": {"distress": F(3, 74), "first_round": 3},
                           "b": {"distress": F(3, 148), "first_round": 4}}})
shock_case("edge_drc_edge_only_feedback", "debtrank-classic", fb_graph(), [],
           FB_NOTE + "Classic DebtRank, W = min(1, Lambda): a<-o 0.5, c<-a 0.5, o<-c 0.3, b<-o "
           "0.5. Round 1: the edge passes 0.5 -> a = 0.25 (no node is distressed at the start). "
           "Round 2: a passes 0.25 -> c = 0.125. Round 3: c passes 0.125 -> o = 0.0375. Round 4: o "
           "passes its level minus what each edge already passed: o -> a max(0, 0.0375 - 0.5) = 0, "
           "o -> b 0.0375 -> b = 0.01875. Round 5: b passes nothing. total_loss = 5 + 1.5 + 0.375 "
           "+ 0.15 = 7.025; impact 7.025/50. depth 3, iterations 4.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.5}],
           hand={"total_loss": F(281, 40), "impact": F(281, 2000), "depth": 3, "iterations": 4,
                 "distressed": 4,
                 "loss_by_kind": {"ai_lab": F(3, 8), "cloud": 5, "company": F(3, 2),
                                  "lender": F(3, 20)},
                 "nodes": {"a": {"distress": F(1, 4)}, "c": {"distress": F(1, 8)},
                           "o": {"distress": F(3, 80), "first_round": 3},
                           "b": {"distress": F(3, 160), "first_round": 4}}})


def below_graph():
    return graph("edge-below-node", [N("o", 10, kind="ai_lab"), N("a", 10, kind="cloud"),
                                     N("b", 10, kind="chip_vendor"), N("c", 5, kind="company")],
                 [E("o", "a", 10), E("o", "b", 10), E("b", "o", 5), E("a", "c", 5)])


shock_case("edge_dr_mixed_haircuts", "debtrank", below_graph(), [{"node": "o", "haircut": 0.6}],
           "o owes a 10 and b 10, b owes o 5 (feedback loop o <-> b), a owes c 5; buffers o 10, a "
           "10, b 10, c 5 (values = buffers, total 35). Node shock o 0.6 with --edge o:a=0.2 "
           "(below o's haircut: a protected claim) and --edge o:b=0.9 (above it). Edge o -> a passes "
           "min(1, 0.2 + h_o - 0.6)*10, o -> b passes min(1, 0.9 + h_o - 0.6)*10. Round 1: a = 0.2, "
           "b = 0.9. Round 2: o = min(1, 0.6 + 0.9*5/10) = 1 (1.05 capped), c = 0.2. Round 3: a = "
           "0.2 + 0.4 = 0.6, b = min(1, 0.9 + 0.4) = 1. Then c = 0.6. Fixed point: o 1, a 0.6, b "
           "1, c 0.6 (a would be 1 without its edge haircut). total_loss = (1 - 0.6)*10 + 6 + 10 + "
           "3 = 23; impact 23/35. depth 1 (c first in round 2); loop -> iterations omitted.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.2},
                        {"from": "o", "to": "b", "haircut": 0.9}],
           hand={"total_loss": 23, "impact": F(23, 35), "depth": 1, "iterations": None,
                 "distressed": 2, "defaulted": 2,
                 "loss_by_kind": {"ai_lab": 4, "chip_vendor": 10, "cloud": 6, "company": 3},
                 "nodes": {"o": {"distress": 1}, "a": {"distress": F(3, 5)},
                           "b": {"distress": 1}, "c": {"distress": F(3, 5), "first_round": 2}}})


def thr_edge_graph():
    return graph("edge-threshold", [N("o", 4, kind="ai_lab"), N("a", 5, kind="cloud"),
                                    N("b", 6, kind="lender")],
                 [E("o", "a", 10), E("a", "o", 8), E("o", "b", 3)])


shock_case("edge_thr_edge_only_later_default", "threshold", thr_edge_graph(), [],
           "o owes a 10 and b 3, a owes o 8; buffers o 4, a 5, b 6 (values = buffers, total 15). "
           "--edge o:a=0.5 alone (h_o(1) = 0). Round 1: a loses 0.5*10 = 5 >= 5 and defaults (the "
           "edge has passed half its exposure). Round 2: a's default passes 8 to o >= 4: o "
           "defaults. Round 3: o passes on each edge the part not yet passed: o -> a (1 - 0.5)*10 "
           "= 5 (a already defaulted), o -> b 3 -> b 3/6 = 0.5. total_loss = 5 + 4 + 3 = 12; "
           "impact 12/15. first_round a 1, o 2, b 3: depth 2, iterations 3.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.5}],
           hand={"total_loss": 12, "impact": F(4, 5), "depth": 2, "iterations": 3,
                 "distressed": 1, "defaulted": 2,
                 "loss_by_kind": {"ai_lab": 4, "cloud": 5, "lender": 3},
                 "nodes": {"a": {"first_round": 1, "state": "defaulted"},
                           "o": {"first_round": 2, "state": "defaulted", "loss": 4},
                           "b": {"first_round": 3, "distress": F(1, 2), "loss": 3}}})


def en_edge_graph(e_o):
    return graph("edge-en", [N("o", 10 if e_o == 50 else 5, kind="ai_lab", e=e_o),
                             N("a", 30, kind="cloud", e=0),
                             N("b", 5, kind="lender", e=0, el=5)],
                 [E("o", "a", 30), E("o", "b", 10)])


shock_case("edge_en_edge_only_solvent", "eisenberg-noe", en_edge_graph(50), [],
           "o owes a 30 and b 10; external assets o 50; b owes 5 outside. Equity before: o 50 - 40 "
           "= 10, a 30, b 10 - 5 = 5 (= buffers; total value 45). --edge o:a=0.5 alone: o's "
           "liability to a is written down to 15 (o does not pay the cut part, a does not get it), "
           "pbar_o = 25, o pays in full. a: equity 15, loss 15, distress 0.5. b paid in full: no "
           "loss. o: equity 50 - 25 = 25, loss 10 - 25 = -15 (a gain): distress 0, undistressed. "
           "total_loss 15, impact 1/3.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.5}],
           hand={"total_loss": 15, "impact": F(1, 3), "value_lost": 15, "distressed": 1,
                 "defaulted": 0, "loss_by_kind": {"ai_lab": 0, "cloud": 15, "lender": 0},
                 "nodes": {"o": {"payment": 25, "payment_ratio": 1, "equity": 25, "loss": -15,
                                 "distress": 0, "state": "undistressed"},
                           "a": {"payment": 0, "equity": 15, "loss": 15, "distress": F(1, 2),
                                 "state": "distressed"},
                           "b": {"payment": 5, "equity": 5, "loss": 0}}})
shock_case("edge_en_edge_only_obligor_in_default", "eisenberg-noe", en_edge_graph(20), [],
           "o owes a 30 and b 10 with external assets 20 only (buffer 5 as given); b owes 5 "
           "outside. Equity before (face): o 20 - 40 = -20, a 30, b 5. --edge o:a=0.5 alone: o's "
           "liability to a is written down to 15, pbar_o = 25 > 20: o defaults and pays 20 pro "
           "rata on the written-down claims: a gets 20*15/25 = 12, b gets 20*10/25 = 8 (b gains "
           "from a's write-down: 5 without it). a: loss 30 - 12 = 18, distress 0.6. b: 8 >= 5, pays "
           "5, equity 3, loss 2, distress 0.4. o: equity 20 - 25 = -5, loss -20 - (-5) = -15, "
           "distress 0 (no loss), defaulted (pays 20 < 25, ratio 0.8). total_loss = 18 + 2 = 20; "
           "impact 20/40.",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.5}],
           hand={"total_loss": 20, "impact": F(1, 2), "distressed": 2, "defaulted": 1,
                 "loss_by_kind": {"ai_lab": 0, "cloud": 18, "lender": 2},
                 "nodes": {"o": {"payment": 20, "payment_ratio": F(4, 5), "equity": -5,
                                 "loss": -15, "distress": 0, "state": "defaulted"},
                           "a": {"equity": 12, "loss": 18, "distress": F(3, 5)},
                           "b": {"payment": 5, "equity": 3, "loss": 2, "distress": F(2, 5)}}})
shock_case("edge_en_node_plus_edge", "eisenberg-noe", en_edge_graph(50),
           [{"node": "o", "haircut": 0.4}],
           "Graph of edge_en_edge_only_solvent. Node shock o 0.4 (e_o = 30) and --edge o:a=0.9: "
           "the node haircut acts through e_o; the edge's write-down is its haircut above o's, "
           "0.9 - 0.4 = 0.5: L_oa = 15, pbar_o = 25 <= 30, o pays in full. a: loss 15, distress "
           "0.5. b: paid in full, no loss. o: equity 30 - 25 = 5, loss 5, distress 0.5, "
           "distressed (not defaulted); h(1) = 0.4*50/10 -> 1 and o's contribution to the totals "
           "is max(0, 0.5 - 1) = 0. total_loss = 15; impact 1/3. (Node shock 0.4 alone: o defaults "
           "and pays 30, a loses 7.5, b loses 2.5: total 10.)",
           edge_shocks=[{"from": "o", "to": "a", "haircut": 0.9}],
           hand={"total_loss": 15, "impact": F(1, 3), "distressed": 2, "defaulted": 0,
                 "loss_by_kind": {"ai_lab": 0, "cloud": 15, "lender": 0},
                 "nodes": {"o": {"payment": 25, "payment_ratio": 1, "equity": 5, "loss": 5,
                                 "distress": F(1, 2), "state": "distressed"},
                           "a": {"loss": 15, "distress": F(1, 2)},
                           "b": {"loss": 0, "state": "undistressed"}}})


def kind_graph():
    return graph("edge-kind-select", [N("o", 10, kind="ai_lab"), N("a", 20, kind="cloud"),
                                      N("b", 12, kind="spv")],
                 [E("o", "a", 10, kind="compute_commitment"), E("o", "a", 6, kind="debt"),
                  E("o", "b", 8, kind="lease"), E("o", "b", 4, kind="revenue")])


shock_case("edge_dr_kind_selector", "debtrank", kind_graph(), [],
           "o -> a compute_commitment 10 and o -> a debt 6 (a buffer 20); o -> b lease 8 and o -> "
           "b revenue 4 (b spv, buffer 12); o buffer 10; values = buffers (total 42). --edge "
           "o:a:debt=1 hits the debt edge only: a loses 6 (0.3); the compute edge keeps H = h_o(1) "
           "= 0. --edge o:b=0.25 has no kind: both edges o -> b get 0.25: b loses 0.25*12 = 3 "
           "(0.25). o is untouched (first_round null). total_loss 9, impact 9/42; depth 0, "
           "iterations 1.",
           edge_shocks=[{"from": "o", "to": "a", "kind": "debt", "haircut": 1.0},
                        {"from": "o", "to": "b", "haircut": 0.25}],
           hand={"total_loss": 9, "impact": F(3, 14), "depth": 0, "iterations": 1,
                 "distressed": 2, "defaulted": 0,
                 "loss_by_kind": {"ai_lab": 0, "cloud": 6, "spv": 3},
                 "nodes": {"a": {"distress": F(3, 10)}, "b": {"distress": F(1, 4)},
                           "o": {"distress": 0, "first_round": None}}})

# ===========================================================================
# Shock cases: bases (5.1)
# ===========================================================================


def basis_graph(market=True):
    return graph("basis", [
        N("p", 10, kind="ai_lab", value=100 if market else 10),
        N("q", 20, kind="investor", value=50 if market else 20),
        N("r", 40, kind="cloud"),
        N("u", 25, kind="lender"),
    ], [
        E("q", "p", 8, kind="equity", market_value=100 if market else None),
        E("p", "r", 20, kind="compute_commitment"),
        E("q", "u", 30),
    ])


BASIS_NOTE = ("q holds an equity stake in p carried at 8 (market_value 100); p -> r "
              "compute_commitment 20; q owes u 30. Book buffers p 10, q 20, r 40, u 25; values p "
              "100, q 50, r and u default to their buffers (40, 25); total value 215. Shock p 0.5. ")
shock_case("basis_book_dr", "debtrank", basis_graph(), [{"node": "p", "haircut": 0.5}],
           BASIS_NOTE + "--basis book: q = 0.5*8/20 = 0.2, r = 0.5*20/40 = 0.25, u = 0.2*30/25 = "
           "0.24. total_loss = 4 + 10 + 6 = 20; value_lost = 50*0.2 + 40*0.25 + 25*0.24 = 26; "
           "impact 26/215. depth 1, iterations 2.",
           params={"basis": "book"},
           hand={"total_loss": 20, "value_lost": 26, "impact": F(26, 215), "depth": 1,
                 "iterations": 2,
                 "loss_by_kind": {"ai_lab": 0, "cloud": 10, "investor": 4, "lender": 6},
                 "nodes": {"p": {"loss": 5}, "q": {"distress": F(1, 5)},
                           "u": {"distress": F(6, 25), "first_round": 2}}})
shock_case("basis_market_dr", "debtrank", basis_graph(), [{"node": "p", "haircut": 0.5}],
           BASIS_NOTE + "--basis market: buffers := values (p 100, q 50, r 40, u 25), the stake "
           "counts at its market value 100. q = min(1, 0.5*100/50) = 1; r = 0.5*20/40 = 0.25; u = "
           "min(1, 1*30/25) = 1. total_loss = 50 + 10 + 25 = 85 = value_lost (buffer = value); "
           "impact 85/215. p's own loss 0.5*100 = 50.",
           params={"basis": "market"},
           hand={"total_loss": 85, "value_lost": 85, "impact": F(17, 43), "depth": 1,
                 "iterations": 2, "distressed": 2, "defaulted": 2,
                 "loss_by_kind": {"ai_lab": 0, "cloud": 10, "investor": 50, "lender": 25},
                 "nodes": {"p": {"loss": 50}, "q": {"distress": 1, "loss": 50},
                           "u": {"distress": 1}}})
shock_case("basis_market_thr", "threshold", basis_graph(), [{"node": "p", "haircut": 0.5}],
           BASIS_NOTE + "Threshold, --basis market: round 1 q loses 0.5*100 = 50 >= 50 -> "
           "defaults; r loses 10 < 40 (0.25). Round 2: q passes 30 to u >= 25 -> defaults. "
           "total_loss = 50 + 10 + 25 = 85; impact 85/215; depth 1, iterations 2. defaulted q, u; "
           "distressed p (its own 0.5), r.",
           params={"basis": "market"},
           hand={"total_loss": 85, "value_lost": 85, "impact": F(17, 43), "depth": 1,
                 "iterations": 2, "defaulted": 2, "distressed": 2,
                 "nodes": {"q": {"state": "defaulted"}, "u": {"state": "defaulted",
                                                               "first_round": 2}}})
shock_case("basis_market_equals_book_dr", "debtrank", basis_graph(market=False),
           [{"node": "p", "haircut": 0.5}],
           "Same graph with every value equal to its buffer (p 10, q 20, r 40, u 25; total 95) and "
           "no market_value: --basis market changes nothing. q = 0.2, r = 0.25, u = 0.24; "
           "total_loss = value_lost = 4 + 10 + 6 = 20; impact 20/95. The script also checks that "
           "the book run gives the identical result.",
           params={"basis": "market"},
           hand={"total_loss": 20, "value_lost": 20, "impact": F(4, 19),
                 "nodes": {"u": {"distress": F(6, 25)}}},
           same_as="__book__")

# ===========================================================================
# Stall cases (5.4, 5.5)
# ===========================================================================


def stall_graph(cash=40, capital=None, notice=False, name="stall-4-node"):
    funding = {"year": 2027, "cash": float(cash), "revenue": 80.0,
               "plan": {"2028": 100.0, "2030": 200.0}, "cost_ratio": 0.25}
    if capital:
        funding["capital"] = capital
    return graph(name, [
        N("lab", 50, kind="ai_lab", e=430, value=300, funding=funding),
        N("cloud", 400, kind="cloud", e=100, value=800),
        N("spv", 20, kind="spv", e=0),
        N("lender", 30, kind="lender", e=0, el=30),
    ], [
        E("lab", "cloud", 300, kind="compute_commitment",
          schedule={"2027": 60.0, "2028": 80.0, "2029": 130.0, "2030": 30.0},
          notice=6 if notice else None),
        E("lab", "spv", 80, kind="lease", schedule={"start": 2027, "years": 4},
          notice=18 if notice else None),
        E("spv", "lender", 60, recovery=0.5),
        E("cloud", "lab", 40, kind="equity", market_value=100),
    ])


SG = ("Graph: lab (ai_lab, buffer 50, value 300, external assets 430) owes cloud a "
      "compute_commitment of 300 scheduled 60/80/130/30 in 2027-2030 and spv a lease of 80 with "
      "schedule {start 2027, years 4} = 20 a year; spv owes lender 60 (recovery 0.5: exposure 30); "
      "cloud holds equity in lab carried at 40 (market_value 100). cloud: buffer 400, value 800, "
      "external assets 100; spv: buffer 20; lender: buffer 30, owes 30 outside. Total value 1150. "
      "Distress graph: lab -> cloud 300 + 40 (Lambda 0.85), lab -> spv 80 (Lambda 4), spv -> "
      "lender 30 (Lambda 1). lab's funding: year 2027, cash 40, revenue 80, cost_ratio 0.25. Due: "
      "2027 80, 2028 100, 2029 150, 2030 50 (total 380); years 2027-2030 (the last scheduled "
      "year). ")
G0 = "Growth 0: revenue 80 every year, 60 after costs. "
G05 = "Growth 0.5: revenue 80, 120, 180, 270, after costs 60, 90, 135, 202.5. "
CASH_G0 = ("2027: available 40 + 60 = 100, pays 80, cash 20. 2028: available 20 + 60 = 80 < 100: "
           "pays 80 (coverage 0.8), pro rata compute 64 (unpaid 16), lease 16 (unpaid 4). ")
CASH_G05 = ("2027: available 100, pays 80, cash 20. 2028: available 20 + 90 = 110, pays 100, cash "
            "10. 2029: available 10 + 135 = 145 < 150: pays 145 (coverage 29/30), compute "
            "130*29/30 = 377/3 (unpaid 13/3), lease 58/3 (unpaid 2/3). ")

S1 = ("Default policy: lab defaults in 2028 and pays nothing after; compute loses 16 + 130 + 30 = "
      "176 (haircut 176/300 = 44/75), lease 4 + 20 + 20 = 44 (11/20); total 220, h_lab(1) = "
      "220/380 = 11/19; cloud's stake gets H = 11/19 too. ")
S1_DR = ("DebtRank from 2028 on: cloud loses 176 + 40*11/19 = 3784/19, distress 473/950; spv loses "
         "44 >= 20 -> 1; lender gets min(1, 0 + 1)*30 = 30 -> 1. total_loss = 3784/19 + 20 + 30 = "
         "4734/19; value_lost = 800*473/950 + 20 + 30 = 8518/19; impact 8518/21850. lender first "
         "in round 2: depth 1, iterations 2. 2029, 2030: due 150, 50, paid 0, coverage 0, same "
         "totals (a default recognises all its losses in its year). first_year 2028 for all.")
S1_YEARS = {2027: {"due": 80, "paid": 80, "coverage": 1, "total_loss": 0, "distressed": 0},
            2028: {"due": 100, "paid": 80, "coverage": F(4, 5), "total_loss": F(4734, 19),
                   "impact": F(4259, 10925), "distressed": 2, "defaulted": 2},
            2029: {"due": 150, "paid": 0, "coverage": 0, "total_loss": F(4734, 19)},
            2030: {"due": 50, "paid": 0, "coverage": 0}}
S1_EDGES = {("lab", "cloud"): {"paid": 124, "lost": 176, "haircut": F(44, 75)},
            ("lab", "spv"): {"paid": 36, "lost": 44, "haircut": F(11, 20)}}
stall_case("stall_dr_g0_default", "debtrank", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "default"},
           SG + G0 + CASH_G0 + S1 + S1_DR,
           hand={"default_year": 2028, "h_x": F(11, 19), "years": S1_YEARS, "edges": S1_EDGES,
                 "shock": {"total_loss": F(4734, 19), "value_lost": F(8518, 19),
                           "impact": F(4259, 10925), "depth": 1, "iterations": 2,
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(3784, 19), "lender": 30,
                                            "spv": 20}},
                 "nodes": {"lab": {"distress": F(11, 19), "loss": F(550, 19),
                                   "state": "distressed", "first_year": 2028},
                           "cloud": {"distress": F(473, 950), "first_year": 2028},
                           "spv": {"distress": 1, "state": "defaulted"},
                           "lender": {"distress": 1, "first_year": 2028}}})

S2 = ("Pro-rata policy: 2028 unpaid 20 (compute 16, lease 4), cash 0. 2029: available 60 < 150, "
      "pays 60 (coverage 0.4): compute 52 (unpaid 78), lease 8 (unpaid 12). 2030: available 60 >= "
      "50, pays 50, cash 10. Recognised: 2028 compute 16, lease 4 (h_lab 20/380 = 1/19); 2029 and "
      "2030 compute 94 (47/150), lease 16 (1/5), total 110, h_lab 11/38. ")
S2_DR = ("DebtRank 2028: cloud 16 + 40/19 = 344/19 (43/950), spv 4 (1/5), lender 0.2*30 = 6 (1/5): "
         "total_loss 344/19 + 10 = 534/19, value_lost 688/19 + 10 = 878/19. 2029-2030: cloud 94 + "
         "440/38 = 2006/19 (1003/3800), spv 16 (4/5), lender 24 (4/5): total_loss 2006/19 + 40 = "
         "2766/19, value_lost 4012/19 + 40 = 4772/19, impact 4772/21850. Nobody defaults; "
         "distressed 4. default_year null.")
S2_HAND = {"default_year": None, "h_x": F(11, 38),
           "years": {2028: {"paid": 80, "coverage": F(4, 5), "total_loss": F(534, 19),
                            "impact": F(439, 10925), "distressed": 4},
                     2029: {"due": 150, "paid": 60, "coverage": F(2, 5),
                            "total_loss": F(2766, 19)},
                     2030: {"due": 50, "paid": 50, "coverage": 1, "total_loss": F(2766, 19),
                            "impact": F(2386, 10925), "distressed": 4, "defaulted": 0}},
           "edges": {("lab", "cloud"): {"paid": 206, "lost": 94, "haircut": F(47, 150)},
                     ("lab", "spv"): {"paid": 64, "lost": 16, "haircut": F(1, 5)}},
           "shock": {"value_lost": F(4772, 19), "depth": 1, "iterations": 2,
                     "loss_by_kind": {"ai_lab": 0, "cloud": F(2006, 19), "lender": 24,
                                      "spv": 16}},
           "nodes": {"lab": {"distress": F(11, 38), "loss": F(275, 19), "first_year": 2028},
                     "cloud": {"distress": F(1003, 3800)}, "spv": {"distress": F(4, 5)},
                     "lender": {"distress": F(4, 5), "state": "distressed",
                                "first_year": 2028}}}
stall_case("stall_dr_g0_prorata", "debtrank", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "pro-rata"},
           SG + G0 + CASH_G0 + S2 + S2_DR, hand=S2_HAND)

S3 = ("Default policy: lab defaults in 2029; compute loses 13/3 + 30 = 103/3 (103/900), lease "
      "2/3 + 20 = 62/3 (31/120); total 55, h_lab 55/380 = 11/76. ")
stall_case("stall_dr_g05_default", "debtrank", stall_graph(),
           {"node": "lab", "growth": 0.5, "policy": "default"},
           SG + G05 + CASH_G05 + S3 +
           "DebtRank 2029-2030: cloud 103/3 + 40*11/76 = 2287/57 (2287/22800); spv 62/3 >= 20 -> "
           "1; lender 1. total_loss = 2287/57 + 50 = 5137/57; value_lost = 800*2287/22800 + 50 = "
           "7424/57; impact 7424/65550. 2027-2028: nothing lost, totals 0. first_year 2029.",
           hand={"default_year": 2029, "h_x": F(11, 76),
                 "years": {2027: {"coverage": 1, "total_loss": 0},
                           2028: {"due": 100, "paid": 100, "coverage": 1, "total_loss": 0,
                                  "impact": 0},
                           2029: {"paid": 145, "coverage": F(29, 30), "total_loss": F(5137, 57),
                                  "impact": F(3712, 32775), "defaulted": 2},
                           2030: {"paid": 0, "coverage": 0, "total_loss": F(5137, 57)}},
                 "edges": {("lab", "cloud"): {"paid": F(797, 3), "lost": F(103, 3),
                                              "haircut": F(103, 900)},
                           ("lab", "spv"): {"paid": F(178, 3), "lost": F(62, 3),
                                            "haircut": F(31, 120)}},
                 "shock": {"value_lost": F(7424, 57), "distressed": 2,
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(2287, 57), "lender": 30,
                                            "spv": 20}},
                 "nodes": {"lab": {"loss": F(275, 38), "first_year": 2029},
                           "cloud": {"distress": F(2287, 22800), "first_year": 2029},
                           "spv": {"state": "defaulted"}}})
stall_case("stall_dr_g05_prorata", "debtrank", stall_graph(),
           {"node": "lab", "growth": 0.5, "policy": "pro-rata"},
           SG + G05 + CASH_G05 + "Pro-rata policy: 2029 unpaid 5 (compute 13/3, lease 2/3), cash "
           "0; 2030: available 202.5 >= 50, pays 50. lost compute 13/3 (13/900), lease 2/3 "
           "(1/120); total 5, h_lab 5/380 = 1/76. DebtRank 2029-2030: cloud 13/3 + 40/76 = 277/57 "
           "(277/22800); spv 2/3 (1/30); lender 1/30*30 = 1 (1/30). total_loss = 277/57 + 2/3 + 1 "
           "= 124/19; value_lost = 800*277/22800 + 2/3 + 1 = 649/57; impact 649/65550. Nobody "
           "defaults (lab included): default_year null, distressed 4.",
           hand={"default_year": None, "h_x": F(1, 76),
                 "years": {2029: {"coverage": F(29, 30), "total_loss": F(124, 19),
                                  "impact": F(649, 65550), "distressed": 4, "defaulted": 0},
                           2030: {"due": 50, "paid": 50, "coverage": 1}},
                 "edges": {("lab", "cloud"): {"paid": F(887, 3), "lost": F(13, 3),
                                              "haircut": F(13, 900)},
                           ("lab", "spv"): {"paid": F(238, 3), "lost": F(2, 3),
                                            "haircut": F(1, 120)}},
                 "shock": {"total_loss": F(124, 19), "value_lost": F(649, 57),
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(277, 57), "lender": 1,
                                            "spv": F(2, 3)}},
                 "nodes": {"lab": {"distress": F(1, 76), "loss": F(25, 38)},
                           "spv": {"distress": F(1, 30)}, "lender": {"distress": F(1, 30),
                                                                     "loss": 1}}})
stall_case("stall_drc_g0_default", "debtrank-classic", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "default"},
           SG + G0 + CASH_G0 + S1 +
           "Classic DebtRank, per-edge weights omega = W * w_e / w_iO: cloud<-lab W = min(1, "
           "340/400) = 0.85 split 0.75 (compute) + 0.1 (equity); spv<-lab W = min(1, 4) = 1; "
           "lender<-spv 1. Round 1 (lab's one step: its edge haircuts): cloud = 0.75*44/75 + "
           "0.1*11/19 = 473/950; spv = 11/20 (W capped at 1, not 1 as in differential DebtRank). "
           "Round 2: spv passes 11/20 -> lender 11/20. total_loss = 3784/19 + 11 + 16.5 = "
           "8613/38; value_lost = 7568/19 + 27.5 = 16181/38; impact 16181/43700. distressed 4, "
           "defaulted 0, iterations 2.",
           hand={"default_year": 2028, "h_x": F(11, 19),
                 "years": {2028: {"total_loss": F(8613, 38), "impact": F(16181, 43700),
                                  "distressed": 4, "defaulted": 0}},
                 "shock": {"value_lost": F(16181, 38), "depth": 1, "iterations": 2,
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(3784, 19),
                                            "lender": F(33, 2), "spv": 11}},
                 "nodes": {"cloud": {"distress": F(473, 950)}, "spv": {"distress": F(11, 20)},
                           "lender": {"distress": F(11, 20), "first_year": 2028}}})
stall_case("stall_thr_g0_prorata", "threshold", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "pro-rata"},
           SG + G0 + CASH_G0 + S2 +
           "Threshold 2028: cloud loses 344/19 < 400, spv 4 < 20: no default, lender untouched; "
           "total_loss 344/19 + 4 = 420/19, value_lost 688/19 + 4 = 764/19. 2029-2030: cloud "
           "2006/19, spv 16 < 20 (4/5), lender 0; total_loss 2006/19 + 16 = 2310/19, value_lost "
           "4012/19 + 16 = 4316/19, impact 4316/21850. depth 0, iterations 1; lender's "
           "first_year null.",
           hand={"default_year": None,
                 "years": {2028: {"total_loss": F(420, 19), "impact": F(764, 21850),
                                  "distressed": 3},
                           2029: {"total_loss": F(2310, 19)},
                           2030: {"impact": F(4316, 21850), "defaulted": 0}},
                 "shock": {"value_lost": F(4316, 19), "depth": 0, "iterations": 1,
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(2006, 19), "lender": 0,
                                            "spv": 16}},
                 "nodes": {"spv": {"distress": F(4, 5), "state": "distressed"},
                           "lender": {"distress": 0, "first_year": None,
                                      "state": "undistressed"}}})
stall_case("stall_en_g0_default", "eisenberg-noe", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "default"},
           SG + G0 + CASH_G0 + S1 +
           "Eisenberg-Noe (obligations lab -> cloud 300, lab -> spv 80, spv -> lender 60; equity "
           "ignored). Equity before: lab 430 - 380 = 50, cloud 100 + 300 = 400, spv 80 - 60 = 20, "
           "lender 60 - 30 = 30 (= buffers). From 2028: lab's node haircut 11/19 cuts e_lab to "
           "430*8/19 = 3440/19; write-downs max(0, H_e - 11/19): compute 44/75 - 11/19 = 11/1425 "
           "(L = 300*1414/1425 = 5656/19), lease 11/20 < 11/19 -> 0. pbar_lab = 5656/19 + 80 = "
           "7176/19 > 3440/19: lab defaults, pays 3440/19 (ratio 430/897). cloud gets "
           "5656/19*430/897 = 2432080/17043: loss 400 - 100 - 2432080/17043 = 2680820/17043, "
           "distress 134041/340860. spv gets 80*430/897 = 34400/897 < 60: defaults, pays it all to "
           "lender; equity -19420/897, distress 1. lender: 34400/897 >= 30, pays 30, equity "
           "7490/897, loss 19420/897, distress 1942/2691. lab: equity -3736/19, distress 1, h(1) "
           "= 11/19*430/50 -> 1: adds 0. total_loss = 2680820/17043 + 20 + 19420/897 = 3780/19; "
           "value_lost = 2*2680820/17043 + 20 + 19420/897 = 6071480/17043. 2027: nothing lost, "
           "all zero.",
           hand={"default_year": 2028,
                 "years": {2027: {"total_loss": 0, "distressed": 0, "defaulted": 0},
                           2028: {"total_loss": F(3780, 19), "distressed": 2, "defaulted": 2}},
                 "shock": {"value_lost": F(6071480, 17043),
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(2680820, 17043),
                                            "lender": F(19420, 897), "spv": 20},
                           "nodes": {"lab": {"payment": F(3440, 19),
                                             "payment_ratio": F(430, 897),
                                             "equity": F(-3736, 19), "state": "defaulted"},
                                     "cloud": {"equity": F(4136380, 17043), "payment": 0},
                                     "spv": {"payment": F(34400, 897),
                                             "payment_ratio": F(1720, 2691),
                                             "equity": F(-19420, 897)},
                                     "lender": {"payment": 30, "equity": F(7490, 897)}}},
                 "nodes": {"cloud": {"distress": F(134041, 340860), "state": "distressed"},
                           "lender": {"distress": F(1942, 2691), "loss": F(19420, 897)},
                           "lab": {"distress": 1, "state": "defaulted", "first_year": 2028}}})
stall_case("stall_en_g05_prorata", "eisenberg-noe", stall_graph(),
           {"node": "lab", "growth": 0.5, "policy": "pro-rata"},
           SG + G05 + CASH_G05 + "Pro-rata: lost compute 13/3 (13/900), lease 2/3 (1/120), h_lab "
           "1/76 (see stall_dr_g05_prorata). Eisenberg-Noe 2029-2030: e_lab = 430*75/76 = "
           "16125/38; write-downs: compute 13/900 - 1/76 = 11/8550 (L = 300 - 22/57 = 17078/57), "
           "lease 1/120 < 1/76 -> 0. pbar_lab = 21638/57 <= 16125/38: lab pays in full. cloud "
           "loses 22/57 (distress 11/11400); spv, lender paid in full. lab: equity 16125/38 - "
           "21638/57 = 5099/114, loss 601/114, distress 601/5700 < h(1) = 43/380 = 645/5700: its "
           "contribution max(0, -44/5700) = 0. total_loss = 22/57, value_lost = 800*11/11400 = "
           "44/57, impact 44/65550. distressed 2 (lab, cloud).",
           hand={"default_year": None,
                 "years": {2028: {"total_loss": 0}, 2029: {"total_loss": F(22, 57),
                                                           "impact": F(44, 65550),
                                                           "distressed": 2}},
                 "shock": {"value_lost": F(44, 57),
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(22, 57), "lender": 0,
                                            "spv": 0},
                           "nodes": {"lab": {"payment": F(21638, 57), "payment_ratio": 1,
                                             "equity": F(5099, 114), "loss": F(601, 114)},
                                     "cloud": {"equity": F(22778, 57), "loss": F(22, 57)}}},
                 "nodes": {"lab": {"distress": F(601, 5700), "state": "distressed",
                                   "first_year": 2029},
                           "cloud": {"distress": F(11, 11400), "first_year": 2029},
                           "spv": {"first_year": None}, "lender": {"first_year": None}}})
stall_case("stall_dr_notice_default", "debtrank", stall_graph(notice=True),
           {"node": "lab", "growth": 0.0, "policy": "default"},
           SG + "Here compute has notice_months 6 and the lease notice_months 18. " + G0 + CASH_G0 +
           "Default in 2028: compute loses the unpaid 16 plus at most 6 months of 2029: 6/12*130 "
           "= 65 -> 81 (27/100); lease loses 4 plus 12 months of 2029 (20) and 6 of 2030 (10) -> "
           "34 (17/40). total 115, h_lab 115/380 = 23/76. DebtRank: cloud 81 + 40*23/76 = 1769/19 "
           "(1769/7600); spv 34 >= 20 -> 1; lender 1. total_loss = 1769/19 + 50 = 2719/19; "
           "value_lost = 3538/19 + 50 = 4488/19; impact 4488/21850.",
           hand={"default_year": 2028, "h_x": F(23, 76),
                 "edges": {("lab", "cloud"): {"paid": 124, "lost": 81, "haircut": F(27, 100)},
                           ("lab", "spv"): {"paid": 36, "lost": 34, "haircut": F(17, 40)}},
                 "years": {2028: {"total_loss": F(2719, 19), "impact": F(4488, 21850)}},
                 "shock": {"value_lost": F(4488, 19), "distressed": 2, "defaulted": 2},
                 "nodes": {"cloud": {"distress": F(1769, 7600)},
                           "lab": {"loss": F(575, 38)}}})
stall_case("stall_dr_notice_prorata", "debtrank", stall_graph(notice=True),
           {"node": "lab", "growth": 0.0, "policy": "pro-rata"},
           SG + "Here compute has notice_months 6 and the lease notice_months 18. " + G0 + CASH_G0 +
           S2 + "notice_months caps only what a default leaves after its year; under pro-rata the "
           "contracts go on and each year's shortfall is lost: the result equals "
           "stall_dr_g0_prorata. " + S2_DR,
           hand=S2_HAND, same_as="stall_dr_g0_prorata")
stall_case("stall_dr_plan_capital", "debtrank", stall_graph(capital={"2028": 10.0}),
           {"node": "lab", "plan": True, "policy": "default"},
           SG + "Here lab's funding also has capital {2028: 10}. --plan with plan {2028: 100, "
           "2030: 200}: revenue 80 (2027, funding.revenue), 100, 100 (2029 missing: kept), 200; "
           "after costs 60, 75, 75, 150. 2027: 100, pays 80, cash 20. 2028: 20 + 75 + 10 = 105, "
           "pays 100, cash 5. 2029: 5 + 75 = 80 < 150: pays 80 (8/15), default. compute: unpaid "
           "130*7/15 = 182/3 + 30 = 272/3 (68/225); lease: 28/3 + 20 = 88/3 (11/30); total 120, "
           "h_lab 120/380 = 6/19. DebtRank: cloud 272/3 + 40*6/19 = 5888/57 (368/1425); spv 88/3 "
           ">= 20 -> 1; lender 1. total_loss 5888/57 + 50 = 8738/57; value_lost 800*368/1425 + 50 "
           "= 14626/57; impact 14626/65550. growth null (plan).",
           hand={"default_year": 2029, "h_x": F(6, 19), "growth": None,
                 "years": {2028: {"paid": 100, "coverage": 1, "total_loss": 0},
                           2029: {"paid": 80, "coverage": F(8, 15), "total_loss": F(8738, 57),
                                  "impact": F(7313, 32775)}},
                 "edges": {("lab", "cloud"): {"paid": F(628, 3), "lost": F(272, 3),
                                              "haircut": F(68, 225)},
                           ("lab", "spv"): {"paid": F(152, 3), "lost": F(88, 3),
                                            "haircut": F(11, 30)}},
                 "shock": {"value_lost": F(14626, 57)},
                 "nodes": {"cloud": {"distress": F(368, 1425), "first_year": 2029},
                           "lab": {"loss": F(300, 19)}}})
stall_case("stall_dr_funded", "debtrank", stall_graph(cash=400),
           {"node": "lab", "growth": 0.0, "policy": "default"},
           SG.replace("cash 40", "cash 400") + G0 + "Cash 400 covers everything: available 460, "
           "440, 400, 310 against dues 80, 100, 150, 50; every year coverage 1, nothing lost, "
           "h_lab(1) = 0 and every edge haircut 0: the same as no shock. All totals 0, every node "
           "undistressed, first_year null, default_year null, depth 0, iterations 0.",
           hand={"default_year": None, "h_x": 0,
                 "years": {t: {"coverage": 1, "total_loss": 0, "impact": 0, "distressed": 0,
                               "defaulted": 0} for t in (2027, 2028, 2029, 2030)},
                 "edges": {("lab", "cloud"): {"paid": 300, "lost": 0, "haircut": 0},
                           ("lab", "spv"): {"paid": 80, "lost": 0, "haircut": 0}},
                 "shock": {"total_loss": 0, "impact": 0, "value_lost": 0, "depth": 0,
                           "iterations": 0, "distressed": 0, "defaulted": 0,
                           "loss_by_kind": {"ai_lab": 0, "cloud": 0, "lender": 0, "spv": 0}},
                 "nodes": {i: {"distress": 0, "loss": 0, "state": "undistressed",
                               "first_year": None} for i in ("lab", "cloud", "spv", "lender")}})
WIN = ("Here lab's cash is 0. --from 2028 --to 2029 with growth 0.5: the 2027 instalments (compute "
       "60, lease 20) lie before the run and count as settled; funding.cash (0) is the cash at the "
       "start of 2028; revenue stays anchored at funding.year: r(2028) = 80*1.5 = 120, after costs "
       "90; r(2029) = 180, after costs 135. 2028: available 90 < 100: pays 90 (0.9), compute 72 "
       "(unpaid 8), lease 18 (unpaid 2). ")
stall_case("stall_dr_window_default", "debtrank", stall_graph(cash=0),
           {"node": "lab", "growth": 0.5, "from": 2028, "to": 2029, "policy": "default"},
           SG.replace("cash 40", "cash 0") + WIN + "Default in 2028: the defaulted lab loses its "
           "creditors everything after 2028, 2030 (beyond --to) included: compute 8 + 130 + 30 = "
           "168 (14/25), lease 2 + 20 + 20 = 42 (21/40); total 210, h_lab 21/38. edges' paid "
           "counts the run's years only (72, 18). DebtRank: cloud 168 + 40*21/38 = 3612/19 "
           "(903/1900); spv 42 -> 1; lender 1. total_loss 3612/19 + 50 = 4562/19; value_lost "
           "7224/19 + 50 = 8174/19; impact 8174/21850. years 2028 (due 100, paid 90) and 2029 (due "
           "150, paid 0).",
           hand={"default_year": 2028, "h_x": F(21, 38),
                 "years": {2028: {"due": 100, "paid": 90, "coverage": F(9, 10),
                                  "total_loss": F(4562, 19)},
                           2029: {"due": 150, "paid": 0, "coverage": 0,
                                  "impact": F(8174, 21850)}},
                 "edges": {("lab", "cloud"): {"paid": 72, "lost": 168, "haircut": F(14, 25)},
                           ("lab", "spv"): {"paid": 18, "lost": 42, "haircut": F(21, 40)}},
                 "nodes": {"cloud": {"distress": F(903, 1900), "first_year": 2028},
                           "lab": {"loss": F(525, 19)}}})
stall_case("stall_dr_window_prorata", "debtrank", stall_graph(cash=0),
           {"node": "lab", "growth": 0.5, "from": 2028, "to": 2029, "policy": "pro-rata"},
           SG.replace("cash 40", "cash 0") + WIN + "Pro-rata: cash 0; 2029: available 135 < 150: "
           "pays 135 (0.9), compute 117 (unpaid 13), lease 18 (unpaid 2). 2030 lies beyond --to "
           "and lab has not defaulted: nothing more is lost. lost compute 21 (7/100), lease 4 "
           "(1/20); total 25, h_lab 5/76. DebtRank 2028 (compute 8 -> 2/75, lease 2 -> 1/40, h_lab "
           "1/38): cloud 8 + 20/19 = 172/19, spv 2 (0.1), lender 3 (0.1): total_loss 267/19, "
           "value_lost 344/19 + 5 = 439/19. 2029: cloud 21 + 50/19 = 449/19 (449/7600), spv 4 "
           "(0.2), lender 6 (0.2): total_loss 639/19, value_lost 898/19 + 10 = 1088/19, impact "
           "1088/21850.",
           hand={"default_year": None, "h_x": F(5, 76),
                 "years": {2028: {"paid": 90, "coverage": F(9, 10), "total_loss": F(267, 19),
                                  "impact": F(439, 21850), "distressed": 4},
                           2029: {"due": 150, "paid": 135, "coverage": F(9, 10),
                                  "total_loss": F(639, 19), "impact": F(1088, 21850)}},
                 "edges": {("lab", "cloud"): {"paid": 189, "lost": 21, "haircut": F(7, 100)},
                           ("lab", "spv"): {"paid": 36, "lost": 4, "haircut": F(1, 20)}},
                 "nodes": {"cloud": {"distress": F(449, 7600)}, "spv": {"distress": F(1, 5)},
                           "lender": {"distress": F(1, 5), "loss": 6},
                           "lab": {"loss": F(125, 38)}}})
stall_case("stall_dr_g0_default_market", "debtrank", stall_graph(),
           {"node": "lab", "growth": 0.0, "policy": "default", "basis": "market"},
           SG + G0 + CASH_G0 + S1 + "--basis market: buffers := values (lab 300, cloud 800, spv 20, "
           "lender 30) and cloud's stake counts at its market value 100 (obligation edges keep "
           "their amounts, so the haircuts and h_lab = 11/19 are unchanged). cloud loses 176 + "
           "100*11/19 = 4444/19 (4444/15200 = 1111/3800); spv 44 -> 1; lender 1. total_loss = "
           "value_lost = 4444/19 + 50 = 5394/19; impact 5394/21850. lab's own loss 11/19*300.",
           hand={"default_year": 2028, "h_x": F(11, 19),
                 "years": {2028: {"total_loss": F(5394, 19), "impact": F(5394, 21850)}},
                 "shock": {"value_lost": F(5394, 19),
                           "loss_by_kind": {"ai_lab": 0, "cloud": F(4444, 19), "lender": 30,
                                            "spv": 20}},
                 "nodes": {"cloud": {"distress": F(1111, 3800)},
                           "lab": {"loss": F(3300, 19)}}})


# ---------------------------------------------------------------------------

def write_json(path, obj):
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=2)
        fh.write("\n")


def main():
    n1 = selfcheck_v1()
    print(f"self-check: engine == reference.py on {n1} section-2 cases "
          f"(and node shock == edge-shock form on each)")
    n2 = selfcheck_random()
    print(f"self-check: {n2} seeded random graphs x 4 models (exact solvers, rounds, "
          f"node shock == edge-shock form)")
    for d in (SHOCK_V2_DIR, STALL_DIR):
        os.makedirs(d, exist_ok=True)
        for fn in os.listdir(d):
            if fn.endswith(".json"):
                os.remove(os.path.join(d, fn))
    results = {}
    names = set()
    for c in SHOCK_CASES:
        assert c["name"] not in names
        names.add(c["name"])
        r = run(c["graph"], c["model"], c["shocks"], c["edge_shocks"], c["params"])
        check_hand_shock(c["name"], r, c["hand"])
        # node shock == its edge-shock form
        ef = run(c["graph"], c["model"], c["shocks"],
                 edge_form(c["graph"], c["shocks"], c["edge_shocks"]), c["params"])
        same_result(r, ef)
        if c["params"].get("basis") == "market":
            assert r["total_loss"] == r["value_lost"], c["name"]
        if c["same_as"] == "__book__":
            same_result(r, run(c["graph"], c["model"], c["shocks"], c["edge_shocks"],
                               dict(c["params"], basis="book")))
        elif c["same_as"]:
            same_result(r, results[c["same_as"]])
        results[c["name"]] = r
        params = {k: (v if isinstance(v, str) else float(v)) for k, v in c["params"].items()}
        out = {"name": c["name"], "citation": HAND, "note": c["note"], "model": c["model"],
               "parameters": params, "graph": c["graph"], "shocks": c["shocks"],
               "edge_shocks": c["edge_shocks"], "expected": shock_expected(r)}
        write_json(os.path.join(SHOCK_V2_DIR, c["name"] + ".json"), out)
        ex = out["expected"]
        print(f"{c['name']:38s} {c['model']:17s} total_loss={ex['total_loss']:.10g} "
              f"impact={ex['impact']:.10g} depth={ex.get('depth')} it={ex.get('iterations')}")
    stall_results = {}
    for c in STALL_CASES:
        assert c["name"] not in names
        names.add(c["name"])
        p = c["params"]
        extra = {k: p[k] for k in ("basis", "alpha", "beta") if k in p}
        st = stall(c["graph"], p["node"], c["model"], growth=p.get("growth"),
                   plan=p.get("plan", False), y_from=p.get("from"), y_to=p.get("to"),
                   policy=p.get("policy", "default"), params=extra)
        check_hand_stall(c["name"], st, c["hand"])
        if c["model"] != "eisenberg-noe":
            tl = [y["total_loss"] for y in st["years"]]
            assert tl == sorted(tl), (c["name"], "total_loss must not fall from year to year")
        ex = stall_expected(st)
        if c["same_as"]:
            a, b = dict(ex), dict(stall_results[c["same_as"]])
            assert a == b, c["name"]
        stall_results[c["name"]] = ex
        # the last year's shock equals a plain shock run with those node and edge haircuts
        # (as printed: floats, hence the tolerance)
        r = run(c["graph"], c["model"], ex["shock"]["shocks"], ex["shock"]["edge_shocks"], extra)
        assert abs(float(r["total_loss"]) - ex["shock"]["total_loss"]) <= 1e-9, c["name"]
        trace = [{k: cv(v) for k, v in row.items()} for row in st["_trace"]]
        out = {"name": c["name"], "citation": HAND, "note": c["note"], "model": c["model"],
               "parameters": p, "graph": c["graph"], "expected": ex, "funding_trace": trace}
        write_json(os.path.join(STALL_DIR, c["name"] + ".json"), out)
        print(f"{c['name']:38s} {c['model']:17s} default_year={ex['default_year']} "
              f"h_X={ex['shock']['shocks'][0]['haircut']:.10g} "
              f"total_loss={ex['shock']['total_loss']:.10g}")
    print(f"{len(SHOCK_CASES)} shock cases written to {SHOCK_V2_DIR}")
    print(f"{len(STALL_CASES)} stall cases written to {STALL_DIR}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A small reference sketch of differential DebtRank and growth stalls on the graphs.

Not the engine: it reads the new fields (market_value, schedule, notice_months, funding) that the
engine is being taught, so the data can be checked before the engine lands. Conventions follow
docs/model.md and /work/shared/design/model.md section 5:

- exposure(e) = amount * (1 - recovery); book basis: buffer, amount; market basis: value as the
  buffer, market_value (else amount) as an equity edge's amount;
- distress runs obligor -> exposed end: `to` is exposed on every kind but equity and guarantee,
  `from` on those two (an equity edge's obligor is the company, a guarantee's the guaranteed party);
- differential DebtRank with edge haircuts H_e: h_j = min(1, h_j(1) + sum over edges e into j of
  min(1, H_e + h_O - h_O(1)) * exposure(e) / buffer_j), the least fixed point; a node with buffer
  0 is defaulted by any positive loss;
- total_loss = sum (h - h(1)) * buffer; impact = sum value * (h - h(1)) / sum value.

    python3 graphs/sketch.py                    # headline checks (shock openai 0.5, rank, stalls)
    python3 graphs/sketch.py --scenario FILE    # one scenario file
    python3 graphs/sketch.py --graph FILE ...   # another graph
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "ai-infra-2026.json")


def expand(schedule, amount, as_of_year):
    if schedule is None:
        return {as_of_year: amount}
    if "start" in schedule:
        return {schedule["start"] + k: amount / schedule["years"] for k in range(schedule["years"])}
    return {int(y): v for y, v in schedule.items()}


class Net:
    def __init__(self, g, basis="book", overrides=None):
        ov = overrides or {}
        self.g = g
        self.basis = basis
        self.as_of_year = int(g["as_of"][:4])
        drop = set(ov.get("drop", []))
        self.nodes = [n for n in g["nodes"] if n["id"] not in drop]
        self.ids = [n["id"] for n in self.nodes]
        self.idx = {i: k for k, i in enumerate(self.ids)}
        bo, vo = ov.get("buffer", {}), ov.get("value", {})
        self.value = [vo.get(n["id"], n.get("value", n.get("buffer", 0.0))) for n in self.nodes]
        book = [bo.get(n["id"], n.get("buffer", 0.0)) for n in self.nodes]
        self.buffer = self.value[:] if basis == "market" else book
        rec = ov.get("recovery", {})
        dropped_edges = {tuple(x.split(":")) for x in ov.get("drop_edge", [])}
        self.edges = []
        for e in g["edges"]:
            if e["from"] in drop or e["to"] in drop:
                continue
            if (e["from"], e["to"]) in dropped_edges or (e["from"], e["to"], e["kind"]) in dropped_edges:
                continue
            kind = e["kind"]
            amount = e["amount"]
            if basis == "market" and kind == "equity":
                amount = e.get("market_value", amount)
            r = rec.get(kind, rec.get("all", e.get("recovery", 0.0)))
            if kind in ("equity", "guarantee"):
                obligor, exposed = e["to"], e["from"]
            else:
                obligor, exposed = e["from"], e["to"]
            self.edges.append({"e": e, "o": self.idx[obligor], "x": self.idx[exposed],
                               "exp": amount * (1.0 - r), "kind": kind})

    def debtrank(self, shocks, edge_haircuts=None, tol=1e-14, max_iter=100000):
        """shocks: {id: h}; edge_haircuts: {edge index: H}. Returns (h, h1)."""
        n = len(self.ids)
        h1n = [0.0] * n
        for i, h in shocks.items():
            h1n[self.idx[i]] = h
        H = []
        for k, ed in enumerate(self.edges):
            hk = (edge_haircuts or {}).get(k)
            H.append(hk if hk is not None else h1n[ed["o"]])
        # round-1 distress
        def settle(passed):
            h = [0.0] * n
            loss = [0.0] * n
            for k, ed in enumerate(self.edges):
                loss[ed["x"]] += passed[k] * ed["exp"]
            for j in range(n):
                if self.buffer[j] > 0:
                    h[j] = min(1.0, h1n[j] + loss[j] / self.buffer[j])
                else:
                    h[j] = 1.0 if (loss[j] > 0 or h1n[j] > 0) else 0.0
            return h
        passed = [min(1.0, H[k]) for k in range(len(self.edges))]
        h1 = settle(passed)
        h = h1[:]
        for _ in range(max_iter):
            passed = [min(1.0, H[k] + max(0.0, h[ed["o"]] - h1n[ed["o"]])) for k, ed in enumerate(self.edges)]
            hn = settle(passed)
            hn = [max(a, b) for a, b in zip(hn, h)]
            if max(abs(a - b) for a, b in zip(hn, h)) <= tol:
                h = hn
                break
            h = hn
        return h, h1n

    def summary(self, h, h1):
        loss = [(h[k] - h1[k]) * self.buffer[k] for k in range(len(h))]
        total = sum(loss)
        tv = sum(self.value)
        impact = sum(self.value[k] * (h[k] - h1[k]) for k in range(len(h))) / tv if tv else 0.0
        by_kind = {}
        for k, n in enumerate(self.nodes):
            by_kind[n["kind"]] = by_kind.get(n["kind"], 0.0) + loss[k]
        rows = sorted(((loss[k], self.ids[k], h[k], h[k] * self.buffer[k]) for k in range(len(h))), reverse=True)
        return {"total_loss": total, "impact": impact, "by_kind": by_kind, "rows": rows,
                "defaulted": sum(1 for x in h if x >= 1.0 - 1e-12),
                "distressed": sum(1 for x in h if 0 < x < 1.0 - 1e-12)}


def print_summary(title, s, top=12):
    print(f"\n== {title}")
    print(f"total_loss {s['total_loss']:.2f}  impact {s['impact']:.4f}  defaulted {s['defaulted']}  distressed {s['distressed']}")
    print("loss by kind: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(s["by_kind"].items(), key=lambda kv: -kv[1])))
    tot = s["total_loss"] or 1.0
    for loss, i, h, own in s["rows"][:top]:
        print(f"  {i:22s} loss(net of h1) {loss:9.2f}  share {loss / tot:6.1%}  distress {h:6.3f}  loss(incl. own) {own:9.2f}")
    mx = max(s["rows"], key=lambda r: r[0])
    print(f"  largest single share: {mx[1]} {mx[0] / tot:.1%} -> {'OK' if mx[0] / tot <= 0.5 else 'OVER HALF'}")


def rank(net, haircut=1.0):
    out = []
    for i in net.ids:
        h, h1 = net.debtrank({i: haircut})
        s = net.summary(h, h1)
        out.append((s["impact"], i))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


# ---------------------------------------------------------------- growth stall (model.md 5.5)
def stall(net, entries, policy="default", y0=None, y1=None):
    """entries: [{"node", "growth" | "plan"/"plan_scale", "funding"?}]. Returns edge haircuts and a log."""
    g = net.g
    by_id = {n["id"]: n for n in g["nodes"]}
    haircuts, shocks, log = {}, {}, []
    for ent in entries:
        x = ent["node"]
        fund = dict(by_id[x]["funding"])
        fund.update(ent.get("funding", {}))
        eds = [(k, ed) for k, ed in enumerate(net.edges)
               if ed["e"]["from"] == x and ed["kind"] not in ("equity", "guarantee")]
        sched = {k: expand(ed["e"].get("schedule"), ed["e"]["amount"], net.as_of_year) for k, ed in eds}
        start = y0 or fund["year"]
        end = y1 or max(max(s) for s in sched.values())
        plan = {int(k): v for k, v in fund.get("plan", {}).items()}
        cap = {int(k): v for k, v in fund.get("capital", {}).items()}
        cash, r, prev_plan = fund["cash"], None, fund["revenue"]
        default_year = None
        lost = {k: 0.0 for k, _ in eds}
        for t in range(start, end + 1):
            if r is None:
                r = fund["revenue"]
            elif ent.get("plan"):
                p = plan.get(t, prev_plan)
                s = ent.get("plan_scale", 1.0)
                r = r * (1 + s * (p / prev_plan - 1)) if prev_plan else r
                prev_plan = p
            else:
                r = r * (1 + ent.get("growth", 0.0))
            avail = cash + r * (1 - fund["cost_ratio"]) + cap.get(t, 0.0)
            due = {k: sched[k].get(t, 0.0) for k, _ in eds}
            D = sum(due.values())
            paid = min(D, avail)
            ratio = paid / D if D > 0 else 1.0
            cash = avail - paid
            log.append((x, t, round(r, 2), round(D, 2), round(paid, 2), round(ratio, 3)))
            for k, _ in eds:
                lost[k] += due[k] * (1 - ratio)
            if paid < D - 1e-9 and policy == "default":
                default_year = t
                for k, ed in eds:
                    n_m = ed["e"].get("notice_months")
                    later = {y: v for y, v in sched[k].items() if y > t}
                    if n_m is None:
                        lost[k] += sum(later.values())
                    else:
                        for m in range(n_m):
                            lost[k] += later.get(t + 1 + m // 12, 0.0) / 12
                break
        tot_exp = 0.0
        wsum = 0.0
        for k, ed in eds:
            hk = lost[k] / ed["e"]["amount"]
            haircuts[k] = hk
            wsum += hk * ed["exp"]
            tot_exp += ed["exp"]
        shocks[x] = wsum / tot_exp if tot_exp else 0.0
        log.append((x, "default_year", default_year))
    return shocks, haircuts, log


def run_scenario(g, sc):
    net = Net(g, sc.get("basis", "book"), sc.get("overrides"))
    if sc.get("stall"):
        shocks, hc, log = stall(net, sc["stall"], sc.get("policy", "default"), sc.get("from"), sc.get("to"))
        for row in log:
            print("   ", row)
    else:
        shocks = {s["node"]: s["haircut"] for s in sc.get("shocks", [])}
        hc = {}
        for es in sc.get("edges", []):
            for k, ed in enumerate(net.edges):
                e = ed["e"]
                if e["from"] == es["from"] and e["to"] == es["to"] and e["kind"] == es.get("kind", e["kind"]):
                    hc[k] = es["haircut"]
    h, h1 = net.debtrank(shocks, hc)
    return net, net.summary(h, h1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graph", default=DEFAULT)
    ap.add_argument("--scenario")
    a = ap.parse_args()
    g = json.load(open(a.graph))
    if a.scenario:
        sc = json.load(open(a.scenario))
        _, s = run_scenario(g, sc)
        print_summary(f"{sc['name']} ({sc.get('basis', 'book')})", s)
        return
    for basis in ("book", "market"):
        net = Net(g, basis)
        h, h1 = net.debtrank({"openai": 0.5})
        print_summary(f"shock openai 0.5, basis {basis}", net.summary(h, h1))
    for basis in ("book", "market"):
        net = Net(g, basis)
        r = rank(net)
        print(f"\n== rank (haircut 1, basis {basis}), top 8 by impact")
        zero = {n["id"] for n in g["nodes"] if n.get("buffer", 0) == 0 or n.get("value", 0) == 0}
        for k, (imp, i) in enumerate(r[:8], 1):
            print(f"  {k}. {i:22s} impact {imp:.4f}{'  <- buffer or value 0' if i in zero else ''}")


if __name__ == "__main__":
    main()

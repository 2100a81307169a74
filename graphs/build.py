#!/usr/bin/env python3
"""Build the second-edition AI-economy graphs from the facts in graphs/facts/.

    python3 graphs/build.py

writes graphs/ai-infra-2026.json (as of Nov 2026) and graphs/ai-infra-2025-12.json
(the snapshot as of Dec 2025), and refreshes the generated tables in graphs/README.md
(between the `<!-- BEGIN x -->` / `<!-- END x -->` markers). Standard library only.

Every figure is set here with its sources: `F(id)` copies a fact (title, url, date, status) and
cites it from graphs/facts/; `D(...)` is a figure derived from named facts (status estimate, the
arithmetic in the note); `A(...)` is a modelling assumption (status assumption), argued in the
README section its title names. Nothing else enters the graphs.
"""
import json
import os
import re
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FACT_FILES = ["graphs/facts/ai-infra-facts.json", "graphs/facts/ai-infra-facts-2.json"]
README = os.path.join(HERE, "README.md")

FACTS = {}
for rel in FACT_FILES:
    for f in json.load(open(os.path.join(ROOT, rel))):
        assert f["id"] not in FACTS, f["id"]
        FACTS[f["id"]] = (f, rel)

STATUS = {"firm": "firm", "reported": "reported", "estimate": "estimate", "range": "estimate"}
# facts dated with a year only; the graph format needs a month (README: Derived figures and dates)
YEAR_ONLY = {
    "chip.xai-nvidia.18": ("2025-12", "reported in 2025 (year only): dated Dec 2025, i.e. no later than the end of that year"),
    "corp.goog.equity-2025": ("2026-02", "FY2025 figure reported in 2026 (year only): dated Feb 2026, when the 10-K is filed"),
    "valuation.nscale.14.6": ("2026-07", "reported in 2026 (year only): dated Jul 2026, the end of the facts' coverage, i.e. no later than that"),
    "chip.google-broadcom.share": ("2026-07", "reported in 2026 (year only): dated Jul 2026, the end of the facts' coverage"),
    "chip.hyperscalers-nvidia.share": ("2026-07", "reported in 2026 (year only): dated Jul 2026, the end of the facts' coverage"),
}
AS_OF_NOTE_DATE = "2026-11"

SECTIONS = set()  # README sections named by assumption sources (check.py verifies they exist)


def fdate(fid):
    f = FACTS[fid][0]
    if fid in YEAR_ONLY:
        return YEAR_ONLY[fid][0]
    d = f["reported_on"]
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d), (fid, d)
    return d


def cite(ids):
    return ", ".join(f"{i} ({FACTS[i][1]})" for i in ids)


def F(fid, figure=None, note=None):
    """A source copied from one fact."""
    f, rel = FACTS[fid]
    s = {"title": f["source_title"]}
    if f.get("source_url"):
        s["url"] = f["source_url"]
    s["date"] = fdate(fid)
    s["status"] = STATUS[f["status"]]
    if figure:
        s["figure"] = figure
    n = f"facts: {fid} ({rel})"
    if f["status"] == "range":
        n += "; the fact itself is a range (status 'range'), cited as estimate"
    if fid in YEAR_ONLY:
        n += "; " + YEAR_ONLY[fid][1]
    if note:
        n += "; " + note
    s["note"] = n
    return s


def D(title, ids, note, figure=None, date=None):
    """A figure derived from facts (status estimate)."""
    for i in ids:
        assert i in FACTS, i
    s = {"title": "Derived from the facts: " + title,
         "date": date or max(fdate(i) for i in ids), "status": "estimate"}
    if figure:
        s["figure"] = figure
    s["note"] = f"facts: {cite(ids)}; {note}"
    return s


def A(section, title, note, figure=None):
    """A modelling assumption, argued in README section `section`."""
    SECTIONS.add(section)
    s = {"title": f"Modelling assumption: {title} (graphs/README.md - {section})",
         "date": AS_OF_NOTE_DATE, "status": "assumption"}
    if figure:
        s["figure"] = figure
    s["note"] = note
    return s


# ---------------------------------------------------------------- recovery (README: Recovery)
RECOVERY = {"compute_commitment": 0.5, "chip_purchase": 0.5, "lease": 0.5, "debt": 0.4,
            "guarantee": 0.0, "revenue": 0.5}
RECOVERY_WHY = {
    "compute_commitment": "a cloud whose customer fails keeps about half of the claim: the capacity is mostly not yet built (avoided capex) or can be resold, and the loss is margin plus stranded near-term capacity",
    "chip_purchase": "a chip vendor whose buyer fails keeps about half: accelerators are supply-constrained and resold, and unbuilt wafers are not paid for; custom silicon is harder to resell",
    "lease": "a lessor whose tenant fails keeps about half: the data centre or GPUs can be re-let, at a discount and after a delay in a market that has turned",
    "debt": "lenders recover 40% of a defaulted claim, the long-run average recovery of senior unsecured corporate debt; secured project and GPU-backed loans would recover more, so this is conservative for them",
    "guarantee": "a guarantor that is called pays the guaranteed shortfall and recovers nothing",
}


def rec_source(kind):
    return A("Recovery", f"recovery {RECOVERY[kind]} on {kind} edges", RECOVERY_WHY[kind])


# ---------------------------------------------------------------- schedules
def even(start, years):
    return {"start": start, "years": years}


def spread(parts):
    """Sum of even spreads [(amount, start, years), ...] as a per-year map."""
    out = {}
    for amount, start, years in parts:
        for y in range(start, start + years):
            out[y] = out.get(y, 0.0) + amount / years
    return {str(y): round(v, 10) for y, v in sorted(out.items())}


def sched_total(s, amount):
    if "start" in s:
        return amount
    return sum(s.values())


# ---------------------------------------------------------------- graph assembly helpers
class G:
    def __init__(self, name, as_of, description):
        self.g = {"format": "shockgraph/1", "name": name, "description": description,
                  "as_of": as_of, "currency": "USD", "unit": "billion", "nodes": [], "edges": []}
        self.ids = {}

    def node(self, id, label, kind, buffer, value, sources, low=None, high=None, funding=None,
             attributes=None, note=None):
        n = {"id": id, "label": label, "kind": kind, "buffer": round(buffer, 4)}
        n["value"] = round(value, 4)
        if low:
            n["low"] = {k: round(v, 4) for k, v in low.items()}
        if high:
            n["high"] = {k: round(v, 4) for k, v in high.items()}
        if funding:
            n["funding"] = funding
        n["sources"] = sources
        if attributes:
            n["attributes"] = attributes
        if note:
            n["note"] = note
        assert id not in self.ids, id
        self.ids[id] = n
        self.g["nodes"].append(n)
        return n

    def edge(self, frm, to, kind, amount, sources, low=None, high=None, market_value=None,
             schedule=None, notice_months=None, note=None, recovery=None):
        e = {"from": frm, "to": to, "kind": kind, "amount": round(amount, 6)}
        if kind != "equity":
            if recovery is None:
                e["recovery"] = RECOVERY[kind]
                sources = sources + [rec_source(kind)]
            else:
                e["recovery"] = recovery[0]
                sources = sources + [recovery[1]]
        if low is not None:
            e["low"] = round(low, 6)
        if high is not None:
            e["high"] = round(high, 6)
        if market_value is not None:
            e["market_value"] = round(market_value, 4)
        if schedule is not None:
            assert abs(sched_total(schedule, amount) - amount) <= 1e-9 * amount, (frm, to, schedule)
            e["schedule"] = schedule
        if notice_months is not None:
            e["notice_months"] = notice_months
        e["sources"] = sources
        if note:
            e["note"] = note
        self.g["edges"].append(e)
        return e

    def finish(self):
        """Holders' buffers (lenders, lessors) and the Eisenberg-Noe calibration."""
        nodes = self.ids
        for e in self.g["edges"]:
            assert e["from"] in nodes and e["to"] in nodes, (e["from"], e["to"])
        owed = {i: 0.0 for i in nodes}
        owed_to = {i: 0.0 for i in nodes}
        for e in self.g["edges"]:
            if e["kind"] in ("equity", "guarantee"):
                continue
            owed[e["from"]] += e["amount"]
            owed_to[e["to"]] += e["amount"]
        for i, n in nodes.items():
            b = n["buffer"]
            ea = round(b + max(0.0, owed[i] - owed_to[i]), 4)
            el = round(max(0.0, owed_to[i] - owed[i]), 4)
            n["external_assets"] = ea
            n["external_liabilities"] = el
            cal = (f"owed = {owed[i]:.4g} (obligation edges from the node: all kinds but equity and guarantee, face value), "
                   f"owed_to = {owed_to[i]:.4g}")
            n["sources"].append(A("External assets and liabilities (Eisenberg-Noe)",
                                  "external assets calibrated to the buffer",
                                  f"e = buffer + max(0, owed - owed_to) = {b:.4g} + max(0, {owed[i]:.4g} - {owed_to[i]:.4g}) = {ea:.4g}; {cal}; so that the Eisenberg-Noe net worth before a shock equals the buffer",
                                  figure="external_assets"))
            n["sources"].append(A("External assets and liabilities (Eisenberg-Noe)",
                                  "external liabilities calibrated to the buffer",
                                  f"external_liabilities = max(0, owed_to - owed) = {el:.4g}: for a net receiver the cost of delivering what it is owed for (capex, suppliers, its own funding), owed outside the graph",
                                  figure="external_liabilities"))
        # key order as in docs/format.md
        order = ["id", "label", "kind", "buffer", "external_assets", "external_liabilities", "value",
                 "low", "high", "funding", "sources", "attributes", "note"]
        self.g["nodes"] = [{k: n[k] for k in order if k in n} for n in self.g["nodes"]]
        return self.g


def attr(value, date, sources, note=None, unit=None):
    a = {"value": value, "date": date}
    if unit:
        a["unit"] = unit
    a["sources"] = sources
    if note:
        a["note"] = note
    return a


# ---------------------------------------------------------------- book-to-market rule
def btm_ratios(pairs):
    rs = sorted(b / v for b, v in pairs.values())
    mid = len(rs) // 2
    med = rs[mid] if len(rs) % 2 else (rs[mid - 1] + rs[mid]) / 2
    return med, rs[0], rs[-1]


def fact_ids(sources):
    out = []
    for s in sources:
        m = re.match(r"facts: ([^;]+)", s.get("note", ""))
        if m:
            for tok in m.group(1).split(", "):
                i = tok.split(" (")[0].strip()
                if i not in out:
                    out.append(i)
    return out


PAIR_FACTS = {  # the facts behind each (book equity, value) pair of the book-to-market rule
    "microsoft": ["corp.msft.equity-2025-12", "corp.msft.mcap-2026-05", "corp.msft.mcap-2026-01"],
    "oracle": ["corp.orcl.equity-2025-08", "corp.orcl.mcap-2026-07"],
    "google_cloud": ["corp.goog.equity-2025", "corp.goog.mcap-2026-01"],
    "amazon": ["corp.amzn.equity-2025-12", "corp.amzn.mcap-2026-04", "bs.tsmc.mcap-2026-01"],
    "nvidia": ["bs.nvda.cash-2025-10", "bs.nvda.debt-2025-10", "corp.nvda.mcap-2026-05", "corp.nvda.mcap-2026-01"],
    "amd": ["corp.amd.equity-2025-12", "corp.amd.mcap-2026-05"],
    "meta": ["bs.meta.equity-2025-12", "bs.meta.mcap-2026-04", "bs.tsmc.mcap-2026-01"],
}


def btm_node_sources(value_ids, med, lo, hi, pairs, value):
    table = ", ".join(f"{k} {b:g}/{v:g}={b / v:.4f}" for k, (b, v) in pairs.items())
    ids = list(value_ids or [])
    for k in pairs:
        ids += [i for i in PAIR_FACTS[k] if i not in ids]
    return [D(f"buffer = value {value:g} x median book-to-market {med:.4f} = {value * med:.4f}", ids,
              f"low x {lo:.4f}, high x {hi:.4f} (smallest and largest ratio); ratios (book equity / value): {table}",
              figure="buffer"),
            A("Buffers", "buffer = value x median book-to-market of the nodes with both figures",
              "no book equity in the facts; scaling the market value by a typical book-to-market ratio keeps the node comparable with the book-equity buffers",
              figure="buffer")]


def settle_holders_and_spvs(g, holders, spvs):
    """Holders (lenders, lessor groups): buffer = value = their claims; SPVs: buffer = value = equity + debt."""
    claims = {h: 0.0 for h in holders}
    for e in g.g["edges"]:
        if e["to"] in claims and e["kind"] != "equity":
            claims[e["to"]] += e["amount"]
    for hid, (label, kind) in holders.items():
        n = g.ids[hid]
        c = round(claims[hid], 4)
        n["buffer"] = c
        n["value"] = c
        sec = "Lenders" if kind == "lender" else "Lessors"
        ids = []
        for e in g.g["edges"]:
            if e["to"] == hid and e["kind"] != "equity":
                for i in fact_ids(e["sources"]):
                    if i not in ids:
                        ids.append(i)
        parts = " + ".join(f"{e['amount']:g} ({e['from']})" for e in g.g["edges"] if e["to"] == hid and e["kind"] != "equity")
        n["sources"] = [
            D(f"buffer = value = the claims it holds: {parts} = {c:g}", ids, "the sum of the edges into it", figure="buffer"),
            D(f"value = the claims it holds = {c:g}", ids, "", figure="value"),
            A(sec, "holders of claims: buffer = value = the claims they hold in the graph",
              f"{'bondholders, banks and private-credit funds' if kind == 'lender' else 'lessors and their project vehicles'} have no single balance sheet in the facts; the capital that stands behind the exposure is the claim itself (an unlevered holder loses what it holds), so distress = share of its claims lost; buffer = value = {c:g}, the sum of the edges into it; the amounts' sources are on the edges",
              figure="buffer"),
            A(sec, "holders of claims: value = the claims", "their claims are liabilities of the borrowers, not part of the borrowers' market value, so they count once", figure="value")]
    for sid in spvs:
        n = g.ids[sid]
        eq = n["buffer"]
        debt = sum(e["amount"] for e in g.g["edges"] if e["from"] == sid and e["kind"] == "debt")
        n["buffer"] = n["value"] = round(eq + debt, 4)
        n["sources"].append(A("SPVs", "SPV buffer = value = its whole funding (sponsor equity + debt)",
                              f"the vehicle is a pass-through: buffer = sponsor equity {eq:g} + debt {debt:g} = {eq + debt:g}, so its distress is the share of its assets' value lost and its lenders bear their pro-rata share; a buffer of the thin equity alone would saturate on a small tenant loss and pass the lenders' whole loss-given-default",
                              figure="buffer"))
        ids = fact_ids(n["sources"])
        for e in g.g["edges"]:
            if e["from"] == sid and e["kind"] == "debt":
                ids += [i for i in fact_ids(e["sources"]) if i not in ids]
        n["sources"].append(D(f"buffer = value = sponsor equity {eq:g} + debt {debt:g} = {eq + debt:g}", ids, "the vehicle's whole funding", figure="buffer"))
        n["sources"].append(D(f"value = sponsor equity {eq:g} + debt {debt:g} = {eq + debt:g}", ids, "", figure="value"))
        n["sources"].append(A("SPVs", "SPV buffer = value = its whole funding (sponsor equity + debt)",
                              "no market price; the market basis uses the same figure", figure="value"))


# ================================================================ the Nov 2026 graph
SEED_TITLE_NOTE = "one of the seed article's five commitments, kept at exactly the seed's amount"


def build_2026():
    g = G("ai-infra-2026",
          "2026-11",
          "The AI-infrastructure economy as of Nov 2026, second edition: the AI labs' compute commitments, "
          "chip purchases and equity stakes, the clouds' and labs' debt, leases and guarantees, the lenders, "
          "bondholders and project vehicles (SPVs) behind them, Google's TPU segment, payment schedules and "
          "the labs' funding. USD billions. Every figure comes from graphs/facts/ (coverage to ~July 2026) "
          "with its source, date and status; book figures (buffer, equity-edge amount = carrying value) and "
          "market figures (value, market_value) are kept apart (--basis book|market); modelling choices are "
          "labelled 'assumption' and argued in graphs/README.md.")
    N, E = g.node, g.edge

    # ------------------------------------------------ book-to-market rule inputs
    pairs = {"microsoft": (390.9, 3080.0), "oracle": (24.67, 541.0), "google_cloud": (415.3, 4000.0),
             "amazon": (411.1, 2890.0), "nvidia": (125.443, 5340.0), "amd": (63.0, 742.0),
             "meta": (217.243, 1670.0)}
    med, rlo, rhi = btm_ratios(pairs)

    def btm(value, vids):
        return (value * med, {"buffer": value * rlo}, {"buffer": value * rhi},
                btm_node_sources(vids, med, rlo, hi=rhi, pairs=pairs, value=value))

    VAL = A("Values", "value = market capitalisation or latest round, at one as-of date (May 2026 where the facts allow)",
            "value is the market basis (--basis market uses it as the buffer) and the weight of the impact R; the reference date is May 2026 (figures dated 2026-03-31 to 2026-06-10), the exceptions are named in the README",
            figure="value")
    BOOK = A("Buffers", "buffer = book stockholders' equity from the latest balance sheet in the facts",
             "book equity is the loss a company can take before it is balance-sheet insolvent (the DebtRank and threshold-cascade convention); the date is the balance-sheet date",
             figure="buffer")

    # ================================================= labs
    N("openai", "OpenAI (OpenAI Group PBC)", "ai_lab", 73.0, 852.0,
      [F("bs.openai.cash-2026", "buffer", "cash and securities after the $122B round, measured ~2026-03-31 (date not stated)"),
       A("Buffers", "private labs: buffer = cash on hand net of contingent tranches",
         "OpenAI publishes no balance sheet; its cash and securities are the capital most certainly on hand to absorb a loss; Amazon's $35B tranche is contingent and not counted",
         figure="buffer"),
       D("high buffer 73 + 20: SoftBank's second and third $10B tranches, paid Jul 1 2026 and scheduled ~Oct 2026, after the cash was measured",
         ["bs.openai.cash-2026", "sched.softbank-openai.tranche2", "sched.softbank-openai.tranche3"],
         "73 + 10 + 10 = 93 (the third tranche is not confirmed as paid)", figure="buffer"),
       F("valuation.openai.852", "value", "post-money after the closed $122B round (2026-03-31)"), VAL,
       F("bs.openai.cash-2026", "funding.cash"),
       A("Funding", "funding.cash = the latest cash figure, taken as cash at the start of the funding year",
         "OpenAI's ~$73B (after the round, ~2026-03-31) is used as cash at the start of 2026; the round's cash was received in Q1 2026, so the approximation moves ~a quarter of 2026 burn; contingent tranches (Amazon's $35B) are not cash",
         figure="funding.cash"),
       F("labfin.openai.rev2026-target", "funding.revenue", "2026 revenue projection $30B; Q1 2026 actual $5.7B (plan.openai.rev-2026q1)"),
       F("plan.openai.rev-2026q1", "funding.revenue", "Q1 2026 revenue $5.7B, ~$2B a month: the $30B year needs growth through 2026"),
       F("labfin.openai.rev2027", "funding.plan", "plan 2027: $62B"),
       F("labfin.openai.rev2026-target", "funding.plan", "plan 2028: '~$100B by 2028-2029' is read as $100B in 2028"),
       F("plan.openai.rev-2029", "funding.plan", "plan 2029: $100B (first positive cash flow)"),
       F("labfin.openai.rev2030-280", "funding.plan", "plan 2030: $280B (Feb 2026 investor pitch; the Sept 2025 plan had $200B, labfin.openai.rev2030-200)"),
       D("cost ratio (2026 cash burn 25 + 2026 revenue 30 - 2026 compute spend 50) / 30 = 0.17",
         ["plan.openai.burn-2026-25", "labfin.openai.rev2026-target", "plan.openai.compute-2026"],
         "costs other than compute = burn + revenue - compute = 25 + 30 - 50 = 5, i.e. 0.17 of revenue; compute is what the graph's obligation edges carry. With the Sept 2025 burn ($17B, labfin.openai.burn-2026) the same arithmetic gives a negative ratio, so the latest burn forecast is used",
         figure="funding.cost_ratio"),
       F("sched.softbank-openai.tranche2", "funding.capital", "$10B paid 2026-07-01, after the cash measurement"),
       F("sched.softbank-openai.tranche3", "funding.capital", "$10B scheduled ~Oct 2026 (not confirmed as paid)"),
       A("Funding", "funding.capital = staged, non-contingent tranches due after the cash measurement",
         "capital 2026 = SoftBank's 2nd and 3rd tranches ($20B); SoftBank's 1st tranche (~Apr 2026) and Nvidia's three 2026 instalments (dates not found) are assumed to be inside the $73B; Amazon's $35B (equity.amazon-openai.contingent-35) is contingent on an IPO or milestone and is not capital",
         figure="funding.capital")],
      high={"buffer": 93.0},
      funding={"year": 2026, "cash": 73.0, "revenue": 30.0,
               "plan": {"2027": 62.0, "2028": 100.0, "2029": 100.0, "2030": 280.0},
               "cost_ratio": 0.17, "capital": {"2026": 20.0}},
      attributes={
          "revenue_2025": attr(13.1, "2025-12-31", [F("labfin.openai.rev2025")]),
          "cash_burn_2026_q1": attr(3.7, "2026-03-31", [F("plan.openai.burn-2026q1")]),
          "compute_spend_2026": attr(50.0, "2026-12-31", [F("plan.openai.compute-2026")], "Brockman under oath: ~$50B of compute in 2026"),
          "contingent_equity_amazon": attr(35.0, "2026-04", [F("equity.amazon-openai.contingent-35")], "callable if OpenAI files for an IPO or meets a redacted milestone before end-2028; OpenAI filed confidentially ~Jun 2026 (valuation.openai.ipo-filing) - not confirmed as triggered; not cash in funding"),
      },
      note="Private; no balance sheet. Buffer = cash and securities; value = last round. Funding drives `graph stall`.")

    N("anthropic", "Anthropic", "ai_lab", 95.0, 965.0,
      [D("buffer 30 + 65 = 95: equity raised in 2026 (Series G Feb 2026, Series H May 2026)",
         ["equity.anthropic-seriesG.30", "equity.anthropic-seriesH.65"],
         "Anthropic's cash balance is not in the facts; the two 2026 rounds are the capital most certainly on hand; contingent Google ($30B) and Amazon ($20B) tranches excluded", figure="buffer"),
       A("Buffers", "private labs: buffer = cash on hand net of contingent tranches",
         "Anthropic publishes no balance sheet; cash raised in its latest rounds is the capital most certainly on hand; low 60 reads Series H at the 'at least $30B' of mid-May reports, high 108 adds Series F ($13B, Sep 2025)",
         figure="buffer"),
       F("valuation.anthropic.183", "buffer", "high: + Series F $13B (Sep 2025)"),
       F("valuation.anthropic.965", "value", "Series H post-money (2026-05-28)"), VAL,
       A("Funding", "Anthropic's cash at the start of 2026 = its Series F proceeds",
         "the facts have no Anthropic cash balance; the last round before 2026 raised $13B (Series F, Sep 2025) and 2025 burn was ~$3B (plan.anthropic.burn-ratio), so $13B is the order of magnitude; 0 is the lower bound",
         figure="funding.cash"),
       F("valuation.anthropic.183", "funding.cash", "Series F $13B at $183B post-money"),
       D("2026 revenue 4.8 + 10.9 + 10.9 + 10.9 = 37.5: Q1 actual, Q2 projection, Q2 held flat for Q3-Q4",
         ["labfin.anthropic.q-rev", "plan.anthropic.rev-2026q2", "labfin.anthropic.arr-50"],
         "the company's Jan 2026 projection ($20-26B, plan.anthropic.rev-2026-20-26) is below the first half alone (15.7); a run-rate above $50B by mid-2026 makes 37.5 a floor once Q2 is reached",
         figure="funding.revenue"),
       F("labfin.anthropic.proj-2025-2028", "funding.plan", "plan 2027 $38.9B, 2028 $70B (The Information, Nov 2025; optimistic case); it predates the 2026 run-rate jump, so plan growth from 2026 to 2027 is small"),
       D("cost ratio 1 - 0.56 - 0.051 = 0.39: the Q2 2026 projection spends 56 cents per revenue dollar on compute and earns a 5.1% operating margin",
         ["plan.anthropic.rev-2026q2", "plan.anthropic.opprofit-2026q2"],
         "operating profit 0.559 / revenue 10.9 = 5.1%; compute 56% of revenue (the graph's obligations); the rest, 38.9%, is costs other than the graph's obligations",
         figure="funding.cost_ratio"),
       F("equity.anthropic-seriesG.30", "funding.capital", "Series G $30B, Feb 2026"),
       F("equity.anthropic-seriesH.65", "funding.capital", "Series H $65B, May 2026 (conflicting sizes $30-65B)"),
       A("Funding", "funding.capital = rounds closed in the year, contingent tranches excluded",
         "capital 2026 = Series G + Series H = 95; Google's $30B (equity.google-anthropic.40) and Amazon's $20B (equity.amazon-anthropic.25) depend on milestones and are excluded; Series H may include Google's $10B upfront, so the upfront strategic money is not added again",
         figure="funding.capital")],
      low={"buffer": 60.0}, high={"buffer": 108.0},
      funding={"year": 2026, "cash": 13.0, "revenue": 37.5, "plan": {"2027": 38.9, "2028": 70.0},
               "cost_ratio": 0.39, "capital": {"2026": 95.0}},
      attributes={
          "revenue_run_rate": attr(50.0, "2026-06", [F("labfin.anthropic.arr-50")], "single source; run-rate method counts 28 days of consumption x13 (labfin.anthropic.runrate-method)"),
          "revenue_q1_2026": attr(4.8, "2026-03-31", [F("labfin.anthropic.q-rev")]),
      },
      note="Private; no balance sheet. Buffer = equity raised in 2026; value = Series H post-money.")

    spx_b = 1770.0 * med
    N("spacex", "SpaceX (incl. xAI since Feb 2026)", "ai_lab", spx_b, 1770.0,
      btm_node_sources(["valuation.spacex.1.77T"], med, rlo, rhi, pairs, 1770.0) + [
          F("equity.spacex-ipo.75", "buffer", "low 75: the June 2026 IPO's primary proceeds alone add $75B of book equity, a floor"),
          F("valuation.spacex.1.77T", "value", "market value at the $135 IPO price (June 2026); replaces xAI's $250B merger valuation (valuation.xai.250)"), VAL,
          F("bs.spacex.cash-2026-03", "funding.cash", "cash $24.7B at 2025-12-31 (the start of the funding year); $15.9B at 2026-03-31"),
          F("bs.spacex.rev-2025", "funding.revenue", "2025 revenue $18.67B (S-1; Starlink > $11B)"),
          A("Funding", "SpaceX's 2026 revenue = its 2025 revenue; no plan",
            "the facts give SpaceX's 2025 revenue only and no revenue plan; 2026 is held at the 2025 level and no plan is given, so --plan keeps revenue flat",
            figure="funding.revenue"),
          A("Funding", "no revenue plan in the facts: an empty plan", "the facts give no SpaceX or xAI revenue plan; with an empty plan --plan keeps revenue flat", figure="funding.plan"),
          F("bs.spacex.netloss-2025", "funding.cost_ratio", "2025 net loss $4.9B on $18.67B revenue"),
          A("Funding", "SpaceX cost ratio 1.0",
            "SpaceX lost $4.9B in 2025 on $18.67B of revenue (costs 1.26x revenue), so its revenue is taken to cover its own costs and nothing more; the graph's obligations are paid from cash and new capital",
            figure="funding.cost_ratio"),
          F("equity.spacex-ipo.75", "funding.capital", "IPO primary raise ~$75B (June 2026)"),
          F("debt.spacex.bond-20", "funding.capital", "~$20B investment-grade bond (June 2026); its repayment is the debt edge to spacex_creditors"),
      ],
      low={"buffer": 75.0}, high={"buffer": 1770.0 * rhi},
      funding={"year": 2026, "cash": 24.7, "revenue": 18.67, "plan": {}, "cost_ratio": 1.0, "capital": {"2026": 95.0}},
      attributes={
          "xai_valuation_at_merger": attr(250.0, "2026-02-09", [F("valuation.xai.250")]),
          "long_term_debt": attr(29.1, "2026-03-31", [F("bs.spacex.ltd-2026-03")]),
          "xai_net_loss_2025": attr(6.4, "2025-12-31", [F("bs.xai.loss-2025"), F("bs.xai.loss-2025-alt")], "CONFLICT: $6.4B vs $2.47B vs $4.94B; unresolved"),
      },
      note="xAI merged into SpaceX in Feb 2026; SpaceX is the counterparty of Anthropic's Colossus contract (S-1). Public since June 2026 but no book equity in the facts: buffer by the book-to-market rule, floored at the IPO proceeds.")

    N("meta", "Meta Platforms", "ai_lab", 217.243, 1670.0,
      [F("bs.meta.equity-2025-12", "buffer", "stockholders' equity at 2025-12-31 (10-K via aggregator)"), BOOK,
       F("bs.meta.mcap-2026-04", "value", "~$1.67T, April 2026 (range $1.57T mid-Jan to $1.7T)"), VAL],
      low={"value": 1570.0}, high={"value": 1700.0},
      attributes={
          "cash_and_securities": attr(81.592, "2025-12-31", [F("bs.meta.cash-2025-12")]),
          "capex_2026_guidance": attr(135.0, "2026-04-29", [F("capex.meta.2026")], "range $125-145B"),
      },
      note="A lab (Llama) and the largest buyer of third-party AI capacity after the big two labs. No funding object: its ad revenue, not an AI-price path, pays its commitments.")

    # ================================================= clouds
    N("microsoft", "Microsoft (Azure)", "cloud", 390.9, 3080.0,
      [F("corp.msft.equity-2025-12", "buffer", "total assets 665.3 - total liabilities 274.4 at 2025-12-31"), BOOK,
       F("corp.msft.mcap-2026-05", "value", "2026-05-03"), VAL],
      attributes={
          "backlog": attr(627.0, "2026-03-31", [F("rpo.msft.2026-03")], "commercial RPO"),
          "backlog_2025_12": attr(625.0, "2025-12-31", [F("rpo.msft.2025-12"), F("rpo.msft.openai-share")], "~45% OpenAI"),
      })

    N("oracle", "Oracle (OCI)", "cloud", 24.67, 541.0,
      [F("corp.orcl.equity-2025-08", "buffer", "stockholders' equity at 2025-08-31, the latest Oracle equity in the facts ($20.97B at 2025-05-31)"), BOOK,
       F("equity.orcl.mandatory-convertible", "buffer", "high: + the $4.95B net of the Feb 2026 mandatory convertible preferred, which counts as equity"),
       F("corp.orcl.mcap-2026-07", "value", "value 541 is the fact's low (Menon Lab preview, June 2026), the figure nearest the May 2026 reference date; high 703.3 is 2026-07-03"), VAL,
       F("bs.orcl.cash-2025-11", "funding.cash", "cash and short-term investments at 2025-11-30, taken as cash at the start of 2026"),
       F("corp.orcl.rev-fy26", "funding.revenue", "FY2026 (Jun 2025-May 2026) revenue $67.4B, used for calendar 2026"),
       F("plan.orcl.raise-fy27", "funding.plan", "FY27 revenue target $90B reaffirmed (used for 2027)"),
       D("plan 2028-2030 = FY27 target 90 + OCI growth beyond FY27: 90 + (73-32) = 131, 90 + (114-32) = 172, 90 + (144-32) = 202",
         ["plan.orcl.raise-fy27", "sched.orcl-oci.fy27", "sched.orcl-oci.fy28", "sched.orcl-oci.fy29", "sched.orcl-oci.fy30"],
         "Oracle's OCI revenue path (FY27 32, FY28 73, FY29 114, FY30 144) added to the FY27 total-revenue target; fiscal years (ending May) mapped to the calendar year they mostly cover",
         figure="funding.plan"),
       D("cost ratio (FY26 cash operating costs 35.4 + capex 55.7 - the graph's 2026 chip purchase 40) / revenue 67.4 = 0.76",
         ["bs.orcl.fcf-fy26", "bs.orcl.capex-fy26", "corp.orcl.rev-fy26", "commit.oracle-nvidia.abilene"],
         "operating cash flow = FCF + capex = -23.7 + 55.7 = 32.0, so cash operating costs = 67.4 - 32.0 = 35.4; capex beyond the Nvidia order in the graph (55.7 - 40 = 15.7) is a cost the graph does not carry; (35.4 + 15.7) / 67.4 = 0.758",
         figure="funding.cost_ratio"),
       F("plan.orcl.financing-2026", "funding.capital", "calendar-2026 plan $45-50B ($30B raised by Mar 2026: plan.orcl.financing-raised)"),
       F("plan.orcl.raise-fy27", "funding.capital", "~$40B more in FY2027, on top of the 2026 plan"),
       A("Funding", "Oracle has a funding object for the investment-grade scenario",
         "Oracle's funding lets `graph stall` ask whether Oracle meets its leases, debt and chip orders without new capital (scenario oracle-loses-ig-funding); capital 2026 = 50, 2027 = 40 as planned",
         figure="funding.capital")],
      high={"buffer": 29.62, "value": 703.3},
      funding={"year": 2026, "cash": 19.766, "revenue": 67.4,
               "plan": {"2027": 90.0, "2028": 131.0, "2029": 172.0, "2030": 202.0},
               "cost_ratio": 0.76, "capital": {"2026": 50.0, "2027": 40.0}},
      attributes={
          "backlog": attr(638.0, "2026-05-31", [F("rpo.orcl.2026-05")], "RPO; $75B relates to prepaid or customer-supplied GPUs"),
          "backlog_2026_02": attr(553.0, "2026-02-28", [F("rpo.orcl.2026-02")], "the quarter-end nearest the other clouds' Mar 31 backlogs"),
          "lease_commitments_not_commenced": attr(248.0, "2025-11-30", [F("lease.orcl.commitments-2025-11")], "15-19-year terms commencing FY26 Q3-FY2028; edges to vantage_spv, abilene_spv and oracle_lessors"),
          "gross_debt": attr(104.0, "2025-11", [F("debt.orcl.barclays-2025-11"), F("bs.orcl.debt-2025-08"), F("bs.orcl.debt-2025-11")], "$105.4B at Aug 2025 (aggregator); 'total obligations > $124B' at Nov 2025"),
          "free_cash_flow_fy26": attr(-23.7, "2026-05-31", [F("bs.orcl.fcf-fy26")]),
      },
      note="Smallest book buffer of the clouds against the largest single commitment (OpenAI $300B); rated Baa2/BBB/BBB with negative outlooks (debt.orcl.barclays-2025-11).")

    N("google_cloud", "Alphabet (Google Cloud)", "cloud", 415.3, 4000.0,
      [F("corp.goog.equity-2025", "buffer", "Alphabet FY2025 book equity from an aggregator (unverified against the 10-K)"), BOOK,
       F("corp.goog.mcap-2026-01", "value", "mid-Jan 2026: the only Alphabet market value in the facts, an exception to the May 2026 reference date"), VAL,
       A("Node choices", "google_cloud stands for Alphabet",
         "Alphabet's cloud, TPU design (the google_tpu segment), investments (Anthropic) and debt are one balance sheet; the node's buffer and value are Alphabet's")],
      low={"value": 3980.0}, high={"value": 4020.0},
      attributes={
          "backlog": attr(462.0, "2026-03-31", [F("rpo.goog.2026-03")], "'over $460 billion'; ~50% converts within 24 months"),
          "net_cash": attr(49.3, "2026-03-31", [F("bs.goog.netcash-2026-03")]),
      },
      note="Alphabet as a whole: Google Cloud, the TPU segment's parent (equity edge to google_tpu) and the Anthropic holder.")

    N("amazon", "Amazon (AWS)", "cloud", 411.1, 2890.0,
      [F("corp.amzn.equity-2025-12", "buffer", "stockholders' equity at 2025-12-31"), BOOK,
       F("corp.amzn.mcap-2026-04", "value", "~2026-04-30"), F("corp.amzn.mcap-2026-07", "value", "low: $2.61T early Jul 2026"), VAL],
      low={"value": 2610.0},
      attributes={
          "backlog": attr(364.0, "2026-03-31", [F("rpo.aws.2026-03"), F("commit.anthropic-aws.100")], "AWS backlog; EXCLUDES the >$100B Anthropic agreement signed in April 2026"),
          "trainium_commitments": attr(225.0, "2026-04-29", [F("chip.aws-trainium.commitments")], "overlaps the labs' AWS commitments; not an edge"),
          "free_cash_flow_ttm": attr(1.2, "2026-03-31", [F("bs.amzn.fcf-ttm-2026-03")]),
      })

    b, lo, hi, srcs = btm(62.0, ["corp.crwv.mcap-2026-04"])
    N("coreweave", "CoreWeave", "cloud", b, 62.0,
      srcs + [F("corp.crwv.mcap-2026-04", "value", "April 2026"), VAL], low=lo, high=hi,
      attributes={
          "backlog": attr(99.4, "2026-03-31", [F("rpo.coreweave.2026-03")]),
          "total_debt": attr(21.4, "2025-12-31", [F("corp.crwv.debt")]),
          "net_loss_q1_2026": attr(0.74, "2026-03-31", [F("bs.crwv.q1-2026")]),
      },
      note="No book equity in the facts (PP&E $30.6B, debt $21.4B): buffer by the book-to-market rule.")

    b, lo, hi, srcs = btm(53.0, ["bs.nebius.mcap-2026-05"])
    N("nebius", "Nebius Group", "cloud", b, 53.0,
      srcs + [F("bs.nebius.mcap-2026-05", "value", "~mid-May 2026"), VAL], low=lo, high=hi,
      attributes={"convertible_notes": attr(4.16, "2025-09", [F("debt.nebius.converts-2025")], "below $10B; not an edge (README: $10B+ facts)")},
      note="Neocloud with Microsoft and Meta contracts; no book equity in the facts.")

    b, lo, hi, srcs = btm(14.6, ["valuation.nscale.14.6"])
    N("nscale", "Nscale", "cloud", b, 14.6,
      srcs + [F("valuation.nscale.14.6", "value", "post-money after a $2B Series C (2026); an exception to the May 2026 reference date (month unknown)"), VAL],
      low=lo, high=hi, note="Private neocloud (UK); Microsoft contracts $14-24B.")

    # ================================================= chip vendors
    N("nvidia", "Nvidia", "chip_vendor", 125.443, 5340.0,
      [D("buffer 161 - 26.075 - 7.468 - 2.014 = 125.443: total assets less current liabilities, long-term debt and long-term operating lease liabilities at 2025-10-26",
         ["bs.nvda.cash-2025-10", "bs.nvda.debt-2025-10"],
         "from the FY26 Q3 10-Q (the latest Nvidia balance sheet in the facts); other non-current liabilities are not in the facts, so this is an upper bound of book equity; low 83.8 is the last reported equity (2025-04-27, corp.nvda.equity-2025-04)",
         figure="buffer"),
       F("corp.nvda.equity-2025-04", "buffer", "low: book equity $83.8B at 2025-04-27, stale"), BOOK,
       F("corp.nvda.mcap-2026-05", "value", "~2026-05-20"), VAL],
      low={"buffer": 83.8},
      attributes={"cloud_service_commitments": attr(26.0, "2025-10-26", [F("sched.nvda-csp.total")], "to CoreWeave, Lambda and others; only the CoreWeave $6.3B backstop is an edge")},
      note="Buffer from the latest filing in the facts (Oct 2025 10-Q), no longer the Apr 2025 equity.")

    N("amd", "AMD", "chip_vendor", 63.0, 742.0,
      [F("corp.amd.equity-2025-12", "buffer", "derived by the facts file from aggregator percentages, 2025-12-27"), BOOK,
       F("corp.amd.mcap-2026-05", "value", "~2026-05-12"), VAL],
      attributes={"warrants_issued": attr(320.0, "2026-02-24", [F("chip.amd-openai.warrant"), F("chip.amd-meta.warrant")], "160M shares each to OpenAI and Meta, vesting with GW deployments and price hurdles; contingent, not edges", unit="million shares")})

    b, lo, hi, srcs = btm(2320.0, ["corp.avgo.mcap-2026-06"])
    N("broadcom", "Broadcom", "chip_vendor", b, 2320.0,
      srcs + [F("corp.avgo.mcap-2026-06", "value", "~2026-06-03"), VAL], low=lo, high=hi,
      attributes={"ai_backlog": attr(73.0, "2025-11-02", [F("rpo.avgo.ai-backlog")], "to ship over ~6 quarters")},
      note="No book equity in the facts: buffer by the book-to-market rule.")

    tpu_buy = 50.0
    N("google_tpu", "Google TPU (segment of Alphabet)", "chip_vendor", tpu_buy, 0.0,
      [F("chip.google-asic.2026", "buffer", "Google's ~$50B of custom AI chips in 2026: the size of the segment's purchases from Broadcom"),
       A("Google TPU segment", "google_tpu buffer = its yearly TPU purchases from Broadcom",
         "an accounting segment has no balance sheet; its buffer is set equal to Alphabet's equity edge into it and to its Broadcom purchases (50), so its distress is the share of a year's TPU demand lost, it passes every dollar it loses to google_cloud, and it cuts its Broadcom orders in proportion",
         figure="buffer"),
       A("Google TPU segment", "google_tpu value 0",
         "the segment's value is inside Alphabet's market value (google_cloud); 0 keeps the impact R from counting it twice",
         figure="value")],
      note="Designs the TPUs (built by Broadcom) and sells TPU capacity (Anthropic's 2025 one-million-TPU deal). Not a legal entity: its losses pass to google_cloud through the equity edge google_cloud -> google_tpu.")

    b, lo, hi, srcs = btm(23.0, ["debt.openai-cerebras.loan"])
    N("cerebras", "Cerebras Systems", "chip_vendor", b, 23.0,
      srcs + [F("debt.openai-cerebras.loan", "value", "Feb 2026 private round at $23B; the IPO targeted up to $26.6B (May 2026): high"), VAL],
      low=lo, high={**hi, "value": 26.6},
      attributes={"rpo": attr(24.6, "2026-04-16", [F("commit.openai-cerebras.20")], "mostly OpenAI (amended S-1)")},
      note="Sells inference capacity on its own chips; OpenAI is most of its RPO and lent it $1B.")

    # ================================================= investor
    sb_cash = round(3.8 / 0.16273, 4)  # 3.8 trillion yen at 162.73 yen per dollar, in $B
    sb_rev = round(7.8 / 0.16273, 4)
    N("softbank", "SoftBank Group", "investor", 161.0, 161.0,
      [F("corp.softbank.mcap-2025-12", "buffer", "ADR-based market value $161B (Jan 9 2026)"),
       A("Buffers", "SoftBank: buffer = market value",
         "SoftBank is a holding company whose assets are mostly fair-valued stakes (its OpenAI stake is carried at fair value), so its book approximates a market view; the facts have no SoftBank book equity",
         figure="buffer"),
       F("corp.softbank.mcap-2025-12", "value", "Jan 2026: an exception to the May 2026 reference date (SoftBank became Japan's largest company on Jun 1 2026; no figure)"), VAL,
       D(f"cash 3.8 trillion yen / 162.73 yen per dollar = {sb_cash}",
         ["bs.softbank.cash-2025-12", "sched.softbank-openai.tranche2"],
         "yen per dollar from SoftBank's second OpenAI tranche: 1.6273 trillion yen for $10B (2026-07-01); standalone cash position at 2025-12-31",
         figure="funding.cash"),
       D(f"revenue 7.8 trillion yen / 162.73 = {sb_rev}", ["corp.softbank.rev-fy25", "sched.softbank-openai.tranche2"],
         "consolidated revenue FY ended Mar 2026 (operating subsidiaries)", figure="funding.revenue"),
       A("Funding", "no revenue plan in the facts: an empty plan", "the facts give no SoftBank revenue plan; the holding company's debts are paid from cash and new capital either way", figure="funding.plan"),
       D("cost ratio 1.0: consolidated operating cash flow was negative (~-0.43 trillion yen on 7.8 trillion revenue)", ["bs.softbank.ni-fy25"],
         "revenue leaves nothing for the holding company's debts; they are paid from cash and new capital", figure="funding.cost_ratio"),
       F("debt.softbank.bridge-40", "funding.capital", "the bridge matures Mar 2027 (refinancing wall)"),
       A("Funding", "SoftBank refinances its bridge loan in 2027 (base case)",
         "capital 2027 = 40: the base case rolls the $40B bridge at maturity (the IPO of OpenAI is its expected repayment source, valuation.openai.ipo-filing); scenario softbank-bridge-refinancing removes it",
         figure="funding.capital")],
      funding={"year": 2026, "cash": sb_cash, "revenue": sb_rev, "plan": {}, "cost_ratio": 1.0, "capital": {"2027": 40.0}},
      attributes={
          "loan_to_value": attr(20.6, "2025-12-31", [F("bs.softbank.ltv-2025-12")], "policy: below 25% normally, 35% ceiling", unit="percent"),
      },
      note="Holds ~13% of OpenAI after the 2026 round (cumulative $64.6B); financed the 2026 tranches with a $40B unsecured bridge maturing Mar 2027.")

    # ================================================= SPVs (sponsor equity = buffer = value)
    N("vantage_spv", "Vantage Data Centers SPVs (Frontier TX, Port Washington WI; for Oracle/OpenAI)", "spv", 3.0, 3.0,
      [F("debt.vantage.38", "buffer", "Aug 2025: the Texas loan was reported with $3B of equity from Silver Lake and DigitalBridge"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding",
         "an SPV's loss-absorbing capacity is its sponsors' first-loss equity; the Wisconsin site's equity is not in the facts, so 3 is a lower bound; value = buffer (no market price)",
         figure="buffer")],
      note="Project vehicles whose lenders' recourse is to the project (FT); sites 'intended to be leased to Oracle for hosting its partner, OpenAI'.")
    N("abilene_spv", "Abilene JV (Crusoe, Blue Owl, Primary Digital; Stargate flagship)", "spv", 5.6, 5.6,
      [D("buffer 15 - 9.4 = 5.6: the JV's $15B financing less JPMorgan's loans", ["debt.abilene.jv-15", "debt.abilene.jpm-2.3", "debt.abilene.jpm-7.1"],
         "sponsor equity = total debt-plus-equity financing 15 - loans 2.3 - 7.1", figure="buffer"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "first-loss capital of the sponsors; value = buffer (no market price)", figure="buffer")],
      note="1.2 GW campus leased whole to Oracle for 15 years, for OpenAI; the 600 MW expansion was dropped in Mar 2026.")
    N("hyperion_spv", "Beignet Investor LLC (Meta's Hyperion JV; Blue Owl 80% / Meta 20%)", "spv", 7.0, 7.0,
      [F("guar.meta-hyperion.rvg", "buffer", "Blue Owl contributed ~$7B cash (Meta release); bond-market reports say ~$2.5B of Blue Owl equity - unreconciled in the facts (ai-infra-facts-2.md, contradictions)"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "first-loss capital of the sponsors; value = buffer (no market price)", figure="buffer")],
      note="Issued the $27.3B Hyperion bonds (A+, mainly because of Meta's backing); off Meta's balance sheet.")
    N("xai_gpu_spv", "xAI GPU SPV (Colossus 2)", "spv", 7.5, 7.5,
      [F("debt.xai-spv.12.5", "buffer", "'about $7.5 billion of equity and as much as $12.5 billion of debt in the SPV'"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "first-loss capital (Valor, Apollo, Nvidia up to $2B); value = buffer", figure="buffer")],
      note="Buys Nvidia GPUs and leases them to xAI (now SpaceX) for five years; lenders look to the lease and the GPUs.")

    # lenders, bondholders and lessor groups: buffer = value = their claims (set after the edges)
    holders = {
        "oracle_bondholders": ("Oracle bondholders and lenders (grouped)", "lender"),
        "meta_bondholders": ("Meta bondholders (grouped)", "lender"),
        "alphabet_bondholders": ("Alphabet bondholders (grouped)", "lender"),
        "amazon_bondholders": ("Amazon bondholders (grouped)", "lender"),
        "coreweave_lenders": ("CoreWeave lenders (DDTL banks MUFG, Morgan Stanley, Goldman Sachs, JPMorgan; noteholders)", "lender"),
        "softbank_lenders": ("SoftBank's banks (bridge: JPMorgan, Goldman Sachs, Mizuho, SMBC, MUFG; Arm margin lenders)", "lender"),
        "spacex_creditors": ("SpaceX/xAI lenders and bondholders (grouped)", "lender"),
        "xai_spv_lenders": ("xAI GPU SPV lenders (Apollo, Diameter Capital)", "lender"),
        "vantage_lenders": ("Vantage construction lenders (JPMorgan, MUFG, Wells Fargo, BNP Paribas, Goldman Sachs, SMBC, Societe Generale; loan investors)", "lender"),
        "abilene_lenders": ("Abilene construction lenders (JPMorgan-led)", "lender"),
        "pimco": ("Pimco (Hyperion bonds)", "lender"),
        "hyperion_bondholders": ("Other Hyperion bondholders (BlackRock and others)", "lender"),
        "oracle_lessors": ("Oracle's other data-centre lessors (Crusoe and others; grouped)", "spv"),
        "meta_lessors": ("Meta's data-centre and colocation lessors (grouped)", "spv"),
        "alphabet_lessors": ("Alphabet's data-centre lessors (grouped)", "spv"),
        "microsoft_lessors": ("Microsoft's data-centre lessors (grouped)", "spv"),
        "coreweave_lessors": ("CoreWeave's data-centre lessors (Core Scientific, Galaxy, Applied Digital and others)", "spv"),
    }
    for hid, (label, kind) in holders.items():
        N(hid, label, kind, 0.0, 0.0, [])

    # ================================================= edges: compute commitments
    SEED = "the seed article's figure, kept exact"
    E("openai", "microsoft", "compute_commitment", 280.0,
      [F("seed.openai-microsoft", note=SEED), F("commit.openai-microsoft.250", note="low: the firm $250B incremental Azure commitment (Oct 2025)"),
       F("rpo.msft.openai-share"), F("rpo.msft.openai-amount", note="high 281.3 = 45% x $625B"),
       F("commit.openai-microsoft.2026-amend", note="no change to the Azure commitment reported; Microsoft no longer exclusive"),
       A("Schedules", "OpenAI -> Microsoft spread evenly over 2026-2032", "term undisclosed; spread to 2032, the end of the IP licence in the amended partnership, so the yearly 40 stays below OpenAI's whole 2026 compute plan ($50B); Microsoft's pre-deal RPO had a ~2-year duration (sched.msft-rpo.duration) but the OpenAI part is longer-dated", figure="schedule")],
      low=250.0, high=281.3, schedule=even(2026, 7),
      note="~45% of Microsoft's $625B commercial RPO at Dec 31 2025 (CFO).")
    E("openai", "oracle", "compute_commitment", 300.0,
      [F("seed.openai-oracle", note=SEED), F("commit.openai-oracle.300"), F("commit.openai-oracle.30yr", note="July 2025 report of ~$30B a year instead of the ~$60B the $300B implies"),
       F("sched.openai-oracle.start", figure="schedule", note="'over five years, beginning in 2027'; back-ended revenue recognition; no termination terms found"),
       A("Schedules", "OpenAI -> Oracle: equal yearly amounts 2027-2031", "the facts give $300B over ~5 years from 2027 (derived average $60B a year); Oracle's OCI revenue path (sched.orcl-oci.*) suggests back-loading, which the equal split ignores", figure="schedule")],
      schedule=even(2027, 5), note="Never confirmed by either company; 4.5 GW (Shackelford TX, Dona Ana NM, Midwest).")
    E("openai", "amazon", "compute_commitment", 138.0,
      [F("seed.openai-amazon", note=SEED), F("commit.openai-aws.38"), F("commit.openai-aws.100", note="low 100: outlets that say the $38B deal was expanded TO $100B"),
       F("commit.openai-aws.138"), F("sched.openai-aws.38", figure="schedule", note="$38B over 7 years from Nov 2025; the $100B over 8 years mainly Trainium from ~2027"),
       A("Schedules", "OpenAI -> Amazon: $38B over 2026-2032 plus $100B over 2027-2034", "equal yearly amounts within each deal; the $38B deal's 2025 start is moved to 2026 (the graph counts the whole amount)", figure="schedule")],
      low=100.0, schedule=spread([(38.0, 2026, 7), (100.0, 2027, 8)]),
      note="$38B (Nov 2025, 7 years) + $100B expansion (Feb 2026, 8 years, ~2 GW Trainium).")
    E("openai", "coreweave", "compute_commitment", 22.4,
      [F("commit.openai-coreweave.22.4"), F("commit.openai-coreweave.11.9"), F("commit.openai-coreweave.4"), F("commit.openai-coreweave.6.5"),
       F("sched.openai-coreweave.terms", figure="schedule", note="~5-year order forms 2025-2030; OpenAI may terminate only if CoreWeave repeatedly misses delivery (not a walk-away right, so no notice_months)"),
       A("Schedules", "OpenAI -> CoreWeave evenly over 2026-2030", "the order forms run ~2025-2030; the 2025 part is folded into 2026-2030", figure="schedule")],
      schedule=even(2026, 5), note="Sum of the three 2025 contracts.")
    E("openai", "cerebras", "compute_commitment", 20.0,
      [F("commit.openai-cerebras.20", note="'in excess of $20 billion ... over the next three years'; up to $30B incl. data-centre funding: high"),
       F("commit.openai-cerebras", note="low 10: the Jan 2026 '>$10B' report, superseded"),
       A("Schedules", "OpenAI -> Cerebras evenly over 2026-2028", "3 years, 750 MW through 2028, tranche-based deployment", figure="schedule")],
      low=10.0, high=30.0, schedule=even(2026, 3))

    E("anthropic", "google_cloud", "compute_commitment", 200.0,
      [F("seed.anthropic-google", note=SEED), F("commit.anthropic-google.200"),
       F("sched.anthropic-google.annual", figure="schedule", note="2027-2031, ~$40B a year on average, ramping"),
       A("Schedules", "Anthropic -> Google Cloud: equal yearly amounts 2027-2031", "the facts give 5 years from 2027 and say capacity ramps (profile not disclosed); equal yearly amounts", figure="schedule")],
      schedule=even(2027, 5), note="Multi-GW TPU capacity from 2027, sold by Google Cloud; media report only (The Information), not confirmed by the companies.")
    E("anthropic", "amazon", "compute_commitment", 100.0,
      [F("seed.anthropic-amazon", note=SEED), F("commit.anthropic-aws.100"),
       F("sched.anthropic-aws.annual", figure="schedule", note=">$10B a year over 10 years from 2026, back-loaded"),
       A("Schedules", "Anthropic -> Amazon: equal yearly amounts 2026-2035", "ten years from 2026; the ramp to 5 GW is not disclosed", figure="schedule")],
      schedule=even(2026, 10), note="Amazon's $364B Q1 2026 backlog excludes it.")
    E("anthropic", "microsoft", "compute_commitment", 30.0,
      [F("commit.anthropic-microsoft.30"), F("sched.anthropic-azure.30", note="term undisclosed; option for up to 1 GW more"),
       A("Schedules", "Anthropic -> Microsoft evenly over 2026-2030", "'multi-year', term undisclosed: five years assumed, the typical term of the era's capacity contracts (Microsoft's neocloud deals are 'mostly 5-year terms', commit.msft-neocloud.60)", figure="schedule")],
      schedule=even(2026, 5))
    E("anthropic", "spacex", "compute_commitment", 43.75,
      [F("commit.anthropic-spacex", note="S-1: $1.25B a month through May 2029 (~$40-45B); high 45"),
       D("43.75 = 35 months x $1.25B (Jul 2026-May 2029)",
         ["sched.anthropic-spacex.monthly"], "the reduced fee of May-June 2026 is not disclosed and left out; low 7.5 = 6 months x 1.25 (Musk's 180-day reading)"),
       D("schedule 2026: 6 x 1.25 = 7.5, 2027: 15, 2028: 15, 2029: 5 x 1.25 = 6.25",
         ["sched.anthropic-spacex.monthly"], "full monthly fee from July 2026 to May 2029", figure="schedule"),
       F("sched.anthropic-spacex.monthly", figure="notice_months", note="either party may terminate on 90 days' notice: notice_months 3")],
      low=7.5, high=45.0, schedule={"2026": 7.5, "2027": 15.0, "2028": 15.0, "2029": 6.25}, notice_months=3,
      note="Colossus I and II capacity (300 MW). The 90-day notice caps what a walk-away costs SpaceX at ~$3.75B.")
    E("anthropic", "google_tpu", "compute_commitment", 20.0,
      [F("commit.anthropic-google.tpu-2025", note="up to 1M TPUs, >1 GW online in 2026; value only 'tens of billions of dollars'"),
       F("commit.anthropic-google.bofa", figure="schedule", note="BofA: ~$10B a year of revenue to Google; low 10 = one year"),
       D("20 = the lower end of 'tens of billions', at BofA's ~$10B a year: 2026 and 2027", ["commit.anthropic-google.tpu-2025", "commit.anthropic-google.bofa"],
         "the 2027 year may overlap the $200B Google Cloud commitment, which starts in 2027", figure="schedule")],
      low=10.0, schedule={"2026": 10.0, "2027": 10.0},
      note="The 2025 one-million-TPU deal; Broadcom's 8-K says the 3.5 GW from 2027 is additive to this ~1 GW.")

    E("meta", "coreweave", "compute_commitment", 35.2,
      [F("commit.meta-coreweave.14.2", note="through Dec 2031"), F("commit.meta-coreweave.21", note="2027 to Dec 2032; exercises an existing option, hence low 21"),
       A("Schedules", "Meta -> CoreWeave: $14.2B over 2026-2031 plus $21B over 2027-2032", "equal yearly amounts within each contract", figure="schedule")],
      low=21.0, schedule=spread([(14.2, 2026, 6), (21.0, 2027, 6)]),
      note="DDTL 4.0 ($8.5B, A3) is secured on a contract with one investment-grade customer reported as Meta.")
    E("meta", "oracle", "compute_commitment", 20.0,
      [F("commit.meta-oracle.20", note="talks reported; not confirmed as signed"),
       F("rpo.orcl.meta-nvidia-q2", note="Oracle: +$68B RPO in FY26 Q2 'from Meta, NVIDIA and others' - supports a signed deal; high 68 if all of it were Meta"),
       A("Schedules", "Meta -> Oracle evenly over 2026-2030", "'multi-year', term undisclosed: five years", figure="schedule")],
      high=68.0, schedule=even(2026, 5))
    E("meta", "google_cloud", "compute_commitment", 10.0,
      [F("commit.meta-google.10", note="'more than $10 billion' over 6 years (Aug 2025)"),
       A("Schedules", "Meta -> Google Cloud evenly over 2026-2031", "six years; the 2025 start is moved to 2026", figure="schedule")],
      schedule=even(2026, 6), note="Separate from Meta's TPU rental talks (commit.meta-google.tpu), whose value is not disclosed.")
    E("meta", "nebius", "compute_commitment", 14.9,
      [F("commit.meta-nebius.2.9", note="5 years; clusters delivered Dec 2025 and Feb 2026; termination only for missed delivery"),
       F("commit.meta-nebius.12", note="5 years from early 2027, dedicated Vera Rubin capacity"),
       A("Schedules", "Meta -> Nebius: $2.9B over 2026-2030 plus $12B over 2027-2031", "equal yearly amounts within each contract", figure="schedule")],
      schedule=spread([(2.9, 2026, 5), (12.0, 2027, 5)]), note="Firm orders: $2.9B (Nov 2025) + $12B (Mar 2026).")
    E("meta", "nebius", "compute_commitment", 15.0,
      [F("commit.meta-nebius.15-backstop", note="up to $15B over five years: Meta buys capacity Nebius cannot sell - a contingent floor"),
       A("Schedules", "Meta's Nebius backstop evenly over 2027-2031", "five years, alongside the $12B order", figure="schedule")],
      high=15.0, schedule=even(2027, 5),
      note="Capacity backstop, modelled like Nvidia's CoreWeave backstop as a commitment; it is the most Nebius can lose on it. Drop it for a firm-only view.")
    E("microsoft", "nebius", "compute_commitment", 17.4,
      [F("commit.msft-nebius.17.4", note="about $17.4B through 2031, up to $19.4B with extra capacity: high"),
       A("Schedules", "Microsoft -> Nebius evenly over 2027-2031", "full run-rate from the start of 2027 (the facts' derived illustration: ~$3.5B a year)", figure="schedule")],
      high=19.4, schedule=even(2027, 5))
    E("microsoft", "nscale", "compute_commitment", 23.0,
      [F("commit.msft-neocloud.60", note="Bloomberg tally: Nscale ~$23B"),
       F("commit.msft-nscale.14", note="low 14: 'up to $14B' for Texas and Portugal only (FT)"),
       F("commit.msft-nscale.24", note="high 24: 'up to $24B' for four sites incl. the $6.2B Norway contract (CNBC/FT)"),
       A("Schedules", "Microsoft -> Nscale evenly over 2026-2030", "deployment over 12-18 months from 2026; five-year terms like Microsoft's other neocloud deals", figure="schedule")],
      low=14.0, high=24.0, schedule=even(2026, 5),
      note="CONFLICT: $14B (two sites) vs $20.2B (14 + 6.2 Norway) vs ~$23-24B (four sites).")
    E("microsoft", "coreweave", "compute_commitment", 10.0,
      [F("commit.msft-coreweave.10", note="'over $10 billion' (Bloomberg tally): a lower bound"),
       F("crwv.msft-share", note="Microsoft was 67% of CoreWeave's FY2025 revenue"),
       D("high 66.8 - 22.4 - 14.2 = 30.2: CoreWeave's Dec 2025 backlog less its OpenAI and Meta contracts", ["rpo.coreweave.2025-12", "commit.openai-coreweave.22.4", "commit.meta-coreweave.14.2"],
         "an upper bound for Microsoft's share of the backlog"),
       A("Schedules", "Microsoft -> CoreWeave evenly over 2026-2030", "'mostly 5-year terms' (commit.msft-neocloud.60)", figure="schedule")],
      high=30.2, schedule=even(2026, 5),
      note="Replaces the first edition's one year of revenue (3.44) with the multi-year contract figure.")
    E("nvidia", "coreweave", "compute_commitment", 6.3,
      [F("commit.nvidia-coreweave.6.3", note="buy unsold capacity through 2032 (one report says Apr 2026, likely an error)"),
       A("Schedules", "Nvidia's CoreWeave backstop evenly over 2026-2032", "through 2032", figure="schedule")],
      schedule=even(2026, 7), note="Capacity backstop; part of Nvidia's $26B cloud-service agreements.")

    # ================================================= chip purchases
    E("openai", "amd", "chip_purchase", 15.0,
      [F("sched.openai-amd.binding-1gw", note="only the first 1 GW of MI450 is binding; ~$15B at $15B per GW (derived in the facts)"),
       F("chip.amd-openai.value", note="high 90: More Than Moore's estimate for all 6 GW, 5 GW of which is not binding"),
       F("chip.amd-openai.6gw"),
       A("Schedules", "OpenAI -> AMD binding GW over 2026-2027", "the first 1 GW ships from H2 2026; half in 2026, half in 2027", figure="schedule")],
      high=90.0, schedule={"2026": 7.5, "2027": 7.5}, note="The warrant AMD gave OpenAI (160M shares) is contingent and not an edge.")
    E("anthropic", "nvidia", "chip_purchase", 20.0,
      [F("chip.nvidia-anthropic.1gw", note="up to 1 GW; industry estimate $20-25B per GW all-in"),
       F("chip.gw-cost.nvidia", note="high 35: ~$35B of a GW's ~$50B is Nvidia hardware (Huang)"),
       A("Schedules", "Anthropic -> Nvidia over 2026-2027", "Grace Blackwell / Vera Rubin systems from H2 2026; half each year", figure="schedule")],
      high=35.0, schedule={"2026": 10.0, "2027": 10.0})
    E("anthropic", "broadcom", "chip_purchase", 21.0,
      [F("chip.broadcom-anthropic.21", note="$10B + $11B of Ironwood TPU racks, delivery late 2026"),
       A("Schedules", "Anthropic -> Broadcom due in 2026", "delivery late 2026", figure="schedule")],
      schedule={"2026": 21.0},
      note="Google TPUs bought through Broadcom. Mizuho's $42B for 2027 (chip.broadcom-anthropic.mizuho) may be the $200B Google Cloud capacity and is not added.")
    E("meta", "amd", "chip_purchase", 60.0,
      [F("chip.meta-amd.60", note="'up to $60 billion ... over the next five years'"),
       F("chip.amd-meta.value", note="high 100: 'more than $100 billion' (WSJ/AP, Bloomberg/CNBC)"), F("chip.amd-meta.6gw"),
       A("Schedules", "Meta -> AMD evenly over 2026-2030", "five years through 2030, first 1 GW from H2 2026", figure="schedule")],
      low=60.0, high=100.0, schedule=even(2026, 5), note="CONFLICT: $60B vs >$100B; only 6 GW and the warrant are company-disclosed.")
    E("meta", "nvidia", "chip_purchase", 20.0,
      [F("chip.meta-nvidia.multiyear", note="multiyear, multigenerational: millions of GPUs; terms not disclosed"),
       F("chip.meta-nvidia.estimate", note="only bound: 'certainly in the tens of billions' -> 20 is the lower end"),
       D("low 14 = 9% x ~$157B: Meta's share of Nvidia's annualised revenue (Bloomberg, FY25 Q4), one year", ["chip.meta-nvidia.share"], "the facts also derive ~$18B = 25% of Meta's 2025 capex"),
       A("Schedules", "Meta -> Nvidia over 2026-2027", "the lower bound is about 1-1.5 years of Meta's purchases at the 2025 rate; split over 2026-2027", figure="schedule")],
      low=14.0, schedule={"2026": 10.0, "2027": 10.0})
    E("microsoft", "nvidia", "chip_purchase", 30.0,
      [F("chip.msft-nvidia.share", note="Microsoft ~19% of Nvidia's revenue annualised, Nvidia's largest customer: ~$30B a year (derived in the facts)"),
       F("chip.custA-nvidia.q", note="high 43 = 4 x $10.75B: Customer A's quarter, if Customer A is Microsoft"),
       A("Chip flows", "recurring chip flows are one year of purchases", "the exposed claim on a recurring buyer is its order book, about a year of purchases (Broadcom's AI backlog ships over ~6 quarters, rpo.avgo.ai-backlog); due in 2026", figure="schedule")],
      high=43.0, schedule={"2026": 30.0})
    E("oracle", "nvidia", "chip_purchase", 40.0,
      [F("commit.oracle-nvidia.abilene", note="~400,000 GB200 for Abilene (1.2 GW), FT"),
       A("Schedules", "Oracle -> Nvidia due in 2026", "the campus is energised by mid-2026; deliveries already paid for reduce the open claim, so 40 is an upper bound", figure="schedule")],
      schedule={"2026": 40.0})
    E("google_tpu", "broadcom", "chip_purchase", tpu_buy,
      [F("chip.google-asic.2026", note="Google expected to spend ~$50B on custom AI chips in 2026 (Broadcom and other ASIC partners); weak source"),
       F("chip.google-broadcom.share", note="HSBC: ~78% of Broadcom's ASIC revenue is Google; the facts derive ~$29B (illustrative): low"),
       F("chip.google-broadcom.tpu-lta", note="long-term TPU supply agreement through 2031, no dollar value"),
       A("Chip flows", "recurring chip flows are one year of purchases", "Google's 2026 TPU purchases; due in 2026", figure="schedule")],
      low=29.0, schedule={"2026": tpu_buy})
    E("xai_gpu_spv", "nvidia", "chip_purchase", 18.0,
      [F("chip.xai-nvidia.18", note="'more than $18 billion' of Nvidia chips for Colossus 2"),
       F("debt.xai-spv.12.5", note="the SPV buys the GPUs and leases them to xAI, so the SPV is the buyer"),
       A("Schedules", "xAI SPV -> Nvidia due in 2026", "Colossus 2 runs Anthropic's workloads from May 2026, so much is delivered; an upper bound", figure="schedule")],
      schedule={"2026": 18.0})

    # ================================================= debt (borrower -> lender)
    SPV_REC = (0.0, A("SPVs", "an SPV's debt has recovery 0: the vehicle passes its asset loss pro rata to its funders",
                      "the vehicle's loss is already net of the recovery on its lease (the re-let value of the data centre or GPUs); applying a second recovery to its lenders would count that recovery twice"))
    BONDS = A("Schedules", "corporate bonds without a maturity ladder in the facts mature evenly over 2026-2045",
              "tranches run 3 to 40 years (and 100 for Alphabet); an even 20-year ladder", figure="schedule")
    E("oracle", "oracle_bondholders", "debt", 129.0,
      [F("debt.orcl.barclays-2025-11", note="gross debt ~$104B at ~Nov 2025 incl. the Sept 2025 bonds: low"),
       F("debt.orcl.bond-2026-02", note="$25B senior unsecured bond, Feb 2026"),
       D("129 = 104 + 25", ["debt.orcl.barclays-2025-11", "debt.orcl.bond-2026-02"], "gross debt after the Feb 2026 bond"),
       F("bs.orcl.debt-2025-11", note="high 149 = 'total obligations exceeding $124B' (Nov 2025, may include non-note items) + 25"),
       F("debt.orcl.bond-2025-09"), BONDS],
      low=104.0, high=149.0, schedule=even(2026, 20),
      note="Senior unsecured notes and loans; Baa2/BBB/BBB, negative outlooks; Barclays sees a funding gap in FY2027.")
    E("meta", "meta_bondholders", "debt", 58.744,
      [F("bs.meta.debt-2025-12", note="long-term debt at 2025-12-31, incl. the $30B Oct 2025 bond"), F("debt.meta.bond-2025-10"), BONDS],
      schedule=even(2026, 20), note="Excludes the Hyperion SPV bonds, which are off Meta's balance sheet.")
    E("google_cloud", "alphabet_bondholders", "debt", 78.5,
      [F("bs.goog.ltd-2025-12", note="long-term debt $46.5B at 2025-12-31"), F("debt.goog.bonds-2026-02", note="~$32B (29.4-32) in Feb 2026"),
       D("78.5 = 46.5 + 32; low 75.9 = 46.5 + 29.4", ["bs.goog.ltd-2025-12", "debt.goog.bonds-2026-02"], "debt after the Feb 2026 issues"), BONDS],
      low=75.9, schedule=even(2026, 20))
    E("amazon", "amazon_bondholders", "debt", 15.0,
      [F("debt.amzn.bond-2025-11", note="$15B bond, Nov 2025, six tranches of 3-40 years (upsized from $12B); Amazon's total debt is not in the facts"), BONDS],
      low=12.0, schedule=even(2026, 20), note="Only the Nov 2025 bond: Amazon's total debt is a gap in the facts.")
    E("coreweave", "coreweave_lenders", "debt", 21.4,
      [F("corp.crwv.debt", note="total debt at 2025-12-31"),
       F("debt.crwv.ddtl4", note="+$8.5B GPU-backed DDTL 4.0 (Mar 2026), secured on a Meta contract"),
       F("debt.crwv.ddtl5", note="+$3.1B DDTL 5.0 (May 2026), secured on two non-IG customers' contracts"),
       D("high 21.4 + 8.5 + 3.1 = 33.0", ["corp.crwv.debt", "debt.crwv.ddtl4", "debt.crwv.ddtl5"], "if the 2026 delayed-draw facilities are fully drawn"),
       F("debt.crwv.total-2025-06", figure="schedule", note="Jun 2025 ladder: most principal due 2026-2029"),
       A("Schedules", "CoreWeave debt matures evenly over 2026-2031", "DDTLs mature 2028-2032, notes 2030-2031; an even six-year ladder", figure="schedule")],
      high=33.0, schedule=even(2026, 6),
      note="DDTLs sit in subsidiary SPVs consolidated by CoreWeave; lenders also look to the GPUs and customer contracts.")
    E("softbank", "softbank_lenders", "debt", 40.0,
      [F("debt.softbank.bridge-40", note="unsecured, 12 months, signed Mar 27 2026"),
       F("debt.softbank.bridge-40", figure="schedule", note="matures Mar 2027")],
      schedule={"2027": 40.0}, note="Funds the $30B OpenAI follow-on; the refinancing wall of scenario softbank-bridge-refinancing.")
    E("softbank", "softbank_lenders", "debt", 20.0,
      [F("debt.softbank.arm-margin", note="facility size $20B (Dec 2025); ~$8.5B drawn per an unverified review: low"),
       A("Schedules", "SoftBank's Arm margin loan matures over 2027-2028", "maturity not in the facts; margin loans are short, so two years", figure="schedule")],
      low=8.5, schedule=even(2027, 2), note="Secured on Arm shares.")
    E("spacex", "spacex_creditors", "debt", 29.1,
      [F("bs.spacex.ltd-2026-03", note="long-term debt at 2026-03-31, incl. ~$18B of xAI debt brought into the merger"),
       A("Schedules", "SpaceX long-term debt matures evenly over 2026-2035", "no ladder in the facts", figure="schedule")],
      schedule=even(2026, 10))
    E("spacex", "spacex_creditors", "debt", 20.0,
      [F("debt.spacex.bond-20", note="~$20B debut IG bond after the IPO (June 2026), for Colossus 2 and other AI compute"),
       A("Schedules", "SpaceX's 2026 bond matures evenly over 2027-2036", "no ladder in the facts", figure="schedule")],
      schedule=even(2027, 10))
    E("xai_gpu_spv", "xai_spv_lenders", "debt", 12.5,
      [F("debt.xai-spv.12.5", note="'as much as $12.5 billion of debt'; repaid from the 5-year lease"),
       A("Schedules", "xAI SPV debt amortises over 2026-2030", "repaid from five years of lease payments", figure="schedule")],
      high=12.5, schedule=even(2026, 5), recovery=SPV_REC)
    E("vantage_spv", "vantage_lenders", "debt", 38.0,
      [F("debt.vantage.38", note="$23.25B (Shackelford TX) + $14.75B (Port Washington WI), senior secured"),
       A("Schedules", "SPV construction loans are repaid from the lease over its term", "refinanced into term debt on completion and repaid from Oracle's rents; 2027-2041", figure="schedule")],
      schedule=even(2027, 15), recovery=SPV_REC)
    E("abilene_spv", "abilene_lenders", "debt", 9.4,
      [F("debt.abilene.jpm-2.3"), F("debt.abilene.jpm-7.1"),
       D("9.4 = 2.3 + 7.1", ["debt.abilene.jpm-2.3", "debt.abilene.jpm-7.1"], "JPMorgan's two construction loans"),
       A("Schedules", "SPV construction loans are repaid from the lease over its term", "2026-2040, the 15-year Oracle lease", figure="schedule")],
      schedule=even(2026, 15), recovery=SPV_REC)
    E("hyperion_spv", "pimco", "debt", 18.0,
      [F("debt.hyperion.pimco", note="'Pimco hoovered up about 18 billion'"), F("debt.hyperion.bonds"),
       A("Schedules", "Hyperion bonds amortise over 2029-2049", "amortising notes due May 2049; the campus completes ~2029", figure="schedule")],
      schedule=even(2029, 21), recovery=SPV_REC)
    E("hyperion_spv", "hyperion_bondholders", "debt", 9.3,
      [F("debt.hyperion.bonds", note="$27.3B 144A senior secured amortising notes due 2049, A+ (S&P)"),
       D("9.3 = 27.3 - 18: the bonds not held by Pimco (BlackRock >$3B and others)", ["debt.hyperion.bonds", "debt.hyperion.pimco"], ""),
       A("Schedules", "Hyperion bonds amortise over 2029-2049", "amortising notes due May 2049", figure="schedule")],
      schedule=even(2029, 21), recovery=SPV_REC)
    E("cerebras", "openai", "debt", 1.0,
      [F("debt.openai-cerebras.loan", note="~$1B working-capital loan (Dec 2025) with warrants")],
      note="Below $10B; kept because both ends are nodes. No schedule in the facts: due in the as-of year.")

    # ================================================= leases (lessee -> lessor)
    LEASE_AMT = A("Leases", "a lease whose rent is undisclosed is valued at the financing its rents must repay",
                  "the rents must at least repay the vehicle's debt (and equity); the contractual rent total is undisclosed and larger, so the amount is a lower bound")
    E("oracle", "vantage_spv", "lease", 38.0,
      [F("debt.vantage.38", note="sites 'intended to be leased to Oracle for hosting its partner, OpenAI'"),
       F("lease.orcl.commitments-2025-11", figure="schedule", note="Oracle's not-yet-commenced leases: 15-19-year terms commencing FY26 Q3-FY2028"),
       LEASE_AMT, A("Schedules", "Oracle's new leases run 15 years from 2027", "15-19-year terms commencing by FY2028; 15 equal years from 2027", figure="schedule")],
      low=38.0, schedule=even(2027, 15))
    E("oracle", "abilene_spv", "lease", 15.0,
      [F("lease.oracle-abilene.15y", note="15 years, whole campus; rent undisclosed"), F("debt.abilene.jv-15", note="the JV's $15B debt-plus-equity financing"),
       LEASE_AMT, A("Schedules", "Abilene lease runs 15 years from 2026", "phase 2 energised mid-2026", figure="schedule")],
      low=15.0, schedule=even(2026, 15))
    E("oracle", "oracle_lessors", "lease", 195.0,
      [F("lease.orcl.commitments-2025-11", note="$248B of leases not yet commenced at 2025-11-30, 'substantially all related to data centers'"),
       D("195 = 248 - 38 (Vantage) - 15 (Abilene)", ["lease.orcl.commitments-2025-11", "debt.vantage.38", "debt.abilene.jv-15"],
         "the rest of Oracle's lease book after the two named vehicles; if Abilene had already commenced (it is then outside the 248) the rest is 210: high"),
       A("Schedules", "Oracle's new leases run 17 years from 2027", "15-19-year terms commencing FY26 Q3-FY2028; 17 equal years from 2027", figure="schedule")],
      high=210.0, schedule=even(2027, 17))
    E("meta", "hyperion_spv", "lease", 27.3,
      [F("lease.meta-hyperion", note="operating lease, 4-year initial term with extension options; rent undisclosed"),
       F("debt.hyperion.bonds", note="the $27.3B of bonds the rents service"), LEASE_AMT,
       A("Schedules", "Hyperion rents run 2029-2049", "from completion (~2029) to the bonds' final maturity (May 2049)", figure="schedule"),
       A("Leases", "Meta's 4-year initial Hyperion term is a 48-month notice", "Meta may leave at the end of its 4-year initial term: a walk-away costs at most ~4 years of rent, plus the residual value guarantee (the guarantee edge)", figure="notice_months")],
      schedule=even(2029, 21), notice_months=48)
    E("meta", "meta_lessors", "lease", 76.47,
      [F("lease.meta.not-commenced-2025-12", note="$103.77B of leases not yet commenced at 2025-12-31; whether Hyperion is included is not stated"),
       D("76.47 = 103.77 - 27.3, assuming the Hyperion leases (signed Oct 2025, not commenced) are inside the 103.77", ["lease.meta.not-commenced-2025-12", "debt.hyperion.bonds"],
         "avoids counting Hyperion twice; high 103.77 if they are not"),
       A("Schedules", "Meta's new leases run 15 years from 2027", "commencing 2026-2030, terms of 1-30 years", figure="schedule")],
      high=103.77, schedule=even(2027, 15))
    E("meta", "meta_lessors", "lease", 25.153,
      [F("bs.meta.oplease-2025-12", note="recorded operating lease liabilities (present value of commenced leases) at 2025-12-31"),
       F("lease.meta.not-commenced-2025-12", figure="schedule", note="undiscounted operating lease payments ~$3.2B a year 2026-2029"),
       A("Schedules", "Meta's commenced leases run 2026-2033", "eight equal years of ~3.1, close to the filed ~$3.2B a year", figure="schedule")],
      schedule=even(2026, 8), note="Leases already commenced; the edge above is those not yet commenced.")
    E("coreweave", "coreweave_lessors", "lease", 39.1,
      [F("lease.crwv.not-commenced-2025-09", note="$39.1B of undiscounted payments on leases executed but not commenced, 2025-09-30"),
       A("Schedules", "CoreWeave's new leases run 10 years from 2026", "commencing 2025-2029; data-centre initial terms 5-15 years", figure="schedule")],
      schedule=even(2026, 10))
    E("google_cloud", "alphabet_lessors", "lease", 58.5,
      [F("lease.goog.not-commenced-2025-12", note="future payments on data-centre leases not yet commenced, 2025-12-31"),
       A("Schedules", "Alphabet's new leases run 15 years from 2027", "commencing 2026-2031, terms up to 25 years", figure="schedule")],
      schedule=even(2027, 15))
    E("microsoft", "microsoft_lessors", "lease", 108.4,
      [F("lease.msft.not-commenced-2024-06", note="finance leases not yet commenced at 2024-06-30: STALE, the latest Microsoft figure in the facts"),
       A("Schedules", "Microsoft's new leases run 15 years from 2026", "commencing FY2025-FY2030, terms up to 20 years", figure="schedule")],
      schedule=even(2026, 15), note="Stale (Jun 2024); the figure has surely grown since.")
    E("spacex", "xai_gpu_spv", "lease", 20.0,
      [F("lease.xai-spv.5y", note="5-year GPU lease; rent undisclosed; now SpaceX's obligation"),
       F("debt.xai-spv.12.5", note="$7.5B equity + up to $12.5B debt that the rent must repay"), LEASE_AMT,
       A("Schedules", "xAI GPU lease evenly over 2026-2030", "five years from Oct 2025", figure="schedule")],
      low=20.0, schedule=even(2026, 5))

    # ================================================= guarantee
    E("meta", "hyperion_spv", "guarantee", 27.0,
      [F("guar.meta-hyperion.rvg", note="capped residual value guarantee over the first 16 years; the cap is NOT disclosed; 27 is the campus development cost, an upper reference"),
       A("Guarantees", "the Hyperion guarantee is set at its upper reference", "the most Meta can be called for is unknown but cannot sensibly exceed the campus cost (~$27B); the edge is therefore an upper bound - drop it (--drop-edge meta:hyperion_spv:guarantee) for the lower")],
      note="Exposes Meta when the SPV is distressed (obligor = the SPV).")

    # ================================================= equity (holder -> company)
    mv = A("Equity stakes", "amount = carrying value in the holder's books; market_value = the stake at the latest round or price",
           "--basis book uses amount, --basis market uses market_value; a stake bought before a round is worth its share of the pre-money, new money buys at the post-money")
    E("microsoft", "openai", "equity", 6.0,
      [F("equity.msft-openai.book-2025-06", note="Microsoft's total equity-method investments were under $6B at 2025-06-30: the carrying value"),
       D("high 6 + 5.9 = 11.9: + the net gain on OpenAI investments booked in the nine months to 2026-03-31", ["equity.msft-openai.book-2025-06", "equity.msft-openai.gain-9m"], "mainly a dilution gain at the recap"),
       F("equity.msft-openai.funded-11.8", note="cost reference: $11.8B funded of a $13B commitment"),
       D("market_value 27% x $730B pre-money = 197.1", ["equity.msft-openai.27pct", "valuation.openai.730"], "the ~27% held before the 2026 round, at the round's pre-money; $135B at the Oct 2025 recap (equity.msft-openai.135); 27.5% per Nikkei gives 200.75", figure="market_value"),
       mv],
      high=11.9, market_value=197.1, note="~27% of OpenAI Group PBC, equity method.")
    E("softbank", "openai", "equity", 99.4,
      [F("equity.softbank-openai.fv-2025-12", note="fair value $54.4B at 2025-12-31 on cost $34.6B: low"),
       F("equity.softbank-openai.gain", note="a further ~$25B stake-value increase booked in the Jan-Mar 2026 quarter (FT)"),
       F("sched.softbank-openai.tranche1"), F("sched.softbank-openai.tranche2"),
       D("99.4 = 54.4 + 25 + 10 + 10: fair value at Dec 2025, the Q1 2026 revaluation, tranches paid Apr and Jul 2026", ["equity.softbank-openai.fv-2025-12", "equity.softbank-openai.gain", "sched.softbank-openai.tranche1", "sched.softbank-openai.tranche2"],
         "SoftBank carries the stake at fair value; high 109.4 adds the third tranche (~Oct 2026, sched.softbank-openai.tranche3)"),
       D("market_value 13% x $852B = 110.76", ["equity.softbank-openai.13pct", "valuation.openai.852"], "cross-check 11% x 730 + 30 = 110.3 (equity.softbank-openai.11pct)", figure="market_value"),
       mv],
      low=54.4, high=109.4, market_value=110.76)
    E("nvidia", "openai", "equity", 30.0,
      [F("equity.nvidia-openai.30", note="pure equity in the 2026 round; replaced the unfinalised $100B LOI"),
       F("sched.nvidia-openai.30", note="three instalments over 2026, dates not found"),
       A("Equity stakes", "stakes bought in the latest round: market_value = cost", "bought at the round price, so the mark equals the cost", figure="market_value")],
      market_value=30.0)
    E("amazon", "openai", "equity", 15.0,
      [F("equity.amazon-openai.50", note="$15B upfront + $35B contingent"),
       F("equity.amazon-openai.contingent-35", note="high 50: if the June 2026 IPO filing triggered the $35B (not confirmed)"),
       A("Equity stakes", "stakes bought in the latest round: market_value = cost", "preferred bought at the 2026 round price", figure="market_value")],
      high=50.0, market_value=15.0)
    E("amazon", "anthropic", "equity", 82.4,
      [F("equity.amazon-anthropic.fv-2025-12", note="$45.8B convertible notes + $14.8B preferred = $60.6B at 2025-12-31: low"),
       F("equity.amazon-anthropic.gain-2026q1", note="+$16.8B pre-tax gains in Q1 2026"),
       F("equity.amazon-anthropic.25", note="+$5B invested Apr 2026; up to $20B more on milestones (contingent, excluded)"),
       D("82.4 = 60.6 + 16.8 + 5", ["equity.amazon-anthropic.fv-2025-12", "equity.amazon-anthropic.gain-2026q1", "equity.amazon-anthropic.25"], "carrying value after Q1 2026 and the April investment"),
       D("market_value 13% x $965B = 125.45", ["equity.google-anthropic.13pct", "valuation.anthropic.965"], "Amazon holds 'a similar position' to Alphabet's ~13%", figure="market_value"),
       mv],
      low=60.6, market_value=125.45)
    E("google_cloud", "anthropic", "equity", 45.05,
      [F("equity.google-anthropic.3", note="cost >$3B + $0.75B convertible"), F("equity.google-anthropic.40", note="+$10B upfront (Apr 2026); $30B more on milestones (contingent, excluded)"),
       D("low 13.75 = cost 3 + 0.75 + 10", ["equity.google-anthropic.3", "equity.google-anthropic.40"], "carrying value if nothing were revalued"),
       D("45.05 = cost 13.75 + half of Q1 2026 net income 62.6 (Anthropic marks were 'more than half' of it)", ["equity.google-anthropic.13pct", "corp.goog.rev-2026q1"],
         "Alphabet's carrying value is not disclosed; it revalues the stake on observable rounds; high 62.15 = 13.75 + all Q3 2025 equity gains 10.7 (equity.google-anthropic.gain-2025q3) + all Q1 2026 unrealised gains 37.7"),
       F("equity.google-anthropic.gain-2025q3"),
       D("market_value 13% x $965B = 125.45", ["equity.google-anthropic.13pct", "valuation.anthropic.965"], "", figure="market_value"),
       mv],
      low=13.75, high=62.15, market_value=125.45)
    E("microsoft", "anthropic", "equity", 5.0,
      [F("equity.msft-anthropic.5", note="up to $5B in the next round (Series G, Feb 2026); the split with Nvidia is reversed in one source"),
       D("market_value 5 x 965 / 380 = 12.70", ["equity.msft-anthropic.5", "valuation.anthropic.380", "valuation.anthropic.965"], "bought at the Series G post-money, marked to Series H", figure="market_value"),
       mv],
      market_value=12.7)
    E("nvidia", "anthropic", "equity", 10.0,
      [F("equity.nvidia-anthropic.10", note="up to $10B in the next round (Series G)"),
       D("market_value 10 x 965 / 380 = 25.39", ["equity.nvidia-anthropic.10", "valuation.anthropic.380", "valuation.anthropic.965"], "bought at the Series G post-money, marked to Series H", figure="market_value"),
       mv],
      market_value=25.39)
    E("nvidia", "coreweave", "equity", 5.0,
      [F("equity.nvidia-coreweave.stake", note="~7% via 24.3M shares worth ~$3B (Nov 2025)"), F("equity.nvidia-coreweave.2", note="+$2B at $87.20 (Jan 2026)"),
       D("5 = 3 + 2", ["equity.nvidia-coreweave.stake", "equity.nvidia-coreweave.2"], "marketable shares: carrying value = market value", figure="market_value")],
      market_value=5.0)
    E("nvidia", "nebius", "equity", 2.0,
      [F("bs.nebius.mcap-2026-05", note="'a $2B Nvidia equity investment in Nebius (2026)'"),
       A("Equity stakes", "stakes bought in the latest round: market_value = cost", "bought in 2026; no later mark", figure="market_value")],
      market_value=2.0)
    E("nvidia", "xai_gpu_spv", "equity", 2.0,
      [F("chip.nvidia-xai.2", note="up to $2B of equity in the GPU SPV"),
       A("Equity stakes", "stakes bought in the latest round: market_value = cost", "SPV equity, no mark", figure="market_value")],
      market_value=2.0)
    E("openai", "coreweave", "equity", 0.35,
      [F("equity.openai-coreweave.350m", note="received with the first contract, Mar 2025"),
       A("Equity stakes", "stakes bought in the latest round: market_value = cost", "no later mark in the facts", figure="market_value")],
      market_value=0.35)
    E("google_cloud", "google_tpu", "equity", tpu_buy,
      [F("chip.google-asic.2026", note="Google's ~$50B of 2026 custom-chip purchases, which size the segment's buffer and Alphabet's equity in it"),
       A("Google TPU segment", "Alphabet's equity in its TPU segment = the segment's buffer", "amount = market_value = google_tpu's buffer, so google_tpu's losses pass to Alphabet dollar for dollar", figure="market_value")],
      market_value=tpu_buy, note="Intra-Alphabet: the pass-through from the TPU segment to Alphabet.")

    settle_holders_and_spvs(g, holders, ("vantage_spv", "abilene_spv", "hyperion_spv", "xai_gpu_spv"))
    for k in ("xai_spv_lenders",):
        g.ids[k]["note"] = "Recourse is to the GPUs and the 5-year lease, not xAI's credit."

    out = g.finish()
    tables = make_tables(out, med, rlo, rhi, pairs)
    return out, tables


# ================================================================ README tables
FLOW_RELATIONS = {
    "compute_commitment", "compute_commitment_expansion", "compute_commitment_total", "compute_commitment_annual",
    "compute_commitment_schedule", "compute_commitment_terms", "compute_commitment_annual_average",
    "compute_commitment_talks", "capacity_backstop", "capacity_commitment", "chip_purchase", "chip_order",
    "chip_purchase_agreement", "chip_purchase_agreement_value", "chip_purchase_value_estimate", "chip_revenue_estimate",
    "chip_revenue_commitments", "custom_chip_spend_estimate", "chip_purchase_quarterly", "memory_supply_loi",
    "investment_and_supply_loi", "dedicated_cluster", "infrastructure_investment", "planned_investment",
    "total_infrastructure_obligations", "compute_spend_target", "cloud_service_commitment", "supply_related_commitments",
    "rpo_addition", "contractual_commitments_increase", "annual_revenue_estimate",
    "bond_issue", "bond_issue_investment_grade", "total_debt", "long_term_debt", "total_debt_and_obligations",
    "gross_debt_credit_view", "construction_loan", "senior_secured_construction_loan", "project_bond",
    "project_bond_holding", "project_financing_total", "bridge_loan_unsecured", "bridge_loan",
    "margin_loan_secured_on_arm_shares", "gpu_backed_spv_debt", "gpu_backed_delayed_draw_term_loan",
    "delayed_draw_term_loan_increment", "total_debt_principal", "senior_unsecured_notes", "convertible_notes",
    "debt_tied_to_counterparty", "private_credit_outstanding_projection", "private_credit_financing_estimate",
    "financing_gap_estimate", "financing_plan", "financing_raised_to_date", "revolving_credit_facility",
    "lease_commitments_not_commenced", "finance_leases_not_commenced", "operating_lease_liabilities",
    "operating_lease", "data_center_lease", "gpu_lease", "gpu_lease_financing", "lease_backstop_guarantee",
    "residual_value_guarantee",
}


def money(f):
    a = f["amount"] if f["amount"] is not None else f["high"]
    if a is None or f["currency"] != "USD":
        return None
    if f["unit"] == "trillion":
        return a * 1000
    if f["unit"] == "billion":
        return a
    return None


def fmt(x):
    return f"{x:g}" if x is not None else ""


def fig_sources(n, fig):
    return [s for s in n["sources"] if s.get("figure") == fig]


def describe(srcs):
    facts = [s for s in srcs if s["status"] != "assumption"]
    st = "/".join(dict.fromkeys(s["status"] for s in srcs))
    date = max((s["date"] for s in facts), default="")
    ids = fact_ids(srcs)
    shown = ", ".join(f"`{i}`" for i in ids[:4])
    if len(ids) > 4:
        shown += f" and {len(ids) - 4} more"
    return date, st, shown or "-"


def rng(lo, hi, x):
    if lo is None and hi is None:
        return f"{x:g}"
    return f"{x:g} ({fmt(lo) or fmt(x)}-{fmt(hi) or fmt(x)})"


def make_tables(g, med, rlo, rhi, pairs):
    t = {}
    rows = ["| id | kind | buffer (low-high) | buffer: date; status; facts | value (low-high) | value: date; status; facts | funding |",
            "|---|---|---|---|---|---|---|"]
    for n in g["nodes"]:
        lo, hi = n.get("low", {}), n.get("high", {})
        bd = describe(fig_sources(n, "buffer"))
        vd = describe(fig_sources(n, "value"))
        fu = n.get("funding")
        fus = ""
        if fu:
            fus = f"{fu['year']}: cash {fu['cash']:g}, revenue {fu['revenue']:g}, cost ratio {fu['cost_ratio']:g}"
            if fu.get("plan"):
                fus += ", plan " + ", ".join(f"{k} {v:g}" for k, v in fu["plan"].items())
            if fu.get("capital"):
                fus += ", capital " + ", ".join(f"{k} {v:g}" for k, v in fu["capital"].items())
        rows.append(f"| `{n['id']}` | {n['kind']} | {rng(lo.get('buffer'), hi.get('buffer'), n['buffer'])} | {bd[0]}; {bd[1]}; {bd[2]} | "
                    f"{rng(lo.get('value'), hi.get('value'), n['value'])} | {vd[0]}; {vd[1]}; {vd[2]} | {fus} |")
    t["nodes"] = "\n".join(rows) + "\n"

    rows = ["| # | from | to | kind | amount (low-high) | market_value | recovery | schedule | notice | date | status | facts |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for k, e in enumerate(g["edges"], 1):
        s = e.get("schedule")
        if s is None:
            ss = "-"
        elif "start" in s:
            ss = f"{s['start']}-{s['start'] + s['years'] - 1} even"
        else:
            ks = list(s)
            ss = f"{ks[0]}-{ks[-1]} map" if len(ks) > 1 else f"{ks[0]}"
        date, st, ids = describe([x for x in e["sources"] if x.get("figure") in (None,)] or e["sources"])
        rows.append(f"| {k} | `{e['from']}` | `{e['to']}` | {e['kind']} | {rng(e.get('low'), e.get('high'), e['amount'])} | "
                    f"{fmt(e.get('market_value'))} | {e.get('recovery', 0):g} | {ss} | {fmt(e.get('notice_months'))} | {date} | {st} | {ids} |")
    t["edges"] = "\n".join(rows) + "\n"

    # every $10B+ flow fact and what became of it
    cited = {}
    for e in g["edges"]:
        for i in fact_ids(e["sources"]):
            cited.setdefault(i, []).append(f"`{e['from']} -> {e['to']}` ({e['kind']})")
    for n in g["nodes"]:
        for i in fact_ids(n["sources"]):
            cited.setdefault(i, []).append(f"node `{n['id']}`")
        for a in n.get("attributes", {}).values():
            for i in fact_ids(a["sources"]):
                cited.setdefault(i, []).append(f"attribute of `{n['id']}`")
    rows = ["| fact | subject -> object | $B | in the graph as / why not an edge |", "|---|---|---|---|"]
    missing = []
    for fid, (f, rel) in FACTS.items():
        m = money(f)
        if f["relation"] not in FLOW_RELATIONS or m is None or m < 10:
            continue
        edges = [c for c in cited.get(fid, []) if "->" in c]
        why = EXCLUDED.get(fid)
        if edges and not why:
            treat = "edge " + ", ".join(dict.fromkeys(edges))
        elif why:
            treat = ("edge " + ", ".join(dict.fromkeys(edges)) + "; " if edges else "not an edge: ") + why
        else:
            missing.append(fid)
            continue
        rows.append(f"| `{fid}` | {f['subject']} -> {f['object'] or '-'} | {m:g} | {treat} |")
    if missing:
        raise SystemExit("no treatment for $10B+ facts: " + ", ".join(missing))
    t["facts10"] = "\n".join(rows) + "\n"

    # leverage on the book basis
    buf = {n["id"]: n["buffer"] for n in g["nodes"]}
    lev = []
    for e in g["edges"]:
        rec = e.get("recovery", 0.0)
        if e["kind"] in ("equity", "guarantee"):
            exposed, obligor = e["from"], e["to"]
        else:
            exposed, obligor = e["to"], e["from"]
        x = e["amount"] * (1 - rec)
        if buf[exposed] > 0:
            lev.append((x / buf[exposed], exposed, obligor, e["kind"], x))
    lev.sort(reverse=True)
    rows = ["| exposed <- obligor | kind | exposure | buffer | leverage |", "|---|---|---|---|---|"]
    for L, a, b, k, x in lev[:15]:
        rows.append(f"| `{a}` <- `{b}` | {k} | {x:g} | {buf[a]:g} | {L:.2f} |")
    t["leverage"] = "\n".join(rows) + "\n"

    rows = ["| node | book equity | value | ratio |", "|---|---|---|---|"]
    for k, (b, v) in sorted(pairs.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        rows.append(f"| `{k}` | {b:g} | {v:g} | {b / v:.4f} |")
    rows.append(f"\nMedian {med:.4f}, range {rlo:.4f}-{rhi:.4f}.\n")
    t["btm"] = "\n".join(rows)
    return t

EXCLUDED = {
    "seed.anthropic-total": "the sum of the two seed edges anthropic -> google_cloud (200) and anthropic -> amazon (100)",
    "commit.openai-total.1.4T": "OpenAI's total across all partners (Altman, Oct 2025), superseded by the $600B target; its parts are the commitment edges",
    "commit.openai-total.600": "a spend target to 2030 across all providers, not a contract; the contracts are the edges (its 2026 figure enters OpenAI's cost ratio)",
    "commit.stargate.500": "a planned investment by OpenAI, SoftBank, Oracle and MGX in Stargate LLC, not a contract between nodes; its financed sites are the Abilene and Vantage vehicles",
    "commit.anthropic-aws.rainier": "Amazon's own build for Anthropic; the claim on Anthropic is its AWS commitment (edge anthropic -> amazon)",
    "commit.anthropic-fluidstack.50": "Anthropic's own data-centre programme with Fluidstack, which has no figures in the facts (a node without a buffer defaults on any loss); Google's Fluidstack lease backstops ($3.2B + $1.4B) are below $10B",
    "commit.meta-q1-2026": "the Q1 2026 step-up of Meta's contractual commitments to unnamed providers; it overlaps Meta's named edges (Nebius, CoreWeave, AMD, Nvidia)",
    "commit.xai-oracle.10": "talks ended in 2024",
    "chip.nvidia-openai.loi": "a non-binding letter of intent, never finalised and replaced by Nvidia's $30B equity (edge nvidia -> openai)",
    "chip.broadcom-anthropic.mizuho": "an analyst estimate for 2027 that may be the same TPU capacity as the $200B Google Cloud commitment; the firm $21B for 2026 is the edge",
    "chip.aws-trainium.commitments": "commitments to Amazon's own chips by its cloud customers; they overlap the labs' AWS commitments (edges), so an attribute of amazon",
    "bs.orcl.debt-2025-08": "an earlier reading of the same debt, superseded by Barclays' Nov 2025 figure plus the Feb 2026 bond (attribute of oracle)",
    "sched.nvda-csp.total": "Nvidia's cloud-service agreements with CoreWeave, Lambda and others: only CoreWeave's $6.3B backstop has a named node (edge); Lambda ($1.5B) and the rest are unnamed (attribute of nvidia)",
    "plan.orcl.financing-raised": "capital raised, not an obligation: the $25B bond is in oracle -> oracle_bondholders, the $5B preferred in Oracle's high buffer",
    "plan.orcl.financing-2026": "a financing plan (capital in), not an obligation: Oracle's funding.capital 2026",
    "plan.orcl.raise-fy27": "a financing plan (capital in), not an obligation: Oracle's funding.capital 2027",
    "debt.openai-partners.100": "the FT's tally of OpenAI partners' debt; its parts are the SoftBank, Oracle, CoreWeave, Abilene and Vantage debt edges",
    "debt.private-credit.bis": "a market-wide projection (BIS), no counterparty",
    "debt.private-credit.ms-800": "a market-wide projection (Morgan Stanley), no counterparty",
    "debt.financing-gap.ms-1.5T": "a market-wide projection (Morgan Stanley), no counterparty",
    "lease.orcl.commitments-2025-08": "the Aug 2025 reading of Oracle's lease commitments, superseded by the Nov 2025 $248B",
    "chip.openai-memory.loi": "non-binding letters of intent without financial terms ($70B is an analyst estimate); Samsung and SK Hynix have no figures in the facts",
    "nvda.supply-commitments-2025-10": "Nvidia's commitments to its own suppliers (TSMC, memory makers), none of them a node; a secondary source",
}


# ================================================================ the Dec 2025 snapshot
def build_2025_12():
    """The economy as of Dec 31 2025, from the facts that describe Dec 2025 or earlier.

    Rule (README: The December 2025 snapshot): a deal or price enters if it was announced by
    2025-12-31; a balance-sheet figure enters if its balance-sheet date is 2025-12-31 or earlier,
    even when it was published in Jan-Feb 2026. Market values: the mid-January 2026 list is the
    nearest to the date; named exceptions otherwise. No funding objects: the labs' plans in the
    facts were published in 2026.
    """
    g = G("ai-infra-2025-12", "2025-12",
          "The AI-infrastructure economy as of Dec 31 2025: the same model as ai-infra-2026 (second edition), built only "
          "from facts that describe Dec 2025 or earlier (deals announced by 2025-12-31, balance sheets dated by then; "
          "market values from mid-January 2026, the nearest in the facts). USD billions. For comparison with the Nov 2026 "
          "graph; no funding objects. Sources in graphs/facts/; assumptions argued in graphs/README.md.")
    N, E = g.node, g.edge
    SNAP = A("The December 2025 snapshot", "snapshot rule: facts describing Dec 2025 or earlier",
             "a deal or price counts if announced by 2025-12-31, a balance sheet if dated by 2025-12-31; market values from the 2026-01-15 list, the nearest in the facts")
    pairs = {"microsoft": (390.9, 3400.0), "oracle": (24.67, 541.0), "google_cloud": (415.3, 4000.0),
             "amazon": (411.1, 2600.0), "nvidia": (125.443, 4550.0), "amd": (63.0, 320.0), "meta": (217.243, 1600.0)}
    med, rlo, rhi = btm_ratios(pairs)

    def btm(value):
        return value * med, {"buffer": value * rlo}, {"buffer": value * rhi}, btm_node_sources(None, med, rlo, rhi, pairs, value)

    VAL = A("Values", "value = market capitalisation or latest round (snapshot: mid-January 2026 where the facts allow)",
            "the snapshot's reference date is the 2026-01-15 list of the largest companies, two weeks after the snapshot date", figure="value")
    BOOK = A("Buffers", "buffer = book stockholders' equity from the latest balance sheet in the facts",
             "book equity at or before 2025-12-31", figure="buffer")
    JAN = "bs.tsmc.mcap-2026-01"

    N("openai", "OpenAI (OpenAI Group PBC)", "ai_lab", 41.0, 500.0,
      [F("equity.softbank-openai.41", "buffer", "the $41B round completed 2025-12-31 (SVF2 $30B + $11B syndicated)"),
       A("Buffers", "private labs: buffer = cash on hand net of contingent tranches", "the facts have no OpenAI cash figure at Dec 2025, so the round just completed is the capital most certainly on hand", figure="buffer"),
       F("valuation.openai.500", "value", "secondary sale at $500B (Oct 2025), the latest price before the 2026 round"), VAL, SNAP])
    N("anthropic", "Anthropic", "ai_lab", 13.0, 183.0,
      [F("valuation.anthropic.183", "buffer", "Series F $13B (Sep 2025), the latest round"),
       A("Buffers", "private labs: buffer = cash on hand net of contingent tranches", "the latest round's cash", figure="buffer"),
       F("valuation.anthropic.183", "value", "Series F post-money"), VAL, SNAP])
    b, lo, hi, srcs = btm(250.0)
    N("xai", "xAI (before the SpaceX merger)", "ai_lab", b, 250.0,
      srcs + [F("valuation.xai.250", "value", "valuation at the SpaceX acquisition (2026-02-09): the only xAI valuation in the facts, an exception five weeks after the snapshot date"), VAL, SNAP],
      low=lo, high=hi, note="Merged into SpaceX in Feb 2026; in the Nov 2026 graph its obligations sit with `spacex`.")
    N("meta", "Meta Platforms", "ai_lab", 217.243, 1600.0,
      [F("bs.meta.equity-2025-12", "buffer"), BOOK, F(JAN, "value", "Meta $1.6T on the 2026-01-15 list"), VAL, SNAP])
    N("microsoft", "Microsoft (Azure)", "cloud", 390.9, 3400.0,
      [F("corp.msft.equity-2025-12", "buffer"), BOOK, F("corp.msft.mcap-2026-01", "value", "mid-Jan 2026 ($3.39-3.56T)"), VAL, SNAP],
      low={"value": 3390.0}, high={"value": 3560.0},
      attributes={"backlog": attr(625.0, "2025-12-31", [F("rpo.msft.2025-12")])})
    N("oracle", "Oracle (OCI)", "cloud", 24.67, 541.0,
      [F("corp.orcl.equity-2025-08", "buffer"), BOOK,
       F("corp.orcl.mcap-2026-07", "value", "no Oracle market value before June 2026 in the facts: 541 (June 2026), an exception; Oracle had fallen ~46% in the six months to Mar 2026"), VAL, SNAP],
      attributes={"backlog": attr(523.0, "2025-11-30", [F("rpo.orcl.2025-11")])})
    N("google_cloud", "Alphabet (Google Cloud)", "cloud", 415.3, 4000.0,
      [F("corp.goog.equity-2025", "buffer"), BOOK, F("corp.goog.mcap-2026-01", "value"), VAL, SNAP],
      attributes={"backlog": attr(240.0, "2025-12-31", [F("rpo.goog.2025-12")])})
    N("amazon", "Amazon (AWS)", "cloud", 411.1, 2600.0,
      [F("corp.amzn.equity-2025-12", "buffer"), BOOK, F(JAN, "value", "Amazon $2.6T on the 2026-01-15 list ($2.55-2.65T in Jan 2026)"), VAL, SNAP],
      attributes={"backlog": attr(244.0, "2025-12-31", [F("rpo.aws.2025-12")])})
    b, lo, hi, srcs = btm(60.0)
    N("coreweave", "CoreWeave", "cloud", b, 60.0,
      srcs + [F("corp.crwv.mcap-2026-04", "value", "~$60B in Sep 2025 (Azzet), the latest before the snapshot"), VAL, SNAP], low=lo, high=hi,
      attributes={"backlog": attr(66.8, "2025-12-31", [F("rpo.coreweave.2025-12")])})
    b, lo, hi, srcs = btm(53.0)
    N("nebius", "Nebius Group", "cloud", b, 53.0,
      srcs + [F("bs.nebius.mcap-2026-05", "value", "no earlier Nebius market value in the facts: mid-May 2026, an exception"), VAL, SNAP], low=lo, high=hi)
    b, lo, hi, srcs = btm(14.6)
    N("nscale", "Nscale", "cloud", b, 14.6,
      srcs + [F("valuation.nscale.14.6", "value", "the only Nscale valuation in the facts (2026), an exception"), VAL, SNAP], low=lo, high=hi)
    N("nvidia", "Nvidia", "chip_vendor", 125.443, 4550.0,
      [D("buffer 161 - 26.075 - 7.468 - 2.014 = 125.443 at 2025-10-26", ["bs.nvda.cash-2025-10", "bs.nvda.debt-2025-10"],
         "upper bound of book equity from the FY26 Q3 10-Q; low 83.8 (2025-04-27)", figure="buffer"),
       F("corp.nvda.equity-2025-04", "buffer", "low"), BOOK, F("corp.nvda.mcap-2026-01", "value", "mid-Jan 2026"), VAL, SNAP],
      low={"buffer": 83.8, "value": 4530.0}, high={"value": 4600.0})
    N("amd", "AMD", "chip_vendor", 63.0, 320.0,
      [F("corp.amd.equity-2025-12", "buffer"), BOOK,
       F("corp.amd.mcap-2026-05", "value", "Feb 2026 reports ~$320-400B, the nearest to the snapshot"), VAL, SNAP], high={"value": 400.0})
    b, lo, hi, srcs = btm(1600.0)
    N("broadcom", "Broadcom", "chip_vendor", b, 1600.0,
      srcs + [F(JAN, "value", "Broadcom $1.6T on the 2026-01-15 list ($1.6-1.68T)"), VAL, SNAP], low=lo, high={**hi, "value": 1680.0})
    N("google_tpu", "Google TPU (segment of Alphabet)", "chip_vendor", 50.0, 0.0,
      [F("chip.google-asic.2026", "buffer", "sizes the segment"), A("Google TPU segment", "google_tpu buffer = its yearly TPU purchases from Broadcom", "as in the Nov 2026 graph", figure="buffer"),
       A("Google TPU segment", "google_tpu value 0", "inside Alphabet's value", figure="value"), SNAP])
    N("softbank", "SoftBank Group", "investor", 161.0, 161.0,
      [F("corp.softbank.mcap-2025-12", "buffer", "ADR-based $161B (Jan 9 2026); 23.26 trillion yen on Dec 1 2025"),
       A("Buffers", "SoftBank: buffer = market value", "fair-valued holding company; no book equity in the facts", figure="buffer"),
       F("corp.softbank.mcap-2025-12", "value"), VAL, SNAP])
    N("vantage_spv", "Vantage Data Centers SPVs (Frontier TX, Port Washington WI; for Oracle/OpenAI)", "spv", 3.0, 3.0,
      [F("debt.vantage.38", "buffer", "$3B of Silver Lake / DigitalBridge equity (Texas)"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "as in the Nov 2026 graph", figure="buffer")])
    N("abilene_spv", "Abilene JV (Crusoe, Blue Owl, Primary Digital; Stargate flagship)", "spv", 5.6, 5.6,
      [D("buffer 15 - 9.4 = 5.6", ["debt.abilene.jv-15", "debt.abilene.jpm-2.3", "debt.abilene.jpm-7.1"], "sponsor equity", figure="buffer"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "as in the Nov 2026 graph", figure="buffer")])
    N("hyperion_spv", "Beignet Investor LLC (Meta's Hyperion JV; Blue Owl 80% / Meta 20%)", "spv", 7.0, 7.0,
      [F("guar.meta-hyperion.rvg", "buffer", "Blue Owl contributed ~$7B cash"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "as in the Nov 2026 graph", figure="buffer")])
    N("xai_gpu_spv", "xAI GPU SPV (Colossus 2)", "spv", 7.5, 7.5,
      [F("debt.xai-spv.12.5", "buffer", "~$7.5B of equity"),
       A("SPVs", "sponsor equity: the first-loss part of the vehicle's funding", "as in the Nov 2026 graph", figure="buffer")])
    holders = {
        "oracle_bondholders": ("Oracle bondholders and lenders (grouped)", "lender"),
        "meta_bondholders": ("Meta bondholders (grouped)", "lender"),
        "alphabet_bondholders": ("Alphabet bondholders (grouped)", "lender"),
        "amazon_bondholders": ("Amazon bondholders (grouped)", "lender"),
        "coreweave_lenders": ("CoreWeave lenders (grouped)", "lender"),
        "softbank_lenders": ("SoftBank's banks (2025 bridge; Arm margin lenders)", "lender"),
        "xai_creditors": ("xAI lenders and noteholders (grouped)", "lender"),
        "xai_spv_lenders": ("xAI GPU SPV lenders (Apollo, Diameter Capital)", "lender"),
        "vantage_lenders": ("Vantage construction lenders (JPMorgan, MUFG and others)", "lender"),
        "abilene_lenders": ("Abilene construction lenders (JPMorgan-led)", "lender"),
        "pimco": ("Pimco (Hyperion bonds)", "lender"),
        "hyperion_bondholders": ("Other Hyperion bondholders (BlackRock and others)", "lender"),
        "oracle_lessors": ("Oracle's other data-centre lessors (grouped)", "spv"),
        "meta_lessors": ("Meta's data-centre and colocation lessors (grouped)", "spv"),
        "alphabet_lessors": ("Alphabet's data-centre lessors (grouped)", "spv"),
        "microsoft_lessors": ("Microsoft's data-centre lessors (grouped)", "spv"),
        "coreweave_lessors": ("CoreWeave's data-centre lessors (grouped)", "spv"),
    }
    for hid, (label, kind) in holders.items():
        N(hid, label, kind, 0.0, 0.0, [])

    SCH = A("Schedules", "snapshot schedules as in the Nov 2026 graph", "the same start years and terms as the Nov 2026 edges, for comparability", figure="schedule")
    SPV_REC = (0.0, A("SPVs", "an SPV's debt has recovery 0: the vehicle passes its asset loss pro rata to its funders",
                      "the vehicle's loss is already net of the recovery on its lease"))
    # compute
    E("openai", "microsoft", "compute_commitment", 281.0,
      [F("rpo.msft.openai-amount", note="45% x $625B RPO at 2025-12-31"), F("rpo.msft.openai-share"),
       F("commit.openai-microsoft.250", note="low: the $250B incremental commitment (Oct 2025)"), SCH],
      low=250.0, high=281.3, schedule=even(2026, 7))
    E("openai", "oracle", "compute_commitment", 300.0, [F("commit.openai-oracle.300"), F("commit.openai-oracle.30yr"), F("sched.openai-oracle.start", figure="schedule"), SCH], schedule=even(2027, 5))
    E("openai", "amazon", "compute_commitment", 38.0, [F("commit.openai-aws.38"), F("sched.openai-aws.38", figure="schedule"), SCH], schedule=even(2026, 7),
      note="Before the Feb 2026 $100B expansion.")
    E("openai", "coreweave", "compute_commitment", 22.4, [F("commit.openai-coreweave.22.4"), F("sched.openai-coreweave.terms", figure="schedule"), SCH], schedule=even(2026, 5))
    E("anthropic", "microsoft", "compute_commitment", 30.0, [F("commit.anthropic-microsoft.30"), SCH], schedule=even(2026, 5))
    E("anthropic", "google_tpu", "compute_commitment", 20.0,
      [F("commit.anthropic-google.tpu-2025"), F("commit.anthropic-google.bofa", figure="schedule"),
       D("20 = the lower end of 'tens of billions' at ~$10B a year", ["commit.anthropic-google.tpu-2025", "commit.anthropic-google.bofa"], "", figure="schedule")],
      low=10.0, schedule={"2026": 10.0, "2027": 10.0})
    E("meta", "coreweave", "compute_commitment", 14.2, [F("commit.meta-coreweave.14.2"), SCH], schedule=even(2026, 6))
    E("meta", "oracle", "compute_commitment", 20.0, [F("commit.meta-oracle.20"), F("rpo.orcl.meta-nvidia-q2"), SCH], high=68.0, schedule=even(2026, 5))
    E("meta", "google_cloud", "compute_commitment", 10.0, [F("commit.meta-google.10"), SCH], schedule=even(2026, 6))
    E("meta", "nebius", "compute_commitment", 2.9, [F("commit.meta-nebius.2.9"), SCH], schedule=even(2026, 5))
    E("microsoft", "nebius", "compute_commitment", 17.4, [F("commit.msft-nebius.17.4"), SCH], high=19.4, schedule=even(2027, 5))
    E("microsoft", "nscale", "compute_commitment", 23.0, [F("commit.msft-neocloud.60"), F("commit.msft-nscale.14"), F("commit.msft-nscale.24"), SCH],
      low=14.0, high=24.0, schedule=even(2026, 5))
    E("microsoft", "coreweave", "compute_commitment", 10.0, [F("commit.msft-coreweave.10"), SCH], schedule=even(2026, 5))
    E("nvidia", "coreweave", "compute_commitment", 6.3, [F("commit.nvidia-coreweave.6.3"), SCH], schedule=even(2026, 7))
    # chips
    E("openai", "amd", "chip_purchase", 15.0, [F("sched.openai-amd.binding-1gw"), F("chip.amd-openai.value"), SCH], high=90.0, schedule={"2026": 7.5, "2027": 7.5})
    E("anthropic", "nvidia", "chip_purchase", 20.0, [F("chip.nvidia-anthropic.1gw"), SCH], schedule={"2026": 10.0, "2027": 10.0})
    E("anthropic", "broadcom", "chip_purchase", 21.0, [F("chip.broadcom-anthropic.21"), A("Schedules", "Anthropic -> Broadcom due in 2026", "delivery late 2026", figure="schedule")], schedule={"2026": 21.0})
    E("meta", "nvidia", "chip_purchase", 14.0,
      [D("14 = 9% x ~$157B: Meta's share of Nvidia's annualised revenue, one year", ["chip.meta-nvidia.share"], "high 18 = 25% of Meta's 2025 capex"),
       A("Chip flows", "recurring chip flows are one year of purchases", "due in 2026", figure="schedule")],
      high=18.0, schedule={"2026": 14.0}, note="Before the Feb 2026 multiyear deal.")
    E("microsoft", "nvidia", "chip_purchase", 30.0, [F("chip.msft-nvidia.share"), A("Chip flows", "recurring chip flows are one year of purchases", "due in 2026", figure="schedule")], schedule={"2026": 30.0})
    E("oracle", "nvidia", "chip_purchase", 40.0, [F("commit.oracle-nvidia.abilene"), SCH], schedule={"2026": 40.0})
    E("google_tpu", "broadcom", "chip_purchase", 50.0, [F("chip.google-asic.2026"), A("Chip flows", "recurring chip flows are one year of purchases", "Google's 2026 custom-chip spend", figure="schedule")], schedule={"2026": 50.0})
    E("xai_gpu_spv", "nvidia", "chip_purchase", 18.0, [F("chip.xai-nvidia.18"), F("debt.xai-spv.12.5"), SCH], schedule={"2026": 18.0})
    # debt
    BONDS = A("Schedules", "corporate bonds without a maturity ladder in the facts mature evenly over 2026-2045", "as in the Nov 2026 graph", figure="schedule")
    E("oracle", "oracle_bondholders", "debt", 104.0, [F("debt.orcl.barclays-2025-11"), F("bs.orcl.debt-2025-11", note="high: 'total obligations exceeding $124B'"), BONDS], high=124.0, schedule=even(2026, 20))
    E("meta", "meta_bondholders", "debt", 58.744, [F("bs.meta.debt-2025-12"), BONDS], schedule=even(2026, 20))
    E("google_cloud", "alphabet_bondholders", "debt", 46.5, [F("bs.goog.ltd-2025-12"), BONDS], schedule=even(2026, 20))
    E("amazon", "amazon_bondholders", "debt", 15.0, [F("debt.amzn.bond-2025-11"), BONDS], low=12.0, schedule=even(2026, 20))
    E("coreweave", "coreweave_lenders", "debt", 21.4, [F("corp.crwv.debt"), SCH], schedule=even(2026, 6))
    E("softbank", "softbank_lenders", "debt", 7.5,
      [F("debt.softbank.bridge-8.5"), D("7.5 = 8.5 - 1 repaid by Nov 2025", ["debt.softbank.bridge-8.5"], ""),
       A("Schedules", "SoftBank's 2025 bridge matures in 2026", "a bridge tied to the OpenAI closing; maturity not in the facts", figure="schedule")],
      schedule={"2026": 7.5})
    E("softbank", "softbank_lenders", "debt", 20.0, [F("debt.softbank.arm-margin"), SCH], low=8.5, schedule=even(2027, 2))
    E("xai", "xai_creditors", "debt", 18.0,
      [F("bs.spacex.ltd-2026-03", note="'xAI brought ~$18B of debt into the merger' (Feb 2026)"),
       A("Schedules", "SpaceX long-term debt matures evenly over 2026-2035", "no ladder in the facts", figure="schedule")],
      schedule=even(2026, 10))
    E("xai_gpu_spv", "xai_spv_lenders", "debt", 12.5, [F("debt.xai-spv.12.5"), SCH], high=12.5, schedule=even(2026, 5), recovery=SPV_REC)
    E("vantage_spv", "vantage_lenders", "debt", 38.0, [F("debt.vantage.38"), SCH], schedule=even(2027, 15), recovery=SPV_REC)
    E("abilene_spv", "abilene_lenders", "debt", 9.4, [F("debt.abilene.jpm-2.3"), F("debt.abilene.jpm-7.1"), SCH], schedule=even(2026, 15), recovery=SPV_REC)
    E("hyperion_spv", "pimco", "debt", 18.0, [F("debt.hyperion.pimco"), SCH], schedule=even(2029, 21), recovery=SPV_REC)
    E("hyperion_spv", "hyperion_bondholders", "debt", 9.3,
      [F("debt.hyperion.bonds"), D("9.3 = 27.3 - 18", ["debt.hyperion.bonds", "debt.hyperion.pimco"], ""), SCH], schedule=even(2029, 21), recovery=SPV_REC)
    # leases
    LEASE_AMT = A("Leases", "a lease whose rent is undisclosed is valued at the financing its rents must repay", "a lower bound")
    E("oracle", "vantage_spv", "lease", 38.0, [F("debt.vantage.38"), F("lease.orcl.commitments-2025-11", figure="schedule"), LEASE_AMT, SCH], low=38.0, schedule=even(2027, 15))
    E("oracle", "abilene_spv", "lease", 15.0, [F("lease.oracle-abilene.15y"), F("debt.abilene.jv-15"), LEASE_AMT, SCH], low=15.0, schedule=even(2026, 15))
    E("oracle", "oracle_lessors", "lease", 195.0,
      [F("lease.orcl.commitments-2025-11"), D("195 = 248 - 38 - 15", ["lease.orcl.commitments-2025-11", "debt.vantage.38", "debt.abilene.jv-15"], "high 210"), SCH],
      high=210.0, schedule=even(2027, 17))
    E("meta", "hyperion_spv", "lease", 27.3,
      [F("lease.meta-hyperion"), F("debt.hyperion.bonds"), LEASE_AMT, SCH,
       A("Leases", "Meta's 4-year initial Hyperion term is a 48-month notice", "as in the Nov 2026 graph", figure="notice_months")],
      schedule=even(2029, 21), notice_months=48)
    E("meta", "meta_lessors", "lease", 76.47,
      [F("lease.meta.not-commenced-2025-12"), D("76.47 = 103.77 - 27.3", ["lease.meta.not-commenced-2025-12", "debt.hyperion.bonds"], "Hyperion assumed inside"), SCH],
      high=103.77, schedule=even(2027, 15))
    E("meta", "meta_lessors", "lease", 25.153, [F("bs.meta.oplease-2025-12"), SCH], schedule=even(2026, 8))
    E("coreweave", "coreweave_lessors", "lease", 39.1, [F("lease.crwv.not-commenced-2025-09"), SCH], schedule=even(2026, 10))
    E("google_cloud", "alphabet_lessors", "lease", 58.5, [F("lease.goog.not-commenced-2025-12"), SCH], schedule=even(2027, 15))
    E("microsoft", "microsoft_lessors", "lease", 108.4, [F("lease.msft.not-commenced-2024-06", note="stale (Jun 2024)"), SCH], schedule=even(2026, 15))
    E("xai", "xai_gpu_spv", "lease", 20.0, [F("lease.xai-spv.5y"), F("debt.xai-spv.12.5"), LEASE_AMT, SCH], low=20.0, schedule=even(2026, 5))
    E("meta", "hyperion_spv", "guarantee", 27.0,
      [F("guar.meta-hyperion.rvg"), A("Guarantees", "the Hyperion guarantee is set at its upper reference", "cap undisclosed")])
    # equity
    mv = A("Equity stakes", "amount = carrying value in the holder's books; market_value = the stake at the latest round or price", "as in the Nov 2026 graph")
    E("microsoft", "openai", "equity", 6.0,
      [F("equity.msft-openai.book-2025-06"), F("equity.msft-openai.135", figure="market_value", note="$135B at the Oct 2025 recap"), mv],
      market_value=135.0)
    E("softbank", "openai", "equity", 54.4,
      [F("equity.softbank-openai.fv-2025-12"),
       D("market_value 11% x $500B = 55", ["equity.softbank-openai.11pct", "valuation.openai.500"], "", figure="market_value"), mv],
      market_value=55.0)
    E("amazon", "anthropic", "equity", 60.6,
      [F("equity.amazon-anthropic.fv-2025-12", note="fair value $60.6B at 2025-12-31"),
       F("equity.amazon-anthropic.fv-2025-12", figure="market_value", note="a fair value, so also the market value"), mv], market_value=60.6)
    E("google_cloud", "anthropic", "equity", 3.75,
      [F("equity.google-anthropic.3", note="cost >$3B + $0.75B convertible"),
       F("equity.google-anthropic.gain-2025q3", note="high 14.45: + Q3 2025 equity gains 10.7, partly Anthropic"),
       D("market_value 14% x $183B = 25.62", ["equity.google-anthropic.14pct", "valuation.anthropic.183"], "", figure="market_value"), mv],
      high=14.45, market_value=25.62)
    E("nvidia", "coreweave", "equity", 3.0,
      [F("equity.nvidia-coreweave.stake", note="~7%, ~$3B (Nov 2025)"),
       F("equity.nvidia-coreweave.stake", figure="market_value", note="marketable shares: carrying = market")], market_value=3.0)
    E("nvidia", "xai_gpu_spv", "equity", 2.0, [F("chip.nvidia-xai.2"), A("Equity stakes", "stakes bought in the latest round: market_value = cost", "SPV equity, no mark", figure="market_value")], market_value=2.0)
    E("openai", "coreweave", "equity", 0.35, [F("equity.openai-coreweave.350m"), A("Equity stakes", "stakes bought in the latest round: market_value = cost", "no later mark in the facts", figure="market_value")], market_value=0.35)
    E("google_cloud", "google_tpu", "equity", 50.0,
      [F("chip.google-asic.2026", note="sizes the segment"),
       A("Google TPU segment", "Alphabet's equity in its TPU segment = the segment's buffer", "pass-through", figure="market_value")], market_value=50.0)
    holders_kinds = holders
    settle_holders_and_spvs(g, holders_kinds, ("vantage_spv", "abilene_spv", "hyperion_spv", "xai_gpu_spv"))
    return g.finish()


# @@END@@


def sketch_results(path):
    """Headline results of the reference sketch (sketch.py) for the README."""
    sys.path.insert(0, HERE)
    import sketch
    g = json.load(open(path))
    out = []
    for title, sc in (("`graph shock --node openai --haircut 0.5`", {"shocks": [{"node": "openai", "haircut": 0.5}]}),
                      ("`graph stall --node openai --growth 0`", {"stall": [{"node": "openai", "growth": 0.0}]})):
        for basis in ("book", "market"):
            sc2 = dict(sc, basis=basis)
            import contextlib
            import io
            with contextlib.redirect_stdout(io.StringIO()):
                net, s = sketch.run_scenario(g, sc2)
            tot = s["total_loss"]
            top = [r for r in s["rows"] if r[0] > 0][:6]
            mx = max(s["rows"], key=lambda r: r[0])
            out.append(f"**{title}, basis {basis}**: total_loss {tot:.1f}, impact {s['impact']:.4f}, "
                       f"{s['defaulted']} defaulted, {s['distressed']} distressed; largest single share "
                       f"`{mx[1]}` {mx[0] / tot:.1%}.\n")
            out.append("| node | loss (net of h(1)) | share of total | distress |\n|---|---|---|---|")
            for loss, i, h, _ in top:
                out.append(f"| `{i}` | {loss:.1f} | {loss / tot:.1%} | {h:.3f} |")
            out.append("")
    for basis in ("book", "market"):
        net = sketch.Net(g, basis)
        r = sketch.rank(net)
        zero = {n["id"] for n in g["nodes"] if n["buffer"] == 0 or n["value"] == 0}
        out.append(f"**`graph rank`, basis {basis}** (haircut 1, by impact): " + ", ".join(
            f"{k}. `{i}` {imp:.4f}{' (value 0)' if i in zero else ''}" for k, (imp, i) in enumerate(r[:7], 1)) + "\n")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    g26, tables26 = build_2026()
    g25 = build_2025_12()
    for g, fn in ((g26, "ai-infra-2026.json"), (g25, "ai-infra-2025-12.json")):
        with open(os.path.join(HERE, fn), "w") as fh:
            json.dump(g, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        print(f"wrote graphs/{fn}: {len(g['nodes'])} nodes, {len(g['edges'])} edges")
    tables26["results"] = sketch_results(os.path.join(HERE, "ai-infra-2026.json"))
    if os.path.exists(README):
        text = open(README).read()
        for key, body in tables26.items():
            pat = re.compile(rf"(<!-- BEGIN {key} -->\n).*?(<!-- END {key} -->)", re.S)
            if not pat.search(text):
                print(f"README has no markers for {key}", file=sys.stderr)
                continue
            text = pat.sub(lambda m: m.group(1) + body + m.group(2), text)
        open(README, "w").write(text)
        print("refreshed graphs/README.md tables")

#!/usr/bin/env python3
"""Checks the graphs, scenarios and fact copies (standard library only).

    python3 graphs/check.py            # exit 0 when every check passes

- every JSON file parses (graphs, scenarios, facts);
- graph structure: unique ids, known kinds and fields, edges between existing nodes, no self-loop,
  amount > 0, recovery in [0, 1], low <= figure <= high, market_value only on equity edges;
- every `schedule` sums to its edge's amount within 1e-9 relative (or is {start, years}); schedules
  and notice_months only on obligation edges;
- every figure has a source with title, ISO date and status; node figures (buffer, value,
  external_assets, external_liabilities, funding.*) and edge parts (schedule, notice_months,
  market_value) have a source naming them with `figure`;
- every `facts: <id>` cited exists in graphs/facts/*.json, cites a file under graphs/facts/, and no
  source points to a path outside the repository;
- every assumption names a section of graphs/README.md that exists;
- the seed's five commitments are exact in the default graph;
- every $10B+ commitment, chip, debt, lease or guarantee fact is named in README.md;
- the facts' JSON and Markdown copies hold the same ids;
- scenario files use the agreed keys and name existing nodes and edges.
"""
import glob
import json
import os
import re
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FACTS_DIR = os.path.join(ROOT, "graphs", "facts")
README = os.path.join(HERE, "README.md")
GRAPHS = [os.path.join(HERE, "ai-infra-2026.json"), os.path.join(HERE, "ai-infra-2025-12.json")]
DEFAULT = GRAPHS[0]

NODE_KINDS = {"ai_lab", "cloud", "chip_vendor", "investor", "lender", "spv", "company", "bank", "other"}
EDGE_KINDS = {"compute_commitment", "chip_purchase", "debt", "revenue", "equity", "lease", "guarantee"}
NODE_FIELDS = {"id", "label", "kind", "buffer", "external_assets", "external_liabilities", "value", "low", "high",
               "funding", "sources", "attributes", "note"}
EDGE_FIELDS = {"from", "to", "kind", "amount", "recovery", "low", "high", "market_value", "schedule",
               "notice_months", "sources", "note"}
SOURCE_FIELDS = {"title", "url", "date", "status", "figure", "note"}
ATTR_FIELDS = {"value", "date", "unit", "sources", "note"}
FUNDING_FIELDS = {"year", "cash", "revenue", "plan", "cost_ratio", "capital"}
TOP_FIELDS = {"format", "name", "description", "as_of", "currency", "unit", "kinds", "nodes", "edges"}
STATUSES = {"firm", "reported", "estimate", "assumption"}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
SEED = {("openai", "microsoft"): 280.0, ("openai", "oracle"): 300.0, ("openai", "amazon"): 138.0,
        ("anthropic", "google_cloud"): 200.0, ("anthropic", "amazon"): 100.0}
SCENARIO_KEYS = {"name", "description", "model", "basis", "shocks", "edges", "stall", "policy", "from", "to", "overrides"}
OVERRIDE_KEYS = {"recovery", "buffer", "value", "drop", "drop_edge"}
STALL_KEYS = {"node", "growth", "plan", "plan_scale", "funding"}

problems = []
sys.path.insert(0, HERE)
from build import FLOW_RELATIONS  # noqa: E402  (the relations of commitment, chip, debt, lease and guarantee facts)


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def load_json(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        bad(os.path.relpath(path, ROOT), f"does not parse: {exc}")
        return None


# ---------------------------------------------------------------- facts
FACT_IDS = {}
for path in sorted(glob.glob(os.path.join(FACTS_DIR, "*.json"))):
    data = load_json(path)
    if data is None:
        continue
    rel = os.path.relpath(path, ROOT)
    for f in data:
        if f["id"] in FACT_IDS:
            bad(rel, f"duplicate fact id {f['id']}")
        FACT_IDS[f["id"]] = (f, rel)
    md = path[:-5] + ".md"
    if not os.path.exists(md):
        bad(rel, "no Markdown copy beside it")
    else:
        md_ids = set(re.findall(r"^\| ([a-z][a-zA-Z0-9_.\-]*) \| ", open(md).read(), re.M)) - {"id", "node", "commitment", "Provider"}
        json_ids = {f["id"] for f in data}
        if md_ids != json_ids:
            bad(os.path.relpath(md, ROOT), f"ids differ from the JSON: only in md {sorted(md_ids - json_ids)[:5]}, only in json {sorted(json_ids - md_ids)[:5]}")

readme_text = open(README).read() if os.path.exists(README) else ""
readme_sections = set(re.findall(r"^#{2,4} (.+?)\s*$", readme_text, re.M))


def check_source(where, s, figures_seen, edge=False):
    if not isinstance(s, dict):
        bad(where, "source is not an object")
        return
    extra = set(s) - SOURCE_FIELDS
    if extra:
        bad(where, f"unknown source fields {sorted(extra)}")
    if not s.get("title"):
        bad(where, "source without title")
    if not DATE.match(str(s.get("date", ""))):
        bad(where, f"source date {s.get('date')!r} is not ISO 8601")
    if s.get("status") not in STATUSES:
        bad(where, f"source status {s.get('status')!r}")
    note = s.get("note", "")
    for text in (note, s.get("title", ""), s.get("url", "")):
        if "/work/" in text or "shared/data" in text:
            bad(where, f"source points outside the repository: {text[:80]}")
    m = re.match(r"facts: ([^;]+)", note)
    if m:
        for tok in m.group(1).split(", "):
            tok = tok.strip()
            mm = re.match(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)(?: \((graphs/facts/[^)]+)\))?$", tok)
            if not mm:
                bad(where, f"cannot read fact reference {tok!r}")
                continue
            fid, path = mm.group(1), mm.group(2)
            if fid not in FACT_IDS:
                bad(where, f"cites unknown fact {fid}")
            elif path is None:
                bad(where, f"fact {fid} cited without its graphs/facts/ file")
            elif path != FACT_IDS[fid][1]:
                bad(where, f"fact {fid} cited in {path}, but it lives in {FACT_IDS[fid][1]}")
    elif "facts:" in note:
        bad(where, "malformed facts reference")
    if s.get("status") == "assumption":
        m = re.search(r"\(graphs/README\.md - (.+)\)$", s.get("title", ""))
        if not m:
            bad(where, "assumption source does not name its README section")
        elif m.group(1) not in readme_sections:
            bad(where, f"README has no section {m.group(1)!r}")
    elif s.get("status") in STATUSES and not m and not s.get("title", "").startswith("Derived from the facts"):
        bad(where, "non-assumption source does not cite a fact id")
    if s.get("figure"):
        figures_seen.add(s["figure"])


def check_range(where, lo, hi, x):
    if lo is not None and not lo <= x + 1e-12:
        bad(where, f"low {lo} > figure {x}")
    if hi is not None and not x <= hi + 1e-12:
        bad(where, f"figure {x} > high {hi}")


def check_graph(path):
    rel = os.path.relpath(path, ROOT)
    g = load_json(path)
    if g is None:
        return None
    extra = set(g) - TOP_FIELDS
    if extra:
        bad(rel, f"unknown top-level fields {sorted(extra)}")
    if not DATE.match(g.get("as_of", "")):
        bad(rel, "as_of is not ISO 8601")
    ids = {}
    for n in g["nodes"]:
        w = f"{rel} node {n.get('id')}"
        if n.get("id") in ids:
            bad(w, "duplicate id")
        ids[n["id"]] = n
        if not re.match(r"^[a-z0-9][a-z0-9_.\-]*$", n["id"]):
            bad(w, "id not lowercase [a-z0-9_.-]")
        extra = set(n) - NODE_FIELDS
        if extra:
            bad(w, f"unknown fields {sorted(extra)}")
        if n.get("kind") not in NODE_KINDS:
            bad(w, f"kind {n.get('kind')!r}")
        seen = set()
        for s in n.get("sources", []):
            check_source(w, s, seen)
        for fig in ("buffer", "value", "external_assets", "external_liabilities"):
            if fig not in n:
                bad(w, f"no {fig}")
                continue
            if not (isinstance(n[fig], (int, float)) and n[fig] >= 0):
                bad(w, f"{fig} must be a number >= 0")
            if fig not in seen:
                bad(w, f"{fig} has no source naming it")
            check_range(f"{w} {fig}", n.get("low", {}).get(fig), n.get("high", {}).get(fig), n[fig])
        for side in ("low", "high"):
            for k in n.get(side, {}):
                if k not in ("buffer", "value", "external_assets", "external_liabilities"):
                    bad(w, f"{side} has unknown field {k}")
        fu = n.get("funding")
        if fu is not None:
            extra = set(fu) - FUNDING_FIELDS
            if extra:
                bad(w, f"unknown funding fields {sorted(extra)}")
            for k in ("year", "cash", "revenue", "cost_ratio"):
                if k not in fu:
                    bad(w, f"funding without {k}")
            for k in fu:
                if k != "year" and f"funding.{k}" not in seen:
                    bad(w, f"funding.{k} has no source naming it")
            for k in ("plan", "capital"):
                for y, v in fu.get(k, {}).items():
                    if not re.match(r"^\d{4}$", y) or not isinstance(v, (int, float)):
                        bad(w, f"funding.{k} entry {y}: {v}")
            if not 0 <= fu.get("cost_ratio", 0) <= 1:
                bad(w, "cost_ratio outside [0, 1]")
        for name, a in n.get("attributes", {}).items():
            extra = set(a) - ATTR_FIELDS
            if extra:
                bad(f"{w} attribute {name}", f"unknown fields {sorted(extra)}")
            if not a.get("sources"):
                bad(f"{w} attribute {name}", "no source")
            for s in a.get("sources", []):
                check_source(f"{w} attribute {name}", s, set())
    for k, e in enumerate(g["edges"], 1):
        w = f"{rel} edge {k} {e.get('from')}->{e.get('to')} ({e.get('kind')})"
        extra = set(e) - EDGE_FIELDS
        if extra:
            bad(w, f"unknown fields {sorted(extra)}")
        if e.get("from") not in ids or e.get("to") not in ids:
            bad(w, "end is not a node")
        if e.get("from") == e.get("to"):
            bad(w, "self-loop")
        kind = e.get("kind", "debt")
        if kind not in EDGE_KINDS:
            bad(w, f"kind {kind!r}")
        amt = e.get("amount")
        if not (isinstance(amt, (int, float)) and amt > 0):
            bad(w, "amount must be > 0")
            continue
        if not 0 <= e.get("recovery", 0) <= 1:
            bad(w, "recovery outside [0, 1]")
        if kind != "equity" and "recovery" not in e:
            bad(w, "no recovery")
        check_range(w, e.get("low"), e.get("high"), amt)
        if e.get("low") is not None and e["low"] <= 0:
            bad(w, "low must be > 0")
        seen = set()
        if not e.get("sources"):
            bad(w, "no source")
        for s in e.get("sources", []):
            check_source(w, s, seen, edge=True)
        if not any(s["status"] != "assumption" and not s.get("figure") for s in e.get("sources", [])):
            bad(w, "no fact or derived source backs the amount (every non-assumption source names another figure)")
        if "market_value" in e:
            if kind != "equity":
                bad(w, "market_value on a non-equity edge")
            if "market_value" not in seen:
                bad(w, "market_value has no source naming it")
        s = e.get("schedule")
        if s is not None:
            if kind in ("equity", "guarantee"):
                bad(w, "schedule on a non-obligation edge")
            if "start" in s or "years" in s:
                if set(s) != {"start", "years"} or not isinstance(s["years"], int) or s["years"] < 1:
                    bad(w, f"bad schedule shorthand {s}")
            else:
                if not all(re.match(r"^\d{4}$", y) for y in s):
                    bad(w, f"schedule years {list(s)}")
                tot = sum(s.values())
                if abs(tot - amt) > 1e-9 * abs(amt):
                    bad(w, f"schedule sums to {tot!r}, amount {amt!r}")
            if "schedule" not in seen:
                bad(w, "schedule has no source naming it")
        if "notice_months" in e:
            if kind in ("equity", "guarantee") or not isinstance(e["notice_months"], int) or e["notice_months"] < 0:
                bad(w, "bad notice_months")
            if "notice_months" not in seen:
                bad(w, "notice_months has no source naming it")
    return g


graphs = {p: check_graph(p) for p in GRAPHS}
g26 = graphs[DEFAULT]

# ---------------------------------------------------------------- default-graph requirements
if g26:
    if len(g26["nodes"]) < 35:
        bad("ai-infra-2026.json", f"only {len(g26['nodes'])} nodes (< 35)")
    for (a, b), amt in SEED.items():
        es = [e for e in g26["edges"] if e["from"] == a and e["to"] == b and e["kind"] == "compute_commitment"]
        if len(es) != 1 or es[0]["amount"] != amt:
            bad("ai-infra-2026.json", f"seed commitment {a}->{b} is not exactly one edge of {amt}: {[e['amount'] for e in es]}")
        elif not any("seed." in s.get("note", "") for s in es[0]["sources"]):
            bad("ai-infra-2026.json", f"seed commitment {a}->{b} does not cite the seed fact")
    for n in g26["nodes"]:
        if n["id"] in ("openai", "anthropic", "spacex") and "funding" not in n:
            bad("ai-infra-2026.json", f"{n['id']} has no funding")
    ids = {n["id"] for n in g26["nodes"]}
    if "google_tpu" in ids:
        tpu = next(n for n in g26["nodes"] if n["id"] == "google_tpu")
        if tpu["kind"] != "chip_vendor" or tpu["value"] != 0:
            bad("google_tpu", "must be a chip_vendor with value 0")
        if not any(e["from"] == "google_cloud" and e["to"] == "google_tpu" and e["kind"] == "equity" for e in g26["edges"]):
            bad("google_tpu", "no equity edge google_cloud -> google_tpu")
    if "public_shareholders" in ids:
        bad("ai-infra-2026.json", "catch-all shareholders node present")

# every $10B+ flow fact is named in the README (as an edge or with the reason it is not one)
for fid, (f, rel) in FACT_IDS.items():
    a = f["amount"] if f["amount"] is not None else f["high"]
    if a is None or f["currency"] != "USD" or f["unit"] not in ("billion", "trillion"):
        continue
    if (a * (1000 if f["unit"] == "trillion" else 1)) < 10 or f["relation"] not in FLOW_RELATIONS:
        continue
    if f"`{fid}`" not in readme_text:
        bad("README.md", f"$10B+ fact {fid} is not named")

# ---------------------------------------------------------------- scenarios
if g26:
    node_ids = {n["id"]: n for n in g26["nodes"]}
    edge_keys = {(e["from"], e["to"], e["kind"]) for e in g26["edges"]}
    for path in sorted(glob.glob(os.path.join(HERE, "scenarios", "*.json"))):
        rel = os.path.relpath(path, ROOT)
        sc = load_json(path)
        if sc is None:
            continue
        extra = set(sc) - SCENARIO_KEYS
        if extra:
            bad(rel, f"unknown keys {sorted(extra)}")
        if not sc.get("name"):
            bad(rel, "no name")
        if os.path.basename(path) != sc.get("name", "") + ".json":
            bad(rel, "file name differs from the scenario name")
        if not sc.get("description"):
            bad(rel, "no description")
        if sc.get("stall") and (sc.get("shocks") or sc.get("edges")):
            bad(rel, "both a stall and a shock scenario")
        if not (sc.get("stall") or sc.get("shocks") or sc.get("edges")):
            bad(rel, "neither stall nor shocks nor edges")
        if sc.get("basis", "book") not in ("book", "market"):
            bad(rel, "basis")
        if sc.get("model", "debtrank") not in ("debtrank", "debtrank-classic", "threshold", "eisenberg-noe"):
            bad(rel, "model")
        if sc.get("policy", "default") not in ("default", "pro-rata"):
            bad(rel, "policy")
        for s in sc.get("shocks", []):
            if s.get("node") not in node_ids or not 0 <= s.get("haircut", -1) <= 1:
                bad(rel, f"bad shock {s}")
        for e in sc.get("edges", []):
            if (e.get("from"), e.get("to"), e.get("kind")) not in edge_keys or not 0 <= e.get("haircut", -1) <= 1:
                bad(rel, f"bad edge shock {e}")
        for s in sc.get("stall", []):
            if set(s) - STALL_KEYS:
                bad(rel, f"unknown stall keys {sorted(set(s) - STALL_KEYS)}")
            if s.get("node") not in node_ids or "funding" not in node_ids[s["node"]]:
                bad(rel, f"stall node {s.get('node')} has no funding")
            if "growth" in s and s.get("plan"):
                bad(rel, "growth and plan together")
            if set(s.get("funding", {})) - FUNDING_FIELDS:
                bad(rel, "unknown funding override fields")
        ov = sc.get("overrides", {})
        if set(ov) - OVERRIDE_KEYS:
            bad(rel, f"unknown override keys {sorted(set(ov) - OVERRIDE_KEYS)}")
    for n in glob.glob(os.path.join(HERE, "scenarios", "*.json")):
        if f"`{os.path.basename(n)[:-5]}`" not in open(os.path.join(HERE, "scenarios", "README.md")).read():
            bad("scenarios/README.md", f"does not document {os.path.basename(n)}")

if problems:
    for p in problems:
        print(p)
    print(f"\n{len(problems)} problem(s)")
    sys.exit(1)
counts = {os.path.basename(p): (len(g["nodes"]), len(g["edges"])) for p, g in graphs.items() if g}
print(f"ok: {counts}, {len(FACT_IDS)} facts, {len(glob.glob(os.path.join(HERE, 'scenarios', '*.json')))} scenarios")

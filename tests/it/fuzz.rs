//! Structure-aware fuzzing on stable Rust (issue 13, item 6), with a fixed seed and a bounded
//! number of cases (a few seconds in the debug test build): arbitrary bytes, and valid graphs
//! (JSON, CSV edge list + nodes) and scenario files mutated at the byte, token and structure
//! level, fed to the library's loaders (`shockgraph::io::*`) and to a few runs of the CLI.
//!
//! Properties: nothing panics; an error carries a place (the file's name, and a line or a JSON
//! path for a problem inside it); a graph that loads gives `shock` (every model), `rank` and
//! `stall` results whose every reported figure is finite, and the CLI exits 0, 1 or 2 with no
//! panic, never printing a non-finite number. The same loaders are cargo-fuzz targets in
//! `fuzz/` for longer runs on nightly.

use std::io::Cursor;

use serde_json::{json, Value};
use shockgraph::analysis::{self, Centralities, Growth, Policy, SortBy, StallSpec};
use shockgraph::io::csv::CsvInput;
use shockgraph::io::scenario::Scenario;
use shockgraph::report::{self, finite};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};
use shockgraph::{Error, Network, NodeId};

use crate::common::{file, graph};

/// A small deterministic generator (xorshift64*): the cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Numbers at the edges of what the models and double precision handle.
const NUMBERS: [&str; 16] = [
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1e308",
    "1.7e308",
    "-1.7e308",
    "5e-324",
    "1e-320",
    "1e999",
    "2200",
    "1899",
    "4294967296",
    "0.999999999999",
    "123456789012345678901234567890",
];

/// Text that stresses the readers: control characters, quotes, separators, long and empty.
const TEXTS: [&str; 10] = [
    "",
    "a",
    "A",
    "\u{1b}[31m",
    "\u{7}",
    "a\"b",
    "a,b",
    "=cmd()",
    "\u{feff}x",
    "é\u{0}",
];

const SEED_GRAPH: &str = r#"{"format":"shockgraph/1","name":"fuzz","as_of":"2026-11","unit":"billion",
"kinds":{"edges":{"royalty":{"exposed":"to"}},"nodes":{"fund":{}}},
"nodes":[
 {"id":"a","kind":"ai_lab","buffer":10,"external_assets":50,"external_liabilities":5,"value":20,
  "low":{"buffer":5},"high":{"buffer":15},
  "sources":[{"title":"t","date":"2026-11","status":"firm","figure":"buffer"}],
  "attributes":{"revenue":{"value":3,"date":"2026"}},
  "funding":{"year":2026,"cash":10,"revenue":20,"plan":{"2027":30,"2028":40},"cost_ratio":0.2,"capital":{"2027":5}}},
 {"id":"b","kind":"cloud","buffer":5,"external_assets":40,"value":8},
 {"id":"c","kind":"fund","buffer":2,"external_assets":10},
 {"id":"d","buffer":1,"external_assets":3}],
"edges":[
 {"from":"a","to":"b","kind":"compute_commitment","amount":30,"recovery":0.1,"schedule":{"2027":10,"2028":20},"notice_months":6},
 {"from":"b","to":"c","amount":12,"low":10,"high":14},
 {"from":"c","to":"a","kind":"equity","amount":4,"market_value":6},
 {"from":"a","to":"d","kind":"royalty","amount":2,"schedule":{"start":2027,"years":2}},
 {"from":"d","to":"b","kind":"guarantee","amount":1}]}"#;

const SEED_EDGES: &str = "from,to,amount,kind,recovery\na,b,30,compute_commitment,0.1\nb,c,12,debt,0\nc,a,4,equity,\na,d,2,debt,0.5\n";
const SEED_NODES: &str = "id,kind,buffer,external_assets,external_liabilities,value,label\na,ai_lab,10,50,5,20,Lab A\nb,cloud,5,40,,8,Cloud\nc,other,2,10,,,\nd,bank,1,3,0,1,\"Bank, D\"\n";

const SEED_SCENARIOS: [&str; 3] = [
    r#"{"name":"s","model":"debtrank","shocks":[{"node":"a","haircut":0.5},{"node":"b","haircut":1}],"alpha":1,"beta":1}"#,
    r#"{"name":"e","model":"eisenberg-noe","edges":[{"from":"a","to":"b","kind":"compute_commitment","haircut":0.5}],"basis":"market","overrides":{"recovery":{"debt":0.2}}}"#,
    r#"{"name":"st","model":"debtrank","policy":"pro-rata","stall":[{"node":"a","growth":-0.5}]}"#,
];

// ------------------------------------------------------------------------------- mutations

/// A byte-level mutation: flip, insert, delete, duplicate or truncate.
fn mutate_bytes(r: &mut Rng, mut b: Vec<u8>) -> Vec<u8> {
    const BYTES: &[u8] = b"{}[]\",:-+.eE019\n\r\t \\\x00\x1b\xff\xef\xbb\xbf";
    for _ in 0..=r.below(3) {
        let at = r.below(b.len() + 1);
        match r.below(5) {
            0 if at < b.len() => b[at] = *r.pick(BYTES),
            1 => b.insert(at.min(b.len()), *r.pick(BYTES)),
            2 if at < b.len() => {
                let end = (at + 1 + r.below(16)).min(b.len());
                b.drain(at..end);
            }
            3 if at < b.len() => {
                let end = (at + 1 + r.below(32)).min(b.len());
                let piece = b[at..end].to_vec();
                let to = r.below(b.len() + 1);
                b.splice(to..to, piece);
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// A structure-level mutation of a JSON value: a leaf replaced by an edge-case number or text,
/// a key removed, an array element duplicated, or a node's id copied to another place.
fn mutate_value(r: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = r.pick(&keys).clone();
            match r.below(6) {
                0 if depth > 0 => {
                    m.remove(&k);
                }
                1 => {
                    m.insert(format!("{k}x"), json!(1));
                }
                _ => mutate_value(r, m.get_mut(&k).expect("key"), depth + 1),
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = r.below(a.len());
            match r.below(5) {
                0 => {
                    let dup = a[i].clone();
                    a.push(dup);
                }
                1 => {
                    a.remove(i);
                }
                _ => mutate_value(r, &mut a[i], depth + 1),
            }
        }
        _ => {
            *v = match r.below(4) {
                0 | 1 => {
                    serde_json::from_str(NUMBERS[r.below(NUMBERS.len())]).unwrap_or(json!(1e308))
                }
                2 => json!(r.pick(&TEXTS)),
                _ => json!(null),
            };
        }
    }
}

/// Serialises `v`, then rewrites one number token as an edge-case spelling (`1e999`,
/// a 30-digit integer) that `serde_json::Value` cannot hold.
fn json_text(r: &mut Rng, v: &Value) -> String {
    let s = v.to_string();
    if r.below(3) > 0 {
        return s;
    }
    let digits: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| {
            c.is_ascii_digit() && (i == 0 || !s.as_bytes()[i - 1].is_ascii_alphanumeric())
        })
        .map(|(i, _)| i)
        .collect();
    if digits.is_empty() {
        return s;
    }
    let at = *r.pick(&digits);
    let end = s[at..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-'))
        .map_or(s.len(), |k| at + k);
    format!("{}{}{}", &s[..at], r.pick(&NUMBERS), &s[end..])
}

/// A CSV mutation: a cell replaced, a line duplicated, removed or given an extra cell.
fn mutate_csv(r: &mut Rng, text: &str) -> String {
    let mut lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    for _ in 0..=r.below(2) {
        let i = r.below(lines.len());
        match r.below(5) {
            0 => {
                let dup = lines[i].clone();
                lines.push(dup);
            }
            1 if lines.len() > 1 => {
                lines.remove(i);
            }
            2 => lines[i].push((*r.pick(&NUMBERS)).to_string()),
            _ => {
                let c = r.below(lines[i].len());
                lines[i][c] = if r.below(2) == 0 {
                    (*r.pick(&NUMBERS)).to_string()
                } else {
                    (*r.pick(&TEXTS)).to_string()
                };
            }
        }
    }
    let mut out: String = lines
        .iter()
        .map(|l| l.join(","))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    if r.below(4) == 0 {
        out = String::from_utf8_lossy(&mutate_bytes(r, out.into_bytes())).into_owned();
    }
    out
}

// ------------------------------------------------------------------------------- properties

/// An error of a loader names the file, and each problem a place inside it.
fn assert_placed(e: &Error, file: &str, input: &str) {
    match e {
        Error::InvalidInput { file: f, problems } => {
            assert_eq!(f, file, "{input:?}");
            assert!(!problems.is_empty(), "no problem listed for {input:?}");
            for p in problems {
                assert!(
                    p.location.starts_with(file),
                    "problem without its place: {p:?} for {input:?}"
                );
                assert!(!p.message.is_empty(), "{p:?}");
            }
        }
        other => panic!("unexpected error kind {other:?} for {input:?}"),
    }
}

/// Every reported figure of `shock` (each model), `rank` and `stall` on `net` is finite.
fn assert_finite_results(net: &Network, input: &str) {
    let _ = finite::take();
    let first = Shock::new(NodeId::new(0), Haircut::new(1.0).unwrap());
    let params = Params::default();
    for model in Model::ALL {
        if let Ok(r) = shock::run(net, model, std::slice::from_ref(&first), &params) {
            let rep = report::shock::build(net, &r, false);
            let _ = report::shock::to_table(net, &rep, 10);
            let _ = report::shock::to_csv(&rep);
            let _ = report::to_json(&rep);
            assert_eq!(finite::find(&rep), None, "shock {model:?} on {input:?}");
            assert_eq!(finite::take(), None, "shock {model:?} on {input:?}");
        }
    }
    if net.node_count() <= 12 {
        let half = Haircut::new(0.5).unwrap();
        let noop = |_: usize| {};
        if let Ok(r) = analysis::rank(
            net,
            Model::DebtRank,
            half,
            &params,
            Centralities::Skip,
            &noop,
        ) {
            let rep = report::rank::build(net, &r, SortBy::Rank);
            assert_eq!(finite::find(&rep), None, "rank on {input:?}");
        }
    }
    let funded = (0..net.node_count()).find(|&i| net.funding(NodeId::new(i)).is_some());
    if let Some(i) = funded {
        for (growth, policy) in [
            (Growth::Rate(-0.5), Policy::Default),
            (Growth::Plan, Policy::ProRata),
        ] {
            let spec = StallSpec::new(NodeId::new(i), growth, policy);
            for model in [Model::DebtRank, Model::EisenbergNoe] {
                if let Ok(s) = analysis::stall(net, model, &spec, &params) {
                    let rep = report::stall::build(net, &s);
                    let _ = report::stall::to_table(net, &rep, 10);
                    assert_eq!(finite::find(&rep), None, "stall on {input:?}");
                    assert_eq!(finite::take(), None, "stall on {input:?}");
                }
            }
        }
    }
}

/// Loads `text` as a JSON graph and checks the properties; true when it loaded.
fn load_json(text: &str) -> bool {
    let loaded = match shockgraph::io::json::parse(text, "fuzz.json") {
        Ok(net) => {
            assert_finite_results(&net, text);
            true
        }
        Err(e) => {
            assert_placed(&e, "fuzz.json", text);
            false
        }
    };
    // The node-link reader takes JSON too; it must fail as cleanly.
    if let Err(e) = shockgraph::io::nodelink::parse(text, "fuzz.json") {
        assert!(!e.to_string().is_empty());
    }
    loaded
}

/// Loads a CSV edge list (and nodes file) and checks the properties; true when it loaded.
fn load_csv(edges: &str, nodes: Option<&str>) -> bool {
    let input = |name, text: &str| CsvInput {
        name,
        reader: Box::new(Cursor::new(text.as_bytes().to_vec())),
    };
    let nodes_in = nodes.map(|n| input("nodes.csv", n));
    match shockgraph::io::csv::read(input("edges.csv", edges), nodes_in) {
        Ok(net) => {
            assert_finite_results(&net, edges);
            true
        }
        Err(Error::InvalidInput { problems, .. }) => {
            for p in &problems {
                assert!(
                    p.location.starts_with("edges.csv") || p.location.starts_with("nodes.csv"),
                    "problem without its place: {p:?} for {edges:?} / {nodes:?}"
                );
            }
            assert!(!problems.is_empty());
            false
        }
        Err(other) => panic!("unexpected error {other:?} for {edges:?} / {nodes:?}"),
    }
}

fn load_scenario(text: &str, net: &Network) {
    match Scenario::from_json(text, "sc.json") {
        Ok(sc) => {
            if sc.is_stall() {
                if let Ok(specs) = analysis::scenario_specs(net, &sc) {
                    if let Ok(s) =
                        analysis::stall_all(net, Model::DebtRank, &specs, &Params::default())
                    {
                        assert_eq!(finite::find(&report::stall::build(net, &s)), None, "{text}");
                    }
                }
            } else if let Ok(plan) = sc.resolve(net, Params::default()) {
                if let Ok(r) =
                    shock::run_with_edges(net, plan.model, &plan.shocks, &plan.edges, &plan.params)
                {
                    assert_eq!(
                        finite::find(&report::shock::build(net, &r, false)),
                        None,
                        "{text}"
                    );
                }
            }
        }
        Err(e) => {
            let s = e.to_string();
            assert!(
                s.contains("sc.json"),
                "scenario error without the file: {s} for {text:?}"
            );
        }
    }
}

// ------------------------------------------------------------------------------- the tests

#[test]
fn the_seeds_are_valid() {
    let net = shockgraph::io::json::parse(SEED_GRAPH, "seed.json").unwrap();
    assert_finite_results(&net, SEED_GRAPH);
    assert!(load_csv(SEED_EDGES, Some(SEED_NODES)));
    for sc in SEED_SCENARIOS {
        Scenario::from_json(sc, "sc.json").unwrap();
        load_scenario(sc, &net);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut r = Rng(0x5EED_0001);
    for _ in 0..1000 {
        let len = r.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| (r.next() >> 24) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_json(&text);
        let _ = load_csv(&text, None);
        let _ = load_csv(SEED_EDGES, Some(&text));
        let _ = Scenario::from_json(&text, "sc.json");
    }
}

#[test]
fn mutated_json_graphs() {
    let seed: Value = serde_json::from_str(SEED_GRAPH).unwrap();
    let mut r = Rng(0x5EED_0002);
    let mut loaded = 0;
    for case in 0..2000 {
        let text = if case % 4 == 3 {
            String::from_utf8_lossy(&mutate_bytes(&mut r, SEED_GRAPH.as_bytes().to_vec()))
                .into_owned()
        } else {
            let mut v = seed.clone();
            for _ in 0..=r.below(3) {
                mutate_value(&mut r, &mut v, 0);
            }
            json_text(&mut r, &v)
        };
        loaded += usize::from(load_json(&text));
    }
    // Both outcomes are exercised: graphs that load and run, and graphs refused.
    assert!(
        (100..1800).contains(&loaded),
        "{loaded} of 2000 mutated graphs loaded"
    );
}

#[test]
fn mutated_csv_graphs() {
    let mut r = Rng(0x5EED_0003);
    let mut loaded = 0;
    for case in 0..1500 {
        loaded += usize::from(if case % 2 == 0 {
            load_csv(&mutate_csv(&mut r, SEED_EDGES), Some(SEED_NODES))
        } else {
            load_csv(SEED_EDGES, Some(&mutate_csv(&mut r, SEED_NODES)))
        });
    }
    assert!(
        (150..1350).contains(&loaded),
        "{loaded} of 1500 mutated CSV graphs loaded"
    );
}

#[test]
fn mutated_scenarios() {
    let net = shockgraph::io::json::parse(SEED_GRAPH, "seed.json").unwrap();
    let mut r = Rng(0x5EED_0004);
    for _ in 0..1000 {
        let seed: Value =
            serde_json::from_str(SEED_SCENARIOS[r.below(SEED_SCENARIOS.len())]).unwrap();
        let mut v = seed;
        for _ in 0..=r.below(2) {
            mutate_value(&mut r, &mut v, 0);
        }
        load_scenario(&json_text(&mut r, &v), &net);
    }
}

/// A few CLI runs on mutated graphs: exit 0, 1 or 2, never a panic, never a non-finite figure.
#[test]
fn cli_runs_on_mutated_graphs() {
    let seed: Value = serde_json::from_str(SEED_GRAPH).unwrap();
    let mut r = Rng(0x5EED_0005);
    let mut loaded = 0;
    for case in 0..40 {
        let mut v = seed.clone();
        mutate_value(&mut r, &mut v, 0);
        let text = json_text(&mut r, &v);
        let (_d, p) = file("g.json", &text);
        let path = p.to_str().unwrap();
        let args: Vec<&str> = match case % 4 {
            0 => vec![
                "shock",
                "--graph",
                path,
                "--node",
                "a",
                "--model",
                "eisenberg-noe",
                "--format",
                "json",
            ],
            1 => vec!["shock", "--graph", path, "--node", "a", "--format", "csv"],
            2 => vec!["rank", "--graph", path, "--top", "3"],
            _ => vec![
                "stall", "--graph", path, "--node", "a", "--growth", "-0.5", "--format", "json",
            ],
        };
        let out = graph().args(&args).output().unwrap();
        let code = out.status.code();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(code, Some(0..=2)),
            "{args:?} exited {code:?}: {stderr}\n{text}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}\n{text}");
        if code == Some(0) {
            loaded += 1;
            for bad in ["NaN", "inf,", ",inf", "inf\n"] {
                assert!(
                    !stdout.contains(bad),
                    "{args:?} printed {bad}: {stdout}\n{text}"
                );
            }
        }
    }
    assert!(
        loaded > 0,
        "no mutated graph ran: the CLI cases test nothing"
    );
}

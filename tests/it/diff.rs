//! `graph diff A B`: the fixture pair `tests/fixtures/diff-{a,b}.json`, in which every kind of
//! change occurs, asserted field by field (shock totals worked by hand); a graph against itself;
//! the currency warning; the embedded names; bad inputs.

use serde_json::Value;
use shockgraph::analysis::diff as d;
use shockgraph::analysis::diff::{Diff, DiffOptions, Figure, TOP_LOSSES};
use shockgraph::shock::{self, Haircut, Model, Params, Shock};
use shockgraph::Network;

use crate::common::{file, fixture, graph, root, tol};

fn load(path: &std::path::Path) -> Network {
    shockgraph::io::load(Some(path), None).unwrap()
}

fn opts(nodes: &[&str], model: Model) -> DiffOptions {
    DiffOptions {
        nodes: nodes.iter().map(|s| (*s).to_string()).collect(),
        haircut: Haircut::new(0.5).unwrap(),
        model,
        params: Params::default(),
    }
}

fn pair() -> Diff {
    let (a, b) = (load(&fixture("diff-a.json")), load(&fixture("diff-b.json")));
    d::diff(&a, "A", &b, "B", &opts(&["lab", "gone"], Model::DebtRank)).unwrap()
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol::REFERENCE * (1.0 + want.abs()),
        "{what}: got {got}, want {want}"
    );
}

fn num(x: f64) -> Figure {
    Figure::Number(x)
}

fn text(s: &str) -> Figure {
    Figure::Text(s.to_string())
}

#[test]
fn fixture_pair_nodes() {
    let x = pair();
    assert_eq!(x.nodes_added.len(), 1);
    let f = &x.nodes_added[0];
    assert_eq!(
        (f.id.as_str(), f.label.as_str(), f.kind.as_str()),
        ("fresh", "Fresh Fund", "investor")
    );
    assert_eq!((f.buffer, f.value), (Some(5.0), 7.0));
    assert_eq!(x.nodes_removed.len(), 1);
    let g = &x.nodes_removed[0];
    assert_eq!((g.id.as_str(), g.label.as_str()), ("gone", "gone"));
    assert_eq!((g.buffer, g.value), (Some(20.0), 20.0));

    // Numbers by |change|, then a figure given on one side only, then texts, ties by id.
    let got: Vec<(&str, &str, Option<Figure>, Option<Figure>)> = x
        .node_changes
        .iter()
        .map(|c| (c.id.as_str(), c.field, c.old.clone(), c.new.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("lab", "value", Some(num(100.0)), Some(num(80.0))),
            ("lab", "buffer", Some(num(10.0)), Some(num(12.0))),
            ("lab", "external_assets", Some(num(40.0)), None),
            ("cloud", "kind", Some(text("cloud")), Some(text("company"))),
            (
                "cloud",
                "label",
                Some(text("Cloud")),
                Some(text("Cloud Co"))
            ),
        ]
    );
    assert_eq!(x.node_changes[0].change, Some(-20.0));
    close(x.node_changes[0].relative.unwrap(), -0.2, "value relative");
    assert_eq!(x.node_changes[1].change, Some(2.0));
    close(x.node_changes[1].relative.unwrap(), 0.2, "buffer relative");
    for c in &x.node_changes[2..] {
        assert_eq!((c.change, c.relative), (None, None), "{}.{}", c.id, c.field);
    }
}

#[test]
fn fixture_pair_edges_and_kinds() {
    let x = pair();
    let keys = |v: &[d::EdgeEntry]| -> Vec<(String, f64, usize)> {
        v.iter().map(|e| (e.key(), e.amount, e.edges)).collect()
    };
    assert_eq!(
        keys(&x.edges_added),
        vec![
            ("fresh:lab:equity".to_string(), 10.0, 1),
            ("lab:chips:revenue".to_string(), 2.0, 1)
        ]
    );
    assert_eq!(
        keys(&x.edges_removed),
        vec![
            ("gone:lab:equity".to_string(), 15.0, 1),
            ("lab:chips:debt".to_string(), 5.0, 1)
        ]
    );
    // Two parallel edges in A (60 at recovery 0.5, 40 at 0): amount 100, recovery 1 - 70/100.
    assert_eq!(x.edge_changes.len(), 2);
    let (am, rc) = (&x.edge_changes[0], &x.edge_changes[1]);
    assert_eq!(
        (am.id.as_str(), am.field),
        ("lab:cloud:compute_commitment", "amount")
    );
    assert_eq!(
        (am.old.clone(), am.new.clone()),
        (Some(num(100.0)), Some(num(120.0)))
    );
    assert_eq!(am.change, Some(20.0));
    close(am.relative.unwrap(), 0.2, "amount relative");
    assert_eq!(
        (rc.id.as_str(), rc.field),
        ("lab:cloud:compute_commitment", "recovery")
    );
    let Some(Figure::Number(old)) = rc.old else {
        panic!("recovery old")
    };
    close(old, 0.3, "recovery old");
    assert_eq!(rc.new, Some(num(0.25)));
    close(rc.change.unwrap(), -0.05, "recovery change");
    close(rc.relative.unwrap(), -0.05 / 0.3, "recovery relative");

    let kinds: Vec<(&str, usize, f64, usize, f64)> = x
        .kinds
        .iter()
        .map(|k| {
            (
                k.kind.as_str(),
                k.count_a,
                k.amount_a,
                k.count_b,
                k.amount_b,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("chip_purchase", 1, 30.0, 1, 30.0),
            ("compute_commitment", 2, 100.0, 1, 120.0),
            ("debt", 1, 5.0, 0, 0.0),
            ("equity", 1, 15.0, 1, 10.0),
            ("revenue", 0, 0.0, 1, 2.0),
        ]
    );
    let c = x.counts;
    assert_eq!(
        (c.nodes_a, c.nodes_b, c.edges_a, c.edges_b),
        (4, 4, 5, 4),
        "graph sizes"
    );
    assert_eq!(
        (c.nodes_added, c.nodes_removed, c.nodes_changed),
        (1, 1, 2),
        "node counts"
    );
    assert_eq!(
        (c.edges_added, c.edges_removed, c.edges_changed),
        (2, 2, 1),
        "edge counts"
    );
    assert!(x.warnings.is_empty());
    assert!(!x.is_empty());
}

/// DebtRank, lab at 0.5, by hand. A: cloud loses 0.5 x (30 + 40) = 35 (h 0.7), gone 0.5 x 15
/// = 7.5, chips 0.5 x 5 + 0.7 x 15 = 13; total 55.5; value lost 35 + 400 x 13/80 + 7.5 = 107.5
/// of 570. B: cloud 0.5 x 90 = 45 (h 0.9), fresh 5 (defaults), chips 0.5 x 2 + 0.9 x 15 =
/// 14.5; total 64.5; value lost 45 + 72.5 + 7 = 124.5 of 537.
#[test]
fn fixture_pair_shock_side_by_side() {
    let x = pair();
    assert_eq!(x.shocks.len(), 2);
    let s = &x.shocks[0];
    assert_eq!((s.node.as_str(), s.note.as_deref()), ("lab", None));
    let (a, b) = (s.a.as_ref().unwrap(), s.b.as_ref().unwrap());
    close(a.total_loss, 55.5, "A total_loss");
    close(a.value_lost, 107.5, "A value_lost");
    close(a.impact, 107.5 / 570.0, "A impact");
    assert_eq!((a.distressed, a.defaulted, a.depth), (4, 0, Some(0)));
    close(b.total_loss, 64.5, "B total_loss");
    close(b.value_lost, 124.5, "B value_lost");
    close(b.impact, 124.5 / 537.0, "B impact");
    assert_eq!((b.distressed, b.defaulted, b.depth), (3, 1, Some(0)));
    let top = |c: &d::ShockColumn| -> Vec<(String, f64)> {
        c.top.iter().map(|n| (n.id.clone(), n.loss)).collect()
    };
    let want_a = [
        ("cloud", 35.0),
        ("chips", 13.0),
        ("gone", 7.5),
        ("lab", 5.0),
    ];
    let want_b = [
        ("cloud", 45.0),
        ("chips", 14.5),
        ("lab", 6.0),
        ("fresh", 5.0),
    ];
    for (got, want) in [(top(a), &want_a), (top(b), &want_b)] {
        assert_eq!(got.len(), want.len());
        for ((gid, gl), (wid, wl)) in got.iter().zip(want.iter()) {
            assert_eq!(gid, wid);
            close(*gl, *wl, wid);
        }
    }
    // Exactly the totals of `graph shock` on each file.
    for (path, col) in [("diff-a.json", a), ("diff-b.json", b)] {
        let net = load(&fixture(path));
        let h = Haircut::new(0.5).unwrap();
        let r = shock::run(
            &net,
            Model::DebtRank,
            &[Shock::new(net.node("lab").unwrap(), h)],
            &Params::default(),
        )
        .unwrap();
        let t = r.totals(&net);
        assert_eq!(
            (t.total_loss, t.impact, t.value_lost, t.iterations),
            (col.total_loss, col.impact, col.value_lost, col.iterations),
            "{path}"
        );
    }
    // `gone` is not in B: skipped with a note, neither side run.
    let g = &x.shocks[1];
    assert!(g.a.is_none() && g.b.is_none());
    assert!(g
        .note
        .as_deref()
        .unwrap()
        .contains("`gone` is not a node of B"));
}

#[test]
fn a_graph_against_itself_is_empty_and_its_shock_columns_equal() {
    for path in [
        fixture("diff-a.json"),
        root().join("graphs/ai-infra-2026.json"),
        root().join("graphs/ai-infra-2025-12.json"),
    ] {
        let net = load(&path);
        for model in [Model::DebtRank, Model::Threshold] {
            let first = net.nodes().next().map(|i| net.id(i).to_string()).unwrap();
            let x = d::diff(&net, "A", &net, "B", &opts(&[first.as_str()], model)).unwrap();
            assert!(x.is_empty(), "{}: {x:?}", path.display());
            assert!(x
                .kinds
                .iter()
                .all(|k| k.count_a == k.count_b && k.amount_a == k.amount_b));
            let s = &x.shocks[0];
            assert!(s.a.is_some(), "{}", path.display());
            assert_eq!(s.a, s.b, "{}", path.display());
            assert!(s.a.as_ref().unwrap().top.len() <= TOP_LOSSES);
        }
    }
    // The CSV of an empty diff is its header.
    let p = fixture("diff-a.json");
    let p = p.to_str().unwrap();
    let out = graph()
        .args(["diff", p, p, "--node", "lab", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "item,kind,id,field,old,new,change\n"
    );
}

#[test]
fn swapping_a_and_b_mirrors_the_diff() {
    let (a, b) = (load(&fixture("diff-a.json")), load(&fixture("diff-b.json")));
    let o = opts(&["lab"], Model::DebtRank);
    let ab = d::diff(&a, "A", &b, "B", &o).unwrap();
    let ba = d::diff(&b, "B", &a, "A", &o).unwrap();
    assert_eq!(ab.nodes_added, ba.nodes_removed);
    assert_eq!(ab.edges_added, ba.edges_removed);
    assert_eq!(ab.edges_removed, ba.edges_added);
    assert_eq!(ab.node_changes.len(), ba.node_changes.len());
    for (x, y) in ab.edge_changes.iter().zip(&ba.edge_changes) {
        assert_eq!((&x.old, &x.new), (&y.new, &y.old));
    }
    assert_eq!(ab.shocks[0].a, ba.shocks[0].b);
}

#[test]
fn different_currency_is_a_warning_not_an_error() {
    let eur = std::fs::read_to_string(fixture("diff-b.json"))
        .unwrap()
        .replace("\"USD\"", "\"EUR\"");
    let (_dir, p) = file("eur.json", &eur);
    let a = fixture("diff-a.json");
    let out = graph()
        .args([
            "diff",
            a.to_str().unwrap(),
            p.to_str().unwrap(),
            "--node",
            "lab",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let w = v["warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1);
    let w = w[0].as_str().unwrap();
    assert!(
        w.contains("USD billion") && w.contains("EUR billion"),
        "{w}"
    );
    assert_eq!(v["unit_b"], "EUR billion");
    let table = graph()
        .args([
            "diff",
            a.to_str().unwrap(),
            p.to_str().unwrap(),
            "--node",
            "lab",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("warning: A is in USD billion and B in EUR billion"),
        "{text}"
    );
}

#[test]
fn embedded_names_load() {
    let out = graph()
        .args([
            "diff",
            "snapshot-2025-12",
            "snapshot-2025-12",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["a"], "snapshot-2025-12");
    assert_eq!(v["counts"]["nodes_added"], 0);
    assert_eq!(v["node_changes"].as_array().unwrap().len(), 0);
    assert_eq!(v["shocks"][0]["a"], v["shocks"][0]["b"]);
    // `default` loads the embedded graph (its numbers are not pinned here: it is rebuilt).
    let out = graph()
        .args(["diff", "default", "default", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "item,kind,id,field,old,new,change\n"
    );
}

/// Runs `graph <args>`, asserts exit 2, no panic, and every needle in the output.
fn bad(args: &[&str], needles: &[&str]) {
    let out = graph().args(args).output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "{args:?}\n{all}");
    assert!(!all.contains("panicked"), "{args:?}\n{all}");
    for n in needles {
        assert!(
            all.contains(n),
            "`{n}` not in the output of {args:?}:\n{all}"
        );
    }
}

#[test]
fn bad_inputs_exit_2_with_a_clear_message() {
    let a = fixture("diff-a.json");
    let a = a.to_str().unwrap();
    bad(
        &["diff", a, "no/such/file.json"],
        &[
            "B",
            "no file no/such/file.json",
            "default, snapshot-2025-12",
        ],
    );
    bad(
        &["diff", "snapshot-2024", a],
        &[
            "A",
            "`snapshot-2024` is neither a graph file nor the name of an embedded graph",
        ],
    );
    bad(
        &["diff", a, a, "--haircut", "1.5"],
        &["--haircut", "[0, 1]"],
    );
    bad(&["diff", a, a, "--graph", a], &["--graph", "A and B"]);
    bad(
        &["diff", "default", a, "--nodes-a", a],
        &["--nodes-a", "embedded graph `default`"],
    );
    bad(
        &["diff", a, a, "--format", "dot"],
        &["--format", "table, json or csv"],
    );
    bad(
        &["diff", a, a, "--output", a],
        &["--output", "destroy the input"],
    );
    let (_dir, broken) = file("broken.json", "{\"nodes\": [");
    bad(&["diff", broken.to_str().unwrap(), a], &["broken.json"]);
}

/// CSV edge lists with their nodes CSVs (`--nodes-a`, `--nodes-b`); the nodes CSVs count as
/// inputs, so `--output` cannot overwrite them.
#[test]
fn csv_edge_lists_with_their_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let ea = w("a.csv", "from,to,kind,amount\nx,y,debt,10\nx,y,debt,5\n");
    let na = w("a-nodes.csv", "id,buffer\nx,4\ny,6\n");
    let eb = w("b.csv", "from,to,kind,amount\nx,y,debt,20\ny,z,debt,1\n");
    let nb = w("b-nodes.csv", "id,buffer\nx,4\ny,8\nz,1\n");
    let out = graph()
        .args([
            "diff",
            &ea,
            &eb,
            "--nodes-a",
            &na,
            "--nodes-b",
            &nb,
            "--node",
            "x",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["nodes_added"][0]["id"], "z");
    assert_eq!(v["edge_changes"][0]["id"], "x:y:debt");
    assert_eq!(v["edge_changes"][0]["old"], 15.0);
    assert_eq!(v["edge_changes"][0]["new"], 20.0);
    assert_eq!(v["node_changes"][0]["field"], "buffer");
    assert_eq!(v["node_changes"][0]["change"], 2.0);
    assert!(v["shocks"][0]["a"]["total_loss"].as_f64().unwrap() > 0.0);
    bad(
        &["diff", &ea, &eb, "--nodes-a", &na, "--output", &na],
        &["--output", "destroy the input"],
    );
}

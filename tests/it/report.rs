//! `graph report`: the self-contained HTML report.
//!
//! - the page has the expected sections, tables and figures, for the default graph;
//! - it refers to no external resource (only `<a href>` links to the sources);
//! - every inline SVG parses as XML;
//! - text from the graph is escaped (a graph full of markup stays text);
//! - without Graphviz the page still comes out, with a note and the DOT text;
//! - headless Chromium loads it (in `report_browser.rs`).
//!
//! `cargo test --test it report::regenerate_docs_pictures -- --ignored` rewrites the pictures in
//! `docs/img/` (see docs/report.md).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command as StdCommand;

use serde_json::Value;
use shockgraph::analysis::{ScenarioOptions, ScenarioReport};
use shockgraph::report::html::{self, Diagram, Inputs, Options};
use shockgraph::report::plot;
use shockgraph::shock::{Model, Params, Shock};
use shockgraph::{analysis as whatif, io};

use crate::common::report::{default_report, have_dot, nasty_report};
use crate::common::{default_label, graph, root};

/// The `<svg ...>...</svg>` elements of a page (they do not nest in our pages).
fn svgs(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(s) = rest.find("<svg") {
        let e = rest[s..].find("</svg>").expect("closed svg") + s + "</svg>".len();
        out.push(&rest[s..e]);
        rest = &rest[e..];
    }
    out
}

/// The text between `<table id="ID"` and its `</table>`.
fn table<'a>(page: &'a str, id: &str) -> &'a str {
    let s = page
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let e = page[s..].find("</table>").unwrap() + s;
    &page[s..e]
}

fn body_rows(table: &str) -> usize {
    let body = &table[table.find("<tbody>").unwrap()..];
    body.matches("<tr").count()
}

#[test]
fn report_has_the_sections_tables_and_figures() {
    let page = default_report();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    // Scenario, graph and unit.
    assert!(page.contains(&format!(
        "<h1>Shock: {} haircut 0.5 — debtrank</h1>",
        default_label("openai")
    )));
    assert!(page.contains("haircut 0.5 — every claim on it loses 50.0% of its value"));
    assert!(page.contains("Graph <b>ai-infra-2026</b> · as of 2026-11 · amounts in USD billion"));
    for id in [
        "scenario",
        "diagram",
        "losses",
        "sweeps",
        "rank",
        "concentration",
        "sources",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
        assert!(
            page.contains(&format!("<a href=\"#{id}\">")),
            "link to {id}"
        );
    }
    // Four tables: shock, rank, per-node concentration, the clouds' backlog group figure.
    assert_eq!(page.matches("<table").count(), 4);
    // Figures: the diagram (with Graphviz) and one sweep plot for the one shocked node.
    let n_svg = page.matches("<svg").count();
    if have_dot() {
        assert_eq!(n_svg, 2);
        assert!(page.contains("<figure class=\"diagram\">"));
    } else {
        assert_eq!(n_svg, 1);
        assert!(page.contains("No picture of the diagram"));
    }
    assert!(page.contains(&format!(
        "Haircut sweep on {} — model debtrank",
        default_label("openai")
    )));

    // The shock table lists exactly the nodes `graph shock` says lose something.
    let o = graph()
        .args([
            "shock",
            "--node",
            "openai",
            "--haircut",
            "0.5",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let hit: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["loss"].as_f64().unwrap() > 0.0 || n["distress"].as_f64().unwrap() > 0.0)
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let t = table(page, "shock-table");
    assert_eq!(
        body_rows(t),
        hit.len() + 1,
        "one row per node hit, plus the total"
    );
    for id in &hit {
        assert!(
            t.contains(&format!("<span class=\"id\">{id}</span>")),
            "{id}"
        );
    }
    assert!(t.contains("defaulted"));
    // Totals as `graph shock` has them (readable numbers: 6,452).
    let total = v["total_loss"].as_f64().unwrap();
    assert!(page.contains(&html::number(total)), "{total}");
    assert!(page.contains(&format!("{:.1}%", 100.0 * v["impact"].as_f64().unwrap())));

    // Rank: the top 15 of `graph rank`, in order.
    let o = graph().args(["rank", "--format", "json"]).output().unwrap();
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = table(page, "rank-table");
    assert_eq!(body_rows(t), 15);
    let mut at = 0;
    for n in r["nodes"].as_array().unwrap().iter().take(15) {
        let needle = format!("<span class=\"id\">{}</span>", n["id"].as_str().unwrap());
        let p = t[at..].find(&needle).expect("rank order") + at;
        at = p;
    }

    // Concentration: 10 rows; the group figure of the clouds with a backlog on OpenAI.
    assert_eq!(body_rows(table(page, "concentration-table")), 10);
    let g = table(page, "group-table");
    for id in ["microsoft", "oracle", "google_cloud", "amazon", "coreweave"] {
        assert!(
            g.contains(&format!("<span class=\"id\">{id}</span>")),
            "{id}"
        );
    }
    assert!(page.contains(&format!("Claims on {}: <b>", default_label("openai"))));
}

/// Every distinct source of the graph file, as (status, title, url, date).
fn sources_of(path: &Path) -> BTreeSet<(String, String, String, String)> {
    let g: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeSet::new();
    let mut add = |list: &Value| {
        for s in list.as_array().into_iter().flatten() {
            out.insert((
                s["status"].as_str().unwrap().to_string(),
                s["title"].as_str().unwrap().to_string(),
                s["url"].as_str().unwrap_or("").to_string(),
                s["date"].as_str().unwrap().to_string(),
            ));
        }
    };
    for n in g["nodes"].as_array().unwrap() {
        add(&n["sources"]);
        for a in n["attributes"].as_object().into_iter().flatten() {
            add(&a.1["sources"]);
        }
    }
    for e in g["edges"].as_array().unwrap() {
        add(&e["sources"]);
    }
    out
}

#[test]
fn report_lists_every_source_once_by_status() {
    let page = default_report();
    let all = sources_of(&root().join("graphs/ai-infra-2026.json"));
    assert!(all.len() > 50);
    let count = |st: &str| all.iter().filter(|s| s.0 == st).count();
    assert!(page.contains(&format!(
        "{} distinct sources back the graph's figures: {} firm, {} reported, {} estimate, {} assumption.",
        all.len(),
        count("firm"),
        count("reported"),
        count("estimate"),
        count("assumption")
    )));
    for (st, heading) in [
        ("firm", "Firm — in a filing or announced by a party"),
        ("reported", "Reported — media reports"),
        ("estimate", "Estimate — projections and derived figures"),
        (
            "assumption",
            "Assumption — modelling choices, argued in the graph&#39;s README",
        ),
    ] {
        assert!(
            page.contains(&format!("{heading} ({})</h3>", count(st))),
            "{heading}"
        );
    }
    let sources = &page[page.find("<section id=\"sources\">").unwrap()..];
    assert_eq!(sources.matches("<li>").count(), all.len());
    // A known source, linked.
    assert!(sources.contains(
        "<a href=\"https://news.promtvault.app/editions/2026/05/06/stories/08-openai-122b-round-852b-valuation.html\" rel=\"noopener noreferrer\">OpenAI Closes $122 Billion Funding Round at $852 Billion Valuation (PromtVault, citing OpenAI/CNBC/Bloomberg)</a>"
    ));
    // Every linked address is a source's.
    let urls: BTreeSet<&str> = all
        .iter()
        .map(|s| s.2.as_str())
        .filter(|u| !u.is_empty())
        .collect();
    for (k, _) in sources.match_indices("<a href=\"") {
        let rest = &sources[k + 9..];
        let url = &rest[..rest.find('"').unwrap()];
        assert!(urls.contains(url.replace("&amp;", "&").as_str()), "{url}");
    }
}

/// Each `http(s)://` of the page: inside a tag, it may only be an `<a href>` or an XML
/// namespace declaration; outside tags it is text (e.g. a title quoting an address).
fn check_no_external_resources(page: &str) {
    let lower = page.to_ascii_lowercase();
    for bad in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "url(",
        "xlink:href",
        "<image",
    ] {
        assert!(!lower.contains(bad), "`{bad}` in the page");
    }
    let bytes = lower.as_bytes();
    for (pos, _) in lower.match_indices("http") {
        let rest = &lower[pos..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        // The nearest '<' or '>' before: '<' means inside a tag.
        let open = lower[..pos].rfind('<');
        let close = lower[..pos].rfind('>');
        let in_tag = match (open, close) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            _ => false,
        };
        if !in_tag {
            continue;
        }
        let tag_start = open.unwrap();
        let tag = &lower[tag_start..pos];
        let ok = (tag.starts_with("<a ") && tag.ends_with("href=\""))
            || tag.ends_with("xmlns=\"")
            || tag.ends_with("xmlns:xlink=\"");
        assert!(
            ok,
            "external reference at {pos}: {}",
            String::from_utf8_lossy(&bytes[tag_start..(pos + 60).min(bytes.len())])
        );
    }
}

#[test]
fn report_loads_nothing_from_anywhere() {
    let page = default_report();
    check_no_external_resources(page);
    assert!(page.contains(
        "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""
    ));
}

#[test]
fn inline_svgs_parse_as_xml() {
    let page = default_report();
    let all = svgs(page);
    assert!(!all.is_empty());
    for svg in &all {
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("inline SVG does not parse: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
    // The sweep plot: title, axis labels with units, one line per curve (+ the legend's).
    let sweep = all.iter().find(|s| s.contains("Haircut sweep on")).unwrap();
    let doc = roxmltree::Document::parse(sweep).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let label = default_label("openai");
    let axis = format!("haircut on {label} (0 = no loss, 1 = full default)");
    for t in [
        "total loss (USD billion)",
        "impact (%)",
        "nodes distressed",
        "nodes defaulted",
        axis.as_str(),
        "scenario 0.5",
        label.as_str(),
    ] {
        assert!(texts.contains(&t), "`{t}` not in {texts:?}");
    }
    let colour = plot::curve_colour(0);
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(colour.as_str()))
        .count();
    assert_eq!(lines, 4 + 1);
    if have_dot() {
        let diagram = all.iter().find(|s| s.contains("class=\"graph\"")).unwrap();
        let doc = roxmltree::Document::parse(diagram).unwrap();
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert!(titles.contains(&"openai"), "{titles:?}");
    }
}

#[test]
fn text_from_the_graph_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let page = nasty_report(dir.path());
    check_no_external_resources(&page);
    assert!(!page.contains("<script"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>graph</b>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;/style&gt;&lt;script&gt;alert(&#39;description&#39;)"));
    assert!(page.contains("Cloud &amp; &quot;Co&quot; &#39;quoted&#39;"));
    assert!(page.contains("Données – 東京"));
    // A source address that is not http(s) is not a link.
    assert!(!page.contains("href=\"javascript"));
    assert!(page.contains(
        "&lt;img src=x onerror=alert(2)&gt; <span class=\"id\">javascript:alert(3)</span>"
    ));
    assert!(page.contains("<a href=\"https://example.invalid/q?a=1&amp;b=&lt;2&gt;\""));
    // The group figure: the cloud records a backlog.
    assert!(page.contains("<table id=\"group-table\""));
    for svg in svgs(&page) {
        roxmltree::Document::parse(svg).expect("inline SVG parses");
    }
}

#[test]
fn without_graphviz_the_report_has_a_note_and_the_dot_text() {
    // An empty PATH: Graphviz `dot` cannot be found.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    graph()
        .env("PATH", "")
        .args(["report", "--node", "openai", "--haircut", "0.5", "--output"])
        .arg(&out)
        .assert()
        .success();
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("<p class=\"note\">No picture of the diagram: cannot render SVG: Graphviz `dot` is not installed"));
    assert!(page.contains("<details><summary>The diagram as DOT text"));
    assert!(page.contains("digraph &quot;ai-infra-2026&quot;"));
    assert_eq!(page.matches("<svg").count(), 1, "the sweep plot only");
    check_no_external_resources(&page);
}

#[test]
fn render_takes_computed_inputs() {
    let net = io::load_default().unwrap();
    let openai = net.index_of("openai").unwrap();
    let anthropic = net.index_of("anthropic").unwrap();
    let opts = Options {
        rank_top: 3,
        concentration_top: 2,
        ..Options::default()
    };
    let analysis = ScenarioReport::compute(
        &net,
        Model::Threshold,
        &[
            Shock::new(openai, shockgraph::shock::Haircut::new(0.3).unwrap()),
            Shock::new(anthropic, shockgraph::shock::Haircut::new(0.6).unwrap()),
        ],
        &Params::default(),
        &ScenarioOptions {
            sweep_steps: 4,
            ..ScenarioOptions::default()
        },
    )
    .unwrap();
    let mut inputs = Inputs {
        diagram: html::diagram(&net, &analysis.shock, None).unwrap(),
        analysis,
    };
    assert_eq!(inputs.analysis.sweeps.len(), 2);
    assert_eq!(
        inputs.analysis.sweeps[0],
        whatif::sweep(&net, Model::Threshold, &[openai], 4, &Params::default()).unwrap()[0]
    );
    inputs.diagram = Diagram::Unavailable {
        reason: "test <reason>".into(),
        dot: "digraph { a -> b }".into(),
    };
    let page = html::render(&net, &inputs, &opts).unwrap();
    assert!(page.contains(&format!(
        "<h1>Shock: {} haircut 0.3, {} haircut 0.6 — threshold</h1>",
        default_label("openai"),
        default_label("anthropic")
    )));
    assert!(page.contains("No picture of the diagram: test &lt;reason&gt;"));
    assert!(page.contains("digraph { a -&gt; b }"));
    assert_eq!(page.matches("<figure class=\"sweep\">").count(), 2);
    assert_eq!(body_rows(table(&page, "rank-table")), 3);
    assert_eq!(body_rows(table(&page, "concentration-table")), 2);
    // Both shocked nodes are the obligors of the group figure; no holder is shocked.
    assert!(page.contains(&format!(
        "Claims of the nodes with a recorded backlog on {} and {}",
        default_label("openai"),
        default_label("anthropic")
    )));
}

#[test]
fn report_refuses_bad_usage() {
    for (args, needle) in [
        (vec!["report"], "no node to shock"),
        (
            vec!["report", "--node", "openai", "--format", "json"],
            "writes HTML",
        ),
        (vec!["report", "--node", "nobody"], "unknown node"),
        (
            vec!["report", "--node", "openai", "--steps", "0"],
            "--steps",
        ),
    ] {
        let o = graph().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn report_goes_to_stdout_without_output() {
    let o = graph()
        .args([
            "report",
            "--node",
            "spacex",
            "--haircut",
            "1",
            "--steps",
            "2",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(&format!(
        "Shock: {} haircut 1 — debtrank",
        default_label("spacex")
    )));
}

// ---------------------------------------------------------------------------------------------
// Pictures for the docs.

#[test]
fn docs_pictures_are_well_formed() {
    for (name, needle) in [
        ("docs/img/shock-openai-0.5.svg", "haircut 0.5"),
        ("docs/img/sweep-openai.svg", "Haircut sweep"),
    ] {
        let text = std::fs::read_to_string(root().join(name)).unwrap();
        // Graphviz writes the SVG 1.1 doctype.
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&text, opts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(text.contains(needle), "{name}");
        assert!(text.len() < 300_000, "{name} is {} bytes", text.len());
    }
}

/// Rewrites `docs/img/shock-openai-0.5.svg` (needs Graphviz) and `docs/img/sweep-openai.svg`.
#[test]
#[ignore = "rewrites docs/img; run with --ignored"]
fn regenerate_docs_pictures() {
    let img = root().join("docs/img");
    let dot = img.join("shock-openai-0.5.dot");
    graph()
        .args(["shock", "--node", "openai", "--haircut", "0.5", "--dot"])
        .arg(&dot)
        .assert()
        .success();
    let svg = StdCommand::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
        .expect("Graphviz dot");
    assert!(svg.status.success());
    std::fs::write(img.join("shock-openai-0.5.svg"), &svg.stdout).unwrap();
    std::fs::remove_file(&dot).unwrap();

    let net = io::load_default().unwrap();
    let openai = net.index_of("openai").unwrap();
    let curves = whatif::sweep(&net, Model::DebtRank, &[openai], 20, &Params::default()).unwrap();
    let svg = plot::sweep_svg(&net, &curves, Model::DebtRank, plot::Metric::Both).unwrap();
    std::fs::write(img.join("sweep-openai.svg"), svg).unwrap();
}

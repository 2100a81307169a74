//! The self-contained HTML report of a shock (`graph report`).
//!
//! One HTML file that opens offline and can be sent to a colleague: the scenario, the key
//! figures, the shock diagram (inline SVG rendered by Graphviz, or the DOT text with a note when
//! Graphviz is missing), the table of every node with a loss, the haircut sweeps of the shocked
//! nodes (inline SVG from [`crate::plot`]), the systemic-importance ranking, the concentration
//! figures and the list of data sources grouped by how firm they are.
//!
//! The page has inline CSS only, no script, no image, font or style sheet to fetch (a
//! Content-Security-Policy of `default-src 'none'` makes the browser refuse any), and every piece
//! of text from the graph is HTML-escaped. Links to the sources are ordinary `<a href>` links.
//!
//! [`Inputs::compute`] runs the analyses; [`render`] only formats already computed results, so
//! it can be tested on hand-made inputs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::concentration::{self, GroupConcentration, NodeConcentration};
use crate::error::{Error, Result};
use crate::export::dot::{distress_colour, scenario_title, DotOptions, Overlay};
use crate::export::{to_dot, to_svg};
use crate::model::meta::{Source, Status};
use crate::model::Network;
use crate::plot::{self, Metric, PlotOptions};
use crate::rank::{self, Ranking};
use crate::report::{exposure as rexp, pct, rank as rrank, shock as rshock};
use crate::shock::{self, Model, Params, Shock, ShockResult, State};
use crate::whatif::{self, Curve};

/// The shock diagram, or why there is none.
#[derive(Debug, Clone)]
pub enum Diagram {
    /// SVG rendered by Graphviz `dot`.
    Svg(String),
    /// Graphviz could not render: the reason (with the install line) and the DOT text.
    Unavailable {
        /// Why there is no picture.
        reason: String,
        /// The DOT text, to render elsewhere.
        dot: String,
    },
}

/// What the report shows and how much of it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Haircut steps of each sweep (`steps + 1` points from 0 to 1).
    pub sweep_steps: usize,
    /// Rows of the rank table.
    pub rank_top: usize,
    /// Haircut of each node's own shock in the ranking (1 = full default, as `graph rank`).
    pub rank_haircut: f64,
    /// Rows of the per-node concentration table.
    pub concentration_top: usize,
    /// Most rows of the shock table (the nodes with the largest losses).
    pub shock_top: usize,
    /// Draw only this many nodes in the diagram (`None`: all up to 500 nodes, else 100).
    pub diagram_top: Option<usize>,
    /// The command line that produced the report, shown in the footer.
    pub command: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sweep_steps: 20,
            rank_top: 15,
            rank_haircut: 1.0,
            concentration_top: 10,
            shock_top: 500,
            diagram_top: None,
            command: None,
        }
    }
}

/// Everything the report shows, computed.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The shock of the scenario.
    pub shock: ShockResult,
    /// The diagram of the shock.
    pub diagram: Diagram,
    /// One sweep curve per shocked node (that node alone, haircut 0 to 1).
    pub sweeps: Vec<Curve>,
    /// The ranking (same model and parameters).
    pub ranking: Ranking,
    /// Per-node concentration of claims (all edge kinds).
    pub concentration: Vec<NodeConcentration>,
    /// The group figure: holders = the nodes with a `backlog` attribute (shocked nodes left
    /// out), obligors = the shocked nodes, edge kind `compute_commitment`; `None` when the
    /// graph has no such holders or no such kind.
    pub group: Option<GroupConcentration>,
}

/// The kind counted in the group concentration figure.
pub const GROUP_KIND: &str = "compute_commitment";

impl Inputs {
    /// Runs the shock, renders its diagram (Graphviz; its absence is not an error), sweeps each
    /// shocked node, ranks every node and computes the concentration figures.
    ///
    /// # Errors
    /// The errors of [`shock::run`], [`whatif::sweep`], [`rank::rank`] and
    /// [`concentration::group`].
    pub fn compute(
        net: &Network,
        model: Model,
        shocks: &[Shock],
        params: &Params,
        opts: &Options,
    ) -> Result<Inputs> {
        let params = Params {
            trace: false,
            ..*params
        };
        let shock = shock::run(net, model, shocks, &params)?;
        let top = match opts.diagram_top {
            Some(t) => Some(t),
            None if net.node_count() > 500 => Some(100),
            None => None,
        };
        let dot = to_dot(
            net,
            &DotOptions {
                overlay: Some(Overlay::of_shock(net, &shock)),
                top,
            },
        );
        let diagram = match to_svg(&dot) {
            Ok(bytes) => Diagram::Svg(String::from_utf8_lossy(&bytes).into_owned()),
            Err(Error::Tool { message, hint }) => Diagram::Unavailable {
                reason: format!("{message}; {hint}"),
                dot,
            },
            Err(e) => return Err(e),
        };
        // The shocked nodes, each once, in the order given.
        let mut nodes: Vec<u32> = Vec::with_capacity(shocks.len());
        for s in shocks {
            if !nodes.contains(&s.node) {
                nodes.push(s.node);
            }
        }
        let sweeps = whatif::sweep(net, model, &nodes, opts.sweep_steps, &params)?;
        let ranking = rank::rank(net, model, opts.rank_haircut, &params, true, &|_| {})?;
        let concentration = concentration::per_node(net, None);
        let group = match net.kinds().edge(GROUP_KIND) {
            Some(kind) => {
                let holders: Vec<u32> = (0..net.node_count() as u32)
                    .filter(|&i| !nodes.contains(&i))
                    .filter(|&i| {
                        net.node_meta(i as usize)
                            .is_some_and(|m| m.attributes.contains_key("backlog"))
                    })
                    .collect();
                if holders.is_empty() {
                    None
                } else {
                    Some(concentration::group(net, &holders, &nodes, Some(&[kind]))?)
                }
            }
            None => None,
        };
        Ok(Inputs {
            shock,
            diagram,
            sweeps,
            ranking,
            concentration,
            group,
        })
    }
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for reading: thousands separated by commas, at most 2 decimals (4 below 1), no
/// trailing zeros (`12,346`, `280.5`, `0.0125`).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if a < 0.0001 {
        return format!("{x:.2e}");
    }
    let decimals = if a >= 1000.0 {
        0
    } else if a >= 1.0 {
        2
    } else {
        4
    };
    let s = format!("{a:.decimals$}");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The `<svg ...>...</svg>` element of an SVG document (XML declaration, doctype and leading
/// comments dropped), for inlining in HTML.
pub fn svg_element(svg: &str) -> &str {
    let start = svg.find("<svg").unwrap_or(0);
    let end = svg
        .rfind("</svg>")
        .map_or(svg.len(), |e| e + "</svg>".len());
    &svg[start..end.max(start)]
}

const CSS: &str = r#"
:root { --ink: #1d232b; --muted: #5b6570; --line: #d8dde3; --band: #f5f7f9; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 8px; }
p { margin: 6px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.desc { color: var(--muted); font-size: 14px; max-width: 75em; }
nav { font-size: 14px; margin: 12px 0 4px; }
nav a { margin-right: 14px; white-space: nowrap; }
a { color: var(--accent); }
code { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--band); padding: 1px 4px; border-radius: 3px; }
.scenario { background: var(--band); border-left: 4px solid #d00000; padding: 10px 16px; margin: 14px 0; }
.scenario ul { margin: 4px 0; padding-left: 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .v { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 13px; }
figure { margin: 12px 0 20px; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.diagram { width: calc(100vw - 48px); max-width: 2400px; margin-left: 50%; transform: translateX(-50%); }
.zoom { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; }
#full:checked ~ figure .zoom svg { max-width: none; }
.toggle { font-size: 14px; color: var(--muted); }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.note { background: #fff6e0; border: 1px solid #f0c36d; border-radius: 4px; padding: 8px 12px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--band); padding: 10px; overflow: auto; max-height: 420px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 6px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
tr.shocked td:first-child { box-shadow: inset 3px 0 #d00000; }
.id { color: var(--muted); font-size: 12px; }
.sw { display: inline-block; width: 12px; height: 12px; border: 1px solid #888; vertical-align: -1px; margin-right: 6px; }
.bar { display: inline-block; height: 9px; background: var(--accent); opacity: .55; vertical-align: 0; margin-left: 6px; }
.state-defaulted { color: #8b0000; font-weight: 600; }
.small { font-size: 13px; color: var(--muted); }
.sources li { margin: 3px 0; }
h3.status { border-left: 5px solid; padding-left: 8px; }
h3.st-firm { border-left-color: #1b7a3a; } h3.st-reported { border-left-color: #0b5cad; } h3.st-estimate { border-left-color: #d08a00; } h3.st-assumption { border-left-color: #7b2cbf; }
td.d { white-space: nowrap; }
footer { margin-top: 40px; border-top: 1px solid var(--line); padding-top: 10px; color: var(--muted); font-size: 13px; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
"#;

/// `" (USD billion)"` as `" USD billion"`.
fn unit_plain(suffix: &str) -> String {
    suffix.replace(['(', ')'], "")
}

fn unit_suffix(net: &Network) -> String {
    let u = net.meta().unit_label();
    if u.is_empty() {
        String::new()
    } else {
        format!(" ({u})")
    }
}

/// Node label with its id below when they differ.
fn node_cell(net: &Network, i: usize) -> String {
    let (label, id) = (net.label(i), net.id(i));
    if label == id {
        escape(id)
    } else {
        format!(
            "{}<br><span class=\"id\">{}</span>",
            escape(label),
            escape(id)
        )
    }
}

fn node_cell_by_id(net: &Network, id: &str) -> String {
    match net.index_of(id) {
        Some(i) => node_cell(net, i),
        None => escape(id),
    }
}

fn model_description(model: Model) -> &'static str {
    match model {
        Model::DebtRank => "differential DebtRank (Bardoscia et al. 2015): every increment of distress is passed on to the exposed counterparties",
        Model::DebtRankClassic => "classic DebtRank (Battiston et al. 2012): each node passes its distress on once",
        Model::Threshold => "threshold cascade (Furfine 2003; Gai & Kapadia 2010): a node passes on losses only when it defaults",
        Model::EisenbergNoe => "Eisenberg–Noe clearing (2001) with Rogers–Veraart default costs (2013): payments cleared to the fixed point",
    }
}

/// Renders the report.
///
/// # Errors
/// The errors of [`plot::sweep_svg_with`] (a sweep curve that cannot be drawn).
pub fn render(net: &Network, inp: &Inputs, opts: &Options) -> Result<String> {
    let r = &inp.shock;
    let meta = net.meta();
    let unit = unit_suffix(net);
    let title = scenario_title(net, r);
    let mut h = String::with_capacity(256 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"shockgraph {}\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );

    // Heading and scenario.
    let graph_name = meta.name.as_deref().unwrap_or("graph");
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">Graph <b>{}</b>{}{} · {} nodes, {} edges</p>\n",
        escape(&title),
        escape(graph_name),
        meta.as_of
            .as_deref()
            .map(|a| format!(" · as of {}", escape(a)))
            .unwrap_or_default(),
        if meta.unit_label().is_empty() {
            String::new()
        } else {
            format!(" · amounts in {}", escape(&meta.unit_label()))
        },
        net.node_count(),
        net.edge_count()
    );
    if let Some(d) = &meta.description {
        let _ = writeln!(h, "<p class=\"desc\">{}</p>", escape(d));
    }
    h.push_str(
        "<nav><a href=\"#scenario\">Scenario</a><a href=\"#diagram\">Diagram</a>\
         <a href=\"#losses\">Losses</a><a href=\"#sweeps\">Sweeps</a><a href=\"#rank\">Ranking</a>\
         <a href=\"#concentration\">Concentration</a><a href=\"#sources\">Sources</a></nav>\n</header>\n",
    );
    h.push_str("<section id=\"scenario\">\n<div class=\"scenario\">\n<b>Scenario</b>\n<ul>\n");
    for s in &r.shocks {
        let i = s.node as usize;
        let _ = writeln!(
            h,
            "<li><b>{}</b> <span class=\"id\">{}</span>: haircut {} — every claim on it loses {} of its value</li>",
            escape(net.label(i)),
            escape(net.id(i)),
            number(s.haircut),
            pct(s.haircut)
        );
    }
    let params = match r.model {
        Model::EisenbergNoe => format!(
            " (alpha {}, beta {})",
            number(r.params.alpha),
            number(r.params.beta)
        ),
        _ => String::new(),
    };
    let _ = write!(
        h,
        "</ul>\nModel <b>{}</b>{}: {}.\n</div>\n",
        escape(r.model.name()),
        params,
        escape(model_description(r.model))
    );
    let t = r.totals(net);
    let _ = write!(
        h,
        "<div class=\"cards\">\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">total loss through the network{}</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">impact: value-weighted share of the system lost</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">nodes distressed, not defaulted</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">nodes defaulted</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">rounds{}</div></div>\
         </div>\n<p class=\"small\">Total loss leaves out the shocked nodes' own initial loss; the counts include the shocked nodes. Conventions: <code>docs/model.md</code>.</p>\n</section>\n",
        number(t.total_loss),
        escape(&unit),
        pct(t.impact),
        t.distressed,
        t.defaulted,
        r.rounds,
        if r.converged {
            ""
        } else {
            " — NOT converged (raise --max-rounds)"
        }
    );

    // Diagram.
    h.push_str("<section id=\"diagram\">\n<h2>Diagram</h2>\n");
    match &inp.diagram {
        Diagram::Svg(svg) => {
            let _ = write!(
                h,
                "<input type=\"checkbox\" id=\"full\"><label class=\"toggle\" for=\"full\"> show the diagram at full size (scroll sideways); it is fitted to the window's width</label>\n<figure class=\"diagram\">\n<div class=\"zoom\">{}</div>\n<figcaption>Node colour: distress (loss / buffer) on the viridis scale, from pale yellow (none) to dark purple (defaulted); grey: untouched; red border: shocked. Edge width: the loss passed along the edge.</figcaption>\n</figure>\n",
                svg_element(svg)
            );
        }
        Diagram::Unavailable { reason, dot } => {
            let _ = write!(
                h,
                "<p class=\"note\">No picture of the diagram: {}</p>\n<details><summary>The diagram as DOT text (render it with <code>dot -Tsvg</code>)</summary>\n<pre>{}</pre>\n</details>\n",
                escape(reason),
                escape(dot)
            );
        }
    }
    h.push_str("</section>\n");

    // Shock table.
    let rep = rshock::build(net, r, false);
    let en = r.model == Model::EisenbergNoe;
    let hit: Vec<&rshock::NodeEntry> = rep
        .nodes
        .iter()
        .filter(|n| n.loss > 0.0 || n.distress > 0.0)
        .collect();
    let _ = write!(
        h,
        "<section id=\"losses\">\n<h2>Losses</h2>\n<p>{} of {} nodes lose something; largest loss first.{}</p>\n<div class=\"scroll\"><table id=\"shock-table\">\n<thead><tr><th class=\"n\">#</th><th>node</th><th>kind</th><th class=\"n\">loss{}</th><th>distress{}</th><th>state</th><th class=\"n\">first hit in round</th>{}</tr></thead>\n<tbody>\n",
        hit.len(),
        rep.nodes.len(),
        if en {
            " Eisenberg–Noe: loss = equity lost; distress = loss / equity before the shock, capped at 100%."
        } else {
            ""
        },
        escape(&unit),
        if en {
            " (loss / equity before)"
        } else {
            " (loss / buffer)"
        },
        if en {
            "<th class=\"n\">pays / owes</th><th class=\"n\">equity after</th>"
        } else {
            ""
        }
    );
    let shocked: Vec<&str> = rep.shocks.iter().map(|s| s.node.as_str()).collect();
    for (k, n) in hit.iter().take(opts.shock_top).enumerate() {
        let state_class = if n.state == State::Defaulted {
            " class=\"state-defaulted\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr{}><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td><span class=\"sw\" style=\"background:{}\"></span>{}</td><td{state_class}>{}</td><td class=\"n\">{}</td>",
            if shocked.contains(&n.id.as_str()) {
                " class=\"shocked\""
            } else {
                ""
            },
            k + 1,
            node_cell_by_id(net, &n.id),
            escape(&n.kind),
            number(n.loss),
            distress_colour(n.distress),
            pct(n.distress),
            escape(n.state.as_str()),
            n.first_round
                .map(|x| x.to_string())
                .unwrap_or_else(|| "-".into())
        );
        if en {
            let _ = write!(
                h,
                "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                n.payment_ratio.map(pct).unwrap_or_default(),
                n.equity.map(number).unwrap_or_default()
            );
        }
        h.push_str("</tr>\n");
    }
    let _ = write!(
        h,
        "<tr class=\"total\"><td></td><td colspan=\"2\">total through the network</td><td class=\"n\">{}</td><td colspan=\"{}\">impact {}; {} distressed, {} defaulted</td></tr>\n</tbody>\n</table></div>\n",
        number(t.total_loss),
        if en { 5 } else { 3 },
        pct(t.impact),
        t.distressed,
        t.defaulted
    );
    if hit.len() > opts.shock_top {
        let _ = writeln!(
            h,
            "<p class=\"small\">… {} more nodes with smaller losses (<code>graph shock --format csv</code> lists them all).</p>",
            hit.len() - opts.shock_top
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"small\">{} nodes untouched. The total row's loss excludes the shocked nodes' own initial loss, so it is not the column's sum.</p>\n</section>",
        rep.nodes.len() - hit.len()
    );

    // Sweeps.
    h.push_str("<section id=\"sweeps\">\n<h2>Haircut sweeps</h2>\n<p>Each point is the shock with that haircut on the node <em>alone</em> (the other shocks of the scenario left out), under the same model; the grey line marks the scenario's haircut.</p>\n");
    for c in &inp.sweeps {
        let mark = r
            .shocks
            .iter()
            .find(|s| s.node == c.node)
            .map(|s| s.haircut);
        let i = c.node as usize;
        let svg = plot::sweep_svg_with(
            net,
            std::slice::from_ref(c),
            r.model,
            &PlotOptions {
                metric: Metric::Both,
                mark,
                title: Some(format!(
                    "Haircut sweep on {} — model {}",
                    net.label(i),
                    r.model.name()
                )),
                size: None,
            },
        )?;
        let at = |x: f64| {
            c.points
                .iter()
                .min_by(|a, b| (a.haircut - x).abs().total_cmp(&(b.haircut - x).abs()))
                .copied()
        };
        let end = at(1.0);
        let _ = write!(
            h,
            "<figure class=\"sweep\">\n{}\n<figcaption>Sweep of {} ({}): haircut 0 to 1 in {} steps.{}</figcaption>\n</figure>\n",
            svg_element(&svg),
            escape(net.label(i)),
            escape(net.id(i)),
            c.points.len().saturating_sub(1),
            end.map(|p| format!(
                " At haircut 1 (full default): total loss {}{}, impact {}, {} distressed, {} defaulted.",
                number(p.total_loss),
                escape(&unit),
                pct(p.impact),
                p.distressed,
                p.defaulted
            ))
            .unwrap_or_default()
        );
    }
    h.push_str("</section>\n");

    // Ranking.
    let rr = rrank::build(net, &inp.ranking, "rank");
    let _ = write!(
        h,
        "<section id=\"rank\">\n<h2>Systemic importance</h2>\n<p>Each node alone loses {} of its value (model {}); the {} nodes with the largest impact.</p>\n<div class=\"scroll\"><table id=\"rank-table\">\n<thead><tr><th class=\"n\">rank</th><th>node</th><th>kind</th><th class=\"n\">impact</th><th class=\"n\">total loss{}</th><th class=\"n\">distressed</th><th class=\"n\">defaulted</th><th class=\"n\">vulnerability</th><th class=\"n\">PageRank</th><th class=\"n\">eigenvector</th><th class=\"n\">betweenness</th></tr></thead>\n<tbody>\n",
        pct(inp.ranking.haircut),
        escape(inp.ranking.model.name()),
        opts.rank_top.min(rr.nodes.len()),
        escape(&unit)
    );
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "-".into());
    for e in rr.nodes.iter().take(opts.rank_top) {
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            e.rank,
            node_cell_by_id(net, &e.id),
            escape(&e.kind),
            pct(e.impact),
            number(e.total_loss),
            e.distressed,
            e.defaulted,
            pct(e.vulnerability),
            opt(e.pagerank),
            opt(e.eigenvector),
            opt(e.betweenness)
        );
    }
    h.push_str("</tbody>\n</table></div>\n<p class=\"small\">impact: value-weighted share of the system lost when the node fails; distressed / defaulted: other nodes it pushes into distress / default; vulnerability: mean distress it suffers when each other node fails; centralities as NetworkX computes them (<code>docs/centrality.md</code>).</p>\n");
    for n in &inp.ranking.notes {
        let _ = writeln!(h, "<p class=\"small\">Note: {}</p>", escape(n));
    }
    h.push_str("</section>\n");

    // Concentration.
    let crep = rexp::concentration(net, Vec::new(), &inp.concentration, None);
    let _ = write!(
        h,
        "<section id=\"concentration\">\n<h2>Concentration of claims</h2>\n<p>For each node, the largest counterparty's share of what it is owed (all edge kinds, at face amounts) and the Herfindahl–Hirschman index of its counterparties' shares (1 = a single counterparty); the {} most concentrated.</p>\n<div class=\"scroll\"><table id=\"concentration-table\">\n<thead><tr><th>node</th><th>kind</th><th class=\"n\">claims{}</th><th class=\"n\">counterparties</th><th>largest counterparty</th><th class=\"n\">its share</th><th class=\"n\">HHI</th></tr></thead>\n<tbody>\n",
        opts.concentration_top,
        escape(&unit)
    );
    for e in crep
        .nodes
        .iter()
        .filter(|e| e.claims > 0.0)
        .take(opts.concentration_top)
    {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}<span class=\"bar\" style=\"width:{}px\"></span></td><td class=\"n\">{}</td></tr>",
            node_cell_by_id(net, &e.id),
            escape(&e.kind),
            number(e.claims),
            e.counterparties,
            e.largest
                .as_deref()
                .map(|l| node_cell_by_id(net, l))
                .unwrap_or_else(|| "-".into()),
            pct(e.largest_share),
            (60.0 * e.largest_share).round() as u32,
            number(e.hhi)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if let Some(g) = &inp.group {
        render_group(&mut h, net, g, &unit);
    }
    h.push_str("</section>\n");

    // Sources.
    render_sources(&mut h, net);

    let _ = write!(
        h,
        "<footer>Produced by shockgraph {}{}. Self-contained: no scripts, fonts, images or style sheets are loaded from anywhere; links go to the sources.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        opts.command
            .as_deref()
            .map(|c| format!(" with <code>{}</code>", escape(c)))
            .unwrap_or_default()
    );
    Ok(h)
}

fn render_group(h: &mut String, net: &Network, g: &GroupConcentration, unit: &str) {
    let on: Vec<String> =
        g.on.iter()
            .map(|&o| net.label(o as usize).to_string())
            .collect();
    let on = on.join(" and ");
    let _ = write!(
        h,
        "<h3>Claims of the nodes with a recorded backlog on {}</h3>\n<p>Commitments of kind <code>{GROUP_KIND}</code> only, to compare with the holders' reported revenue backlog (the <code>backlog</code> attribute of each holder, with its date and sources).</p>\n<div class=\"scroll\"><table id=\"group-table\">\n<thead><tr><th>holder</th><th class=\"n\">claims on {}{}</th><th class=\"n\">all claims{}</th><th class=\"n\">share</th><th class=\"n\">backlog{}</th><th>as of</th><th class=\"n\">share of backlog</th></tr></thead>\n<tbody>\n",
        escape(&on),
        escape(&on),
        escape(unit),
        escape(unit),
        escape(unit)
    );
    let dash = || "-".to_string();
    for x in &g.holders {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"d\">{}</td><td class=\"n\">{}</td></tr>",
            node_cell(net, x.node as usize),
            number(x.on),
            number(x.total),
            pct(x.share),
            x.backlog.map(number).unwrap_or_else(dash),
            x.backlog_date.as_deref().map(escape).unwrap_or_else(dash),
            x.share_of_backlog.map(pct).unwrap_or_else(dash)
        );
    }
    let _ = writeln!(
        h,
        "<tr class=\"total\"><td>total</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td><td class=\"n\">{}</td></tr>\n</tbody>\n</table></div>",
        number(g.claims_on),
        number(g.claims_total),
        pct(g.share),
        g.backlog.map(number).unwrap_or_else(dash),
        g.share_of_backlog.map(pct).unwrap_or_else(dash)
    );
    if let (Some(s), Some(b)) = (g.share_of_backlog, g.backlog) {
        let _ = writeln!(
            h,
            "<p>Claims on {}: <b>{}</b> of these holders' combined recorded backlog ({} of {}{}).</p>",
            escape(&on),
            pct(s),
            number(g.claims_on),
            number(b),
            escape(&unit_plain(unit))
        );
    }
}

/// One source as listed: the document and where the graph uses it.
struct Listed<'a> {
    source: &'a Source,
    used_for: Vec<String>,
}

/// Every source of every node, attribute and edge, deduplicated by (status, title, url, date).
fn collect_sources(net: &Network) -> BTreeMap<(u8, String, String, String), Listed<'_>> {
    let mut places: Vec<(&Source, String)> = Vec::new();
    for i in 0..net.node_count() {
        if let Some(m) = net.node_meta(i) {
            for s in &m.sources {
                let place = match &s.figure {
                    Some(f) => format!("{} · {f}", net.id(i)),
                    None => net.id(i).to_string(),
                };
                places.push((s, place));
            }
            for (name, a) in &m.attributes {
                for s in &a.sources {
                    places.push((s, format!("{} · {name}", net.id(i))));
                }
            }
        }
    }
    for e in net.edges() {
        if let Some(m) = net.edge_meta(e.index as usize) {
            for s in &m.sources {
                places.push((
                    s,
                    format!(
                        "{} → {} ({})",
                        net.id(e.from as usize),
                        net.id(e.to as usize),
                        net.edge_kind_name(e.kind)
                    ),
                ));
            }
        }
    }
    let mut all: BTreeMap<(u8, String, String, String), Listed<'_>> = BTreeMap::new();
    for (s, place) in places {
        // Case-insensitive order of titles; the exact title, address and date tell apart.
        let key = (
            status_rank(s.status),
            format!("{}\u{0}{}", s.title.to_lowercase(), s.title),
            s.url.clone().unwrap_or_default(),
            s.date.clone(),
        );
        let e = all.entry(key).or_insert_with(|| Listed {
            source: s,
            used_for: Vec::new(),
        });
        if !e.used_for.contains(&place) {
            e.used_for.push(place);
        }
    }
    all
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Firm => 0,
        Status::Reported => 1,
        Status::Estimate => 2,
        Status::Assumption => 3,
    }
}

fn status_heading(s: Status) -> &'static str {
    match s {
        Status::Firm => "Firm — in a filing or announced by a party",
        Status::Reported => "Reported — media reports",
        Status::Estimate => "Estimate — projections and derived figures",
        Status::Assumption => "Assumption — modelling choices, argued in the graph's README",
    }
}

/// Whether a URL may become a link (http or https only; anything else is shown as text).
fn linkable(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}

fn render_sources(h: &mut String, net: &Network) {
    let all = collect_sources(net);
    let mut counts = [0usize; 4];
    for k in all.keys() {
        counts[k.0 as usize] += 1;
    }
    let statuses = [
        Status::Firm,
        Status::Reported,
        Status::Estimate,
        Status::Assumption,
    ];
    let _ = write!(
        h,
        "<section id=\"sources\">\n<h2>Sources</h2>\n<p>{} distinct sources back the graph's figures: {}.</p>\n",
        all.len(),
        statuses
            .iter()
            .map(|s| format!("{} {}", counts[status_rank(*s) as usize], s.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if all.is_empty() {
        h.push_str("<p class=\"note\">The graph records no sources.</p>\n");
    }
    for s in statuses {
        let rank = status_rank(s);
        let n = counts[rank as usize];
        if n == 0 {
            continue;
        }
        let _ = write!(
            h,
            "<h3 id=\"sources-{}\" class=\"status st-{}\">{} ({n})</h3>\n<ol class=\"sources\">\n",
            s.as_str(),
            s.as_str(),
            escape(status_heading(s))
        );
        for l in all
            .values()
            .filter(|l| status_rank(l.source.status) == rank)
        {
            let src = l.source;
            let title = match src.url.as_deref() {
                Some(u) if linkable(u) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    escape(u.trim()),
                    escape(&src.title)
                ),
                Some(u) => format!(
                    "{} <span class=\"id\">{}</span>",
                    escape(&src.title),
                    escape(u)
                ),
                None => escape(&src.title),
            };
            const SHOWN: usize = 6;
            let mut used: Vec<String> = l.used_for.iter().take(SHOWN).map(|p| escape(p)).collect();
            if l.used_for.len() > SHOWN {
                used.push(format!("and {} more", l.used_for.len() - SHOWN));
            }
            let _ = writeln!(
                h,
                "<li>{title} <span class=\"small\">({})</span><br><span class=\"small\">for {}</span></li>",
                escape(&src.date),
                used.join("; ")
            );
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(12345.6), "12,346");
        assert_eq!(number(1234567.0), "1,234,567");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(280.5), "280.5");
        assert_eq!(number(122.0), "122");
        assert_eq!(number(0.0125), "0.0125");
        assert_eq!(number(999.999), "1,000");
        assert_eq!(number(1e-6), "1.00e-6");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert!(linkable("https://example.org/x"));
        assert!(!linkable("javascript:alert(1)"));
        assert!(!linkable("file:///etc/passwd"));
    }

    #[test]
    fn svg_element_drops_the_prolog() {
        let s = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- c -->\n<svg a=\"1\"><g/></svg>\n";
        assert_eq!(svg_element(s), "<svg a=\"1\"><g/></svg>");
    }
}

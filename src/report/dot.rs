//! DOT diagrams built with graphviz-rust.
//!
//! graphviz-rust prints ids as given, so every label is escaped here (backslash, double quote,
//! newline) and quoted before it becomes an `Id::Escaped`. Nodes get a shape and colour by kind,
//! or, for a shock, a fill colour by distress on the viridis scale (perceptually uniform) with
//! untouched nodes greyed; edges a width by amount and a label with the amount and unit.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::model::{EdgeKindId, Network};

/// Node values to colour a diagram by (one per node, in [0, 1]), e.g. a shock's distress.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Title line (the scenario).
    pub title: String,
    /// Distress of each node in [0, 1].
    pub distress: Vec<f64>,
    /// Loss of each node, in graph units (shown in labels).
    pub loss: Vec<f64>,
    /// Nodes that received the initial shock.
    pub shocked: Vec<bool>,
}

/// Title of a shock scenario: "Shock: OpenAI haircut 0.5 — debtrank".
pub fn scenario_title(net: &Network, r: &crate::shock::ShockResult) -> String {
    let s: Vec<String> = r
        .shocks
        .iter()
        .map(|s| format!("{} haircut {}", net.label(s.node.index()), s.haircut))
        .collect();
    format!("Shock: {} — {}", s.join(", "), r.model.name())
}

impl Overlay {
    /// The overlay of a shock: its distress, losses and shocked nodes, titled by scenario.
    pub fn of_shock(net: &Network, r: &crate::shock::ShockResult) -> Overlay {
        let mut shocked = vec![false; net.node_count()];
        for s in &r.shocks {
            shocked[s.node.index()] = true;
        }
        Overlay {
            title: scenario_title(net, r),
            distress: r.distress.to_vec(),
            loss: r.loss.to_vec(),
            shocked,
        }
    }
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct DotOptions {
    /// Colour by a shock instead of by kind.
    pub overlay: Option<Overlay>,
    /// Draw only the `top` nodes with the largest total amount (in + out) and the edges
    /// between them; `None` draws everything.
    pub top: Option<usize>,
}

/// Escapes a string for a double-quoted DOT id and quotes it: backslash, double quote and
/// newline are backslash-escaped, `&` becomes `&amp;` (Graphviz decodes entities in labels).
pub fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            // Graphviz decodes HTML entities in labels: a bare `&amp;` would show as `&`.
            '&' => out.push_str("&amp;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(k: &str, v: Id) -> Attribute {
    Attribute(Id::Plain(k.to_string()), v)
}

fn plain(v: impl Into<String>) -> Id {
    Id::Plain(v.into())
}

/// Shape and fill colour of a node kind.
pub fn kind_style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "ai_lab" => ("ellipse", "#f4a261"),
        "cloud" => ("box", "#8ecae6"),
        "chip_vendor" => ("hexagon", "#b5e48c"),
        "investor" => ("house", "#cdb4db"),
        "company" => ("box", "#e9edc9"),
        "bank" | "lender" => ("cylinder", "#ffd6a5"),
        "spv" => ("component", "#dee2e6"),
        _ => ("ellipse", "#e5e5e5"),
    }
}

/// Line colour and style of an edge kind.
pub fn edge_style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "compute_commitment" => ("#1d3557", "solid"),
        "chip_purchase" => ("#2a9d8f", "solid"),
        "equity" => ("#7b2cbf", "dashed"),
        "debt" => ("#6c757d", "solid"),
        "revenue" => ("#e76f51", "dotted"),
        "lease" => ("#bc6c25", "solid"),
        "guarantee" => ("#9d0208", "dotted"),
        _ => ("#495057", "solid"),
    }
}

/// Viridis colour map sampled at 9 points (matplotlib's `viridis`), interpolated linearly.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2d, 0x7b),
    (0x3b, 0x52, 0x8b),
    (0x2c, 0x72, 0x8e),
    (0x21, 0x91, 0x8c),
    (0x28, 0xae, 0x80),
    (0x5e, 0xc9, 0x62),
    (0xad, 0xdc, 0x30),
    (0xfd, 0xe7, 0x25),
];

/// Colour for distress `d` in [0, 1]: viridis reversed, so no distress is pale yellow and
/// default is dark purple.
pub fn distress_colour(d: f64) -> String {
    let t = 1.0 - d.clamp(0.0, 1.0);
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    format!(
        "#{:02x}{:02x}{:02x}",
        lerp(a.0, b.0),
        lerp(a.1, b.1),
        lerp(a.2, b.2)
    )
}

/// Formats an amount compactly (`300`, `12.5`, `0.35`).
pub fn fmt_amount(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    let s = if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 0.01 {
        format!("{x:.2}")
    } else {
        format!("{x:.2e}")
    };
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn node_id(net: &Network, i: usize) -> NodeId {
    NodeId(quote(net.id(i)), None)
}

/// Which nodes a diagram draws: all, or the `top` with the largest amounts (plain diagrams)
/// or losses (shock diagrams, the shocked and the defaulted nodes first).
fn kept(net: &Network, opts: &DotOptions) -> Vec<bool> {
    let n = net.node_count();
    let Some(k) = opts.top.filter(|&k| k < n) else {
        return vec![true; n];
    };
    let mut total = vec![0.0; n];
    match &opts.overlay {
        Some(o) => {
            for (i, t) in total.iter_mut().enumerate() {
                let must = o.shocked[i] || o.distress[i] >= 1.0;
                *t = o.loss[i] + if must { 1e300 } else { 0.0 };
            }
        }
        None => {
            for e in net.edges() {
                total[e.from.index()] += e.amount;
                total[e.to.index()] += e.amount;
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| total[b].total_cmp(&total[a]).then(a.cmp(&b)));
    let mut keep = vec![false; n];
    for &i in order.iter().take(k) {
        keep[i] = true;
    }
    keep
}

/// The graph-wide attributes: title, layout, fonts.
fn graph_attributes(net: &Network, opts: &DotOptions) -> [Stmt; 3] {
    let unit = net.meta().unit_label();
    let title = match &opts.overlay {
        Some(o) => o.title.clone(),
        None => net.meta().name.clone().unwrap_or_else(|| "graph".into()),
    };
    let subtitle = if unit.is_empty() {
        String::new()
    } else {
        format!("\namounts in {unit}")
    };
    [
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", quote(&format!("{title}{subtitle}"))),
            attr("labelloc", plain("t")),
            attr("fontname", quote("Helvetica")),
            attr("rankdir", plain("TB")),
            attr("nodesep", plain("0.35")),
            attr("ranksep", plain("1.1")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", quote("filled")),
            attr("fontname", quote("Helvetica")),
            attr("fontsize", plain("11")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", quote("Helvetica")),
            attr("fontsize", plain("9")),
        ])),
    ]
}

/// Node `i`: shape and fill by kind; in a shock diagram, colour by distress and the loss.
fn node_stmt(net: &Network, opts: &DotOptions, i: usize) -> Stmt {
    let (shape, kind_fill) = kind_style(net.node_kind(i));
    let mut label = net.label(i).to_string();
    let mut fill = kind_fill.to_string();
    let mut font = "#000000".to_string();
    let mut pen = "1".to_string();
    let mut border = "#333333".to_string();
    if let Some(o) = &opts.overlay {
        let d = o.distress[i];
        if o.loss[i] > 0.0 || d > 0.0 {
            fill = distress_colour(d);
            if d > 0.55 {
                font = "#ffffff".into();
            }
            label.push_str(&format!(
                "\nloss {} ({:.0}%)",
                fmt_amount(o.loss[i]),
                100.0 * d
            ));
        } else {
            fill = "#f1f1f1".into();
            font = "#888888".into();
            border = "#bbbbbb".into();
        }
        if o.shocked[i] {
            pen = "3".into();
            border = "#d00000".into();
        }
    }
    Stmt::Node(Node::new(
        node_id(net, i),
        vec![
            attr("label", quote(&label)),
            attr("shape", plain(shape)),
            attr("fillcolor", quote(&fill)),
            attr("fontcolor", quote(&font)),
            attr("color", quote(&border)),
            attr("penwidth", plain(pen)),
        ],
    ))
}

/// What an edge's width stands for: its amount; in a shock diagram the loss that flowed
/// along it (the obligor's final distress times the exposure: what DebtRank passes along it).
fn flow(net: &Network, opts: &DotOptions, e: &crate::model::EdgeRef) -> f64 {
    match &opts.overlay {
        Some(o) => {
            let (ob, _) = net.distress_pair(e);
            o.distress[ob.index()] * e.exposure()
        }
        None => e.amount,
    }
}

/// Edge `e`: style by kind, width by [`flow`] (relative to the largest, `max_flow`).
fn edge_stmt(net: &Network, opts: &DotOptions, e: &crate::model::EdgeRef, max_flow: f64) -> Stmt {
    let kind = net.edge_kind_name(e.kind);
    let (mut colour, style) = edge_style(kind);
    let amount = if net.meta().unit_label().is_empty() {
        fmt_amount(e.amount)
    } else {
        format!("{} {}", fmt_amount(e.amount), short_unit(net))
    };
    let basis = flow(net, opts, e);
    let mut label = amount.clone();
    if opts.overlay.is_some() {
        if basis > 0.0 {
            label = format!("{amount}\npassed on {}", fmt_amount(basis));
        } else {
            colour = "#cccccc";
            label = String::new();
        }
    }
    let width = if max_flow > 0.0 && basis > 0.0 {
        0.6 + 5.4 * (basis / max_flow).sqrt()
    } else {
        0.6
    };
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(node_id(net, e.from.index())),
            Vertex::N(node_id(net, e.to.index())),
        ),
        attributes: vec![
            attr("label", quote(&label)),
            attr("penwidth", plain(format!("{width:.2}"))),
            attr("color", quote(colour)),
            attr("fontcolor", quote(colour)),
            attr("style", plain(style)),
            attr("tooltip", quote(kind)),
        ],
    })
}

/// Builds the DOT graph of `net`.
pub fn build(net: &Network, opts: &DotOptions) -> Graph {
    let keep = kept(net, opts);
    let mut stmts: Vec<Stmt> = graph_attributes(net, opts).into();
    let max_flow = net.edges().map(|e| flow(net, opts, &e)).fold(0.0, f64::max);
    for i in (0..net.node_count()).filter(|&i| keep[i]) {
        stmts.push(node_stmt(net, opts, i));
    }
    for e in net.edges() {
        if keep[e.from.index()] && keep[e.to.index()] {
            stmts.push(edge_stmt(net, opts, &e, max_flow));
        }
    }
    stmts.push(Stmt::Subgraph(legend(net, opts, &keep)));
    Graph::DiGraph {
        id: quote(net.meta().name.as_deref().unwrap_or("shockgraph")),
        strict: false,
        stmts,
    }
}

/// "$bn"-style short unit for edge labels.
fn short_unit(net: &Network) -> String {
    let m = net.meta();
    let cur = match m.currency.as_deref() {
        Some("USD") => "$".to_string(),
        Some(c) => format!("{c} "),
        None => String::new(),
    };
    let unit = match m.unit.as_deref() {
        Some("billion") => "bn",
        Some("million") => "m",
        Some("trillion") => "tn",
        Some(u) => u,
        None => "",
    };
    format!("{cur}{unit}").trim().to_string()
}

/// Escapes text for a Graphviz HTML-like label.
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The legend: one compact HTML-table node on the last rank.
fn legend(net: &Network, opts: &DotOptions, keep: &[bool]) -> Subgraph {
    let mut rows = String::from(r#"<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>"#);
    if opts.overlay.is_some() {
        rows.push_str(r#"<TR><TD COLSPAN="2">node colour: distress (loss / buffer)</TD></TR>"#);
        // A colour bar: 0% (no loss) to 100% (defaulted).
        let mut bar = String::new();
        for (d, text) in [
            (0.0, "0%"),
            (0.25, "25%"),
            (0.5, "50%"),
            (0.75, "75%"),
            (1.0, "100%"),
        ] {
            let font = if d > 0.55 { "#ffffff" } else { "#000000" };
            bar.push_str(&format!(
                r#"<TD BGCOLOR="{}"><FONT COLOR="{font}">{}</FONT></TD>"#,
                distress_colour(d),
                html(text)
            ));
        }
        rows.push_str(&format!(
            r#"<TR><TD COLSPAN="2"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>{bar}</TR></TABLE></TD></TR>"#
        ));
        rows.push_str(r#"<TR><TD COLSPAN="2">100%: defaulted</TD></TR>"#);
        rows.push_str(r##"<TR><TD BGCOLOR="#f1f1f1"><FONT COLOR="#888888">grey</FONT></TD><TD ALIGN="LEFT">untouched</TD></TR>"##);
        rows.push_str(r##"<TR><TD BORDER="3" COLOR="#d00000">red border</TD><TD ALIGN="LEFT">shocked node</TD></TR>"##);
        rows.push_str(r#"<TR><TD COLSPAN="2">edge width: loss passed along it (before the cap at the buffer)</TD></TR>"#);
    } else {
        let mut kinds: Vec<u16> = (0..net.node_count())
            .filter(|&i| keep[i])
            .map(|i| net.node_kind_index(i))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            let name = &net.kinds().nodes[k as usize].name;
            let (shape, fill) = kind_style(name);
            rows.push_str(&format!(
                r#"<TR><TD BGCOLOR="{fill}">{}</TD><TD ALIGN="LEFT">{}</TD></TR>"#,
                html(&name.replace('_', " ")),
                html(shape)
            ));
        }
        rows.push_str(r#"<TR><TD COLSPAN="2">edge width: amount</TD></TR>"#);
    }
    let mut ekinds: Vec<EdgeKindId> = net.edges().map(|e| e.kind).collect();
    ekinds.sort_unstable();
    ekinds.dedup();
    for k in ekinds {
        let kind = &net.kinds().edges[k.index()];
        let (colour, style) = edge_style(&kind.name);
        let line = match style {
            "dashed" => "- - - -",
            "dotted" => "· · · ·",
            _ => "────",
        };
        rows.push_str(&format!(
            r#"<TR><TD><FONT COLOR="{colour}">{line}</FONT></TD><TD ALIGN="LEFT">{}</TD></TR>"#,
            html(&format!(
                "{} ({} exposed)",
                kind.name.replace('_', " "),
                match kind.exposed {
                    crate::model::Exposed::From => "holder",
                    crate::model::Exposed::To => "seller/creditor",
                }
            ))
        ));
    }
    rows.push_str(r#"<TR><TD COLSPAN="2">arrows: from owes, buys from or invests in to</TD></TR>"#);
    let label = format!(
        r#"<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{rows}</TABLE>>"#
    );
    Subgraph {
        id: plain("legend_rank"),
        stmts: vec![
            Stmt::Attribute(attr("rank", plain("sink"))),
            Stmt::Node(Node::new(
                NodeId(quote("legend"), None),
                vec![
                    attr("shape", plain("plaintext")),
                    attr("style", quote("")),
                    attr("fontsize", plain("10")),
                    attr("label", Id::Html(label)),
                ],
            )),
        ],
    }
}

/// The DOT text of `net`.
pub fn to_dot(net: &Network, opts: &DotOptions) -> String {
    let g = build(net, opts);
    let mut ctx = PrinterContext::default();
    let mut s = g.print(&mut ctx);
    s.push('\n');
    s
}

/// The message of [`to_svg`]'s error when Graphviz `dot` cannot be found (front ends put
/// their own hint to it, naming their DOT output).
pub const NO_GRAPHVIZ: &str = "cannot render SVG: Graphviz `dot` is not installed (or not on PATH)";

/// Renders DOT text to SVG with Graphviz `dot`.
///
/// # Errors
/// [`crate::Error::Tool`] with the install line when `dot` is missing or fails.
pub fn to_svg(dot: &str) -> crate::Result<Vec<u8>> {
    use graphviz_rust::cmd::{CommandArg, Format};
    graphviz_rust::exec_dot(dot.to_string(), vec![CommandArg::Format(Format::Svg)]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            crate::Error::Tool {
                message: NO_GRAPHVIZ.into(),
                hint: "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`), or use `--format dot` and render elsewhere".into(),
            }
        } else {
            crate::Error::Tool {
                message: format!("Graphviz `dot` failed: {}", e.to_string().trim()),
                hint: "run `graph export --format dot` and pass the file to `dot -Tsvg` to see the full message".into(),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_specials() {
        assert_eq!(
            quote("a \"b\" \\ c\nd & é"),
            Id::Escaped("\"a \\\"b\\\" \\\\ c\\nd &amp; é\"".into())
        );
    }

    #[test]
    fn colours() {
        assert_eq!(distress_colour(1.0), "#440154");
        assert_eq!(distress_colour(0.0), "#fde725");
        assert_eq!(fmt_amount(300.0), "300");
        assert_eq!(fmt_amount(12.5), "12.5");
        assert_eq!(fmt_amount(0.35), "0.35");
    }
}

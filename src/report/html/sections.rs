//! The sections of the HTML report, in page order. Each appends its markup to the page.

use std::fmt::Write as _;

use super::text::{escape, node_cell, node_cell_by_id, number, svg_element, unit_plain};
use super::{Diagram, Inputs, Options, CSS};
use crate::analysis::scenario_report::GROUP_KIND;
use crate::analysis::{GroupConcentration, Ranking, SortBy};
use crate::error::Result;
use crate::model::Network;
use crate::report::dot::distress_colour;
use crate::report::plot::{self, Metric, PlotOptions};
use crate::report::{concentration as rconc, pct, rank as rrank, shock as rshock};
use crate::shock::{Model, ShockResult, State, Totals};

/// The document head, with the style sheet, and the opening of the page.
pub(super) fn head(h: &mut String, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"shockgraph {}\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    );
}

/// The heading: title, graph, counts, description and the navigation.
pub(super) fn header(h: &mut String, net: &Network, title: &str) {
    let meta = net.meta();
    let graph_name = meta.name.as_deref().unwrap_or("graph");
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">Graph <b>{}</b>{}{} · {} nodes, {} edges</p>\n",
        escape(title),
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
}

/// The scenario: the shocks, the model and the key figures.
pub(super) fn scenario(h: &mut String, net: &Network, r: &ShockResult, t: &Totals, unit: &str) {
    h.push_str("<section id=\"scenario\">\n<div class=\"scenario\">\n<b>Scenario</b>\n<ul>\n");
    for s in &r.shocks {
        let i = s.node;
        let _ = writeln!(
            h,
            "<li><b>{}</b> <span class=\"id\">{}</span>: haircut {} — every claim on it loses {} of its value</li>",
            escape(net.label(i)),
            escape(net.id(i)),
            number(s.haircut.get()),
            pct(s.haircut.get())
        );
    }
    let params = match r.model {
        Model::EisenbergNoe => format!(
            " (alpha {}, beta {})",
            number(r.params.alpha()),
            number(r.params.beta())
        ),
        _ => String::new(),
    };
    let _ = write!(
        h,
        "</ul>\nModel <b>{}</b>{}: {}.<br>\n{}.\n</div>\n",
        escape(r.model.name()),
        params,
        escape(super::model_description(r.model)),
        escape(&capitalised(&crate::report::basis::label(net)))
    );
    let _ = write!(
        h,
        "<div class=\"cards\">\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">total loss through the network{}</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">impact: value-weighted share of the system lost</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">nodes distressed, not defaulted</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">nodes defaulted</div></div>\
         <div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\
         </div>\n<p class=\"small\">Total loss leaves out the shocked nodes' own initial loss; the counts include the shocked nodes. Conventions: <code>docs/model.md</code>.</p>\n</section>\n",
        number(t.total_loss),
        escape(unit),
        pct(t.impact),
        t.distressed,
        t.defaulted,
        t.depth.map_or_else(|| t.iterations.to_string(), |d| d.to_string()),
        match (t.depth, r.converged) {
            (_, false) => format!(
                "stopped after {} iterations — NOT converged (raise --max-rounds)",
                t.iterations
            ),
            (Some(_), true) => format!(
                "contagion depth: hops beyond the direct counterparties (converged in {} iterations)",
                t.iterations
            ),
            (None, true) => "clearing iterations".to_string(),
        }
    );
}

/// The shock diagram, or the DOT text when Graphviz could not draw it.
pub(super) fn diagram(h: &mut String, diagram: &Diagram) {
    h.push_str("<section id=\"diagram\">\n<h2>Diagram</h2>\n");
    match diagram {
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
}

/// The table of every node with a loss.
pub(super) fn losses(
    h: &mut String,
    net: &Network,
    r: &ShockResult,
    t: &Totals,
    unit: &str,
    opts: &Options,
) {
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
        escape(unit),
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
            n.first_round.map_or_else(|| "-".into(), |x| x.to_string())
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
}

/// A haircut sweep plot per shocked node.
///
/// # Errors
/// [`plot::sweep_svg_with`]'s (a curve that cannot be drawn).
pub(super) fn sweeps(h: &mut String, net: &Network, inp: &Inputs, unit: &str) -> Result<()> {
    let r = &inp.analysis.shock;
    h.push_str("<section id=\"sweeps\">\n<h2>Haircut sweeps</h2>\n<p>Each point is the shock with that haircut on the node <em>alone</em> (the other shocks of the scenario left out), under the same model; the grey line marks the scenario's haircut.</p>\n");
    for c in &inp.analysis.sweeps {
        let mark = r
            .shocks
            .iter()
            .find(|s| s.node == c.node)
            .map(|s| s.haircut.get());
        let i = c.node;
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
                number(p.totals.total_loss),
                escape(unit),
                pct(p.totals.impact),
                p.totals.distressed,
                p.totals.defaulted
            ))
            .unwrap_or_default()
        );
    }
    h.push_str("</section>\n");

    Ok(())
}

/// The systemic-importance table.
pub(super) fn ranking(
    h: &mut String,
    net: &Network,
    ranking: &Ranking,
    unit: &str,
    opts: &Options,
) {
    let rr = rrank::build(net, ranking, SortBy::Rank);
    let _ = write!(
        h,
        "<section id=\"rank\">\n<h2>Systemic importance</h2>\n<p>Each node alone loses {} of its value (model {}); the {} nodes with the largest impact.</p>\n<div class=\"scroll\"><table id=\"rank-table\">\n<thead><tr><th class=\"n\">rank</th><th>node</th><th>kind</th><th class=\"n\">impact</th><th class=\"n\">total loss{}</th><th class=\"n\">distressed</th><th class=\"n\">defaulted</th><th class=\"n\">vulnerability</th><th class=\"n\">PageRank</th><th class=\"n\">eigenvector</th><th class=\"n\">betweenness</th></tr></thead>\n<tbody>\n",
        pct(ranking.haircut.get()),
        escape(ranking.model.name()),
        opts.rank_top.min(rr.nodes.len()),
        escape(unit)
    );
    let opt = |x: Option<f64>| x.map_or_else(|| "-".into(), |v| format!("{v:.4}"));
    for e in rr.nodes.iter().take(opts.rank_top) {
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            e.rank,
            node_cell_by_id(net, e.id),
            escape(e.kind),
            pct(e.sweep.impact),
            number(e.sweep.total_loss),
            e.sweep.distressed,
            e.sweep.defaulted,
            pct(e.sweep.vulnerability),
            opt(e.pagerank),
            opt(e.eigenvector),
            opt(e.betweenness)
        );
    }
    h.push_str("</tbody>\n</table></div>\n<p class=\"small\">impact: value-weighted share of the system lost when the node fails; distressed / defaulted: other nodes it pushes into distress / default; vulnerability: mean distress it suffers when each other node fails; centralities as NetworkX computes them (<code>docs/centrality.md</code>).</p>\n");
    for n in &ranking.notes {
        let _ = writeln!(h, "<p class=\"small\">Note: {}</p>", escape(n));
    }
    h.push_str("</section>\n");
}

/// The concentration table and, when there is one, the group figure.
pub(super) fn concentration(
    h: &mut String,
    net: &Network,
    inp: &Inputs,
    unit: &str,
    opts: &Options,
) {
    let crep = rconc::concentration(net, Vec::new(), &inp.analysis.concentration, None);
    let _ = write!(
        h,
        "<section id=\"concentration\">\n<h2>Concentration of claims</h2>\n<p>For each node, the largest counterparty's share of what it is owed (all edge kinds, at face amounts) and the Herfindahl–Hirschman index of its counterparties' shares (1 = a single counterparty); the {} most concentrated.</p>\n<div class=\"scroll\"><table id=\"concentration-table\">\n<thead><tr><th>node</th><th>kind</th><th class=\"n\">claims{}</th><th class=\"n\">counterparties</th><th>largest counterparty</th><th class=\"n\">its share</th><th class=\"n\">HHI</th></tr></thead>\n<tbody>\n",
        opts.concentration_top,
        escape(unit)
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
                .as_deref().map_or_else(|| "-".into(), |l| node_cell_by_id(net, l)),
            pct(e.largest_share),
            (60.0 * e.largest_share).round() as u32,
            number(e.hhi)
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if let Some(g) = &inp.analysis.group {
        group(h, net, g, unit);
    }
    h.push_str("</section>\n");
}

/// The footer.
pub(super) fn footer(h: &mut String, opts: &Options) {
    let _ = write!(
        h,
        "<footer>Produced by shockgraph {}{}. Self-contained: no scripts, fonts, images or style sheets are loaded from anywhere; links go to the sources.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        opts.command
            .as_deref()
            .map(|c| format!(" with <code>{}</code>", escape(c)))
            .unwrap_or_default()
    );
}

/// The group figure: the claims of the holders with a recorded backlog on the shocked nodes.
fn group(h: &mut String, net: &Network, g: &GroupConcentration, unit: &str) {
    let on: Vec<String> = g.on.iter().map(|&o| net.label(o).to_string()).collect();
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
            node_cell(net, x.node),
            number(x.on),
            number(x.total),
            pct(x.share),
            x.backlog.map_or_else(dash, number),
            x.backlog_date.as_deref().map_or_else(dash, escape),
            x.share_of_backlog.map_or_else(dash, pct)
        );
    }
    let _ = writeln!(
        h,
        "<tr class=\"total\"><td>total</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td><td class=\"n\">{}</td></tr>\n</tbody>\n</table></div>",
        number(g.claims_on),
        number(g.claims_total),
        pct(g.share),
        g.backlog.map_or_else(dash, number),
        g.share_of_backlog.map_or_else(dash, pct)
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

/// `s` with its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

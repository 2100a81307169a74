//! The shock report: `graph shock` as a table, JSON or CSV.

use serde::{Deserialize, Serialize};

#[cfg(feature = "cli")]
use super::{num, pct, table};
use crate::analysis::SampleSummary;
use crate::model::Network;
use crate::shock::{Model, ShockResult, State, Totals};

/// One shocked node as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShockEntry {
    /// Node id.
    pub node: String,
    /// Haircut.
    pub haircut: f64,
}

/// One edge shock as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EdgeShockEntry {
    /// The edge's `from` node.
    pub from: String,
    /// The edge's `to` node.
    pub to: String,
    /// The edge's kind.
    pub kind: String,
    /// Its haircut.
    pub haircut: f64,
}

/// One node's result as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NodeEntry {
    /// Node id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Node kind.
    pub kind: String,
    /// Loss in graph units.
    pub loss: f64,
    /// Final relative distress.
    pub distress: f64,
    /// Final state.
    pub state: State,
    /// Round first hit (null if never).
    pub first_round: Option<u32>,
    /// Buffer used (null when the graph gives none and the model needs none).
    pub buffer: Option<f64>,
    /// How firm the buffer is: the strongest status among its sources (firm, reported,
    /// estimate, assumption); absent when the graph gives no source for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buffer_status: Option<crate::model::Status>,
    /// Eisenberg–Noe: all the node pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<f64>,
    /// Eisenberg–Noe: paid / owed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_ratio: Option<f64>,
    /// Eisenberg–Noe: equity after clearing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equity: Option<f64>,
    /// With `--samples`: 5th percentile of the loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss_p5: Option<f64>,
    /// With `--samples`: median loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss_p50: Option<f64>,
    /// With `--samples`: 95th percentile of the loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss_p95: Option<f64>,
    /// With `--samples`: share of draws in which the node defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_probability: Option<f64>,
}

/// One round of the trace as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundEntry {
    /// Round number.
    pub round: u32,
    /// Total loss after the round.
    pub total_loss: f64,
    /// Nodes whose distress changed, with their distress after the round.
    pub changes: Vec<ChangeEntry>,
}

/// A node's distress after a round.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// Node id.
    pub id: String,
    /// Distress after the round.
    pub distress: f64,
}

/// The `graph shock --format json` document (`docs/output.md`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShockReport {
    /// Model name.
    pub model: Model,
    /// Model parameters.
    pub parameters: serde_json::Value,
    /// The shocks.
    pub shocks: Vec<ShockEntry>,
    /// The edge shocks (only when some are given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edge_shocks: Vec<EdgeShockEntry>,
    /// Whether propagation converged.
    pub converged: bool,
    /// Rounds in which some distress changed (alias of `iterations`).
    pub rounds: u32,
    /// The totals (`docs/model.md#totals`).
    #[serde(flatten)]
    pub totals: Totals,
    /// `total_loss` split by node kind (every kind of the graph's nodes, zeros included).
    pub loss_by_kind: std::collections::BTreeMap<String, f64>,
    /// Every node, by loss descending, ties by id.
    pub nodes: Vec<NodeEntry>,
    /// Round-by-round trace (with `--trace`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<RoundEntry>>,
    /// With `--samples`: number of draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    /// With `--samples`: the seed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// With `--samples`: uncertain figures drawn per sample.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertain_figures: Option<usize>,
    /// With `--samples`: 5th percentile of the total loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_loss_p5: Option<f64>,
    /// With `--samples`: median total loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_loss_p50: Option<f64>,
    /// With `--samples`: 95th percentile of the total loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_loss_p95: Option<f64>,
}

/// Adds the sampling summary (`--samples`) to a report.
pub fn add_samples(net: &Network, rep: &mut ShockReport, s: &SampleSummary) {
    add_samples_with(
        &|id| {
            net.index_of(id)
                .expect("report ids come from the network")
                .index()
        },
        rep,
        s,
    );
}

/// [`add_samples`] with the node index of an id given by `index_of` (for a report rebuilt
/// without its graph, `super::shard`).
pub fn add_samples_with(
    index_of: &dyn Fn(&str) -> usize,
    rep: &mut ShockReport,
    s: &SampleSummary,
) {
    rep.samples = Some(s.samples);
    rep.seed = Some(s.seed);
    rep.uncertain_figures = Some(s.uncertain);
    rep.total_loss_p5 = Some(s.total_loss_p5);
    rep.total_loss_p50 = Some(s.total_loss_p50);
    rep.total_loss_p95 = Some(s.total_loss_p95);
    for n in &mut rep.nodes {
        let x = s.nodes[index_of(&n.id)];
        n.loss_p5 = Some(x.loss_p5);
        n.loss_p50 = Some(x.loss_p50);
        n.loss_p95 = Some(x.loss_p95);
        n.default_probability = Some(x.default_probability);
    }
}

/// The parameters object of a model run, with the network's basis and overrides
/// ([`super::basis::record`]).
pub fn parameters(net: &Network, r: &ShockResult) -> serde_json::Value {
    let p = match r.model {
        Model::EisenbergNoe => {
            serde_json::json!({ "alpha": r.params.alpha(), "beta": r.params.beta() })
        }
        Model::DebtRank => serde_json::json!({ "tolerance": r.params.tolerance() }),
        _ => serde_json::json!({}),
    };
    super::basis::with_basis(net, p)
}

/// Builds the report of a shock.
pub fn build(net: &Network, r: &ShockResult, with_trace: bool) -> ShockReport {
    let t = r.totals(net);
    let nodes = r
        .order(net)
        .into_iter()
        .map(|i| NodeEntry {
            id: net.id(i).to_string(),
            label: net.label(i).to_string(),
            kind: net.node_kind(i).to_string(),
            loss: r.loss[i],
            distress: r.distress[i],
            state: r.state[i],
            first_round: r.first_round[i],
            buffer: net
                .buffer(i)
                .or_else(|| r.clearing.as_ref().map(|_| r.buffer[i])),
            buffer_status: net.node_meta(i).and_then(|m| {
                crate::model::Status::strongest(
                    &m.sources,
                    Some(if basis_is_market(net) {
                        "value"
                    } else {
                        "buffer"
                    }),
                )
            }),
            payment: r.clearing.as_ref().map(|c| c.payment[i]),
            payment_ratio: r.clearing.as_ref().map(|c| c.payment_ratio[i]),
            equity: r.clearing.as_ref().map(|c| c.equity[i]),
            loss_p5: None,
            loss_p50: None,
            loss_p95: None,
            default_probability: None,
        })
        .collect();
    let trace = with_trace.then(|| {
        r.trace
            .iter()
            .map(|round| {
                let mut changes: Vec<ChangeEntry> = round
                    .changes
                    .iter()
                    .map(|&(i, h)| ChangeEntry {
                        id: net.id(i).to_string(),
                        distress: h,
                    })
                    .collect();
                changes.sort_by(|a, b| b.distress.total_cmp(&a.distress).then(a.id.cmp(&b.id)));
                RoundEntry {
                    round: round.round,
                    total_loss: round.total_loss,
                    changes,
                }
            })
            .collect()
    });
    ShockReport {
        model: r.model,
        parameters: parameters(net, r),
        shocks: r
            .shocks
            .iter()
            .map(|s| ShockEntry {
                node: net.id(s.node).to_string(),
                haircut: s.haircut.get(),
            })
            .collect(),
        edge_shocks: r
            .edge_shocks
            .iter()
            .map(|s| {
                let e = net.edge(s.edge);
                EdgeShockEntry {
                    from: net.id(e.from).to_string(),
                    to: net.id(e.to).to_string(),
                    kind: net.edge_kind_name(e.kind).to_string(),
                    haircut: s.haircut.get(),
                }
            })
            .collect(),
        converged: r.converged,
        rounds: r.rounds,
        totals: t,
        loss_by_kind: r.loss_by_kind(net),
        nodes,
        trace,
        samples: None,
        seed: None,
        uncertain_figures: None,
        total_loss_p5: None,
        total_loss_p50: None,
        total_loss_p95: None,
    }
}

/// CSV: one row per node with the JSON field names.
pub fn to_csv(rep: &ShockReport) -> String {
    let en = rep.model == Model::EisenbergNoe;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "label",
        "kind",
        "loss",
        "distress",
        "state",
        "first_round",
        "buffer",
    ];
    if en {
        header.extend(["payment", "payment_ratio", "equity"]);
    }
    let sampled = rep.samples.is_some();
    if sampled {
        header.extend(["loss_p5", "loss_p50", "loss_p95", "default_probability"]);
    }
    w.write_record(&header).expect("csv to memory");
    for n in &rep.nodes {
        let mut row = vec![
            n.id.clone(),
            n.label.clone(),
            n.kind.clone(),
            n.loss.to_string(),
            n.distress.to_string(),
            n.state.as_str().to_string(),
            n.first_round.map(|r| r.to_string()).unwrap_or_default(),
            n.buffer.map(|b| b.to_string()).unwrap_or_default(),
        ];
        if en {
            for v in [n.payment, n.payment_ratio, n.equity] {
                row.push(v.map(|x| x.to_string()).unwrap_or_default());
            }
        }
        if sampled {
            for v in [n.loss_p5, n.loss_p50, n.loss_p95, n.default_probability] {
                row.push(v.map(|x| x.to_string()).unwrap_or_default());
            }
        }
        w.write_record(&row).expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

/// The "Shock:" line's parts: one per shocked node and per edge shock.
#[cfg(feature = "cli")]
fn shock_lines(rep: &ShockReport) -> Vec<String> {
    rep.shocks
        .iter()
        .map(|s| {
            format!(
                "{} loses {} of its value (haircut {})",
                s.node,
                pct(s.haircut),
                s.haircut
            )
        })
        .chain(rep.edge_shocks.iter().map(|e| {
            format!(
                "the claim {} -> {} ({}) loses {} (haircut {})",
                e.from,
                e.to,
                e.kind,
                pct(e.haircut),
                e.haircut
            )
        }))
        .collect()
}

/// The human-readable report: scenario, node table by loss, totals, optional trace.
#[cfg(feature = "cli")]
pub fn to_table(net: &Network, rep: &ShockReport, top: usize) -> String {
    to_table_with(
        &net.meta().unit_label(),
        &super::basis::label(net),
        rep,
        top,
    )
}

/// [`to_table`] with the graph's unit label and [`super::basis::label`] given (for a report
/// rebuilt without its graph, `super::shard`).
#[cfg(feature = "cli")]
pub fn to_table_with(unit: &str, basis_label: &str, rep: &ShockReport, top: usize) -> String {
    let unit_s = if unit.is_empty() {
        String::new()
    } else {
        format!(" ({unit})")
    };
    let mut out = String::new();
    let shocks = shock_lines(rep);
    out.push_str(&format!(
        "Shock: {} — model {}, {}\n",
        shocks.join("; "),
        rep.model_name(),
        basis_label
    ));
    let en = rep.model == Model::EisenbergNoe;
    let header = if en {
        vec![
            "node",
            "kind",
            "loss",
            "distress",
            "state",
            "hop",
            "pays / owes",
            "equity after",
        ]
    } else {
        vec![
            "node",
            "kind",
            "loss",
            "loss / buffer",
            "state",
            "hop",
            "buffer source",
        ]
    };
    if en {
        out.push_str("(Eisenberg–Noe: loss = equity lost; distress = loss / equity before the shock, capped at 100%)\n");
    }
    let sampled = rep.samples.is_some();
    let mut header = header;
    let base = header.len();
    if sampled {
        header.extend(["loss p5", "p50", "p95", "P(default)"]);
    }
    let mut right: Vec<usize> = if en {
        vec![2, 3, 5, 6, 7]
    } else {
        vec![2, 3, 5]
    };
    if sampled {
        right.extend(base..base + 4);
    }
    let mut t = table(&header, &right);
    let hit: Vec<&NodeEntry> = rep
        .nodes
        .iter()
        .filter(|n| n.loss > 0.0 || n.distress > 0.0 || n.loss_p95.is_some_and(|x| x > 0.0))
        .collect();
    for n in hit.iter().take(top) {
        let mut row = vec![
            n.id.clone(),
            n.kind.clone(),
            num(n.loss),
            pct(n.distress),
            n.state.as_str().to_string(),
            hop(rep, n),
        ];
        if !en {
            row.push(n.buffer_status.map_or("-", |s| s.as_str()).to_string());
        }
        if en {
            row.push(n.payment_ratio.map(pct).unwrap_or_default());
            row.push(n.equity.map(num).unwrap_or_default());
        }
        if sampled {
            for v in [n.loss_p5, n.loss_p50, n.loss_p95] {
                row.push(v.map(num).unwrap_or_default());
            }
            row.push(n.default_probability.map(pct).unwrap_or_default());
        }
        t.add_row(row);
    }
    out.push_str(&format!(
        "Losses{unit_s}, largest first (hop: 1 = a direct counterparty of a shocked node, 2 = one link further, ...; buffer source: how firm the buffer figure is):\n{t}\n"
    ));
    let untouched = rep.nodes.len() - hit.len();
    if hit.len() > top {
        out.push_str(&format!(
            "... {} more nodes with losses (use --top N, or --format csv for all)\n",
            hit.len() - top
        ));
    }
    out.push_str(&format!(
        "{untouched} of {} nodes untouched.\n",
        rep.nodes.len()
    ));
    out.push_str(&totals_lines(rep, &unit_s));
    if let (Some(k), Some(seed)) = (rep.samples, rep.seed) {
        out.push_str(&format!(
            "Uncertainty: {k} draws (seed {seed}) of the {} figures the graph gives ranges for; total loss p5 {}, p50 {}, p95 {}. Loss and state columns are at the figures as given.\n",
            rep.uncertain_figures.unwrap_or(0),
            num(rep.total_loss_p5.unwrap_or(f64::NAN)),
            num(rep.total_loss_p50.unwrap_or(f64::NAN)),
            num(rep.total_loss_p95.unwrap_or(f64::NAN)),
        ));
    }
    if let Some(trace) = &rep.trace {
        out.push_str(&trace_table(rep, trace));
    }
    out
}

/// The totals under the node table: what the total adds up, its split by kind, the value
/// lost, and how far and how long the contagion ran (never a bare "rounds").
#[cfg(feature = "cli")]
pub fn totals_lines(rep: &ShockReport, unit_s: &str) -> String {
    let t = &rep.totals;
    let kinds: Vec<String> = rep
        .loss_by_kind
        .iter()
        .filter(|(_, v)| **v != 0.0)
        .map(|(k, v)| format!("{k} {}", num(*v)))
        .collect();
    let by_kind = if kinds.is_empty() {
        String::new()
    } else {
        format!("  By node kind: {}\n", kinds.join(", "))
    };
    let depth = match t.depth {
        Some(d) => format!(
            "contagion depth {d} hop{} beyond the direct counterparties, ",
            if d == 1 { "" } else { "s" }
        ),
        None => String::new(),
    };
    let ran = if rep.model == Model::EisenbergNoe {
        format!("clearing converged in {} iterations", t.iterations)
    } else {
        format!("converged in {} iterations", t.iterations)
    };
    format!(
        "Total loss through the network{unit_s}: {} = the sum over nodes of (distress - initial distress) x buffer; the shocked nodes' own initial loss left out\n\
         {by_kind}\
         Value lost{unit_s}: {} = impact {} of the total value\n\
         Distressed: {}   Defaulted: {}   ({depth}{}){}\n",
        num(t.total_loss),
        num(t.value_lost),
        pct(t.impact),
        t.distressed,
        t.defaulted,
        if rep.converged { ran } else { format!("stopped after {} iterations", t.iterations) },
        if rep.converged { "" } else { "   NOT converged: raise --max-rounds" }
    )
}

#[cfg(feature = "cli")]
/// Changes of distress below this are left out of the round-by-round table (JSON has them).
const TRACE_SHOWN: f64 = 5e-4;

#[cfg(feature = "cli")]
/// The round-by-round table: each round's distress increases of at least 0.05 percentage
/// points; runs of rounds with only smaller changes (slow feedback converging) are folded.
fn trace_table(rep: &ShockReport, trace: &[RoundEntry]) -> String {
    let mut t = table(
        &[
            "round",
            "node",
            "distress before",
            "distress after",
            "total loss after",
        ],
        &[0, 2, 3, 4],
    );
    let mut prev: std::collections::HashMap<&str, f64> =
        rep.shocks.iter().map(|s| (s.node.as_str(), 0.0)).collect();
    let mut quiet: Option<(u32, u32, f64)> = None;
    let flush = |t: &mut comfy_table::Table, q: &mut Option<(u32, u32, f64)>| {
        if let Some((a, b, loss)) = q.take() {
            let rounds = if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            };
            t.add_row(vec![
                rounds,
                "(changes below 0.05 points)".to_string(),
                String::new(),
                String::new(),
                if loss.is_finite() {
                    num(loss)
                } else {
                    String::new()
                },
            ]);
        }
    };
    for r in trace {
        let mut rows = Vec::new();
        for c in &r.changes {
            let before = prev.get(c.id.as_str()).copied().unwrap_or(0.0);
            if c.distress - before >= TRACE_SHOWN || r.round == 1 {
                rows.push((c.id.clone(), before, c.distress));
            }
        }
        for c in &r.changes {
            prev.insert(c.id.as_str(), c.distress);
        }
        if rows.is_empty() {
            quiet = Some(match quiet {
                Some((a, _, _)) => (a, r.round, r.total_loss),
                None => (r.round, r.round, r.total_loss),
            });
            continue;
        }
        flush(&mut t, &mut quiet);
        for (k, (id, before, after)) in rows.into_iter().enumerate() {
            t.add_row(vec![
                if k == 0 {
                    r.round.to_string()
                } else {
                    String::new()
                },
                id,
                pct(before),
                pct(after),
                if k == 0 && r.total_loss.is_finite() {
                    num(r.total_loss)
                } else {
                    String::new()
                },
            ]);
        }
    }
    flush(&mut t, &mut quiet);
    format!("\nRound by round (distress increases of 0.05 points or more; --format json has every change):\n{t}\n")
}

impl ShockReport {
    /// The model's name.
    pub fn model_name(&self) -> &'static str {
        self.model.name()
    }
}

/// Nodes whose distress is within the tolerance of 1, for messages.
pub fn defaulted_ids(rep: &ShockReport) -> Vec<&str> {
    rep.nodes
        .iter()
        .filter(|n| n.state == State::Defaulted)
        .map(|n| n.id.as_str())
        .collect()
}

/// True when the network was loaded on the market basis (its buffers are market values).
fn basis_is_market(net: &Network) -> bool {
    net.adjustments().basis == crate::model::Basis::Market
}

/// The hop column: `shock` for a shocked node, else its first round (1 = a direct
/// counterparty), `-` when never reached.
#[cfg(feature = "cli")]
fn hop(rep: &ShockReport, n: &NodeEntry) -> String {
    if rep.shocks.iter().any(|s| s.node == n.id && s.haircut > 0.0) {
        "shock".into()
    } else {
        n.first_round.map_or_else(|| "-".into(), |r| r.to_string())
    }
}

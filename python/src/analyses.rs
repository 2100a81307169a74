//! The analyses beyond a single shock: `graph rank`, `exposure`, `sweep` and `tipping`, each
//! returning the JSON report its command prints (`--format json`), computed with the GIL
//! released.

use std::sync::Arc;

use pyo3::prelude::*;
use shockgraph::analysis::exposure::{exposure, Direction, Paths};
use shockgraph::analysis::{self, Centralities, Lever, SortBy, Target};
use shockgraph::report::{self, exposure as rexp, rank as rrank, shock as rshock, whatif as rw};
use shockgraph::shock::{self, EdgeShock, Haircut, Model, Params};
use shockgraph::{Error, Network, Param};

use crate::{py_err, PyGraph};

/// An edge selection from Python: `(from, to, kind or None, haircut or None)`.
pub(crate) type EdgeSpec = (String, String, Option<String>, Option<f64>);

/// The model named `name` (default DebtRank).
pub(crate) fn model(name: Option<&str>) -> shockgraph::Result<Model> {
    match name {
        None => Ok(Model::DebtRank),
        Some(m) => Model::parse(m).ok_or_else(|| {
            Error::param(
                Param::Shocks,
                format!("unknown model `{m}`"),
                Some("debtrank, debtrank-classic, threshold or eisenberg-noe"),
            )
        }),
    }
}

/// Rogers–Veraart costs (1 when not given), as `--alpha`/`--beta` set them.
fn costs(alpha: Option<f64>, beta: Option<f64>) -> shockgraph::Result<Params> {
    Params::default()
        .with_alpha(alpha.unwrap_or(1.0))?
        .with_beta(beta.unwrap_or(1.0))
}

/// A haircut in [0, 1] of the edge selection `label`.
fn edge_haircut(label: &str, h: f64) -> shockgraph::Result<Haircut> {
    Haircut::new(h).map_err(|_| {
        Error::param(
            Param::Haircut,
            format!("the haircut of edge `{label}` is {h}, not in [0, 1]"),
            Some("1 writes the edge off"),
        )
    })
}

/// One edge selection: its label `FROM:TO[:KIND]`, its edges, and its haircut if given.
pub(crate) struct EdgeSel {
    pub label: String,
    pub edges: Vec<shockgraph::EdgeId>,
    pub haircut: Option<Haircut>,
}

/// Resolves edge selections against the graph, as `--edge FROM:TO[:KIND][=H]` does.
pub(crate) fn edge_sels(net: &Network, specs: &[EdgeSpec]) -> shockgraph::Result<Vec<EdgeSel>> {
    specs
        .iter()
        .map(|(from, to, kind, h)| {
            let label = match kind {
                Some(k) => format!("{from}:{to}:{k}"),
                None => format!("{from}:{to}"),
            };
            let edges = shock::edge::select(net, from, to, kind.as_deref())?;
            let haircut = h.map(|h| edge_haircut(&label, h)).transpose()?;
            Ok(EdgeSel {
                label,
                edges,
                haircut,
            })
        })
        .collect()
}

/// Splits selections into levers (no haircut) and fixed edge shocks (with a haircut), and the
/// fixed ones' JSON record for `parameters.edge_shocks`.
fn split(sels: Vec<EdgeSel>) -> (Vec<Lever>, Vec<EdgeShock>, Vec<serde_json::Value>) {
    let (mut levers, mut fixed, mut json) = (Vec::new(), Vec::new(), Vec::new());
    for s in sels {
        match s.haircut {
            Some(h) => {
                fixed.extend(s.edges.iter().map(|&e| EdgeShock::new(e, h)));
                json.push(serde_json::json!({"edge": s.label, "haircut": h.get()}));
            }
            None => levers.push(Lever::Edges {
                label: s.label,
                edges: s.edges,
            }),
        }
    }
    (levers, fixed, json)
}

/// `graph rank --format json`.
#[pyfunction]
#[pyo3(signature = (graph, model = None, haircut = 1.0, by = "rank", centrality = true, tolerance = shock::TOLERANCE))]
pub(crate) fn rank_json(
    py: Python<'_>,
    graph: &PyGraph,
    model: Option<String>,
    haircut: f64,
    by: &str,
    centrality: bool,
    tolerance: f64,
) -> PyResult<String> {
    let net = Arc::clone(&graph.net);
    let by = by.to_string();
    py.detach(move || {
        let model = self::model(model.as_deref())?;
        let by: SortBy = by.parse().map_err(|m: String| {
            Error::param(
                Param::Shocks,
                m,
                Some(&format!(
                    "one of: {}",
                    SortBy::ALL.map(SortBy::name).join(", ")
                )),
            )
        })?;
        let haircut = Haircut::new(haircut).map_err(|_| {
            Error::param(
                Param::Haircut,
                format!("{haircut} is not in [0, 1]"),
                Some("1 is a full default"),
            )
        })?;
        let params = Params::default().with_tolerance(tolerance)?;
        let include = if centrality {
            Centralities::Include
        } else {
            Centralities::Skip
        };
        let mut r = analysis::rank(&net, model, haircut, &params, include, &|_| {})?;
        if !centrality {
            r.notes
                .push("centrality columns left out (centrality=False)".into());
        }
        Ok(report::to_json(&rrank::build(&net, &r, by)))
    })
    .map_err(py_err)
}

/// `graph exposure --format json`.
#[pyfunction]
#[pyo3(signature = (graph, node, model = None, paths = false, reverse = false))]
pub(crate) fn exposure_json(
    py: Python<'_>,
    graph: &PyGraph,
    node: String,
    model: Option<String>,
    paths: bool,
    reverse: bool,
) -> PyResult<String> {
    let net = Arc::clone(&graph.net);
    py.detach(move || {
        let model = self::model(model.as_deref())?;
        let x = net.node(&node)?;
        let direction = if reverse {
            Direction::Of
        } else {
            Direction::To
        };
        let paths = if paths { Paths::Find } else { Paths::Skip };
        let e = exposure(&net, x, direction, model, &Params::default(), paths)?;
        Ok(report::to_json(&rexp::exposure(&net, &e)))
    })
    .map_err(py_err)
}

/// `graph sweep --format json`: one curve per node, then one per edge selection without a
/// haircut; the selections with one are applied at every point.
#[pyfunction]
#[pyo3(signature = (graph, nodes, edges = Vec::new(), model = None, steps = 20, alpha = None, beta = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sweep_json(
    py: Python<'_>,
    graph: &PyGraph,
    nodes: Vec<String>,
    edges: Vec<EdgeSpec>,
    model: Option<String>,
    steps: usize,
    alpha: Option<f64>,
    beta: Option<f64>,
) -> PyResult<String> {
    let net = Arc::clone(&graph.net);
    py.detach(move || {
        let model = self::model(model.as_deref())?;
        let mut levers = Vec::new();
        for n in &nodes {
            let i = net.node(n)?;
            if levers.contains(&Lever::Node(i)) {
                return Err(Error::param(
                    Param::Shocks,
                    format!("`{n}` is given twice"),
                    None,
                ));
            }
            levers.push(Lever::Node(i));
        }
        let (edge_levers, fixed, fixed_json) = split(edge_sels(&net, &edges)?);
        levers.extend(edge_levers);
        if levers.is_empty() {
            return Err(Error::param(
                Param::Shocks,
                "nothing to sweep",
                Some("give node=ID or an edge without a haircut"),
            ));
        }
        let params = costs(alpha, beta)?;
        let (curves, edge_curves) =
            analysis::sweep_with(&net, model, &levers, &fixed, steps, &params)?;
        let rep = rw::SweepReport {
            model,
            parameters: rw::sweep_parameters(&net, model, steps, &params, fixed_json),
            curves: &curves,
            edge_curves: &edge_curves,
        };
        Ok(report::to_json_named(&net, &rep))
    })
    .map_err(py_err)
}

/// `graph tipping --format json`: the smallest haircut on `node` (or on the one edge selection
/// without a haircut) that brings `target` (an id or `any`) to distress `level`.
#[pyfunction]
#[pyo3(signature = (graph, target, node = None, edges = Vec::new(), level = 1.0, model = None, alpha = None, beta = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn tipping_json(
    py: Python<'_>,
    graph: &PyGraph,
    target: String,
    node: Option<String>,
    edges: Vec<EdgeSpec>,
    level: f64,
    model: Option<String>,
    alpha: Option<f64>,
    beta: Option<f64>,
) -> PyResult<String> {
    let net = Arc::clone(&graph.net);
    py.detach(move || {
        let model = self::model(model.as_deref())?;
        let mut levers = Vec::new();
        if let Some(n) = &node {
            levers.push(Lever::Node(net.node(n)?));
        }
        let (edge_levers, fixed, _) = split(edge_sels(&net, &edges)?);
        levers.extend(edge_levers);
        if levers.len() != 1 {
            return Err(Error::param(
                Param::Shocks,
                if levers.is_empty() {
                    "no haircut to grow"
                } else {
                    "give one haircut to grow, not several"
                },
                Some(
                    "give node=ID, or one edge without a haircut (edges with one are fixed shocks)",
                ),
            ));
        }
        let lever = levers.remove(0);
        let tgt = if target == "any" {
            Target::Any
        } else {
            Target::Node(net.node(&target)?)
        };
        let params = costs(alpha, beta)?;
        let t = analysis::tipping_with(&net, model, &lever, &fixed, tgt, level, &params)?;
        let rep = rw::TippingReport {
            node,
            edge: match &lever {
                Lever::Edges { label, .. } => Some(label.clone()),
                Lever::Node(_) => None,
            },
            target,
            level,
            haircut: t.haircut,
            tipped: t.tipped.map(|i| net.id(i).to_string()),
            shock: rshock::build(&net, &t.shock, false),
        };
        Ok(report::to_json(&rep))
    })
    .map_err(py_err)
}

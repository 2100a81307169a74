//! Python bindings of shockgraph: a thin PyO3 layer over the library facade.
//!
//! The Rust side holds the graph and runs the engines with the GIL released; results cross as
//! the very JSON reports the `graph` command line prints (so Python and CLI agree to the last
//! digit), and the Python package (`python/shockgraph/`) wraps them in small result classes.
//! Library errors become `ValueError` (bad input, bad parameter, unknown node), `OSError`
//! (files) or `RuntimeError` (no convergence), with the library's message.

mod analyses;

use std::path::PathBuf;
use std::sync::Arc;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use shockgraph::analysis::{self, Dist, Growth, Policy, SampleConfig, StallSpec};
use shockgraph::centrality::{self, Convergence, Measure, View};
use shockgraph::io::scenario::{Scenario, ScenarioEdge, ScenarioShock};
use shockgraph::model::{GraphMeta, Kinds, NetworkBuilder, NodeFigures};
use shockgraph::report::{self, centrality as rc, shock as rshock, stall as rstall};
use shockgraph::shock::{self, Params};
use shockgraph::{Error, Network};

fn py_err(e: Error) -> PyErr {
    match e {
        Error::Io { .. } => PyOSError::new_err(e.to_string()),
        Error::NoConvergence { .. } => PyRuntimeError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// A validated, immutable graph of commitments (nodes and weighted, typed, directed edges).
#[pyclass(module = "shockgraph._shockgraph", name = "Graph", frozen)]
struct PyGraph {
    net: Arc<Network>,
}

fn wrap(r: shockgraph::Result<Network>) -> PyResult<PyGraph> {
    r.map(|net| PyGraph { net: Arc::new(net) }).map_err(py_err)
}

#[pymethods]
impl PyGraph {
    /// Number of nodes.
    #[getter]
    fn node_count(&self) -> usize {
        self.net.node_count()
    }

    /// Number of edges.
    #[getter]
    fn edge_count(&self) -> usize {
        self.net.edge_count()
    }

    /// Node ids in index order.
    fn ids(&self) -> Vec<String> {
        self.net
            .nodes()
            .map(|i| self.net.id(i).to_string())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.net.node_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "<shockgraph.Graph: {} nodes, {} edges>",
            self.net.node_count(),
            self.net.edge_count()
        )
    }

    /// The graph as text: `shockgraph` (JSON, loads back unchanged), `node-link`, `graphml`
    /// or `gexf`.
    #[pyo3(signature = (format = "shockgraph"))]
    fn dumps(&self, format: &str) -> PyResult<String> {
        let net = &self.net;
        Ok(match format {
            "shockgraph" | "json" => shockgraph::io::json::to_string(net),
            "node-link" => shockgraph::io::nodelink::to_string(net),
            "graphml" => shockgraph::io::graphml::to_string(net),
            "gexf" => shockgraph::io::gexf::to_string(net),
            other => {
                return Err(PyValueError::new_err(format!(
                    "format `{other}` is not one of shockgraph, node-link, graphml, gexf"
                )))
            }
        })
    }

    /// Edge columns: (source index, target index, amount, recovery, kind index) as numpy
    /// arrays, and the edge kind names by index.
    #[allow(clippy::type_complexity)]
    fn edge_arrays<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        Bound<'py, PyArray1<u32>>,
        Bound<'py, PyArray1<u32>>,
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray1<f64>>,
        Bound<'py, PyArray1<u16>>,
        Vec<String>,
    ) {
        let net = &self.net;
        let m = net.edge_count();
        let (mut s, mut t, mut a, mut r, mut k) = (
            Vec::with_capacity(m),
            Vec::with_capacity(m),
            Vec::with_capacity(m),
            Vec::with_capacity(m),
            Vec::with_capacity(m),
        );
        for e in net.edges() {
            s.push(e.from.index() as u32);
            t.push(e.to.index() as u32);
            a.push(e.amount);
            r.push(e.recovery);
            k.push(e.kind.raw());
        }
        let names = net.kinds().edges.iter().map(|e| e.name.clone()).collect();
        (
            s.into_pyarray(py),
            t.into_pyarray(py),
            a.into_pyarray(py),
            r.into_pyarray(py),
            k.into_pyarray(py),
            names,
        )
    }

    /// Node columns: ids, labels, kinds, and buffer, value, external assets and liabilities
    /// (NaN where not given).
    #[allow(clippy::type_complexity)]
    fn node_columns<'py>(
        &self,
        py: Python<'py>,
    ) -> (
        Vec<String>,
        Vec<String>,
        Vec<String>,
        Vec<Bound<'py, PyArray1<f64>>>,
    ) {
        let net = &self.net;
        let ids = net.nodes().map(|i| net.id(i).to_string()).collect();
        let labels = net.nodes().map(|i| net.label(i).to_string()).collect();
        let kinds = net.nodes().map(|i| net.node_kind(i).to_string()).collect();
        let col = |f: &dyn Fn(NodeFigures) -> Option<f64>| -> Vec<f64> {
            net.nodes()
                .map(|i| f(net.figures(i)).unwrap_or(f64::NAN))
                .collect()
        };
        let figures = vec![
            col(&|f| f.buffer).into_pyarray(py),
            col(&|f| f.value).into_pyarray(py),
            col(&|f| f.external_assets).into_pyarray(py),
            col(&|f| f.external_liabilities).into_pyarray(py),
        ];
        (ids, labels, kinds, figures)
    }

    /// `graph shock --format json` for the same shocks and options.
    /// `edges` are `(from, to, kind or None, haircut)` edge shocks; `samples` draws the
    /// uncertain figures that many times (`--samples`, `--seed`, `--dist`).
    #[pyo3(signature = (shocks, model = None, alpha = None, beta = None, max_rounds = 1_000_000, tolerance = shock::TOLERANCE, trace = false, edges = Vec::new(), samples = None, seed = 1, dist = None))]
    #[allow(clippy::too_many_arguments)]
    fn shock_json(
        &self,
        py: Python<'_>,
        shocks: Vec<(String, f64)>,
        model: Option<String>,
        alpha: Option<f64>,
        beta: Option<f64>,
        max_rounds: usize,
        tolerance: f64,
        trace: bool,
        edges: Vec<(String, String, Option<String>, f64)>,
        samples: Option<usize>,
        seed: u64,
        dist: Option<String>,
    ) -> PyResult<String> {
        let net = Arc::clone(&self.net);
        py.detach(move || {
            let sc = Scenario {
                model,
                alpha,
                beta,
                shocks: shocks
                    .into_iter()
                    .map(|(node, haircut)| ScenarioShock { node, haircut })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|(from, to, kind, haircut)| ScenarioEdge {
                        from,
                        to,
                        kind,
                        haircut,
                    })
                    .collect(),
                ..Scenario::default()
            };
            let base = Params::default()
                .with_max_rounds(max_rounds)
                .with_trace(if trace {
                    shock::Trace::On
                } else {
                    shock::Trace::Off
                });
            let plan = sc.resolve(&net, base)?;
            let params = plan.params.with_tolerance(tolerance)?;
            let r = shock::run_with_edges(&net, plan.model, &plan.shocks, &plan.edges, &params)?;
            let mut rep = rshock::build(&net, &r, trace);
            if let Some(samples) = samples {
                if !plan.edges.is_empty() {
                    return Err(Error::param(
                        shockgraph::Param::Samples,
                        "uncertainty sampling does not take edge shocks yet",
                        Some("drop samples or edges"),
                    ));
                }
                let dist = match dist.as_deref() {
                    None => Dist::Uniform,
                    Some(d) => *Dist::ALL.iter().find(|x| x.name() == d).ok_or_else(|| {
                        Error::param(
                            shockgraph::Param::Samples,
                            format!("unknown distribution `{d}`"),
                            Some("uniform or triangular"),
                        )
                    })?,
                };
                let config = SampleConfig {
                    samples,
                    seed,
                    dist,
                };
                let summary = analysis::sample(&net, plan.model, &plan.shocks, &params, config)?;
                rshock::add_samples(&net, &mut rep, &summary);
            }
            Ok(report::to_json(&rep))
        })
        .map_err(py_err)
    }

    /// `graph stall --format json`: the nodes stall together, each at `growth` (or on its
    /// plan), under `policy`, propagated by `model`.
    #[pyo3(signature = (nodes, growth = None, plan = false, policy = None, model = None, start = None, end = None, alpha = None, beta = None))]
    #[allow(clippy::too_many_arguments)]
    fn stall_json(
        &self,
        py: Python<'_>,
        nodes: Vec<String>,
        growth: Option<f64>,
        plan: bool,
        policy: Option<String>,
        model: Option<String>,
        start: Option<i32>,
        end: Option<i32>,
        alpha: Option<f64>,
        beta: Option<f64>,
    ) -> PyResult<String> {
        let net = Arc::clone(&self.net);
        py.detach(move || {
            let model = match model.as_deref() {
                None => shock::Model::DebtRank,
                Some(m) => shock::Model::parse(m).ok_or_else(|| {
                    shockgraph::Error::param(
                        shockgraph::Param::Shocks,
                        format!("unknown model `{m}`"),
                        Some("debtrank, debtrank-classic, threshold or eisenberg-noe"),
                    )
                })?,
            };
            let policy = match policy.as_deref() {
                None => Policy::Default,
                Some(p) => Policy::parse(p).ok_or_else(|| {
                    shockgraph::Error::param(
                        shockgraph::Param::Shocks,
                        format!("unknown policy `{p}`"),
                        Some("default or pro-rata"),
                    )
                })?,
            };
            let growth = if plan {
                Growth::Plan
            } else {
                Growth::Rate(growth.unwrap_or(0.0))
            };
            let specs = nodes
                .iter()
                .map(|id| {
                    let mut spec = StallSpec::new(net.node(id)?, growth, policy);
                    spec.from = start;
                    spec.to = end;
                    Ok(spec)
                })
                .collect::<shockgraph::Result<Vec<_>>>()?;
            let params = Params::default()
                .with_alpha(alpha.unwrap_or(1.0))?
                .with_beta(beta.unwrap_or(1.0))?;
            let s = analysis::stall_all(&net, model, &specs, &params)?;
            Ok(report::to_json(&rstall::build(&net, &s)))
        })
        .map_err(py_err)
    }

    /// `graph centrality --format json` for one measure (or every measure with `None`).
    #[pyo3(signature = (measure = None, alpha = None, beta = None, personalization = None, weighted = false, max_iter = None, tol = None, samples = None, seed = None))]
    #[allow(clippy::too_many_arguments)]
    fn centrality_json(
        &self,
        py: Python<'_>,
        measure: Option<String>,
        alpha: Option<f64>,
        beta: Option<f64>,
        personalization: Option<Vec<(String, f64)>>,
        weighted: bool,
        max_iter: Option<usize>,
        tol: Option<f64>,
        samples: Option<usize>,
        seed: Option<u64>,
    ) -> PyResult<String> {
        let net = Arc::clone(&self.net);
        if seed.is_some() && samples.is_none() {
            return Err(PyValueError::new_err(
                "`seed` is the seed of `samples`: give both",
            ));
        }
        if samples.is_some() && measure.as_deref().is_some_and(|m| m != "betweenness") {
            return Err(PyValueError::new_err(
                "`samples` applies only to betweenness (closeness and harmonic are always exact)",
            ));
        }
        let sampling = samples.map(|k| centrality::sampled::Sampling {
            samples: k,
            seed: seed.unwrap_or(centrality::sampled::DEFAULT_SEED),
        });
        let measure = match measure.as_deref() {
            None => None,
            Some(name) => Some(Measure::parse(name).ok_or_else(|| {
                let names: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
                PyValueError::new_err(format!(
                    "unknown measure `{name}`; the measures are {}",
                    names.join(", ")
                ))
            })?),
        };
        let personalization = match personalization {
            None => None,
            Some(items) => {
                let mut p = vec![0.0; net.node_count()];
                let mut seen = vec![false; net.node_count()];
                for (id, w) in items {
                    let i = net.node(&id).map_err(py_err)?.index();
                    if seen[i] {
                        return Err(PyValueError::new_err(format!("`{id}` is given twice")));
                    }
                    seen[i] = true;
                    p[i] = w;
                }
                Some(p)
            }
        };
        py.detach(move || {
            let params = centrality::Params {
                alpha,
                beta,
                personalization,
                weighted,
                convergence: Convergence {
                    max_iter: max_iter.unwrap_or(centrality::DEFAULT_MAX_ITER),
                    tol: tol.unwrap_or(centrality::DEFAULT_TOL),
                },
                sampling,
            };
            params.convergence.check()?;
            if let Some(s) = sampling {
                s.check()?;
            }
            let view = View::new(&net);
            if let Some(m) = measure {
                let scores = centrality::compute(&view, m, &params)?;
                return Ok(report::to_json(&rc::build(&net, &scores, &params)));
            }
            let mut ok = Vec::new();
            let mut left_out = Vec::new();
            for (m, r) in centrality::compute_many(&view, &Measure::ALL, &params) {
                match r {
                    Ok(s) => ok.push(s),
                    Err(e @ Error::InvalidParameter { .. }) => return Err(e),
                    Err(e) => left_out.push(rc::LeftOut {
                        measure: m,
                        reason: e.to_string(),
                    }),
                }
            }
            Ok(report::to_json(&rc::build_all(
                &net, &ok, left_out, &params,
            )))
        })
        .map_err(py_err)
    }
}

/// Loads a graph file: `.json` (shockgraph/1 or NetworkX node-link), `.graphml`, or `.csv`
/// (an edge list, with an optional nodes CSV).
#[pyfunction]
#[pyo3(signature = (path, nodes = None))]
fn load(py: Python<'_>, path: PathBuf, nodes: Option<PathBuf>) -> PyResult<PyGraph> {
    wrap(py.detach(|| shockgraph::io::load(Some(&path), nodes.as_deref())))
}

/// The embedded default graph (the AI-infrastructure economy).
#[pyfunction]
fn default_graph() -> PyResult<PyGraph> {
    wrap(shockgraph::io::load_default())
}

/// Parses graph text: `shockgraph` JSON, `node-link` JSON or `graphml`; `name` names it in
/// messages.
#[pyfunction]
#[pyo3(signature = (text, format = "shockgraph", name = "<string>"))]
fn loads(py: Python<'_>, text: &str, format: &str, name: &str) -> PyResult<PyGraph> {
    let text = text.to_string();
    let (format, name) = (format.to_string(), name.to_string());
    wrap(py.detach(move || match format.as_str() {
        "node-link" => shockgraph::io::nodelink::parse(&text, &name),
        "graphml" => shockgraph::io::graphml::parse(&text, &name),
        _ => shockgraph::io::json::parse(&text, &name),
    }))
}

fn refused(what: &str, r: shockgraph::model::Refusal) -> PyErr {
    let mut msg = format!("{what}: {}", r.message);
    if let Some(h) = r.hint {
        msg.push_str(&format!("\n    hint: {h}"));
    }
    PyValueError::new_err(msg)
}

/// Builds a graph from numpy columns: `src`, `dst` (node indices into `ids`), `amount`,
/// optional `recovery`, one edge `kind` for all edges, and optional per-node `buffer` and
/// `value` (NaN: not given). No Python object is made per edge.
#[pyfunction]
#[pyo3(signature = (src, dst, amount, ids, recovery = None, kind = "debt", buffer = None, value = None))]
#[allow(clippy::too_many_arguments)]
fn from_arrays(
    py: Python<'_>,
    src: PyReadonlyArray1<'_, i64>,
    dst: PyReadonlyArray1<'_, i64>,
    amount: PyReadonlyArray1<'_, f64>,
    ids: Vec<String>,
    recovery: Option<PyReadonlyArray1<'_, f64>>,
    kind: &str,
    buffer: Option<PyReadonlyArray1<'_, f64>>,
    value: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<PyGraph> {
    let (src, dst, amount) = (src.as_slice()?, dst.as_slice()?, amount.as_slice()?);
    let recovery = recovery.as_ref().map(|r| r.as_slice()).transpose()?;
    let buffer = buffer.as_ref().map(|r| r.as_slice()).transpose()?;
    let value = value.as_ref().map(|r| r.as_slice()).transpose()?;
    let m = src.len();
    if dst.len() != m || amount.len() != m || recovery.is_some_and(|r| r.len() != m) {
        return Err(PyValueError::new_err(format!(
            "src, dst, amount (and recovery) must have the same length; got {}, {}, {}",
            m,
            dst.len(),
            amount.len()
        )));
    }
    let n = ids.len();
    for (name, col) in [("buffer", buffer), ("value", value)] {
        if col.is_some_and(|c| c.len() != n) {
            return Err(PyValueError::new_err(format!(
                "`{name}` has one entry per node: {n} expected"
            )));
        }
    }
    let kinds = Kinds::default();
    let kind_id = kinds.edge(kind).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown edge kind `{kind}`; the kinds are {}",
            kinds.edge_names().join(", ")
        ))
    })?;
    let other = kinds.node("other").unwrap_or(0);
    let result: PyResult<Network> = py.detach(|| {
        let mut b = NetworkBuilder::new(GraphMeta::default(), kinds, n, m);
        let fig = |c: Option<&[f64]>, i: usize| c.map(|c| c[i]).filter(|x| !x.is_nan());
        let mut nodes = Vec::with_capacity(n);
        for (i, id) in ids.iter().enumerate() {
            let figures = NodeFigures {
                buffer: fig(buffer, i),
                value: fig(value, i),
                ..NodeFigures::default()
            };
            nodes.push(
                b.add_node(id, other, figures, None)
                    .map_err(|r| refused(&format!("ids[{i}]"), r))?,
            );
        }
        // Nodes were added in order from an empty builder: node index i is the i-th id.
        let index = |col: &[i64], name: &str| -> PyResult<Vec<u32>> {
            match col.iter().position(|&x| !(0..n as i64).contains(&x)) {
                Some(j) => Err(PyValueError::new_err(format!(
                    "{name}[{j}] is {}, not a node index in 0..{n}",
                    col[j]
                ))),
                None => Ok(col.iter().map(|&x| x as u32).collect()),
            }
        };
        let (from, to) = (index(src, "src")?, index(dst, "dst")?);
        debug_assert!(nodes.iter().enumerate().all(|(i, v)| v.index() == i));
        b.add_edges(&from, &to, kind_id, amount, recovery)
            .map_err(|(j, e)| refused(&format!("edge {j}"), e))?;
        b.finish().map_err(|e| refused("graph", e))
    });
    Ok(PyGraph {
        net: Arc::new(result?),
    })
}

/// The Rust core of the `shockgraph` package.
#[pymodule]
fn _shockgraph(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGraph>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(default_graph, m)?)?;
    m.add_function(wrap_pyfunction!(loads, m)?)?;
    m.add_function(wrap_pyfunction!(from_arrays, m)?)?;
    m.add_function(wrap_pyfunction!(analyses::rank_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyses::exposure_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyses::sweep_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyses::tipping_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TOLERANCE", shock::TOLERANCE)?;
    Ok(())
}

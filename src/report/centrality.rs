//! `graph centrality`: scores of one measure, or of every measure side by side.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

#[cfg(feature = "cli")]
use super::{num, table};
use crate::centrality::{
    Measure, Params, Scores, DEFAULT_KATZ_ALPHA, DEFAULT_KATZ_BETA, DEFAULT_PAGERANK_ALPHA,
};
use crate::model::Network;

/// One node's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreEntry {
    /// Node id.
    pub id: String,
    /// Its score.
    pub score: f64,
}

/// The `graph centrality --measure M --format json` document (`docs/output.md`).
#[derive(Debug, Clone, Serialize)]
pub struct CentralityReport {
    /// The measure.
    pub measure: Measure,
    /// Its parameters and conventions (direction, weights, normalisation).
    pub parameters: Value,
    /// Iterations the computation took (iterative measures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<usize>,
    /// Every node, by score descending, ties by id.
    pub scores: Vec<ScoreEntry>,
}

/// A measure `--all` had to leave out.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    /// The measure.
    pub measure: Measure,
    /// Why (the error message).
    pub reason: String,
}

/// One node's scores under every measure of an [`AllReport`].
#[derive(Debug, Clone, PartialEq)]
pub struct AllRow {
    /// Node id.
    pub id: String,
    /// `(measure, score)` in the report's measure order.
    pub scores: Vec<(Measure, f64)>,
}

impl Serialize for AllRow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1 + self.scores.len()))?;
        m.serialize_entry("id", &self.id)?;
        for (measure, v) in &self.scores {
            m.serialize_entry(measure.name(), v)?;
        }
        m.end()
    }
}

/// The `graph centrality --all --format json` document.
#[derive(Debug, Clone, Serialize)]
pub struct AllReport {
    /// The parameters of every measure.
    pub parameters: Value,
    /// The measures computed, in column order.
    pub measures: Vec<Measure>,
    /// Measures that failed (e.g. Katz diverging), with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
    /// Every node, by the first of pagerank or the first measure, descending, ties by id.
    pub nodes: Vec<AllRow>,
}

fn personalization_json(net: &Network, params: &Params) -> Value {
    match &params.personalization {
        None => Value::Null,
        Some(p) => {
            let mut m = Map::new();
            for (i, w) in p.iter().enumerate() {
                if *w != 0.0 {
                    m.insert(net.id(i).to_string(), json!(w));
                }
            }
            Value::Object(m)
        }
    }
}

fn distance(params: &Params) -> &'static str {
    if params.weighted {
        "1/amount"
    } else {
        "hops"
    }
}

/// The parameters and conventions of `measure` as recorded in the JSON output.
pub fn parameters(net: &Network, measure: Measure, params: &Params) -> Value {
    let conv = params.convergence;
    let mut v = match measure {
        Measure::InDegree | Measure::OutDegree => json!({
            "weight": null, "normalized": "1/(n-1)",
        }),
        Measure::InStrength | Measure::OutStrength => json!({
            "weight": "amount", "normalized": false,
        }),
        Measure::Pagerank => json!({
            "alpha": params.alpha.unwrap_or(DEFAULT_PAGERANK_ALPHA),
            "personalization": personalization_json(net, params),
            "dangling": if params.personalization.is_some() { "personalization" } else { "uniform" },
            "weight": "amount",
            "normalized": "sum 1",
        }),
        Measure::Eigenvector => json!({
            "weight": "amount", "direction": "in-edges (left eigenvector)", "normalized": "L2",
        }),
        Measure::Katz => json!({
            "alpha": params.alpha.unwrap_or(DEFAULT_KATZ_ALPHA),
            "beta": params.beta.unwrap_or(DEFAULT_KATZ_BETA),
            "weight": "amount",
            "direction": "in-edges",
            "normalized": "L2",
        }),
        Measure::Hubs | Measure::Authorities => json!({
            "weight": "amount", "normalized": "sum 1",
        }),
        Measure::Betweenness => {
            let mut v = json!({
                "weighted": params.weighted,
                "distance": distance(params),
                "normalized": "1/((n-1)(n-2))",
                "endpoints": false,
            });
            if let Some(s) = params.sampling {
                v["samples"] = json!(s.samples);
                v["seed"] = json!(s.seed);
                v["estimator"] = json!(if s.is_exact(net.node_count()) {
                    "exact (samples >= nodes)"
                } else {
                    "Brandes-Pich sample of source pivots, scaled as NetworkX's k="
                });
            }
            v
        }
        Measure::Closeness => json!({
            "weighted": params.weighted,
            "distance": distance(params),
            "direction": "incoming",
            "wf_improved": true,
        }),
        Measure::Harmonic => json!({
            "weighted": params.weighted,
            "distance": distance(params),
            "direction": "incoming",
        }),
    };
    if measure.is_iterative() {
        v["max_iter"] = json!(conv.max_iter);
        v["tol"] = json!(conv.tol);
    }
    v["edges"] = json!("as written");
    super::basis::record(net, &mut v);
    v
}

/// The parameters of `--all`; `katz_alpha` is the one Katz used (its default depends on the
/// graph: [`crate::centrality::katz::default_alpha`]).
pub fn parameters_all(net: &Network, params: &Params, katz_alpha: f64) -> Value {
    let mut v = json!({
        "pagerank_alpha": DEFAULT_PAGERANK_ALPHA,
        "personalization": personalization_json(net, params),
        "katz_alpha": katz_alpha,
        "katz_beta": DEFAULT_KATZ_BETA,
        "weight": "amount",
        "weighted": params.weighted,
        "distance": distance(params),
        "max_iter": params.convergence.max_iter,
        "tol": params.convergence.tol,
        "edges": "as written",
    });
    if let Some(s) = params.sampling {
        v["betweenness_samples"] = json!(s.samples);
        v["betweenness_seed"] = json!(s.seed);
    }
    super::basis::with_basis(net, v)
}

fn order(net: &Network, values: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| {
        values[b]
            .total_cmp(&values[a])
            .then_with(|| net.id(a).cmp(net.id(b)))
    });
    idx
}

/// Builds the report of one measure; its parameters hold the alpha the measure used
/// ([`Scores::alpha`]: for Katz without an explicit alpha, the graph's default).
pub fn build(net: &Network, scores: &Scores, params: &Params) -> CentralityReport {
    let used = Params {
        alpha: scores.alpha.or(params.alpha),
        ..params.clone()
    };
    CentralityReport {
        measure: scores.measure,
        parameters: parameters(net, scores.measure, &used),
        iterations: scores.iterations,
        scores: order(net, &scores.values)
            .into_iter()
            .map(|i| ScoreEntry {
                id: net.id(i).to_string(),
                score: scores.values[i],
            })
            .collect(),
    }
}

/// Builds the `--all` report from the measures that succeeded and those left out.
pub fn build_all(
    net: &Network,
    results: &[Scores],
    left_out: Vec<LeftOut>,
    params: &Params,
) -> AllReport {
    let key = results
        .iter()
        .find(|s| s.measure == Measure::Pagerank)
        .or(results.first());
    let idx = if let Some(s) = key {
        order(net, &s.values)
    } else {
        let mut v: Vec<usize> = (0..net.node_count()).collect();
        v.sort_by(|&a, &b| net.id(a).cmp(net.id(b)));
        v
    };
    AllReport {
        parameters: parameters_all(
            net,
            params,
            results
                .iter()
                .find(|s| s.measure == Measure::Katz)
                .and_then(|s| s.alpha)
                .unwrap_or(DEFAULT_KATZ_ALPHA),
        ),
        measures: results.iter().map(|s| s.measure).collect(),
        left_out,
        nodes: idx
            .into_iter()
            .map(|i| AllRow {
                id: net.id(i).to_string(),
                scores: results.iter().map(|s| (s.measure, s.values[i])).collect(),
            })
            .collect(),
    }
}

/// One line saying what the measure is and how it was computed.
pub fn describe(measure: Measure, params: &Params) -> String {
    let pers = if params.personalization.is_some() {
        "personalised, dangling nodes spread per personalization"
    } else {
        "dangling nodes spread uniformly"
    };
    let dist = if params.weighted {
        "distance = 1/amount (--weighted)"
    } else {
        "hop counts (unweighted; --weighted for distance 1/amount)"
    };
    match measure {
        Measure::InDegree => "in-degree centrality: distinct in-neighbours / (n-1)".into(),
        Measure::OutDegree => "out-degree centrality: distinct out-neighbours / (n-1)".into(),
        Measure::InStrength => "in-strength: sum of the amounts of the edges into the node".into(),
        Measure::OutStrength => {
            "out-strength: sum of the amounts of the edges out of the node".into()
        }
        Measure::Pagerank => format!(
            "PageRank (Brin & Page 1998): alpha {}, weight = amount, rank flows from -> to, {pers}; sums to 1",
            params.alpha.unwrap_or(DEFAULT_PAGERANK_ALPHA)
        ),
        Measure::Eigenvector => "eigenvector centrality (Bonacich 1987): left eigenvector (in-edges), weight = amount; L2 norm 1".into(),
        Measure::Katz => format!(
            "Katz centrality (Katz 1953): alpha {}, beta {}, walks into the node, weight = amount; L2 norm 1",
            params.alpha.unwrap_or(DEFAULT_KATZ_ALPHA),
            params.beta.unwrap_or(DEFAULT_KATZ_BETA)
        ),
        Measure::Hubs => "HITS hub scores (Kleinberg 1999): edges to good authorities, weight = amount; sum 1".into(),
        Measure::Authorities => "HITS authority scores (Kleinberg 1999): edges from good hubs, weight = amount; sum 1".into(),
        Measure::Betweenness => {
            let sample = match params.sampling {
                Some(s) => format!(
                    "; estimated from {} source pivots, seed {} (Brandes & Pich 2007; exact when >= the node count)",
                    s.samples, s.seed
                ),
                None => String::new(),
            };
            format!(
                "betweenness (Brandes 2001): share of shortest directed paths through the node, normalised 1/((n-1)(n-2)); {dist}{sample}"
            )
        }
        Measure::Closeness => format!(
            "closeness (Freeman 1979, Wasserman-Faust): over distances from the other nodes to the node; {dist}"
        ),
        Measure::Harmonic => format!(
            "harmonic centrality (Marchiori & Latora 2000): sum of 1/distance from the other nodes to the node; {dist}"
        ),
    }
}

/// The human-readable table of one measure, `top` rows.
#[cfg(feature = "cli")]
pub fn to_table(net: &Network, rep: &CentralityReport, params: &Params, top: usize) -> String {
    let mut out = String::new();
    // The alpha the measure used (Katz's default depends on the graph).
    let used = Params {
        alpha: rep.parameters["alpha"].as_f64().or(params.alpha),
        ..params.clone()
    };
    out.push_str(&format!(
        "{}\n{} nodes, edges as written (from -> to){}\n",
        describe(rep.measure, &used),
        rep.scores.len(),
        rep.iterations
            .map(|k| format!(
                "; converged in {k} iterations (L1 change < n * {:.0e})",
                params.convergence.tol
            ))
            .unwrap_or_default()
    ));
    let mut t = table(&["#", "id", "label", rep.measure.name()], &[0, 3]);
    for (k, e) in rep.scores.iter().take(top).enumerate() {
        let label = net.index_of(&e.id).map_or("", |i| net.label(i));
        t.add_row(vec![
            (k + 1).to_string(),
            e.id.clone(),
            label.to_string(),
            num(e.score),
        ]);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if rep.scores.len() > top {
        out.push_str(&format!(
            "... {} more nodes (use --top N, or --format csv for all)\n",
            rep.scores.len() - top
        ));
    }
    out
}

/// The human-readable table of `--all`, `top` rows.
#[cfg(feature = "cli")]
pub fn to_table_all(rep: &AllReport, params: &Params, top: usize) -> String {
    let mut out = String::new();
    let key = if rep.measures.contains(&Measure::Pagerank) {
        "pagerank"
    } else {
        rep.measures.first().map_or("id", |m| m.name())
    };
    let katz = if rep.measures.contains(&Measure::Katz) {
        format!(
            "; katz alpha {}",
            rep.parameters["katz_alpha"]
                .as_f64()
                .unwrap_or(DEFAULT_KATZ_ALPHA)
        )
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Every centrality, {} nodes by {key}; edges as written, weight = amount; betweenness, \
         closeness and harmonic on {}{katz}\n",
        rep.nodes.len(),
        if params.weighted {
            "distance 1/amount (--weighted)"
        } else {
            "hop counts"
        }
    ));
    let mut header = vec!["id"];
    header.extend(rep.measures.iter().map(|m| m.name()));
    let right: Vec<usize> = (1..header.len()).collect();
    let mut t = table(&header, &right);
    for row in rep.nodes.iter().take(top) {
        let mut cells = vec![row.id.clone()];
        cells.extend(row.scores.iter().map(|(_, v)| num(*v)));
        t.add_row(cells);
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if rep.nodes.len() > top {
        out.push_str(&format!(
            "... {} more nodes (use --top N, or --format csv for all)\n",
            rep.nodes.len() - top
        ));
    }
    for l in &rep.left_out {
        out.push_str(&format!(
            "{} left out: {}\n",
            l.measure,
            l.reason.replace('\n', "\n  ")
        ));
    }
    out
}

/// CSV `id,score`, every node in report order.
pub fn to_csv(rep: &CentralityReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "score"]).expect("csv to memory");
    for e in &rep.scores {
        w.write_record([e.id.as_str(), &e.score.to_string()])
            .expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

/// CSV `id,<measure>,...`, every node in report order.
pub fn to_csv_all(rep: &AllReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id"];
    header.extend(rep.measures.iter().map(|m| m.name()));
    w.write_record(&header).expect("csv to memory");
    for row in &rep.nodes {
        let mut rec = vec![row.id.clone()];
        rec.extend(row.scores.iter().map(|(_, v)| v.to_string()));
        w.write_record(&rec).expect("csv to memory");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centrality::{compute, View};
    use crate::test_support::graph;

    fn net() -> Network {
        graph(
            &[("a", 1.0), ("b", 1.0), ("c", 1.0)],
            &[
                ("a", "b", 2.0),
                ("b", "c", 1.0),
                ("c", "a", 1.0),
                ("a", "c", 1.0),
            ],
        )
    }

    #[test]
    fn json_shape_and_order() {
        let net = net();
        let v = View::new(&net);
        let p = Params::default();
        let s = compute(&v, Measure::InDegree, &p).unwrap();
        let rep = build(&net, &s, &p);
        let j: Value = serde_json::from_str(&super::super::to_json(&rep)).unwrap();
        assert_eq!(j["measure"], "in-degree");
        let ids: Vec<&str> = j["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        // c has two in-neighbours; a and b one each: tie broken by id.
        assert_eq!(ids, ["c", "a", "b"]);
        assert_eq!(j["scores"][0]["score"], 1.0);
        assert!(j.get("iterations").is_none());
        let csv = to_csv(&rep);
        assert_eq!(csv, "id,score\nc,1\na,0.5\nb,0.5\n");
    }

    #[test]
    fn all_rows_keep_measure_order() {
        let net = net();
        let v = View::new(&net);
        let p = Params::default();
        let res: Vec<Scores> = [Measure::Pagerank, Measure::InStrength]
            .iter()
            .map(|&m| compute(&v, m, &p).unwrap())
            .collect();
        let rep = build_all(&net, &res, Vec::new(), &p);
        let text = serde_json::to_string(&rep.nodes[0]).unwrap();
        assert!(text.starts_with("{\"id\":"), "{text}");
        assert!(text.find("pagerank").unwrap() < text.find("in-strength").unwrap());
        let csv = to_csv_all(&rep);
        assert!(csv.starts_with("id,pagerank,in-strength\n"));
        let table = to_table_all(&rep, &p, 2);
        assert!(table.contains("1 more nodes"), "{table}");
    }
}

//! Writing the normalised graph: kinds explicit, defaults left out; it loads back unchanged.

use std::collections::BTreeMap;

use super::records::{
    EdgeKindDecl, EdgeRecord, EvenSchedule, FundingRecord, GraphFile, KindsDecl, NodeKindDecl,
    NodeRecord, ScheduleRecord, FORMAT,
};
use crate::model::{Funding, Network, Schedule, ScheduleSpec};

/// The normalised file form of a network (kinds explicit, defaults left out).
pub fn to_file(net: &Network) -> GraphFile {
    let k = net.kinds();
    let declared_edges: BTreeMap<String, EdgeKindDecl> = k
        .edges
        .iter()
        .filter(|e| !e.builtin)
        .map(|e| {
            (
                e.name.clone(),
                EdgeKindDecl {
                    exposed: e.exposed,
                    description: (!e.description.is_empty()).then(|| e.description.clone()),
                },
            )
        })
        .collect();
    let declared_nodes: BTreeMap<String, NodeKindDecl> = k
        .nodes
        .iter()
        .filter(|n| !n.builtin)
        .map(|n| {
            (
                n.name.clone(),
                NodeKindDecl {
                    description: (!n.description.is_empty()).then(|| n.description.clone()),
                },
            )
        })
        .collect();
    let kinds = (!declared_edges.is_empty() || !declared_nodes.is_empty()).then_some(KindsDecl {
        edges: declared_edges,
        nodes: declared_nodes,
    });
    let m = net.meta();
    GraphFile {
        format: FORMAT.to_string(),
        name: m.name.clone(),
        description: m.description.clone(),
        as_of: m.as_of.clone(),
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        kinds,
        nodes: (0..net.node_count())
            .map(|i| {
                let f = net.figures(i);
                let meta = net.node_meta(i).cloned().unwrap_or_default();
                NodeRecord {
                    id: net.id(i).to_string(),
                    label: meta.label,
                    kind: Some(net.node_kind(i).to_string()),
                    buffer: f.buffer,
                    external_assets: f.external_assets,
                    external_liabilities: f.external_liabilities,
                    value: f.value,
                    low: meta.low,
                    high: meta.high,
                    sources: meta.sources,
                    attributes: meta.attributes,
                    funding: net.funding(i).map(funding_record),
                    note: meta.note,
                }
            })
            .collect(),
        edges: net
            .edges()
            .map(|e| {
                let meta = net.edge_meta(e.index.index()).cloned().unwrap_or_default();
                EdgeRecord {
                    from: net.id(e.from.index()).to_string(),
                    to: net.id(e.to.index()).to_string(),
                    kind: Some(net.edge_kind_name(e.kind).to_string()),
                    amount: e.amount,
                    recovery: (e.recovery != 0.0).then_some(e.recovery),
                    market_value: net.market_value(e.index),
                    schedule: net.schedule(e.index).map(|s| schedule_record(&s)),
                    notice_months: net.notice_months(e.index),
                    low: meta.low,
                    high: meta.high,
                    sources: meta.sources,
                    note: meta.note,
                }
            })
            .collect(),
    }
}

fn year_map(m: &BTreeMap<i32, f64>) -> BTreeMap<String, f64> {
    m.iter().map(|(y, x)| (y.to_string(), *x)).collect()
}

fn funding_record(f: &Funding) -> FundingRecord {
    FundingRecord {
        year: f.year,
        cash: Some(f.cash),
        revenue: Some(f.revenue),
        plan: year_map(&f.plan),
        cost_ratio: (f.cost_ratio != 0.0).then_some(f.cost_ratio),
        capital: year_map(&f.capital),
    }
}

fn schedule_record(s: &Schedule<'_>) -> ScheduleRecord {
    match s.spec() {
        ScheduleSpec::Even { start, years } => ScheduleRecord::Even(EvenSchedule { start, years }),
        ScheduleSpec::Years(m) => ScheduleRecord::Years(year_map(&m)),
    }
}

/// The normalised graph as pretty JSON (loads back to the same network).
pub fn to_string(net: &Network) -> String {
    let mut s = serde_json::to_string_pretty(&to_file(net)).expect("graph serialises");
    s.push('\n');
    s
}

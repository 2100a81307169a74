//! Writing the normalised graph: kinds explicit, defaults left out; it loads back unchanged.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Serialize, Serializer};

use super::records::{
    EdgeKindDecl, EdgeRecord, EvenSchedule, FundingRecord, GraphFile, KindsDecl, NodeKindDecl,
    NodeRecord, ScheduleRecord, FORMAT,
};
use crate::model::{EdgeRef, Funding, Network, Schedule, ScheduleSpec};

/// The declared (not built-in) kinds of `net`, if any.
fn kinds_decl(net: &Network) -> Option<KindsDecl> {
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
    (!declared_edges.is_empty() || !declared_nodes.is_empty()).then_some(KindsDecl {
        edges: declared_edges,
        nodes: declared_nodes,
    })
}

/// Node `i` as written.
fn node_record(net: &Network, i: usize) -> NodeRecord {
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
}

/// Edge `e` as written.
fn edge_record(net: &Network, e: &EdgeRef) -> EdgeRecord {
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
}

/// The normalised file form of a network (kinds explicit, defaults left out).
pub fn to_file(net: &Network) -> GraphFile {
    let m = net.meta();
    GraphFile {
        format: FORMAT.to_string(),
        name: m.name.clone(),
        description: m.description.clone(),
        as_of: m.as_of.clone(),
        currency: m.currency.clone(),
        unit: m.unit.clone(),
        kinds: kinds_decl(net),
        nodes: (0..net.node_count()).map(|i| node_record(net, i)).collect(),
        edges: net.edges().map(|e| edge_record(net, &e)).collect(),
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

/// Writes what [`to_string`] returns, byte for byte, to `w`, one record at a time: no
/// [`GraphFile`] and no string of the whole file is held, so exporting a big graph takes little
/// more memory than the graph itself (`docs/benchmarks.md`).
///
/// # Errors
/// The writer's error.
pub fn write<W: Write>(net: &Network, mut w: W) -> std::io::Result<()> {
    let m = net.meta();
    let file = Streamed {
        format: FORMAT,
        name: m.name.as_deref(),
        description: m.description.as_deref(),
        as_of: m.as_of.as_deref(),
        currency: m.currency.as_deref(),
        unit: m.unit.as_deref(),
        kinds: kinds_decl(net),
        nodes: Nodes(net),
        edges: Edges(net),
    };
    serde_json::to_writer_pretty(&mut w, &file).map_err(std::io::Error::from)?;
    w.write_all(b"\n")
}

/// [`GraphFile`]'s fields in its order and with its rules for leaving them out, the records
/// made while they are written.
#[derive(Serialize)]
struct Streamed<'a> {
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kinds: Option<KindsDecl>,
    nodes: Nodes<'a>,
    edges: Edges<'a>,
}

struct Nodes<'a>(&'a Network);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0.node_count()).map(|i| node_record(self.0, i)))
    }
}

struct Edges<'a>(&'a Network);

impl Serialize for Edges<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.edges().map(|e| edge_record(self.0, &e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(net: &Network) -> String {
        let mut buf = Vec::new();
        write(net, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn the_stream_is_the_string_byte_for_byte() {
        // The default graph has funding, schedules, market values, sources and notes.
        let net = crate::io::load_default().unwrap();
        assert_eq!(streamed(&net), to_string(&net));
        // Declared kinds, labels, attributes and a graph without name or unit.
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/tricky.json"
        ))
        .unwrap();
        let net = super::super::parse(&text, "tricky.json").unwrap();
        assert!(net.kinds().edges.iter().any(|k| !k.builtin));
        assert_eq!(streamed(&net), to_string(&net));
        let net = super::super::parse(r#"{"nodes":[{"id":"a"}]}"#, "one.json").unwrap();
        assert_eq!(streamed(&net), to_string(&net));
    }

    #[test]
    fn a_failing_writer_is_an_error_not_a_panic() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let net = crate::io::load_default().unwrap();
        assert!(write(&net, Full).is_err());
    }
}

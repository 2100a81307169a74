//! The records of the JSON graph format, with their JSON Schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::model::{Attribute, Exposed, FigureBounds, Source};

/// The current format version.
pub const FORMAT: &str = "shockgraph/1";

fn default_format() -> String {
    FORMAT.to_string()
}

/// A graph file as written: the top level of the JSON format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "shockgraph graph file", extend("$id" = "https://shockgraph.invalid/graph.schema.json"))]
pub struct GraphFile {
    /// Format version; only `shockgraph/1` exists.
    #[serde(default = "default_format")]
    #[schemars(extend("const" = "shockgraph/1"))]
    pub format: String,
    /// Name of the graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO 8601 date the figures describe (`2026-11-27` or `2026-11`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(super::schema::DATE_PATTERN))]
    pub as_of: Option<String>,
    /// Currency of every amount (e.g. `USD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Scale of every amount (e.g. `billion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Node and edge kinds beyond the built-in ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<KindsDecl>,
    /// The nodes (at least one).
    #[schemars(length(min = 1))]
    pub nodes: Vec<NodeRecord>,
    /// The edges.
    #[serde(default)]
    pub edges: Vec<EdgeRecord>,
}

/// Declared kinds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindsDecl {
    /// Edge kinds by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = super::schema::declared_edge_kinds)]
    pub edges: BTreeMap<String, EdgeKindDecl>,
    /// Node kinds by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = super::schema::declared_node_kinds)]
    pub nodes: BTreeMap<String, NodeKindDecl>,
}

/// A declared edge kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdgeKindDecl {
    /// Which end loses value when the other end stalls.
    pub exposed: Exposed,
    /// Meaning of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A declared node kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeKindDecl {
    /// Meaning of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A node as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeRecord {
    /// Unique id, lowercase `[a-z0-9][a-z0-9_.-]*`.
    #[schemars(pattern(super::schema::ID_PATTERN))]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Node kind (default `other`).
    #[schemars(pattern(super::schema::ID_PATTERN))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Loss-absorbing capacity, >= 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub buffer: Option<f64>,
    /// Assets outside the graph, >= 0 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub external_assets: Option<f64>,
    /// Owed to creditors outside the graph, >= 0 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub external_liabilities: Option<f64>,
    /// Economic weight for impact, >= 0 (default: buffer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub value: Option<f64>,
    /// Lower bounds of uncertain figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<FigureBounds>,
    /// Upper bounds of uncertain figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<FigureBounds>,
    /// Sources of the figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = super::schema::node_sources)]
    pub sources: Vec<Source>,
    /// Further figures.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Attribute>,
    /// Cash, revenue and plans for growth stalls (`graph stall`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingRecord>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An edge as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = super::schema::edge_rules)]
pub struct EdgeRecord {
    /// The node that owes, pays, commits to or invests in `to`.
    #[schemars(pattern(super::schema::ID_PATTERN))]
    pub from: String,
    /// The counterparty.
    #[schemars(pattern(super::schema::ID_PATTERN))]
    pub to: String,
    /// Edge kind (default `debt`).
    #[schemars(pattern(super::schema::ID_PATTERN))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Amount in the graph's unit, > 0.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub amount: f64,
    /// Share of the claim the exposed end keeps if the obligor fails, in [0, 1] (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub recovery: Option<f64>,
    /// `equity` only: the stake at its latest price or round (`amount` is the carrying value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub market_value: Option<f64>,
    /// Obligation edges only: the amount due per calendar year, summing to `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<ScheduleRecord>,
    /// Obligation edges only: the contract can be ended on this many months' notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub notice_months: Option<f64>,
    /// Lower bound of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub low: Option<f64>,
    /// Upper bound of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub high: Option<f64>,
    /// Sources of the amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = super::schema::edge_sources)]
    pub sources: Vec<Source>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A payment schedule as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ScheduleRecord {
    /// Equal yearly amounts over `years` years from `start`.
    Even(EvenSchedule),
    /// Amount due per calendar year, e.g. `{"2027": 60, "2028": 60}`.
    #[schemars(transform = super::schema::year_schedule)]
    Years(BTreeMap<String, f64>),
}

/// The `{start, years}` shorthand of a schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvenSchedule {
    /// First year.
    #[schemars(range(min = 1900, max = 2200))]
    pub start: i32,
    /// Number of years, >= 1.
    #[schemars(range(min = 1, max = 301))]
    pub years: u32,
}

/// A node's funding as written (`docs/model.md` 5.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingRecord {
    /// The year `cash` is at the start of and `revenue` is earned in.
    #[schemars(range(min = 1900, max = 2200))]
    pub year: i32,
    /// Cash at the start of `year`, >= 0 (default 0, convention 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub cash: Option<f64>,
    /// Revenue in `year`, >= 0 (default 0, convention 13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub revenue: Option<f64>,
    /// Planned revenue in later years by year (a missing year keeps the previous year's).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = super::schema::year_map)]
    pub plan: BTreeMap<String, f64>,
    /// Share of revenue going to costs other than the graph's obligations, in [0, 1] (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub cost_ratio: Option<f64>,
    /// New capital by year (default none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(transform = super::schema::year_map)]
    pub capital: BTreeMap<String, f64>,
}

/// Top level with nodes and edges left raw (slices of the text), so each record is checked on
/// its own without a value tree of the whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Header<'a> {
    #[serde(default = "default_format")]
    pub(super) format: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) as_of: Option<String>,
    #[serde(default)]
    pub(super) currency: Option<String>,
    #[serde(default)]
    pub(super) unit: Option<String>,
    #[serde(default)]
    pub(super) kinds: Option<KindsDecl>,
    #[serde(borrow)]
    pub(super) nodes: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    pub(super) edges: Vec<&'a RawValue>,
}

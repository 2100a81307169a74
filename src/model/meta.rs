//! Provenance and descriptive metadata: sources, attributes, ranges.
//!
//! These types are stored as written in the file (they are serialised back unchanged by
//! `graph export --format json`) and are kept out of the hot arrays of [`crate::Network`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How firm a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In a filing or announced by a party.
    Firm,
    /// A media report.
    Reported,
    /// A projection or a derived figure.
    Estimate,
    /// A modelling choice, argued in the graph's README.
    Assumption,
}

impl Status {
    /// The name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Firm => "firm",
            Status::Reported => "reported",
            Status::Estimate => "estimate",
            Status::Assumption => "assumption",
        }
    }

    /// Strength of a status: firm 3 > reported 2 > estimate 1 > assumption 0.
    pub fn strength(self) -> u8 {
        match self {
            Status::Firm => 3,
            Status::Reported => 2,
            Status::Estimate => 1,
            Status::Assumption => 0,
        }
    }

    /// The strongest status among the sources that back `figure` (`None`: the sources that
    /// name no figure, i.e. the edge's amount or the whole node); when no source names the
    /// figure, the sources that name none. `None` when there is no such source.
    pub fn strongest(sources: &[Source], figure: Option<&str>) -> Option<Status> {
        let of = |f: Option<&str>| {
            sources
                .iter()
                .filter(move |s| s.figure.as_deref() == f)
                .map(|s| s.status)
                .max_by_key(|s| s.strength())
        };
        figure.and_then(|f| of(Some(f))).or_else(|| of(None))
    }

    /// Parses a name as written in files.
    pub fn parse(name: &str) -> Option<Status> {
        [
            Status::Firm,
            Status::Reported,
            Status::Estimate,
            Status::Assumption,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the document.
    pub title: String,
    /// Address of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 8601 date of publication (`2026-11-27` or `2026-11`).
    #[schemars(pattern(crate::io::json::schema::DATE_PATTERN))]
    pub date: String,
    /// How firm the figure is.
    pub status: Status,
    /// The node field the source backs (`buffer`, `value`, `external_assets`,
    /// `external_liabilities`); absent: the whole node or edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A further figure of a node (revenue, market cap, backlog, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// The figure, in the graph's unit unless `unit` says otherwise.
    pub value: f64,
    /// ISO 8601 date the figure describes.
    #[schemars(pattern(crate::io::json::schema::DATE_PATTERN))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Unit when it is not the graph's (e.g. `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where the figure comes from.
    #[schemars(transform = crate::io::json::schema::edge_sources)]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Range bounds for a node's figures (one of `low` or `high`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureBounds {
    /// Bound on `buffer`.
    #[schemars(range(min = 0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer: Option<f64>,
    /// Bound on `external_assets`.
    #[schemars(range(min = 0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_assets: Option<f64>,
    /// Bound on `external_liabilities`.
    #[schemars(range(min = 0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_liabilities: Option<f64>,
    /// Bound on `value`.
    #[schemars(range(min = 0))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// Descriptive data of a node, kept apart from the numeric columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeMeta {
    /// Display name.
    pub label: Option<String>,
    /// Lower bounds of uncertain figures.
    pub low: Option<FigureBounds>,
    /// Upper bounds of uncertain figures.
    pub high: Option<FigureBounds>,
    /// Sources of the node's figures.
    pub sources: Vec<Source>,
    /// Further figures.
    pub attributes: BTreeMap<String, Attribute>,
    /// Free text.
    pub note: Option<String>,
}

/// Descriptive data of an edge, kept apart from the numeric columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EdgeMeta {
    /// Lower bound of the amount.
    pub low: Option<f64>,
    /// Upper bound of the amount.
    pub high: Option<f64>,
    /// Sources of the amount.
    pub sources: Vec<Source>,
    /// Free text.
    pub note: Option<String>,
}

impl EdgeMeta {
    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.high.is_none() && self.sources.is_empty() && self.note.is_none()
    }
}

/// Descriptive data of the whole graph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphMeta {
    /// Name of the graph.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Date the figures describe.
    pub as_of: Option<String>,
    /// Currency of the amounts.
    pub currency: Option<String>,
    /// Scale of the amounts (e.g. `billion`).
    pub unit: Option<String>,
}

impl GraphMeta {
    /// "USD billion" style unit label, empty when neither is set.
    pub fn unit_label(&self) -> String {
        match (&self.currency, &self.unit) {
            (Some(c), Some(u)) => format!("{c} {u}"),
            (Some(c), None) => c.clone(),
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        }
    }
}

//! The constraints of the JSON Schema (`graph schema`, `docs/graph.schema.json`) that the
//! derive attributes of [`super::records`] cannot state alone: the patterns of ids, dates and
//! year keys, the figures a source may name, and the rules between fields of one record.
//!
//! Each constraint restates a check of `graph validate` (`check.rs`, the network builder);
//! `tests/it/schema_constraints.rs` holds one rejected file per rule and lists the rules JSON
//! Schema cannot express (unknown node references, duplicate ids, overflowing totals, ...).

use schemars::Schema;
use serde_json::{json, Value};

/// A node id or kind name, as [`crate::model::valid_id`] accepts: lowercase
/// `[a-z0-9][a-z0-9_.-]*` (so never empty and never a control character).
pub(crate) const ID_PATTERN: &str = "^[a-z0-9][a-z0-9_.-]*$";

/// An ISO 8601 date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as [`super::valid_date`] accepts.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// A year written as a JSON key (`schedule`, `funding.plan`, `funding.capital`): four digits
/// within `model::YEARS` (1900..=2200, conventions 10 and 13).
pub(crate) const YEAR_KEY_PATTERN: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)$";

/// The figures a node's source may name (`check.rs`, `NODE_FIGURES`).
const NODE_FIGURES: [&str; 10] = [
    "buffer",
    "external_assets",
    "external_liabilities",
    "value",
    "funding.cash",
    "funding.revenue",
    "funding.plan",
    "funding.cost_ratio",
    "funding.capital",
    "funding.year",
];

/// The figures an edge's (or an attribute's) source may name (`check.rs`, `EDGE_FIGURES`).
const EDGE_FIGURES: [&str; 4] = ["amount", "market_value", "schedule", "notice_months"];

/// Built-in kinds that a file may not redeclare (those promoted later, `LATER_BUILTINS`, may).
const FIXED_EDGE_KINDS: [&str; 5] = [
    "compute_commitment",
    "chip_purchase",
    "debt",
    "revenue",
    "equity",
];
const FIXED_NODE_KINDS: [&str; 7] = [
    "ai_lab",
    "cloud",
    "chip_vendor",
    "investor",
    "company",
    "bank",
    "other",
];

fn enum_or_null(names: &[&str]) -> Value {
    let mut all: Vec<Value> = vec![Value::Null];
    all.extend(names.iter().map(|n| json!(n)));
    json!({ "enum": all })
}

fn sources_naming(schema: &mut Schema, figures: &[&str]) {
    schema.insert(
        "items".into(),
        json!({
            "$ref": "#/$defs/Source",
            "properties": { "figure": enum_or_null(figures) }
        }),
    );
}

/// A node's `sources`: each may name one of the node's figures.
pub(crate) fn node_sources(schema: &mut Schema) {
    sources_naming(schema, &NODE_FIGURES);
}

/// An edge's or an attribute's `sources`: each may name one of the edge's figures.
pub(crate) fn edge_sources(schema: &mut Schema) {
    sources_naming(schema, &EDGE_FIGURES);
}

/// A map from years to figures >= 0 (`funding.plan`, `funding.capital`, a `schedule`).
pub(crate) fn year_map(schema: &mut Schema) {
    schema.insert(
        "propertyNames".into(),
        json!({ "pattern": YEAR_KEY_PATTERN }),
    );
    schema.insert(
        "additionalProperties".into(),
        json!({ "type": "number", "minimum": 0 }),
    );
}

/// A `schedule` written per year: at least one year.
pub(crate) fn year_schedule(schema: &mut Schema) {
    year_map(schema);
    schema.insert("minProperties".into(), json!(1));
}

/// Declared edge kinds: valid names, none that redeclares a built-in kind.
pub(crate) fn declared_edge_kinds(schema: &mut Schema) {
    declared(schema, &FIXED_EDGE_KINDS);
}

/// Declared node kinds: valid names, none that redeclares a built-in kind.
pub(crate) fn declared_node_kinds(schema: &mut Schema) {
    declared(schema, &FIXED_NODE_KINDS);
}

fn declared(schema: &mut Schema, builtin: &[&str]) {
    schema.insert(
        "propertyNames".into(),
        json!({ "pattern": ID_PATTERN, "not": { "enum": builtin } }),
    );
}

/// The rules between an edge's fields: only `equity` carries a `market_value`; `equity` and
/// `guarantee` (not obligations) carry no `schedule` nor `notice_months` (`docs/model.md` 5).
pub(crate) fn edge_rules(schema: &mut Schema) {
    let present = |field: &str| json!({ "required": [field], "properties": { field: { "not": { "type": "null" } } } });
    schema.insert(
        "allOf".into(),
        json!([
            {
                "if": present("market_value"),
                "then": { "required": ["kind"], "properties": { "kind": { "const": "equity" } } }
            },
            {
                "if": { "anyOf": [present("schedule"), present("notice_months")] },
                "then": { "properties": { "kind": { "not": { "enum": ["equity", "guarantee"] } } } }
            }
        ]),
    );
}

//! The basis and the overrides a result was computed under (`docs/model.md` 5.1 and 5.6):
//! every result's `parameters` records them through [`record`], and tables print
//! [`label`] where they print the model.

use serde_json::{json, Map, Value};

use crate::model::{Adjustments, Basis, Network};

/// The `"overrides"` object of an adjusted network: the overrides as given (`recovery`,
/// `buffer`, `value` as objects keyed by kind or node id; `drop`, `drop_edge` as lists;
/// `min_status`), plus `nodes_dropped` and `edges_dropped` when something was dropped. `None`
/// when no override was given.
#[must_use]
pub fn overrides(net: &Network) -> Option<Value> {
    let applied = net.applied()?;
    let a = &applied.adjustments;
    if !a.has_overrides() {
        return None;
    }
    let pairs = |list: &[(String, f64)]| -> Value {
        Value::Object(list.iter().map(|(k, x)| (k.clone(), json!(x))).collect())
    };
    let mut m = Map::new();
    if !a.recovery.is_empty() {
        m.insert("recovery".into(), pairs(&a.recovery));
    }
    if !a.buffer.is_empty() {
        m.insert("buffer".into(), pairs(&a.buffer));
    }
    if !a.value.is_empty() {
        m.insert("value".into(), pairs(&a.value));
    }
    if !a.drop.is_empty() {
        m.insert("drop".into(), json!(a.drop));
    }
    if !a.drop_edge.is_empty() {
        let sel: Vec<String> = a.drop_edge.iter().map(ToString::to_string).collect();
        m.insert("drop_edge".into(), json!(sel));
    }
    if let Some(s) = a.min_status {
        m.insert("min_status".into(), json!(s.as_str()));
    }
    if !a.drop.is_empty() || !a.drop_edge.is_empty() || a.min_status.is_some() {
        m.insert("nodes_dropped".into(), json!(applied.nodes_dropped));
        m.insert("edges_dropped".into(), json!(applied.edges_dropped));
    }
    Some(Value::Object(m))
}

/// Records the basis (`"basis": "book" | "market"`) and, when any override was given,
/// `"overrides"` ([`overrides`]) in a result's `parameters` object. Every parameters builder
/// calls this, so each result says what figures it was computed on.
pub fn record(net: &Network, parameters: &mut Value) {
    if let Value::Object(m) = parameters {
        m.insert("basis".into(), json!(net.adjustments().basis.name()));
        if let Some(o) = overrides(net) {
            m.insert("overrides".into(), o);
        }
    }
}

/// [`record`] on an owned parameters object.
#[must_use]
pub fn with_basis(net: &Network, mut parameters: Value) -> Value {
    record(net, &mut parameters);
    parameters
}

/// The overrides in one line, `recovery all=0.2, buffer openai=10, drop xai (1 node and 3
/// edges dropped)`; empty when none.
#[must_use]
pub fn overrides_text(net: &Network) -> String {
    let Some(applied) = net.applied() else {
        return String::new();
    };
    let a: &Adjustments = &applied.adjustments;
    let mut parts: Vec<String> = Vec::new();
    for (name, list) in [
        ("recovery", &a.recovery),
        ("buffer", &a.buffer),
        ("value", &a.value),
    ] {
        parts.extend(list.iter().map(|(k, x)| format!("{name} {k}={x}")));
    }
    parts.extend(a.drop.iter().map(|d| format!("drop {d}")));
    parts.extend(a.drop_edge.iter().map(|s| format!("drop-edge {s}")));
    if let Some(s) = a.min_status {
        parts.push(format!("min-status {}", s.as_str()));
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut s = parts.join(", ");
    if !a.drop.is_empty() || !a.drop_edge.is_empty() || a.min_status.is_some() {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        s.push_str(&format!(
            " ({} and {} dropped)",
            plural(applied.nodes_dropped, "node"),
            plural(applied.edges_dropped, "edge")
        ));
    }
    s
}

/// `basis: book value` or `basis: market value`, then `; overrides: ...` when some were given:
/// what tables print next to the model.
#[must_use]
pub fn label(net: &Network) -> String {
    let basis = match net.adjustments().basis {
        Basis::Book => "basis: book value",
        Basis::Market => "basis: market value",
    };
    let o = overrides_text(net);
    if o.is_empty() {
        basis.to_string()
    } else {
        format!("{basis}; overrides: {o}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdgeSelector, Status};
    use crate::test_support::graph;

    #[test]
    fn records_basis_and_overrides() {
        let net = graph(&[("a", 1.0), ("b", 2.0), ("c", 3.0)], &[("a", "b", 4.0)]);
        let mut p = json!({"steps": 3});
        record(&net, &mut p);
        assert_eq!(p, json!({"steps": 3, "basis": "book"}));
        assert_eq!(label(&net), "basis: book value");
        let adj = Adjustments {
            basis: Basis::Market,
            recovery: vec![("all".into(), 0.25)],
            buffer: vec![("a".into(), 5.0)],
            drop: vec!["c".into()],
            drop_edge: vec![EdgeSelector {
                from: "a".into(),
                to: "b".into(),
                kind: Some("debt".into()),
            }],
            min_status: Some(Status::Firm),
            ..Adjustments::default()
        };
        let m = net.adjusted(&adj).unwrap();
        let p = with_basis(&m, json!({}));
        assert_eq!(
            p,
            json!({"basis": "market", "overrides": {
                "recovery": {"all": 0.25}, "buffer": {"a": 5.0}, "drop": ["c"],
                "drop_edge": ["a:b:debt"], "min_status": "firm",
                "nodes_dropped": 1, "edges_dropped": 1}})
        );
        assert_eq!(
            label(&m),
            "basis: market value; overrides: recovery all=0.25, buffer a=5, drop c, drop-edge a:b:debt, min-status firm (1 node and 1 edge dropped)"
        );
    }
}

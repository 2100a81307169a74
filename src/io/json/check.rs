//! The checks of each record beyond its types: ids, ranges, kinds, references, sources.

use super::read::Problems;
use std::collections::BTreeMap;

use super::records::{EdgeRecord, FundingRecord, NodeRecord, ScheduleRecord};
use super::valid_date;
use crate::model::kinds::{DEFAULT_EDGE_KIND, DEFAULT_NODE_KIND};
use crate::model::{
    EdgeId, EdgeMeta, FigureBounds, Funding, NetworkBuilder, NodeFigures, NodeId, NodeMeta,
    ScheduleSpec, Source,
};

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
const EDGE_FIGURES: [&str; 4] = ["amount", "market_value", "schedule", "notice_months"];

fn check_sources(probs: &mut Problems<'_>, prefix: &str, sources: &[Source], node: bool) {
    for (k, s) in sources.iter().enumerate() {
        if !valid_date(&s.date) {
            probs.push(
                &format!("{prefix}.sources[{k}].date"),
                format!("`{}` is not an ISO 8601 date", s.date),
                Some("write `2026-11-27` or `2026-11`".into()),
            );
        }
        if let Some(f) = &s.figure {
            let known: &[&str] = if node { &NODE_FIGURES } else { &EDGE_FIGURES };
            if !known.contains(&f.as_str()) {
                probs.push(
                    &format!("{prefix}.sources[{k}].figure"),
                    format!("unknown figure `{f}`"),
                    Some(format!("one of: {}", known.join(", "))),
                );
            }
        }
    }
}

pub(super) fn add_node_record(
    probs: &mut Problems<'_>,
    b: &mut NetworkBuilder,
    prefix: &str,
    r: NodeRecord,
) {
    let at = format!("{prefix} (`{}`)", r.id);
    let kind = match &r.kind {
        None => DEFAULT_NODE_KIND,
        Some(k) => {
            if let Some(i) = b.kinds().node(k) {
                i
            } else {
                probs.push(
                    &format!("{at}.kind"),
                    format!("unknown node kind `{k}`"),
                    Some(format!(
                        "one of: {} (or declare it under `kinds.nodes`)",
                        b.kinds().node_names().join(", ")
                    )),
                );
                DEFAULT_NODE_KIND
            }
        }
    };
    check_sources(probs, &at, &r.sources, true);
    for (name, a) in &r.attributes {
        if !a.value.is_finite() {
            probs.push(
                &format!("{at}.attributes.{name}.value"),
                "not a finite number",
                None,
            );
        }
        if let Some(d) = &a.date {
            if !valid_date(d) {
                probs.push(
                    &format!("{at}.attributes.{name}.date"),
                    format!("`{d}` is not an ISO 8601 date"),
                    None,
                );
            }
        }
        check_sources(probs, &format!("{at}.attributes.{name}"), &a.sources, false);
    }
    let mut figures = NodeFigures {
        buffer: r.buffer,
        external_assets: r.external_assets,
        external_liabilities: r.external_liabilities,
        value: r.value,
    };
    check_ranges(probs, &at, &figures, r.low.as_ref(), r.high.as_ref());
    // Report each bad figure, then add the node without it so that edges to it still resolve.
    for (name, slot) in [
        ("buffer", &mut figures.buffer),
        ("external_assets", &mut figures.external_assets),
        ("external_liabilities", &mut figures.external_liabilities),
        ("value", &mut figures.value),
    ] {
        if let Some(x) = *slot {
            if !x.is_finite() || x < 0.0 {
                probs.push(
                    &format!("{at}.{name}"),
                    format!("`{name}` is {x}, but it must be >= 0"),
                    None,
                );
                *slot = None;
            }
        }
    }
    let meta = NodeMeta {
        label: r.label,
        low: r.low,
        high: r.high,
        sources: r.sources,
        attributes: r.attributes,
        note: r.note,
    };
    let meta = (meta != NodeMeta::default()).then_some(meta);
    let funding = r.funding.as_ref().and_then(|f| funding(probs, &at, f));
    match b.add_node(&r.id, kind, figures, meta) {
        Err(e) => probs.push(&format!("{at}.id"), e.message, e.hint),
        Ok(i) => {
            if let Some(f) = funding {
                if let Err(e) = b.set_funding(i, f) {
                    let field = field_of(&e.message).unwrap_or("funding");
                    probs.push(&format!("{at}.{field}"), e.message, e.hint);
                }
            }
        }
    }
}

/// The field a refusal names in backquotes (`funding.plan.2027`), for its location.
fn field_of(message: &str) -> Option<&str> {
    let rest = message.strip_prefix('`')?;
    rest.split_once('`').map(|(f, _)| f)
}

/// A year written as a JSON key of `field` (`schedule`, `funding.plan`, ...), which the
/// message names (conventions 10, 13).
fn year_key(probs: &mut Problems<'_>, at: &str, field: &str, key: &str) -> Option<i32> {
    if let Ok(y) = key.parse::<i32>() {
        if key.len() == 4 {
            return Some(y);
        }
    }
    probs.push(
        &format!("{at}.{field}.{key}"),
        format!("`{field}.{key}` is not a year"),
        Some("keys are calendar years such as `\"2027\"`".into()),
    );
    None
}

fn year_map(
    probs: &mut Problems<'_>,
    at: &str,
    field: &str,
    map: &BTreeMap<String, f64>,
) -> Option<BTreeMap<i32, f64>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (k, &v) in map {
        match year_key(probs, at, field, k) {
            Some(y) => {
                out.insert(y, v);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn funding(probs: &mut Problems<'_>, at: &str, f: &FundingRecord) -> Option<Funding> {
    let plan = year_map(probs, at, "funding.plan", &f.plan);
    let capital = year_map(probs, at, "funding.capital", &f.capital);
    Some(Funding {
        year: f.year,
        cash: f.cash.unwrap_or(0.0),
        revenue: f.revenue.unwrap_or(0.0),
        plan: plan?,
        cost_ratio: f.cost_ratio.unwrap_or(0.0),
        capital: capital?,
    })
}

fn schedule_spec(probs: &mut Problems<'_>, at: &str, s: &ScheduleRecord) -> Option<ScheduleSpec> {
    match s {
        ScheduleRecord::Even(e) => Some(ScheduleSpec::Even {
            start: e.start,
            years: e.years,
        }),
        ScheduleRecord::Years(m) => year_map(probs, at, "schedule", m).map(ScheduleSpec::Years),
    }
}

/// The terms of an edge record, set once the edge is added.
struct EdgeTerms {
    schedule: Option<ScheduleRecord>,
    notice_months: Option<f64>,
    market_value: Option<f64>,
}

/// The schedule, notice period and market value of an added edge.
fn add_edge_terms(
    probs: &mut Problems<'_>,
    b: &mut NetworkBuilder,
    at: &str,
    e: EdgeId,
    r: &EdgeTerms,
) {
    if let Some(s) = &r.schedule {
        if let Some(spec) = schedule_spec(probs, at, s) {
            if let Err(x) = b.set_schedule(e, &spec) {
                let field = field_of(&x.message)
                    .filter(|f| f.starts_with("schedule"))
                    .unwrap_or("schedule");
                probs.push(&format!("{at}.{field}"), x.message, x.hint);
            }
        }
    }
    if let Some(m) = r.notice_months {
        if let Err(x) = b.set_notice_months(e, m) {
            probs.push(&format!("{at}.notice_months"), x.message, x.hint);
        }
    }
    if let Some(v) = r.market_value {
        if let Err(x) = b.set_market_value(e, v) {
            probs.push(&format!("{at}.market_value"), x.message, x.hint);
        }
    }
}

fn check_ranges(
    probs: &mut Problems<'_>,
    at: &str,
    f: &NodeFigures,
    low: Option<&FigureBounds>,
    high: Option<&FigureBounds>,
) {
    let pick = |b: Option<&FigureBounds>, name: &str| {
        b.and_then(|b| match name {
            "buffer" => b.buffer,
            "external_assets" => b.external_assets,
            "external_liabilities" => b.external_liabilities,
            _ => b.value,
        })
    };
    // The four balance-sheet figures only: `low`/`high` give no range for `funding`.
    for name in &NODE_FIGURES[..4] {
        let name = *name;
        let v = match name {
            "buffer" => f.buffer,
            "external_assets" => f.external_assets,
            "external_liabilities" => f.external_liabilities,
            _ => f.value,
        };
        let (lo, hi) = (pick(low, name), pick(high, name));
        if (lo.is_some() || hi.is_some()) && v.is_none() {
            probs.push(
                &format!("{at}.low/high.{name}"),
                format!("a range is given for `{name}` but the node has no `{name}`"),
                Some(format!("give `{name}` itself too (the central figure)")),
            );
            continue;
        }
        let Some(v) = v else { continue };
        if let Some(lo) = lo {
            if !(lo >= 0.0 && lo <= v) {
                probs.push(
                    &format!("{at}.low.{name}"),
                    format!("low {lo} must satisfy 0 <= low <= {name} ({v})"),
                    None,
                );
            }
        }
        if let Some(hi) = hi {
            if !(hi >= v && hi.is_finite()) {
                probs.push(
                    &format!("{at}.high.{name}"),
                    format!("high {hi} must satisfy {name} ({v}) <= high"),
                    None,
                );
            }
        }
    }
}

pub(super) fn add_edge_record(
    probs: &mut Problems<'_>,
    b: &mut NetworkBuilder,
    prefix: &str,
    r: EdgeRecord,
) {
    let at = format!("{prefix} (`{}` -> `{}`)", r.from, r.to);
    let mut ok = true;
    let endpoint = |probs: &mut Problems<'_>, field: &str, id: &str| -> Option<NodeId> {
        if let Some(i) = b.index_of(id) {
            Some(i)
        } else {
            let near = b.nearest_ids(id, 3);
            let hint = if near.is_empty() {
                "declare the node in `nodes` first".to_string()
            } else {
                format!(
                    "did you mean {}?",
                    near.iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            probs.push(
                &format!("{at}.{field}"),
                format!("edge refers to unknown node `{id}`"),
                Some(hint),
            );
            None
        }
    };
    let from = endpoint(probs, "from", &r.from);
    let to = endpoint(probs, "to", &r.to);
    let kind = match &r.kind {
        None => DEFAULT_EDGE_KIND,
        Some(k) => b.kinds().edge(k).unwrap_or_else(|| {
            probs.push(
                &format!("{at}.kind"),
                format!("unknown edge kind `{k}`"),
                Some(format!(
                    "one of: {} (or declare it under `kinds.edges` with its exposed end)",
                    b.kinds().edge_names().join(", ")
                )),
            );
            ok = false;
            DEFAULT_EDGE_KIND
        }),
    };
    check_sources(probs, &at, &r.sources, false);
    if let Some(lo) = r.low {
        if !(lo > 0.0 && lo <= r.amount) {
            probs.push(
                &format!("{at}.low"),
                format!("low {lo} must satisfy 0 < low <= amount ({})", r.amount),
                None,
            );
        }
    }
    if let Some(hi) = r.high {
        if !(hi >= r.amount && hi.is_finite()) {
            probs.push(
                &format!("{at}.high"),
                format!("high {hi} must satisfy amount ({}) <= high", r.amount),
                None,
            );
        }
    }
    let recovery = r.recovery.unwrap_or(0.0);
    let terms = EdgeTerms {
        schedule: r.schedule,
        notice_months: r.notice_months,
        market_value: r.market_value,
    };
    let meta = EdgeMeta {
        low: r.low,
        high: r.high,
        sources: r.sources,
        note: r.note,
    };
    match (from, to) {
        (Some(f), Some(t)) if ok => match b.add_edge(f, t, kind, r.amount, recovery, Some(meta)) {
            Err(e) => {
                let field = ["amount", "recovery"]
                    .into_iter()
                    .find(|f| e.message.contains(&format!("`{f}`")))
                    .unwrap_or("to");
                probs.push(&format!("{at}.{field}"), e.message, e.hint);
            }
            Ok(e) => add_edge_terms(probs, b, &at, e, &terms),
        },
        _ => {
            // Still check the numbers so every problem is reported.
            if let Err(e) = NetworkBuilder::check_edge(0, 1, r.amount, recovery, "") {
                probs.push(&format!("{at}.amount"), e.message, e.hint);
            }
        }
    }
}

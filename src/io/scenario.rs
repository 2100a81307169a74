//! Scenario files: a named, documented shock to run on a graph.
//!
//! ```json
//! {"name": "openai-half", "description": "every claim on OpenAI loses half its value",
//!  "model": "debtrank", "shocks": [{"node": "openai", "haircut": 0.5}]}
//! ```
//!
//! A scenario is a **shock** (`shocks` and/or `edges`, for `graph shock`) or a **growth stall**
//! (`stall`, `policy`, `from`, `to`, for `graph stall`), never both; either may set the `basis`
//! and `overrides` (the sensitivity flags' figures):
//!
//! ```json
//! {"name": "openai-anthropic-stall", "model": "debtrank", "basis": "book", "policy": "default",
//!  "stall": [{"node": "openai", "growth": 0}, {"node": "anthropic", "plan": true,
//!             "plan_scale": 0.5, "funding": {"capital": {}}}]}
//! ```
//!
//! Every field is optional; `docs/format.md` documents them and `graph schema --scenario`
//! prints the JSON Schema. A front end may add shocks to a scenario and override its model
//! and parameters ([`Scenario::add_shock`] and the public fields), then
//! [`Scenario::resolve`] checks it against a graph and gives a [`Plan`] to run.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Param, Problem, Result};
use crate::model::{Adjustments, Basis, EdgeSelector, Network, Status};
use crate::shock::{Haircut, Model, Params, Shock};

/// A scenario as written in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the scenario assumes and what to look at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Shock model: `debtrank` (default), `debtrank-classic`, `threshold`, `eisenberg-noe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The shocked nodes and their haircuts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shocks: Vec<ScenarioShock>,
    /// Rogers–Veraart alpha (`eisenberg-noe` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    /// Rogers–Veraart beta (`eisenberg-noe` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// `book` (default) or `market` (`docs/model.md`, "Bases").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Edges given their own haircut (`graph shock`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<ScenarioEdge>,
    /// The nodes whose growth stalls (`graph stall`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stall: Vec<ScenarioStall>,
    /// What a stalled node's shortfall does: `default` or `pro-rata` (`graph stall`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// First year of a stall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    /// Last year of a stall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
    /// Figures changed for the scenario, as the sensitivity flags change them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<ScenarioOverrides>,
}

/// An edge of a scenario and its own haircut: every edge `from -> to` (of `kind`, when given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEdge {
    /// The edge's `from` node.
    pub from: String,
    /// The edge's `to` node.
    pub to: String,
    /// Its kind (default: every edge from -> to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Share of the claim on the edge that is lost, in [0, 1].
    pub haircut: f64,
}

/// A stalled node of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioStall {
    /// Node id.
    pub node: String,
    /// Yearly revenue growth (default 0 unless `plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<f64>,
    /// Revenue follows the node's funding plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<bool>,
    /// With `plan`: reach this share of the plan's growth, `r(t) = r(t-1) (1 + s (p(t)/p(t-1) - 1))`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_scale: Option<f64>,
    /// Funding fields replaced for the scenario (`{"capital": {}}` removes all new capital).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingPatch>,
}

/// Funding fields a scenario replaces; the others stay the node's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingPatch {
    /// The year cash is at the start of and revenue is earned in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Cash at the start of `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<f64>,
    /// Revenue in `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
    /// Planned revenue by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<std::collections::BTreeMap<String, f64>>,
    /// Share of revenue going to other costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_ratio: Option<f64>,
    /// New capital by year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<std::collections::BTreeMap<String, f64>>,
}

/// Figures a scenario changes, as the sensitivity flags do (`--recovery`, `--buffer`,
/// `--value`, `--drop`, `--drop-edge`, `--min-status`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOverrides {
    /// Recovery by edge kind (`all` for every kind).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub recovery: std::collections::BTreeMap<String, f64>,
    /// Buffer by node id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub buffer: std::collections::BTreeMap<String, f64>,
    /// Value by node id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub value: std::collections::BTreeMap<String, f64>,
    /// Nodes dropped with their edges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<String>,
    /// Edges dropped, `FROM:TO[:KIND]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop_edge: Vec<String>,
    /// Keep only edges resting on a source of at least this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_status: Option<String>,
}

/// One shocked node of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioShock {
    /// Node id.
    pub node: String,
    /// Share of every claim on the node that is lost, in [0, 1].
    pub haircut: f64,
}

/// A scenario checked against a graph: what [`crate::shock::run`] takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The model.
    pub model: Model,
    /// The shocks.
    pub shocks: Vec<Shock>,
    /// The edge shocks (model contract 5.3), from the command line.
    pub edges: Vec<crate::shock::EdgeShock>,
    /// The model's parameters.
    pub params: Params,
}

/// The hint of a malformed scenario file.
pub const SCENARIO_HINT: &str = "a scenario is {\"model\": \"debtrank\", \"shocks\": [{\"node\": \"openai\", \"haircut\": 0.5}], \"alpha\": 1, \"beta\": 1}";

fn problem(file: &str, message: String, hint: Option<String>) -> Error {
    Error::InvalidInput {
        file: file.to_string(),
        problems: vec![Problem::new(file, message, hint)],
    }
}

impl Scenario {
    /// Parses a scenario (a leading byte order mark skipped); `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] with the place of the first problem (syntax, unknown field,
    /// wrong type, unknown model).
    pub fn from_json(text: &str, file: &str) -> Result<Scenario> {
        // A leading UTF-8 byte order mark is skipped, as in graph files.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Syntax first, then keys given twice (maps keep the last silently otherwise).
        if let Ok(dups) = super::json::keys::check(text) {
            if let Some(d) = dups.first() {
                return Err(problem(
                    file,
                    format!("{} (at `{}`)", d.message(), d.place()),
                    Some(super::json::keys::DUPLICATE_HINT.into()),
                ));
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let sc: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let p = e.path().to_string();
            problem(
                file,
                format!("{} (at `{p}`)", e.into_inner()),
                Some(SCENARIO_HINT.into()),
            )
        })?;
        sc.model(file)?;
        sc.check_kinds(file)?;
        Ok(sc)
    }

    /// Reads and parses a scenario file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read; [`Scenario::from_json`]'s errors.
    pub fn read(path: &Path) -> Result<Scenario> {
        let text = super::input::read_text(path)?;
        Scenario::from_json(&text, &super::input::display_name(path))
    }

    /// The model the scenario names, if any.
    fn model(&self, file: &str) -> Result<Option<Model>> {
        self.model
            .as_deref()
            .map(|m| {
                Model::parse(m).ok_or_else(|| {
                    problem(
                        file,
                        format!("unknown model `{m}`"),
                        Some(format!(
                            "one of: {}",
                            Model::ALL.map(Model::name).join(", ")
                        )),
                    )
                })
            })
            .transpose()
    }

    /// A stall scenario has no shocks; policy and basis are known names.
    fn check_kinds(&self, file: &str) -> Result<()> {
        if !self.stall.is_empty() && (!self.shocks.is_empty() || !self.edges.is_empty()) {
            return Err(problem(
                file,
                "the scenario has both `stall` and `shocks`/`edges`".into(),
                Some("a scenario is a shock (for graph shock) or a growth stall (for graph stall): split it in two".into()),
            ));
        }
        if let Some(p) = self.policy.as_deref() {
            if !matches!(p, "default" | "pro-rata") {
                return Err(problem(
                    file,
                    format!("unknown policy `{p}`"),
                    Some("one of: default, pro-rata".into()),
                ));
            }
        }
        if let Some(b) = self.basis.as_deref() {
            if !matches!(b, "book" | "market") {
                return Err(problem(
                    file,
                    format!("unknown basis `{b}`"),
                    Some("one of: book, market".into()),
                ));
            }
        }
        for st in &self.stall {
            if st.plan != Some(true) && st.plan_scale.is_some() {
                return Err(problem(
                    file,
                    format!(
                        "`stall` of `{}` gives `plan_scale` without `\"plan\": true`",
                        st.node
                    ),
                    Some("plan_scale scales the funding plan's growth: add \"plan\": true".into()),
                ));
            }
            if st.plan == Some(true) && st.growth.is_some() {
                return Err(problem(
                    file,
                    format!("`stall` of `{}` gives both `growth` and `plan`", st.node),
                    Some("revenue grows at `growth` or follows the plan: keep one".into()),
                ));
            }
        }
        Ok(())
    }

    /// The scenario's basis and overrides as the library's [`Adjustments`] (book and none when
    /// it gives neither).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for an unknown basis or status, or a malformed
    /// `drop_edge` selector.
    pub fn adjustments(&self) -> Result<Adjustments> {
        let mut adj = Adjustments::default();
        if let Some(b) = self.basis.as_deref() {
            adj.basis = Basis::parse(b).ok_or_else(|| {
                Error::param(
                    Param::Shocks,
                    format!("unknown basis `{b}`"),
                    Some("book or market"),
                )
            })?;
        }
        let Some(o) = &self.overrides else {
            return Ok(adj);
        };
        adj.recovery = o.recovery.iter().map(|(k, &r)| (k.clone(), r)).collect();
        adj.buffer = o.buffer.iter().map(|(k, &x)| (k.clone(), x)).collect();
        adj.value = o.value.iter().map(|(k, &x)| (k.clone(), x)).collect();
        adj.drop.clone_from(&o.drop);
        for spec in &o.drop_edge {
            let parts: Vec<&str> = spec.split(':').map(str::trim).collect();
            let (from, to, kind) = match parts.as_slice() {
                [f, t] => (*f, *t, None),
                [f, t, k] => (*f, *t, Some((*k).to_string())),
                _ => {
                    return Err(Error::param(
                        Param::DropEdge,
                        format!("the scenario's drop_edge `{spec}` is not FROM:TO[:KIND]"),
                        Some("for example \"openai:oracle\""),
                    ))
                }
            };
            adj.drop_edge.push(EdgeSelector {
                from: from.to_string(),
                to: to.to_string(),
                kind,
            });
        }
        if let Some(st) = o.min_status.as_deref() {
            adj.min_status = Some(Status::parse(st).ok_or_else(|| {
                Error::param(
                    Param::MinStatus,
                    format!("unknown status `{st}`"),
                    Some("firm, reported or estimate"),
                )
            })?);
        }
        Ok(adj)
    }

    /// True for a growth-stall scenario (`graph stall`).
    pub fn is_stall(&self) -> bool {
        !self.stall.is_empty()
    }

    /// Adds a shock (after the file's own).
    pub fn add_shock(&mut self, node: &str, haircut: f64) {
        self.shocks.push(ScenarioShock {
            node: node.to_string(),
            haircut,
        });
    }

    /// Checks the scenario against `net`: known ids, haircuts in [0, 1], a known model, valid
    /// parameters; `base` gives the parameters the scenario does not set.
    ///
    /// # Errors
    /// [`Error::UnknownNode`], [`Error::InvalidParameter`] ([`Param::Haircut`],
    /// [`Param::Alpha`], [`Param::Beta`]), [`Error::InvalidInput`] for an unknown model.
    pub fn resolve(&self, net: &Network, base: Params) -> Result<Plan> {
        let model = self.model("scenario")?.unwrap_or(Model::DebtRank);
        let mut params = base;
        if let Some(a) = self.alpha {
            params = params.with_alpha(a)?;
        }
        if let Some(b) = self.beta {
            params = params.with_beta(b)?;
        }
        let mut shocks = Vec::with_capacity(self.shocks.len());
        for s in &self.shocks {
            let node = net.node(&s.node)?;
            let haircut = Haircut::new(s.haircut).map_err(|_| {
                Error::param(
                    Param::Haircut,
                    format!(
                        "the haircut on `{}` is {}, but it must be in [0, 1]",
                        s.node, s.haircut
                    ),
                    Some("0.5 means every claim on the node loses half its value; 1 is a full default"),
                )
            })?;
            shocks.push(Shock::new(node, haircut));
        }
        let mut edges = Vec::new();
        for e in &self.edges {
            let haircut = Haircut::new(e.haircut).map_err(|_| {
                Error::param(
                    Param::Haircut,
                    format!(
                        "the haircut on the edge `{}:{}` is {}, but it must be in [0, 1]",
                        e.from, e.to, e.haircut
                    ),
                    Some("1 means the claim on the edge loses all its value"),
                )
            })?;
            for id in crate::shock::edge::select(net, &e.from, &e.to, e.kind.as_deref())? {
                edges.push(crate::shock::EdgeShock::new(id, haircut));
            }
        }
        Ok(Plan {
            model,
            shocks,
            edges,
            params,
        })
    }
}

/// The JSON Schema of scenario files, pretty-printed.
#[must_use]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Scenario);
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_resolves_and_reports_places() {
        let net = crate::io::load_default().unwrap();
        let sc = Scenario::from_json(
            r#"{"name": "x", "model": "threshold", "shocks": [{"node": "openai", "haircut": 0.5}]}"#,
            "s.json",
        )
        .unwrap();
        let plan = sc.resolve(&net, Params::default()).unwrap();
        assert_eq!(plan.model, Model::Threshold);
        assert_eq!(plan.shocks[0].node, net.node("openai").unwrap());
        assert_eq!(plan.shocks[0].haircut.get(), 0.5);
        let e = Scenario::from_json(r#"{"shocks": [{"node": "a", "hair": 1}]}"#, "s.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("s.json") && e.contains("shocks[0]"), "{e}");
        let e = Scenario::from_json(r#"{"model": "debt"}"#, "s.json").unwrap_err();
        assert!(e.to_string().contains("unknown model `debt`"), "{e}");
        let mut sc = Scenario::default();
        sc.add_shock("openai", 1.5);
        assert!(matches!(
            sc.resolve(&net, Params::default()),
            Err(Error::InvalidParameter {
                param: Param::Haircut,
                ..
            })
        ));
    }
}

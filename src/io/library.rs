//! What the binary carries besides the default graph: the scenario library
//! (`graphs/scenarios/`, documented in its `README.md`) and the earlier snapshot of the
//! default graph, so that `graph scenarios`, `--scenario NAME` and `graph diff` work after
//! `cargo install` without the source tree.

use std::path::Path;

use serde::Serialize;

use super::scenario::Scenario;
use crate::error::{Error, Problem, Result};
use crate::model::Network;

/// The embedded scenario library: `(name, JSON text)`, sorted by name. A scenario's name is its
/// file name without `.json`.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "ai-price-deflation",
        include_str!("../../graphs/scenarios/ai-price-deflation.json"),
    ),
    (
        "openai-anthropic-stall",
        include_str!("../../graphs/scenarios/openai-anthropic-stall.json"),
    ),
    (
        "openai-on-plan",
        include_str!("../../graphs/scenarios/openai-on-plan.json"),
    ),
    (
        "openai-shock-half",
        include_str!("../../graphs/scenarios/openai-shock-half.json"),
    ),
    (
        "openai-shock-half-market",
        include_str!("../../graphs/scenarios/openai-shock-half-market.json"),
    ),
    (
        "openai-stall",
        include_str!("../../graphs/scenarios/openai-stall.json"),
    ),
    (
        "openai-walks-from-oracle",
        include_str!("../../graphs/scenarios/openai-walks-from-oracle.json"),
    ),
    (
        "oracle-loses-ig-funding",
        include_str!("../../graphs/scenarios/oracle-loses-ig-funding.json"),
    ),
    (
        "softbank-bridge-refinancing",
        include_str!("../../graphs/scenarios/softbank-bridge-refinancing.json"),
    ),
];

/// Where the library lives in the source tree (for messages).
pub const SCENARIOS_DIR: &str = "graphs/scenarios";

/// The earlier snapshot of the default graph (facts dated up to December 2025), embedded.
pub const SNAPSHOT_2025_12: &str = include_str!("../../graphs/ai-infra-2025-12.json");

/// Name of the embedded snapshot in messages.
pub const SNAPSHOT_2025_12_NAME: &str = "graphs/ai-infra-2025-12.json (embedded)";

/// Loads the embedded December-2025 snapshot.
///
/// # Errors
/// [`Error::InvalidInput`] when the engine cannot read the snapshot's format.
pub fn load_snapshot() -> Result<Network> {
    super::json::parse(SNAPSHOT_2025_12, SNAPSHOT_2025_12_NAME)
}

/// Whether a library scenario is a shock (`shocks`/`edges`, for `graph shock`) or a stall
/// (`stall`, for `graph stall`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioKind {
    /// A shock scenario.
    Shock,
    /// A growth-stall scenario.
    Stall,
}

impl ScenarioKind {
    /// `shock` or `stall`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ScenarioKind::Shock => "shock",
            ScenarioKind::Stall => "stall",
        }
    }
}

/// One line of the library's listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LibraryEntry {
    /// The name `--scenario` accepts.
    pub name: &'static str,
    /// Shock or stall.
    pub kind: ScenarioKind,
    /// The description's first sentence.
    pub summary: String,
}

/// The first sentence of `text`: up to the first `.` followed by a space and a capital
/// letter (or the end), so that "$1.5B" or "e.g. the" do not cut it.
#[must_use]
pub fn first_sentence(text: &str) -> &str {
    let t = text.trim();
    let b = t.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'.' && i + 2 < b.len() && b[i + 1] == b' ' && b[i + 2].is_ascii_uppercase() {
            return &t[..=i];
        }
    }
    t
}

/// The library, one entry per scenario, sorted by name.
///
/// # Panics
/// Never for the files shipped: a test checks that each is a JSON object with a description.
#[must_use]
pub fn list() -> Vec<LibraryEntry> {
    SCENARIOS
        .iter()
        .map(|&(name, text)| {
            let v: serde_json::Value =
                serde_json::from_str(text).expect("library scenarios are valid JSON");
            let kind = if v.get("stall").is_some() {
                ScenarioKind::Stall
            } else {
                ScenarioKind::Shock
            };
            let summary = v
                .get("description")
                .and_then(serde_json::Value::as_str)
                .map_or_else(String::new, |d| first_sentence(d).to_string());
            LibraryEntry {
                name,
                kind,
                summary,
            }
        })
        .collect()
}

/// The JSON text of the library scenario `name`.
#[must_use]
pub fn get(name: &str) -> Option<&'static str> {
    SCENARIOS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, text)| text)
}

/// Reads `--scenario ARG`: a file when `arg` names one, else a scenario of the library
/// (`openai-stall`, or `openai-stall.json`).
///
/// # Errors
/// [`Error::InvalidInput`] naming the library when `arg` is neither a file nor a library name;
/// otherwise [`Scenario::read`]'s and [`Scenario::from_json`]'s errors.
pub fn read_scenario(arg: &Path) -> Result<Scenario> {
    if arg.exists() {
        return Scenario::read(arg);
    }
    let s = arg.to_string_lossy();
    let name = s.strip_suffix(".json").unwrap_or(&s);
    if let Some(text) = get(name) {
        return Scenario::from_json(text, &format!("{SCENARIOS_DIR}/{name}.json (embedded)"));
    }
    let names: Vec<&str> = SCENARIOS.iter().map(|(n, _)| *n).collect();
    let near = crate::model::network::nearest(names.iter().copied(), name, 3);
    let hint = if near.is_empty() {
        format!("the library has: {}", names.join(", "))
    } else {
        format!(
            "did you mean {}? `graph scenarios` lists the library",
            near.join(", ")
        )
    };
    Err(Error::InvalidInput {
        file: s.to_string(),
        problems: vec![Problem::new(
            s.to_string(),
            "no such file, and no scenario of that name in the library".to_string(),
            Some(hint),
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_file_is_listed_with_a_kind_and_a_sentence() {
        let list = list();
        assert_eq!(list.len(), SCENARIOS.len());
        for e in &list {
            assert!(!e.summary.is_empty(), "{} has no description", e.name);
            let text = get(e.name).unwrap();
            assert!(text.contains(&e.summary), "{}", e.name);
        }
        let kind = |n: &str| list.iter().find(|e| e.name == n).unwrap().kind;
        assert_eq!(kind("openai-stall"), ScenarioKind::Stall);
        assert_eq!(kind("openai-walks-from-oracle"), ScenarioKind::Shock);
        assert_eq!(kind("openai-shock-half"), ScenarioKind::Shock);
        let mut names: Vec<_> = list.iter().map(|e| e.name).collect();
        names.sort_unstable();
        assert_eq!(names, list.iter().map(|e| e.name).collect::<Vec<_>>());
    }

    #[test]
    fn the_embedded_names_are_the_file_names() {
        for (name, text) in SCENARIOS {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(v["name"].as_str(), Some(*name));
        }
    }

    #[test]
    fn first_sentences() {
        assert_eq!(first_sentence("A $1.5B loan. Then more."), "A $1.5B loan.");
        assert_eq!(
            first_sentence("Uses e.g. the plan. Next"),
            "Uses e.g. the plan."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(first_sentence("Ends here."), "Ends here.");
    }

    #[test]
    fn unknown_names_get_a_hint() {
        let e = read_scenario(Path::new("openai-stal"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("openai-stal") && e.contains("openai-stall"),
            "{e}"
        );
    }
}

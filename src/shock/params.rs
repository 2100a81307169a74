//! Validated inputs of a shock: the model, its parameters and the haircuts.
//!
//! A [`Haircut`] is a share in [0, 1] and [`Params`] are checked when they are built, so
//! [`super::run`] never receives an invalid value and never checks one twice.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Param, Result};
use crate::model::NodeId;

/// The shock models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// Differential DebtRank (Bardoscia et al. 2015): every increment of distress is passed on.
    DebtRank,
    /// Classic DebtRank (Battiston et al. 2012): a node passes its distress on once.
    DebtRankClassic,
    /// Default cascade (Furfine 2003; Gai & Kapadia 2010): only defaults propagate.
    Threshold,
    /// Eisenberg–Noe clearing (2001), with optional Rogers–Veraart default costs (2013).
    EisenbergNoe,
}

impl Model {
    /// Every model, in the order of the documentation.
    pub const ALL: [Model; 4] = [
        Model::DebtRank,
        Model::DebtRankClassic,
        Model::Threshold,
        Model::EisenbergNoe,
    ];

    /// The model's name in files, outputs and on the command line (the one name table).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Model::DebtRank => "debtrank",
            Model::DebtRankClassic => "debtrank-classic",
            Model::Threshold => "threshold",
            Model::EisenbergNoe => "eisenberg-noe",
        }
    }

    /// One line on what the model does.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Model::DebtRank => {
                "Differential DebtRank (Bardoscia et al. 2015): every increment of distress is passed on"
            }
            Model::DebtRankClassic => {
                "Classic DebtRank (Battiston et al. 2012): a node passes its distress on once"
            }
            Model::Threshold => {
                "Default cascade (Furfine 2003; Gai & Kapadia 2010): only defaults propagate"
            }
            Model::EisenbergNoe => {
                "Eisenberg–Noe clearing (2001), with optional Rogers–Veraart default costs (2013)"
            }
        }
    }

    /// Parses a model name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == s)
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Model {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Model, String> {
        Model::parse(s).ok_or_else(|| {
            format!(
                "unknown model `{s}` (one of: {})",
                Model::ALL.map(Model::name).join(", ")
            )
        })
    }
}

impl serde::Serialize for Model {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Model {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Model, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A haircut: the share of a claim's value that is lost, in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Haircut(f64);

impl Haircut {
    /// A full default: every claim loses all its value.
    pub const FULL: Haircut = Haircut(1.0);
    /// No loss.
    pub const ZERO: Haircut = Haircut(0.0);

    /// A haircut of `h`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] ([`Param::Haircut`]) when `h` is not in [0, 1].
    pub fn new(h: f64) -> Result<Haircut> {
        if (0.0..=1.0).contains(&h) {
            Ok(Haircut(h))
        } else {
            Err(Error::param(
                Param::Haircut,
                format!("{h} is not in [0, 1]"),
                Some("0.5 means every claim loses half its value; 1 is a full default"),
            ))
        }
    }

    /// The share.
    #[must_use]
    #[inline]
    pub fn get(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Haircut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One shocked node and its haircut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shock {
    /// The node.
    pub node: NodeId,
    /// Its haircut.
    pub haircut: Haircut,
}

impl Shock {
    /// Node `node` loses the share `haircut`.
    #[must_use]
    pub fn new(node: NodeId, haircut: Haircut) -> Shock {
        Shock { node, haircut }
    }
}

/// Whether a run records the round-by-round trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trace {
    /// No trace (the default; what sweeps and rankings use).
    #[default]
    Off,
    /// Record every round's changes.
    On,
}

/// Changes below this (in relative distress) are not passed on; DebtRank stops when no
/// distress changes by more than this.
pub const TOLERANCE: f64 = 1e-14;

/// The default limit on propagation rounds.
pub const MAX_ROUNDS: usize = 1_000_000;

/// Validated model parameters. Build with [`Params::default`] and the `with_*` methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    alpha: f64,
    beta: f64,
    trace: Trace,
    max_rounds: usize,
    tolerance: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            alpha: 1.0,
            beta: 1.0,
            trace: Trace::Off,
            max_rounds: MAX_ROUNDS,
            tolerance: TOLERANCE,
        }
    }
}

impl Params {
    /// Rogers–Veraart: the share of external assets a defaulted node realises (1 =
    /// Eisenberg–Noe).
    ///
    /// # Errors
    /// [`Param::Alpha`] when `alpha` is not in [0, 1].
    pub fn with_alpha(self, alpha: f64) -> Result<Params> {
        if !(alpha.is_finite() && (0.0..=1.0).contains(&alpha)) {
            return Err(Error::param(
                Param::Alpha,
                format!("{alpha} is not in [0, 1]"),
                Some("alpha is the share of external assets a defaulted node realises (1 = Eisenberg–Noe)"),
            ));
        }
        Ok(Params { alpha, ..self })
    }

    /// Rogers–Veraart: the share of claims on others a defaulted node realises (1 =
    /// Eisenberg–Noe).
    ///
    /// # Errors
    /// [`Param::Beta`] when `beta` is not in [0, 1].
    pub fn with_beta(self, beta: f64) -> Result<Params> {
        if !(beta.is_finite() && (0.0..=1.0).contains(&beta)) {
            return Err(Error::param(
                Param::Beta,
                format!("{beta} is not in [0, 1]"),
                Some("beta is the share of claims on others a defaulted node realises (1 = Eisenberg–Noe)"),
            ));
        }
        Ok(Params { beta, ..self })
    }

    /// Differential DebtRank: increments of distress at or below `tolerance` are held back
    /// (default [`TOLERANCE`]). Larger values trade accuracy for speed on big graphs.
    ///
    /// # Errors
    /// [`Param::Tolerance`] when `tolerance` is not in [0, 1).
    pub fn with_tolerance(self, tolerance: f64) -> Result<Params> {
        if !(tolerance.is_finite() && (0.0..1.0).contains(&tolerance)) {
            return Err(Error::param(
                Param::Tolerance,
                format!("{tolerance} is not in [0, 1)"),
                Some("the default is 1e-14; 1e-9 is plenty for a ranking"),
            ));
        }
        Ok(Params { tolerance, ..self })
    }

    /// Stop after this many rounds (the result then says it did not converge).
    #[must_use]
    pub fn with_max_rounds(self, max_rounds: usize) -> Params {
        Params { max_rounds, ..self }
    }

    /// Record the round-by-round trace, or not.
    #[must_use]
    pub fn with_trace(self, trace: Trace) -> Params {
        Params { trace, ..self }
    }

    /// Rogers–Veraart alpha.
    #[must_use]
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Rogers–Veraart beta.
    #[must_use]
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Differential DebtRank's tolerance.
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The round limit.
    #[must_use]
    pub fn max_rounds(&self) -> usize {
        self.max_rounds
    }

    /// Whether the trace is recorded.
    #[must_use]
    pub fn trace(&self) -> bool {
        self.trace == Trace::On
    }
}

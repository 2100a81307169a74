//! The library's enums as command-line values: the names come from the library (one table
//! each), the help texts are the command line's.

use clap::builder::PossibleValue;
use clap::ValueEnum;
use shockgraph::analysis::Dist;
use shockgraph::centrality::Measure;
use shockgraph::shock::Model;

/// `--model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelArg(pub Model);

impl ValueEnum for ModelArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ModelArg(Model::DebtRank),
            ModelArg(Model::DebtRankClassic),
            ModelArg(Model::Threshold),
            ModelArg(Model::EisenbergNoe),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

/// `--measure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureArg(pub Measure);

impl ValueEnum for MeasureArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [MeasureArg; 12] = [
            MeasureArg(Measure::InDegree),
            MeasureArg(Measure::OutDegree),
            MeasureArg(Measure::InStrength),
            MeasureArg(Measure::OutStrength),
            MeasureArg(Measure::Pagerank),
            MeasureArg(Measure::Eigenvector),
            MeasureArg(Measure::Katz),
            MeasureArg(Measure::Hubs),
            MeasureArg(Measure::Authorities),
            MeasureArg(Measure::Betweenness),
            MeasureArg(Measure::Closeness),
            MeasureArg(Measure::Harmonic),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self.0 {
            Measure::InDegree => {
                "Number of distinct in-neighbours / (n - 1) (NetworkX `in_degree_centrality`)"
            }
            Measure::OutDegree => {
                "Number of distinct out-neighbours / (n - 1) (NetworkX `out_degree_centrality`)"
            }
            Measure::InStrength => "Sum of the amounts on in-edges (weighted in-degree)",
            Measure::OutStrength => "Sum of the amounts on out-edges (weighted out-degree)",
            Measure::Pagerank => "PageRank (Brin & Page 1998), weight = amount, alpha 0.85",
            Measure::Eigenvector => {
                "Eigenvector centrality (Bonacich 1987), left eigenvector, weight = amount"
            }
            Measure::Katz => "Katz centrality (Katz 1953), alpha min(0.1, 0.9/lambda_max), beta 1, weight = amount",
            Measure::Hubs => "HITS hub scores (Kleinberg 1999), weight = amount",
            Measure::Authorities => "HITS authority scores (Kleinberg 1999), weight = amount",
            Measure::Betweenness => {
                "Shortest-path betweenness (Brandes 2001), unweighted unless --weighted"
            }
            Measure::Closeness => {
                "Closeness over incoming distances (Freeman 1979; Wasserman–Faust for unreachable nodes)"
            }
            Measure::Harmonic => {
                "Harmonic centrality over incoming distances (Marchiori & Latora 2000; Rochat 2009)"
            }
        };
        Some(PossibleValue::new(self.0.name()).help(help))
    }
}

/// `--dist`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DistArg(pub Dist);

impl ValueEnum for DistArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[DistArg(Dist::Uniform), DistArg(Dist::Triangular)]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.description()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_value_is_listed_once() {
        assert_eq!(ModelArg::value_variants().len(), Model::ALL.len());
        for m in Model::ALL {
            assert!(ModelArg::value_variants().contains(&ModelArg(m)));
        }
        assert_eq!(MeasureArg::value_variants().len(), Measure::ALL.len());
        for m in Measure::ALL {
            assert!(MeasureArg::value_variants().contains(&MeasureArg(m)));
        }
        assert_eq!(DistArg::value_variants().len(), Dist::ALL.len());
    }
}

/// `--policy` of `graph stall`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyArg(pub shockgraph::analysis::Policy);

impl ValueEnum for PolicyArg {
    fn value_variants<'a>() -> &'a [Self] {
        use shockgraph::analysis::Policy;
        &[PolicyArg(Policy::Default), PolicyArg(Policy::ProRata)]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        use shockgraph::analysis::Policy;
        let help = match self.0 {
            Policy::Default => {
                "A shortfall is a default: nothing is paid afterwards and later payments are lost (up to notice periods)"
            }
            Policy::ProRata => "A shortfall is paid pro rata each year and the contracts go on",
        };
        Some(PossibleValue::new(self.0.name()).help(help))
    }
}

//! `graph schema`: the JSON Schema of the graph format.

use clap::Args;
use shockgraph::io::json;

use super::{emit, CliResult, Global};

/// Print the JSON Schema of the graph file format (also in docs/graph.schema.json).
#[derive(Debug, Args)]
pub struct SchemaCmd {}

impl SchemaCmd {
    #[allow(
        clippy::unused_self,
        reason = "every subcommand's `run` has this signature"
    )]
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        emit(g, json::schema_json().as_bytes())?;
        Ok(0)
    }
}

//! `graph schema`: the JSON Schema of the graph format.

use clap::Args;
use shockgraph::{io::json, Result};

use super::{emit, Global};

/// Print the JSON Schema of the graph file format (also in docs/graph.schema.json).
#[derive(Debug, Args)]
pub struct SchemaCmd {}

impl SchemaCmd {
    pub fn run(&self, g: &Global) -> Result<i32> {
        emit(g, json::schema_json().as_bytes())?;
        Ok(0)
    }
}

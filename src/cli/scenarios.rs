//! `graph scenarios`: the embedded scenario library, one line each.

use clap::Args;
use shockgraph::io::library;
use shockgraph::report::{library as rlib, Format};

use super::{emit, report_format, CliResult, Global};

/// Lists the scenario library embedded in the binary: name, kind (shock or stall) and the first
/// sentence of its description. `--scenario NAME` accepts these names as well as file paths.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  graph scenarios\n  graph shock --scenario openai-shock-half\n  graph scenarios --format json"
)]
pub struct ScenariosCmd {}

impl ScenariosCmd {
    #[allow(
        clippy::unused_self,
        reason = "every subcommand has the same run(&self, &Global) shape"
    )]
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let fmt = report_format(g, "scenarios")?;
        let list = library::list();
        let text = match fmt {
            Format::Table => rlib::to_table(&list),
            Format::Json => rlib::to_json(&list),
            Format::Csv => rlib::to_csv(&list),
        };
        emit(g, text.as_bytes())?;
        Ok(0)
    }
}

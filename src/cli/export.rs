//! `graph export`: DOT, SVG, normalised JSON, CSV, GraphML, GEXF or node-link JSON.

use clap::Args;
use shockgraph::io;
use shockgraph::report::dot::{self, DotOptions, Overlay};
use shockgraph::report::html::diagram_top;
use shockgraph::shock;
use shockgraph::Error;

use super::shock::ShockArgs;
use super::{emit, usage, CliResult, Global, OutFormat};

/// Write the graph as a DOT diagram (shape and colour by kind, width by amount, a legend), as
/// SVG (rendered by Graphviz `dot`), as normalised JSON (loads back unchanged), as GraphML,
/// GEXF (Gephi, coloured by kind) or NetworkX node-link JSON, or as a CSV
/// edge list. With shock options the diagram is coloured by the shock's distress.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  graph export --format dot | dot -Tsvg > graph.svg
  graph export --format svg --output graph.svg
  graph export --format json > graph.json && graph info --graph graph.json
  graph export --format graphml --output graph.graphml   # NetworkX: nx.read_graphml
  graph export --format gexf --output graph.gexf         # Gephi, nodes coloured by kind
  graph export --format node-link > graph.nodelink.json  # nx.node_link_graph(d, edges=\"edges\")
  graph export --format dot --node openai --haircut 0.5 > shock.dot

SVG needs Graphviz: apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS).")]
pub struct ExportCmd {
    #[command(flatten)]
    pub shock: ShockArgs,
    /// Draw only the N nodes with the largest amounts (in + out).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

impl ExportCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let net = super::load_for(g, self.shock.scenario_file()?.as_ref())?;
        let fmt = g.format.unwrap_or(OutFormat::Dot);
        let bytes = match fmt {
            OutFormat::Json
            | OutFormat::Csv
            | OutFormat::Graphml
            | OutFormat::Gexf
            | OutFormat::NodeLink
                if self.shock.any() =>
            {
                return Err(usage(
                    "--format",
                    "shock options colour diagrams; json, csv, graphml, gexf and node-link \
                     export the graph itself",
                    Some("use `graph shock ... --format json` for a shock's results"),
                ))
            }
            OutFormat::Json => io::json::to_string(&net).into_bytes(),
            OutFormat::Graphml => io::graphml::to_string(&net).into_bytes(),
            OutFormat::Gexf => io::gexf::to_string(&net).into_bytes(),
            OutFormat::NodeLink => io::nodelink::to_string(&net).into_bytes(),
            OutFormat::Csv => {
                let mut buf = Vec::new();
                io::csv::write_edges(&net, &mut buf).map_err(|e| Error::Io {
                    action: "write",
                    path: "<csv>".into(),
                    source: std::io::Error::other(e.to_string()),
                })?;
                buf
            }
            OutFormat::Dot | OutFormat::Svg => {
                let ov = if self.shock.any() {
                    let plan = self.shock.plan(&net, false)?;
                    let r = shock::run_with_edges(
                        &net,
                        plan.model,
                        &plan.shocks,
                        &plan.edges,
                        &plan.params,
                    )?;
                    Some(Overlay::of_shock(&net, &r))
                } else {
                    None
                };
                let top = diagram_top(&net, self.top);
                let dot = dot::to_dot(&net, &DotOptions { overlay: ov, top });
                if fmt == OutFormat::Svg {
                    dot::to_svg(&dot)?
                } else {
                    dot.into_bytes()
                }
            }
            OutFormat::Table => {
                return Err(usage(
                    "--format",
                    "`graph export` writes dot, svg, json, csv, graphml, gexf or node-link",
                    Some("for a table of the graph use `graph info`"),
                ))
            }
        };
        emit(g, &bytes)?;
        Ok(0)
    }
}

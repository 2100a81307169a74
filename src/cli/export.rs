//! `graph export`: DOT, SVG, normalised JSON, CSV, GraphML, GEXF or node-link JSON.

use clap::Args;
use shockgraph::io;
use shockgraph::report::dot::{self, DotOptions, Overlay};
use shockgraph::report::html::diagram_top;
use shockgraph::shock;

use super::shock::ShockArgs;
use super::{emit, emit_stream, usage, CliResult, Global, OutFormat};

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
    /// With `--format csv`: also write the nodes CSV (ids, labels, kinds, buffers, values) to
    /// FILE, which `--nodes` reads back; the edge list alone carries no node figures.
    #[arg(long, value_name = "FILE")]
    pub nodes_out: Option<std::path::PathBuf>,
}

impl ExportCmd {
    pub fn run(&self, g: &Global) -> CliResult<i32> {
        let net = super::load_for(g, self.shock.scenario_file()?.as_ref())?;
        let fmt = g.format.unwrap_or(OutFormat::Dot);
        if self.nodes_out.is_some() && fmt != OutFormat::Csv {
            return Err(usage(
                "--nodes-out",
                "writes the nodes CSV beside a CSV edge list",
                Some("add `--format csv`"),
            ));
        }
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
            // The two formats of big graphs are written while they are made.
            OutFormat::Json => {
                emit_stream(g, |w| io::json::write(&net, w))?;
                return Ok(0);
            }
            OutFormat::Graphml => io::graphml::to_string(&net).into_bytes(),
            OutFormat::Gexf => io::gexf::to_string(&net).into_bytes(),
            OutFormat::NodeLink => io::nodelink::to_string(&net).into_bytes(),
            OutFormat::Csv => {
                // The nodes file first: if it cannot be written, the edge list is left as it
                // was, so an old pair of files stays a pair.
                if let Some(p) = &self.nodes_out {
                    super::write_stream(p, |w| io::csv::write_nodes(&net, w).map_err(Into::into))?;
                }
                emit_stream(g, |w| io::csv::write_edges(&net, w).map_err(Into::into))?;
                if self.nodes_out.is_none() && has_node_figures(&net) {
                    g.note(
                        "the CSV edge list carries no node figures (buffers, values, labels); \
                         add `--nodes-out nodes.csv` to keep them",
                    );
                }
                return Ok(0);
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

/// Whether some node has a figure, label or kind that an edge list alone would lose.
fn has_node_figures(net: &shockgraph::Network) -> bool {
    (0..net.node_count()).any(|i| {
        let f = net.figures(i);
        f.buffer.is_some()
            || f.value.is_some()
            || f.external_assets.is_some()
            || f.external_liabilities.is_some()
            || net.node_meta(i).is_some_and(|m| m.label.is_some())
            || net.node_kind(i) != "other"
    })
}

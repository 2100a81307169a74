//! The self-contained HTML report of a shock (`graph report`).
//!
//! One HTML file that opens offline and can be sent to a colleague: the scenario, the key
//! figures, the shock diagram (inline SVG rendered by Graphviz, or the DOT text with a note when
//! Graphviz is missing), the table of every node with a loss, the haircut sweeps of the shocked
//! nodes (inline SVG from [`super::plot`]), the systemic-importance ranking, the concentration
//! figures and the list of data sources grouped by how firm they are.
//!
//! The page has inline CSS only, no script, no image, font or style sheet to fetch (a
//! Content-Security-Policy of `default-src 'none'` makes the browser refuse any), and every piece
//! of text from the graph is HTML-escaped. Links to the sources are ordinary `<a href>` links.
//!
//! [`crate::analysis::ScenarioReport::compute`] runs the analyses and [`diagram`] draws the
//! shock; [`render`] only formats them, so it can be tested on hand-made inputs. The sections
//! are in `sections.rs`, the sources list in `sources.rs`, the style sheet in `style.css`.

mod sections;
mod sources;
mod text;

pub use text::{escape, number, svg_element};

use super::dot::{scenario_title, to_dot, to_svg, DotOptions, Overlay};
use crate::analysis::ScenarioReport;
use crate::error::{Error, Result};
use crate::model::Network;
use crate::shock::{Model, ShockResult};

/// The style sheet, inlined in the page.
const CSS: &str = include_str!("style.css");

/// Above this many nodes, a diagram without an explicit size draws only [`DIAGRAM_TOP`].
pub const DIAGRAM_LIMIT: usize = 500;
/// How many nodes a diagram of a big graph draws by default.
pub const DIAGRAM_TOP: usize = 100;

/// The number of nodes a diagram draws: `top` when given, else all up to [`DIAGRAM_LIMIT`]
/// nodes and [`DIAGRAM_TOP`] beyond.
#[must_use]
pub fn diagram_top(net: &Network, top: Option<usize>) -> Option<usize> {
    match top {
        Some(t) => Some(t),
        None if net.node_count() > DIAGRAM_LIMIT => Some(DIAGRAM_TOP),
        None => None,
    }
}

/// The shock diagram, or why there is none.
#[derive(Debug, Clone)]
pub enum Diagram {
    /// SVG rendered by Graphviz `dot`.
    Svg(String),
    /// Graphviz could not render: the reason (with the install line) and the DOT text.
    Unavailable {
        /// Why there is no picture.
        reason: String,
        /// The DOT text, to render elsewhere.
        dot: String,
    },
}

/// How much of the computed results the report shows.
#[derive(Debug, Clone)]
pub struct Options {
    /// Rows of the rank table.
    pub rank_top: usize,
    /// Rows of the per-node concentration table.
    pub concentration_top: usize,
    /// Most rows of the shock table (the nodes with the largest losses).
    pub shock_top: usize,
    /// Draw only this many nodes in the diagram (`None`: all up to 500 nodes, else 100).
    pub diagram_top: Option<usize>,
    /// The command line that produced the report, shown in the footer.
    pub command: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rank_top: 15,
            concentration_top: 10,
            shock_top: 500,
            diagram_top: None,
            command: None,
        }
    }
}

/// What the page shows: the computed analyses and the diagram of the shock.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The shock, sweeps, ranking and concentration figures.
    pub analysis: ScenarioReport,
    /// The diagram of the shock.
    pub diagram: Diagram,
}

/// The shock diagram drawn by Graphviz, or, when Graphviz is missing, the DOT text and why.
///
/// # Errors
/// Graphviz failures other than its absence.
pub fn diagram(net: &Network, shock: &ShockResult, top: Option<usize>) -> Result<Diagram> {
    let dot = to_dot(
        net,
        &DotOptions {
            overlay: Some(Overlay::of_shock(net, shock)),
            top: diagram_top(net, top),
        },
    );
    match to_svg(&dot) {
        Ok(bytes) => Ok(Diagram::Svg(String::from_utf8_lossy(&bytes).into_owned())),
        Err(Error::Tool { message, hint }) => Ok(Diagram::Unavailable {
            reason: format!("{message}; {hint}"),
            dot,
        }),
        Err(e) => Err(e),
    }
}

pub(crate) fn model_description(model: Model) -> &'static str {
    match model {
        Model::DebtRank => "differential DebtRank (Bardoscia et al. 2015): every increment of distress is passed on to the exposed counterparties",
        Model::DebtRankClassic => "classic DebtRank (Battiston et al. 2012): each node passes its distress on once",
        Model::Threshold => "threshold cascade (Furfine 2003; Gai & Kapadia 2010): a node passes on losses only when it defaults",
        Model::EisenbergNoe => "Eisenberg–Noe clearing (2001) with Rogers–Veraart default costs (2013): payments cleared to the fixed point",
    }
}

/// Renders the report.
///
/// # Errors
/// The errors of [`super::plot::sweep_svg_with`] (a sweep curve that cannot be drawn).
pub fn render(net: &Network, inp: &Inputs, opts: &Options) -> Result<String> {
    let r = &inp.analysis.shock;
    let unit = text::unit_suffix(net);
    let title = scenario_title(net, r);
    let t = r.totals(net);
    let mut h = String::with_capacity(256 * 1024);
    sections::head(&mut h, &title);
    sections::header(&mut h, net, &title);
    sections::scenario(&mut h, net, r, &t, &unit);
    sections::diagram(&mut h, &inp.diagram);
    sections::losses(&mut h, net, r, &t, &unit, opts);
    sections::sweeps(&mut h, net, inp, &unit)?;
    sections::ranking(&mut h, net, &inp.analysis.ranking, &unit, opts);
    sections::concentration(&mut h, net, inp, &unit, opts);
    sources::render_sources(&mut h, net);
    sections::footer(&mut h, opts);
    Ok(h)
}

//! Pictures of haircut sweeps: SVG line charts drawn with plotters.
//!
//! [`sweep_svg`] turns the curves of [`crate::analysis::sweep`] into one SVG document: the total
//! loss (in graph units, e.g. USD billion) and/or the impact (%) against the haircut, one line
//! per shocked node with a legend, and below them the number of nodes distressed (but not
//! defaulted) and defaulted, the shocked node included (as in [`crate::shock::Totals`]).
//! Axes are labelled with their units; the title names the graph and the model.
//!
//! The SVG is self-contained: text is drawn with the generic `sans-serif` family (plotters is
//! built without its `ttf` feature, so no system fonts are read), and nothing refers to a file
//! or a network address. It can be written to a file or inlined in an HTML page.
//!
//! ```
//! use shockgraph::report::plot;
//! use shockgraph::{analysis, io, shock};
//!
//! let net = io::load_default().unwrap();
//! let openai = net.node("openai").unwrap();
//! let model = shock::Model::DebtRank;
//! let curves = analysis::sweep(&net, model, &[openai], 10, &shock::Params::default()).unwrap();
//! let svg = plot::sweep_svg(&net, &curves, model, plot::Metric::TotalLoss).unwrap();
//! assert!(svg.starts_with("<svg"));
//! ```

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::Curve;
use crate::error::{Error, Param, Result};
use crate::model::Network;
use crate::shock::Model;

/// What the main panel(s) of a sweep chart show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// Total loss through the network, in graph units.
    #[default]
    TotalLoss,
    /// Impact: the value-weighted share of the system lost, in %.
    Impact,
    /// Both, side by side.
    Both,
}

/// Options of [`sweep_svg_with`].
#[derive(Debug, Clone, Default)]
pub struct PlotOptions {
    /// What the main panel(s) show.
    pub metric: Metric,
    /// Draw a vertical line at this haircut (e.g. the scenario's), labelled.
    pub mark: Option<f64>,
    /// Title; default `Haircut sweep — <graph name> — model <model>`.
    pub title: Option<String>,
    /// Width and height in pixels; default 900 × 720.
    pub size: Option<(u32, u32)>,
}

/// Line colours: the Okabe–Ito palette (distinguishable with the common colour-vision
/// deficiencies), its yellow left out (too pale on white).
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0x00, 0x72, 0xb2),
    (0xd5, 0x5e, 0x00),
    (0x00, 0x9e, 0x73),
    (0xcc, 0x79, 0xa7),
    (0xe6, 0x9f, 0x00),
    (0x56, 0xb4, 0xe9),
    (0x00, 0x00, 0x00),
];

/// The colour of the `k`-th curve as `#rrggbb` (as it appears in the SVG).
pub fn curve_colour(k: usize) -> String {
    let (r, g, b) = PALETTE[k % PALETTE.len()];
    format!("#{r:02X}{g:02X}{b:02X}")
}

fn rgb(k: usize) -> RGBColor {
    let (r, g, b) = PALETTE[k % PALETTE.len()];
    RGBColor(r, g, b)
}

/// Draws the sweep `curves` (one line per shocked node) as an SVG document: `metric` against
/// the haircut, and the distressed and defaulted counts below.
///
/// # Errors
/// [`Error::InvalidParameter`] when there is no curve, a curve has fewer than two points, a
/// node index is out of range or a figure is not finite; [`Error::Tool`] if plotters fails.
pub fn sweep_svg(net: &Network, curves: &[Curve], model: Model, metric: Metric) -> Result<String> {
    sweep_svg_with(
        net,
        curves,
        model,
        &PlotOptions {
            metric,
            ..PlotOptions::default()
        },
    )
}

fn draw_err(e: impl std::fmt::Display) -> Error {
    Error::Tool {
        message: format!("cannot draw the sweep chart: {e}"),
        hint: "this is a bug in shockgraph's plotting; please report it with the command line"
            .into(),
    }
}

/// One panel: a y-value per point of each curve.
struct Panel<'a> {
    caption: &'a str,
    y_desc: String,
    y: Box<dyn Fn(&crate::analysis::SweepPoint) -> f64 + 'a>,
    integer: bool,
}

/// As [`sweep_svg`], with options.
///
/// # Errors
/// As [`sweep_svg`].
pub fn sweep_svg_with(
    net: &Network,
    curves: &[Curve],
    model: Model,
    opts: &PlotOptions,
) -> Result<String> {
    check(net, curves)?;
    let unit = net.meta().unit_label();
    let unit = if unit.is_empty() {
        "graph units".to_string()
    } else {
        unit
    };
    let x_desc = if curves.len() == 1 {
        format!(
            "haircut on {} (0 = no loss, 1 = full default)",
            net.label(curves[0].node.index())
        )
    } else {
        "haircut on the shocked node (0 = no loss, 1 = full default)".to_string()
    };
    let loss = Panel {
        caption: "Total loss through the network",
        y_desc: format!("total loss ({unit})"),
        y: Box::new(|p| p.totals.total_loss),
        integer: false,
    };
    let impact = Panel {
        caption: "Impact: value-weighted share of the system lost",
        y_desc: "impact (%)".to_string(),
        y: Box::new(|p| 100.0 * p.totals.impact),
        integer: false,
    };
    let distressed = Panel {
        caption: "Nodes distressed, not defaulted",
        y_desc: "nodes distressed".to_string(),
        y: Box::new(|p| p.totals.distressed as f64),
        integer: true,
    };
    let defaulted = Panel {
        caption: "Nodes defaulted",
        y_desc: "nodes defaulted".to_string(),
        y: Box::new(|p| p.totals.defaulted as f64),
        integer: true,
    };
    let (w, h) = opts.size.unwrap_or((900, 720));
    let title = opts.title.clone().unwrap_or_else(|| {
        format!(
            "Haircut sweep — {} — model {}",
            net.meta().name.as_deref().unwrap_or("graph"),
            model.name()
        )
    });
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let root = root
            .titled(&title, ("sans-serif", 26).into_font().color(&BLACK))
            .map_err(draw_err)?;
        let rows = legend_rows(net, curves, w);
        let (strip, root) = root.split_vertically(12 + 26 * rows.len() as u32);
        legend(&strip, net, curves, &rows)?;
        let (_, rest_h) = root.dim_in_pixel();
        let (top, bottom) = root.split_vertically(rest_h * 56 / 100);
        match opts.metric {
            Metric::TotalLoss => panel(&top, curves, &loss, &x_desc, opts.mark)?,
            Metric::Impact => panel(&top, curves, &impact, &x_desc, opts.mark)?,
            Metric::Both => {
                let (l, r) = top.split_horizontally(w / 2);
                panel(&l, curves, &loss, &x_desc, opts.mark)?;
                panel(&r, curves, &impact, &x_desc, opts.mark)?;
            }
        }
        let (l, r) = bottom.split_horizontally(w / 2);
        panel(&l, curves, &distressed, &x_desc, opts.mark)?;
        panel(&r, curves, &defaulted, &x_desc, opts.mark)?;
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

fn check(net: &Network, curves: &[Curve]) -> Result<()> {
    if curves.is_empty() {
        return Err(Error::param(
            Param::Curves,
            "there is no sweep curve to draw",
            Some("sweep at least one node"),
        ));
    }
    for c in curves {
        if c.node.index() >= net.node_count() {
            return Err(Error::param(
                Param::Curves,
                format!("node index {} is not in the graph", c.node),
                None,
            ));
        }
        if c.points.len() < 2 {
            return Err(Error::param(
                Param::Steps,
                format!(
                    "the sweep of `{}` has {} point(s); a line needs two",
                    net.id(c.node.index()),
                    c.points.len()
                ),
                Some("use at least 1 step (2 points)"),
            ));
        }
        let bad = c.points.iter().find(|p| {
            !(p.haircut.is_finite()
                && p.totals.total_loss.is_finite()
                && p.totals.impact.is_finite())
        });
        if let Some(p) = bad {
            return Err(Error::param(
                Param::Curves,
                format!(
                    "the sweep of `{}` has a non-finite figure at haircut {}",
                    net.id(c.node.index()),
                    p.haircut
                ),
                None,
            ));
        }
    }
    Ok(())
}

/// A "nice" upper bound of an axis holding values up to `max`.
pub(crate) fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let m = max * 1.05;
    let mag = 10f64.powf(m.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * mag >= m {
            return step * mag;
        }
    }
    10.0 * mag
}

/// Compact tick label: no needless decimals.
pub(crate) fn tick(v: f64) -> String {
    let a = v.abs();
    let s = if a == 0.0 {
        "0".to_string()
    } else if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Legend geometry: the curves in rows, each entry with its x offset.
fn legend_rows(net: &Network, curves: &[Curve], width: u32) -> Vec<Vec<(usize, i32)>> {
    let mut rows: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let (start, end) = (80i32, width as i32 - 20);
    let mut x = start;
    for (k, c) in curves.iter().enumerate() {
        // About 9 px per character at 16 px (sans-serif), plus the line sample.
        let item = 44 + 9 * net.label(c.node.index()).chars().count() as i32 + 24;
        if x + item > end && x > start {
            rows.push(Vec::new());
            x = start;
        }
        rows.last_mut().expect("a row").push((k, x));
        x += item;
    }
    rows
}

/// The legend strip: one line sample and label per curve (colours are the same in every
/// panel, so one legend serves them all).
fn legend(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    net: &Network,
    curves: &[Curve],
    rows: &[Vec<(usize, i32)>],
) -> Result<()> {
    let font =
        ("sans-serif", 16)
            .into_font()
            .color(&BLACK)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
    for (r, row) in rows.iter().enumerate() {
        let y = 14 + 26 * r as i32;
        for &(k, x) in row {
            let colour = rgb(k);
            area.draw(&PathElement::new(
                vec![(x, y), (x + 34, y)],
                colour.stroke_width(3),
            ))
            .map_err(draw_err)?;
            area.draw(&Circle::new((x + 17, y), 4, colour.filled()))
                .map_err(draw_err)?;
            area.draw_text(net.label(curves[k].node.index()), &font, (x + 42, y))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

fn panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    curves: &[Curve],
    p: &Panel<'_>,
    x_desc: &str,
    mark: Option<f64>,
) -> Result<()> {
    let max = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|pt| (p.y)(pt)))
        .fold(0.0f64, f64::max);
    let y_max = if p.integer {
        (max + 1.0).max(2.0)
    } else {
        nice_max(max)
    };
    let mut chart = ChartBuilder::on(area)
        .caption(p.caption, ("sans-serif", 19))
        .margin(12)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..1f64, 0f64..y_max)
        .map_err(draw_err)?;
    let y_labels = if p.integer {
        (y_max as usize + 1).min(8)
    } else {
        6
    };
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(y_labels)
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| {
            if p.integer {
                if (y - y.round()).abs() < 1e-9 {
                    format!("{}", y.round() as i64)
                } else {
                    String::new()
                }
            } else {
                tick(*y)
            }
        })
        .x_desc(x_desc)
        .y_desc(p.y_desc.as_str())
        .axis_desc_style(("sans-serif", 16))
        .label_style(("sans-serif", 15))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .draw()
        .map_err(draw_err)?;
    if let Some(m) = mark.filter(|m| (0.0..=1.0).contains(m)) {
        let grey = RGBColor(0x88, 0x88, 0x88);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(m, 0.0), (m, y_max)],
                grey.stroke_width(1),
            )))
            .map_err(draw_err)?;
        let pos = if m > 0.75 { m - 0.01 } else { m + 0.01 };
        let anchor = if m > 0.75 {
            plotters::style::text_anchor::HPos::Right
        } else {
            plotters::style::text_anchor::HPos::Left
        };
        let style = TextStyle::from(("sans-serif", 14).into_font())
            .color(&grey)
            .pos(plotters::style::text_anchor::Pos::new(
                anchor,
                plotters::style::text_anchor::VPos::Top,
            ));
        chart
            .draw_series(std::iter::once(Text::new(
                format!("scenario {}", tick(m)),
                (pos, y_max),
                style,
            )))
            .map_err(draw_err)?;
    }
    let markers = curves.iter().all(|c| c.points.len() <= 51);
    for (k, c) in curves.iter().enumerate() {
        let colour = rgb(k);
        let pts: Vec<(f64, f64)> = c.points.iter().map(|pt| (pt.haircut, (p.y)(pt))).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))
            .map_err(draw_err)?;
        if markers {
            // Later curves get smaller markers, so curves lying on top of each other stay
            // visible as concentric dots.
            let r = (4 - (k as i32).min(2)).max(2);
            chart
                .draw_series(pts.iter().map(|&xy| Circle::new(xy, r, colour.filled())))
                .map_err(draw_err)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis as whatif;
    use crate::model::NodeId;
    use crate::shock::{Params, Totals};
    use crate::test_support::graph;

    fn chain() -> Network {
        graph(
            &[("x", 10.0), ("a", 5.0), ("b", 8.0)],
            &[("x", "a", 10.0), ("a", "b", 4.0), ("b", "a", 1.0)],
        )
    }

    fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect()
    }

    fn polylines_of(doc: &roxmltree::Document<'_>, colour: &str) -> usize {
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(colour))
            .count()
    }

    #[test]
    fn svg_is_well_formed_with_title_axes_curves_and_legend() {
        let net = chain();
        let curves = whatif::sweep(
            &net,
            Model::DebtRank,
            &[NodeId::new(0), NodeId::new(2)],
            8,
            &Params::default(),
        )
        .unwrap();
        let svg = sweep_svg(&net, &curves, Model::DebtRank, Metric::Both).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let t = texts(&doc);
        assert!(
            t.iter()
                .any(|s| s.contains("Haircut sweep") && s.contains("debtrank")),
            "{t:?}"
        );
        for needle in [
            "total loss (graph units)",
            "impact (%)",
            "nodes distressed",
            "nodes defaulted",
            "haircut on the shocked node (0 = no loss, 1 = full default)",
        ] {
            assert!(t.iter().any(|s| s == needle), "`{needle}` not among {t:?}");
        }
        // Four panels, each with one line per curve, and one legend sample line per curve
        // (the legend is in the first panel; the colours are the same in all).
        for k in 0..2 {
            assert_eq!(polylines_of(&doc, &curve_colour(k)), 4 + 1, "curve {k}");
        }
        // Legend entries: the node labels.
        assert_eq!(t.iter().filter(|s| *s == "x").count(), 1, "{t:?}");
        assert_eq!(t.iter().filter(|s| *s == "b").count(), 1, "{t:?}");
        // No external references.
        assert!(!svg.contains("href"));
        assert!(!svg.contains("url("));
        assert_eq!(svg.matches("http").count(), 1, "only the SVG namespace");
    }

    #[test]
    fn single_curve_names_the_node_and_marks_the_scenario() {
        let net = chain();
        let curves = whatif::sweep(
            &net,
            Model::Threshold,
            &[NodeId::new(0)],
            4,
            &Params::default(),
        )
        .unwrap();
        let svg = sweep_svg_with(
            &net,
            &curves,
            Model::Threshold,
            &PlotOptions {
                metric: Metric::Impact,
                mark: Some(0.5),
                ..PlotOptions::default()
            },
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let t = texts(&doc);
        assert!(t.iter().any(|s| s.contains("model threshold")));
        assert!(t
            .iter()
            .any(|s| s == "haircut on x (0 = no loss, 1 = full default)"));
        assert!(t.iter().any(|s| s == "impact (%)"));
        assert!(!t.iter().any(|s| s.starts_with("total loss")));
        assert_eq!(t.iter().filter(|s| *s == "scenario 0.5").count(), 3);
        assert_eq!(polylines_of(&doc, &curve_colour(0)), 3 + 1);
    }

    #[test]
    fn units_and_escaping() {
        let net = crate::io::load_default().unwrap();
        let i = net.index_of("openai").unwrap();
        let curves = whatif::sweep(&net, Model::DebtRank, &[i], 5, &Params::default()).unwrap();
        let svg = sweep_svg_with(
            &net,
            &curves,
            Model::DebtRank,
            &PlotOptions {
                title: Some("a <b> & \"c\"".into()),
                ..PlotOptions::default()
            },
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let t = texts(&doc);
        assert!(t.iter().any(|s| s == "a <b> & \"c\""), "{t:?}");
        assert!(t.iter().any(|s| s == "total loss (USD billion)"), "{t:?}");
        assert!(t.iter().any(|s| s.starts_with("OpenAI")), "{t:?}");
    }

    #[test]
    fn refuses_what_it_cannot_draw() {
        let net = chain();
        assert!(sweep_svg(&net, &[], Model::DebtRank, Metric::TotalLoss).is_err());
        let one = Curve {
            node: NodeId::new(0),
            points: vec![whatif::SweepPoint {
                haircut: 0.0,
                totals: Totals::default(),
            }],
        };
        assert!(sweep_svg(
            &net,
            std::slice::from_ref(&one),
            Model::DebtRank,
            Metric::TotalLoss
        )
        .is_err());
        let mut bad = one.clone();
        bad.points.push(whatif::SweepPoint {
            haircut: 1.0,
            totals: Totals {
                total_loss: f64::NAN,
                ..bad.points[0].totals
            },
        });
        assert!(sweep_svg(&net, &[bad], Model::DebtRank, Metric::TotalLoss).is_err());
        let mut far = one;
        far.node = NodeId::new(99);
        assert!(sweep_svg(&net, &[far], Model::DebtRank, Metric::TotalLoss).is_err());
    }

    #[test]
    fn nice_bounds_and_ticks() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(9.0), 10.0);
        assert_eq!(nice_max(95.0), 100.0);
        assert_eq!(nice_max(0.3), 0.4);
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(120.0), "120");
        assert_eq!(tick(0.0), "0");
    }
}

//! The year curves of a growth stall as an SVG chart (plotters, no system fonts): the total
//! loss through the network by year, and the stalled node's coverage (paid / due) with its own
//! haircut by year.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::plot::{nice_max, tick};
use super::stall::StallReport;
use crate::error::{Error, Result};
use crate::model::Network;

fn draw_err(e: impl std::fmt::Display) -> Error {
    Error::Tool {
        message: format!("cannot draw the stall chart: {e}"),
        hint: "this is a bug in shockgraph's plotting; please report it with the command line"
            .into(),
    }
}

/// One line of a panel.
struct Line {
    label: String,
    colour: RGBColor,
    points: Vec<(f64, f64)>,
}

fn panel(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    caption: &str,
    y_desc: &str,
    y_max: f64,
    years: (f64, f64),
    lines: &[Line],
) -> Result<()> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 19))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(years.0 - 0.5..years.1 + 0.5, 0f64..y_max)
        .map_err(draw_err)?;
    let span = (years.1 - years.0) as usize + 1;
    chart
        .configure_mesh()
        .x_labels(span.min(12) + 1)
        .y_labels(6)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 {
                format!("{}", x.round() as i64)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| tick(*y))
        .x_desc("year")
        .y_desc(y_desc)
        .axis_desc_style(("sans-serif", 16))
        .label_style(("sans-serif", 15))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
        .draw()
        .map_err(draw_err)?;
    for l in lines {
        let c = l.colour;
        chart
            .draw_series(LineSeries::new(l.points.clone(), c.stroke_width(2)))
            .map_err(draw_err)?
            .label(l.label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        chart
            .draw_series(l.points.iter().map(|&p| Circle::new(p, 4, c.filled())))
            .map_err(draw_err)?;
    }
    if lines.len() > 1 {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .label_font(("sans-serif", 14))
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

/// The chart of a stall report.
///
/// # Errors
/// [`Error::Tool`] when a figure is not finite or plotters fails.
pub fn years_svg(net: &Network, rep: &StallReport) -> Result<String> {
    let (Some(first), Some(last)) = (rep.years.first(), rep.years.last()) else {
        return Err(draw_err("the stall has no years"));
    };
    if rep
        .years
        .iter()
        .any(|y| !(y.total_loss.is_finite() && y.coverage.is_finite()))
    {
        return Err(draw_err("a figure is not finite"));
    }
    let unit = net.meta().unit_label();
    let unit = if unit.is_empty() {
        "graph units".to_string()
    } else {
        unit
    };
    let years = (f64::from(first.year), f64::from(last.year));
    let loss = Line {
        label: "total loss through the network".to_string(),
        colour: RGBColor(0x44, 0x01, 0x54),
        points: rep
            .years
            .iter()
            .map(|y| (f64::from(y.year), y.total_loss))
            .collect(),
    };
    let coverage = Line {
        label: "coverage: paid / due (all stalled nodes)".to_string(),
        colour: RGBColor(0x21, 0x91, 0x8c),
        points: rep
            .years
            .iter()
            .map(|y| (f64::from(y.year), 100.0 * y.coverage))
            .collect(),
    };
    // One own-haircut line per stalled node (the year table's `haircuts` with several).
    const OWN: [RGBColor; 4] = [
        RGBColor(0xe3, 0x4a, 0x33),
        RGBColor(0xfd, 0x8d, 0x3c),
        RGBColor(0x8c, 0x2d, 0x04),
        RGBColor(0xfe, 0xb2, 0x4c),
    ];
    let own: Vec<Line> = rep
        .stalled
        .iter()
        .enumerate()
        .map(|(k, x)| Line {
            label: format!("own haircut of {} (share of its obligations lost)", x.node),
            colour: OWN[k % OWN.len()],
            points: rep
                .years
                .iter()
                .map(|y| {
                    let h = y.haircuts.get(&x.node).copied().unwrap_or(y.haircut);
                    (f64::from(y.year), 100.0 * h)
                })
                .collect(),
        })
        .collect();
    let max_loss = loss.points.iter().map(|p| p.1).fold(0.0, f64::max);
    let who: Vec<&str> = rep
        .stalled
        .iter()
        .map(|x| {
            net.node(&x.node)
                .map_or(x.node.as_str(), |i| net.label(i.index()))
        })
        .collect();
    let how: Vec<String> = rep
        .stalled
        .iter()
        .map(|x| match (x.growth, x.plan_scale) {
            (Some(g), _) => format!("growth {}", tick(g)),
            (None, Some(k)) => format!("{} of planned growth", tick(k)),
            (None, None) => "funding plan".to_string(),
        })
        .collect();
    let mut how = how;
    how.dedup();
    let title = format!(
        "Growth stall of {} — {} — model {}",
        who.join(", "),
        how.join(", "),
        rep.model.name()
    );
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, 680)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let root = root
            .titled(&title, ("sans-serif", 24).into_font().color(&BLACK))
            .map_err(draw_err)?;
        let (top, bottom) = root.split_vertically(330);
        panel(
            &top,
            "Losses recognised up to each year, propagated",
            &format!("total loss ({unit})"),
            nice_max(max_loss),
            years,
            &[loss],
        )?;
        panel(
            &bottom,
            &format!(
                "What {} pay{}",
                rep.node,
                if rep.stalled.len() > 1 { "" } else { "s" }
            ),
            "% of what is due / of its obligations",
            100.0,
            years,
            &std::iter::once(coverage).chain(own).collect::<Vec<_>>(),
        )?;
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

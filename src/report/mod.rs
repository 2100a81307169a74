//! Presentation: the results of the library as JSON (the stable shapes of `docs/output.md`)
//! and CSV, and, with the feature `cli`, terminal tables (comfy-table); with the feature
//! `render`, DOT/SVG diagrams, SVG plots and the self-contained HTML report.
//!
//! Nothing here computes a figure: every number comes from [`crate::shock`],
//! [`crate::centrality`] or [`crate::analysis`]. Lists are sorted by their main figure,
//! descending, ties by id, so outputs are deterministic.

pub mod basis;
pub mod centrality;
pub mod concentration;
pub mod diff;
#[cfg(feature = "render")]
pub mod dot;
pub mod exposure;
pub mod finite;
#[cfg(feature = "render")]
pub mod html;
pub mod library;
#[cfg(feature = "render")]
pub mod plot;
pub mod rank;
pub mod shard;
pub mod shock;
pub mod stall;
#[cfg(feature = "render")]
pub mod stall_plot;
pub mod summary;
pub mod text;
pub mod whatif;

#[cfg(feature = "cli")]
use comfy_table::presets::UTF8_FULL_CONDENSED;
#[cfg(feature = "cli")]
use comfy_table::{CellAlignment, ContentArrangement, Table};

/// Output formats of the report commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable table.
    Table,
    /// JSON document.
    Json,
    /// CSV with a header row.
    Csv,
}

#[cfg(feature = "cli")]
thread_local! {
    /// The width the tables built on this thread are fitted into (see [`set_table_width`]).
    static TABLE_WIDTH: std::cell::Cell<Option<u16>> = const { std::cell::Cell::new(None) };
}

/// Fits the tables built on this thread into `width` columns, wrapping the widest cells
/// (comfy-table's dynamic arrangement), or, with `None` (the default), lays them out at their
/// natural width. A front end sets the terminal's width when the tables go to a terminal, and
/// leaves the default for files and pipes, whose output then does not depend on any terminal.
#[cfg(feature = "cli")]
pub fn set_table_width(width: Option<u16>) {
    TABLE_WIDTH.with(|w| w.set(width));
}

/// The width set by [`set_table_width`] on this thread.
#[cfg(feature = "cli")]
pub(crate) fn table_width() -> Option<u16> {
    TABLE_WIDTH.with(std::cell::Cell::get)
}

/// A table with the project's style; columns listed in `right` are right-aligned. It is laid
/// out at its natural width, or fitted into the width of [`set_table_width`].
#[cfg(feature = "cli")]
pub(crate) fn table(header: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED);
    match table_width() {
        Some(w) => t
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w),
        None => t.set_content_arrangement(ContentArrangement::Disabled),
    };
    t.set_header(header.to_vec());
    for &c in right {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// A number for a table: up to 4 significant decimals, no trailing zeros.
pub fn num(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if !x.is_finite() {
        finite::note(|| "a table figure".into(), x);
        return x.to_string();
    }
    // Beyond 1e15 a fixed-point figure is a wall of digits: scientific notation instead.
    let s = if a >= 1e15 {
        let sci = format!("{x:.4e}");
        let (m, e) = sci
            .split_once('e')
            .expect("scientific notation has an exponent");
        let m = m.trim_end_matches('0').trim_end_matches('.');
        return format!("{m}e{e}");
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else if a >= 0.0001 {
        format!("{x:.4}")
    } else if a >= 1e-6 {
        // Three significant digits in fixed point down to 1e-6 (`0.0000123`).
        let digits = (-a.log10()).ceil() as usize + 2;
        format!("{x:.digits$}")
    } else {
        // Below 1e-6: scientific notation, like beyond 1e15 (`1.5e-7`).
        let sci = format!("{x:.2e}");
        let (m, e) = sci
            .split_once('e')
            .expect("scientific notation has an exponent");
        let m = m.trim_end_matches('0').trim_end_matches('.');
        return format!("{m}e{e}");
    };
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A share as a percentage for tables.
pub fn pct(x: f64) -> String {
    finite::note(|| "a table share".into(), x);
    if x == 0.0 {
        "0%".into()
    } else if x.abs() < 0.001 {
        format!("{:.3}%", 100.0 * x)
    } else {
        format!("{:.1}%", 100.0 * x)
    }
}

/// Pretty JSON with a trailing newline.
///
/// A non-finite number (which JSON would print as `null`) is noted for the output's guard
/// ([`finite`]).
pub fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    finite::note_in("JSON", v);
    pretty(v)
}

/// Pretty JSON with a trailing newline, unchecked.
fn pretty<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("report serialises");
    s.push('\n');
    s
}

/// Pretty JSON of `v` with node ids in place of [`crate::NodeId`]s, and a trailing newline.
pub fn to_json_named<T: serde::Serialize + ?Sized>(net: &crate::Network, v: &T) -> String {
    note_json_named(net, v);
    pretty(&crate::model::Named::new(net, v))
}

/// Writes [`to_json_named`]'s text to `w` while it is made, without holding it: the same
/// bytes. It does not note non-finite figures: call [`note_json_named`] first and check
/// [`finite::take`] before writing, so that nothing is written when a figure is not finite.
///
/// # Errors
/// The writer's I/O errors.
pub fn write_json_named<T: serde::Serialize + ?Sized>(
    w: &mut dyn std::io::Write,
    net: &crate::Network,
    v: &T,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &crate::model::Named::new(net, v))?;
    w.write_all(b"\n")
}

/// Notes the first non-finite figure of `v`'s JSON for the output's guard ([`finite`]), as
/// [`to_json_named`] does.
///
/// The figures are checked without the ids first (a node id is a random read per row; the
/// numbers are the same either way), and the ids are looked up only to name a figure that is
/// not finite.
pub fn note_json_named<T: serde::Serialize + ?Sized>(net: &crate::Network, v: &T) {
    if finite::find(v).is_some() {
        finite::note_in("JSON", &crate::model::Named::new(net, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guard checks without ids, then names the figure by the ids of the graph.
    #[test]
    fn non_finite_figure_is_named_with_node_ids() {
        let net = crate::io::load_default().unwrap();
        let fine: std::collections::BTreeMap<crate::NodeId, f64> =
            [(crate::NodeId::new(1), 0.5)].into_iter().collect();
        note_json_named(&net, &fine);
        assert_eq!(finite::take(), None);
        let bad: std::collections::BTreeMap<crate::NodeId, f64> = [
            (crate::NodeId::new(0), 0.5),
            (crate::NodeId::new(2), f64::NAN),
        ]
        .into_iter()
        .collect();
        note_json_named(&net, &bad);
        let nf = finite::take().expect("noted");
        assert_eq!(nf.place, format!("JSON {}", net.id(2usize)));
        assert!(nf.value.is_nan());
    }

    #[test]
    fn json_written_while_made_is_the_same_text() {
        let net = crate::io::load_default().unwrap();
        let rep = crate::analysis::summary(&net, 10, None);
        let mut w = Vec::new();
        write_json_named(&mut w, &net, &rep).unwrap();
        assert_eq!(String::from_utf8(w).unwrap(), to_json_named(&net, &rep));
    }

    #[test]
    #[cfg(feature = "cli")]
    fn fits_the_set_width_and_keeps_the_natural_one_by_default() {
        let build = || {
            let mut t = table(&["id", "label", "figure"], &[2]);
            t.add_row(vec![
                "openai",
                &"a long label that goes on ".repeat(6),
                "1.5",
            ]);
            t.to_string()
        };
        let natural = build();
        assert!(natural.lines().all(|l| l.chars().count() > 60), "{natural}");
        assert_eq!(natural.lines().count(), 5);
        set_table_width(Some(60));
        let fitted = build();
        set_table_width(None);
        assert!(fitted.lines().all(|l| l.chars().count() <= 60), "{fitted}");
        assert!(fitted.lines().count() > 5, "the label wraps: {fitted}");
        assert_eq!(build(), natural);
    }

    #[test]
    fn numbers() {
        assert_eq!(num(150.0), "150");
        assert_eq!(num(24.6712), "24.67");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(12345.6), "12346");
        assert_eq!(num(1e308), "1e308");
        assert_eq!(num(-1.23456e16), "-1.2346e16");
        assert_eq!(num(999_999_999_999_999.0), "999999999999999");
        assert_eq!(num(0.000_05), "0.00005");
        assert_eq!(num(0.000_012_34), "0.0000123");
        assert_eq!(num(-0.000_001), "-0.000001");
        assert_eq!(num(1.5e-7), "1.5e-7");
        assert_eq!(num(1.234_56e-9), "1.23e-9");
        assert_eq!(num(5e-324), "4.94e-324");
        assert_eq!(pct(0.5), "50.0%");
        assert_eq!(pct(0.0), "0%");
    }

    #[test]
    fn non_finite_figures_are_noted() {
        let _ = finite::take();
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(finite::take().unwrap().place, "a table figure");
        let _ = to_json(&[1.0, f64::INFINITY]);
        assert_eq!(finite::take().unwrap().place, "JSON [1]");
        let _ = to_json(&[1.0]);
        assert_eq!(finite::take(), None);
    }
}

//! Text helpers of the HTML report: escaping, numbers for reading, inline SVG, node cells.

use crate::model::{Network, NodeIx};

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for reading: thousands separated by commas, at most 2 decimals (4 below 1), no
/// trailing zeros (`12,346`, `280.5`, `0.0125`).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if a < 0.0001 {
        return format!("{x:.2e}");
    }
    let decimals = if a >= 1000.0 {
        0
    } else if a >= 1.0 {
        2
    } else {
        4
    };
    let s = format!("{a:.decimals$}");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The `<svg ...>...</svg>` element of an SVG document (XML declaration, doctype and leading
/// comments dropped), for inlining in HTML.
pub fn svg_element(svg: &str) -> &str {
    let start = svg.find("<svg").unwrap_or(0);
    let end = svg
        .rfind("</svg>")
        .map_or(svg.len(), |e| e + "</svg>".len());
    &svg[start..end.max(start)]
}

/// `" (USD billion)"` as `" USD billion"`.
pub(super) fn unit_plain(suffix: &str) -> String {
    suffix.replace(['(', ')'], "")
}

pub(super) fn unit_suffix(net: &Network) -> String {
    let u = net.meta().unit_label();
    if u.is_empty() {
        String::new()
    } else {
        format!(" ({u})")
    }
}

/// Node label with its id below when they differ.
pub(super) fn node_cell(net: &Network, i: impl NodeIx) -> String {
    let (label, id) = (net.label(i), net.id(i));
    if label == id {
        escape(id)
    } else {
        format!(
            "{}<br><span class=\"id\">{}</span>",
            escape(label),
            escape(id)
        )
    }
}

pub(super) fn node_cell_by_id(net: &Network, id: &str) -> String {
    match net.index_of(id) {
        Some(i) => node_cell(net, i),
        None => escape(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn numbers_read_well() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(12345.6), "12,346");
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(-1234.0), "-1,234");
        assert_eq!(number(280.5), "280.5");
        assert_eq!(number(122.0), "122");
        assert_eq!(number(0.0125), "0.0125");
        assert_eq!(number(999.999), "1,000");
        assert_eq!(number(1e-6), "1.00e-6");
    }

    #[test]
    fn svg_element_drops_the_prolog() {
        let s = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- c -->\n<svg a=\"1\"><g/></svg>\n";
        assert_eq!(svg_element(s), "<svg a=\"1\"><g/></svg>");
    }
}

//! The sources section: every source of the graph, grouped by how firm it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::text::escape;
use crate::model::meta::{Source, Status};
use crate::model::Network;

/// One source as listed: the document and where the graph uses it.
struct Listed<'a> {
    source: &'a Source,
    used_for: Vec<String>,
}

/// Every source of every node, attribute and edge, deduplicated by (status, title, url, date).
fn collect_sources(net: &Network) -> BTreeMap<(u8, String, String, String), Listed<'_>> {
    let mut places: Vec<(&Source, String)> = Vec::new();
    for i in 0..net.node_count() {
        if let Some(m) = net.node_meta(i) {
            for s in &m.sources {
                let place = match &s.figure {
                    Some(f) => format!("{} · {f}", net.id(i)),
                    None => net.id(i).to_string(),
                };
                places.push((s, place));
            }
            for (name, a) in &m.attributes {
                for s in &a.sources {
                    places.push((s, format!("{} · {name}", net.id(i))));
                }
            }
        }
    }
    for e in net.edges() {
        if let Some(m) = net.edge_meta(e.index.index()) {
            for s in &m.sources {
                places.push((
                    s,
                    format!(
                        "{} → {} ({})",
                        net.id(e.from.index()),
                        net.id(e.to.index()),
                        net.edge_kind_name(e.kind)
                    ),
                ));
            }
        }
    }
    let mut all: BTreeMap<(u8, String, String, String), Listed<'_>> = BTreeMap::new();
    for (s, place) in places {
        // Case-insensitive order of titles; the exact title, address and date tell apart.
        let key = (
            status_rank(s.status),
            format!("{}\u{0}{}", s.title.to_lowercase(), s.title),
            s.url.clone().unwrap_or_default(),
            s.date.clone(),
        );
        let e = all.entry(key).or_insert_with(|| Listed {
            source: s,
            used_for: Vec::new(),
        });
        if !e.used_for.contains(&place) {
            e.used_for.push(place);
        }
    }
    all
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Firm => 0,
        Status::Reported => 1,
        Status::Estimate => 2,
        Status::Assumption => 3,
    }
}

fn status_heading(s: Status) -> &'static str {
    match s {
        Status::Firm => "Firm — in a filing or announced by a party",
        Status::Reported => "Reported — media reports",
        Status::Estimate => "Estimate — projections and derived figures",
        Status::Assumption => "Assumption — modelling choices, argued in the graph's README",
    }
}

/// Whether a URL may become a link (http or https only; anything else is shown as text).
pub(super) fn linkable(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://")
}

pub(super) fn render_sources(h: &mut String, net: &Network) {
    let all = collect_sources(net);
    let mut counts = [0usize; 4];
    for k in all.keys() {
        counts[k.0 as usize] += 1;
    }
    let statuses = [
        Status::Firm,
        Status::Reported,
        Status::Estimate,
        Status::Assumption,
    ];
    let _ = write!(
        h,
        "<section id=\"sources\">\n<h2>Sources</h2>\n<p>{} distinct sources back the graph's figures: {}.</p>\n",
        all.len(),
        statuses
            .iter()
            .map(|s| format!("{} {}", counts[status_rank(*s) as usize], s.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if all.is_empty() {
        h.push_str("<p class=\"note\">The graph records no sources.</p>\n");
    }
    for s in statuses {
        let rank = status_rank(s);
        let n = counts[rank as usize];
        if n == 0 {
            continue;
        }
        let _ = write!(
            h,
            "<h3 id=\"sources-{}\" class=\"status st-{}\">{} ({n})</h3>\n<ol class=\"sources\">\n",
            s.as_str(),
            s.as_str(),
            escape(status_heading(s))
        );
        for l in all
            .values()
            .filter(|l| status_rank(l.source.status) == rank)
        {
            let src = l.source;
            let title = match src.url.as_deref() {
                Some(u) if linkable(u) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    escape(u.trim()),
                    escape(&src.title)
                ),
                Some(u) => format!(
                    "{} <span class=\"id\">{}</span>",
                    escape(&src.title),
                    escape(u)
                ),
                None => escape(&src.title),
            };
            const SHOWN: usize = 6;
            let mut used: Vec<String> = l.used_for.iter().take(SHOWN).map(|p| escape(p)).collect();
            if l.used_for.len() > SHOWN {
                used.push(format!("and {} more", l.used_for.len() - SHOWN));
            }
            let _ = writeln!(
                h,
                "<li>{title} <span class=\"small\">({})</span><br><span class=\"small\">for {}</span></li>",
                escape(&src.date),
                used.join("; ")
            );
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert!(linkable("https://example.org/x"));
        assert!(!linkable("javascript:alert(1)"));
        assert!(!linkable("file:///etc/passwd"));
    }
}

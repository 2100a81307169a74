//! `graph scenarios`: the embedded scenario library as a table, JSON or CSV.

#[cfg(feature = "cli")]
use super::table;
use crate::io::library::LibraryEntry;

/// `graph scenarios --format json`: the entries as they are.
#[must_use]
pub fn to_json(entries: &[LibraryEntry]) -> String {
    super::to_json(entries)
}

/// `graph scenarios --format csv`: `name,kind,summary`.
#[must_use]
pub fn to_csv(entries: &[LibraryEntry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["name", "kind", "summary"])
        .expect("writing to memory");
    for e in entries {
        w.write_record([e.name, e.kind.name(), e.summary.as_str()])
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV is UTF-8")
}

/// `graph scenarios`: one line per scenario, and how to run one.
#[cfg(feature = "cli")]
#[must_use]
pub fn to_table(entries: &[LibraryEntry]) -> String {
    let mut t = table(&["scenario", "kind", "what it assumes"], &[]);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(super::table_width().map_or(120, |w| w.min(120)));
    for e in entries {
        t.add_row(vec![e.name, e.kind.name(), e.summary.as_str()]);
    }
    format!(
        "{t}\nRun one: graph shock --scenario NAME (shock) or graph stall --scenario NAME (stall);\n\
         graphs/scenarios/README.md documents each.\n"
    )
}

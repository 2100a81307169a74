//! The width tables are fitted into: the terminal's when the output goes to one, none
//! otherwise (files and pipes get the tables at their natural width, whatever the terminal).

use std::io::IsTerminal;

use shockgraph::io;

use super::Global;

/// The width of standard output's terminal when the tables go there: `COLUMNS` when it is a
/// positive number (as shells set it, and as a user may to narrow the tables), else the
/// terminal's own size; `None` when the output goes to a file or a pipe.
pub fn table_width(g: &Global) -> Option<u16> {
    let to_stdout = g.output.as_deref().is_none_or(io::output::is_stdout);
    width_for(
        to_stdout && std::io::stdout().is_terminal(),
        std::env::var("COLUMNS").ok().as_deref(),
    )
}

fn width_for(terminal: bool, columns: Option<&str>) -> Option<u16> {
    if !terminal {
        return None;
    }
    if let Some(c) = columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
    {
        return Some(c);
    }
    // comfy-table asks the terminal for its size.
    let mut t = comfy_table::Table::new();
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_a_terminal_nothing_elsewhere() {
        assert_eq!(width_for(true, Some("72")), Some(72));
        assert_eq!(width_for(true, Some(" 100 ")), Some(100));
        assert_eq!(width_for(false, Some("72")), None);
        // A COLUMNS that is not a width is ignored (the terminal's size, if any, is used).
        assert_ne!(width_for(true, Some("0")), Some(0));
        assert_ne!(width_for(true, Some("wide")), Some(0));
    }
}

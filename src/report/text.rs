//! Free text made safe for a terminal: control characters (and the bidirectional overrides of
//! "Trojan Source", CVE-2021-42574) shown as escapes instead of being sent raw, and very long
//! lines cut with a note of how much was left out.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: C0 and C1 controls other than newline and tab,
/// DEL, and the bidirectional embedding, override and isolate characters.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `s` with every unsafe character written as a Rust-style escape (`\x1b`, `\u{202e}`);
/// borrowed unchanged when there is none.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// `s` with each line longer than `max` bytes cut (at a character boundary) and ended by
/// "… (N more bytes)".
pub fn cut_lines(s: &str, max: usize) -> Cow<'_, str> {
    if s.split('\n').all(|l| l.len() <= max) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(1 << 20));
    for (k, line) in s.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if line.len() <= max {
            out.push_str(line);
        } else {
            let mut end = max;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            let _ = write!(out, "{}… ({} more bytes)", &line[..end], line.len() - end);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal: [`escape_controls`] then [`cut_lines`].
pub fn terminal_safe(s: &str, max_line: usize) -> String {
    cut_lines(&escape_controls(s), max_line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(escape_controls("a\tb\nc é"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("x\u{1b}[2Jy\u{7}"), "x\\x1b[2Jy\\x07");
        assert_eq!(escape_controls("\u{9b}\u{202e}"), "\\u{9b}\\u{202e}");
        assert_eq!(escape_controls("\r"), "\\x0d");
    }

    #[test]
    fn long_lines_are_cut_with_the_count() {
        let long = "é".repeat(10);
        let s = format!("short\n{long}");
        let c = cut_lines(&s, 5);
        assert_eq!(c, "short\néé… (16 more bytes)");
        assert!(matches!(cut_lines("ok\nfine", 5), Cow::Borrowed(_)));
    }
}

/// CSV text with every cell that a spreadsheet would run as a formula made inert, as the OWASP
/// advice on CSV injection says: a cell starting with `=`, `+`, `@`, a tab or a carriage return,
/// or with `-` when it is not a number, gets a leading `'`. Numbers (`-0.5`, `1e-3`) are left
/// as they are, so the file still parses as data. A text with no cell to change is returned
/// as it is (borrowed).
#[must_use]
pub fn csv_formula_safe(csv_text: &str) -> Cow<'_, str> {
    if !may_start_a_formula(csv_text.as_bytes()) {
        return Cow::Borrowed(csv_text);
    }
    let risky = |f: &str| match f.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => f.parse::<f64>().is_err() || f.starts_with('='),
        Some('-') => f.parse::<f64>().is_err(),
        _ => false,
    };
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut changed = false;
    for rec in rd.records() {
        let Ok(rec) = rec else {
            return Cow::Borrowed(csv_text);
        };
        let row: Vec<String> = rec
            .iter()
            .map(|f| {
                if risky(f) {
                    changed = true;
                    format!("'{f}")
                } else {
                    f.to_string()
                }
            })
            .collect();
        if w.write_record(&row).is_err() {
            return Cow::Borrowed(csv_text);
        }
    }
    if !changed {
        return Cow::Borrowed(csv_text);
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .map_or(Cow::Borrowed(csv_text), Cow::Owned)
}

/// Whether a cell of `csv_text` may start with a byte [`csv_formula_safe`] acts on. A cell
/// starts at the start of the text, after a `,` or a line end, or after its opening quote,
/// so a text where none of those is followed by such a byte has no cell to change (the scan
/// may also flag a byte that starts no cell; the full check then decides).
fn may_start_a_formula(text: &[u8]) -> bool {
    let acts_on = |b: u8| matches!(b, b'=' | b'+' | b'@' | b'\t' | b'\r' | b'-');
    text.first().is_some_and(|&b| acts_on(b) || b == b'"')
        || text
            .windows(2)
            .any(|w| matches!(w[0], b',' | b'\n' | b'\r' | b'"') && acts_on(w[1]))
}

#[cfg(test)]
mod csv_tests {
    use super::csv_formula_safe;

    #[test]
    fn formulas_are_made_inert_and_numbers_kept() {
        let s = "id,label,x\na,=HYPERLINK(\"http://x\"),-0.5\nb,+1+2,1e-3\nc,@SUM(A1),-\nd,plain,-inf\n";
        let out = csv_formula_safe(s);
        assert!(out.contains("'=HYPERLINK"), "{out}");
        assert!(out.contains(",-0.5"), "{out}");
        assert!(out.contains("'@SUM(A1)"), "{out}");
        assert!(out.contains(",1e-3"), "{out}");
        assert!(out.contains("'+1+2"), "{out}");
        // Plain files come back byte for byte.
        let plain = "id,x\na,1\nb,-2\n";
        assert_eq!(csv_formula_safe(plain), plain);
        let plain = "id,x,y\nn1,1e-3,0.5\nn2,2E+3,\n";
        assert!(matches!(
            csv_formula_safe(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_scan_finds_every_cell_the_full_check_would_change() {
        // Cells at the start, after a comma, after a line end, inside quotes, after CRLF.
        for text in [
            "=1+2,x\n",
            "a,@SUM(A1)\n",
            "a,b\n+cmd,c\n",
            "a,\"=HYPERLINK(1)\"\n",
            "a,b\r\n-cmd,c\r\n",
            "a,\tx\n",
            // An empty quoted prefix: the cell reads `=x`.
            "a,\"\"=x\n",
        ] {
            assert!(super::may_start_a_formula(text.as_bytes()), "{text:?}");
            assert_ne!(csv_formula_safe(text), text, "{text:?}");
        }
    }
}

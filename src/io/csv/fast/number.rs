//! Numbers without allocation: plain decimals parsed exactly, anything else left to `std`.

/// Parses a plain decimal (`[0-9]+(\.[0-9]+)?`) exactly as `str::parse::<f64>` does: with at
/// most 15 digits the integer mantissa and the power of ten are exact doubles, so one correctly
/// rounded division gives the correctly rounded value. Anything else goes to `str::parse`.
///
/// Kept rather than `fast-float2` 0.2 or `lexical-parse-float` 1.0, which give the same bits on
/// the tests and on the 10M amounts of the benchmark graph but are slower on those amounts:
/// 13.5 and 14.1 ns a number against 10.0 ns for this one (`docs/benchmarks.md`).
#[inline]
pub(in crate::io::csv) fn parse_f64(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut m = 0u64;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        m = m.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
        i += 1;
    }
    let int_digits = i;
    let mut frac = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            m = m.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
            i += 1;
            frac += 1;
        }
        if frac == 0 {
            i = usize::MAX; // "1.": leave it to std
        }
    }
    if i == b.len() && int_digits > 0 && int_digits + frac <= 15 {
        return Some(m as f64 / POW10[frac]);
    }
    std::str::from_utf8(b).ok()?.parse::<f64>().ok()
}

/// An optional number cell as the precise path reads it, when it is a plain decimal: `None`
/// for an empty cell, `Some(None)` for something else.
#[inline]
#[allow(
    clippy::option_option,
    reason = "empty, a number, or not a plain number: three cases"
)]
pub(in crate::io::csv) fn plain_number(b: &[u8]) -> Option<Option<f64>> {
    if b.is_empty() {
        Some(None)
    } else if b[0].is_ascii_digit() && b[b.len() - 1].is_ascii_digit() {
        parse_f64(b).map(Some)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::parse_f64;
    use crate::io::csv::tests::Rng;

    #[test]
    fn fast_numbers_match_std() {
        let mut r = Rng(3);
        for _ in 0..200_000 {
            let int = r.next() % 10u64.pow(r.below(12) as u32 + 1);
            let digits = r.below(10);
            let frac = r.next() % 10u64.pow(digits as u32);
            let s = if digits == 0 {
                int.to_string()
            } else {
                format!("{int}.{frac:0digits$}")
            };
            assert_eq!(
                parse_f64(s.as_bytes()).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
        for s in [
            "5.", ".5", "+1", "-0", "1e5", "inf", "NaN", "", ".", "1.2.3", "0x1",
        ] {
            assert_eq!(
                parse_f64(s.as_bytes()).map(f64::to_bits),
                s.parse::<f64>().ok().map(f64::to_bits),
                "{s}"
            );
        }
    }
}

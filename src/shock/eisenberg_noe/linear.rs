//! The linear system of one clearing step: the payments of the defaulted set D with
//! everyone else paying in full (Rogers & Veraart 2013, Definition 3.6), built from the rows
//! of D alone and solved by Gaussian elimination up to [`DENSE_LIMIT`] nodes, by Gauss–Seidel
//! sweeps above it.

use rayon::prelude::*;

use super::DENSE_LIMIT;
use crate::model::{Csr, Network};

/// Solves `p_i = alpha e_i + beta sum_j Pi_ji p_j` for `i` in D, everyone else paying `p_j`.
/// Reads only the rows of D in `by_creditor` (who owes each node of D).
pub(super) fn solve(
    by_creditor: (&Csr, &CutPairs),
    pbar: &[f64],
    e: &[f64],
    p: &[f64],
    d: &[u32],
    (alpha, beta): (f64, f64),
    converged: &mut bool,
) -> Vec<f64> {
    let m = d.len();
    // Position of each node in D (NONE outside it): one array read per entry, no hashing.
    let mut pos = vec![NONE; pbar.len()];
    for (k, &i) in d.iter().enumerate() {
        pos[i as usize] = k as u32;
    }
    let (rhs, incoming) = system_of(by_creditor, pbar, e, p, d, &pos, (alpha, beta));
    if m <= DENSE_LIMIT {
        let mut a = vec![0.0f64; m * m];
        for k in 0..m {
            a[k * m + k] = 1.0;
        }
        for ki in 0..m {
            let (from, w) = incoming.row(ki);
            for (&kj, &w) in from.iter().zip(w) {
                a[ki * m + kj as usize] -= beta * w;
            }
        }
        if let Some(x) = gauss(&mut a, rhs.clone(), m) {
            // Clamp into [0, pbar] against rounding.
            return x
                .iter()
                .zip(d)
                .map(|(&v, &i)| v.clamp(0.0, pbar[i as usize]))
                .collect();
        }
    }
    // Gauss–Seidel from the current (higher) payments: monotone decreasing to the greatest
    // solution.
    let mut x: Vec<f64> = d.iter().map(|&i| p[i as usize]).collect();
    let scale = d
        .iter()
        .map(|&i| pbar[i as usize])
        .fold(0.0, f64::max)
        .max(1e-300);
    for _ in 0..1_000_000 {
        let mut change = 0.0f64;
        for k in 0..m {
            let (from, w) = incoming.row(k);
            let v: f64 = rhs[k]
                + beta
                    * from
                        .iter()
                        .zip(w)
                        .map(|(&kj, &w)| w * x[kj as usize])
                        .sum::<f64>();
            let v = v.clamp(0.0, pbar[d[k] as usize]);
            change = change.max((v - x[k]).abs());
            x[k] = v;
        }
        if change <= 1e-15 * scale {
            return x;
        }
    }
    *converged = false;
    x
}

/// Nodes of D per parallel task when their rows are read.
const SCAN_BLOCK: usize = 1 << 12;

/// Outside D (in [`solve`]'s positions).
const NONE: u32 = u32::MAX;

/// The linear system of D: for each node `i = d[k]`, in D's order, the right-hand side
/// `alpha e_i + beta sum_{j not in D} L_ji / pbar_j * p_j` (the terms added in increasing
/// obligor index `j`, the order of `i`'s row in `by_creditor`) and its row of the coupling
/// `L_ji / pbar_j` for the obligors `j` in D, in D's order (`pos[j]` is `j`'s place in D, or
/// [`NONE`]). Obligors owing nothing in all (`pbar_j = 0`) pay nothing. The rows are read in
/// parallel over blocks of D and joined in order: the same values on any number of threads.
/// Cost: the entries of D's rows, however large the network.
fn system_of(
    (by_creditor, cut): (&Csr, &CutPairs),
    pbar: &[f64],
    e: &[f64],
    p: &[f64],
    d: &[u32],
    pos: &[u32],
    (alpha, beta): (f64, f64),
) -> (Vec<f64>, Incoming) {
    let blocks: Vec<(Vec<f64>, Incoming)> = d
        .par_chunks(SCAN_BLOCK)
        .map(|block| {
            let mut rhs = Vec::with_capacity(block.len());
            let mut rows = Incoming {
                offsets: Vec::with_capacity(block.len() + 1),
                from: Vec::new(),
                weight: Vec::new(),
            };
            rows.offsets.push(0);
            let mut row: Vec<(u32, f64)> = Vec::new();
            for &i in block {
                let iu = i as usize;
                let mut r = alpha * e[iu];
                row.clear();
                let cut_row = cut.touches(i);
                for a in by_creditor.row(iu) {
                    let j = a.target as usize;
                    if pbar[j] <= 0.0 {
                        continue;
                    }
                    let w = if cut_row {
                        cut.amount(i, a.target).unwrap_or(a.weight)
                    } else {
                        a.weight
                    };
                    match pos[j] {
                        NONE => r += beta * w / pbar[j] * p[j],
                        kj => row.push((kj, w / pbar[j])),
                    }
                }
                row.sort_unstable_by_key(|&(kj, _)| kj);
                rhs.push(r);
                rows.from.extend(row.iter().map(|&(kj, _)| kj));
                rows.weight.extend(row.iter().map(|&(_, w)| w));
                rows.offsets.push(rows.from.len());
            }
            (rhs, rows)
        })
        .collect();
    let mut rhs = Vec::with_capacity(d.len());
    let total = blocks.iter().map(|(_, r)| r.from.len()).sum();
    let mut incoming = Incoming {
        offsets: Vec::with_capacity(d.len() + 1),
        from: Vec::with_capacity(total),
        weight: Vec::with_capacity(total),
    };
    incoming.offsets.push(0);
    for (r, rows) in blocks {
        rhs.extend(r);
        let base = incoming.from.len();
        incoming
            .offsets
            .extend(rows.offsets[1..].iter().map(|&o| base + o));
        incoming.from.extend(rows.from);
        incoming.weight.extend(rows.weight);
    }
    (rhs, incoming)
}

/// The pairs (creditor, obligor) whose obligation edge write-downs cut, with the written-down
/// amount of the pair as the written-down matrix holds it (the sum of its edges' `(1 - c_e)
/// L_e`): the network's matrix by creditor with these amounts in place of its own is the
/// written-down matrix by creditor, entry for entry (a write-down changes amounts, never which
/// pairs exist), without a transpose per run.
#[derive(Debug, Default)]
pub(super) struct CutPairs {
    creditors: hashbrown::HashSet<u32>,
    amount: hashbrown::HashMap<(u32, u32), f64>,
}

impl CutPairs {
    /// The pairs of `cuts` (`(edge, c_e)`, obligation edges), their amounts read from the
    /// written-down matrix `written` (by obligor).
    pub(super) fn new(net: &Network, written: &Csr, cuts: &[(usize, f64)]) -> CutPairs {
        let mut pairs = CutPairs::default();
        for &(k, _) in cuts {
            let e = net.edge(k);
            let (obligor, creditor) = net.distress_pair(&e);
            let row = written.row(obligor.index());
            if let Ok(at) = row.binary_search_by_key(&creditor.raw(), |a| a.target) {
                pairs.creditors.insert(creditor.raw());
                pairs
                    .amount
                    .insert((creditor.raw(), obligor.raw()), row[at].weight);
            }
        }
        pairs
    }

    /// Whether a pair owed to `creditor` was cut.
    #[inline]
    fn touches(&self, creditor: u32) -> bool {
        !self.creditors.is_empty() && self.creditors.contains(&creditor)
    }

    /// The written-down amount `obligor` owes `creditor`, if their pair was cut.
    #[inline]
    fn amount(&self, creditor: u32, obligor: u32) -> Option<f64> {
        self.amount.get(&(creditor, obligor)).copied()
    }
}

/// The coupling within D as compressed sparse rows: row k lists the `(k', L_jk / pbar_j)` of
/// the obligors `j = d[k']` in D that owe `d[k]`, in D's order.
struct Incoming {
    offsets: Vec<usize>,
    from: Vec<u32>,
    weight: Vec<f64>,
}

impl Incoming {
    #[inline]
    fn row(&self, k: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[k]..self.offsets[k + 1];
        (&self.from[r.clone()], &self.weight[r])
    }
}

/// Gaussian elimination with partial pivoting; `None` when the matrix is singular.
fn gauss(a: &mut [f64], mut b: Vec<f64>, m: usize) -> Option<Vec<f64>> {
    for col in 0..m {
        let piv =
            (col..m).max_by(|&r1, &r2| a[r1 * m + col].abs().total_cmp(&a[r2 * m + col].abs()))?;
        if a[piv * m + col].abs() < 1e-13 {
            return None;
        }
        if piv != col {
            for k in 0..m {
                a.swap(piv * m + k, col * m + k);
            }
            b.swap(piv, col);
        }
        let d = a[col * m + col];
        for r in col + 1..m {
            let f = a[r * m + col] / d;
            if f != 0.0 {
                for k in col..m {
                    a[r * m + k] -= f * a[col * m + k];
                }
                b[r] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; m];
    for r in (0..m).rev() {
        let mut s = b[r];
        for k in r + 1..m {
            s -= a[r * m + k] * x[k];
        }
        x[r] = s / a[r * m + r];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The system as the clearing built it before D's rows were read by creditor: every
    /// obligor's row scanned in increasing index for the payments of the solvent into D, the
    /// coupling gathered from D's rows in D's order and stably sorted by row (`written` is the
    /// matrix by obligor, written down where `cut` says).
    fn by_full_scan(
        written: &Csr,
        pbar: &[f64],
        e: &[f64],
        p: &[f64],
        d: &[u32],
        (alpha, beta): (f64, f64),
    ) -> (Vec<f64>, Vec<Vec<(u32, f64)>>) {
        let mut pos = vec![NONE; pbar.len()];
        for (k, &i) in d.iter().enumerate() {
            pos[i as usize] = k as u32;
        }
        let mut rhs: Vec<f64> = d.iter().map(|&i| alpha * e[i as usize]).collect();
        let mut rows = vec![Vec::new(); d.len()];
        for (kj, &j) in d.iter().enumerate() {
            let ju = j as usize;
            if pbar[ju] <= 0.0 {
                continue;
            }
            for a in written.row(ju) {
                let ki = pos[a.target as usize];
                if ki != NONE {
                    rows[ki as usize].push((kj as u32, a.weight / pbar[ju]));
                }
            }
        }
        for j in 0..pbar.len() {
            if pos[j] != NONE || pbar[j] <= 0.0 {
                continue;
            }
            for a in written.row(j) {
                let ki = pos[a.target as usize];
                if ki != NONE {
                    rhs[ki as usize] += beta * a.weight / pbar[j] * p[j];
                }
            }
        }
        (rhs, rows)
    }

    proptest! {
        /// Reading D's rows by creditor gives the full scan's system to the bit: parallel
        /// edges, obligors owing nothing in all, D in any order, cut pairs, alpha and beta.
        #[test]
        fn the_system_of_d_equals_the_full_scan(
            n in 2usize..60,
            raw in proptest::collection::vec((0u32..60, 0u32..60, 0.1f64..10.0), 1..200),
            zero_pbar in proptest::collection::vec(any::<bool>(), 60),
            in_d in proptest::collection::vec(0u32..60, 0..40),
            cut_every in 2usize..7,
            (alpha, beta) in (0.3f64..=1.0, 0.3f64..=1.0),
        ) {
            let n32 = n as u32;
            let triples: Vec<(u32, u32, f64)> = raw
                .iter()
                .map(|&(a, b, w)| (a % n32, b % n32, w))
                .filter(|t| t.0 != t.1)
                .collect();
            let face = Csr::from_triples(n, triples.len(), |k| triples[k]);
            // Every `cut_every`-th edge written down by 40 %, then the pairs rebuilt.
            let cut_triples: Vec<(u32, u32, f64)> = triples
                .iter()
                .enumerate()
                .map(|(k, &(a, b, w))| (a, b, if k % cut_every == 0 { 0.6 * w } else { w }))
                .collect();
            let written = Csr::from_triples(n, cut_triples.len(), |k| cut_triples[k]);
            let mut cut = CutPairs::default();
            for (k, &(a, b, _)) in triples.iter().enumerate() {
                if k % cut_every == 0 {
                    let row = written.row(a as usize);
                    let at = row.binary_search_by_key(&b, |x| x.target).unwrap();
                    cut.creditors.insert(b);
                    cut.amount.insert((b, a), row[at].weight);
                }
            }
            let pbar: Vec<f64> = (0..n)
                .map(|i| {
                    let owed: f64 = written.row(i).iter().map(|a| a.weight).sum();
                    if zero_pbar[i] { 0.0 } else { owed + 0.5 }
                })
                .collect();
            let e: Vec<f64> = (0..n).map(|i| 0.25 * i as f64).collect();
            let p: Vec<f64> = pbar.iter().map(|&b| 0.7 * b).collect();
            let mut d: Vec<u32> = Vec::new();
            for &i in &in_d {
                let i = i % n32;
                if !d.contains(&i) {
                    d.push(i);
                }
            }
            let mut pos = vec![NONE; n];
            for (k, &i) in d.iter().enumerate() {
                pos[i as usize] = k as u32;
            }
            let by_creditor = face.transpose();
            let (rhs, incoming) =
                system_of((&by_creditor, &cut), &pbar, &e, &p, &d, &pos, (alpha, beta));
            let (want_rhs, want_rows) = by_full_scan(&written, &pbar, &e, &p, &d, (alpha, beta));
            prop_assert_eq!(rhs.len(), want_rhs.len());
            for (a, b) in rhs.iter().zip(&want_rhs) {
                prop_assert_eq!(a.to_bits(), b.to_bits());
            }
            for (k, want) in want_rows.iter().enumerate() {
                let (from, w) = incoming.row(k);
                let got: Vec<(u32, u64)> =
                    from.iter().zip(w).map(|(&f, &w)| (f, w.to_bits())).collect();
                let want: Vec<(u32, u64)> = want.iter().map(|&(f, w)| (f, w.to_bits())).collect();
                prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn gauss_solves() {
        let mut a = vec![2.0, 1.0, 1.0, 3.0];
        let x = gauss(&mut a, vec![3.0, 5.0], 2).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-15 && (x[1] - 1.4).abs() < 1e-15);
    }
}

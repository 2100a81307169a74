//! The linear system of one clearing step: the payments of the defaulted set D with
//! everyone else paying in full (Rogers & Veraart 2013, Definition 3.6), built from the rows
//! of D alone and solved by Gaussian elimination up to [`DENSE_LIMIT`] nodes, by Gauss–Seidel
//! sweeps above it.

use rayon::prelude::*;

use super::DENSE_LIMIT;
use crate::model::Csr;

/// Solves `p_i = alpha e_i + beta sum_j Pi_ji p_j` for `i` in D, everyone else paying `p_j`.
/// Reads only the rows of D in `by_creditor` (who owes each node of D).
#[allow(clippy::too_many_arguments)]
pub(super) fn solve(
    by_creditor: &Csr,
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
    by_creditor: &Csr,
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
                for a in by_creditor.row(iu) {
                    let j = a.target as usize;
                    if pbar[j] <= 0.0 {
                        continue;
                    }
                    match pos[j] {
                        NONE => r += beta * a.weight / pbar[j] * p[j],
                        kj => row.push((kj, a.weight / pbar[j])),
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

    #[test]
    fn gauss_solves() {
        let mut a = vec![2.0, 1.0, 1.0, 3.0];
        let x = gauss(&mut a, vec![3.0, 5.0], 2).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-15 && (x[1] - 1.4).abs() < 1e-15);
    }
}

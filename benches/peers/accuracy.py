#!/usr/bin/env python3
"""How far a loose-tolerance ranking is from the tight one.

    python3 benches/peers/accuracy.py EXACT.json NUMPY_LOOSE.json RANK_LOOSE.csv

EXACT.json and NUMPY_LOOSE.json are `debtrank_numpy.py --sample 0 --out` files (tolerance 1e-14
and, say, 1e-6); RANK_LOOSE.csv is `graph rank --tolerance 1e-6 --format csv` on the same graph.
Prints, for each loose ranking, the largest absolute and relative impact error, the median
relative error, whether the top 10 keep their order, the overlap of the top 100 and Spearman's
rho against the exact impacts.
"""

import json
import sys

import numpy as np
import polars as pl
from scipy.stats import spearmanr


def main() -> None:
    exact_f, loose_f, rank_f = sys.argv[1:4]
    ex = {p["id"]: p["impact"] for p in json.load(open(exact_f))["shocks"]}
    lo = {p["id"]: p["impact"] for p in json.load(open(loose_f))["shocks"]}
    rk = pl.read_csv(rank_f, schema_overrides={"id": pl.String, "impact": pl.Float64})
    sg = dict(zip(rk["id"].to_list(), rk["impact"].to_list()))
    ids = sorted(ex)
    e = np.array([ex[i] for i in ids])
    oe = np.argsort(-e, kind="stable")
    for name, d in [(f"numpy, stop when no change > tol ({loose_f})", lo), (f"graph rank ({rank_f})", sg)]:
        x = np.array([d[i] for i in ids])
        err = np.abs(x - e)
        rel = err / np.where(e > 0, e, 1.0)
        ox = np.argsort(-x, kind="stable")
        print(
            f"{name}: nodes {len(ids)}; max abs err {err.max():.2e}; max rel err {rel.max():.2e}; "
            f"median rel err {np.median(rel):.2e}; top 10 same order: {list(oe[:10]) == list(ox[:10])}; "
            f"top 100 overlap: {len(set(oe[:100]) & set(ox[:100]))}; spearman {spearmanr(e, x).statistic:.8f}; "
            f"never above exact: {bool((x <= e + 1e-15).all())}"
        )


if __name__ == "__main__":
    main()

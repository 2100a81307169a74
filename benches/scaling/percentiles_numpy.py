"""Recomputes a merged `graph shock --samples` summary with numpy from the shard files.

Usage: python percentiles_numpy.py MERGED.json SHARD.json...
Reads every draw of the shard files (the losses a file leaves out are 0), computes each node's
5th/50th/95th percentile (numpy.percentile, linear interpolation) and default probability, and
the total loss percentiles, and prints the largest absolute difference from MERGED.json
(`graph merge SHARD.json... --format json`).
"""

import json
import sys

import numpy as np


def main() -> None:
    merged = json.load(open(sys.argv[1]))
    parts = [json.load(open(f)) for f in sys.argv[2:]]
    whole = next(p["whole"] for p in parts if p["whole"] is not None)
    ids = whole["ids"]
    draws = sorted((d for p in parts for d in p["draws"]), key=lambda d: d["draw"])
    loss = np.zeros((len(draws), len(ids)))
    defaulted = np.zeros((len(draws), len(ids)))
    total = np.array([d["total_loss"] for d in draws])
    for s, d in enumerate(draws):
        for i, x in d["losses"]:
            loss[s, i] = x
        for i in d["defaulted"]:
            defaulted[s, i] = 1.0
    index = {x: i for i, x in enumerate(ids)}
    worst = 0.0
    for e in merged["nodes"]:
        i = index[e["id"]]
        for q, k in ((5, "loss_p5"), (50, "loss_p50"), (95, "loss_p95")):
            worst = max(worst, abs(np.percentile(loss[:, i], q) - e[k]))
        worst = max(worst, abs(defaulted[:, i].mean() - e["default_probability"]))
    for q, k in ((5, "total_loss_p5"), (50, "total_loss_p50"), (95, "total_loss_p95")):
        worst = max(worst, abs(np.percentile(total, q) - merged[k]))
    print(f"{len(draws)} draws, {len(ids)} nodes: max abs difference from numpy {worst:.3g} "
          f"(numpy {np.__version__})")


if __name__ == "__main__":
    main()

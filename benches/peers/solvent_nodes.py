"""Writes a nodes CSV for Eisenberg-Noe benchmarks in which every node is solvent before any
shock: external assets = buffer + max(0, owed - claims), so that equity before the shock
(external assets + claims - owed, every edge an obligation of `from` to `to`) is at least the
buffer.

    python benches/peers/solvent_nodes.py EDGES.csv NODES.csv OUT.csv

EDGES.csv has `from,to,amount`; NODES.csv has `id,buffer` and optionally `value` (kept). OUT.csv
has `id,buffer,value,external_assets`, in the order of NODES.csv. The `-ea` files of
docs/benchmarks.md (external assets = buffer) leave about a quarter of the generated nodes
short before any shock; with this file a clearing measures the shock's own cascade.
"""

import sys

import polars as pl


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: solvent_nodes.py EDGES.csv NODES.csv OUT.csv")
    edges, nodes, out = sys.argv[1:]
    e = pl.read_csv(edges, columns=["from", "to", "amount"],
                    schema_overrides={"from": pl.String, "to": pl.String, "amount": pl.Float64})
    nd = pl.read_csv(nodes, schema_overrides={"id": pl.String})
    owed = e.group_by("from").agg(pl.col("amount").sum().alias("owed")).rename({"from": "id"})
    claims = e.group_by("to").agg(pl.col("amount").sum().alias("claims")).rename({"to": "id"})
    nd = (nd.join(owed, on="id", how="left", maintain_order="left")
            .join(claims, on="id", how="left", maintain_order="left")
            .with_columns(pl.col("owed").fill_null(0.0), pl.col("claims").fill_null(0.0)))
    nd = nd.with_columns(
        (pl.col("buffer") + pl.max_horizontal(pl.lit(0.0), pl.col("owed") - pl.col("claims")))
        .alias("external_assets"))
    cols = ["id", "buffer"] + (["value"] if "value" in nd.columns else []) + ["external_assets"]
    nd.select(cols).write_csv(out)
    short = int((nd["buffer"] + nd["claims"] - nd["owed"] < 0).sum())
    print(f"wrote {out}: {nd.height} nodes; {short} would be short before any shock with "
          f"external assets = buffer")


if __name__ == "__main__":
    main()

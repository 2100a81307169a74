#!/bin/bash
# Every peer benchmark in benches/peers/README.md, in the order it was run. Takes about an hour
# (most of it waiting for an idle machine and the numpy full rankings). Results go to $OUT.
#
#   pip install igraph networkit rustworkx polars pyarrow   # numpy, scipy, networkx already there
#   cargo build --release --examples
#   bash benches/peers/run_all.sh
#
# Each timed run first waits until the machine is idle (benches/peers/_common.py): a build on
# the other core would skew every figure on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

BIN=${BIN:-target/release/graph}
BL=${BENCH_LOAD:-target/release/examples/bench_load}
GEN=${GEN:-target/release/examples/gen_graph}
OUT=${OUT:-/tmp/peers/out}
DATA=${DATA:-/tmp/peers/data}
P=benches/peers
mkdir -p "$OUT" "$DATA"

for f in bench-data/g1m.csv bench-data/g100k.csv; do
  [ -f "$f" ] || { echo "missing $f: see docs/benchmarks.md for gen_graph"; exit 2; }
done
[ -f "$DATA/g10k.csv" ] || "$GEN" --nodes 10000 --edges 100000 --seed 1 --out "$DATA/g10k.csv" --nodes-out "$DATA/g10k-nodes.csv"
[ -f "$DATA/g20k.csv" ] || "$GEN" --nodes 20000 --edges 200000 --seed 1 --out "$DATA/g20k.csv" --nodes-out "$DATA/g20k-nodes.csv"

python3 $P/shockgraph_times.py facts --bin "$BIN" > "$OUT/facts.json"

# 1. Load + weighted PageRank.
python3 $P/load_pagerank.py all bench-data/g1m.csv --libs scipy,igraph,networkit,rustworkx \
  --graph-bin "$BIN" --bench-load "$BL" --repeat 2 --out "$OUT/pr1m.json" > "$OUT/pr1m.log" 2>&1
python3 $P/load_pagerank.py all bench-data/g100k.csv --libs scipy,igraph,networkit,rustworkx,networkx \
  --graph-bin "$BIN" --bench-load "$BL" --repeat 3 --out "$OUT/pr100k.json" > "$OUT/pr100k.log" 2>&1

# 2. DebtRank in numpy: 50 seeded shocks on g100k (extrapolated), checked against graph shock.
python3 $P/debtrank_numpy.py bench-data/g100k.csv bench-data/g100k-nodes.csv --sample 50 --seed 1 \
  --check-bin "$BIN" --check 5 --out "$OUT/dr100k.json" > "$OUT/dr100k.log" 2>&1
python3 $P/debtrank_numpy.py bench-data/g100k.csv bench-data/g100k-nodes.csv --sample 50 --seed 1 \
  --batch 25 --out "$OUT/dr100k_b25.json" > "$OUT/dr100k_b25.log" 2>&1
python3 $P/debtrank_numpy.py bench-data/g100k.csv bench-data/g100k-nodes.csv --sample 50 --seed 1 \
  --tolerance 1e-6 --check-bin "$BIN" --check 5 --out "$OUT/dr100k_t6.json" > "$OUT/dr100k_t6.log" 2>&1
python3 $P/debtrank_numpy.py bench-data/g1m.csv bench-data/g1m-nodes.csv --sample 10 --seed 1 \
  --out "$OUT/dr1m.json" > "$OUT/dr1m.log" 2>&1

# 3. shockgraph: single shocks on g100k (the ids are the first five sampled above with a
#    positive out-degree, plus the largest hub), then full rankings.
IDS=n75481,n30313,n1982,n47295,n48517,n65399
python3 $P/shockgraph_times.py shock bench-data/g100k.csv bench-data/g100k-nodes.csv --bin "$BIN" \
  --bench-load "$BL" --ids $IDS --repeat 3 --out "$OUT/sg_shock100k.json" > "$OUT/sg_shock100k.log" 2>&1
python3 $P/shockgraph_times.py shock bench-data/g100k.csv bench-data/g100k-nodes.csv --bin "$BIN" \
  --bench-load "$BL" --ids $IDS --repeat 3 --tolerance 1e-6 --out "$OUT/sg_shock100k_t6.json" > "$OUT/sg_shock100k_t6.log" 2>&1

python3 $P/shockgraph_times.py rank "$DATA/g10k.csv" "$DATA/g10k-nodes.csv" --bin "$BIN" \
  --keep "$OUT/rank10k.csv" --out "$OUT/sg_rank10k.json" > "$OUT/sg_rank10k.log" 2>&1
python3 $P/shockgraph_times.py rank "$DATA/g10k.csv" "$DATA/g10k-nodes.csv" --bin "$BIN" --tolerance 1e-6 \
  --keep "$OUT/rank10k_t6.csv" --out "$OUT/sg_rank10k_t6.json" > "$OUT/sg_rank10k_t6.log" 2>&1
python3 $P/shockgraph_times.py rank "$DATA/g20k.csv" "$DATA/g20k-nodes.csv" --bin "$BIN" --tolerance 1e-6 \
  --keep "$OUT/rank20k_t6.csv" --out "$OUT/sg_rank20k_t6.json" > "$OUT/sg_rank20k_t6.log" 2>&1
python3 $P/shockgraph_times.py rank "$DATA/g20k.csv" "$DATA/g20k-nodes.csv" --bin "$BIN" \
  --keep "$OUT/rank20k.csv" --out "$OUT/sg_rank20k.json" > "$OUT/sg_rank20k.log" 2>&1
# Single shocks on g10k, to relate one `graph shock` to a share of `graph rank`.
python3 $P/shockgraph_times.py shock "$DATA/g10k.csv" "$DATA/g10k-nodes.csv" --bin "$BIN" --bench-load "$BL" \
  --ids n7516,n3025,n198,n4708,n4849 --repeat 5 --out "$OUT/sg_shock10k.json" > "$OUT/sg_shock10k.log" 2>&1
python3 $P/shockgraph_times.py rank bench-data/g100k.csv bench-data/g100k-nodes.csv --bin "$BIN" --tolerance 1e-6 \
  --timeout 900 --keep "$OUT/rank100k_t6.csv" --out "$OUT/sg_rank100k_t6.json" > "$OUT/sg_rank100k_t6.log" 2>&1

# Full numpy rankings on the small graphs, every impact compared with graph rank's.
python3 $P/debtrank_numpy.py "$DATA/g10k.csv" "$DATA/g10k-nodes.csv" --sample 0 \
  --compare-rank "$OUT/rank10k.csv" --out "$OUT/dr10k_full.json" > "$OUT/dr10k_full.log" 2>&1
python3 $P/debtrank_numpy.py "$DATA/g10k.csv" "$DATA/g10k-nodes.csv" --sample 0 --tolerance 1e-6 \
  --compare-rank "$OUT/rank10k_t6.csv" --out "$OUT/dr10k_full_t6.json" > "$OUT/dr10k_full_t6.log" 2>&1
python3 $P/debtrank_numpy.py "$DATA/g20k.csv" "$DATA/g20k-nodes.csv" --sample 0 \
  --compare-rank "$OUT/rank20k.csv" --out "$OUT/dr20k_full.json" > "$OUT/dr20k_full.log" 2>&1
python3 $P/debtrank_numpy.py "$DATA/g20k.csv" "$DATA/g20k-nodes.csv" --sample 0 --tolerance 1e-6 \
  --compare-rank "$OUT/rank20k_t6.csv" --out "$OUT/dr20k_full_t6.json" > "$OUT/dr20k_full_t6.log" 2>&1

# Accuracy of the 1e-6 rankings against the 1e-14 numpy ones.
python3 $P/accuracy.py "$OUT/dr10k_full.json" "$OUT/dr10k_full_t6.json" "$OUT/rank10k_t6.csv" | tee "$OUT/accuracy10k.txt"
python3 $P/accuracy.py "$OUT/dr20k_full.json" "$OUT/dr20k_full_t6.json" "$OUT/rank20k_t6.csv" | tee "$OUT/accuracy20k.txt"
python3 $P/tables.py "$OUT" | tee "$OUT/tables.md"
echo "results in $OUT (ratio tables: $OUT/tables.md)"

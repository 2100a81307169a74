#!/bin/sh
# Unsharded `graph rank` against the same ranking in N shards run one after the other plus
# `graph merge`, in interleaved pairs; checks the merged JSON is byte-identical.
# Usage: benches/scaling/shard_rank.sh GRAPH.csv NODES.csv N PAIRS [extra rank flags...]
# Prints one line per run: what, wall seconds, user seconds, max RSS (kB), from /usr/bin/time.
set -eu
G=${GRAPH_BIN:-target/release/graph}
E=$1; V=$2; N=$3; PAIRS=$4; shift 4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
t() { /usr/bin/time -f "%e %U %M" -o "$T/t" "$@"; cat "$T/t"; }
echo "uptime: $(uptime)"
for p in $(seq 1 "$PAIRS"); do
  echo "pair $p unsharded $(t "$G" -q rank --graph "$E" --nodes "$V" --format json -o "$T/whole.json" "$@")"
  k=1
  while [ "$k" -le "$N" ]; do
    echo "pair $p shard $k/$N $(t "$G" -q rank --graph "$E" --nodes "$V" --format json --shard "$k/$N" -o "$T/s$k.json" "$@")"
    k=$((k + 1))
  done
  echo "pair $p merge $(t "$G" -q merge "$T"/s*.json --format json -o "$T/merged.json")"
  cmp "$T/whole.json" "$T/merged.json" && echo "pair $p merged JSON identical ($(wc -c < "$T/whole.json") bytes; shards $(cat "$T"/s*.json | wc -c) bytes)"
  echo "uptime: $(uptime)"
done

#!/bin/sh
# Runs every fuzz target for SECONDS seconds (default 600), two at a time.
# Usage: fuzz/run-all.sh [SECONDS]   (from the repository root)
set -u
SECONDS_EACH=${1:-600}
cd "$(dirname "$0")/.." || exit 1
run() {
  cargo +nightly fuzz run "$1" "fuzz/corpus/$1" -O -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    > "fuzz/logs/$1.log" 2>&1
  echo "$1 exit $? $(date -u +%H:%M:%S)" >> fuzz/logs/summary.txt
}
mkdir -p fuzz/logs
cargo +nightly fuzz build -O || exit 1
for pair in "markdown front_matter" "members report" "site_config areas" "bands"; do
  for t in $pair; do run "$t" & done
  wait
done

#!/bin/sh
# Builds the fuzz targets once, then runs each for SECONDS seconds (default
# 600), JOBS at a time (default 2), with logs in fuzz/logs/.
# Usage (from the repository root): fuzz/run-all.sh [SECONDS] [JOBS] [TARGET...]
set -u
SECONDS_EACH=${1:-600}
JOBS=${2:-2}
[ $# -ge 2 ] && shift 2 || shift $#
cd "$(dirname "$0")/.." || exit 1
TARGETS=${*:-"markdown front_matter members report site_config areas bands"}
mkdir -p fuzz/logs
cargo +nightly fuzz build -O || exit 1
BIN=fuzz/target/x86_64-unknown-linux-gnu/release
run() {
  mkdir -p "fuzz/corpus/$1" "fuzz/artifacts/$1"
  start=$(date -u +%H:%M:%S)
  "$BIN/$1" "fuzz/corpus/$1" -artifact_prefix="fuzz/artifacts/$1/" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    > "fuzz/logs/$1.log" 2>&1
  echo "$1 exit $? from $start to $(date -u +%H:%M:%S)" >> fuzz/logs/summary.txt
}
set -- $TARGETS
while [ $# -gt 0 ]; do
  n=0
  while [ $# -gt 0 ] && [ $n -lt "$JOBS" ]; do run "$1" & shift; n=$((n + 1)); done
  wait
done

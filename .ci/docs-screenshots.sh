#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots/ of both sites (the bundled one in output/, the
# regional fixture built into a temporary folder) with the verify toolkit's browser.
# Usage: .ci/docs-screenshots.sh VERIFY_DIR   (after `cargo build --release`; ALIANSE_BIN=… for another binary)
set -euo pipefail
verify="$(cd "$1" && pwd)"
repo="$(cd "$(dirname "$0")/.." && pwd)"
. "$verify/lib.sh"
need_node_deps
cp -f "$repo/.ci/docs-screenshots.mjs" "$VERIFY_HOME/"
bin="${ALIANSE_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/alianse}"
tmp="$(mktemp -d)"
trap 'stop_server; rm -rf "$tmp"' EXIT
"$bin" build --root "$repo" -q
cp -r "$repo/tests/fixtures/regional/content" "$tmp/"
"$bin" build --root "$tmp" -q
out="$repo/docs/screenshots"
start_server "$repo/output"
node "$VERIFY_HOME/docs-screenshots.mjs" --base "$BASE_URL" --out "$out" \
  home=/ members=/biedri/ report=/zinojumi/2023/ reports=/zinojumi/ news=/jaunumi/2024-ilgtspejas-indekss/ \
  report-dark-en=/en/reports/2023/
stop_server
start_server "$tmp/output"
node "$VERIFY_HOME/docs-screenshots.mjs" --base "$BASE_URL" --out "$out" \
  regional-home=/en/ regional-members=/organizacijas/ regional-reports=/en/index/ \
  regional-report=/indekss/2022/ regional-area=/en/themes/kultura/ regional-report-dark=/en/index/2023/

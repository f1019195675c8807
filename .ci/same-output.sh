#!/usr/bin/env bash
# Build the bundled site and every fixture site under tests/fixtures/ into DIR/<name>
# with one binary, so a restructuring can be shown to change no byte of output:
#
#   .ci/same-output.sh target/debug/alianse /tmp/before     # before the change
#   .ci/same-output.sh target/debug/alianse /tmp/after      # after it
#   diff -r /tmp/before /tmp/after                          # must print nothing
#
# `--now` is fixed so that date-dependent output (future pages, schedules) is the
# same on both runs; `--no-cache` builds everything. A fixture that does not build
# (some exist only to be broken by tests) is noted and skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:?usage: same-output.sh BINARY DIR}")"
out="${2:?usage: same-output.sh BINARY DIR}"
now="${NOW:-2026-12-02T12:00}"
rm -rf "$out"
mkdir -p "$out"
build() {
  local name="$1" root="$2"
  if "$bin" build --quiet --no-cache --now "$now" --root "$root" --output "$out/$name" \
    >"$out/$name.log" 2>&1; then
    echo "built $name"
  else
    echo "$name does not build (see $out/$name.log)"
  fi
}
build bundled .
for f in tests/fixtures/*/; do
  [ -d "$f/content" ] || continue
  build "fixture-$(basename "$f")" "$f"
done

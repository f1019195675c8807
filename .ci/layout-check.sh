#!/usr/bin/env bash
# Layout check at 320, 360, 768 and 1280 px (layout-check.mjs): nothing overflows the window
# sideways, no box clips its content, chart text stays inside its chart and >= 12 px.
# Pages: every report page and the reports index, and the first page of every other page kind,
# in every language (found by the theme's <html lang> and <body class="kind-…">).
# Uses the verify toolkit's browser (installed by its install.sh into VERIFY_HOME).
# Last line: errors=N warnings=0 files=K. Exit 0 clean, 1 findings, 2 tool failure.
#
# Usage: .ci/layout-check.sh VERIFY_DIR SITE_DIR [--shots OUT_DIR] [PAGE...]
set -euo pipefail
verify="$1"; site="$2"; shift 2
shots=()
if [ "${1:-}" = --shots ]; then shots=(--shots "$(mkdir -p "$2" && cd "$2" && pwd)"); shift 2; fi
. "$verify/lib.sh"
need_dir "$site"
site="$(cd "$site" && pwd)"
need_node_deps
cp -f "$(dirname "$0")/layout-check.mjs" "$VERIFY_HOME/"
pages=("$@")
if [ ${#pages[@]} = 0 ]; then
  mapfile -t pages < <(
    cd "$site"
    find . -name '*.html' | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do
      grep -q 'http-equiv="refresh"' "$f" && continue
      lang="$(LC_ALL=C grep -o -m 1 '<html lang="[^"]*"' "$f" | LC_ALL=C sed 's/.*="//; s/"$//' || true)"
      kind="$(LC_ALL=C grep -o -m 1 '<body class="kind-[^" ]*' "$f" | LC_ALL=C sed 's/.*kind-//' || true)"
      [ -n "$lang" ] && [ -n "$kind" ] && echo "$lang $kind $f"
    done | awk '$2 == "report" || $2 == "reports" { print $3; next } !seen[$1 " " $2]++ { print $3 }'
  )
fi
[ ${#pages[@]} -gt 0 ] || die "no pages with <body class=\"kind-…\"> in $site"
echo "pages (${#pages[@]}): ${pages[*]}"
trap stop_server EXIT
trap 'exit 130' INT TERM
start_server "$site" || die "http.server did not start"
set +e
node "$VERIFY_HOME/layout-check.mjs" --base "$BASE_URL" ${shots[@]+"${shots[@]}"} "${pages[@]}"
rc=$?
set -e
exit $rc

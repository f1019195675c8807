#!/usr/bin/env bash
# Theme checks in headless Chromium that the shared toolkit does not make:
#   - axe-core WCAG 2.1 A+AA with prefers-color-scheme: dark (contrast of the dark palette)
#   - at a 320 px wide phone viewport: no horizontal scrolling of the page
#   - exactly one <h1> per page
#   - no request to anything but the site itself (no CDNs, fonts, trackers)
# Uses the toolkit's browser and axe-core (installed by its install.sh into VERIFY_HOME).
# Last line: errors=N warnings=0 files=K. Exit 0 clean, 1 findings, 2 tool failure.
#
# Usage: .ci/theme-check.sh VERIFY_DIR SITE_DIR PAGE...
set -euo pipefail
verify="$1"; site="$2"; shift 2
. "$verify/lib.sh"
need_dir "$site"
site="$(cd "$site" && pwd)"
need_node_deps
cp -f "$(dirname "$0")/theme-check.mjs" "$VERIFY_HOME/"
trap stop_server EXIT
trap 'exit 130' INT TERM
start_server "$site" || die "http.server did not start"
set +e
node "$VERIFY_HOME/theme-check.mjs" --base "$BASE_URL" "$@"
rc=$?
set -e
exit $rc

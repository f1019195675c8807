#!/usr/bin/env bash
# Checks a built alianse site with third-party checkers (../shared/verify/):
#   1. Nu HTML Checker over every HTML page and the CSS      (0 errors)
#   2. lychee: every internal link, anchor and script src    (0 broken)
#   3. axe-core, WCAG 2.1 A+AA, headless Chromium, light mode: the first and last page of
#      every page kind in every language, found by the theme's <body class="kind-…"> (0 violations)
#   4. theme-check.mjs: the same pages in dark mode (axe again), at 320 px (no horizontal
#      scrolling), exactly one <h1>, no request leaving the site               (0 errors)
#   4b. layout-check.mjs: every report page, the reports index and one page of every other
#      kind at 320, 360, 768 and 1280 px: nothing overflows or is clipped    (0 errors)
#   5. exactly one <h1> on every page (a static scan of all pages)
#   6. the open data packages: datapackage.json and the CSV/JSON files it describes,
#      validated by `frictionless validate`                  (0 errors)
#   7. the Atom feeds and the sitemap (feedparser)            (0 errors)
#   8. the iCalendar files (.ics) of events: the icalendar parser and RFC 5545 framing (CRLF,
#      folding at 75 octets, UID, DTSTAMP)                   (0 errors)
#
# Usage: .ci/verify-site.sh [SITE_DIR]        (default: ./output of the repository)
# Env:   VERIFY_DIR   folder of the verify toolkit (default: ../shared/verify beside the repo)
#        SKIP_INSTALL=1  do not run the toolkit's install.sh (already installed)
#        BASE_URL_CHECK  base URL for the feed check (default: from the site's robots.txt, else
#                        base_url from content/site.yaml)
#        SHOTS_DIR       also write the layout check's screenshots there
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
site="${1:-$repo/output}"

# Find the toolkit: explicit, beside the repo (CI layout), or beside the repo's parent
# (a git worktree inside the project folder).
verify=""
for candidate in "${VERIFY_DIR:-}" "$repo/../shared/verify" "$repo/shared/verify" "$repo/../../shared/verify"; do
  if [ -n "$candidate" ] && [ -f "$candidate/install.sh" ] && [ -f "$candidate/lib.sh" ]; then
    verify="$(cd "$candidate" && pwd)"
    break
  fi
done
if [ -z "$verify" ]; then
  echo "error: the verify toolkit was not found (looked for ../shared/verify/install.sh next to $repo)." >&2
  echo "       Put a copy of shared/ beside the repository or set VERIFY_DIR=/path/to/shared/verify." >&2
  exit 2
fi
[ -d "$site" ] || { echo "error: no built site at $site: run 'alianse build' first" >&2; exit 2; }
site="$(cd "$site" && pwd)"

if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  echo "== install the checkers ($verify/install.sh)"
  bash "$verify/install.sh" | tail -n 8
fi

failed=()
run() {
  local name="$1"; shift
  echo "== $name"
  local log; log="$(mktemp)"
  set +e
  "$@" 2>&1 | tee "$log" | tail -n 40
  local rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" != 0 ]; then failed+=("$name (exit $rc: $(tail -n 1 "$log"))"); fi
  rm -f "$log"
}

# The first and the last page of every (language, page kind): the theme marks <html lang> and
# <body class="kind-…">; a dated page (news item) counts as its own kind.
mapfile -t pages < <(
  cd "$site"
  find . -name '*.html' | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do
    lang="$(LC_ALL=C grep -o -m 1 '<html lang="[^"]*"' "$f" | LC_ALL=C sed 's/.*="//; s/"$//' || true)"
    classes="$(LC_ALL=C grep -o -m 1 '<body class="[^"]*"' "$f" | LC_ALL=C sed 's/.*="//; s/"$//' || true)"
    [ -n "$lang" ] && [ -n "$classes" ] && echo "$lang $classes" \
      | { read -r lang classes; kind="${classes%% *}"
          case " $classes " in *" dated "*) kind="$kind-dated" ;; esac
          echo "$lang/$kind $f"; }
  done | awk '!($1 in first) { first[$1] = $2; order[++n] = $1 } { last[$1] = $2 }
              END { for (i = 1; i <= n; i++) { k = order[i]; print first[k]; if (last[k] != first[k]) print last[k] } }'
)
if [ "${#pages[@]}" -lt 2 ]; then
  echo "error: found no pages with <body class=\"kind-…\"> in $site" >&2
  exit 2
fi
echo "== pages for the browser checks (${#pages[@]}): ${pages[*]}"

# The base URL the site was built for: from its robots.txt ("Sitemap: BASE/sitemap.xml"), which
# every alianse build writes; else from the bundled site's site.yaml.
base_url="${BASE_URL_CHECK:-}"
if [ -z "$base_url" ] && [ -f "$site/robots.txt" ]; then
  base_url="$(sed -n 's/^Sitemap:[[:space:]]*\(.*\)sitemap\.xml[[:space:]]*$/\1/p' "$site/robots.txt" | head -n 1)"
fi
if [ -z "$base_url" ] && [ -f "$repo/content/site.yaml" ]; then
  base_url="$(sed -n 's/^base_url:[[:space:]]*["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p' "$repo/content/site.yaml" | head -n 1)"
fi

# Exactly one <h1> on every page (redirect pages of `aliases` have none and are skipped).
one_h1() {
  local bad=0 n=0 f count
  while IFS= read -r f; do
    grep -q 'http-equiv="refresh"' "$f" && continue
    n=$((n + 1))
    count=$(grep -o '<h1[ >]' "$f" | wc -l)
    if [ "$count" != 1 ]; then echo "$f: error: $count <h1> elements (want exactly one)"; bad=$((bad + 1)); fi
  done < <(find "$site" -name '*.html' | LC_ALL=C sort)
  echo "errors=$bad warnings=0 files=$n"
  [ "$bad" = 0 ]
}
run "one <h1> per page (every page)" one_h1
run "Nu HTML Checker (every page)" bash "$verify/html-validate.sh" "$site"
run "links and anchors (lychee)" bash "$verify/link-check.sh" "$site"
run "axe-core WCAG 2.1 AA (light)" bash "$verify/a11y-check.sh" "$site" "${pages[@]}"
run "dark mode, 320 px, one h1, no external requests" bash "$repo/.ci/theme-check.sh" "$verify" "$site" "${pages[@]}"
shots=()
[ -n "${SHOTS_DIR:-}" ] && shots=(--shots "$SHOTS_DIR")
run "layout at 320/360/768/1280 px (reports, every page kind)" bash "$repo/.ci/layout-check.sh" "$verify" "$site" ${shots[@]+"${shots[@]}"}
run "open data: every datapackage.json and its files (frictionless)" bash "$verify/data-check.sh" "$site"
if [ -n "$base_url" ]; then
  run "feeds and sitemap" bash "$verify/feed-check.sh" --base-url "$base_url" "$site"
else
  run "feeds and sitemap" bash "$verify/feed-check.sh" "$site"
fi
run "iCalendar files (icalendar, RFC 5545 framing)" bash "$verify/ics-check.sh" "$site"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "site checks FAILED:" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "site checks passed"

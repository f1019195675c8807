#!/usr/bin/env bash
# Lighthouse (the verify toolkit's lighthouse-check.sh: mobile, simulated slow 4G) at 100 in
# every category on five kinds of page of a built site: the home page, a member, a report,
# a news item and the search page, alternating the languages. Pages are found from the
# theme's <body class="kind-…"> and <html lang>, so any alianse site works.
# Usage: .ci/lighthouse.sh VERIFY_DIR SITE_DIR
set -euo pipefail
verify="$1"; site="$(cd "$2" && pwd)"
pick() { # pick LANG KIND [dated]: the first page of that kind in that language, as a site path
  local lang="$1" kind="$2" dated="${3:-}" f
  while IFS= read -r f; do
    grep -q "<html lang=\"$lang\"" "$site/$f" || continue
    if [ -n "$dated" ]; then grep -q "<body class=\"kind-$kind dated\"" "$site/$f" || continue
    else grep -q "<body class=\"kind-$kind\"" "$site/$f" || continue; fi
    echo "/${f%index.html}"; return 0
  done < <(cd "$site" && find . -name index.html -printf '%P\n' | LC_ALL=C sort)
}
default="$(LC_ALL=C grep -o -m 1 '<html lang="[^"]*"' "$site/index.html" | sed 's/.*="//; s/"$//')"
other="$(cd "$site" && for f in */index.html; do LC_ALL=C grep -o -m 1 '<html lang="[^"]*"' "$f" | sed 's/.*="//; s/"$//'; done | grep -vx "$default" | head -n 1)"
other="${other:-$default}"
pages=(
  "$(pick "$default" home)"
  "$(pick "$other" member)"
  "$(pick "$default" report)"
  "$(pick "$other" page dated)"
  "$(pick "$default" search)"
)
for p in "${pages[@]}"; do [ -n "$p" ] || { echo "error: a page kind is missing in $site: ${pages[*]}"; echo "errors=1"; exit 2; }; done
echo "lighthouse pages: ${pages[*]}"
[ "${LIGHTHOUSE_DRY_RUN:-0}" = 1 ] && exit 0
# Lighthouse's timings come from a trace of the real load: on a busy machine a page can lose a
# point of performance by chance. A page below 100 is measured once more; it fails only if
# it is below 100 again.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if bash "$verify/lighthouse-check.sh" "$site" "${pages[@]}" | tee "$log"; then exit 0; fi
mapfile -t again < <(sed -n 's#^\(/[^:]*\): error: .*#\1#p' "$log" | sort -u)
[ ${#again[@]} -gt 0 ] || exit 1
echo "measuring again: ${again[*]}"
bash "$verify/lighthouse-check.sh" "$site" "${again[@]}"

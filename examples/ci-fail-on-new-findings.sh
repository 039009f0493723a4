#!/usr/bin/env bash
# A CI step that fails when a security report finds something new: runs the report on the gateway,
# waits for it, and fails (exit 1, listing them) if the findings feed has NEW or REOPENED findings of
# that report since the last CI run. Needs bash, curl and sed only.
#
#   AMCTL_URL      the gateway (required)
#   AMCTL_TOKEN    a token with read and use on security_report (e.g. a bot role bound to trusted
#                  documents), or AMCTL_TOKEN_FILE
#   REPORT         the report (default privilege_access_report)
#   DAYS           its window: 7, 30, 90 or 120 (default 7)
#   MIN_SEVERITY   ignore findings below it: info, low, medium, high, critical (default low)
#   STATE_DIR      where the cursor is kept between CI runs, e.g. a CI cache (default ./amctl-ci-state)
#   TIMEOUT        seconds to wait for the report run (default 600)
# The first run (no cursor yet) records where the feed is and passes: it sets the baseline. Set
# FAIL_ON_EXISTING=1 to fail on every active finding instead.
#
# Exit: 0 nothing new, 1 new findings, 2 the check could not run.
set -euo pipefail

: "${AMCTL_URL:?set AMCTL_URL to the gateway}"
TOKEN="${AMCTL_TOKEN:-}"
if [ -z "$TOKEN" ] && [ -n "${AMCTL_TOKEN_FILE:-}" ]; then TOKEN="$(tr -d '\n' < "$AMCTL_TOKEN_FILE")"; fi
[ -n "$TOKEN" ] || { echo "ci-findings: set AMCTL_TOKEN or AMCTL_TOKEN_FILE" >&2; exit 2; }
REPORT="${REPORT:-privilege_access_report}"
DAYS="${DAYS:-7}"
MIN_SEVERITY="${MIN_SEVERITY:-low}"
STATE_DIR="${STATE_DIR:-./amctl-ci-state}"
TIMEOUT="${TIMEOUT:-600}"
mkdir -p "$STATE_DIR"
CURSOR_FILE="$STATE_DIR/cursor"

fail() { echo "ci-findings: $*" >&2; exit 2; }

graphql() {
  curl -sS -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' --data-binary "$1" "$AMCTL_URL/graphql"
}

field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

# 1. Run the report. A run already going (or one within the last minute) is waited for instead.
reply="$(graphql "{\"query\":\"mutation(\$n: String!, \$d: Int!) { runReport(name: \$n, days: \$d) { status runId } }\",\"variables\":{\"n\":\"$REPORT\",\"d\":$DAYS}}")"
case "$reply" in
  *'"errors"'*) case "$reply" in *LIMIT_EXCEEDED*) ;; *) fail "runReport failed: $reply" ;; esac ;;
esac

# 2. Wait until it is no longer RUNNING.
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  state="$(graphql "{\"query\":\"query(\$n: String!, \$d: Int!) { reportState(name: \$n, days: \$d) { status error } }\",\"variables\":{\"n\":\"$REPORT\",\"d\":$DAYS}}")"
  status="$(printf '%s' "$state" | field status)"
  [ "$status" = RUNNING ] || break
  [ "$(date +%s)" -lt "$deadline" ] || fail "report $REPORT is still RUNNING after $TIMEOUT s"
  sleep 1
done
[ "$status" = READY ] || fail "report $REPORT for $DAYS days ended $status: $state"

# 3. New findings of this report since the last CI run.
cursor="$(cat "$CURSOR_FILE" 2>/dev/null || true)"
baseline=""
if [ -z "$cursor" ] && [ "${FAIL_ON_EXISTING:-0}" != 1 ]; then baseline=1; fi
found=0
: > "$STATE_DIR/new"
while :; do
  url="$AMCTL_URL/v1/findings?report=$REPORT&change=NEW,REOPENED&min_severity=$MIN_SEVERITY&limit=1000${cursor:+&after=$cursor}"
  code="$(curl -sS -o "$STATE_DIR/page" -D "$STATE_DIR/headers" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")"
  [ "$code" = 200 ] || fail "$url answered HTTP $code: $(cat "$STATE_DIR/page")"
  cat "$STATE_DIR/page" >> "$STATE_DIR/new"
  found=$(( found + $(grep -c . "$STATE_DIR/page" || true) ))
  cursor="$(sed -n 's/^[Aa]mctl-[Nn]ext-[Cc]ursor: *\([A-Za-z0-9._-]*\).*/\1/p' "$STATE_DIR/headers")"
  grep -qi '^amctl-has-more: *true' "$STATE_DIR/headers" || break
done
printf '%s\n' "$cursor" > "$CURSOR_FILE.tmp" && mv "$CURSOR_FILE.tmp" "$CURSOR_FILE"

if [ -n "$baseline" ]; then
  echo "ci-findings: first run: baseline recorded ($found active finding(s) of $REPORT); later runs fail on new ones"
  exit 0
fi
if [ "$found" -gt 0 ]; then
  echo "ci-findings: $found new finding(s) in $REPORT (last $DAYS days, severity >= $MIN_SEVERITY):"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    title="$(printf '%s' "$line" | field title)"
    severity="$(printf '%s' "$line" | field severity)"
    fields="$(printf '%s' "$line" | sed -n 's/.*"fields":\({[^}]*}\).*/\1/p')"
    echo "  [$severity] $title $fields"
  done < "$STATE_DIR/new"
  exit 1
fi
echo "ci-findings: no new findings in $REPORT"

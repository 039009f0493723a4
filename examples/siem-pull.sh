#!/usr/bin/env bash
# Pulls new and changed findings from an amctl gateway and hands them to a SIEM, one event at a
# time, remembering where it stopped (the feed cursor) so that each run picks up exactly where the
# last one ended. Run it from cron (every few minutes) or a loop; it needs bash, curl and sed only.
#
#   AMCTL_URL          the gateway, e.g. https://amctl.example.com (required)
#   AMCTL_TOKEN        a token with read and use on security_report (or AMCTL_TOKEN_FILE)
#   STATE_DIR          where the cursor is kept (default ./amctl-siem-state)
#   FORMAT             ocsf (OCSF Detection Finding events, default) or ndjson (amctl's own shape)
#   FILTER             extra feed parameters, e.g. "min_severity=high&report=privilege_access_report"
#   LIMIT              findings per request (default 500)
# Where the events go (the first one set wins):
#   SPLUNK_HEC_URL     Splunk HTTP Event Collector, e.g. https://splunk:8088/services/collector/event,
#                      with SPLUNK_HEC_TOKEN (and SPLUNK_SOURCETYPE, default ocsf:detection_finding)
#   ELASTIC_URL        Elasticsearch, with ELASTIC_INDEX (a data stream or index, default
#                      logs-amctl.findings-default) and ELASTIC_API_KEY
#   OUT                a file to append NDJSON to (a file a Splunk forwarder, Elastic Agent or the
#                      Azure Monitor Agent for Sentinel tails); default: standard output
#
# The cursor is saved after each event is delivered: a run stopped at any point resumes after the
# last delivered event. At most the one event in flight when a run is killed can be delivered twice;
# OCSF metadata.uid (finding id and version) identifies it.
set -euo pipefail

: "${AMCTL_URL:?set AMCTL_URL to the gateway, e.g. https://amctl.example.com}"
TOKEN="${AMCTL_TOKEN:-}"
if [ -z "$TOKEN" ] && [ -n "${AMCTL_TOKEN_FILE:-}" ]; then TOKEN="$(tr -d '\n' < "$AMCTL_TOKEN_FILE")"; fi
[ -n "$TOKEN" ] || { echo "siem-pull: set AMCTL_TOKEN or AMCTL_TOKEN_FILE" >&2; exit 2; }
STATE_DIR="${STATE_DIR:-./amctl-siem-state}"
FORMAT="${FORMAT:-ocsf}"
LIMIT="${LIMIT:-500}"
mkdir -p "$STATE_DIR"
CURSOR_FILE="$STATE_DIR/cursor"

save_cursor() {
  printf '%s\n' "$1" > "$CURSOR_FILE.tmp"
  mv "$CURSOR_FILE.tmp" "$CURSOR_FILE"
}

# The cursor of one event: first key of an ndjson line, last key (of `unmapped`) of an OCSF event.
cursor_of() {
  if [ "$FORMAT" = ocsf ]; then
    printf '%s' "$1" | sed -n 's/.*"cursor":"\([A-Za-z0-9._-]*\)"}}$/\1/p'
  else
    printf '%s' "$1" | sed -n 's/^{"cursor":"\([A-Za-z0-9._-]*\)".*/\1/p'
  fi
}

deliver() {
  local line="$1" reply
  if [ -n "${SPLUNK_HEC_URL:-}" ]; then
    printf '{"sourcetype":"%s","source":"amctl","event":%s}' "${SPLUNK_SOURCETYPE:-ocsf:detection_finding}" "$line" |
      curl -sS -f -o /dev/null -H "Authorization: Splunk ${SPLUNK_HEC_TOKEN:-}" --data-binary @- "$SPLUNK_HEC_URL"
  elif [ -n "${ELASTIC_URL:-}" ]; then
    reply="$(printf '{"create":{}}\n%s\n' "$line" |
      curl -sS -f -H 'content-type: application/x-ndjson' ${ELASTIC_API_KEY:+-H "Authorization: ApiKey $ELASTIC_API_KEY"} \
        --data-binary @- "$ELASTIC_URL/${ELASTIC_INDEX:-logs-amctl.findings-default}/_bulk")"
    # _bulk answers 200 even when an item failed; the item's error is in the body.
    case "$reply" in *'"errors":false'*) ;; *) echo "siem-pull: Elasticsearch refused the event: $reply" >&2; return 1 ;; esac
  elif [ -n "${OUT:-}" ]; then
    printf '%s\n' "$line" >> "$OUT"
  else
    printf '%s\n' "$line"
  fi
}

while :; do
  cursor="$(cat "$CURSOR_FILE" 2>/dev/null || true)"
  url="$AMCTL_URL/v1/findings?format=$FORMAT&limit=$LIMIT${cursor:+&after=$cursor}${FILTER:+&$FILTER}"
  status="$(curl -sS -o "$STATE_DIR/page" -D "$STATE_DIR/headers" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")"
  if [ "$status" != 200 ]; then
    echo "siem-pull: $url answered HTTP $status: $(cat "$STATE_DIR/page")" >&2
    exit 1
  fi
  delivered=0
  while IFS= read -r line || [ -n "$line" ]; do
    [ -n "$line" ] || continue
    deliver "$line"
    save_cursor "$(cursor_of "$line")"
    delivered=$((delivered + 1))
  done < "$STATE_DIR/page"
  # The page's end (past filtered-out changes too), and whether more follow.
  next="$(sed -n 's/^[Aa]mctl-[Nn]ext-[Cc]ursor: *\([A-Za-z0-9._-]*\).*/\1/p' "$STATE_DIR/headers")"
  [ -z "$next" ] || save_cursor "$next"
  echo "siem-pull: delivered $delivered finding change(s)" >&2
  grep -qi '^amctl-has-more: *true' "$STATE_DIR/headers" || break
done

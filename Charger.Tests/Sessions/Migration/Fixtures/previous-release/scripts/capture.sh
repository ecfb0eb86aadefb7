#!/bin/bash
# usage: capture.sh <base-url> <outdir>: saves the API answers the fixture's reader must reproduce
BASE=$1; OUT=$2; source /work/fixtures/scripts/api.sh
get "/api/sessions?limit=100" | jq . > "$OUT/expected-sessions.json"
get /api/sessions/current | jq . > "$OUT/expected-sessions-current.json"
get /api/sessions/count/stats | jq . > "$OUT/expected-sessions-count-stats.json"
for id in $(jq -r '.data.sessions[].session_id' "$OUT/expected-sessions.json"); do
  get "/api/sessions/$id/events" | jq . > "$OUT/expected-session-$id-events.json"
done
get /api/status | jq . > "$OUT/expected-status-at-kill.json"

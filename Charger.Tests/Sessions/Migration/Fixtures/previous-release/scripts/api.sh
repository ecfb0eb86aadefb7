# source me; set BASE first
KEY=fixture-control-key-0001
get() { curl -s -H "X-API-Key: $KEY" "$BASE$1"; }
post() { curl -s -H "X-API-Key: $KEY" -H 'content-type: application/json' -d "${2:-{\}}" "$BASE$1"; }
sim() { post /api/simulator "{\"command\":\"$1\"}"; echo; }

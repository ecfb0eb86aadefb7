#!/usr/bin/env bash
# The daemon's HTTP benchmark (issue 5): throughput and p99 of GET /api/status and GET /api/health with
# wrk at 4 connections, cold start to ready, and idle resident memory after 60 s. Everything runs on
# 127.0.0.1 against the built-in simulator, from a Release publish of Charger.Host.
#
#   bash bench/http/run.sh [duration-of-each-wrk-run, default 15s]
#
# Needs wrk (apt-get install wrk). Prints the lines RESULTS.md quotes.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15s}
port=18731
url="http://127.0.0.1:${port}"
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$out"' EXIT

dotnet publish Charger.Host -c Release -o "$out/app" -v quiet -nologo >/dev/null

start_daemon() {
  rm -rf "$out/data"
  # Reads are normally limited to 600 a minute per key; the benchmark measures the server, not the limiter.
  CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data" CHARGER_HTTP_URL=$url \
    "$out/app/charger" run --simulate --set http.rate-limit.read-per-minute=1000000000 --set logging.level=Warning \
    >"$out/console.log" 2>&1 </dev/null &
  pid=$!
}

ready_ms() {
  # Milliseconds from exec to the first 200 from /health/ready (actor system up, link up, status fresh).
  local t0 t1
  t0=$(date +%s%N)
  start_daemon
  until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.005; done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

echo "# cold start to ready (5 runs, ms)"
for i in 1 2 3 4 5; do
  ready_ms
  kill -TERM "$pid"; wait "$pid" || true
done

start_daemon
until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.05; done
for path in /api/status /api/health; do
  echo "# GET $path: wrk -t2 -c4 -d$duration --latency (after a 5 s warm-up)"
  wrk -t2 -c4 -d5s -H "X-API-Key: $key" "$url$path" >/dev/null
  wrk -t2 -c4 -d"$duration" --latency -H "X-API-Key: $key" "$url$path" | grep -E 'Requests/sec|  50%|  99%|Non-2xx|Socket errors' || true
done
kill -TERM "$pid"; wait "$pid" || true

echo "# idle resident memory 60 s after start (VmRSS, no requests but the ready probe)"
start_daemon
until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.05; done
sleep 60
grep -E 'VmRSS|VmHWM' "/proc/$pid/status"
kill -TERM "$pid"; wait "$pid" || true

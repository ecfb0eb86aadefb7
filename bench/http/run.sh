#!/usr/bin/env bash
# The daemon's HTTP benchmark (issue 5): throughput and p99 of GET /api/status and GET /api/health with
# wrk at 4 connections, cold start to ready, and idle resident memory after 60 s. Everything runs on
# 127.0.0.1 against the ESP32 simulator on a pty, from a Release publish of Charger.Host.
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
  # $1 = --simulate (the simulator inside the daemon) or the device path of an ESP32 already running.
  rm -rf "$out/data"
  local args=(run --set http.rate-limit.read-per-minute=1000000000 --set logging.level=Warning) port=
  if [ "$1" = --simulate ]; then args+=(--simulate); else port=$1; fi
  # Reads are normally limited to 600 a minute per key; the benchmark measures the server, not the limiter.
  env CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data" CHARGER_HTTP_URL=$url ${port:+CHARGER_SERIAL_PORT=$port} \
    "$out/app/charger" "${args[@]}" >"$out/console.log" 2>&1 </dev/null &
  pid=$!
}

ready_ms() {
  # Milliseconds from exec to the first 200 from /health/ready (actor system up, link up, status fresh).
  local t0 t1
  t0=$(date +%s%N)
  start_daemon "$1"
  until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.005; done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

# An ESP32 that is already running, as on a station where only the daemon restarts: the standalone
# simulator on its own pty, booted before the clock starts.
mkfifo "$out/sim-in"
sleep 100000 >"$out/sim-in" &
hold=$!
"$out/app/charger" simulate --device "$out/ttyESP32" <"$out/sim-in" >"$out/sim.log" 2>&1 &
sim=$!
trap 'kill "${pid:-}" "$sim" "$hold" 2>/dev/null || true; rm -rf "$out"' EXIT
until [ -e "$out/ttyESP32" ]; do sleep 0.05; done
sleep 3 # the simulated firmware's boot (about 2 s, ESP32-FIRMWARE.md 2.7)

echo "# cold start to ready, ESP32 already running (5 runs, ms)"
for i in 1 2 3 4 5; do
  ready_ms "$out/ttyESP32"
  kill -TERM "$pid"; wait "$pid" || true
done

echo "# cold start to ready with --simulate: includes the simulated ESP32's own boot (3 runs, ms)"
for i in 1 2 3; do
  ready_ms --simulate
  kill -TERM "$pid"; wait "$pid" || true
done

start_daemon "$out/ttyESP32"
until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.05; done
for path in /api/status /api/health; do
  echo "# GET $path: wrk -t2 -c4 -d$duration --latency (after a 5 s warm-up)"
  wrk -t2 -c4 -d5s -H "X-API-Key: $key" "$url$path" >/dev/null
  wrk -t2 -c4 -d"$duration" --latency -H "X-API-Key: $key" "$url$path" | grep -E 'Requests/sec|  50%|  99%|Non-2xx|Socket errors' || true
done
kill -TERM "$pid"; wait "$pid" || true

echo "# idle resident memory 60 s after start (VmRSS, no requests but the ready probe)"
start_daemon "$out/ttyESP32"
until curl -sf -o /dev/null "$url/health/ready"; do sleep 0.05; done
sleep 60
grep -E 'VmRSS|VmHWM' "/proc/$pid/status"
kill -TERM "$pid"; wait "$pid" || true

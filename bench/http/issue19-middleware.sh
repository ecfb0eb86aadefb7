#!/usr/bin/env bash
# Issue 19, item 4: what the API key check, the rate limiter and the request log each cost per request, as ratios in
# one run. One daemon per variant (each against its own standalone ESP32 simulator), GET /api/status with
# wrk -t2 -c4 at low concurrency, the variants interleaved over ROUNDS rounds so a load change on a shared machine
# hits them alike. The rate limiter cannot be switched off by configuration; its limits are lifted in every variant,
# so it still runs (partition lookup and a permit per request).
#
#   bash bench/http/issue19-middleware.sh DAEMON_DIR [duration, default 5s] [rounds, default 2]
#
# Variants:
#   all-on       key in X-API-Key (checked: SHA-256 and a constant-time compare), request log at Information (one line
#                per request written to the console, which goes to a file here)
#   no-log-line  the same with logging.level=Warning: the request-log middleware runs but writes no line
#   no-key       http.public-reads=on and no key sent: the key check has nothing to hash, the limiter partitions by address
set -euo pipefail
a=$1; duration=${2:-5s}; rounds=${3:-2}
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
lifted=(--set http.rate-limit.read-per-minute=1000000000 --set http.rate-limit.control-per-minute=1000000000)
declare -A args header
args[all-on]="--set logging.level=Information"; header[all-on]="X-API-Key: $key"
args[no-log-line]="--set logging.level=Warning"; header[no-log-line]="X-API-Key: $key"
args[no-key]="--set logging.level=Warning --set http.public-reads=on"; header[no-key]="X-Nothing: 1"
names=(all-on no-log-line no-key)
declare -A url
port=18990; i=0
for n in "${names[@]}"; do
  i=$((i + 1)); port=$((port + 1))
  mkfifo "$out/sim$i.in"; sleep 100000 >"$out/sim$i.in" & pids+=($!)
  "$a/charger" simulate --device "$out/tty$i" <"$out/sim$i.in" >"$out/sim$i.log" 2>&1 & pids+=($!)
  until [ -e "$out/tty$i" ]; do sleep 0.05; done
  env CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data$i" CHARGER_HTTP_URL="http://127.0.0.1:$port" CHARGER_SERIAL_PORT="$out/tty$i" \
    "$a/charger" run "${lifted[@]}" ${args[$n]} >"$out/d$i.log" 2>&1 </dev/null &
  pids+=($!); url[$n]="http://127.0.0.1:$port"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
  wrk -t2 -c4 -d3s -H "${header[$n]}" "${url[$n]}/api/status" >/dev/null # warm-up (JIT, tiering)
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# GET /api/status, wrk -t2 -c4 -d$duration --latency, $rounds rounds interleaved"
for r in $(seq "$rounds"); do
  for n in "${names[@]}"; do
    echo "round $r $n: $(wrk -t2 -c4 -d"$duration" --latency -H "${header[$n]}" "${url[$n]}/api/status" | grep -E 'Requests/sec|  50%|  99%|Non-2xx|Socket' | tr -s ' ' | tr '\n' ' ')"
  done
done
echo "# request log lines written by all-on: $(grep -c 'HTTP GET /api/status responded' "$out/d1.log" || true)"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

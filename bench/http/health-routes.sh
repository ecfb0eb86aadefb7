#!/usr/bin/env bash
# Requests per second and daemon CPU per request of the health and system routes, with wrk against
# the Release daemon running on the built-in simulator. Usage: bench/http/health-routes.sh [seconds] [connections]
# The read rate limit is raised so that it does not cap the measurement, and logging is at Warning so
# that the request log does not either; everything else is the daemon as shipped (keys, rate limiter,
# security headers, request-log middleware).
set -euo pipefail
seconds=${1:-10}
connections=${2:-32}
repo=$(cd "$(dirname "$0")/../.." && pwd)
key=bench-key-0123456789abcdef
port=18099
dir=$(mktemp -d /tmp/charger-http-bench.XXXXXX)
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

dotnet build -c Release "$repo/Charger.Host" -v quiet -nologo >/dev/null
CHARGER_API_KEY=$key "$repo/Charger.Host/bin/Release/net10.0/charger" run --simulate \
  --set http.url=http://127.0.0.1:$port --set http.rate-limit.read-per-minute=1000000000 \
  --set logging.level=Warning --set logging.file.enabled=false --set data-dir="$dir/data" >"$dir/daemon.log" 2>&1 </dev/null &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$dir"' EXIT

for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/health/ready || true)" = 200 ] && break
  sleep 0.5
done
clock=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$daemon/stat; }

echo "route | requests/s | daemon CPU µs per request | p50 | p99"
for path in /health/live /health/ready /api/health /api/current/available /api/system/actors; do
  wrk -t1 -c"$connections" -d2s -H "X-API-Key: $key" "http://127.0.0.1:$port$path" >/dev/null # warm-up
  before=$(cpu)
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "X-API-Key: $key" "http://127.0.0.1:$port$path")
  after=$(cpu)
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print " (non-2xx: " $NF ")"}')
  echo "$path | $rps | $(awk -v a="$after" -v b="$before" -v c="$clock" -v n="$n" 'BEGIN {printf "%.1f", (a-b)/c*1e6/n}') | $p50 | $p99$bad"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"

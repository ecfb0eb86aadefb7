#!/usr/bin/env bash
# Issue 19, item 4: GET /api/status (or another route) of one or more daemon builds next to the floor, interleaved in
# one run, with what a request costs the server process: CPU time (utime + stime from /proc/PID/stat) per request and
# managed bytes allocated per request (the daemon's dotnet_gc_heap_total_allocated_bytes_total), each with the
# process's idle rate, measured just before, subtracted (the daemon polls its ESP32 and its journal while idle; the
# floor does nothing). CPU per request is far less disturbed by other processes than req/s, which on a shared machine
# measures the scheduler as much as the server: compare the ratios within one run.
#
#   bash bench/http/issue19-status.sh DAEMON_DIR [OTHER_DAEMON_DIR ...] -- [route, default /api/status] [duration, default 5s] [rounds, default 5]
#
# Each daemon runs as issue19.sh runs it (its own standalone ESP32 simulator on a pty, key in X-API-Key, rate limit
# lifted but running, logging.level=Warning: the request-log middleware runs, polled reads log at Debug). The floor is
# bench/floor (an empty ASP.NET Core app answering a fixed JSON body). wrk -t2 -c4 as in issue19.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
dirs=(); while [ $# -gt 0 ] && [ "$1" != -- ]; do dirs+=("$1"); shift; done; [ $# -gt 0 ] && shift
route=${1:-/api/status}; duration=${2:-5s}; rounds=${3:-5}
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
dotnet publish bench/floor -c Release -o "$out/floor" -v quiet -nologo >/dev/null

declare -A pid port metrics
names=(floor); port[floor]=18931
env CHARGER_HTTP_URL="http://127.0.0.1:${port[floor]}" "$out/floor/floor" >"$out/floor.log" 2>&1 </dev/null & pid[floor]=$!; pids+=($!)
i=0
for d in "${dirs[@]}"; do
  i=$((i + 1)); n="daemon$i"; names+=("$n"); port[$n]=$((18931 + i)); metrics[$n]=1
  mkfifo "$out/tty-$n.in"; sleep 100000 >"$out/tty-$n.in" & pids+=($!)
  "$d/charger" simulate --device "$out/tty-$n" <"$out/tty-$n.in" >"$out/sim-$n.log" 2>&1 & pids+=($!)
  until [ -e "$out/tty-$n" ]; do sleep 0.05; done
  env CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data-$n" CHARGER_HTTP_URL="http://127.0.0.1:${port[$n]}" \
    CHARGER_SERIAL_PORT="$out/tty-$n" "$d/charger" run --set http.rate-limit.read-per-minute=1000000000 --set logging.level=Warning \
    >"$out/$n.log" 2>&1 </dev/null & pid[$n]=$!; pids+=($!)
  echo "# $n = $d"
done
for n in "${names[@]}"; do until curl -sf -o /dev/null "http://127.0.0.1:${port[$n]}/health/ready"; do sleep 0.05; done; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
allocated() { curl -s -H "X-API-Key: $key" "http://127.0.0.1:$1/metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes_total/{print $2}'; }
now_ns() { date +%s%N; }
hz=$(getconf CLK_TCK)

for n in "${names[@]}"; do wrk -t2 -c4 -d5s -H "X-API-Key: $key" "http://127.0.0.1:${port[$n]}$route" >/dev/null; done # warm-up
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# round name req/s p50 p99 | server CPU us/request (idle subtracted) | bytes allocated/request (idle subtracted)"
for r in $(seq "$rounds"); do
  for n in "${names[@]}"; do
    p=${pid[$n]}
    # The idle rates, over 2 s just before the load.
    c0=$(cpu_ticks "$p"); t0=$(now_ns); [ -n "${metrics[$n]:-}" ] && b0=$(allocated "${port[$n]}")
    sleep 2
    c1=$(cpu_ticks "$p"); t1=$(now_ns); [ -n "${metrics[$n]:-}" ] && b1=$(allocated "${port[$n]}")
    result=$(wrk -t2 -c4 -d"$duration" --latency -H "X-API-Key: $key" "http://127.0.0.1:${port[$n]}$route")
    c2=$(cpu_ticks "$p"); t2=$(now_ns); [ -n "${metrics[$n]:-}" ] && b2=$(allocated "${port[$n]}")
    requests=$(echo "$result" | awk '/requests in/{print $1}')
    rps=$(echo "$result" | awk '/Requests\/sec/{print $2}')
    p50=$(echo "$result" | awk '$1=="50%"{print $2}'); p99=$(echo "$result" | awk '$1=="99%"{print $2}')
    errors=$(echo "$result" | grep -E 'Non-2xx|Socket errors' | tr -s ' ' | tr '\n' ' ' || true)
    cpu=$(echo "scale=1; (($c2 - $c1) - ($c1 - $c0) * ($t2 - $t1) / ($t1 - $t0)) * 1000000 / $hz / $requests" | bc)
    bytes=-; [ -n "${metrics[$n]:-}" ] && bytes=$(echo "(($b2 - $b1) - ($b1 - $b0) * ($t2 - $t1) / ($t1 - $t0)) / $requests" | bc)
    echo "$r $n $rps $p50 $p99 | $cpu | $bytes $errors"
  done
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

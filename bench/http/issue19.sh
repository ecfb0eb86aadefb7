#!/usr/bin/env bash
# Issue 19: the daemon next to its floor, in one run. For each build: exec to the first 200 from /health/ready
# (ESP32 already running; 3 first starts on a new data folder, 3 restarts on an existing one), VmRSS and
# Private_Dirty after 60 s idle (all processes idle at once), and GET /api/status with wrk at 4 connections. The floor is an empty ASP.NET Core app (CreateSlimBuilder,
# one route returning a fixed JSON body), alone and with an empty Akka.NET ActorSystem (bench/floor).
#
#   bash bench/http/issue19.sh [DAEMON_DIR|publish] [OTHER_DAEMON_DIR] [wrk-duration, default 10s]
#
# DAEMON_DIR holds a Release publish of Charger.Host (dotnet publish Charger.Host -c Release -o DIR); a second one
# (e.g. the previous commit) is measured the same way in the same run. Without DAEMON_DIR (or with "publish") the
# script publishes this checkout as deploy/package.sh does (self-contained, ReadyToRun, linux-x64) and measures that,
# and the same build with tiered compilation off (DOTNET_TieredCompilation=0: ReadyToRun code is never re-jitted,
# which measured 27 MB less idle Private_Dirty; whether it costs start-up or req/s is what this run shows).
# From a clean clone it takes about 10 minutes with the publish. Needs wrk, curl and python3 (apt-get install wrk curl).
set -euo pipefail
cd "$(dirname "$0")/../.."
a=${1:-publish}; b=${2:-}; duration=${3:-10s}
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
dotnet publish bench/floor -c Release -o "$out/floor" -v quiet -nologo >/dev/null
tiered_off=
if [ "$a" = publish ]; then
  echo "# publishing Charger.Host (self-contained, ReadyToRun, linux-x64) into $out/charger"
  dotnet publish Charger.Host -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -p:DebugType=none \
    -o "$out/charger" -v quiet -nologo >/dev/null
  a="$out/charger"; tiered_off=1
fi

simulator() { # $1 = device path; a standalone ESP32 simulator that keeps running
  mkfifo "$1.in"; sleep 100000 >"$1.in" & pids+=($!)
  "$a/charger" simulate --device "$1" <"$1.in" >"$1.log" 2>&1 & pids+=($!)
  until [ -e "$1" ]; do sleep 0.05; done
}

start() { # $1 = name, $2 = port, $3.. = command; sets $pid
  local name=$1 port=$2; shift 2
  env CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data-$name" CHARGER_HTTP_URL="http://127.0.0.1:$port" \
    CHARGER_SERIAL_PORT="$out/tty-$name" "$@" >"$out/$name.log" 2>&1 </dev/null &
  pid=$!
}

ready_ms() { # $1 = name, $2 = port, $3.. = command: ms from exec to the first 200 of /health/ready (bench/http/ready-ms.py)
  local name=$1 port=$2; shift 2
  env CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data-$name" CHARGER_HTTP_URL="http://127.0.0.1:$port" \
    CHARGER_SERIAL_PORT="$out/tty-$name" python3 bench/http/ready-ms.py "$port" "$@"
}

daemon_args=(run --set http.rate-limit.read-per-minute=1000000000 --set logging.level=Warning)
declare -A cmd
cmd[floor]="$out/floor/floor"
cmd[floor-akka]="$out/floor/floor akka"
cmd[charger]="$a/charger ${daemon_args[*]}"
[ -n "$b" ] && cmd[other]="$b/charger ${daemon_args[*]}"
[ -n "$tiered_off" ] && cmd[tiered-off]="env DOTNET_TieredCompilation=0 $a/charger ${daemon_args[*]}"
names=(floor floor-akka charger); [ -n "$b" ] && names+=(other); [ -n "$tiered_off" ] && names+=(tiered-off)
port=18900
for n in charger other tiered-off; do [ -n "${cmd[$n]:-}" ] && simulator "$out/tty-$n"; done
sleep 3 # the simulated firmware's boot

echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# A first start creates the data folder (the database and its schema); a restart (after a power cut, an upgrade)
# opens the folder the previous run left: 3 first starts, each on a new folder, then 3 restarts on the last one.
echo "# exec to the first /health/ready 200, ms (ESP32 running): 3 first starts (new data folder) | 3 restarts"
for n in "${names[@]}"; do
  port=$((port + 1))
  first=$(for i in 1 2 3; do rm -rf "$out/data-$n"; ready_ms "$n" $port ${cmd[$n]}; done | tr '\n' ' ')
  again=$(for i in 1 2 3; do ready_ms "$n" $port ${cmd[$n]}; done | tr '\n' ' ')
  echo "$n: $first| $again"
done

echo "# VmRSS / Private_Dirty after 60 s idle (all at once), kB"
declare -A running
for n in "${names[@]}"; do port=$((port + 1)); rm -rf "$out/data-$n"; start "$n" $port ${cmd[$n]}; running[$n]=$pid; pids+=($pid)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.05; done; done
sleep 60
for n in "${names[@]}"; do p=${running[$n]}
  echo "$n: VmRSS $(awk '/VmRSS/{print $2}' /proc/$p/status) Private_Dirty $(awk '/Private_Dirty/{print $2}' /proc/$p/smaps_rollup)"; done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

kill "${running[@]}"; wait "${running[@]}" 2>/dev/null || true
echo "# GET /api/status and /api/health: wrk -t2 -c4 -d$duration --latency (after 3 s warm-up), one process at a time"
for n in "${names[@]}"; do
  port=$((port + 1)); rm -rf "$out/data-$n"; start "$n" $port ${cmd[$n]}
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.05; done
  for route in /api/status /api/health; do
    wrk -t2 -c4 -d3s -H "X-API-Key: $key" "http://127.0.0.1:$port$route" >/dev/null
    echo "$n $route: $(wrk -t2 -c4 -d"$duration" --latency -H "X-API-Key: $key" "http://127.0.0.1:$port$route" | grep -E 'Requests/sec|  50%|  99%|Non-2xx|Socket' | tr -s ' ' | tr '\n' ' ')"
  done
  kill -TERM "$pid"; wait "$pid" || true
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

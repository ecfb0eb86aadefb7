#!/usr/bin/env bash
# Issue 19: the daemon's idle memory under runtime settings, all variants side by side in one run. Each variant is
# the same Release publish started with its DOTNET_ settings, against its own standalone ESP32 simulator; all idle
# at once; VmRSS and Private_Dirty (smaps_rollup) 60 s after each answered /health/ready.
#
#   bash bench/http/issue19-gc.sh DAEMON_DIR
set -euo pipefail
a=$1
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
variants=(
  "server-gc(default)="
  "workstation=DOTNET_gcServer=0"
  "workstation-nonconcurrent=DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
  "wks-nc-gen0-4MB=DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x400000"
  "wks-nc-conserve5=DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=5"
  "wks-nc-tieredpgo-off=DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=0"
)
port=18950; i=0
declare -A daemon
for v in "${variants[@]}"; do
  name=${v%%=*}; envs=${v#*=}; i=$((i + 1)); port=$((port + 1))
  mkfifo "$out/sim$i.in"; sleep 100000 >"$out/sim$i.in" & pids+=($!)
  "$a/charger" simulate --device "$out/tty$i" <"$out/sim$i.in" >"$out/sim$i.log" 2>&1 & pids+=($!)
  until [ -e "$out/tty$i" ]; do sleep 0.05; done
  env $envs CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data$i" CHARGER_HTTP_URL="http://127.0.0.1:$port" CHARGER_SERIAL_PORT="$out/tty$i" \
    "$a/charger" run --set logging.level=Warning >"$out/d$i.log" 2>&1 </dev/null &
  daemon[$name]=$!; pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 60
for v in "${variants[@]}"; do name=${v%%=*}; p=${daemon[$name]}
  echo "$name: VmRSS $(awk '/VmRSS/{print $2}' /proc/$p/status) kB, Private_Dirty $(awk '/Private_Dirty/{print $2}' /proc/$p/smaps_rollup) kB"; done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

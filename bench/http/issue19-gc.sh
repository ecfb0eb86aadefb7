#!/usr/bin/env bash
# Issue 19: the daemon's idle memory under runtime settings and builds, all variants side by side in one run, next to
# the floor (an empty ASP.NET Core app, and the same with an empty ActorSystem: bench/floor). Each daemon variant is
# a Release publish started with its DOTNET_ settings, against its own standalone ESP32 simulator; all idle at once;
# 60 s after each answered /health/ready: VmRSS, Private_Dirty (smaps_rollup), and where it is: the JIT's
# double-mapped code and stubs (/memfd:doublemapper), anonymous memory (GC heap, native heaps, stacks), and what the
# GC says it has committed and the JIT compiled (from /metrics).
#
#   bash bench/http/issue19-gc.sh JIT_DIR [R2R_DIR]
#
# JIT_DIR:  dotnet publish Charger.Host -c Release -o JIT_DIR                      (framework-dependent, no ReadyToRun)
# R2R_DIR:  dotnet publish Charger.Host -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true -o R2R_DIR
#           (what deploy/package.sh ships; its runtimeconfig carries the GC settings of Charger.Host.csproj)
set -euo pipefail
cd "$(dirname "$0")/../.."
jit=$1; r2r=${2:-}
key="bench-key-0123456789abcdef"
out=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
dotnet publish bench/floor -c Release -o "$out/floor" -v quiet -nologo >/dev/null
# name=dir|environment (the environment overrides the runtimeconfig: DOTNET_gcServer=1 restores the Web SDK's default)
variants=(
  "jit-server-gc=$jit|DOTNET_gcServer=1 DOTNET_gcConcurrent=1"
  "jit-as-built=$jit|"
  "jit-wks-nonconcurrent=$jit|DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
)
[ -n "$r2r" ] && variants+=(
  "r2r-server-gc=$r2r|DOTNET_gcServer=1 DOTNET_gcConcurrent=1"
  "r2r-as-built=$r2r|"
  "r2r-wks=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=1"
  "r2r-wks-nonconcurrent=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
  "r2r-wks-nc-gen0-4MB=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x400000"
  "r2r-wks-nc-conserve7=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=7"
  "r2r-wks-nc-tieredpgo-off=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredPGO=0"
  "r2r-wks-nc-tiered-off=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_TieredCompilation=0"
  "r2r-wks-nc-wx-off=$r2r|DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_EnableWriteXorExecute=0"
)
port=18950; i=0
declare -A proc url
for name in floor floor-akka; do
  port=$((port + 1))
  CHARGER_HTTP_URL="http://127.0.0.1:$port" "$out/floor/floor" $([ $name = floor-akka ] && echo akka) >"$out/$name.log" 2>&1 </dev/null &
  proc[$name]=$!; pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
done
for v in "${variants[@]}"; do
  name=${v%%=*}; rest=${v#*=}; dir=${rest%%|*}; envs=${rest#*|}; i=$((i + 1)); port=$((port + 1))
  mkfifo "$out/sim$i.in"; sleep 100000 >"$out/sim$i.in" & pids+=($!)
  "$dir/charger" simulate --device "$out/tty$i" <"$out/sim$i.in" >"$out/sim$i.log" 2>&1 & pids+=($!)
  until [ -e "$out/tty$i" ]; do sleep 0.05; done
  env $envs CHARGER_API_KEY=$key CHARGER_DATA_DIR="$out/data$i" CHARGER_HTTP_URL="http://127.0.0.1:$port" CHARGER_SERIAL_PORT="$out/tty$i" \
    "$dir/charger" run --set logging.level=Warning >"$out/d$i.log" 2>&1 </dev/null &
  proc[$name]=$!; pids+=($!); url[$name]="http://127.0.0.1:$port"
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 60
metric() { curl -sf -H "X-API-Key: $key" "$1/metrics" | awk -v m="$2" '$1 ~ "^"m"[{ ]" || $1 == m {s += $2} END {printf "%.0f", s}'; }
printf '%-26s %9s %9s %12s %12s %10s %9s\n' variant VmRSS_kB PrivDirty doublemap_kB anon+heap_kB gc_commit jit_meth
for name in floor floor-akka $(for v in "${variants[@]}"; do echo "${v%%=*}"; done); do p=${proc[$name]}
  read -r dm an < <(awk '/^[0-9a-f]+-[0-9a-f]+ /{m = ($6 ~ /doublemapper/) ? "dm" : ($6 == "" || $6 == "[heap]") ? "an" : "x"}
    /^Private_Dirty:/{s[m] += $2} END {print s["dm"] + 0, s["an"] + 0}' "/proc/$p/smaps")
  gc=-; jm=-
  if [ -n "${url[$name]:-}" ]; then
    gc=$(( $(metric "${url[$name]}" dotnet_gc_last_collection_memory_committed_size_bytes) / 1024 ))
    jm=$(metric "${url[$name]}" dotnet_jit_compiled_methods_total)
  fi
  printf '%-26s %9s %9s %12s %12s %10s %9s\n' "$name" "$(awk '/VmRSS/{print $2}' "/proc/$p/status")" \
    "$(awk '/Private_Dirty/{print $2}' "/proc/$p/smaps_rollup")" "$dm" "$an" "$gc" "$jm"
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"

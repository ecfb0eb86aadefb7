#!/usr/bin/env bash
# Before/after comparison of daemon builds (issue 11: the in-house actor kernel vs Akka.NET), on this
# machine, all traffic on 127.0.0.1. For each build, given as the folder of a `dotnet publish` of
# Charger.Host (it holds `charger`) and the folder of a build of bench/Charger.Benchmarks (it holds
# `Charger.Benchmarks`), of the same commit:
#
#   (a) cold start to ready: `charger run --simulate` in a fresh data folder on a free port, time from
#       exec to the first 200 from /health/ready; REPS repetitions, median and min
#   (b) idle memory: in each of those repetitions, IDLE_SECONDS after ready with no requests, VmRSS from
#       /proc/PID/status and Private_Dirty from /proc/PID/smaps_rollup; median (min-max)
#   (c) STAT frame to subscriber: that build's `Charger.Benchmarks event-latency EVENT_LINES EVENT_PAUSE_MS`,
#       p50/p99 of the total and of the actors' part (decoded -> sink)
#   (d) re-plug recovery: `Charger.Benchmarks link-reconnect RECONNECT_ROUNDS`, median with the device
#       watcher (the daemon's case) and without it (backoff alone)
#
# Labels alternate within every repetition (and swap order from one repetition to the next) so all
# builds see the same machine state. The load average is printed with every measurement: on a shared
# machine compare only numbers from the same run of this script.
#
#   bench/compare-runtimes.sh LABEL=DAEMON_DIR:BENCH_DIR LABEL=DAEMON_DIR:BENCH_DIR [...]
#   e.g. bench/compare-runtimes.sh kernel=/work/baseline/daemon:/work/baseline/bench akka=/work/akka/daemon:/work/akka/bench
#
# Environment (defaults): REPS (5), IDLE_SECONDS (20), EVENT_LINES (2000), EVENT_PAUSE_MS (10),
# RECONNECT_ROUNDS (12), READY_TIMEOUT_S (60), PROBE_TIMEOUT_S (900), OUT_DIR (a new /tmp/compare-runtimes.*;
# keeps the probes' full output). Needs curl, timeout and python3 (for a free port). Takes about
# 2 x (REPS x (IDLE_SECONDS + 5 s) + EVENT_LINES x 13 ms + 2.5 min) with the defaults: about 10 min for two builds.
set -euo pipefail

REPS=${REPS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-20}
EVENT_LINES=${EVENT_LINES:-2000}
EVENT_PAUSE_MS=${EVENT_PAUSE_MS:-10}
RECONNECT_ROUNDS=${RECONNECT_ROUNDS:-12}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-60}
PROBE_TIMEOUT_S=${PROBE_TIMEOUT_S:-900}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
for tool in curl timeout python3; do
  command -v "$tool" >/dev/null || { echo "compare-runtimes: $tool is needed" >&2; exit 2; }
done

labels=() daemons=() benches=()
for pair in "$@"; do
  [[ $pair == *=*:* ]] || { echo "compare-runtimes: '$pair' is not LABEL=DAEMON_DIR:BENCH_DIR" >&2; usage; }
  label=${pair%%=*} dirs=${pair#*=}
  [[ $label =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "compare-runtimes: label '$label' must be letters, digits, _ . -" >&2; exit 2; }
  for seen in "${labels[@]}"; do [ "$seen" != "$label" ] || { echo "compare-runtimes: label '$label' given twice" >&2; exit 2; }; done
  daemon=$(cd "${dirs%%:*}" && pwd)/charger bench=$(cd "${dirs#*:}" && pwd)/Charger.Benchmarks
  [ -x "$daemon" ] || { echo "compare-runtimes: no executable $daemon" >&2; exit 2; }
  [ -x "$bench" ] || { echo "compare-runtimes: no executable $bench" >&2; exit 2; }
  labels+=("$label") daemons+=("$daemon") benches+=("$bench")
done
n=${#labels[@]}

OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/compare-runtimes.XXXXXX)}
mkdir -p "$OUT_DIR"
work=$(mktemp -d /tmp/compare-runtimes-work.XXXXXX)
pids=()

cleanup() {
  local pid i
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ns() { date +%s%N; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Drops a reaped process from the cleanup list, so that its id, if reused, is never signalled.
forget() {
  local p keep=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

# Stops a process this script started: TERM, up to 10 s, then KILL.
stop() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}

# median of numbers on stdin (mean of the two middle ones for an even count)
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n | head -n 1; }
maximum() { sort -n | tail -n 1; }

# (a) and (b) for label index $1, repetition $2: appends "ready_ms rss_kb private_dirty_kb" to $work/start-$label.
cold_start() {
  local i=$1 rep=$2 label=${labels[$1]} daemon=${daemons[$1]}
  local dir="$work/run-$label-$rep" port key t0 t1 code=000 pid deadline rss dirty
  mkdir -p "$dir"
  port=$(free_port)
  # A key of our own, so the daemon does not make one and print it; never shown.
  key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  t0=$(now_ns)
  CHARGER_API_KEY=$key CHARGER_DATA_DIR="$dir/data" CHARGER_HTTP_URL="http://127.0.0.1:$port" \
    "$daemon" run --simulate </dev/null >"$dir/console.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  deadline=$(( t0 + READY_TIMEOUT_S * 1000000000 ))
  while [ "$(now_ns)" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health/ready" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  t1=$(now_ns)
  if [ "$code" != 200 ]; then
    echo "compare-runtimes: $label did not get ready within ${READY_TIMEOUT_S} s (last status $code); its console, key lines left out:" >&2
    grep -iv 'key' "$dir/console.log" | tail -n 20 >&2 || true
    stop "$pid"
    exit 1
  fi
  sleep "$IDLE_SECONDS"
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  dirty=$(awk '/^Private_Dirty:/ { print $2 }' "/proc/$pid/smaps_rollup")
  stop "$pid"
  rm -rf "$dir"
  echo "$(( (t1 - t0) / 1000000 )) $rss $dirty" >>"$work/start-$label"
  printf '  %-12s rep %d: ready after %5d ms; after %s s idle VmRSS %6d kB, Private_Dirty %6d kB (load %s)\n' \
    "$label" "$rep" $(( (t1 - t0) / 1000000 )) "$IDLE_SECONDS" "$rss" "$dirty" "$(load)"
}

# Runs one probe of label index $1 in a fresh folder, output to $OUT_DIR/$2-$label.txt.
probe() {
  local i=$1 name=$2 label=${labels[$1]} pid rc=0
  shift 2
  local dir="$work/probe-$name-$label"
  mkdir -p "$dir"
  echo "  $label: Charger.Benchmarks $* (load before $(load))"
  (cd "$dir" && exec timeout "$PROBE_TIMEOUT_S" "${benches[$i]}" "$@") >"$OUT_DIR/$name-$label.txt" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait "$pid" || rc=$?
  forget "$pid"
  rm -rf "$dir"
  [ "$rc" = 0 ] || { echo "compare-runtimes: $label $name exited with $rc; see $OUT_DIR/$name-$label.txt" >&2; exit 1; }
  echo "    (load after $(load))"
}

# Label indices in the order for turn $1: forward on even turns, backward on odd ones.
order() { local i; if (( $1 % 2 == 0 )); then seq 0 $(( n - 1 )); else seq $(( n - 1 )) -1 0; fi; }

echo "# compare-runtimes $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(load)"
for i in $(seq 0 $(( n - 1 ))); do echo "#   ${labels[$i]}: ${daemons[$i]}, ${benches[$i]}"; done
echo "# output of the probes in $OUT_DIR"
echo

echo "## (a, b) cold start to /health/ready with --simulate, then ${IDLE_SECONDS} s idle: $REPS repetitions"
for rep in $(seq 1 "$REPS"); do
  for i in $(order "$rep"); do cold_start "$i" "$rep"; done
done
echo

echo "## (c) event-latency $EVENT_LINES $EVENT_PAUSE_MS"
for i in $(order 0); do
  probe "$i" event-latency event-latency "$EVENT_LINES" "$EVENT_PAUSE_MS"
  grep -E '^\| (total|written|decoded)' "$OUT_DIR/event-latency-${labels[$i]}.txt" | sed 's/^/    /' || true
done
echo

echo "## (d) link-reconnect $RECONNECT_ROUNDS"
for i in $(order 1); do
  probe "$i" link-reconnect link-reconnect "$RECONNECT_ROUNDS"
  grep -E 'watcher (on|off)' "$OUT_DIR/link-reconnect-${labels[$i]}.txt" | sed 's/^/  /' || true
done
echo

# Table: one column per label.
col() { # $1 = label index, $2 = column of $work/start-LABEL (1 ready ms, 2 RSS kB, 3 Private_Dirty kB)
  awk -v c="$2" '{ print $c }' "$work/start-${labels[$1]}"
}
mb() { awk -v k="$1" 'BEGIN { if (k == "n/a") print k; else printf "%.1f", k / 1024 }'; }
# p50 and p99 (fields 5 and 7 split on '|' of the probe's markdown row) of the row starting with $2 in file $1, without units
latency() { awk -F'|' -v row="$2" 'index($2, row) == 2 { gsub(/[^0-9.]/, "", $5); gsub(/[^0-9.]/, "", $7); print $5 " / " $7; found = 1 } END { if (!found) print "n/a" }' "$1"; }
reconnect() { sed -nE "s/.*watcher $2 *: median ([0-9]+) ms.*/\1/p" "$1" | head -n 1 | grep . || echo n/a; }

header="| |" rule="|---|"
rows=("| cold start to /health/ready, ms: median (min) of $REPS |"
      "| VmRSS after ${IDLE_SECONDS} s idle, MB: median (min–max) |"
      "| Private_Dirty after ${IDLE_SECONDS} s idle, MB: median (min–max) |"
      "| event-latency: STAT written -> sink, p50 / p99 µs |"
      "| event-latency: decoded -> sink (actors), p50 / p99 µs |"
      "| link-reconnect: re-plug to first STAT with watcher, median ms |"
      "| link-reconnect: backoff alone (no watcher), median ms |")
for i in $(seq 0 $(( n - 1 ))); do
  header+=" ${labels[$i]} |" rule+="---:|"
  ev="$OUT_DIR/event-latency-${labels[$i]}.txt" lr="$OUT_DIR/link-reconnect-${labels[$i]}.txt"
  rows[0]+=" $(col "$i" 1 | median) ($(col "$i" 1 | minimum)) |"
  rows[1]+=" $(mb "$(col "$i" 2 | median)") ($(mb "$(col "$i" 2 | minimum)")–$(mb "$(col "$i" 2 | maximum)")) |"
  rows[2]+=" $(mb "$(col "$i" 3 | median)") ($(mb "$(col "$i" 3 | minimum)")–$(mb "$(col "$i" 3 | maximum)")) |"
  rows[3]+=" $(latency "$ev" total) |"
  rows[4]+=" $(latency "$ev" decoded) |"
  rows[5]+=" $(reconnect "$lr" on) |"
  rows[6]+=" $(reconnect "$lr" off) |"
done
echo "## Summary ($(date -u '+%Y-%m-%d %H:%M UTC'), load at the end $(load))"
echo
echo "$header"
echo "$rule"
printf '%s\n' "${rows[@]}"

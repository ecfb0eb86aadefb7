#!/usr/bin/env bash
# Before/after comparison of the session journal (issue 12: our own journal of the previous release vs
# Akka.Persistence.Sql), on this machine, in one run. Builds bench/Charger.Benchmarks of both source trees
# (`dotnet build -c Release`, each into its own folder under OUT_DIR; the source trees are not changed
# beyond their ignored obj/ folders) and runs each build's probes interleaved, the order swapped from one
# probe to the next, so both see the same machine state:
#
#   (a) persist-latency PERSIST_N: one durable append (previous: IJournal.WriteAsync awaited; new: an Akka
#       persistent actor's Persist round trip), SQLite and a throwaway local PostgreSQL (fsync on and off;
#       the probe starts it itself with initdb/pg_ctl from /usr/lib/postgresql/*/bin, via runuser when root)
#   (b) session-recovery RECOVERY_EVENTS RECOVERY_RUNS: SessionActor recovery without and with a snapshot
#   (c) session-queries QUERY_SESSIONS QUERY_N: SqliteSessionQueries at that many sessions
#   (d) new build only: projection-lag LAG_SESSIONS 1 and projection-lag 400 20 (the previous journal wrote
#       the session rows in the journal's own transaction: they were visible when Persist returned); then the
#       same with the read journal's read-isolation-level = read-uncommitted (a deferred BEGIN on SQLite
#       instead of BEGIN IMMEDIATE: see RESULTS.md, projection lag)
#
#   bench/compare-journals.sh PREVIOUS_SRC NEW_SRC
#   e.g. bench/compare-journals.sh /work/wt-fixture .
#
# Environment (defaults): PERSIST_N (1000), RECOVERY_EVENTS (100000), RECOVERY_RUNS (3), QUERY_SESSIONS (100000),
# QUERY_N (300), LAG_SESSIONS (100 at 1 charger; 20 per charger at 20), PROBE_TIMEOUT_S (900), OUT_DIR (a new
# /tmp/compare-journals.*; keeps the builds and the probes' full output), SKIP_BUILD (1: reuse OUT_DIR's builds).
# About 10 to 15 min on 2 shared cores after the builds (about 2 min each).
set -euo pipefail

PERSIST_N=${PERSIST_N:-1000}
RECOVERY_EVENTS=${RECOVERY_EVENTS:-100000}
RECOVERY_RUNS=${RECOVERY_RUNS:-3}
QUERY_SESSIONS=${QUERY_SESSIONS:-100000}
QUERY_N=${QUERY_N:-300}
LAG_SESSIONS=${LAG_SESSIONS:-100}
PROBE_TIMEOUT_S=${PROBE_TIMEOUT_S:-900}

[ $# -eq 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
labels=(previous new)
srcs=("$(cd "$1" && pwd)" "$(cd "$2" && pwd)")
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/compare-journals.XXXXXX)}
mkdir -p "$OUT_DIR"

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "# compare-journals $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(load)"
for i in 0 1; do
  echo "#   ${labels[$i]}: ${srcs[$i]} at $(git -C "${srcs[$i]}" rev-parse --short HEAD)$(git -C "${srcs[$i]}" diff --quiet HEAD -- . ':!*/obj/*' ':!*/bin/*' || echo ' (with uncommitted changes)')"
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    dotnet build -c Release "${srcs[$i]}/bench/Charger.Benchmarks" -o "$OUT_DIR/bench-${labels[$i]}" >"$OUT_DIR/build-${labels[$i]}.log" 2>&1 \
      || { echo "compare-journals: building ${labels[$i]} failed; see $OUT_DIR/build-${labels[$i]}.log" >&2; exit 1; }
  fi
  [ -x "$OUT_DIR/bench-${labels[$i]}/Charger.Benchmarks" ] || { echo "compare-journals: no $OUT_DIR/bench-${labels[$i]}/Charger.Benchmarks" >&2; exit 1; }
done
echo "# output of the probes in $OUT_DIR"
echo

# Runs probe $2 (file name) of label index $1 with the arguments that follow, in a fresh folder.
probe() {
  local i=$1 name=$2 label=${labels[$1]} rc=0
  shift 2
  local dir
  dir=$(mktemp -d /tmp/compare-journals-work.XXXXXX)
  echo "  $label: Charger.Benchmarks $* (load before $(load))"
  (cd "$dir" && exec timeout "$PROBE_TIMEOUT_S" "$OUT_DIR/bench-$label/Charger.Benchmarks" "$@") >"$OUT_DIR/$name-$label.txt" 2>&1 || rc=$?
  rm -rf "$dir"
  [ "$rc" = 0 ] || { echo "compare-journals: $label $name exited with $rc; see $OUT_DIR/$name-$label.txt" >&2; exit 1; }
  echo "    (load after $(load))"
}

echo "## (a) persist-latency $PERSIST_N"
for i in 0 1; do probe "$i" persist persist-latency "$PERSIST_N"; grep -E '^\| (SQLite|PostgreSQL|disk)' "$OUT_DIR/persist-${labels[$i]}.txt" | cut -d'|' -f2,5- | sed 's/^/    /'; done
echo "## (b) session-recovery $RECOVERY_EVENTS $RECOVERY_RUNS"
for i in 1 0; do probe "$i" recovery session-recovery "$RECOVERY_EVENTS" "$RECOVERY_RUNS"; grep -E '^(Filled|snapshot)' "$OUT_DIR/recovery-${labels[$i]}.txt" | sed 's/^/    /'; done
echo "## (c) session-queries $QUERY_SESSIONS $QUERY_N"
for i in 0 1; do probe "$i" queries session-queries "$QUERY_SESSIONS" "$QUERY_N"; grep -E '^(Filled|\| page of 100 newest)' "$OUT_DIR/queries-${labels[$i]}.txt" | sed 's/^/    /'; done
echo "## (d) projection-lag $LAG_SESSIONS 1 and $(( 20 * 20 )) 20 (new only)"
probe 1 lag-1 projection-lag "$LAG_SESSIONS" 1
probe 1 lag-20 projection-lag 400 20
probe 1 lag-1-ru projection-lag "$LAG_SESSIONS" 1 default read-uncommitted
probe 1 lag-20-ru projection-lag 400 20 default read-uncommitted
for f in lag-1 lag-20 lag-1-ru lag-20-ru; do grep -hE '^\| (1|20) \|' "$OUT_DIR/$f-new.txt" | sed "s/^/    $f: /"; done
echo

# p50 / p99 of a persist row: $1 file, $2 store, $3 extra text in the row (e.g. fsync=on)
persist() { awk -F'|' -v s="$2" -v x="$3" '$2 ~ "^ " s " $" && index($0, x) { gsub(/ /, "", $6); gsub(/ /, "", $8); print $6 " / " $8; f = 1; exit } END { if (!f) print "n/a" }' "$1"; }
recovery() { sed -nE "s/^snapshot $2[^:]*: min ([0-9.]+) ms, median ([0-9.]+) ms, max ([0-9.]+) ms/\2 ms (\1–\3)/p" "$1" | head -n 1 | grep . || echo n/a; }
page() { awk -F'|' '$2 ~ /page of 100 newest/ { gsub(/ /, "", $6); gsub(/ /, "", $7); print $6 " / " $7; f = 1; exit } END { if (!f) print "n/a" }' "$1"; }
lag() { awk -F'|' '$2 ~ /^ [0-9]+ $/ { gsub(/ /, "", $5); gsub(/ /, "", $7); print $5 " / " $7; f = 1; exit } END { if (!f) print "n/a" }' "$1"; }

p=$OUT_DIR/persist-previous.txt n=$OUT_DIR/persist-new.txt
echo "## Summary ($(date -u '+%Y-%m-%d %H:%M UTC'), load at the end $(load))"
echo
echo "| | previous journal (${srcs[0]##*/}) | Akka.Persistence.Sql (${srcs[1]##*/}) |"
echo "|---|---:|---:|"
echo "| persist SQLite, p50 / p99 | $(persist "$p" SQLite "") | $(persist "$n" SQLite "") |"
echo "| persist PostgreSQL fsync=on, p50 / p99 | $(persist "$p" PostgreSQL fsync=on) | $(persist "$n" PostgreSQL fsync=on) |"
echo "| persist PostgreSQL fsync=off, p50 / p99 | $(persist "$p" PostgreSQL fsync=off) | $(persist "$n" PostgreSQL fsync=off) |"
echo "| disk alone: write + fsync, p50 / p99 | $(persist "$p" 'disk alone: write \\+ fsync' "") | $(persist "$n" 'disk alone: write \\+ fsync' "") |"
echo "| recovery of $RECOVERY_EVENTS events, no snapshot: median (min–max) of $RECOVERY_RUNS | $(recovery "$OUT_DIR/recovery-previous.txt" none) | $(recovery "$OUT_DIR/recovery-new.txt" none) |"
echo "| recovery, snapshot 50 events before the end: median (min–max) | $(recovery "$OUT_DIR/recovery-previous.txt" at) | $(recovery "$OUT_DIR/recovery-new.txt" at) |"
echo "| page of 100 at $QUERY_SESSIONS sessions, p50 / p99 | $(page "$OUT_DIR/queries-previous.txt") | $(page "$OUT_DIR/queries-new.txt") |"
echo "| projection lag, 1 charger, p50 / p99 | 0 (same transaction) | $(lag "$OUT_DIR/lag-1-new.txt") |"
echo "| projection lag, 20 chargers, p50 / p99 | 0 (same transaction) | $(lag "$OUT_DIR/lag-20-new.txt") |"
echo "| projection lag, 1 charger, read journal read-uncommitted, p50 / p99 | | $(lag "$OUT_DIR/lag-1-ru-new.txt") |"
echo "| projection lag, 20 chargers, read journal read-uncommitted, p50 / p99 | | $(lag "$OUT_DIR/lag-20-ru-new.txt") |"

#!/usr/bin/env bash
# Start-up of the packaged program with and without ReadyToRun (bench/RESULTS.md, "Debian package").
# Each run: exec the unpacked amd64 program (`charger run --simulate`, the shipped config, a fresh data folder)
# until GET /health/ready answers 200, plus the wall time of `charger --version`; N runs each, alternating.
#   bench/package-startup.sh [N]     (needs artifacts/deb from deploy/package.sh; builds the no-R2R one itself)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
deb=$(ls artifacts/deb/charger_*_amd64.deb | head -1)
bash deploy/package.sh --arch amd64 --no-ready-to-run --out "$work/plain" >/dev/null
for variant in r2r plain; do
  src=$deb; [ "$variant" = plain ] && src=$(ls "$work"/plain/*.deb)
  mkdir -p "$work/$variant" && dpkg-deb -x "$src" "$work/$variant"
  echo "$variant: $(stat -c %s "$src") bytes packed, $(du -sk "$work/$variant/opt/charger" | cut -f1) KiB in /opt/charger"
done

ready_ms() { # $1 = variant; prints ms from exec to /health/ready 200
  local root=$work/$1 port=$((20000 + RANDOM % 20000)) data
  data=$(mktemp -d -p "$work")
  local start=$(date +%s%N)
  CHARGER_API_KEY=bench-startup-key-0123456789abcdef "$root/opt/charger/charger" run --simulate --config "$root/etc/charger/charger.conf" \
    --set "data-dir=$data" --set "http.url=http://127.0.0.1:$port" </dev/null >"$data/out" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.02; done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
version_ms() {
  local start=$(date +%s%N)
  "$work/$1/opt/charger/charger" --version >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
declare -A ready version
for i in $(seq "$runs"); do
  for variant in r2r plain; do
    ready[$variant]+="$(ready_ms $variant) "
    version[$variant]+="$(version_ms $variant) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for variant in r2r plain; do
  echo "$variant: to /health/ready ms: ${ready[$variant]}(median $(echo "${ready[$variant]}" | median)); --version ms: ${version[$variant]}(median $(echo "${version[$variant]}" | median))"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

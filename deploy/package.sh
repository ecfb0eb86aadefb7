#!/usr/bin/env bash
# Builds the station packages: charger_<version>_arm64.deb (Raspberry Pi OS / Debian on a 64-bit Pi) and
# charger_<version>_amd64.deb, each a self-contained .NET publish (no .NET runtime on the station) under
# /opt/charger with the systemd unit, udev rule, conffile and maintainer scripts of deploy/debian/.
#
#   deploy/package.sh [--arch arm64|amd64|all] [--out DIR] [--no-ready-to-run]
#
# Install on a station: sudo apt install ./charger_<version>_arm64.deb (docs/operator-guide.md).
# ReadyToRun (precompiled code) is on: it shortens the start-up (bench/RESULTS.md, "Debian package").
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

arches=(arm64 amd64)
out="$repo/artifacts/deb"
ready_to_run=true
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) shift; [ "$1" = all ] && arches=(arm64 amd64) || arches=("$1") ;;
    --out) shift; out=$1 ;;
    --no-ready-to-run) ready_to_run=false ;;
    *) echo "package.sh: unknown argument '$1' (--arch arm64|amd64|all, --out DIR, --no-ready-to-run)" >&2; exit 64 ;;
  esac
  shift
done
for tool in dotnet dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is required (apt-get install dpkg; the .NET 10 SDK)" >&2; exit 69; }
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Published from a copy of the sources: its own obj/ folders, so a build or test run in this checkout at the
# same time (the tests' build runs this script when the packages are missing) never shares a restore with it.
tar -c --exclude=./artifacts --exclude=./.git --exclude=./data --exclude='*/bin' --exclude='*/obj' . | tar -x -C "$work" --one-top-level=src
version=$(dotnet msbuild "$work/src/Charger.Host/Charger.Host.csproj" -getProperty:Version -nologo | tr -d '[:space:]')

for arch in "${arches[@]}"; do
  case "$arch" in
    arm64) rid=linux-arm64 ;;
    amd64) rid=linux-x64 ;;
    *) echo "package.sh: unknown architecture '$arch' (arm64 or amd64)" >&2; exit 64 ;;
  esac
  root="$work/$arch"
  echo "package.sh: publishing $rid (self-contained, ReadyToRun=$ready_to_run)"
  dotnet publish "$work/src/Charger.Host/Charger.Host.csproj" -c Release -r "$rid" --self-contained \
    -p:PublishReadyToRun="$ready_to_run" -p:DebugType=none -p:DebugSymbols=false \
    -o "$root/opt/charger" -nologo -v quiet

  install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/charger" \
    "$root/etc/udev/rules.d" "$root/usr/lib/modules-load.d" "$root/usr/share/doc/charger"
  ln -s /opt/charger/charger "$root/usr/bin/charger"
  install -m 0644 deploy/charger.service "$root/lib/systemd/system/charger.service"
  install -m 0644 deploy/debian/charger.conf "$root/etc/charger/charger.conf"
  install -m 0644 deploy/debian/99-charger-esp32.rules "$root/etc/udev/rules.d/99-charger-esp32.rules"
  install -m 0644 deploy/debian/modules-load.conf "$root/usr/lib/modules-load.d/charger.conf"
  install -m 0644 docs/operator-guide.md "$root/usr/share/doc/charger/operator-guide.md"
  install -m 0644 hocon/charger.conf "$root/usr/share/doc/charger/charger.conf.example"
  for script in postinst prerm postrm; do
    install -m 0755 "deploy/debian/$script" "$root/DEBIAN/$script"
  done
  install -m 0644 deploy/debian/conffiles "$root/DEBIAN/conffiles"

  # Owned by root, read-only to everyone else: the daemon cannot rewrite its own code.
  find "$root/opt/charger" -type d -exec chmod 0755 {} +
  find "$root/opt/charger" -type f -exec chmod 0644 {} +
  chmod 0755 "$root/opt/charger/charger"
  [ -f "$root/opt/charger/createdump" ] && chmod 0755 "$root/opt/charger/createdump"

  installed_kib=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kib/" \
    deploy/debian/control > "$root/DEBIAN/control"

  deb="$out/charger_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
  echo "package.sh: $deb ($(stat -c %s "$deb") bytes, installed ${installed_kib} KiB)"
done

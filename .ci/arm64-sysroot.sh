#!/usr/bin/env bash
# An arm64 Debian root with just what the self-contained charger needs to start (the loader, libc, libgcc_s,
# libstdc++, and OpenSSL, which .NET loads for SHA-256 and TLS), for running the arm64 package's executable under qemu-user-static on an amd64 machine:
#   qemu-aarch64-static -L <root> opt/charger/charger --version
# Debian's own arm64 packages, fetched with apt-get download and unpacked with dpkg -x: the machine's dpkg
# architectures stay as they are (the arm64 index is read only by these apt calls).
#   .ci/arm64-sysroot.sh [ROOT]   (default artifacts/arm64-sysroot; a root with the loader is kept as is)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-artifacts/arm64-sysroot}
if [ -e "$root/lib/ld-linux-aarch64.so.1" ]; then
  exit 0
fi
arm64=(-o APT::Architectures::=amd64 -o APT::Architectures::=arm64)
apt-get "${arm64[@]}" update -qq
downloads=$(mktemp -d)
chown _apt "$downloads" 2>/dev/null || true  # apt fetches as _apt where it can
(cd "$downloads" && apt-get "${arm64[@]}" download -qq libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 libssl3:arm64)
mkdir -p "$root"
for deb in "$downloads"/*.deb; do
  dpkg-deb -x "$deb" "$root"
done
rm -rf "$downloads"
test -e "$root/lib/ld-linux-aarch64.so.1" || { echo "arm64-sysroot: no loader in $root after unpacking libc6:arm64" >&2; exit 1; }
echo "arm64-sysroot: $root ($(du -sh "$root" | cut -f1))"

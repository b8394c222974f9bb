#!/usr/bin/env bash
# Builds the deployment test's host image as a root file system tarball, from the Debian archive:
#   build-host-image.sh PACKAGES_FILE CACHE_DIR   prints the tarball's path
# The tarball is named after a hash of the package list and this script, so a second run (or a
# second clone) reuses it; `docker import` turns it into the image. Needs root (debootstrap,
# chroot) and the Debian archive ($DEBIAN_MIRROR, default deb.debian.org).
set -euo pipefail
packages_file=$1 cache=$2
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
packages() { grep -v '^\s*#' "$packages_file" | grep -v '^\s*$'; }
key=$( (packages; echo "$suite"; cat "${BASH_SOURCE[0]}") | sha256sum | cut -c1-12)
out=$cache/host-$key.tar.gz
if [ -s "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
exec 9>"$cache/.build.lock"
flock 9
if [ -s "$out" ]; then echo "$out"; exit 0; fi
say() { printf '[host-image] %s\n' "$*" >&2; }
tmp=$(mktemp -d "$cache/build.XXXXXX")
rootfs=$tmp/rootfs log=$cache/host-$key.log
cleanup() {
  umount -l "$rootfs/proc" 2>/dev/null || true
  rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
: >"$log"
start=$SECONDS
say "debootstrap $suite (minbase) from $mirror (log: $log)"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
mount -t proc proc "$rootfs/proc"
# No service starts while installing; the units are disabled below, the playbooks enable them.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
say "apt-get install $(packages | wc -l) packages"
# shellcheck disable=SC2046
in_root apt-get install -y -q --no-install-recommends $(packages) >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
# Installed, not running: each host runs only what its playbooks start (and enable).
for unit in docker.service docker.socket containerd.service docker-registry.service nginx.service \
  prometheus.service postgresql.service; do
  in_root systemctl disable "$unit" >>"$log" 2>&1 || true
done
# Nothing a container cannot do, nothing that waits for a console.
for unit in getty@tty1.service systemd-udevd.service systemd-udev-trigger.service \
  systemd-remount-fs.service console-getty.service; do
  in_root systemctl mask "$unit" >>"$log" 2>&1 || true
done
rm -f "$rootfs/usr/sbin/policy-rc.d" "$rootfs/etc/resolv.conf"
in_root apt-get clean >>"$log" 2>&1
umount "$rootfs/proc"
say "packing $out"
tar -C "$rootfs" --numeric-owner -c . | gzip -1 >"$tmp/host.tar.gz"
mv "$tmp/host.tar.gz" "$out"
say "done in $((SECONDS - start)) s"
echo "$out"

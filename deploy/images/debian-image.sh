#!/usr/bin/env bash
# Builds a Debian root file system holding some packages, as a tarball for `docker import`:
#   debian-image.sh [options] NAME [PACKAGE...]      prints the tarball's path
#     --packages-file FILE  more packages, one a line (# comments and blank lines skipped)
#     --cache DIR           where tarballs are kept (default ~/.cache/kratos-monorepo/debian-images)
#     --disable UNIT        systemctl disable UNIT after installing (repeatable)
#     --mask UNIT           systemctl mask UNIT (repeatable)
#     --import REF          also `docker import` the tarball as REF ...
#     --change INSTRUCTION  ... with this Dockerfile instruction (CMD, EXPOSE, USER, ...; repeatable)
# Both the cluster test's host image (deploy/clustertest/build-host-image.sh) and the
# infrastructure images (deploy/ansible/prepare-infra-images.yml) are made by it.
#
# `debootstrap --variant=minbase` runs once per suite (its tarball base-<hash>.tar.gz is shared by
# every image), then each image is that base plus `apt-get install --no-install-recommends` of
# its packages, cached as NAME-<hash>.tar.gz, the hash taken over the suite, the sorted package
# list, the disabled and masked units and this script: a second run (or a second clone) reuses
# it. Next to it, NAME-<hash>.versions lists "package version" of every installed package
# (dpkg-query), which the infrastructure images are tagged with. Services never start while
# installing (policy-rc.d). Needs root (debootstrap, chroot) and the Debian archive
# ($DEBIAN_MIRROR, default deb.debian.org).
set -euo pipefail

cache=${HOME:-/root}/.cache/kratos-monorepo/debian-images
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=() disable=() mask=() changes=() import=""
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
read_list() { grep -v '^\s*#' "$1" | grep -v '^\s*$' || true; }
while [ $# -gt 0 ]; do
  case $1 in
    --packages-file) mapfile -t -O "${#packages[@]}" packages < <(read_list "$2"); shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --disable) disable+=("$2"); shift 2 ;;
    --mask) mask+=("$2"); shift 2 ;;
    --import) import=$2; shift 2 ;;
    --change) changes+=(--change "$2"); shift 2 ;;
    -h | --help) usage ;;
    -*) echo "debian-image.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
name=$1
shift
packages+=("$@")
[[ $name =~ ^[a-z0-9][a-z0-9._-]*$ ]] || { echo "debian-image.sh: bad image name '$name'" >&2; exit 2; }
[ ${#packages[@]} -gt 0 ] || { echo "debian-image.sh: no packages for $name" >&2; exit 2; }

say() { printf '[debian-image %s] %s\n' "$name" "$*" >&2; }
script_hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-64)
base_key=$(printf '%s\n' "$suite" "$mirror" "$script_hash" | sha256sum | cut -c1-12)
key=$( (printf '%s\n' "$suite" "$script_hash"; printf 'package %s\n' "${packages[@]}" | sort -u
  printf 'disable %s\n' "${disable[@]}"; printf 'mask %s\n' "${mask[@]}") | sha256sum | cut -c1-12)
base=$cache/base-$suite-$base_key.tar.gz
out=$cache/$name-$key.tar.gz
log=$cache/$name-$key.log

import_image() {
  if [ -n "$import" ]; then
    say "docker import $import"
    docker import "${changes[@]}" "$out" "$import" >/dev/null
  fi
  echo "$out"
}

if [ -s "$out" ]; then import_image; exit 0; fi
mkdir -p "$cache"
# One build at a time per cache folder: two clones may ask for the same image at once.
exec 9>"$cache/.build.lock"
flock 9
if [ -s "$out" ]; then import_image; exit 0; fi

tmp=$(mktemp -d "$cache/build.XXXXXX")
rootfs=$tmp/rootfs
cleanup() {
  umount -l "$rootfs/proc" 2>/dev/null || true
  rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
: >"$log"
start=$SECONDS
mkdir -p "$rootfs"
if [ -s "$base" ]; then
  say "base $base"
  tar -C "$rootfs" --numeric-owner -xzf "$base"
else
  say "debootstrap $suite (minbase) from $mirror (log: $log)"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" --numeric-owner -c . | gzip -1 >"$tmp/base.tar.gz"
  mv "$tmp/base.tar.gz" "$base"
fi
mount -t proc proc "$rootfs/proc"
# No service starts while installing; an image's command (or a host's playbooks) starts them.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
say "apt-get install ${#packages[@]} packages (log: $log)"
in_root apt-get install -y -q --no-install-recommends "${packages[@]}" >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
for unit in "${disable[@]}"; do in_root systemctl disable "$unit" >>"$log" 2>&1 || true; done
for unit in "${mask[@]}"; do in_root systemctl mask "$unit" >>"$log" 2>&1 || true; done
# Every installed package, not only those asked for: a metapackage's version (postgresql
# 15+248) does not name what runs (postgresql-15 15.x).
in_root dpkg-query -W -f '${Package} ${Version}\n' >"$tmp/versions"
rm -f "$rootfs/usr/sbin/policy-rc.d" "$rootfs/etc/resolv.conf"
in_root apt-get clean >>"$log" 2>&1
umount "$rootfs/proc"
say "packing $out"
tar -C "$rootfs" --numeric-owner -c . | gzip -1 >"$tmp/image.tar.gz"
mv "$tmp/versions" "$cache/$name-$key.versions"
mv "$tmp/image.tar.gz" "$out"
say "built in $((SECONDS - start)) s"
import_image

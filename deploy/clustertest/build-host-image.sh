#!/usr/bin/env bash
# Builds the deployment test's host image as a root file system tarball, from the Debian archive:
#   build-host-image.sh PACKAGES_FILE CACHE_DIR   prints the tarball's path (CACHE_DIR/host-<hash>.tar.gz)
# deploy/images/debian-image.sh does the work (debootstrap once, then the packages, cached by a
# hash of the list); this names what a host needs on top: its services installed, not running,
# and nothing a container cannot do. `docker import` turns it into the image (cluster_test.go).
set -euo pipefail
packages_file=$1 cache=$2
here=$(dirname "${BASH_SOURCE[0]}")
args=()
# Installed, not running: each host runs only what its playbooks start (and enable).
for unit in docker.service docker.socket containerd.service docker-registry.service nginx.service \
  prometheus.service postgresql.service; do
  args+=(--disable "$unit")
done
# Nothing a container cannot do, nothing that waits for a console.
for unit in getty@tty1.service systemd-udevd.service systemd-udev-trigger.service \
  systemd-remount-fs.service console-getty.service; do
  args+=(--mask "$unit")
done
exec "$here/../images/debian-image.sh" --cache "$cache" --packages-file "$packages_file" "${args[@]}" host

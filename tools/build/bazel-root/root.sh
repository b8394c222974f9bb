#!/usr/bin/env bash
# The cached Bazel root: a Debian sid file system (debootstrap) holding Bazel 7 and the Bazel
# modules Debian packages, used where no Bazel >= 7 and no Bazel registry can be reached.
#
#   root.sh run VERSION ARGS...  ensure the root, mount the workspace into it, run bazel ARGS there
#   root.sh ensure VERSION       only create / update the root (idempotent)
#   root.sh unmount              shut Bazel servers down and remove every mount this script made
#   root.sh remove               unmount, then delete the roots and the Bazel caches in them
#   root.sh where                print the root folder
#
# Never delete the cache folder with a plain `rm -rf` while mounts are in place: it would descend
# into the bind-mounted workspaces. `root.sh remove` unmounts first.
#
# The root is shared by every clone on the machine ($BAZEL_ROOT_CACHE, default
# ~/.cache/kratos-monorepo). Mounts stay in place between commands so the Bazel server stays warm;
# mounts whose source was deleted (a removed clone) are cleaned up on every run.
set -euo pipefail
# debootstrap, chroot, mount and dockerd live in sbin folders, which a PATH set by a non-login
# shell or by Bazel's strict action environment (/bin:/usr/bin:/usr/local/bin) leaves out: without
# them the tools look missing, and apt-get is run to install what is there already (which fails
# while another apt-get holds dpkg's lock: a flaky //tools/build/bazel-root:bazel-root_test).
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ws=$(cd "$here/../../.." && pwd -P)
cache=${BAZEL_ROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratos-monorepo}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
min_free_gib=${BAZEL_ROOT_MIN_FREE_GIB:-4}

say() { printf '[bazel-root] %s\n' "$*" >&2; }
die() { printf 'tools/bazel: %s\n' "$*" >&2; exit 1; }

sudo_cmd=()
need_root_rights() {
  if [ "$(id -u)" -eq 0 ]; then return; fi
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo_cmd=(sudo -n); return; fi
  die "the Bazel root needs root rights (debootstrap, mount, chroot).
  Run as root, allow passwordless sudo, or install Bazel >= 7 (or bazelisk with network access)."
}
as_root() { "${sudo_cmd[@]}" "$@"; }

check_disk() {
  local dir=$1 free_kib
  free_kib=$(df -Pk "$dir" | awk 'NR==2{print $4}')
  if [ "${free_kib:-0}" -lt $((min_free_gib * 1024 * 1024)) ]; then
    die "not enough disk space in $dir: $((free_kib / 1024)) MiB free, the Bazel root needs ${min_free_gib} GiB.
  Free some space or point BAZEL_ROOT_CACHE at a larger disk."
  fi
}

check_archive() {
  if ! curl -fsS -o /dev/null --max-time 20 "$mirror/dists/sid/InRelease" 2>/tmp/bazel-root-curl.$$; then
    local why; why=$(cat /tmp/bazel-root-curl.$$); rm -f /tmp/bazel-root-curl.$$
    die "the Debian archive $mirror is unreachable ($why).
  The first run installs Bazel from Debian sid; set DEBIAN_MIRROR to a reachable mirror."
  fi
  rm -f /tmp/bazel-root-curl.$$
}

# Installs what the bootstrap runs on the host (debootstrap, curl) when it is missing.
ensure_host_tools() {
  local missing=() tool
  for tool in debootstrap curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} on the host (apt-get)"
  as_root apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q "${missing[@]}" >/dev/null; } ||
    die "could not install ${missing[*]} with apt-get; install them and run again"
}

# The host's Docker engine (Debian's docker.io), which `bazel run //deploy:load` and the cluster
# deployment test (deploy/clustertest) drive from inside the root through /run/host: installed
# when missing and started when none answers, as an init system would (systemd's docker.service
# where systemd runs, else dockerd in the background with its log in $cache/dockerd.log). A test
# in the root cannot start it: the root is a chroot. The engine keeps running after the command,
# like any Docker engine. A failure is reported and the run goes on: only those two need it.
docker_answers() { as_root timeout 10 docker version >/dev/null 2>&1; }
ensure_docker_engine() {
  if ! command -v dockerd >/dev/null; then
    say "installing docker.io on the host (apt-get; the cluster deployment test drives it)"
    as_root apt-get install -y -q docker.io >/dev/null 2>&1 ||
      { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q docker.io >/dev/null 2>&1; } ||
      { say "could not install docker.io with apt-get: the cluster deployment test will fail"; return; }
  fi
  docker_answers && { rm -f "$cache/dockerd.failed"; return; }
  # An engine that could not start (no privileges, a broken install) is not retried for an hour,
  # so every command does not wait for it again.
  if [ -n "$(find "$cache/dockerd.failed" -mmin -60 2>/dev/null)" ]; then
    say "no Docker engine (it failed to start less than an hour ago, see $cache/dockerd.log)"
    return
  fi
  say "starting the Docker engine (dockerd, log in $cache/dockerd.log)"
  if [ -d /run/systemd/system ]; then
    as_root systemctl start docker >/dev/null 2>&1 || true
  else
    # 9>&-: the engine must not inherit the root's lock, or the next run would wait for it forever.
    as_root setsid dockerd >>"$cache/dockerd.log" 2>&1 </dev/null 9>&- &
  fi
  local i
  for i in $(seq 60); do docker_answers && return; sleep 1; done
  touch "$cache/dockerd.failed"
  say "the Docker engine did not answer within 60 s (see $cache/dockerd.log): the cluster deployment test will fail"
}

# Runs a step with its output in a log; on failure prints the log's end.
logged() {
  local log=$1; shift
  if ! "$@" >>"$log" 2>&1; then
    tail -n 25 "$log" >&2
    die "step failed: $* (full log: $log)"
  fi
}

in_root() {
  as_root chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

is_mounted() { mountpoint -q "$1"; }

bind() { # bind SRC DEST [ro]
  local src=$1 dest=$2
  is_mounted "$dest" && return
  as_root mkdir -p "$dest"
  as_root mount --bind "$src" "$dest"
  if [ "${3:-}" = ro ]; then as_root mount -o remount,bind,ro "$dest"; fi
}

mount_system() {
  is_mounted "$root/proc" || as_root mount -t proc proc "$root/proc"
  if ! is_mounted "$root/dev"; then
    as_root mount --rbind /dev "$root/dev"
    as_root mount --make-rslave "$root/dev"
  fi
}

# Unmounts everything below the root whose source folder was deleted (a removed clone).
unmount_stale() {
  local target
  awk -v r="$root/" 'index($5, r) == 1 && $4 ~ /\/\/deleted$/ {print $5}' /proc/self/mountinfo |
    sort -r | while read -r target; do
      target=$(printf '%b' "${target//\\0/\\0}")
      as_root umount -l "$target" 2>/dev/null || true
    done
}

packages() { grep -v '^\s*#' "$here/packages.txt" | grep -v '^\s*$'; }

create_root() {
  local partial="$root.partial" log="$root.log" start=$SECONDS
  check_disk "$cache"
  ensure_host_tools
  check_archive
  : >"$log"
  if [ -d "$partial" ]; then
    say "removing an unfinished root from an earlier, interrupted run"
    as_root umount -R "$partial/proc" "$partial/dev" "$partial/sys" 2>/dev/null || true
    as_root rm -rf --one-file-system "$partial"
  fi
  say "step 1/3: debootstrap Debian sid into $root (about 30 s; log: $log)"
  logged "$log" as_root debootstrap --variant=minbase sid "$partial" "$mirror"
  as_root mv "$partial" "$root"
  say "step 1/3 done in $((SECONDS - start)) s"
}

# Installs packages.txt into the root when it changed since the last run.
update_packages() {
  local stamp="$root/.packages.sha256" want_sum log="$root.log" start=$SECONDS
  want_sum=$( (packages; cat /usr/local/share/ca-certificates/*.crt 2>/dev/null) | sha256sum | cut -c1-64)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want_sum" ] && return
  check_disk "$cache"
  mount_system
  # The proxies on some networks sign with a local CA: the root (and Bazel's JVM) must trust it.
  as_root mkdir -p "$root/usr/local/share/ca-certificates"
  as_root cp /etc/resolv.conf "$root/etc/resolv.conf"
  as_root cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt" 2>/dev/null || true
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    as_root cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  fi
  # Packages with servers (postgresql, prometheus, ...) are installed for tests to start them on
  # their own: no service starts in the root, and no default database cluster is made.
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$root/usr/sbin/policy-rc.d" >/dev/null
  as_root chmod 0755 "$root/usr/sbin/policy-rc.d"
  as_root mkdir -p "$root/etc/postgresql-common"
  echo 'create_main_cluster = false' | as_root tee "$root/etc/postgresql-common/createcluster.conf" >/dev/null
  say "step 2/3: apt-get install $(packages | wc -l) packages into the root (about 60 s)"
  # The sid Release file a frozen mirror serves reads as expired; its signature is still checked.
  logged "$log" in_root apt-get -q -o Acquire::Check-Valid-Until=false update
  logged "$log" in_root dpkg --configure -a
  # shellcheck disable=SC2046
  logged "$log" in_root apt-get install -y -q --no-install-recommends $(packages)
  say "step 3/3: trusting the host's CA certificates in the root (and in Java's store)"
  logged "$log" in_root update-ca-certificates
  logged "$log" in_root apt-get clean
  echo "$want_sum" | as_root tee "$stamp" >/dev/null
  say "root ready in $((SECONDS - start)) s"
}

# Jaeger is no Debian package: tools/jaeger/install.sh builds it once with the host's Go from the
# Go module proxy (cached per version) and this puts it at /usr/local/bin/jaeger in the root, for
# the tests that read traces back (libs/testing/jaegertest). A failed build is reported and the
# run goes on: only those tests fail then.
install_jaeger() {
  local dest="$root/usr/local/bin/jaeger" stamp="$root/usr/local/bin/.jaeger.sha256" want tmp
  want=$(cat "$ws/tools/jaeger/go.mod" "$ws/tools/jaeger/go.sum" | sha256sum | cut -c1-64)
  [ -x "$dest" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return
  tmp=$(mktemp -d)
  if "$ws/tools/jaeger/install.sh" "$tmp/jaeger"; then
    as_root install -m 0755 "$tmp/jaeger" "$dest"
    echo "$want" | as_root tee "$stamp" >/dev/null
  else
    say "building Jaeger failed (tools/jaeger/install.sh): the tracing tests will fail"
  fi
  rm -rf "$tmp"
}

# Puts `bazel` on PATH (once): a shim that runs the current workspace's tools/bazel.
install_shim() {
  local dir=/usr/local/bin
  [ "$(id -u)" -eq 0 ] || dir=$HOME/.local/bin
  local target=$dir/bazel
  if [ -e "$target" ] && ! grep -qs 'kratos-monorepo: bazel shim' "$target"; then
    return # someone else's bazel: leave it
  fi
  cmp -s "$here/bazel-shim.sh" "$target" && return
  mkdir -p "$dir" && install -m 0755 "$here/bazel-shim.sh" "$target" &&
    say "installed $target: plain \`bazel ...\` now runs this launcher"
}

ensure() {
  need_root_rights
  mkdir -p "$cache" 2>/dev/null || as_root mkdir -p "$cache"
  root="$cache/bazel-$1-sid"
  # One bootstrap at a time per machine; a second caller waits, then finds the root ready.
  exec 9>"$cache/.lock"
  if ! flock -n 9; then
    say "another run is preparing the Bazel root; waiting for it"
    flock 9
  fi
  [ -d "$root" ] || create_root
  ensure_docker_engine
  update_packages
  install_jaeger
  mount_system
  unmount_stale
  install_shim
}

mount_workspace() {
  local goroot gomodcache
  goroot=$(go env GOROOT 2>/dev/null) || die "Go is not installed on the host (go env GOROOT failed)"
  gomodcache=$(go env GOMODCACHE)
  mkdir -p "$gomodcache"
  bind "$goroot" "$root$goroot" ro
  bind "$gomodcache" "$root$gomodcache"
  bind "$ws" "$root$ws"
  as_root cp /etc/resolv.conf "$root/etc/resolv.conf"
  # Bazel in the root reads this system rc: it switches the offline module overrides on.
  if ! cmp -s "$here/system.bazelrc" "$root/etc/bazel.bazelrc"; then
    as_root cp "$here/system.bazelrc" "$root/etc/bazel.bazelrc"
  fi
  go_env=(GOROOT="$goroot" GOMODCACHE="$gomodcache" PATH="$goroot/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
  # `docker login` credentials for `bazel run //deploy:push`, read-only, at the same path.
  # The caller's ssh keys and known hosts, read-only, for `bazel run //deploy/ansible:...`.
  if [ -d "$HOME/.ssh" ]; then
    bind "$(cd "$HOME/.ssh" && pwd -P)" "$root/root/.ssh" ro
  fi
  # The host's Docker engine for `bazel run //deploy:load` and the deployment test: the host's
  # /run (not its submounts), read-only, at /run/host; a socket still accepts connections there,
  # and one that dockerd creates later shows up too. A caller's own DOCKER_HOST wins.
  if [ -d /run ]; then
    bind /run "$root/run/host" ro
    go_env+=(DOCKER_HOST="${DOCKER_HOST:-unix:///run/host/docker.sock}")
  fi
  local docker_config=${DOCKER_CONFIG:-$HOME/.docker}
  if [ -d "$docker_config" ]; then
    docker_config=$(cd "$docker_config" && pwd -P)
    bind "$docker_config" "$root$docker_config" ro
    go_env+=(DOCKER_CONFIG="$docker_config")
  fi
}

# The caller's variables that `bazel run` targets and tests may read inside the root: the
# registry for //deploy:push, an existing PostgreSQL for the tests, and the services' APP_*
# configuration overrides.
passthrough_env() {
  local name
  for name in REGISTRY REGISTRY_USERNAME REGISTRY_PASSWORD PGTEST_DSN; do
    [ -n "${!name+set}" ] && printf '%s=%s\0' "$name" "${!name}"
  done
  while IFS='=' read -r -d '' name _; do
    case "$name" in APP_*) printf '%s=%s\0' "$name" "${!name}" ;; esac
  done < <(env -0)
}

run() {
  local version=$1; shift
  ensure "$version"
  mount_workspace
  flock -u 9
  local dir=$PWD
  case "$dir/" in "$ws"/*) ;; *) dir=$ws ;; esac
  local pass=(HOME=/root LANG=C.UTF-8 USER=root TERM="${TERM:-dumb}" "${go_env[@]}"
    GOPROXY="$(go env GOPROXY)" GOSUMDB="$(go env GOSUMDB)" GOFLAGS="$(go env GOFLAGS)"
    GONOSUMDB="$(go env GONOSUMDB)" GOPRIVATE="$(go env GOPRIVATE)")
  local extra
  while IFS= read -r -d '' extra; do pass+=("$extra"); done < <(passthrough_env)
  exec "${sudo_cmd[@]}" chroot "$root" /usr/bin/env -i "${pass[@]}" \
    /bin/sh -c 'cd "$1" && shift && exec /usr/bin/bazel "$@"' bazel "$dir" "$@"
}

unmount_all() {
  need_root_rights
  local r target
  for r in "$cache"/bazel-*-sid; do
    [ -d "$r" ] || continue
    root=$r
    if [ -x "$r/usr/bin/bazel" ] && is_mounted "$r/proc"; then
      for ob in "$r"/root/.cache/bazel/_bazel_root/*/; do
        [ -S "$ob/server/server.socket" ] || [ -f "$ob/server/server.pid.txt" ] || continue
        as_root kill "$(cat "$ob/server/server.pid.txt" 2>/dev/null)" 2>/dev/null || true
      done
    fi
    awk -v r="$r/" 'index($5, r) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r target; do
      as_root umount -l "$target" 2>/dev/null || true
    done
    say "unmounted $r"
  done
}

remove_all() {
  unmount_all
  local r
  for r in "$cache"/bazel-*-sid; do
    [ -d "$r" ] || continue
    if awk -v r="$r/" 'index($5, r) == 1 {found=1} END {exit !found}' /proc/self/mountinfo; then
      die "$r still has mounts; not deleting it"
    fi
    as_root rm -rf --one-file-system "$r" "$r.log"
    say "deleted $r"
  done
}

case "${1:-}" in
  run) shift; [ $# -ge 1 ] || die "usage: root.sh run VERSION ARGS..."; run "$@" ;;
  ensure) ensure "${2:?usage: root.sh ensure VERSION}"; mount_workspace ;;
  unmount) unmount_all ;;
  remove) remove_all ;;
  where) echo "$cache/bazel-$(tr -d '[:space:]' <"$ws/.bazelversion")-sid" ;;
  *) die "usage: root.sh run|ensure|unmount|remove|where" ;;
esac

#!/usr/bin/env bash
# Builds Jaeger (the all-in-one program: collector, memory storage, query API and UI) from the
# Go module proxy at the version go.mod beside this script pins, and installs it as DEST
# (/usr/local/bin/jaeger by default). The tests that read traces back start it
# (libs/testing/jaegertest), and deploy/ansible's jaeger role ships the same binary.
#
#   tools/jaeger/install.sh [DEST]
#
# Jaeger is its own Go module here, apart from the project's go.mod: its hundreds of modules
# stay out of the services' build graph. The build takes minutes on a cold Go cache, so the
# binary is kept in a cache folder per go.mod/go.sum digest and only copied on later runs; the
# Bazel launcher (tools/build/bazel-root/root.sh) runs this for its root, CI before its tests.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
dest=${1:-/usr/local/bin/jaeger}
cache=${JAEGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kratos-monorepo/jaeger}
digest=$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)
version=$(awk '$1 == "github.com/jaegertracing/jaeger" {print $2}' "$here/go.mod")
built="$cache/jaeger-$version-$digest"

if [ ! -x "$built" ]; then
  command -v go >/dev/null || { echo "tools/jaeger: Go is needed to build Jaeger" >&2; exit 1; }
  mkdir -p "$cache"
  echo "tools/jaeger: building Jaeger $version from the Go module proxy (a few minutes, once)" >&2
  start=$SECONDS
  (cd "$here" && CGO_ENABLED=0 go build -trimpath -o "$built.partial" github.com/jaegertracing/jaeger/cmd/jaeger)
  mv "$built.partial" "$built"
  echo "tools/jaeger: built in $((SECONDS - start)) s: $built" >&2
fi
if ! cmp -s "$built" "$dest" 2>/dev/null; then
  mkdir -p "$(dirname "$dest")"
  install -m 0755 "$built" "$dest.partial"
  mv "$dest.partial" "$dest"
fi

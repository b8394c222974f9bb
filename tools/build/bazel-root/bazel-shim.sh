#!/bin/sh
# kratos-monorepo: bazel shim. Installed on PATH by tools/build/bazel-root/root.sh; it hands over to the
# launcher of the workspace the command runs in, so plain `bazel ...` works like ./tools/bazel.
dir=$(pwd -P)
while :; do
  if [ -x "$dir/tools/bazel" ] && { [ -f "$dir/MODULE.bazel" ] || [ -f "$dir/WORKSPACE" ]; }; then
    exec "$dir/tools/bazel" "$@"
  fi
  [ "$dir" = / ] && break
  dir=$(dirname "$dir")
done
echo "bazel: not inside a workspace that has tools/bazel (this bazel is kratos-monorepo's shim)" >&2
exit 2

#!/usr/bin/env bash
# The scaffold under Bazel, end to end, in a throwaway copy of this repository (.ci/run runs it
# after the full test): `bazel run //tools/scaffold -- new citest` (proto code, BUILD files via
# gazelle, the wiring), then the new service's tests, its proto and BUILD checks and its image
# test; then `remove citest` must give back the wiring files as they were. The copy gets a Bazel
# output base of its own (one per workspace path): its actions come from the shared disk cache,
# and the output base is shut down and deleted at the end, with the copy.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
copy=$(mktemp -d "${TMPDIR:-/tmp}/scaffold-ci.XXXXXX")

cleanup() {
  local base root
  base=$(cd "$copy" && ./tools/bazel info output_base 2>/dev/null) || base=""
  (cd "$copy" && ./tools/bazel shutdown >/dev/null 2>&1) || true
  if [ -n "$base" ]; then
    root=$("$copy/tools/build/bazel-root/root.sh" where 2>/dev/null) || root=""
    # In the Bazel root the output base's path is inside the root's folder.
    if [ -n "$root" ] && [ -d "$root$base" ]; then rm -rf "$root$base"; else rm -rf "$base"; fi
  fi
  rm -rf "$copy"
}
trap cleanup EXIT

# The working tree as it is (tracked and new files, not ignored ones).
git -C "$src" ls-files -z --cached --others --exclude-standard |
  tar -C "$src" --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$copy" -xf -
cd "$copy"
start=$SECONDS
./tools/bazel run //tools/scaffold -- new citest
./tools/bazel test //services/citest/... //proto/citest/v1:all //:gazelle_test //deploy:citest_image_test
echo "tools/scaffold/ci.sh: from \`new citest\` to green tests in $((SECONDS - start)) s"

./tools/bazel run //tools/scaffold -- remove citest
for f in deploy/images.bzl deploy/ansible/group_vars/all.yml deploy/prometheus/targets/services/example.json.example \
  tools/local/run.go tools/local/system/BUILD.bazel; do
  cmp -s "$src/$f" "$f" || { echo "tools/scaffold/ci.sh: remove citest left $f changed" >&2; diff "$src/$f" "$f" >&2; exit 1; }
done
[ ! -e services/citest ] && [ ! -e proto/citest ] || { echo "tools/scaffold/ci.sh: remove citest left its folders" >&2; exit 1; }
echo "tools/scaffold/ci.sh: passed in $((SECONDS - start)) s"

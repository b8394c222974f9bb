#!/usr/bin/env bash
# Bazel workspace status (see .bazelrc): the keys oci_image labels and oci_push tags use.
# Only STABLE_ keys: an image changes when the revision changes, not on every build.
set -euo pipefail
if rev=$(git rev-parse HEAD 2>/dev/null); then
  echo "STABLE_GIT_COMMIT $rev"
  # A release is a tag v1.2.3 (version 1.2.3); after it, 1.2.3-<n>-g<commit>; before any
  # release tag, 0.0.0-<commit>.
  if version=$(git describe --tags --match 'v[0-9]*' 2>/dev/null); then
    echo "STABLE_VERSION ${version#v}"
  else
    echo "STABLE_VERSION 0.0.0-${rev:0:12}"
  fi
else
  # Not a git checkout (a source archive): still build, visibly unversioned.
  echo "STABLE_GIT_COMMIT unknown"
  echo "STABLE_VERSION 0.0.0-unknown"
fi

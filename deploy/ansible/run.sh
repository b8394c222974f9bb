#!/usr/bin/env bash
# `bazel run //deploy/ansible:<playbook> -- <ansible-playbook arguments>`: runs ansible-playbook on
# this folder's <playbook>.yml with its ansible.cfg, from the folder you ran bazel in (so
# `-i inventory.ini` and `--private-key` paths are relative to it). Without -i, Ansible uses
# deploy/ansible/inventory.ini (ansible.cfg).
set -euo pipefail

playbook="$1"
shift

# The workspace's own files under `bazel run`, so inventory.ini next to the playbooks is found;
# the runfiles otherwise.
if [[ -n "${BUILD_WORKSPACE_DIRECTORY:-}" ]]; then
  dir="$BUILD_WORKSPACE_DIRECTORY/deploy/ansible"
else
  dir="${RUNFILES_DIR:-$0.runfiles}/_main/deploy/ansible"
fi

if ! command -v ansible-playbook >/dev/null; then
  echo "ansible-playbook not found: apt-get install ansible-core (the Bazel root installs it from tools/build/bazel-root/packages.txt)" >&2
  exit 1
fi

cd "${BUILD_WORKING_DIRECTORY:-.}"
export ANSIBLE_CONFIG="$dir/ansible.cfg"
exec ansible-playbook "$dir/$playbook.yml" "$@"

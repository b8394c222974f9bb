"""OCI image rules for static Go binaries, without rules_oci and without a base image.

The names and attributes follow rules_oci where they overlap, so the targets read familiar:

    oci_image(name, binary, entrypoint, cmd, env, labels, exposed_ports, user, workdir, ...)
    oci_load(name, image, repo_tags)           # `docker load` tarball; `bazel run` prints its path
    oci_push(name, image, repository, remote_tags)
    oci_push_group(name, pushes)               # one `bazel run` target pushing several images
    oci_image_test(name, image, max_bytes, exposed_ports, run_args, serve_env, serve_health_url)

Everything runs //tools/build/oci/cmd/ocitool (go-containerregistry). Images are reproducible: the
layers have fixed times and owners, the config has no creation time, and the CA roots come
from a pinned Go module. Values in `labels`, `repo_tags` and `remote_tags` may name workspace
status keys as {STABLE_GIT_COMMIT} or {STABLE_VERSION} (rules_go's x_defs syntax); they are
read from Bazel's stable status (tools/build/oci/workspace_status.sh, wired in .bazelrc), so an image
changes only when its inputs or the revision change.
"""

OciImageInfo = provider(
    doc = "An image built by oci_image.",
    fields = {
        "layout": "directory: the OCI image layout",
        "digest": "file: the manifest digest, sha256:...",
    },
)

OciPushInfo = provider(
    doc = "What oci_push sends where; oci_push_group combines several.",
    fields = {
        "layout": "directory: the OCI image layout",
        "repository": "string: repository, with or without a registry host",
        "tags": "file: the expanded remote tags, one per line",
    },
)

_OCITOOL = Label("//tools/build/oci/cmd/ocitool")

# The image holds no libc: force pure Go (CGO off, static) whatever the binary target says.
# Strip always (rules_go links with -s -w): DWARF and the symbol table are half of a Go
# binary and a container never uses them (panics still print file:line from pclntab).
# Stamp always: the binary's x_defs ({STABLE_VERSION}) then agree with the image's labels and
# tags, which are stamped from the same workspace status; only STABLE_ keys, so an unchanged
# revision still gives the same digest.
def _image_binary_impl(_settings, _attr):
    return {
        "@io_bazel_rules_go//go/config:pure": True,
        "//command_line_option:strip": "always",
        "//command_line_option:stamp": True,
    }

_image_binary = transition(
    implementation = _image_binary_impl,
    inputs = [],
    outputs = [
        "@io_bazel_rules_go//go/config:pure",
        "//command_line_option:strip",
        "//command_line_option:stamp",
    ],
)

def _oci_image_impl(ctx):
    layout = ctx.actions.declare_directory(ctx.label.name)
    digest = ctx.actions.declare_file(ctx.label.name + ".digest")
    binary = ctx.executable.binary
    args = ctx.actions.args()
    args.add("build")
    args.add("--binary", binary)
    args.add("--binary-name", ctx.attr.binary_name or binary.basename)
    args.add("--cacerts", ctx.file.cacerts)
    args.add("--user", ctx.attr.user)
    args.add("--os", ctx.attr.os)
    args.add("--arch", ctx.attr.architecture)
    if ctx.attr.workdir:
        args.add("--workdir", ctx.attr.workdir)
    args.add_all(ctx.attr.entrypoint, before_each = "--entrypoint")
    args.add_all(ctx.attr.cmd, before_each = "--cmd")
    args.add_all(["%s=%s" % kv for kv in sorted(ctx.attr.env.items())], before_each = "--env")
    args.add_all(["%s=%s" % kv for kv in sorted(ctx.attr.labels.items())], before_each = "--label")
    args.add_all(ctx.attr.exposed_ports, before_each = "--port")
    args.add("--stamp-file", ctx.info_file)
    args.add("--out", layout.path)
    args.add("--digest-out", digest)
    ctx.actions.run(
        executable = ctx.executable._ocitool,
        arguments = [args],
        inputs = [binary, ctx.file.cacerts, ctx.info_file],
        outputs = [layout, digest],
        mnemonic = "OciImage",
        progress_message = "Building OCI image %{label}",
    )
    return [
        DefaultInfo(files = depset([layout])),
        OutputGroupInfo(digest = depset([digest])),
        OciImageInfo(layout = layout, digest = digest),
    ]

oci_image = rule(
    implementation = _oci_image_impl,
    doc = "An OCI image layout holding `binary` at /app/<binary_name>, a passwd with a non-root user, CA roots and /data/conf.",
    attrs = {
        "binary": attr.label(mandatory = True, executable = True, cfg = _image_binary, doc = "A Go binary; built pure (static) and stripped for the image."),
        "binary_name": attr.string(doc = "File name under /app; default: the binary's file name."),
        "entrypoint": attr.string_list(doc = "Default: /app/<binary_name> -conf /data/conf."),
        "cmd": attr.string_list(),
        "env": attr.string_dict(),
        "labels": attr.string_dict(doc = "Config labels; values may hold {STABLE_...} workspace status keys."),
        "exposed_ports": attr.string_list(doc = "Such as 8000/tcp."),
        "user": attr.string(default = "65532", doc = "Numeric uid[:gid]; 65532 is named nonroot in the image's /etc/passwd."),
        "workdir": attr.string(),
        "os": attr.string(default = "linux"),
        "architecture": attr.string(default = "amd64"),
        "cacerts": attr.label(default = Label("//tools/build/oci:cacerts"), allow_single_file = True, doc = "PEM bundle for /etc/ssl/certs/ca-certificates.crt."),
        "_ocitool": attr.label(default = _OCITOOL, executable = True, cfg = "exec"),
        "_allowlist_function_transition": attr.label(default = "@bazel_tools//tools/allowlists/function_transition_allowlist"),
    },
)

# A launcher runs ocitool from the runfiles tree wherever it is started from: `bazel run`,
# bazel-bin/..., or as data of a test.
_LAUNCHER = """#!/usr/bin/env bash
# Generated by {rule} ({label}).
set -euo pipefail
for dir in "${{RUNFILES_DIR:-}}" "${{TEST_SRCDIR:-}}" "$0.runfiles"; do
  if [[ -n "$dir" && -d "$dir/{ws}" ]]; then cd "$dir/{ws}"; break; fi
done
{body}
"""

def _launcher(ctx, rule, body):
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, _LAUNCHER.format(rule = rule, label = str(ctx.label), ws = ctx.workspace_name, body = body), is_executable = True)
    return script

def _oci_load_impl(ctx):
    image = ctx.attr.image[OciImageInfo]
    tarball = ctx.actions.declare_file(ctx.label.name + "/tarball.tar")
    args = ctx.actions.args()
    args.add("tarball")
    args.add("--layout", image.layout.path)
    args.add_all(ctx.attr.repo_tags, before_each = "--repo-tag")
    args.add("--stamp-file", ctx.info_file)
    args.add("--out", tarball)
    ctx.actions.run(
        executable = ctx.executable._ocitool,
        arguments = [args],
        inputs = [image.layout, ctx.info_file],
        outputs = [tarball],
        mnemonic = "OciTarball",
        progress_message = "Writing docker load tarball %{label}",
    )
    script = _launcher(ctx, "oci_load", """tarball="$(realpath '{path}')"
echo "docker load tarball: $tarball"
echo "  (from the workspace: bazel-bin/{path})"
case "${{1:-}}" in
  --out)
    out="${{2:?--out needs a file name}}"
    # Relative to where `bazel run` was started, like any command-line path.
    [[ "$out" = /* ]] || out="${{BUILD_WORKING_DIRECTORY:-$PWD}}/$out"
    cp "$tarball" "$out" && chmod 0644 "$out" && echo "copied to $out" ;;
  --load) exec docker load --input "$tarball" ;;
  "") echo "load it with: docker load --input $tarball  (or run this target with --load, or --out FILE)" ;;
  *) echo "usage: [--load | --out FILE]" >&2; exit 2 ;;
esac""".format(path = tarball.short_path))
    return [
        DefaultInfo(
            files = depset([tarball]),
            executable = script,
            runfiles = ctx.runfiles(files = [tarball]),
        ),
        OciLoadInfo(tarball = tarball),
    ]

OciLoadInfo = provider(
    doc = "A docker load tarball (oci_load).",
    fields = {"tarball": "file: the tarball, tags included"},
)

oci_load = rule(
    implementation = _oci_load_impl,
    doc = "A `docker load` tarball of `image` tagged `repo_tags`; `bazel run` prints its path (--load pipes it to docker, --out FILE copies it).",
    executable = True,
    attrs = {
        "image": attr.label(mandatory = True, providers = [OciImageInfo]),
        "repo_tags": attr.string_list(mandatory = True, doc = "repository:tag; may hold {STABLE_...} keys."),
        "_ocitool": attr.label(default = _OCITOOL, executable = True, cfg = "exec"),
    },
)

def _oci_load_group_impl(ctx):
    tarballs = [target[OciLoadInfo].tarball for target in ctx.attr.loads]
    script = _launcher(ctx, "oci_load_group", """command -v docker >/dev/null || {{ echo "oci_load_group: no docker client on PATH (Debian: apt-get install docker.io)" >&2; exit 1; }}
for tarball in {tarballs}; do
  docker load --input "$tarball" || {{ echo "oci_load_group: docker load failed for $tarball (is dockerd running and its socket reachable? docker info)" >&2; exit 1; }}
done""".format(tarballs = " ".join(["'%s'" % t.short_path for t in tarballs])))
    return [DefaultInfo(
        files = depset(tarballs),
        executable = script,
        runfiles = ctx.runfiles(files = tarballs),
    )]

oci_load_group = rule(
    implementation = _oci_load_group_impl,
    doc = "`bazel run` loads every oci_load in `loads` into the local Docker engine (`docker load`), in order.",
    executable = True,
    attrs = {
        "loads": attr.label_list(mandatory = True, providers = [OciLoadInfo]),
    },
)

def _push_launcher(ctx, rule, pushes):
    config = ctx.actions.declare_file(ctx.label.name + ".push.json")
    ctx.actions.write(config, json.encode({"images": [
        {"layout": p.layout.short_path, "repository": p.repository, "tags_file": p.tags.short_path}
        for p in pushes
    ]}))
    tool = ctx.executable._ocitool_run
    script = _launcher(ctx, rule, 'exec "./{tool}" push --config "{config}" "$@"'.format(tool = tool.short_path, config = config.short_path))
    files = [config, tool] + [p.layout for p in pushes] + [p.tags for p in pushes]
    runfiles = ctx.runfiles(files = files).merge(ctx.attr._ocitool_run[DefaultInfo].default_runfiles)
    return DefaultInfo(executable = script, runfiles = runfiles, files = depset([script]))

def _oci_push_impl(ctx):
    image = ctx.attr.image[OciImageInfo]
    tags = ctx.actions.declare_file(ctx.label.name + ".tags.txt")
    args = ctx.actions.args()
    args.add("expand")
    args.add_all(ctx.attr.remote_tags, before_each = "--value")
    args.add("--stamp-file", ctx.info_file)
    args.add("--out", tags)
    ctx.actions.run(
        executable = ctx.executable._ocitool,
        arguments = [args],
        inputs = [ctx.info_file],
        outputs = [tags],
        mnemonic = "OciTags",
        progress_message = "Stamping push tags %{label}",
    )
    info = OciPushInfo(layout = image.layout, repository = ctx.attr.repository, tags = tags)
    return [_push_launcher(ctx, "oci_push", [info]), info]

_PUSH_TOOLS = {
    "_ocitool": attr.label(default = _OCITOOL, executable = True, cfg = "exec"),
    "_ocitool_run": attr.label(default = _OCITOOL, executable = True, cfg = "target"),
}

oci_push = rule(
    implementation = _oci_push_impl,
    doc = """`bazel run` pushes `image` to `repository` with every tag in `remote_tags`, printing <repository>@<digest>.

Run-time flags: --registry=host[:port] (default $REGISTRY, else localhost:5000; replaces the
registry in `repository`), --insecure (plain HTTP beyond loopback and private networks).
Credentials: --username with --password-stdin, else $REGISTRY_USERNAME/$REGISTRY_PASSWORD, else
the docker config file (--docker-config DIR, $DOCKER_CONFIG/config.json or ~/.docker/config.json,
as `docker login` writes it).
Blobs and tags the registry already has are not sent again.""",
    executable = True,
    attrs = dict({
        "image": attr.label(mandatory = True, providers = [OciImageInfo]),
        "repository": attr.string(mandatory = True, doc = "e.g. kratos-monorepo/user, or host:port/kratos-monorepo/user."),
        "remote_tags": attr.string_list(doc = "Tags; may hold {STABLE_...} keys. None: push by digest only."),
    }, **_PUSH_TOOLS),
)

def _oci_push_group_impl(ctx):
    return [_push_launcher(ctx, "oci_push_group", [p[OciPushInfo] for p in ctx.attr.pushes])]

oci_push_group = rule(
    implementation = _oci_push_group_impl,
    doc = "`bazel run` pushes every oci_push in `pushes`, in order, with the same flags and credentials.",
    executable = True,
    attrs = dict({
        "pushes": attr.label_list(mandatory = True, providers = [OciPushInfo]),
    }, **_PUSH_TOOLS),
)

def _oci_image_test_impl(ctx):
    image = ctx.attr.image[OciImageInfo]
    tool = ctx.executable._ocitool_run
    args = [
        "check",
        "--layout",
        image.layout.short_path,
        "--max-bytes",
        str(ctx.attr.max_bytes),
        "--max-uncompressed-bytes",
        str(ctx.attr.max_uncompressed_bytes),
    ]
    for port in ctx.attr.exposed_ports:
        args += ["--port", port]
    for arg in ctx.attr.run_args:
        args += ["--run-arg", arg]
    for key, value in sorted(ctx.attr.serve_env.items()):
        args += ["--serve-env", "%s=%s" % (key, value)]
    if ctx.attr.serve_health_url:
        args += ["--serve-health-url", ctx.attr.serve_health_url]
    if ctx.attr.serve_log_service:
        args += ["--serve-log-service", ctx.attr.serve_log_service]
    if ctx.attr.run_output_label:
        args += ["--run-output-label", ctx.attr.run_output_label]
    script = _launcher(ctx, "oci_image_test", 'exec "./{tool}" {args}'.format(
        tool = tool.short_path,
        args = " ".join(['"%s"' % a for a in args]),
    ))
    runfiles = ctx.runfiles(files = [image.layout, tool]).merge(ctx.attr._ocitool_run[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = script, runfiles = runfiles)]

oci_image_test = rule(
    implementation = _oci_image_test_impl,
    doc = """Fails unless `image` is a sound service image: at most `max_bytes` (config plus compressed layers; `max_uncompressed_bytes` unpacked), a non-root user with a passwd entry, an executable static entrypoint, CA roots, `exposed_ports` exposed.

With `run_args` and `serve_health_url` it also runs the image without an engine (chrooted
into its unpacked file system as its user; needs root, as tests have here).""",
    test = True,
    attrs = {
        "image": attr.label(mandatory = True, providers = [OciImageInfo]),
        "max_bytes": attr.int(default = 20 * 1024 * 1024, doc = "Limit for config plus compressed layers, what a registry stores."),
        "max_uncompressed_bytes": attr.int(default = 0, doc = "Limit for the unpacked layers (what `docker images` shows); 0: none."),
        "exposed_ports": attr.string_list(),
        "run_args": attr.string_list(doc = "Run the entrypoint with these args from the image's own file system (chroot, image user); it must exit 0. E.g. [\"-version\"]."),
        "serve_env": attr.string_dict(doc = "Environment for the serve run; {port1}..{port9} become free loopback ports."),
        "serve_health_url": attr.string(doc = "Start the entrypoint and require 200 here, e.g. http://127.0.0.1:{port1}/healthz."),
        "serve_log_service": attr.string(doc = "The serve run's stderr must be libs/log lines at info, each naming this service (service.name)."),
        "run_output_label": attr.string(doc = "The run_args run's output must hold this config label's value as a word (e.g. org.opencontainers.image.version: -version and the label agree)."),
        "_ocitool_run": attr.label(default = _OCITOOL, executable = True, cfg = "target"),
    },
)

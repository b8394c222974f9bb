"""Generates code from .proto files without protoc, and keeps the committed copy honest.

proto_generate(name, srcs) in a proto package folder (e.g. proto/user/v1) creates:
  :<name>         the generated files (a folder) and <name>.binpb, a descriptor set with imports
  :update         `bazel run` copies the generated files into the source folder
  :<name>_test    fails when the committed files differ from what :<name> generates
The compiler is //tools/build/proto/cmd/protogen (bufbuild/protocompile), built by Bazel like the
plugins, which come from go.mod's `tool` block; the OpenAPI one is gnostic's generator finished
by //tools/build/proto/openapi (kratos errors, bearer security, summaries).
"""

DEFAULT_PLUGINS = {
    "@org_golang_google_protobuf//cmd/protoc-gen-go": "paths=source_relative",
    "@org_golang_google_grpc_cmd_protoc_gen_go_grpc//:protoc-gen-go-grpc": "paths=source_relative",
    "@com_github_go_kratos_kratos_cmd_protoc_gen_go_http_v2//:v2": "paths=source_relative,omitempty=false",
    "//tools/build/proto/cmd/protoc-gen-openapi-kratos": "naming=proto,fq_schema_naming=true,enum_type=string",
}

GENERATED_PATTERNS = ["*.pb.go", "openapi.yaml"]

def _import_name(src, import_root):
    prefix = import_root + "/"
    if not src.short_path.startswith(prefix):
        fail("%s is not under the import root %s" % (src.short_path, import_root))
    return src.short_path[len(prefix):]

def _proto_generate_impl(ctx):
    out = ctx.actions.declare_directory(ctx.label.name)
    descriptor_set = ctx.actions.declare_file(ctx.label.name + ".binpb")
    args = ctx.actions.args()
    args.add("-I", ctx.attr.import_root)
    args.add("-out", out.path)
    args.add("-descriptor_set_out", descriptor_set)
    plugins = []
    for plugin, parameter in ctx.attr.plugins.items():
        executable = plugin[DefaultInfo].files_to_run.executable
        plugins.append(plugin[DefaultInfo].files_to_run)
        args.add("-plugin", "%s=%s" % (executable.path, parameter))
    args.add_all([_import_name(s, ctx.attr.import_root) for s in ctx.files.srcs + ctx.files.deps])
    ctx.actions.run(
        executable = ctx.executable._protogen,
        arguments = [args],
        inputs = ctx.files.srcs + ctx.files.deps,
        tools = plugins,
        outputs = [out, descriptor_set],
        mnemonic = "ProtoGenerate",
        progress_message = "Generating code from %{label}",
    )
    return [DefaultInfo(files = depset([out, descriptor_set]))]

proto_generate_rule = rule(
    implementation = _proto_generate_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = [".proto"], mandatory = True),
        "deps": attr.label_list(allow_files = [".proto"], doc = "other .proto files imported"),
        "import_root": attr.string(default = "proto"),
        "plugins": attr.label_keyed_string_dict(cfg = "exec", default = DEFAULT_PLUGINS),
        "_protogen": attr.label(default = "//tools/build/proto/cmd/protogen", cfg = "exec", executable = True),
    },
)

def _sync_impl(ctx):
    tree = ctx.attr.generated[DefaultInfo].files.to_list()[0]
    package = ctx.label.package
    relative = package[len(ctx.attr.import_root) + 1:]
    flags = " ".join(["-pattern '%s'" % p for p in GENERATED_PATTERNS])
    update = "bazel run //%s:update" % package
    if ctx.attr.check:
        source, mode = package, "-check"
    else:
        source, mode = '"$BUILD_WORKSPACE_DIRECTORY/%s"' % package, ""
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(script, is_executable = True, content = """#!/bin/sh
exec {gensync} -generated {tree}/{relative} -source {source} {flags} {mode} -update_command '{update}'
""".format(
        gensync = ctx.executable._gensync.short_path,
        tree = tree.short_path,
        relative = relative,
        source = source,
        flags = flags,
        mode = mode,
        update = update,
    ))
    runfiles = ctx.runfiles(files = [tree] + ctx.files.committed)
    runfiles = runfiles.merge(ctx.attr._gensync[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = script, runfiles = runfiles)]

_SYNC_ATTRS = {
    "generated": attr.label(mandatory = True),
    "committed": attr.label_list(allow_files = True),
    "import_root": attr.string(default = "proto"),
    "_gensync": attr.label(default = "//tools/build/proto/cmd/gensync", cfg = "target", executable = True),
}

_sync_binary = rule(
    implementation = _sync_impl,
    attrs = dict(_SYNC_ATTRS, check = attr.bool(default = False)),
    executable = True,
)

_sync_test = rule(
    implementation = _sync_impl,
    attrs = dict(_SYNC_ATTRS, check = attr.bool(default = True)),
    test = True,
)

def proto_generate(name, srcs, deps = [], import_root = "proto", plugins = None, **kwargs):
    """Generates code from srcs; see the file's docstring for the targets it creates."""
    rule_kwargs = {"plugins": plugins} if plugins else {}
    proto_generate_rule(name = name, srcs = srcs, deps = deps, import_root = import_root, **dict(kwargs, **rule_kwargs))
    committed = native.glob(GENERATED_PATTERNS, allow_empty = True)
    _sync_binary(name = "update", generated = name, import_root = import_root)
    _sync_test(name = name + "_test", generated = name, committed = committed, import_root = import_root, size = "small")

"""Python messages and gRPC stubs from proto_library targets.

    py_grpc_library(name = "trainer_py", protos = [":trainer_proto"])

makes a py_library whose modules follow each proto's import path, as protoc names them:
trainer/v1/trainer.proto gives `from trainer.v1 import trainer_pb2, trainer_pb2_grpc`. Only the
protos' own files are generated; what they import (google.api, google.protobuf) is the Python
runtime's, from @system_python (see tools/build/python/extensions.bzl).

protoc reads the proto_library targets' descriptor sets (ProtoInfo), so the import paths are
whatever the proto_library declares, with no -I flags to keep in step with it.
"""

load("@rules_proto//proto:defs.bzl", "ProtoInfo")
load("@rules_python//python:defs.bzl", "py_library")

def _import_path(src, info):
    root = info.proto_source_root
    if root in ("", "."):
        return src.short_path
    if src.path.startswith(root + "/"):
        return src.path[len(root) + 1:]
    fail("%s is not under its proto_source_root %s" % (src.path, root))

def _py_grpc_generate_impl(ctx):
    files = []
    outputs = []
    for proto in ctx.attr.protos:
        info = proto[ProtoInfo]
        for src in info.direct_sources:
            path = _import_path(src, info)
            base = ctx.label.name + "/" + path[:-len(".proto")]
            files.append(path)
            outputs.append(ctx.actions.declare_file(base + "_pb2.py"))
            outputs.append(ctx.actions.declare_file(base + "_pb2_grpc.py"))
    descriptor_sets = depset(transitive = [p[ProtoInfo].transitive_descriptor_sets for p in ctx.attr.protos])

    # The folder protoc writes to: the first output's path without its import path.
    out_root = outputs[0].path[:-len(files[0][:-len(".proto")] + "_pb2.py") - 1]
    args = ctx.actions.args()
    args.add_joined(descriptor_sets, join_with = ":", format_joined = "--descriptor_set_in=%s")
    args.add(ctx.executable._plugin, format = "--plugin=protoc-gen-grpc_python=%s")
    args.add(out_root, format = "--python_out=%s")
    args.add(out_root, format = "--grpc_python_out=%s")
    args.add_all(files)
    ctx.actions.run(
        executable = ctx.executable._protoc,
        arguments = [args],
        inputs = descriptor_sets,
        tools = [ctx.executable._plugin],
        outputs = outputs,
        mnemonic = "PyGrpcGenerate",
        progress_message = "Generating Python messages and gRPC stubs for %{label}",
    )
    return [DefaultInfo(files = depset(outputs))]

py_grpc_generate = rule(
    implementation = _py_grpc_generate_impl,
    attrs = {
        "protos": attr.label_list(providers = [ProtoInfo], mandatory = True),
        "_protoc": attr.label(default = "@system_python//:protoc", executable = True, cfg = "exec", allow_single_file = True),
        "_plugin": attr.label(default = "@system_python//:grpc_python_plugin", executable = True, cfg = "exec", allow_single_file = True),
    },
    doc = "Generates <import path>_pb2.py and _pb2_grpc.py under a folder named like the target.",
)

def py_grpc_library(name, protos, visibility = None, **kwargs):
    """A py_library of the Python messages and gRPC stubs of `protos` (proto_library targets)."""
    py_grpc_generate(name = name + "_generated", protos = protos, visibility = ["//visibility:private"])
    py_library(
        name = name,
        srcs = [name + "_generated"],
        imports = [name + "_generated"],
        deps = [
            "@system_python//:googleapis_common_protos",
            "@system_python//:grpcio",
            "@system_python//:protobuf",
        ],
        visibility = visibility,
        **kwargs
    )

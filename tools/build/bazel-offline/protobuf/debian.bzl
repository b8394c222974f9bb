"""@debian_protobuf: Debian's protoc (protobuf-compiler) and well-known types (libprotobuf-dev).

The real protobuf module builds protoc from source and ships the .proto files; offline, the same
labels point at what the Bazel root installed from tools/build/bazel-root/packages.txt.
"""

WELL_KNOWN_TYPES = [
    "any",
    "api",
    "descriptor",
    "duration",
    "empty",
    "field_mask",
    "source_context",
    "struct",
    "timestamp",
    "type",
    "wrappers",
]

# Imports between the well-known types, as in protobuf's own BUILD files.
_DEPS = {
    "api": ["source_context", "type"],
    "type": ["any", "source_context"],
}

_INCLUDE = "/usr/include/google/protobuf"

def _debian_protobuf_impl(rctx):
    protoc = rctx.which("protoc")
    if not protoc:
        fail("protoc not found on PATH: install Debian's protobuf-compiler (tools/build/bazel-root/packages.txt)")
    rctx.symlink(protoc, "protoc")
    build = [
        'load("@rules_proto//proto:defs.bzl", "proto_library")',
        'package(default_visibility = ["//visibility:public"])',
        'exports_files(["protoc"])',
    ]
    for name in WELL_KNOWN_TYPES:
        source = rctx.path("%s/%s.proto" % (_INCLUDE, name))
        if not source.exists:
            fail("%s not found: install Debian's libprotobuf-dev (tools/build/bazel-root/packages.txt)" % source)
        rctx.symlink(source, "google/protobuf/%s.proto" % name)
        build.append('proto_library(name = "%s_proto", srcs = ["google/protobuf/%s.proto"], deps = [%s])' % (
            name,
            name,
            ", ".join(['":%s_proto"' % d for d in _DEPS.get(name, [])]),
        ))
    rctx.file("BUILD.bazel", "\n".join(build) + "\n")

_debian_protobuf = repository_rule(
    implementation = _debian_protobuf_impl,
    environ = ["PATH"],
    local = True,
)

debian_protobuf = module_extension(
    implementation = lambda ctx: _debian_protobuf(name = "debian_protobuf"),
)

"""@debian_googleapis: google/api/{annotations,http}.proto as Debian installs them.

Debian's python3-googleapis-common-protos ships the .proto files beside the Python modules made
from them (google.api.annotations_pb2, which the generated Python code imports at run time), so
the descriptors Bazel builds and the Python runtime come from one package version.
"""

_FOLDERS = ["/usr/lib/python3/dist-packages/google/api"]

def _debian_googleapis_impl(rctx):
    folder = None
    for candidate in _FOLDERS:
        if rctx.path(candidate + "/annotations.proto").exists:
            folder = candidate
    if not folder:
        fail("google/api/annotations.proto not found in %s: install Debian's " % _FOLDERS +
             "python3-googleapis-common-protos (tools/build/bazel-root/packages.txt)")
    for name in ["annotations", "http"]:
        rctx.symlink("%s/%s.proto" % (folder, name), "google/api/%s.proto" % name)
    rctx.file("BUILD.bazel", """load("@rules_proto//proto:defs.bzl", "proto_library")

package(default_visibility = ["//visibility:public"])

proto_library(
    name = "http_proto",
    srcs = ["google/api/http.proto"],
)

proto_library(
    name = "annotations_proto",
    srcs = ["google/api/annotations.proto"],
    deps = [
        ":http_proto",
        "@protobuf//:descriptor_proto",
    ],
)
""")

_debian_googleapis = repository_rule(
    implementation = _debian_googleapis_impl,
    local = True,
)

debian_googleapis = module_extension(
    implementation = lambda ctx: _debian_googleapis(name = "debian_googleapis"),
)

"""@system_python: the machine's python3 with its gRPC and protobuf packages, and the protoc and
grpc_python_plugin that match them.

Python code here runs on the interpreter that has Debian's python3-grpcio, python3-protobuf and
python3-googleapis-common-protos (installed in the Bazel root from tools/build/bazel-root/packages.txt;
on a host Bazel, install them on the host). gRPC's Python package is a C extension built for that
interpreter, so the interpreter is not downloaded, and the Python code generated from the protos
comes from the same protobuf release's protoc, so the generated code and its runtime agree.

Targets:
  :toolchain     the Python toolchain (registered in MODULE.bazel) running that interpreter
  :protoc, :grpc_python_plugin   the generators tools/build/proto/py.bzl runs
  :grpcio, :protobuf, :googleapis_common_protos   what py_library targets depend on to say they
                 import those packages (they are on the interpreter's own path)

The repository is always created, so a machine without these packages (a host Bazel on a bare
machine) still builds and tests everything else: the targets above are then incompatible, every
Python target is skipped by `bazel build //...` and `bazel test //...` (and refused when named),
and fetching the repository prints which packages to install.
"""

_PACKAGES = "protobuf-compiler protobuf-compiler-grpc python3 python3-grpcio python3-protobuf python3-googleapis-common-protos"

_CHECK = """
import grpc, google.protobuf, google.api.annotations_pb2, google.rpc.error_details_pb2
print("grpcio", grpc.__version__, "protobuf", google.protobuf.__version__)
"""

def _system_python_impl(rctx):
    python = rctx.which("python3")
    protoc = rctx.which("protoc")
    plugin = rctx.which("grpc_python_plugin")
    problems = []
    if not python:
        problems.append("python3 is not on PATH")
    else:
        result = rctx.execute([python, "-c", _CHECK])
        if result.return_code != 0:
            problems.append("%s cannot import grpc, google.protobuf, google.api and google.rpc: %s" % (
                python,
                result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "exit %d" % result.return_code,
            ))
    if not protoc:
        problems.append("protoc is not on PATH")
    if not plugin:
        problems.append("grpc_python_plugin is not on PATH")

    build = [
        'load("@rules_python//python:defs.bzl", "py_library", "py_runtime", "py_runtime_pair")',
        'package(default_visibility = ["//visibility:public"])',
        "",
        "py_runtime(",
        '    name = "runtime",',
        '    interpreter_path = "%s",' % (python or "/usr/bin/python3"),
        '    python_version = "PY3",',
        ")",
        "",
        'py_runtime_pair(name = "runtime_pair", py3_runtime = ":runtime")',
        "",
        "toolchain(",
        '    name = "toolchain",',
        '    toolchain = ":runtime_pair",',
        '    toolchain_type = "@bazel_tools//tools/python:toolchain_type",',
        ")",
        "",
    ]
    if problems:
        # buildifier: disable=print
        print("Python targets are skipped: install Debian's %s (the Bazel root has them from tools/build/bazel-root/packages.txt); %s" % (
            _PACKAGES,
            "; ".join(problems),
        ))
        for name in ["protoc", "grpc_python_plugin", "grpcio", "protobuf", "googleapis_common_protos"]:
            build.append('filegroup(name = "%s", target_compatible_with = ["@platforms//:incompatible"])' % name)
    else:
        rctx.symlink(protoc, "protoc")
        rctx.symlink(plugin, "grpc_python_plugin")
        build.append('exports_files(["protoc", "grpc_python_plugin"])')
        for name in ["grpcio", "protobuf", "googleapis_common_protos"]:
            build.append('py_library(name = "%s")' % name)
    rctx.file("BUILD.bazel", "\n".join(build) + "\n")

_system_python = repository_rule(
    implementation = _system_python_impl,
    environ = ["PATH"],
    local = True,
)

system_python = module_extension(
    implementation = lambda ctx: _system_python(name = "system_python"),
)

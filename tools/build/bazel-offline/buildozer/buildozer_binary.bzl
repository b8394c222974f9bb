"""Offline buildozer for `bazel mod tidy`: built from source with the host Go (the real module
downloads a prebuilt binary from GitHub, which cannot be reached offline)."""

# The buildtools version gazelle 0.45.0 already pulls into the Go module cache.
_BUILDOZER = "github.com/bazelbuild/buildtools/buildozer@v0.0.0-20240918101019-be1c24cc9a44"

def _buildozer_binary_repo_impl(rctx):
    go = rctx.which("go")
    if not go:
        fail("buildozer: no `go` on PATH to build it with")
    env = {"GOBIN": str(rctx.path("bin")), "CGO_ENABLED": "0", "GOFLAGS": "-mod=mod"}
    for name in ["HOME", "GOPROXY", "GOMODCACHE", "GOSUMDB", "GOCACHE"]:
        if name in rctx.os.environ:
            env[name] = rctx.os.environ[name]
    result = rctx.execute([go, "install", _BUILDOZER], environment = env, timeout = 600)
    if result.return_code:
        fail("buildozer: go install failed: " + result.stderr)

    # Bazel asks for this exact name on every platform.
    rctx.symlink("bin/buildozer", "buildozer.exe")
    rctx.file("BUILD.bazel", 'exports_files(["buildozer.exe"])\n')

_buildozer_binary_repo = repository_rule(
    implementation = _buildozer_binary_repo_impl,
    environ = ["GOPROXY", "GOMODCACHE"],
)

def _buildozer_binary_impl(_mctx):
    _buildozer_binary_repo(name = "buildozer_binary")

buildozer_binary = module_extension(implementation = _buildozer_binary_impl)

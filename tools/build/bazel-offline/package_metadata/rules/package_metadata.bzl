"""Offline stub of package_metadata's macro: gazelle's generated repositories call it."""

def package_metadata(name, **kwargs):
    # A plain target with no licenses of its own (applicable_licenses = [] avoids a self-cycle),
    # visible to the package_metadata attribute of every target in the calling repository.
    native.filegroup(
        name = name,
        srcs = [],
        applicable_licenses = [],
        visibility = ["//visibility:public"],
    )

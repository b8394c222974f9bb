"""The service images: one oci_image, oci_load and oci_push per service, and //deploy:push.

To add a service, add a line to SERVICES: its name (the repository becomes
kratos-monorepo/<name>, the binary lands at /app/<binary file name>) and its go_binary.
"""

load("//tools/build/oci:defs.bzl", "oci_image", "oci_image_test", "oci_load", "oci_load_group", "oci_push", "oci_push_group")

# Each service's main (-conf, -version). The image rules are tested on their own with the
# example binary in //tools/build/oci/testdata.
SERVICES = {
    "trainer": "//services/trainer/cmd/trainer",
    "training": "//services/training/cmd/training",
    "user": "//services/user/cmd/user",
}

REPOSITORY_PREFIX = "kratos-monorepo/"

# Labels and tags carry the version and the git revision (tools/build/oci/workspace_status.sh).
_LABELS = {
    "org.opencontainers.image.revision": "{STABLE_GIT_COMMIT}",
    "org.opencontainers.image.source": "https://github.com/kratos-monorepo/monorepo",
    "org.opencontainers.image.version": "{STABLE_VERSION}",
}

_TAGS = [
    "{STABLE_VERSION}",
    "{STABLE_GIT_COMMIT}",
]

# Loaded into the local engine only (never pushed): `latest` lets the seed's
# `docker run ... kratos-monorepo/<svc>` name the image without a tag.
_LOAD_TAGS = _TAGS + ["latest"]

_PORTS = [
    "8000/tcp",  # HTTP
    "9000/tcp",  # gRPC
]

# The issue's limit per service image: config plus compressed layers.
MAX_IMAGE_BYTES = 20 * 1024 * 1024

def service_image(name, binary, visibility = None):
    """<name>_image, <name>_image_test, <name>_load and <name>_push for one service binary.

    The image runs as the seed's `docker run -p 8000:8000 -p 9000:9000 -v <configs>:/data/conf`
    expects: entrypoint /app/<binary> -conf /data/conf, ports 8000 (HTTP) and 9000 (gRPC).
    """
    oci_image(
        name = name + "_image",
        binary = binary,
        exposed_ports = _PORTS,
        labels = _LABELS,
        visibility = visibility,
    )
    oci_image_test(
        name = name + "_image_test",
        size = "small",
        image = name + "_image",
        exposed_ports = _PORTS,
        max_bytes = MAX_IMAGE_BYTES,
        # Run from the image itself, no engine: -version, then serve with its embedded defaults
        # (SQLite under /data) until /healthz answers. As deployed, the token keys come from
        # the environment: on the defaults' published development keys the service refuses to
        # start. These keys are for this smoke test only (one pair for every role).
        run_args = ["-version"],
        # The stamped binary and the image's version label must agree.
        run_output_label = "org.opencontainers.image.version",
        serve_env = {
            "APP_GRPC_ADDR": "127.0.0.1:{port2}",
            "APP_HTTP_ADDR": "127.0.0.1:{port1}",
            "APP_SIGNING_KEY": "zbiNtfdBoke3by2bl7xVogBmthH0UBxTIdzu2/mvA30=",
            "APP_TRAINING_SERVICE_KEY": "Cg71zLp4pHL+qecfdX6vDmt0F2Zbzboxrf7rT/JrK0o=",
            "APP_USER_KEY": "Cg71zLp4pHL+qecfdX6vDmt0F2Zbzboxrf7rT/JrK0o=",
        },
        serve_health_url = "http://127.0.0.1:{port1}/healthz",
        # Its start-up and shutdown log: only its own lines (service.name), nothing above info.
        serve_log_service = name,
    )
    oci_load(
        name = name + "_load",
        image = name + "_image",
        repo_tags = [REPOSITORY_PREFIX + name + ":" + tag for tag in _LOAD_TAGS],
        visibility = visibility,
    )
    oci_push(
        name = name + "_push",
        image = name + "_image",
        repository = REPOSITORY_PREFIX + name,
        remote_tags = _TAGS,
        visibility = visibility,
    )

def service_images(name, load_name = None, services = SERVICES, visibility = None):
    """Every service's targets, `name`: one run target pushing them all, and `load_name`: one
    run target loading them all into the local Docker engine."""
    for service, binary in sorted(services.items()):
        service_image(service, binary, visibility = visibility)
    oci_push_group(
        name = name,
        pushes = [service + "_push" for service in sorted(services.keys())],
        visibility = visibility,
    )
    if load_name:
        oci_load_group(
            name = load_name,
            loads = [service + "_load" for service in sorted(services.keys())],
            visibility = visibility,
        )

"""A gRPC channel that sends the caller's JWT the way the services read it (libs/auth)."""

import collections

import grpc


class _CallDetails(
    collections.namedtuple(
        "_CallDetails",
        ["method", "timeout", "metadata", "credentials", "wait_for_ready", "compression"],
    ),
    grpc.ClientCallDetails,
):
    pass


class _BearerToken(grpc.UnaryUnaryClientInterceptor):
    """Adds `authorization: Bearer <token>` to every unary call.

    An interceptor rather than call credentials: gRPC only sends call credentials over TLS, and
    the services listen in plain text on their private network (and on loopback in tests).
    """

    def __init__(self, token):
        self._header = ("authorization", "Bearer " + token)

    def intercept_unary_unary(self, continuation, details, request):
        metadata = list(details.metadata or []) + [self._header]
        return continuation(
            _CallDetails(
                details.method,
                details.timeout,
                metadata,
                details.credentials,
                details.wait_for_ready,
                details.compression,
            ),
            request,
        )


def dial(address, token=None):
    """A plain-text channel to address ("host:port"), authenticated as token's user if given."""
    channel = grpc.insecure_channel(address)
    if token:
        channel = grpc.intercept_channel(channel, _BearerToken(token))
    return channel

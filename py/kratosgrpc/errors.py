"""kratos errors as Python exceptions.

A kratos service answers a failed gRPC call with a status whose code follows the error's HTTP
code (409 -> ABORTED, ...) and whose details carry a google.rpc.ErrorInfo with the stable reason
and metadata (kratos' errors.Error.GRPCStatus). gRPC sends that status, serialized, in the
`grpc-status-details-bin` trailer; KratosError.from_rpc_error reads it back, as kratos'
errors.FromError does in Go.
"""

import grpc
from google.rpc import error_details_pb2, status_pb2

_DETAILS_TRAILER = "grpc-status-details-bin"

# The HTTP code kratos gives each gRPC code (transport/http/status FromGRPCCode); anything else
# is 500.
_HTTP_CODES = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.UNAVAILABLE: 503,
}


class KratosError(Exception):
    """A failed call: code is the kratos (HTTP) code, reason the service's stable reason ("" when
    the answer carried none, e.g. when the service could not be reached)."""

    def __init__(self, code, reason, message, metadata=None, grpc_code=None):
        super().__init__("%s (%d): %s" % (reason or "no reason", code, message))
        self.code = code
        self.reason = reason
        self.message = message
        self.metadata = dict(metadata or {})
        self.grpc_code = grpc_code

    @classmethod
    def from_rpc_error(cls, error):
        """The KratosError a grpc.RpcError (a failed call) stands for."""
        grpc_code = error.code()
        reason, metadata = "", {}
        for key, value in error.trailing_metadata() or ():
            if key != _DETAILS_TRAILER:
                continue
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    reason, metadata = info.reason, dict(info.metadata)
        return cls(_HTTP_CODES.get(grpc_code, 500), reason, error.details() or "", metadata, grpc_code)


def call(rpc, request, timeout=5.0):
    """rpc(request) (a stub's method), raising KratosError instead of grpc.RpcError."""
    try:
        return rpc(request, timeout=timeout)
    except grpc.RpcError as error:
        raise KratosError.from_rpc_error(error) from None

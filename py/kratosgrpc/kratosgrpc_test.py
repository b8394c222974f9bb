"""kratosgrpc against a real gRPC server on loopback that answers the way kratos does."""

import concurrent.futures
import unittest

import grpc
from google.rpc import error_details_pb2, status_pb2

import kratosgrpc

_METHOD = "/test.Probe/Call"


def _kratos_abort(context, code, reason, message, metadata=None):
    """Fails the call as kratos' errors.Error.GRPCStatus does: ErrorInfo in the status details."""
    status = status_pb2.Status(code=code.value[0], message=message)
    status.details.add().Pack(error_details_pb2.ErrorInfo(reason=reason, metadata=metadata or {}))
    context.set_trailing_metadata([("grpc-status-details-bin", status.SerializeToString())])
    context.abort(code, message)


class Probe:
    """A one-method service on bytes: the request names what to answer."""

    def __init__(self):
        self.seen_metadata = []
        self.server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=2))
        handler = grpc.unary_unary_rpc_method_handler(self._call)
        self.server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("test.Probe", {"Call": handler})])
        self.port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()

    def _call(self, request, context):
        self.seen_metadata.append(dict(context.invocation_metadata()))
        if request == b"conflict":
            _kratos_abort(context, grpc.StatusCode.ABORTED, "hour-not-available", "the hour is taken", {"hour": "10:00"})
        if request == b"bare":
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "no details")
        return b"ok:" + request


class KratosGrpcTest(unittest.TestCase):
    def setUp(self):
        self.probe = Probe()
        self.addCleanup(self.probe.server.stop, None)

    def _rpc(self, token=None):
        channel = kratosgrpc.dial("127.0.0.1:%d" % self.probe.port, token)
        self.addCleanup(channel.close)
        return channel.unary_unary(_METHOD)

    def test_success_returns_the_answer_and_sends_the_token(self):
        self.assertEqual(kratosgrpc.call(self._rpc("t0ken"), b"hello"), b"ok:hello")
        self.assertEqual(self.probe.seen_metadata[-1].get("authorization"), "Bearer t0ken")

    def test_no_token_sends_no_authorization(self):
        kratosgrpc.call(self._rpc(), b"hello")
        self.assertNotIn("authorization", self.probe.seen_metadata[-1])

    def test_kratos_error_gives_reason_code_and_metadata(self):
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            kratosgrpc.call(self._rpc("t"), b"conflict")
        error = caught.exception
        self.assertEqual(error.reason, "hour-not-available")
        self.assertEqual(error.code, 409)
        self.assertEqual(error.grpc_code, grpc.StatusCode.ABORTED)
        self.assertEqual(error.message, "the hour is taken")
        self.assertEqual(error.metadata, {"hour": "10:00"})

    def test_status_without_details_has_no_reason(self):
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            kratosgrpc.call(self._rpc("t"), b"bare")
        self.assertEqual((caught.exception.reason, caught.exception.code), ("", 403))

    def test_unreachable_service_is_503_without_reason(self):
        port = self.probe.port
        self.probe.server.stop(None).wait()
        channel = kratosgrpc.dial("127.0.0.1:%d" % port)
        self.addCleanup(channel.close)
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            kratosgrpc.call(channel.unary_unary(_METHOD), b"x", timeout=2)
        self.assertEqual((caught.exception.reason, caught.exception.code), ("", 503))


if __name__ == "__main__":
    unittest.main()

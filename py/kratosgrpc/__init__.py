"""Calling this repository's kratos services over gRPC from Python.

    channel = kratosgrpc.dial("127.0.0.1:9003", token)
    stub = training_pb2_grpc.TrainingServiceStub(channel)
    try:
        kratosgrpc.call(stub.ScheduleTraining, request)
    except kratosgrpc.KratosError as e:
        e.reason  # "hour-not-available", as the service declared it

The messages and stubs come from each proto's py_grpc_library (//proto/<service>/v1:<service>v1_py).
"""

from kratosgrpc.channel import dial
from kratosgrpc.errors import KratosError, call

__all__ = ["KratosError", "call", "dial"]

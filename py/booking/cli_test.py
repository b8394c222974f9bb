"""The booking CLI against in-process trainer and training services that answer like kratos."""

import concurrent.futures
import datetime
import io
import unittest
from unittest import mock

import grpc
from google.rpc import error_details_pb2, status_pb2
from trainer.v1 import trainer_pb2, trainer_pb2_grpc
from training.v1 import training_pb2, training_pb2_grpc

from booking import cli, services

UTC = datetime.timezone.utc
HOUR = datetime.datetime(2026, 12, 1, 10, tzinfo=UTC)


def _abort(context, code, reason, message):
    status = status_pb2.Status(code=code.value[0], message=message)
    status.details.add().Pack(error_details_pb2.ErrorInfo(reason=reason))
    context.set_trailing_metadata([("grpc-status-details-bin", status.SerializeToString())])
    context.abort(code, message)


class FakeTrainer(trainer_pb2_grpc.TrainerServiceServicer):
    """Hours 08:00-10:00 each day; opened hours are free, BOOKED_HOUR is booked."""

    def __init__(self):
        self.opened = []
        self.calendar_requests = []

    def MakeHoursAvailable(self, request, context):
        self.opened.extend(services.from_timestamp(h) for h in request.hours)
        return trainer_pb2.MakeHoursResponse()

    def GetCalendar(self, request, context):
        self.calendar_requests.append(request)
        first = services.from_timestamp(request.date_from)
        last = services.from_timestamp(request.date_to)
        calendar = trainer_pb2.Calendar()
        day = first
        while day <= last:
            entry = calendar.days.add(date=services.timestamp(day))
            for h in (8, 9, 10):
                moment = day + datetime.timedelta(hours=h)
                availability = trainer_pb2.AVAILABILITY_NOT_AVAILABLE
                if moment in self.opened:
                    availability = trainer_pb2.AVAILABILITY_AVAILABLE
                if moment == HOUR:
                    availability = trainer_pb2.AVAILABILITY_TRAINING_SCHEDULED
                entry.hours.add(time=services.timestamp(moment), availability=availability)
            day += datetime.timedelta(days=1)
        return calendar


class FakeTraining(training_pb2_grpc.TrainingServiceServicer):
    """Books each hour once; a second booking is refused with hour-not-available."""

    def __init__(self):
        self.booked = {}

    def ScheduleTraining(self, request, context):
        if dict(context.invocation_metadata()).get("authorization") != "Bearer attendee":
            _abort(context, grpc.StatusCode.UNAUTHENTICATED, "missing-token", "no token")
        moment = services.from_timestamp(request.time)
        if moment in self.booked:
            _abort(context, grpc.StatusCode.ABORTED, "hour-not-available", "the hour is not available")
        uuid = "uuid-%d" % len(self.booked)
        self.booked[moment] = (uuid, request.notes)
        return training_pb2.ScheduleTrainingResponse(uuid=uuid)

    def ListTrainings(self, request, context):
        response = training_pb2.ListTrainingsResponse()
        for moment, (uuid, notes) in sorted(self.booked.items()):
            response.trainings.add(uuid=uuid, time=services.timestamp(moment), notes=notes, user_name="Ada")
        return response


class CliTest(unittest.TestCase):
    def setUp(self):
        self.trainer, self.training = FakeTrainer(), FakeTraining()
        server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=2))
        trainer_pb2_grpc.add_TrainerServiceServicer_to_server(self.trainer, server)
        training_pb2_grpc.add_TrainingServiceServicer_to_server(self.training, server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self.addCleanup(server.stop, None)
        self.address = "127.0.0.1:%d" % port

    def run_cli(self, *argv, token="attendee"):
        out, err = io.StringIO(), io.StringIO()
        with mock.patch("sys.stderr", err):
            code = cli.run(
                ["--trainer", self.address, "--training", self.address, "--token", token] + list(argv),
                out,
                today=datetime.date(2026, 11, 30),
            )
        return code, out.getvalue(), err.getvalue()

    def test_book_prints_the_uuid_and_list_shows_the_training(self):
        self.assertEqual(self.run_cli("book", "2026-12-02T09:00:00Z", "--notes", "legs"), (0, "uuid-0\n", ""))
        code, out, _ = self.run_cli("list")
        self.assertEqual((code, out), (0, "uuid-0  2026-12-02T09:00Z  Ada  legs\n"))

    def test_refused_booking_prints_the_reason_and_exits_1(self):
        self.run_cli("book", "2026-12-02T09:00:00Z")
        code, out, err = self.run_cli("book", "2026-12-02T09:00:00Z")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "booking: hour-not-available (409): the hour is not available\n")

    def test_token_is_sent(self):
        code, _, err = self.run_cli("book", "2026-12-02T09:00:00Z", token="someone-else")
        self.assertEqual((code, err), (1, "booking: missing-token (401): no token\n"))

    def test_open_then_week_reports_free_and_booked_hours(self):
        self.assertEqual(self.run_cli("open", "2026-12-01T08:00:00Z", "2026-12-01T09:00:00+00:00")[:2], (0, "opened 2 hour(s)\n"))
        self.assertEqual(self.trainer.opened, [HOUR - datetime.timedelta(hours=2), HOUR - datetime.timedelta(hours=1)])
        code, out, _ = self.run_cli("week")
        self.assertEqual(code, 0)
        lines = out.splitlines()
        self.assertEqual(len(lines), 8)  # seven days from today, then the total
        self.assertEqual(lines[0], "Mon 2026-11-30  -")
        self.assertEqual(lines[1], "Tue 2026-12-01  08:00 free, 09:00 free, 10:00 booked")
        self.assertEqual(lines[-1], "2 free, 1 booked")
        request = self.trainer.calendar_requests[-1]
        self.assertEqual(services.from_timestamp(request.date_to).date(), datetime.date(2026, 12, 6))

    def test_time_without_zone_is_a_usage_error(self):
        with mock.patch("sys.stderr", io.StringIO()) as err, self.assertRaises(SystemExit) as caught:
            cli.run(["book", "2026-12-02T09:00:00"], io.StringIO())
        self.assertEqual(caught.exception.code, 2)
        self.assertIn("has no time zone", err.getvalue())


if __name__ == "__main__":
    unittest.main()

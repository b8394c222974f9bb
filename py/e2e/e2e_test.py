"""Python against the real Go services: book and read trainings over gRPC.

The Go side is //py/e2e/system (the user, trainer and training services of tools/local/system on
free loopback ports, with the demo trainer and attendee), the tokens come from //tools/devjwt,
and everything else is this repository's Python: the generated stubs, kratosgrpc and booking.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

import kratosgrpc
from booking import services

UTC = datetime.timezone.utc
START_TIMEOUT_S = 60


def _runfile(variable):
    """The path of a data dependency named by an env variable set to its $(rlocationpath)."""
    return os.path.join(os.environ["TEST_SRCDIR"], os.environ[variable])


def _tokens():
    """TRAINER and ATTENDEE tokens of the demo users, minted by tools/devjwt."""
    out = subprocess.run([_runfile("DEVJWT")], check=True, capture_output=True, text=True).stdout
    tokens = dict(line.split("=", 1) for line in out.split())
    return tokens["TRAINER_TOKEN"], tokens["ATTENDEE_TOKEN"]


class System:
    """The Go system as a child process; it stops when our end of its stdin closes."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory()
        ready = os.path.join(self._folder.name, "ready.json")
        self._process = subprocess.Popen([_runfile("SYSTEM"), "-ready", ready], stdin=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not os.path.exists(ready):
            if self._process.poll() is not None:
                raise RuntimeError("the system exited with %d before listening" % self._process.returncode)
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the system did not listen within %d s" % START_TIMEOUT_S)
            time.sleep(0.05)
        with open(ready) as f:
            self.addresses = json.load(f)

    def grpc(self, name):
        return self.addresses[name]["grpc"]

    def stop(self):
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._folder.cleanup()


class BookingAgainstGoServicesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.system = System()
        cls.trainer_token, cls.attendee_token = _tokens()
        # Tomorrow at noon UTC: inside the trainer's hours, ahead enough for every rule.
        tomorrow = datetime.datetime.now(UTC).date() + datetime.timedelta(days=1)
        cls.hour = datetime.datetime.combine(tomorrow, datetime.time(12, tzinfo=UTC))

    @classmethod
    def tearDownClass(cls):
        cls.system.stop()

    def client(self, cls, service, token):
        channel = kratosgrpc.dial(self.system.grpc(service), token)
        self.addCleanup(channel.close)
        return cls(channel)

    def test_book_read_and_refuse_over_grpc(self):
        trainer = self.client(services.Trainer, "trainer", self.trainer_token)
        attendee = self.client(services.Trainings, "training", self.attendee_token)

        trainer.open_hours([self.hour])
        uuid = attendee.book(self.hour, "from python")
        self.assertTrue(uuid)

        [training] = [t for t in attendee.list() if t.uuid == uuid]
        self.assertEqual(training.time, self.hour)
        self.assertEqual(training.notes, "from python")
        self.assertEqual(training.user_name, "Adam Attendee")

        with self.assertRaises(kratosgrpc.KratosError) as caught:
            attendee.book(self.hour, "twice")
        self.assertEqual(caught.exception.reason, "hour-not-available")
        self.assertEqual(caught.exception.code, 409)

        [day] = trainer.calendar(self.hour.date(), self.hour.date())
        self.assertIn((self.hour, services.BOOKED), day.hours)

        # The trainer's week, from the booking program itself (the py_binary).
        week = subprocess.run(
            [_runfile("BOOKING"), "--trainer", self.system.grpc("trainer"), "--token", self.trainer_token,
             "week", "--start", self.hour.date().isoformat()],
            check=True, capture_output=True, text=True,
        ).stdout
        self.assertIn("12:00 booked", week.splitlines()[0])

    def test_reasons_of_refused_calls(self):
        no_token = self.client(services.Trainings, "training", None)
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            no_token.list()
        self.assertEqual((caught.exception.reason, caught.exception.code), ("missing-token", 401))

        forged_token = self.attendee_token.rsplit(".", 1)[0] + ".not-the-signature"
        forged = self.client(services.Trainings, "training", forged_token)
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            forged.list()
        self.assertEqual((caught.exception.reason, caught.exception.code), ("invalid-token", 401))

        attendee_as_trainer = self.client(services.Trainer, "trainer", self.attendee_token)
        with self.assertRaises(kratosgrpc.KratosError) as caught:
            attendee_as_trainer.open_hours([self.hour + datetime.timedelta(hours=1)])
        self.assertEqual((caught.exception.reason, caught.exception.code), ("trainer-only", 403))

    def test_booking_program_reports_a_refusal(self):
        trainer = self.client(services.Trainer, "trainer", self.trainer_token)
        hour = self.hour + datetime.timedelta(hours=2)
        trainer.open_hours([hour])
        book = [_runfile("BOOKING"), "--training", self.system.grpc("training"), "--token", self.attendee_token,
                "book", hour.strftime("%Y-%m-%dT%H:%M:%SZ")]
        first = subprocess.run(book, capture_output=True, text=True)
        self.assertEqual(first.returncode, 0, first.stderr)
        second = subprocess.run(book, capture_output=True, text=True)
        self.assertEqual(second.returncode, 1)
        self.assertTrue(second.stderr.startswith("booking: hour-not-available (409): "), second.stderr)


if __name__ == "__main__":
    unittest.main()

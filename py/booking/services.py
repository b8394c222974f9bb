"""The trainer and training services as plain Python: datetimes in, small records out, failures
as kratosgrpc.KratosError."""

import dataclasses
import datetime

from google.protobuf import timestamp_pb2
from trainer.v1 import trainer_pb2, trainer_pb2_grpc
from training.v1 import training_pb2, training_pb2_grpc

import kratosgrpc

# What the week report calls each availability of trainer.v1.Availability.
FREE, BOOKED, CLOSED = "free", "booked", "closed"
_AVAILABILITY = {
    trainer_pb2.AVAILABILITY_AVAILABLE: FREE,
    trainer_pb2.AVAILABILITY_TRAINING_SCHEDULED: BOOKED,
}


@dataclasses.dataclass(frozen=True)
class Day:
    date: datetime.date
    hours: list  # [(datetime, FREE | BOOKED | CLOSED)], in the service's order


@dataclasses.dataclass(frozen=True)
class Training:
    uuid: str
    time: datetime.datetime
    notes: str
    user_name: str


def timestamp(moment):
    """A protobuf Timestamp of an aware datetime (naive ones are refused: the API is UTC)."""
    if moment.tzinfo is None:
        raise ValueError("%s has no time zone" % moment.isoformat())
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment.astimezone(datetime.timezone.utc).replace(tzinfo=None))
    return stamp


def from_timestamp(stamp):
    return stamp.ToDatetime().replace(tzinfo=datetime.timezone.utc)


class Trainer:
    def __init__(self, channel):
        self._stub = trainer_pb2_grpc.TrainerServiceStub(channel)

    def open_hours(self, hours):
        """The calling trainer makes hours available."""
        request = trainer_pb2.MakeHoursRequest(hours=[timestamp(h) for h in hours])
        kratosgrpc.call(self._stub.MakeHoursAvailable, request)

    def calendar(self, first_day, last_day):
        """The days first_day..last_day (both included) with every bookable hour."""
        midnight = datetime.time(tzinfo=datetime.timezone.utc)
        request = trainer_pb2.GetCalendarRequest(
            date_from=timestamp(datetime.datetime.combine(first_day, midnight)),
            date_to=timestamp(datetime.datetime.combine(last_day, midnight)),
        )
        calendar = kratosgrpc.call(self._stub.GetCalendar, request)
        return [
            Day(
                date=from_timestamp(day.date).date(),
                hours=[(from_timestamp(h.time), _AVAILABILITY.get(h.availability, CLOSED)) for h in day.hours],
            )
            for day in calendar.days
        ]


class Trainings:
    def __init__(self, channel):
        self._stub = training_pb2_grpc.TrainingServiceStub(channel)

    def book(self, hour, notes=""):
        """The calling attendee books hour; returns the new training's uuid."""
        request = training_pb2.ScheduleTrainingRequest(time=timestamp(hour), notes=notes)
        return kratosgrpc.call(self._stub.ScheduleTraining, request).uuid

    def list(self):
        """The caller's trainings (an attendee's own, a trainer's all)."""
        response = kratosgrpc.call(self._stub.ListTrainings, training_pb2.ListTrainingsRequest())
        return [
            Training(uuid=t.uuid, time=from_timestamp(t.time), notes=t.notes, user_name=t.user_name)
            for t in response.trainings
        ]

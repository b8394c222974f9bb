"""booking: open hours, book and list trainings, and print a trainer's week, over gRPC.

    booking open 2026-12-01T10:00:00Z ...        (trainer) make hours available
    booking book 2026-12-01T10:00:00Z [--notes]  (attendee) book an hour; prints the training's uuid
    booking list                                  the caller's trainings
    booking week [--start 2026-11-30]             a trainer's week, free and booked hours

The services are found at --trainer / --training (or TRAINER_GRPC / TRAINING_GRPC; defaults: the
local system's 127.0.0.1:9001 and :9003), the caller is --token (or TOKEN: a JWT, e.g. from
`bazel run //tools/devjwt`). A refused call prints the service's reason and exits 1.
"""

import argparse
import datetime
import os
import sys

import kratosgrpc
from booking import services, week


def _moment(text):
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not an RFC 3339 time (2026-12-01T10:00:00Z)" % text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("%r has no time zone (add Z for UTC)" % text)
    return moment


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a date (2026-11-30)" % text)


def _parser():
    parser = argparse.ArgumentParser(prog="booking", description=__doc__.split("\n")[0])
    parser.add_argument("--trainer", default=os.environ.get("TRAINER_GRPC", "127.0.0.1:9001"),
                        help="the trainer service's gRPC address (TRAINER_GRPC)")
    parser.add_argument("--training", default=os.environ.get("TRAINING_GRPC", "127.0.0.1:9003"),
                        help="the training service's gRPC address (TRAINING_GRPC)")
    parser.add_argument("--token", default=os.environ.get("TOKEN", ""), help="the caller's JWT (TOKEN)")
    commands = parser.add_subparsers(dest="command", required=True)
    opening = commands.add_parser("open", help="(trainer) make hours available")
    opening.add_argument("hours", nargs="+", type=_moment)
    booking = commands.add_parser("book", help="(attendee) book an hour")
    booking.add_argument("hour", type=_moment)
    booking.add_argument("--notes", default="")
    commands.add_parser("list", help="the caller's trainings")
    weekly = commands.add_parser("week", help="a trainer's week")
    weekly.add_argument("--start", type=_date, default=None, help="first day (default: today, UTC)")
    return parser


def run(argv, out, today=None):
    """Runs one command; returns the exit code. today (a date) stands for the clock in tests."""
    args = _parser().parse_args(argv)
    if args.command in ("open", "week"):
        channel = kratosgrpc.dial(args.trainer, args.token)
    else:
        channel = kratosgrpc.dial(args.training, args.token)
    with channel:
        try:
            if args.command == "open":
                services.Trainer(channel).open_hours(args.hours)
                print("opened %d hour(s)" % len(args.hours), file=out)
            elif args.command == "book":
                print(services.Trainings(channel).book(args.hour, args.notes), file=out)
            elif args.command == "list":
                for t in services.Trainings(channel).list():
                    print("%s  %s  %s  %s" % (t.uuid, t.time.strftime("%Y-%m-%dT%H:%MZ"), t.user_name, t.notes), file=out)
            else:
                start = args.start or today or datetime.datetime.now(datetime.timezone.utc).date()
                days = services.Trainer(channel).calendar(start, start + datetime.timedelta(days=6))
                for line in week.report(days):
                    print(line, file=out)
        except kratosgrpc.KratosError as error:
            print("booking: %s (%d): %s" % (error.reason or "no reason", error.code, error.message), file=sys.stderr)
            return 1
    return 0


def main():
    sys.exit(run(sys.argv[1:], sys.stdout))


if __name__ == "__main__":
    main()

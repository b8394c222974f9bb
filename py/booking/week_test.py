"""The week report from calendar days."""

import datetime
import unittest

from booking import week
from booking.services import BOOKED, CLOSED, FREE, Day

UTC = datetime.timezone.utc


def _day(date, *hours):
    return Day(date=date, hours=[(datetime.datetime.combine(date, datetime.time(h, tzinfo=UTC)), a) for h, a in hours])


class WeekReportTest(unittest.TestCase):
    def test_lists_free_and_booked_hours_in_time_order_and_totals(self):
        monday = datetime.date(2026, 11, 30)
        days = [
            _day(monday, (8, CLOSED), (9, BOOKED), (10, FREE), (11, FREE)),
            _day(monday + datetime.timedelta(days=1), (8, CLOSED), (9, CLOSED)),
        ]
        self.assertEqual(
            week.report(days),
            [
                "Mon 2026-11-30  09:00 booked, 10:00 free, 11:00 free",
                "Tue 2026-12-01  -",
                "2 free, 1 booked",
            ],
        )

    def test_no_days_is_only_the_total(self):
        self.assertEqual(week.report([]), ["0 free, 0 booked"])


if __name__ == "__main__":
    unittest.main()

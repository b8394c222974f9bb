"""A trainer's week as text: per day, the hours open for booking and the hours booked."""

from booking.services import BOOKED, FREE


def report(days):
    """Lines for days (services.Day, one per day in order), then a total line."""
    lines = []
    free_total = booked_total = 0
    for day in days:
        free = [t for t, a in day.hours if a == FREE]
        booked = [t for t, a in day.hours if a == BOOKED]
        free_total += len(free)
        booked_total += len(booked)
        parts = ["%s free" % t.strftime("%H:%M") for t in free] + ["%s booked" % t.strftime("%H:%M") for t in booked]
        parts.sort()
        lines.append("%s  %s" % (day.date.strftime("%a %Y-%m-%d"), ", ".join(parts) if parts else "-"))
    lines.append("%d free, %d booked" % (free_total, booked_total))
    return lines

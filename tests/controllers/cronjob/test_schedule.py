"""The cron parser against robfig/cron's rules."""

import datetime as dt

import pytest

from k8slab.controllers.cronjob.schedule import ScheduleError, parse_standard

T0 = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc).timestamp()


def nxt(spec, t=T0):
    n = parse_standard(spec).next(t)
    return None if n is None else dt.datetime.fromtimestamp(n, dt.timezone.utc).strftime("%Y-%m-%d %H:%M %a")


@pytest.mark.parametrize("spec,expected", [
    ("*/1 * * * *", "2023-11-14 22:14 Tue"),
    ("0 * * * *", "2023-11-14 23:00 Tue"),
    ("@hourly", "2023-11-14 23:00 Tue"),
    ("@daily", "2023-11-15 00:00 Wed"),
    ("@midnight", "2023-11-15 00:00 Wed"),
    ("@weekly", "2023-11-19 00:00 Sun"),
    ("@monthly", "2023-12-01 00:00 Fri"),
    ("@yearly", "2024-01-01 00:00 Mon"),
    ("30 6-16/4 * * 1-5", "2023-11-15 06:30 Wed"),
    ("0 0 29 2 *", "2024-02-29 00:00 Thu"),
    ("5 4 * * sun", "2023-11-19 04:05 Sun"),
    ("0 0 13 * 5", "2023-11-17 00:00 Fri"),          # day-of-month OR day-of-week
    ("0 9 * JAN-mar MON", "2024-01-01 09:00 Mon"),
    ("TZ=Europe/Berlin 0 9 * * *", "2023-11-15 08:00 Wed"),
    ("CRON_TZ=America/New_York 0 0 * * *", "2023-11-15 05:00 Wed"),
    ("0 0 31 2 *", None),
])
def test_next(spec, expected):
    assert nxt(spec) == expected


@pytest.mark.parametrize("spec,message", [
    ("", "empty spec string"),
    ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("@fortnightly", "unrecognized descriptor: @fortnightly"),
])
def test_errors(spec, message):
    with pytest.raises(ScheduleError) as e:
        parse_standard(spec)
    assert str(e.value) == message

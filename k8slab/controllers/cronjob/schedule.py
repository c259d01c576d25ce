"""Cron schedules: parsing the standard 5-field syntax and finding the next activation time.

Follows github.com/robfig/cron/v3 (`parser.go` ParseStandard, `spec.go` SpecSchedule.Next,
`constantdelay.go`), which the CronJob controller uses (`cron.ParseStandard`):
- fields `minute hour day-of-month month day-of-week`, each a comma list of `*`, `?`, `N`,
  `N-M`, with an optional `/step`; month and weekday names (`jan`, `mon`); `N/step` means
  `N-max/step`;
- descriptors `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly` and
  `@every <duration>`;
- a `TZ=Area/City ` or `CRON_TZ=Area/City ` prefix (the controller writes `TZ=` for spec.timeZone);
- day-of-month and day-of-week: when both are restricted a day matching either runs (classic
  cron), otherwise both must match;
- `next(t)` is the first activation strictly after t (whole seconds), searched for five years.
Error messages are robfig's.

Differences from upstream: `@every` accepts only h/m/s units.
"""

from __future__ import annotations

import datetime as _dt
import re
import zoneinfo

UTC = _dt.timezone.utc
STAR = 1 << 63                     # robfig's starBit: the field was * or ?


class ScheduleError(ValueError):
    pass


class _Bounds:
    def __init__(self, lo: int, hi: int, names: dict[str, int] | None = None):
        self.min, self.max, self.names = lo, hi, names or {}


MINUTES = _Bounds(0, 59)
HOURS = _Bounds(0, 23)
DOM = _Bounds(1, 31)
MONTHS = _Bounds(1, 12, {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())})
DOW = _Bounds(0, 6, {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())})


def _bits(lo: int, hi: int, step: int = 1) -> int:
    return sum(1 << i for i in range(lo, hi + 1, step))


def _all(b: _Bounds) -> int:
    return _bits(b.min, b.max) | STAR


def load_location(name: str):
    """time.LoadLocation: "" and "UTC" are UTC; "Local" is UTC here (no host time zone)."""
    if name in ("", "UTC", "Local"):
        return UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name}") from None


class SpecSchedule:
    """A parsed 5-field schedule: one bit per allowed value of each field."""

    def __init__(self, minute: int, hour: int, dom: int, month: int, dow: int, location=UTC):
        self.minute, self.hour, self.dom, self.month, self.dow = minute, hour, dom, month, dow
        self.location = location

    def _day_matches(self, t: _dt.datetime) -> bool:
        dom_match = bool(1 << t.day & self.dom)
        dow_match = bool(1 << ((t.weekday() + 1) % 7) & self.dow)
        if self.dom & STAR or self.dow & STAR:
            return dom_match and dow_match
        return dom_match or dow_match

    def next(self, after: float) -> float | None:
        """The first activation (Unix seconds) strictly after `after`, or None within 5 years."""
        loc = self.location
        t = _dt.datetime.fromtimestamp(int(after) + 1, loc)
        added = False
        year_limit = t.year + 5

        def local(y, mo, d, h=0, mi=0):
            return _dt.datetime(y, mo, d, h, mi, tzinfo=loc)

        def add(t, seconds):                      # absolute time, as Go's Time.Add
            return (t.astimezone(UTC) + _dt.timedelta(seconds=seconds)).astimezone(loc)

        while True:                               # robfig's WRAP label
            if t.year > year_limit:
                return None
            wrapped = False
            while not (1 << t.month & self.month):
                if not added:
                    added, t = True, local(t.year, t.month, 1)
                y, m = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
                t = local(y, m, 1)
                if t.month == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not self._day_matches(t):
                if not added:
                    added, t = True, local(t.year, t.month, t.day)
                d = (t.replace(tzinfo=None) + _dt.timedelta(days=1)).replace(tzinfo=loc)
                t = local(d.year, d.month, d.day)
                if t.day == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.hour & self.hour):
                if not added:
                    added, t = True, local(t.year, t.month, t.day, t.hour)
                t = add(t, 3600)
                if t.hour == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not (1 << t.minute & self.minute):
                if not added:
                    added, t = True, t.replace(second=0, microsecond=0)
                t = add(t, 60)
                if t.minute == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            if t.second != 0:                      # the standard parser's seconds field is "0"
                t = add(t.replace(second=0), 60)
                continue
            return t.timestamp()

    def __repr__(self):
        return f"SpecSchedule(minute={self.minute & ~STAR:#x}, hour={self.hour & ~STAR:#x}, ...)"


class ConstantDelaySchedule:
    """`@every 5m`: every interval, rounded to whole seconds (at least one)."""

    def __init__(self, seconds: int):
        self.delay = max(1, int(seconds))

    def next(self, after: float) -> float:
        return float(int(after) + self.delay)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|m|s)")


def _parse_int(expr: str) -> int:
    try:
        n = int(expr)
    except ValueError:
        raise ScheduleError(f"failed to parse int from {expr}: strconv.Atoi: parsing "
                            f'"{expr}": invalid syntax') from None
    if n < 0:
        raise ScheduleError(f"negative number ({n}) not allowed: {expr}")
    return n


def _int_or_name(expr: str, b: _Bounds) -> int:
    if b.names and expr.lower() in b.names:
        return b.names[expr.lower()]
    return _parse_int(expr)


def _get_range(expr: str, b: _Bounds) -> int:
    range_and_step = expr.split("/")
    low_high = range_and_step[0].split("-")
    single = len(low_high) == 1
    extra = 0
    if low_high[0] in ("*", "?"):
        start, end, extra = b.min, b.max, STAR
    else:
        start = _int_or_name(low_high[0], b)
        if len(low_high) == 1:
            end = start
        elif len(low_high) == 2:
            end = _int_or_name(low_high[1], b)
        else:
            raise ScheduleError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _parse_int(range_and_step[1])
        if single:
            end = b.max
        if step > 1:
            extra = 0
    else:
        raise ScheduleError(f"too many slashes: {expr}")
    if start < b.min:
        raise ScheduleError(f"beginning of range ({start}) below minimum ({b.min}): {expr}")
    if end > b.max:
        raise ScheduleError(f"end of range ({end}) above maximum ({b.max}): {expr}")
    if start > end:
        raise ScheduleError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise ScheduleError(f"step of range should be a positive number: {expr}")
    return _bits(start, end, step) | extra


def _get_field(field: str, b: _Bounds) -> int:
    bits = 0
    for expr in field.split(","):
        bits |= _get_range(expr, b)
    return bits


def _descriptor(spec: str, loc):
    all_ = {k: _all(b) for k, b in (("m", MINUTES), ("h", HOURS), ("dom", DOM), ("mon", MONTHS),
                                    ("dow", DOW))}
    if spec in ("@yearly", "@annually"):
        return SpecSchedule(1, 1, 1 << 1, 1 << 1, all_["dow"], loc)
    if spec == "@monthly":
        return SpecSchedule(1, 1, 1 << 1, all_["mon"], all_["dow"], loc)
    if spec == "@weekly":
        return SpecSchedule(1, 1, all_["dom"], all_["mon"], 1, loc)
    if spec in ("@daily", "@midnight"):
        return SpecSchedule(1, 1, all_["dom"], all_["mon"], all_["dow"], loc)
    if spec == "@hourly":
        return SpecSchedule(1, all_["h"], all_["dom"], all_["mon"], all_["dow"], loc)
    if spec.startswith("@every "):
        text = spec[len("@every "):]
        parts = _DURATION.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ScheduleError(f"failed to parse duration {spec}: time: invalid duration "
                                f'"{text}"')
        seconds = sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
        return ConstantDelaySchedule(int(seconds))
    raise ScheduleError(f"unrecognized descriptor: {spec}")


def parse_standard(spec: str):
    """cron.ParseStandard: a SpecSchedule (or ConstantDelaySchedule for @every)."""
    if not spec:
        raise ScheduleError("empty spec string")
    loc = UTC
    if spec.startswith("TZ=") or spec.startswith("CRON_TZ="):
        i = spec.find(" ")
        eq = spec.find("=")
        name = spec[eq + 1:i] if i >= 0 else spec[eq + 1:]
        try:
            loc = load_location(name)
        except ScheduleError as e:
            raise ScheduleError(f"provided bad location {name}: {e}") from None
        spec = spec[i:].strip() if i >= 0 else ""
    if spec.startswith("@"):
        return _descriptor(spec, loc)
    fields = spec.split()
    if len(fields) != 5:
        raise ScheduleError(f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]")
    minute = _get_field(fields[0], MINUTES)
    hour = _get_field(fields[1], HOURS)
    dom = _get_field(fields[2], DOM)
    month = _get_field(fields[3], MONTHS)
    dow = _get_field(fields[4], DOW)
    return SpecSchedule(minute, hour, dom, month, dow, loc)

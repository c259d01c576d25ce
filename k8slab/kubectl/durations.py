"""Go's time.Duration on kubectl's command line: parsing `--timeout=30s` and printing durations.

Follows Go's `time.ParseDuration` (units ns, us, µs, ms, s, m, h; signs and fractions; its error
texts) and `Duration.String` (`1m30s`, `500ms`, `0s`), and pflag's error for a bad flag value.
"""

from __future__ import annotations

import re

from .errors import UsageError

UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


def parse_duration(text: str) -> float:
    """Seconds; ValueError carrying Go's message for a bad text."""
    orig, s = text, text
    sign = 1.0
    if s[:1] in ("+", "-"):
        sign, s = (-1.0 if s[0] == "-" else 1.0), s[1:]
    if s == "0":
        return 0.0
    if not s:
        raise ValueError(f'time: invalid duration "{orig}"')
    total = 0.0
    while s:
        m = _PART.match(s)
        number, unit = m.group(1), m.group(2)
        if not number or number == ".":
            raise ValueError(f'time: invalid duration "{orig}"')
        if not unit:
            raise ValueError(f'time: missing unit in duration "{orig}"')
        unit_end = next((i for i, ch in enumerate(unit) if ch.isdigit() or ch == "."), len(unit))
        unit = unit[:unit_end]
        if unit not in UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{orig}"')
        total += float(number) * UNITS[unit]
        s = s[len(number) + len(unit):]
    return sign * total


def duration_flag(session, name: str) -> float:
    """The value of a duration flag, or pflag's `invalid argument` error."""
    value = session.flags.get(name, "0s")
    try:
        return parse_duration(value)
    except ValueError as e:
        raise UsageError(f'invalid argument "{value}" for "--{name}" flag: {e}',
                         f"kubectl {session.command_path}") from None


def format_duration(seconds: float) -> str:
    """Duration.String for whole and fractional seconds: `0s`, `1m30s`, `2h0m0s`, `1.5s`, `500ms`."""
    if seconds == 0:
        return "0s"
    neg = seconds < 0
    seconds = abs(seconds)
    if seconds < 1:
        ms = seconds * 1000
        text = f"{ms:g}ms" if ms >= 1 else f"{seconds * 1e6:g}µs"
        return ("-" if neg else "") + text
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    s_text = f"{s:.9f}".rstrip("0").rstrip(".") + "s"
    if h:
        text = f"{int(h)}h{int(m)}m{s_text}"
    elif m:
        text = f"{int(m)}m{s_text}"
    else:
        text = s_text
    return ("-" if neg else "") + text

"""Histograms cheap enough for hot paths, exposed through prometheus-client when scraped.

Follows `k8s.io/component-base/metrics` (ExponentialBuckets; a HELP text starts with the stability
level, "[ALPHA] ...") and the Prometheus Go client's text exposition of a histogram: cumulative
`_bucket{le=...}` samples ending with `+Inf`, then `_sum` and `_count`; the bounds are printed as
Go's strconv.FormatFloat(v, 'g', -1, 64) prints them ("1e-08", "9.999999999999999e-06", "0.001", "10").

Differences from upstream: a component keeps its counts itself (a bisect and two additions per
observation; prometheus_client's Histogram takes a lock and costs several times more) and they
become metric families only when /metrics is scraped. prometheus-client prints the samples: values
as "3.0" where Go prints "3", and `le` among the other labels by name where Go puts it last;
Prometheus reads both.
"""

from __future__ import annotations

import bisect
from decimal import Decimal

from prometheus_client.core import HistogramMetricFamily


def exponential_buckets(start: float, factor: float, count: int) -> tuple[float, ...]:
    """ExponentialBuckets: `count` bounds from `start`, each `factor` times the one before
    (multiplied one after the other, as Go does, so the rounding is the same)."""
    out = [start]
    for _ in range(count - 1):
        out.append(out[-1] * factor)
    return tuple(out)


def go_float(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, 64): shortest digits, exponent form when the decimal
    exponent is below -4 or at least 6."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sign, digit_tuple, exp = Decimal(repr(float(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    exp += len(digit_tuple) - len(digits)
    point = len(digits) + exp                 # where the decimal point goes, counted from the left
    x = point - 1
    head = "-" if sign else ""
    if x < -4 or x >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{head}{mantissa}e{'-' if x < 0 else '+'}{abs(x):02d}"
    if point <= 0:
        return f"{head}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return head + digits + "0" * (point - len(digits))
    return f"{head}{digits[:point]}.{digits[point:]}"


class Histogram:
    """Observations counted per bucket (not cumulative; the last slot is +Inf) and their sum."""

    __slots__ = ("bounds", "counts", "sum")

    def __init__(self, bounds: tuple[float, ...]):
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.bounds, value)] += 1      # the first bound >= value
        self.sum += value

    @property
    def count(self) -> int:
        return sum(self.counts)

    def cumulative(self) -> list[tuple[str, int]]:
        """(le, observations <= le) per bound, then ("+Inf", all): what `_bucket` shows."""
        out, total = [], 0
        for le, n in zip(self.bounds, self.counts):
            total += n
            out.append((go_float(le), total))
        out.append(("+Inf", total + self.counts[-1]))
        return out

    def __repr__(self):
        return f"Histogram(count={self.count}, sum={self.sum:g})"


class HistogramVec(dict):
    """Histograms by label values, created on first use (a HistogramVec's children)."""

    def __init__(self, bounds: tuple[float, ...]):
        super().__init__()
        self.bounds = bounds

    def labels(self, *values: str) -> Histogram:
        h = self.get(values)
        if h is None:
            h = self[values] = Histogram(self.bounds)
        return h


def histogram_family(name: str, doc: str, labelnames: list[str], series) -> HistogramMetricFamily:
    """A metric family from {label values: Histogram} (or one Histogram when there are no labels)."""
    family = HistogramMetricFamily(name, doc, labels=labelnames)
    items = series.items() if isinstance(series, dict) else [((), series)]
    for values, h in sorted(items):
        family.add_metric(list(values), h.cumulative(), h.sum)
    return family

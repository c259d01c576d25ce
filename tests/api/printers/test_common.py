"""human_duration against upstream's own test table; timestamps, labels and selectors."""

import pytest

from k8slab.api.printers import human_duration, translate_timestamp_since
from k8slab.api.printers.common import (format_label_selector, format_labels, format_rfc3339,
                                        label_selector_string, layout_container_cells,
                                        list_with_more, parse_time)

S, MS, NS = 1, 1e-3, 1e-9
M, H, D, Y = 60, 3600, 86400, 365 * 86400

# duration_test.go: TestHumanDuration
HUMAN_DURATION = [
    (1 * S, "1s"), (70 * S, "70s"), (190 * S, "3m10s"), (70 * M, "70m"), (47 * H, "47h"),
    (49 * H, "2d1h"), ((8 * 24 + 2) * H, "8d"), (367 * D, "367d"), ((365 * 2 * 24 + 25) * H, "2y1d"),
    ((365 * 8 * 24 + 2) * H, "8y"),
]

# duration_test.go: TestHumanDurationBoundaries
HUMAN_DURATION_BOUNDARIES = [
    (-2 * S, "<invalid>"), (-2 * S + NS, "0s"), (0, "0s"), (S - MS, "0s"), (2 * M - MS, "119s"),
    (2 * M, "2m"), (2 * M + S, "2m1s"), (10 * M - MS, "9m59s"), (10 * M, "10m"), (10 * M + S, "10m"),
    (3 * H - MS, "179m"), (3 * H, "3h"), (3 * H + M, "3h1m"), (8 * H - MS, "7h59m"), (8 * H, "8h"),
    (8 * H + 59 * M, "8h"), (2 * D - MS, "47h"), (2 * D, "2d"), (2 * D + H, "2d1h"),
    (8 * D - MS, "7d23h"), (8 * D, "8d"), (8 * D + 23 * H, "8d"), (2 * Y - MS, "729d"), (2 * Y, "2y"),
    (2 * Y + 23 * H, "2y"), (2 * Y + 23 * H + 59 * M, "2y"), (2 * Y + 24 * H - MS, "2y"),
    (2 * Y + 24 * H, "2y1d"), (3 * Y, "3y"), (4 * Y, "4y"), (5 * Y, "5y"), (6 * Y, "6y"),
    (7 * Y, "7y"), (8 * Y - MS, "7y364d"), (8 * Y, "8y"), (8 * Y + 364 * D, "8y"), (9 * Y, "9y"),
]


@pytest.mark.parametrize("seconds,want", HUMAN_DURATION + HUMAN_DURATION_BOUNDARIES)
def test_human_duration_matches_upstream_table(seconds, want):
    assert human_duration(seconds) == want


@pytest.mark.parametrize("seconds,want", [(59, "59s"), (123, "2m3s"), (600, "10m"), (5400, "90m"),
                                          (14400, "4h"), (36000, "10h"), (-1.5, "0s")])
def test_human_duration_common_ages(seconds, want):
    assert human_duration(seconds) == want


def test_translate_timestamp_since_unknown_for_missing_or_zero_time():
    assert translate_timestamp_since(None, 100) == "<unknown>"
    assert translate_timestamp_since("", 100) == "<unknown>"
    assert translate_timestamp_since("0001-01-01T00:00:00Z", 100) == "<unknown>"
    assert translate_timestamp_since("not a time", 100) == "<unknown>"


def test_translate_timestamp_since_reads_rfc3339_micro_time_and_offsets():
    t = parse_time("2018-12-18T17:26:52Z")
    assert translate_timestamp_since("2018-12-18T17:26:52Z", t + 14) == "14s"
    assert translate_timestamp_since("2018-12-18T17:26:52.958000Z", t + 14) == "13s"
    assert parse_time("2018-12-19T01:26:52+08:00") == t
    assert parse_time("2018-12-18T12:26:52-05:00") == t


def test_format_rfc3339_is_utc_whole_seconds():
    assert format_rfc3339(parse_time("2018-12-18T17:26:52.958Z")) == "2018-12-18T17:26:52Z"
    assert format_rfc3339(parse_time("2024-02-29T23:59:59+01:00")) == "2024-02-29T22:59:59Z"
    assert format_rfc3339(0) == "1970-01-01T00:00:00Z"
    assert format_rfc3339(None) == "0001-01-01T00:00:00Z"


def test_format_labels_sorted_or_none():
    assert format_labels({"run": "redis", "pod-template-hash": "3731017676"}) == \
        "pod-template-hash=3731017676,run=redis"
    assert format_labels({}) == "<none>"
    assert format_labels(None) == "<none>"


def test_label_selector_string_like_labels_selector():
    sel = {"matchLabels": {"run": "redis", "app": "web"},
           "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]},
                                {"key": "canary", "operator": "DoesNotExist"},
                                {"key": "env", "operator": "NotIn", "values": ["prod"]},
                                {"key": "beta", "operator": "Exists"}]}
    assert label_selector_string(sel) == "app=web,beta,!canary,env notin (prod),run=redis,tier in (be,fe)"
    assert label_selector_string(None) == ""
    assert label_selector_string({}) == ""
    assert label_selector_string({"matchExpressions": [{"key": "a", "operator": "Bogus"}]}) is None
    assert label_selector_string({"matchExpressions": [{"key": "a", "operator": "In"}]}) is None


def test_format_label_selector_none_and_error():
    assert format_label_selector({"matchLabels": {"app": "web"}}) == "app=web"
    assert format_label_selector({}) == "<none>"
    assert format_label_selector(None) == "<none>"
    assert format_label_selector({"matchExpressions": [{"key": "a", "operator": "Exists",
                                                        "values": ["x"]}]}) == "<error>"


def test_layout_container_cells_and_list_with_more():
    assert layout_container_cells([{"name": "a", "image": "nginx"}, {"name": "b", "image": "redis:4"}]) \
        == ("a,b", "nginx,redis:4")
    assert layout_container_cells(None) == ("", "")
    assert list_with_more(["1", "2", "3", "4", "5"], 5) == "1,2,3 + 2 more..."
    assert list_with_more(["1", "2", "3"], 3) == "1,2,3"
    assert list_with_more([], 0) == "<unset>"

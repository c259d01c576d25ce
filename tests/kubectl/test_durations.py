"""Go durations on kubectl's command line."""

import pytest

from k8slab.kubectl.durations import format_duration, parse_duration


@pytest.mark.parametrize("text,seconds", [("0", 0), ("0s", 0), ("30s", 30), ("1m30s", 90), ("2h", 7200),
                                          ("1.5s", 1.5), ("100ms", 0.1), ("-1s", -1), ("1h0m0s", 3600)])
def test_parse(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text,message", [("x", 'time: invalid duration "x"'), ("10", 'time: missing unit in duration "10"'),
                                          ("10q", 'time: unknown unit "q" in duration "10q"'), ("", 'time: invalid duration ""')])
def test_errors(text, message):
    with pytest.raises(ValueError) as e:
        parse_duration(text)
    assert str(e.value) == message


def test_format():
    assert [format_duration(s) for s in (0, 90, 3600, 1.5, 0.5)] == ["0s", "1m30s", "1h0m0s", "1.5s", "500ms"]

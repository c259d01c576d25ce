"""Generated names and identifiers: generateName suffixes, UIDs and API timestamps.

Follows `staging/src/k8s.io/apiserver/pkg/storage/names/generate.go` (5 random characters from
`utilrand.String`'s alphabet appended to generateName, which is first cut to 58 characters) and
`k8s.io/apimachinery/pkg/util/rand` (the alphabet `bcdfghjklmnpqrstvwxz2456789`, free of vowels
and look-alike digits so no words appear). Randomness comes from a seeded `random.Random`.
"""

from __future__ import annotations

import datetime as _dt
import random
import uuid

ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
MAX_NAME_LENGTH = 63
RANDOM_LENGTH = 5
MAX_GENERATED_NAME_LENGTH = MAX_NAME_LENGTH - RANDOM_LENGTH


def random_string(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALPHANUMS) for _ in range(n))


def generate_name(base: str, rng: random.Random) -> str:
    """SimpleNameGenerator.GenerateName: base (cut to 58 chars) + 5 random characters."""
    if len(base) > MAX_GENERATED_NAME_LENGTH:
        base = base[:MAX_GENERATED_NAME_LENGTH]
    return base + random_string(rng, RANDOM_LENGTH)


def new_uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the seeded generator."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def safe_encode_string(s: str) -> str:
    """rand.SafeEncodeString: map each byte onto ALPHANUMS (how pod-template-hash becomes a name)."""
    return "".join(ALPHANUMS[b % len(ALPHANUMS)] for b in s.encode())


_last_second: tuple = (None, "")          # the last second formatted (timestamps come in bursts)


def rfc3339(unix_seconds: float) -> str:
    """metav1.Time's wire form: second precision, UTC, `Z` suffix."""
    global _last_second
    sec = int(unix_seconds)
    last = _last_second                   # one tuple: read and replaced atomically
    if last[0] == sec:
        return last[1]
    text = _dt.datetime.fromtimestamp(sec, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    _last_second = (sec, text)
    return text


def rfc3339_micro(unix_seconds: float) -> str:
    """metav1.MicroTime's wire form (events, leases): microseconds, UTC."""
    return _dt.datetime.fromtimestamp(unix_seconds, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_rfc3339(text: str) -> float:
    text = text.replace("Z", "+00:00")
    return _dt.datetime.fromisoformat(text).timestamp()

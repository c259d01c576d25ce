"""EventRecorder: how components report what they did, as core/v1 Events.

Follows client-go's `tools/record` (event.go, events_cache.go): an Event is named
`<object name>.<unix nanoseconds in hex>`, carries involvedObject, reason, message, type,
source {component, host}, firstTimestamp/lastTimestamp and count; a repeat of the same
(object, reason, message, source, type) within the correlator's window patches the existing
Event's count and lastTimestamp instead of creating a new one -- which `kubectl describe` shows
as `(x4 over 10m)`.

Differences from upstream: no spam filter (token bucket per source+object); the aggregation of
similar messages ("combined from similar events") is left out.
"""

from __future__ import annotations

import collections

from ..api.names import rfc3339
from ..apiserver.errors import APIError

NORMAL, WARNING = "Normal", "Warning"
MAX_LRU_CACHE_ENTRIES = 4096


def object_reference(obj: dict, field_path: str = "") -> dict:
    meta = obj["metadata"]
    ref = {"kind": obj.get("kind", ""), "namespace": meta.get("namespace", ""), "name": meta["name"],
           "uid": meta.get("uid", ""), "apiVersion": obj.get("apiVersion", ""),
           "resourceVersion": meta.get("resourceVersion", "")}
    if not ref["namespace"]:
        del ref["namespace"]
    if field_path:
        ref["fieldPath"] = field_path
    return ref


class EventRecorder:
    """Writes Events for one component (and host), aggregating repeats into counts."""

    def __init__(self, client, clock, component: str, host: str = ""):
        self.client, self.clock = client, clock
        self.source = {"component": component, **({"host": host} if host else {})}
        # key -> (namespace, name, count); an LRU of maxLruCacheEntries as events_cache.go keeps
        self._seen: collections.OrderedDict[tuple, tuple[str, str, int]] = collections.OrderedDict()
        self._last_nanos = 0

    def event(self, obj: dict, type_: str, reason: str, message: str, field_path: str = "") -> dict | None:
        ref = object_reference(obj, field_path)
        ns = ref.get("namespace") or "default"
        now = rfc3339(self.clock.time())
        key = (ref.get("uid"), ref["kind"], ref["name"], ns, field_path, reason, message, type_)
        seen = self._seen.get(key)
        if seen is not None:
            ev_ns, ev_name, count = seen
            try:
                out = self.client.patch("v1", "Event", ev_name, {"count": count + 1, "lastTimestamp": now},
                                        ev_ns)
                self._seen[key] = (ev_ns, ev_name, count + 1)
                self._seen.move_to_end(key)
                return out
            except APIError:
                self._seen.pop(key, None)                    # gone (namespace deleted): start anew
        nanos = max(int(self.clock.time() * 1e9), self._last_nanos + 1)
        for _ in range(8):
            self._last_nanos = nanos
            name = f"{ref['name']}.{nanos:x}"
            ev = {"apiVersion": "v1", "kind": "Event",
                  "metadata": {"name": name, "namespace": ns},
                  "involvedObject": ref, "reason": reason, "message": message, "source": dict(self.source),
                  "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": type_,
                  "eventTime": None, "reportingComponent": self.source["component"],
                  "reportingInstance": self.source.get("host", "")}
            try:
                out = self.client.create(ev, ns)
                break
            except APIError as e:
                if e.code != 409:                            # e.g. the namespace is terminating
                    return None
                nanos += 1          # another component wrote an event for this object this very instant
        else:
            return None
        self._seen[key] = (ns, name, 1)
        if len(self._seen) > MAX_LRU_CACHE_ENTRIES:
            self._seen.popitem(last=False)
        return out

    def normal(self, obj: dict, reason: str, message: str, field_path: str = "") -> dict | None:
        return self.event(obj, NORMAL, reason, message, field_path)

    def warning(self, obj: dict, reason: str, message: str, field_path: str = "") -> dict | None:
        return self.event(obj, WARNING, reason, message, field_path)

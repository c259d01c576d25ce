"""OpenAPI v3 documents for the book profile's legacy group/versions (extensions/v1beta1,
apps/v1beta1, apps/v1beta2 ...), made from today's documents: the same schemas, tagged with the
legacy GVK, and the REST paths moved under the legacy prefix. kubectl needs them to leave field
validation to the server (its QueryParamVerifierV3) and to `explain` such kinds.

Differences from upstream: the v1.11 schemas differed in a few fields (e.g. extensions/v1beta1
Deployment's rollbackTo); the legacy documents describe today's fields.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache

from .document import document


def _gv_path(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


@lru_cache(maxsize=None)
def legacy_document(group: str, version: str, aliases: tuple) -> dict:
    """aliases: ((kind, plural, canonical group, canonical version), ...) served at group/version."""
    out = {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"}, "paths": {},
           "components": {"schemas": {}}}
    for kind, plural, cgroup, cversion in aliases:
        src = document(_gv_path(cgroup, cversion))
        old_prefix = "/" + _gv_path(cgroup, cversion) + "/"
        new_prefix = "/" + _gv_path(group, version) + "/"
        gvk = {"group": group, "version": version, "kind": kind}
        for path, item in src["paths"].items():
            if f"/{plural}" not in path:
                continue
            item = copy.deepcopy(item)
            for op in item.values():
                if isinstance(op, dict) and "x-kubernetes-group-version-kind" in op:
                    if op["x-kubernetes-group-version-kind"].get("kind") == kind:
                        op["x-kubernetes-group-version-kind"] = dict(gvk)
            out["paths"][path.replace(old_prefix, new_prefix)] = item
        for name, schema in src["components"]["schemas"].items():
            schema = out["components"]["schemas"].setdefault(name, copy.deepcopy(schema))
            tags = schema.get("x-kubernetes-group-version-kind")
            if tags and any(t.get("kind") == kind and t.get("group") == cgroup for t in tags):
                schema["x-kubernetes-group-version-kind"] = tags + [gvk]
    return out


def legacy_hash(doc: dict) -> str:
    return hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest().upper()

"""Checking a request body's apiVersion and kind against the URL, and converting legacy versions.

Follows `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go` (the "API version in the
data" check) and the decoder's missing-kind errors. Under the v1.11 book profile the booklet's
legacy manifests (extensions/v1beta1, apps/v1beta1, apps/v1beta2, ...) are converted to the
served version, as the v1.11 apiserver converted them to its storage version.
"""

from __future__ import annotations

import json

from . import errors as E


def check_and_convert(server, obj: dict, res) -> dict:
    kind, api_version = obj.get("kind"), obj.get("apiVersion")
    if not kind:
        raise E.bad_request(f"Object 'Kind' is missing in '{_short(obj)}'")
    if not api_version:
        raise E.bad_request(f"Object 'apiVersion' is missing in '{_short(obj)}'")
    if (api_version, kind) == ("events.k8s.io/v1", "Event") and res.api_version == "v1":
        obj = events_v1_to_core(obj)
        kind, api_version = obj["kind"], obj["apiVersion"]
    if (api_version, kind) != (res.api_version, res.kind) and server.profile == "book":
        from ..api.legacy import LEGACY_VERSIONS, convert_legacy
        if (api_version, kind) in LEGACY_VERSIONS:
            obj = convert_legacy(obj)
            kind, api_version = obj.get("kind"), obj.get("apiVersion")
    if api_version != res.api_version:
        raise E.bad_request(f"the API version in the data ({api_version}) does not match the "
                            f"expected API version ({res.api_version})")
    if kind != res.kind:
        raise E.bad_request(f'{res.kind} in version "{res.version}" cannot be handled as a '
                            f'{res.kind}: the kind in the data ({kind}) does not match the '
                            f'expected kind ({res.kind})')
    return obj


def _short(obj: dict) -> str:
    text = json.dumps(obj, separators=(",", ":"))
    return text if len(text) < 256 else text[:253] + "..."


# pkg/apis/events/v1/conversion.go: the events.k8s.io/v1 names of core/v1 Event fields
EVENT_FIELDS = [("regarding", "involvedObject"), ("note", "message"), ("deprecatedSource", "source"),
                ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"),
                ("deprecatedCount", "count"), ("reportingController", "reportingComponent")]


def events_v1_to_core(obj: dict) -> dict:
    out = {("apiVersion" if k == "apiVersion" else k): v for k, v in obj.items()}
    out["apiVersion"] = "v1"
    for new, old in EVENT_FIELDS:
        if new in out:
            out[old] = out.pop(new)
    return out


def core_to_events_v1(obj: dict) -> dict:
    out = dict(obj)
    out["apiVersion"] = "events.k8s.io/v1"
    for new, old in EVENT_FIELDS:
        if old in out:
            out[new] = out.pop(old)
    return out


def to_legacy(obj, api_version: str):
    """An object (or list) of today's version, as the legacy version it was asked for shows it
    (the booklet's `deployment.extensions/redis created` comes from the response's apiVersion).
    events.k8s.io/v1 Events are core Events under other field names."""
    if not isinstance(obj, dict) or obj.get("kind") in ("Status", "Table", "Scale"):
        return obj
    if "items" in obj and isinstance(obj["items"], list):
        return {**obj, "apiVersion": api_version, "items": [to_legacy(i, api_version) for i in obj["items"]]}
    if api_version == "events.k8s.io/v1" and obj.get("kind") == "Event":
        return core_to_events_v1(obj)
    out = {**obj, "apiVersion": api_version}
    if obj.get("kind") == "Ingress" and api_version.startswith(("extensions/", "networking.k8s.io/v1beta1")):
        out["spec"] = _ingress_spec_v1beta1(obj.get("spec") or {})
    return out


def _backend_v1beta1(b: dict) -> dict:
    svc = (b or {}).get("service")
    if not svc:
        return b
    port = svc.get("port") or {}
    return {"serviceName": svc.get("name", ""), "servicePort": port.get("number", port.get("name", 0))}


def _ingress_spec_v1beta1(spec: dict) -> dict:
    import copy
    spec = copy.deepcopy(spec)
    if "defaultBackend" in spec:
        spec["backend"] = _backend_v1beta1(spec.pop("defaultBackend"))
    for rule in spec.get("rules") or []:
        for p in (rule.get("http") or {}).get("paths") or []:
            if "backend" in p:
                p["backend"] = _backend_v1beta1(p["backend"])
    return spec

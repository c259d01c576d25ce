"""Template hashes and ControllerRevisions: how `redis-7c7545cbcb` and `web-6b9f5c7d8` get their names.

Follows `pkg/controller/controller_utils.go` (ComputeHash: FNV-32a over the pod template's
deep-printed form, then the collision count as 8 little-endian bytes; the decimal Sum32 is
safe-encoded by `rand.SafeEncodeString`), `pkg/controller/history/controller_history.go`
(NewControllerRevision, HashControllerRevision: FNV-32 over the revision's raw data plus the
decimal collision count; ControllerRevisionName) and the `getPatch` functions of the DaemonSet
and StatefulSet controllers (the revision data is `{"spec":{"template":{...,"$patch":"replace"}}}`
with every map's keys sorted, as Go's json.Marshal of a map writes them).

The template is printed as go-spew prints the typed v1.PodTemplateSpec (`spew.py`), with the
Go field layout of the profile's Kubernetes version (v1.11 for the booklet, v1.33 today): the
booklet's `kubectl run redis --image=redis:alpine` template hashes to 3731017676 ->
`redis-7c7545cbcb`, as printed in the booklet.

Differences from upstream: the hash is exact only as far as k8slab's defaulting of the template
matches the apiserver's of that version (see `spew.py` for the values printed approximately).
"""

from __future__ import annotations

import json
import struct

from ..api.names import safe_encode_string
from .spew import spew_template

FNV32_OFFSET = 0x811C9DC5
FNV32_PRIME = 0x01000193
CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash"


def fnv32a(data: bytes, h: int = FNV32_OFFSET) -> int:
    for b in data:
        h ^= b
        h = (h * FNV32_PRIME) & 0xFFFFFFFF
    return h


def fnv32(data: bytes, h: int = FNV32_OFFSET) -> int:
    for b in data:
        h = (h * FNV32_PRIME) & 0xFFFFFFFF
        h ^= b
    return h


def go_json(obj) -> bytes:
    """json.Marshal of a map[string]interface{}: sorted keys, no spaces, HTML characters escaped."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text.encode()


def template_sum32(template: dict, collision_count: int | None, profile: str = "current") -> int:
    """The FNV-32a Sum32 ComputeHash takes, before encoding."""
    h = fnv32a(spew_template(template, profile).encode())
    if collision_count is not None:
        h = fnv32a(struct.pack("<I", collision_count & 0xFFFFFFFF) + b"\0\0\0\0", h)
    return h


def compute_hash(template: dict, collision_count: int | None = None, profile: str = "current") -> str:
    """controller.ComputeHash: the safe-encoded pod-template-hash (`7c7545cbcb`)."""
    return safe_encode_string(str(template_sum32(template, collision_count, profile)))


def template_hash_label_and_suffix(template: dict, collision_count: int | None,
                                   profile: str = "current") -> tuple[str, str]:
    """(pod-template-hash label value, name suffix). Since v1.12 both are the encoded hash; the
    booklet's v1.11 labelled with the decimal Sum32 (`3731017676`) and named with its encoding."""
    decimal = str(template_sum32(template, collision_count, profile))
    encoded = safe_encode_string(decimal)
    return (decimal if profile == "book" else encoded), encoded


# ---- ControllerRevisions (controller_history.go) ---------------------------------------------

def template_patch(obj: dict) -> bytes:
    """getPatch: the revision data that restores obj's pod template."""
    template = dict(json.loads(json.dumps((obj.get("spec") or {}).get("template") or {})))
    template["$patch"] = "replace"
    return go_json({"spec": {"template": template}})


def hash_controller_revision(data: bytes, probe: int | None) -> str:
    """HashControllerRevision: FNV-32 over the raw data, then the decimal collision count."""
    h = fnv32(data)
    if probe is not None:
        h = fnv32(str(probe).encode(), h)
    return safe_encode_string(str(h))


def controller_revision_name(prefix: str, hash_: str) -> str:
    if len(prefix) > 223:
        prefix = prefix[:223]
    return f"{prefix}-{hash_}"


def revision_template(revision: dict) -> dict:
    """ApplyRevision's effect on spec.template: the template the revision recorded."""
    data = revision.get("data") or {}
    template = dict((data.get("spec") or {}).get("template") or {})
    template.pop("$patch", None)
    return template


def equal_revision(a: dict, b: dict) -> bool:
    """history.EqualRevision: same hash label (when both have one) and same data."""
    la = (a["metadata"].get("labels") or {}).get(CONTROLLER_REVISION_HASH_LABEL)
    lb = (b["metadata"].get("labels") or {}).get(CONTROLLER_REVISION_HASH_LABEL)
    if la and lb and la != lb:
        return False
    return go_json(a.get("data")) == go_json(b.get("data"))


def sort_revisions(revisions: list[dict]) -> list[dict]:
    """history.SortControllerRevisions: by revision number, then creation time, then name."""
    return sorted(revisions, key=lambda r: (r.get("revision", 0), r["metadata"].get("creationTimestamp") or "",
                                            r["metadata"]["name"]))

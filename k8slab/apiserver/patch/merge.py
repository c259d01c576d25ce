"""JSON merge patch (RFC 7386), `application/merge-patch+json`, as the apiserver applies it.

Follows `gopkg.in/evanphx/json-patch.v4` `merge.go` (MergePatch, CreateMergePatch), which
`k8s.io/apiserver/pkg/endpoints/handlers/patch.go` (jsonPatcher.applyJSPatch) calls, and
`k8s.io/apimachinery/pkg/util/jsonmergepatch/patch.go` (CreateThreeWayJSONMergePatch), which
`kubectl apply` uses for kinds without strategic-merge metadata (custom resources).

The rules: an object in the patch merges into the object it meets, member by member; `null`
deletes a member; anything else (a string, a number, a list) replaces what was there whole. Lists
are never merged -- that is what strategic merge patch adds. evanphx's own turns are kept:
- a value the patch adds has its `null` members dropped, also inside lists of objects; a list that
  replaces an object is taken as it is;
- a patch that is `null` or a scalar is refused (400 "Invalid JSON Patch"); a patch that is a list
  becomes the whole result (the apiserver then fails to decode it into the kind).

Differences from upstream: `create_merge_patch` takes objects only (evanphx also diffs two
arrays of documents, which nothing in Kubernetes uses).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import json

import yaml

from .errors import ConflictError, PreconditionFailed, bad_request, internal
from .gojson import go_fmt, json_kind, loads_strict, valid


def merge_patch(doc, patch):
    """MergePatch(doc, patch) on decoded JSON; neither argument is modified."""
    if patch is None or not isinstance(patch, (dict, list)):
        raise bad_request("Invalid JSON Patch")
    if isinstance(patch, list):
        return _prune(deep_copy(patch))
    if doc is None:
        raise internal("Invalid JSON Document")
    if not isinstance(doc, dict):
        return _prune(deep_copy(patch))
    doc = deep_copy(doc)
    _merge_docs(doc, deep_copy(patch))
    return doc


def _merge_docs(doc: dict, patch: dict) -> None:
    for k, v in patch.items():
        if v is None:
            doc.pop(k, None)
        elif doc.get(k) is None:
            doc[k] = _prune(v)
        else:
            doc[k] = _merge(doc[k], v)


def _merge(cur, patch):
    if not isinstance(cur, dict):
        return _prune(patch)
    if not isinstance(patch, dict):
        return patch
    _merge_docs(cur, patch)
    return cur


def _prune(v):
    """pruneNulls: drop null members of objects, at any depth (null list items stay)."""
    if isinstance(v, dict):
        for k in [k for k, x in v.items() if x is None]:
            del v[k]
        for x in v.values():
            _prune(x)
    elif isinstance(v, list):
        for x in v:
            if x is not None:
                _prune(x)
    return v


def patch_object(current: dict, body: bytes, field_validation: str = "Warn") -> tuple[object, list[str]]:
    """The apiserver's path (applyJSPatch, MergePatchType): returns (patched, strict errors)."""
    if not valid(body):
        raise bad_request("invalid JSON patch")
    strict: list[str] = []
    if field_validation in ("Strict", "Warn"):
        patch, strict = loads_strict(body)
        if patch is not None and not isinstance(patch, dict):
            raise bad_request(f"error decoding patch: json: cannot unmarshal {json_kind(patch)} "
                              "into Go value of type map[string]interface {}")
    else:
        patch = json.loads(body)
    return merge_patch(current, patch), strict


# ---- creating merge patches (the client's side) -------------------------------------------------

def _number(v):
    """evanphx decodes numbers as float64, so 1 and 1.0 are the same value there."""
    return float(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _matches(a, b) -> bool:
    a, b = _number(a), _number(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_matches(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_matches(x, y) for x, y in zip(a, b))
    return a == b


def create_merge_patch(original: dict, modified: dict) -> dict:
    """CreateMergePatch: the merge patch that turns `original` into `modified`."""
    patch = {}
    for k, b in modified.items():
        if k not in original:
            patch[k] = b
            continue
        a = original[k]
        if isinstance(a, dict) and isinstance(b, dict):
            sub = create_merge_patch(a, b)
            if sub:
                patch[k] = sub
        elif not _matches(a, b):
            patch[k] = b
    for k in original:
        if k not in modified:
            patch[k] = None
    return patch


def _keep_or_delete_null(m: dict, keep_null: bool) -> dict:
    """keepOrDeleteNullInObj: keep only the deletions (keep_null) or only everything else."""
    out = {}
    for k, v in m.items():
        if v is None:
            if keep_null:
                out[k] = None
        elif isinstance(v, dict):
            if not v:
                if not keep_null:
                    out[k] = v
                continue
            sub = _keep_or_delete_null(v, keep_null)
            if sub:
                out[k] = sub
        elif not keep_null:
            out[k] = v
    return out


def has_conflicts(left, right) -> bool:
    """mergepatch.HasConflicts: do two merge patches set any common key differently?"""
    if isinstance(left, dict):
        return not isinstance(right, dict) or any(
            k in right and has_conflicts(v, right[k]) for k, v in left.items())
    if isinstance(left, list):
        return (not isinstance(right, list) or len(left) != len(right)
                or any(has_conflicts(a, b) for a, b in zip(left, right)))
    return not (type(left) is type(right) and left == right)


def to_yaml(v) -> str:
    """mergepatch.ToYAMLOrError: sigs.k8s.io/yaml's output (keys sorted, block style)."""
    return yaml.safe_dump(v, default_flow_style=False, sort_keys=True)


def create_three_way_json_merge_patch(original: dict | None, modified: dict | None,
                                      current: dict | None, preconditions=()) -> dict:
    """CreateThreeWayJSONMergePatch: changes from current to modified, deletions from original."""
    original, modified, current = original or {}, modified or {}, current or {}
    add_and_change = _keep_or_delete_null(create_merge_patch(current, modified), False)
    deletions = _keep_or_delete_null(create_merge_patch(original, modified), True)
    if has_conflicts(add_and_change, deletions):
        raise ConflictError(to_yaml(add_and_change), to_yaml(deletions))
    patch = deletions
    for k, v in add_and_change.items():        # MergePatch(deletions, addAndChange), nulls kept
        patch[k] = _merge(patch[k], v) if patch.get(k) is not None else _prune(deep_copy(v))
    for fn in preconditions:
        if not fn(patch):
            raise PreconditionFailed(f"precondition failed for: {go_fmt(patch)}")
    return patch

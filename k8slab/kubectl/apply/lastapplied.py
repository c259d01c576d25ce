"""The `kubectl.kubernetes.io/last-applied-configuration` annotation.

Follows `staging/src/k8s.io/kubectl/pkg/util/apply.go` (GetOriginalConfiguration,
GetModifiedConfiguration, CreateApplyAnnotation, CreateOrUpdateAnnotation): the annotation holds
the object as configured, encoded without the annotation itself, as Go's json.Encoder writes it
(compact, HTML characters escaped, a final newline). An object read from a file is a map, so its
keys come out sorted; an object a generator built is a struct, so its fields come out in struct
order (`{"kind":"Deployment","apiVersion":"apps/v1",...}`). An object without annotations gets
`"annotations":{}` in the encoding, as unstructured.SetAnnotations writes an empty map.
"""

from __future__ import annotations

import json

from ..printers.json import go_escape

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def encode(obj: dict, typed: bool = False) -> str:
    """json.NewEncoder(w).Encode(obj): sorted map keys unless `typed`, then a newline."""
    return go_escape(json.dumps(obj, sort_keys=not typed, ensure_ascii=False, separators=(",", ":"))) + "\n"


def original_configuration(obj: dict) -> str | None:
    """GetOriginalConfiguration: the annotation's text, or None."""
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    return annotations.get(LAST_APPLIED)


def _with_annotations(obj: dict, annotations: dict) -> dict:
    meta = dict(obj.get("metadata") or {})
    if "annotations" in meta:
        meta["annotations"] = annotations
    else:                                   # a new key goes where Go's struct or map would put it
        meta = _insert_annotations(meta, annotations)
    return {**obj, "metadata": meta}


def _insert_annotations(meta: dict, annotations: dict) -> dict:
    out, placed = {}, False
    for k, v in meta.items():
        if not placed and k in ("ownerReferences", "finalizers", "managedFields"):
            out["annotations"], placed = annotations, True
        out[k] = v
    if not placed:
        out["annotations"] = annotations
    return out


def modified_configuration(obj: dict, annotate: bool, typed: bool = False) -> str:
    """GetModifiedConfiguration: the object without the annotation, encoded; with `annotate` the
    encoding of the object that carries that first encoding as its annotation."""
    annotations = dict((obj.get("metadata") or {}).get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    if annotations or not typed:
        bare = _with_annotations(obj, annotations)
    else:                                   # a struct's empty map is left out (omitempty)
        bare = {**obj, "metadata": {k: v for k, v in (obj.get("metadata") or {}).items() if k != "annotations"}}
    modified = encode(bare, typed)
    if annotate:
        modified = encode(_with_annotations(obj, {**annotations, LAST_APPLIED: modified}), typed)
    return modified


def create_apply_annotation(obj: dict, typed: bool = False) -> dict:
    """CreateApplyAnnotation: the object carrying its own configuration as the annotation."""
    config = modified_configuration(obj, annotate=False, typed=typed)
    annotations = dict((obj.get("metadata") or {}).get("annotations") or {})
    annotations[LAST_APPLIED] = config
    return _with_annotations(obj, dict(sorted(annotations.items())) if typed else annotations)


def create_or_update_annotation(create: bool, obj: dict, typed: bool = False) -> dict:
    """CreateOrUpdateAnnotation: with --save-config always; otherwise only when the object already
    carries an annotation (it is then refreshed)."""
    if create or original_configuration(obj):
        return create_apply_annotation(obj, typed)
    return obj

"""Creating strategic merge patches, as kubectl's client-side `apply` (and `edit`) computes them.

Follows `k8s.io/apimachinery/pkg/util/strategicpatch/patch.go`: CreateTwoWayMergePatch (diffMaps
with SetElementOrder), CreateThreeWayMergePatch (the changes from the live object to the new
config, plus the deletions from the last-applied config to the new config, merged with mergeMap)
and MergingMapsHaveConflicts (for `--overwrite=false`). `kubectl apply` calls the three-way form
with original = the `kubectl.kubernetes.io/last-applied-configuration` annotation, modified = the
file (carrying the new annotation), current = the live object, overwrite = true, and the
preconditions that apiVersion, kind and metadata.name do not change.

What the patch holds: changed and added fields; `null` for fields deleted from the config; for a
merged list, its changed items (each with its merge key), `{"<key>": ..., "$patch": "delete"}` for
items deleted from the config, and `$setElementOrder/<field>` listing the merge keys of the new
list whenever the list's items or order changed; `$deleteFromPrimitiveList/<field>` for strings
removed from a merged list of strings; `$retainKeys` for maps whose field has patchStrategy
retainKeys. kubectl 1.32 sends exactly this (see tests for the wire example).

Differences from upstream: the conflict message renders YAML with PyYAML (quoting may differ).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

from dataclasses import dataclass, replace

from .errors import ConflictError, PreconditionFailed, SMPError, bad_arg_type, no_merge_key
from .gojson import deep_equal, go_fmt
from .merge import to_yaml
from .schema import Struct
from .strategic import (DELETE, DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, MERGE, REPLACE, RETAIN_KEYS,
                        SET_ELEMENT_ORDER, MergeOptions, merge_map, retain_keys_and_strategy)
from .strategic_lists import dedupe_scalars, element_kind, merge_key_equal, normalize_slice_order


@dataclass(frozen=True)
class DiffOptions:
    set_element_order: bool = False              # emit $setElementOrder lists
    ignore_changes_and_additions: bool = False   # keep only deletions
    ignore_deletions: bool = False               # keep only changes and additions
    build_retain_keys: bool = False              # emit $retainKeys (field has retainKeys)


def create_two_way_merge_patch(original: dict, modified: dict, schema: Struct,
                               preconditions=()) -> dict:
    """CreateTwoWayMergePatch: the patch that turns `original` into `modified`."""
    patch = diff_maps(deep_copy(original or {}), deep_copy(modified or {}), schema,
                      DiffOptions(set_element_order=True))
    _check(patch, preconditions)
    return patch


def create_three_way_merge_patch(original: dict | None, modified: dict | None, current: dict | None,
                                 schema: Struct, overwrite: bool = True, preconditions=()) -> dict:
    """CreateThreeWayMergePatch, as `kubectl apply` runs it (original = last-applied config)."""
    original, modified, current = (deep_copy(x or {}) for x in (original, modified, current))
    delta = diff_maps(current, modified, schema, DiffOptions(ignore_deletions=True, set_element_order=True))
    deletions = diff_maps(original, modified, schema,
                          DiffOptions(set_element_order=True, ignore_changes_and_additions=True))
    patch = merge_map(deletions, delta, schema, MergeOptions(False, False))
    _check(patch, preconditions)
    if not overwrite:
        changed = diff_maps(original, current, schema, DiffOptions())
        if maps_have_conflicts(patch, changed, schema):
            raise ConflictError(to_yaml(patch), to_yaml(changed))
    return patch


def _check(patch: dict, preconditions) -> None:
    for fn in preconditions:
        if not fn(patch):
            raise PreconditionFailed(f"precondition failed for: {go_fmt(patch)}")


# ---- diffing -------------------------------------------------------------------------------------

def diff_maps(original: dict, modified: dict, schema: Struct, o: DiffOptions) -> dict:
    """diffMaps: the (recursive) patch from `original` to `modified`."""
    patch: dict = {}
    retain = []
    for key, mv in modified.items():
        if o.build_retain_keys and mv is not None:
            retain.append(key)
        if key not in original:
            if not o.ignore_changes_and_additions:
                patch[key] = mv
            continue
        ov = original[key]
        if key == DIRECTIVE:
            if not isinstance(ov, str) or not isinstance(mv, str):
                raise SMPError(f"invalid value for special key: {DIRECTIVE}")
            if ov != mv:
                patch[key] = mv
            continue
        if type(ov) is not type(mv):
            if not o.ignore_changes_and_additions:
                patch[key] = mv
            continue
        if isinstance(ov, dict):
            _diff_map_field(key, ov, mv, patch, schema, o)
        elif isinstance(ov, list):
            _diff_list_field(key, ov, mv, patch, schema, o)
        elif not o.ignore_changes_and_additions and not deep_equal(ov, mv):
            patch[key] = mv
    if not o.ignore_deletions:
        for key in original:
            if key not in modified:
                patch[key] = None
    if retain and (patch or any(v is not None and k not in modified for k, v in original.items())):
        patch[RETAIN_KEYS] = sort_scalars(retain)
    return patch


def _diff_map_field(key, ov: dict, mv: dict, patch: dict, schema: Struct, o: DiffOptions) -> None:
    sub, meta = schema.lookup(key)
    retain, strategy = retain_keys_and_strategy(meta.strategies)
    if strategy == REPLACE:
        if not o.ignore_changes_and_additions:
            patch[key] = mv
        return
    value = diff_maps(ov, mv, sub, replace(o, build_retain_keys=retain))
    if value:
        patch[key] = value


def _diff_list_field(key, ov: list, mv: list, patch: dict, schema: Struct, o: DiffOptions) -> None:
    sub, meta = schema.lookup(key)
    retain, strategy = retain_keys_and_strategy(meta.strategies)
    if strategy != MERGE:
        if not o.ignore_changes_and_additions and not deep_equal(ov, mv):
            patch[key] = mv
        return
    add, delete, order = diff_lists(ov, mv, sub, meta.merge_key, replace(o, build_retain_keys=retain))
    if add:
        patch[key] = add
    if delete:
        patch[f"{DELETE_FROM_PRIMITIVE_LIST}/{key}"] = delete
    if order:
        patch[f"{SET_ELEMENT_ORDER}/{key}"] = order


def diff_lists(original: list, modified: list, schema: Struct, mk: str, o: DiffOptions):
    """diffLists: (patch items, primitive deletions, $setElementOrder list) of a merged list."""
    if not original:
        if not modified or o.ignore_changes_and_additions:
            return [], [], []
        return modified, [], []
    kind = element_kind(original, modified)
    order: list = []
    if kind == "map":
        items, deletes = _diff_lists_of_maps(original, modified, schema, mk, o)
        items = normalize_slice_order(items, modified, mk, kind)
        same_order = _is_order_same(original, modified, mk)
        items, deletes = items + deletes, []
        if o.set_element_order and ((not o.ignore_changes_and_additions and (items or not same_order))
                                    or (not o.ignore_deletions and items)):
            order = [{mk: v.get(mk)} for v in modified]
    else:
        items, deletes = _diff_lists_of_scalars(original, modified, o)
        items = normalize_slice_order(items, modified, mk, kind)
        # upstream sorted `original` in place while diffing, so only content changes count here
        if o.set_element_order and ((not o.ignore_deletions and deletes)
                                    or (not o.ignore_changes_and_additions
                                        and not deep_equal(original, modified))):
            order = modified
    return items, deletes, order


def _is_order_same(original: list, modified: list, mk: str) -> bool:
    if len(original) != len(modified):
        return False
    return all(merge_key_equal(a, b, mk) for a, b in zip(original, modified))


def sort_scalars(s: list) -> list:
    """sortScalars: by their %v text (sort.Sort is not stable, but equal texts are equal values)."""
    return sorted(s, key=go_fmt)


def _diff_lists_of_scalars(original: list, modified: list, o: DiffOptions) -> tuple[list, list]:
    original.sort(key=go_fmt)            # upstream sorts the caller's list in place
    mod = sort_scalars(list(modified))
    add, delete, i, j = [], [], 0, 0
    while i < len(original) or j < len(mod):
        a = go_fmt(original[i]) if i < len(original) else None
        b = go_fmt(mod[j]) if j < len(mod) else None
        if a is not None and b is not None and a == b:
            i, j = i + 1, j + 1
        elif a is None or (b is not None and a > b):
            if not o.ignore_changes_and_additions:
                add.append(mod[j])
            j += 1
        else:
            if not o.ignore_deletions:
                delete.append(original[i])
            i += 1
    return add, dedupe_scalars(delete)


def _sorted_by_key(items: list, mk: str) -> list:
    """sortMergeListsByNameArray without recursion: maps by their merge key's %v text."""
    if not items:
        return items
    if element_kind(items) != "map":
        return sort_scalars(dedupe_scalars(items))
    return sorted(items, key=lambda m: go_fmt(m.get(mk)))


def _keyed(items: list, i: int, mk: str):
    m = items[i]
    if not isinstance(m, dict):
        raise bad_arg_type("map[string]interface {}", m)
    if mk not in m:
        raise no_merge_key(m, mk)
    return m, m[mk]


def _diff_lists_of_maps(original: list, modified: list, schema: Struct, mk: str, o: DiffOptions):
    """diffListsOfMaps: walk both lists sorted by merge key; (changed/added items, deletions)."""
    orig, mod = _sorted_by_key(original, mk), _sorted_by_key(modified, mk)
    patch, deletes, i, j = [], [], 0, 0
    while i < len(orig) or j < len(mod):
        a = b = None
        if i < len(orig):
            oe, ok = _keyed(orig, i, mk)
            a = go_fmt(ok)
        if j < len(mod):
            me, mkv = _keyed(mod, j, mk)
            b = go_fmt(mkv)
        if a is not None and b is not None and a == b:
            value = diff_maps(oe, me, schema, o)
            if value:
                value[mk] = mkv
                patch.append(value)
            i, j = i + 1, j + 1
        elif a is None or (b is not None and a > b):
            if not o.ignore_changes_and_additions:
                patch.append(me)
            j += 1
        else:
            if not o.ignore_deletions:
                deletes.append({mk: ok, DIRECTIVE: DELETE})
            i += 1
    return patch, deletes


# ---- conflicts (kubectl apply --overwrite=false) -------------------------------------------------

def maps_have_conflicts(left: dict, right: dict, schema: Struct) -> bool:
    """MergingMapsHaveConflicts: do two patches change a common field differently?"""
    return _field_conflicts(left, right, schema, "", "")


def _field_conflicts(left, right, schema: Struct, strategy: str, mk: str) -> bool:
    if isinstance(left, dict):
        if not isinstance(right, dict):
            return True
        if (DIRECTIVE in left or DIRECTIVE in right) and (
                (DIRECTIVE in left) != (DIRECTIVE in right) or left[DIRECTIVE] != right[DIRECTIVE]):
            return True
        if strategy == REPLACE:
            return False
        for key, lv in left.items():
            if key in (DIRECTIVE, RETAIN_KEYS) or key not in right:
                continue
            sub, meta, sub_strategy = schema, None, ""
            if isinstance(lv, (dict, list)):
                sub, meta = schema.lookup(key)
                sub_strategy = retain_keys_and_strategy(meta.strategies)[1]
            if _field_conflicts(lv, right[key], sub, sub_strategy, meta.merge_key if meta else ""):
                return True
        return False
    if isinstance(left, list):
        if not isinstance(right, list):
            return True
        kind = element_kind(left, right)
        if strategy == MERGE:
            if kind != "map":
                return False
            lm, rm = _by_key(left, mk), _by_key(right, mk)
            return any(k in rm and _field_conflicts(v, rm[k], schema, "", "") for k, v in lm.items())
        if len(left) != len(right):
            return True
        if kind != "map":
            left, right = sort_scalars(dedupe_scalars(left)), sort_scalars(dedupe_scalars(right))
        return any(_field_conflicts(a, b, schema, "", "") for a, b in zip(left, right))
    return not deep_equal(left, right)


def _by_key(items: list, mk: str) -> dict:
    out = {}
    for v in items:
        if not isinstance(v, dict):
            raise SMPError(f"invalid element type in merging list:{go_fmt(items)}")
        if mk not in v:
            raise SMPError(f"cannot find merge key `{mk}` in merging list element:{go_fmt(v)}")
        out[go_fmt(v[mk])] = v
    return out

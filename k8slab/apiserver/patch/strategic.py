"""Strategic merge patch, `application/strategic-merge-patch+json`, as the apiserver applies it.

Follows `k8s.io/apimachinery/pkg/util/strategicpatch/patch.go` (StrategicMergeMapPatch and the
mergeMap it runs with MergeParallelList and IgnoreUnmatchedNulls) and `errors.go`,
`k8s.io/apimachinery/pkg/util/mergepatch/errors.go`, and the caller in
`k8s.io/apiserver/pkg/endpoints/handlers/patch.go` (strategicPatchObject).

A JSON merge patch that knows the schema (`schema.py`): maps merge key by key, `null` deletes;
a list whose field has patchStrategy `merge` is merged item by item on its patchMergeKey (lists of
strings, such as finalizers, are unioned); any other list is replaced. Directives:
- `$patch: replace` in a map replaces the map; `$patch: delete` empties it. In a merged list, an
  item `{"name": "x", "$patch": "delete"}` deletes item x, `{"$patch": "replace"}` replaces the
  whole list with the other items;
- `$retainKeys: [...]` clears every key of the map not listed (kubectl sends it for fields with
  patchStrategy retainKeys, such as a Deployment's `spec.strategy`);
- `$setElementOrder/<field>: [...]` gives the final order of a merged list;
- `$deleteFromPrimitiveList/<field>: [...]` removes strings from a merged list of strings.
Order of a merged list: items named by the patch in the patch's (or $setElementOrder's) order,
the server's other items kept in their order, interleaved as upstream's mergeSortedSlice does
(so an item new to the list comes first).

Differences from upstream: an unknown kind is patched with an empty schema (JSON-merge-patch
semantics plus the directives) where upstream refuses strategic merge patch for custom resources
before getting here; the handler decides with `schema.smp_supported()`. Go's panics on malformed
input (lists mixing types in unchecked places) are ordinary errors here.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import json
from dataclasses import dataclass

from .errors import (PatchError, SMPError, bad_arg_type, bad_patch_type, bad_request, no_merge_key,
                     sentinel, to_patch_error)
from .gojson import deep_equal, go_fmt, json_kind, loads_strict, same, valid
from .schema import Struct
from .strategic_lists import (dedupe_scalars, element_kind, find_by_key, merge_key_equal,
                              normalize_element_order, partition_maps, partition_primitives,
                              reused_backing_array, split_deletes)

DIRECTIVE = "$patch"
DELETE, REPLACE, MERGE = "delete", "replace", "merge"
RETAIN_KEYS_STRATEGY = "retainKeys"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
SET_ELEMENT_ORDER = "$setElementOrder"
_LIST_T = "[]interface {}"


@dataclass(frozen=True)
class MergeOptions:
    merge_parallel_list: bool      # apply $deleteFromPrimitiveList/$setElementOrder (server side)
    ignore_unmatched_nulls: bool   # drop nulls that match nothing (server side)


SERVER = MergeOptions(True, True)


def strategic_merge_patch(original: dict, patch: dict | None, schema: Struct) -> dict:
    """StrategicMergeMapPatch: `original` after `patch`; neither argument is modified."""
    return merge_map(deep_copy(original), deep_copy(patch or {}), schema, SERVER)


def patch_object(current: dict, body: bytes, schema: Struct,
                 field_validation: str = "Warn") -> tuple[dict, list[str]]:
    """strategicPatchObject: decode the body, apply it; errors carry upstream's statuses."""
    if not valid(body):
        raise bad_request("invalid JSON patch")
    patch, strict = (loads_strict(body) if field_validation in ("Strict", "Warn")
                     else (json.loads(body), []))
    if patch is not None and not isinstance(patch, dict):
        raise bad_request(f"json: cannot unmarshal {json_kind(patch)} into Go value of type "
                          "map[string]interface {}")
    try:
        return strategic_merge_patch(current, patch, schema), strict
    except SMPError as e:
        raise to_patch_error(e) from None


def retain_keys_and_strategy(strategies: tuple[str, ...]) -> tuple[bool, str]:
    """extractRetainKeysPatchStrategy: (has retainKeys, the other strategy)."""
    if len(strategies) == 0:
        return False, ""
    if len(strategies) == 1:
        s = strategies[0]
        return (True, "") if s == RETAIN_KEYS_STRATEGY else (False, s)
    if len(strategies) == 2 and RETAIN_KEYS_STRATEGY in strategies:
        return True, strategies[1] if strategies[0] == RETAIN_KEYS_STRATEGY else strategies[0]
    raise SMPError(f"unexpected patch strategy: {go_fmt(list(strategies))}")


def extract_key(s: str, prefix: str) -> str:
    parts = s.split("/", 1)
    if len(parts) <= 1 or parts[0] != prefix:
        if prefix == DELETE_FROM_PRIMITIVE_LIST:
            raise sentinel("BadPatchFormatForPrimitiveList")
        if prefix == SET_ELEMENT_ORDER:
            raise sentinel("BadPatchFormatForSetElementOrderList")
        raise SMPError(f'fail to find unknown prefix "{prefix}" in {s}\n')
    return parts[1]


# ---- maps ----------------------------------------------------------------------------------------

def merge_map(original: dict | None, patch: dict, schema: Struct, opts: MergeOptions) -> dict:
    """mergeMap: merge `patch` into `original` in place (both are consumed) and return it."""
    if DIRECTIVE in patch:
        d = patch[DIRECTIVE]
        if d == REPLACE:
            del patch[DIRECTIVE]
            return patch
        if d == DELETE:
            return {}
        raise bad_patch_type(d, patch)
    if original is None:
        original = {}
    _apply_retain_keys(original, patch, opts)
    _merge_set_element_order(original, patch, schema, opts)
    for k, pv in list(patch.items()):
        is_delete_list = False
        if k.startswith(DELETE_FROM_PRIMITIVE_LIST):
            if not opts.merge_parallel_list:
                original[k] = pv
                continue
            k, is_delete_list = extract_key(k, DELETE_FROM_PRIMITIVE_LIST), True
        if pv is None:
            original.pop(k, None)
            if opts.ignore_unmatched_nulls:
                continue
        if k not in original or type(original[k]) is not type(pv):
            if not is_delete_list:
                _take_patch_value(original, k, pv, opts)
            continue
        ov = original[k]
        if isinstance(ov, (dict, list)):
            sub, meta = schema.lookup(k)
            _, strategy = retain_keys_and_strategy(meta.strategies)
            if isinstance(ov, dict):
                original[k] = merge_map(ov, pv, sub, opts) if strategy != REPLACE else pv
            else:
                original[k] = merge_slice_handler(ov, pv, sub, strategy, meta.merge_key,
                                                  is_delete_list, opts)
        else:
            _take_patch_value(original, k, pv, None)
    return original


def _take_patch_value(original: dict, k: str, pv, opts: MergeOptions | None) -> None:
    """The patch's value wins: nulls inside dropped (server side), directives removed."""
    if opts is not None and opts.ignore_unmatched_nulls:
        discard_null_values(pv)
    v, keep = remove_directives(pv)
    if keep:
        original[k] = v
    else:
        original.pop(k, None)


def discard_null_values(v) -> None:
    if isinstance(v, dict):
        for k in [k for k, x in v.items() if x is None]:
            del v[k]
        for x in v.values():
            discard_null_values(x)
    elif isinstance(v, list):
        for x in v:
            discard_null_values(x)


def remove_directives(v):
    """removeDirectives: (value without $patch maps, whether to keep it at all)."""
    if isinstance(v, dict):
        if DIRECTIVE in v:
            return None, False
        for k in list(v):
            x, keep = remove_directives(v[k])
            if keep:
                v[k] = x
            else:
                del v[k]
        return v, True
    if isinstance(v, list):
        out = []
        for x in v:
            x, keep = remove_directives(x)
            if keep:
                out.append(x)
        return out, True
    return v, True


def _apply_retain_keys(original: dict, patch: dict, opts: MergeOptions) -> None:
    """applyRetainKeysDirective: clear the keys of `original` that $retainKeys leaves out."""
    if RETAIN_KEYS not in patch:
        return
    keys = patch.pop(RETAIN_KEYS)
    if not opts.merge_parallel_list:
        if RETAIN_KEYS in original:
            if not deep_equal(original[RETAIN_KEYS], keys):
                raise SMPError(f"{go_fmt(original[RETAIN_KEYS])} and {go_fmt(keys)} are not deep "
                               "equal: this may happen when calculating the 3-way diff patch")
        else:
            original[RETAIN_KEYS] = keys
        return
    if not isinstance(keys, list):
        raise sentinel("BadPatchFormatForRetainKeys")
    keep = {k for k in keys if isinstance(k, str)}
    for k, v in patch.items():
        if v is None or k.startswith(DELETE_FROM_PRIMITIVE_LIST) or k.startswith(SET_ELEMENT_ORDER):
            continue
        if k not in keep:
            raise sentinel("BadPatchFormatForRetainKeys")
    for k in [k for k in original if k not in keep]:
        del original[k]


def _merge_set_element_order(original: dict, patch: dict, schema: Struct, opts: MergeOptions) -> None:
    """mergePatchIntoOriginal: merge each list named by a $setElementOrder, then order it."""
    for key, order in list(patch.items()):
        if not key.startswith(SET_ELEMENT_ORDER):
            continue
        if not opts.merge_parallel_list:
            if key in original and not deep_equal(original[key], order):
                raise sentinel("BadPatchFormatForSetElementOrderList")
            original.setdefault(key, order)
        del patch[key]
        if not isinstance(order, list):
            raise bad_arg_type(_LIST_T, order)
        field = extract_key(key, SET_ELEMENT_ORDER)
        o_list, p_list = original.get(field), patch.get(field)
        found_o, found_p = field in original, field in patch
        if found_o and not isinstance(o_list, list):
            raise bad_arg_type(_LIST_T, o_list)
        if found_p and not isinstance(p_list, list):
            raise bad_arg_type(_LIST_T, p_list)
        o_list, p_list = o_list or [], p_list or []
        sub, meta = schema.lookup(field)
        _, strategy = retain_keys_and_strategy(meta.strategies)
        mk = meta.merge_key
        _validate_set_element_order(p_list, order, mk)
        if found_o and not found_p:
            merged = o_list
        elif found_p and not found_o:
            merged = remove_directives(p_list)[0]
        elif found_o and found_p:
            merged = merge_slice_handler(o_list, p_list, sub, strategy, mk, False, opts)
        else:
            continue
        if mk:
            in_patch, server_only = partition_maps(merged, order, mk)
        else:
            in_patch, server_only = partition_primitives(merged, order)
        kind = element_kind(o_list, p_list)
        server_order = o_list
        if found_o and found_p and strategy == MERGE and kind == "map":
            server_order = reused_backing_array(o_list, p_list, mk)
        original[field] = normalize_element_order(in_patch, server_only, order, server_order, mk, kind)
        patch.pop(field, None)


def _validate_set_element_order(patch_list: list, order: list, mk: str) -> None:
    """validatePatchWithSetOrderList: the patch's items appear in $setElementOrder's order."""
    if not order or not patch_list:
        return
    items = split_deletes(patch_list)[0] if mk else patch_list
    pi = si = 0
    while pi < len(items) and si < len(order):
        if isinstance(items[pi], dict) and DIRECTIVE in items[pi]:
            pi += 1
            continue
        if merge_key_equal(items[pi], order[si], mk):
            pi += 1
        si += 1
    if pi < len(items) and si >= len(order):
        raise SMPError(f"The order in patch list:\n{go_fmt(patch_list)}\n doesn't match "
                       f"{SET_ELEMENT_ORDER} list:\n{go_fmt(order)}\n")


# ---- lists ---------------------------------------------------------------------------------------

def merge_slice_handler(original, patch, schema: Struct, strategy: str, mk: str,
                        is_delete_list: bool, opts: MergeOptions) -> list:
    if not isinstance(original, list):
        raise bad_arg_type(_LIST_T, original)
    if not isinstance(patch, list):
        raise bad_arg_type(_LIST_T, patch)
    if strategy == MERGE or is_delete_list:
        return merge_slice(original, patch, schema, mk, opts, is_delete_list)
    return patch


def merge_slice(original: list, patch: list, schema: Struct, mk: str, opts: MergeOptions,
                is_delete_list: bool) -> list:
    """mergeSlice: merge two lists of one kind, then restore upstream's order."""
    if not original and not patch:
        return original
    kind = element_kind(original, patch)
    if kind != "map":
        if opts.merge_parallel_list and is_delete_list:
            return [v for v in original if not any(same(v, d) for d in patch)]
        merged = dedupe_scalars(original + patch)
    else:
        if not mk:
            raise SMPError(f"cannot merge lists without merge key for {schema.name}")
        original, patch = _apply_list_directives(original, patch, mk)
        merged = list(original)
        for item in patch:
            if mk not in item:
                raise no_merge_key(item, mk)
            i = find_by_key(merged, mk, item[mk])
            if i is None:
                merged.append(item)
            else:
                merged[i] = merge_map(merged[i], item, schema, opts)
    if mk:
        in_patch, server_only = partition_maps(merged, patch, mk)
    else:
        in_patch, server_only = partition_primitives(merged, patch)
    return normalize_element_order(in_patch, server_only, patch, original, mk, kind)


def _apply_list_directives(original: list, patch: list, mk: str) -> tuple[list, list]:
    """mergeSliceWithSpecialElements: carry out `$patch` items; (new original, plain items)."""
    plain, replace = [], False
    for item in patch:
        if DIRECTIVE not in item:
            plain.append(item)
        elif item[DIRECTIVE] == DELETE:
            if mk not in item:
                raise no_merge_key(item, mk)
            find_by_key(original, mk, item[mk])        # upstream's "not a map" check
            original = [o for o in original if not (mk in o and same(o[mk], item[mk]))]
        elif item[DIRECTIVE] == REPLACE:
            replace = True
        elif item[DIRECTIVE] == MERGE:
            raise SMPError("merging lists cannot yet be specified in the patch")
        else:
            raise bad_patch_type(item[DIRECTIVE], item)
    return (plain, []) if replace else (original, plain)


__all__ = ["strategic_merge_patch", "patch_object", "merge_map", "MergeOptions", "SERVER",
           "PatchError", "SMPError"]

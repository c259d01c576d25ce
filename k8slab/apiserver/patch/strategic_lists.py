"""The list rules of strategic merge patch: element kinds, merge keys, and the order of a merged list.

Follows `k8s.io/apimachinery/pkg/util/strategicpatch/patch.go` (sliceElementType,
deduplicateScalars, findMapInSliceBasedOnKeyValue, mergeKeyValueEqual, partition*PresentInList,
normalizeSliceOrder, normalizeElementOrder, mergeSortedSlice). Upstream compares merge-key values
with Go's `==` on interface values, so `80` and `80.0` or `"80"` are different keys here too.

How a merged list is ordered (normalizeElementOrder): the items the patch names are sorted by the
patch's order (or by `$setElementOrder`); the server's other items keep their order; the two runs
are interleaved by their places in the server's list, and an item the server's list lacks goes
before the server items still waiting -- so a new container lands first unless `$setElementOrder`
says otherwise.

Differences from upstream: sort.SliceStable's insertion sort is reproduced exactly, but Go's
block merge for lists over 20 items is not; the two agree whenever every item is found in the
order list, which is the only case upstream's callers produce.
"""

from __future__ import annotations

from .errors import SMPError, bad_arg_type, no_merge_key, sentinel
from .gojson import go_fmt, same

DIRECTIVE, DELETE, REPLACE = "$patch", "delete", "replace"
MAP_T = "map[string]interface {}"


def find_by_key(items: list, mk: str, value) -> int | None:
    """findMapInSliceBasedOnKeyValue: the index of the map whose `mk` is `value`."""
    for i, v in enumerate(items):
        if not isinstance(v, dict):
            raise SMPError(f"value for key {i} is not a map")
        if mk in v and same(v[mk], value):
            return i
    return None


def element_kind(*lists: list) -> str:
    """sliceElementType: "map" or "scalar"; every element must have the same type."""
    first = None
    for lst in lists:
        for v in lst:
            if v is None and first is None:     # reflect.TypeOf(nil).Kind() panics upstream
                raise SMPError("runtime error: invalid memory address or nil pointer dereference")
            if first is None:
                first = type(v)
                if first is list:
                    raise sentinel("NoListOfLists")
            elif type(v) is not first:
                raise SMPError(f"list element types are not identical: {go_fmt(list(lists))}")
    if first is None:
        raise SMPError("no elements in any of the given slices")
    return "map" if first is dict else "scalar"


def dedupe_scalars(s: list) -> list:
    """deduplicateScalars, with its habit of moving the last item into a duplicate's place."""
    s, n = list(s), len(s) - 1
    i = 0
    while i < n:
        j = i + 1
        while j <= n:
            if same(s[i], s[j]):
                s[j] = s[n]
                s, n, j = s[:n], n - 1, j - 1
            j += 1
        i += 1
    return s


def merge_key_equal(left, right, mk: str) -> bool:
    if not mk:
        return same(left, right)
    for v in (left, right):
        if not isinstance(v, dict):
            raise bad_arg_type(MAP_T, v)
        if mk not in v:
            raise no_merge_key(v, mk)
    return same(left[mk], right[mk])


def partition_primitives(items: list, by: list) -> tuple[list, list]:
    in_by = [v for v in items if any(same(v, b) for b in by)]
    return in_by, [v for v in items if not any(same(v, b) for b in by)]


def partition_maps(items: list, by: list, mk: str) -> tuple[list, list]:
    in_by, rest = [], []
    for v in items:
        if not isinstance(v, dict):
            raise bad_arg_type(MAP_T, v)
        if mk not in v:
            raise no_merge_key(v, mk)
        (in_by if find_by_key(by, mk, v[mk]) is not None else rest).append(v)
    return in_by, rest


def split_deletes(items: list) -> tuple[list, list]:
    keep, delete = [], []
    for v in items:
        if not isinstance(v, dict):
            raise bad_arg_type(MAP_T, v)
        (delete if v.get(DIRECTIVE) == DELETE else keep).append(v)
    return keep, delete


def _index(order: list, item, mk: str, kind: str) -> int:
    """index(): position of `item` in `order` by merge key (maps) or value; -1 if absent."""
    key = (lambda v: v.get(mk) if isinstance(v, dict) else None) if kind == "map" else (lambda v: v)
    want = key(item)
    for i, v in enumerate(order):
        if same(key(v), want):
            return i
    return -1


def normalize_slice_order(items: list, order: list, mk: str, kind: str) -> list:
    """normalizeSliceOrder: sort `items` by their place in `order`; `$patch: delete` items last."""
    deletes: list = []
    if kind == "map":
        for v in items + order:
            if not isinstance(v, dict):
                raise bad_arg_type(MAP_T, v)
            if mk not in v:
                raise no_merge_key(v, mk)
        items, deletes = split_deletes(items)
    pos = [_index(order, v, mk, kind) for v in items]
    idx = list(range(len(items)))
    # sort.SliceStable with upstream's less(): an item missing from `order` sorts before all
    for i in range(1, len(idx)):
        j = i
        while j > 0 and (pos[idx[j]] < 0 or pos[idx[j - 1]] < 0 or pos[idx[j]] < pos[idx[j - 1]]):
            idx[j], idx[j - 1] = idx[j - 1], idx[j]
            j -= 1
    return [items[i] for i in idx] + deletes


def normalize_element_order(in_patch: list, server_only: list, patch_order: list,
                            server_order: list, mk: str, kind: str) -> list:
    """normalizeElementOrder: order both parts, then interleave them (mergeSortedSlice)."""
    right = normalize_slice_order(in_patch, patch_order, mk, kind)
    left = normalize_slice_order(server_only, server_order, mk, kind)
    out, i, j = [], 0, 0
    while i < len(left) or j < len(right):
        if j >= len(right):
            out.append(left[i])
            i += 1
        elif i >= len(left):
            out.append(right[j])
            j += 1
        else:
            li, ri = _index(server_order, left[i], mk, kind), _index(server_order, right[j], mk, kind)
            if li >= 0 and ri >= 0 and li < ri:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
    return out


def reused_backing_array(o_list: list, p_list: list, mk: str) -> list:
    """The server's list as upstream sees it after merging: Go's mergeSlice deleted items by
    shifting the list's backing array left and appended new items into it, so the original
    slice (same array, same length) now shows the survivors, then the first new items, then
    stale leftovers. Upstream orders the server-only items by that view; so do we."""
    arr, live = list(o_list), len(o_list)
    for p in p_list:
        if isinstance(p, dict) and p.get(DIRECTIVE) == DELETE and mk in p:
            while (i := next((i for i in range(live) if same(arr[i].get(mk), p[mk])), None)) is not None:
                arr[i:live - 1], live = arr[i + 1:live], live - 1
    if any(isinstance(p, dict) and p.get(DIRECTIVE) == REPLACE for p in p_list):
        return arr
    seen = [a.get(mk) for a in arr[:live]]
    for p in p_list:
        if isinstance(p, dict) and DIRECTIVE not in p and not any(same(k, p.get(mk)) for k in seen):
            seen.append(p.get(mk))
            if live < len(arr):
                arr[live] = p
            live += 1
    return arr

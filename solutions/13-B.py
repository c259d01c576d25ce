"""solution 13-B: every version of a key

Write versions(store, key): the history of one key, from the store's multi-version log.

The reference answer; `check("13-B", "solutions/13-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def versions(store, key: str) -> list:
    """Every version of `key` still in the store, oldest first, as (revision, value).

    value is the stored JSON decoded, or None where the key was deleted. Hint: a watch that
    starts at an old revision (store.watch(key, start_revision=...)) replays the history;
    take() its events, then cancel() it.
    """
    import json
    watcher = store.watch(key, start_revision=max(1, store.compact_revision + 1))
    try:
        events = watcher.take()
    finally:
        watcher.cancel()
    return [(e.kv.mod_revision, None if e.type == "DELETE" else json.loads(e.kv.value)) for e in events]

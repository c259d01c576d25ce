"""exercise 13-B: every version of a key

Write versions(store, key): the history of one key, from the store's multi-version log.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("13-B")` in a notebook (or
`pytest tests/exercises -k 13-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def versions(store, key: str) -> list:
    """Every version of `key` still in the store, oldest first, as (revision, value).

    value is the stored JSON decoded, or None where the key was deleted. Hint: a watch that
    starts at an old revision (store.watch(key, start_revision=...)) replays the history;
    take() its events, then cancel() it.
    """
    raise NotImplementedError("exercise 13-B: your code here")

"""--sort-by: natural order, missing fields first, kubectl's error when no object has the field."""

import pytest

from k8slab.kubectl.errors import CommandError
from k8slab.kubectl.sorting import natural_less, sort_objects


def test_natural_less():
    assert natural_less("pod-2", "pod-10") and not natural_less("pod-10", "pod-2")
    assert natural_less("a1", "ab")                                 # digits before other characters
    assert natural_less("x1", "x01") and not natural_less("x01", "x1")   # fewer leading zeros first
    assert natural_less("abc", "abcd") and not natural_less("b", "a")


def test_sort_objects_by_field():
    objs = [{"m": {"n": "pod-10"}}, {"m": {}}, {"m": {"n": "pod-2"}}]
    assert [o["m"].get("n") for o in sort_objects(objs, ".m.n")] == [None, "pod-2", "pod-10"]
    assert [o["r"] for o in sort_objects([{"r": 3}, {"r": 1}], "{.r}")] == [1, 3]
    with pytest.raises(CommandError) as e:
        sort_objects([{"a": 1}], ".nope")
    assert e.value.message == 'error: couldn\'t find any field with path "{.nope}" in the list of objects'

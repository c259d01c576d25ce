"""exercise 07-A: from a ReplicaSet's name back to its pod-template-hash

Write hash_from_suffix(suffix): undo rand.SafeEncodeString on a ReplicaSet name suffix to get
the decimal pod-template-hash v1.11 put in the label (redis-7c7545cbcb -> 3731017676).

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("07-A")` in a notebook (or
`pytest tests/exercises -k 07-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def hash_from_suffix(suffix: str) -> str:
    """The decimal pod-template-hash a ReplicaSet's name suffix was made from ("7c7545cbcb" ->
    "3731017676").

    The suffix is rand.SafeEncodeString of the decimal string: each character c of it becomes
    ALPHABET[ord(c) % 27]. Undo that. Raise ValueError if a character of `suffix` is not the
    encoding of any digit.
    """
    ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
    raise NotImplementedError("exercise 07-A: your code here")

"""solution 07-A: from a ReplicaSet's name back to its pod-template-hash

Write hash_from_suffix(suffix): undo rand.SafeEncodeString on a ReplicaSet name suffix to get
the decimal pod-template-hash v1.11 put in the label (redis-7c7545cbcb -> 3731017676).

The reference answer; `check("07-A", "solutions/07-A.py")` passes on it.

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
    back = {ALPHABET[ord(d) % len(ALPHABET)]: d for d in "0123456789"}
    out = []
    for ch in suffix:
        if ch not in back:
            raise ValueError(f"{ch!r} does not encode a digit")
        out.append(back[ch])
    return "".join(out)

"""exercise 04-B: kubectl's version skew

Write skew_supported(client_version, server_version): kubectl supports servers one minor
version older or newer than itself, of the same major version.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("04-B")` in a notebook (or
`pytest tests/exercises -k 04-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def skew_supported(client_version: str, server_version: str) -> bool:
    """Does kubectl support this server? Versions look like "v1.11.3", "1.12", "v1.32.0-k8slab".

    kubectl supports a server whose minor version is within one of its own (1.11 talks to 1.10,
    1.11 and 1.12) and of the same major version.
    """
    raise NotImplementedError("exercise 04-B: your code here")

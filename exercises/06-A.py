"""exercise 06-A: from a kubectl word to a URL

Write request_path(word, name, namespace, resources): the URL path kubectl requests for
`kubectl get <word> [<name>] -n <namespace>`, resolving plural, singular, short names and kinds
through discovery as kubectl's REST mapper does (checked against `kubectl -v=6`).

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("06-A")` in a notebook (or
`pytest tests/exercises -k 06-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def request_path(word: str, name: str, namespace: str, resources: list[dict]) -> str | None:
    """The URL path `kubectl get <word> [<name>] -n <namespace>` requests, or None if no resource
    matches `word`.

    `resources` is the server's discovery, in its order: dicts with name ("deployments"),
    singularName, shortNames, kind, group ("" for the core group), version and namespaced.
    `word` may be a plural, a singular, a short name or a kind in any case ("po", "Pod", "pods"),
    optionally qualified by its group ("deployments.apps") or version and group
    ("deployments.v1.apps"). The first resource that matches wins. The path is
      /api/v1[/namespaces/<ns>]/<plural>[/<name>]               for the core group,
      /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>] otherwise,
    with the namespace part only for namespaced resources, and no query string.
    """
    raise NotImplementedError("exercise 06-A: your code here")

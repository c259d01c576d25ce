"""solution 06-A: from a kubectl word to a URL

Write request_path(word, name, namespace, resources): the URL path kubectl requests for
`kubectl get <word> [<name>] -n <namespace>`, resolving plural, singular, short names and kinds
through discovery as kubectl's REST mapper does (checked against `kubectl -v=6`).

The reference answer; `check("06-A", "solutions/06-A.py")` passes on it.

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
    candidates = []
    if word.count(".") >= 2:
        plural, version, group = word.split(".", 2)
        candidates.append((plural, group, version))
    if "." in word:
        plural, group = word.split(".", 1)
        candidates.append((plural, group, ""))
    candidates.append((word, "", ""))
    for w, group, version in candidates:
        for r in resources:
            if group and r["group"] != group.lower() or version and r["version"] != version.lower():
                continue
            if w in (r.get("shortNames") or []) or w.lower() in (r["name"], r["singularName"], r["kind"].lower()):
                base = f"/apis/{r['group']}/{r['version']}" if r["group"] else f"/api/{r['version']}"
                if r["namespaced"]:
                    base += f"/namespaces/{namespace}"
                base += f"/{r['name']}"
                return f"{base}/{name}" if name else base
    return None

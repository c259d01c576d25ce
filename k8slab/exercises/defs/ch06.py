"""Chapter 6 (kubectl): the URL behind `kubectl get`; which server and namespace a kubeconfig selects."""

from __future__ import annotations

import copy
import re

from ..registry import Exercise

PATH = '''
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
    # BEGIN SOLUTION
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
    # END SOLUTION
'''


def _discovery(c) -> list[dict]:
    """The preferred version of every group, as discovery lists them (core first)."""
    groups = [("", "v1")] + [(g["name"], g["preferredVersion"]["version"])
                             for g in c.client.raw("GET", "/apis").body["groups"]]
    out = []
    for group, version in groups:
        body = c.client.raw("GET", f"/apis/{group}/{version}" if group else "/api/v1").body
        for r in body["resources"]:
            if "/" not in r["name"]:
                out.append({"name": r["name"], "singularName": r.get("singularName") or r["kind"].lower(),
                            "shortNames": list(r.get("shortNames") or []), "kind": r["kind"], "group": group,
                            "version": version, "namespaced": r["namespaced"]})
    return out


GET_LINE = re.compile(r"round_trippers\.go:\d+\] GET http://[^/]+(/\S*?)(?:\?\S*)? \d{3} ")


def check_path(request_path) -> str:
    from k8slab import Cluster
    c = Cluster(nodes=0, seed=0)
    resources = _discovery(c)
    given = copy.deepcopy(resources)
    c.kubectl("get nodes")                       # discovery is cached from here on: one GET per command
    cases = [("pods", "", "default"), ("po", "web", "default"), ("Pod", "", "kube-system"), ("no", "", "default"),
             ("node", "node1", "work"), ("deploy", "", "default"), ("deployments.apps", "web", "shop"),
             ("deployment.v1.apps", "", "shop"), ("svc", "kubernetes", "default"), ("cm", "", "kube-public"),
             ("ev", "", "default"), ("events.events.k8s.io", "", "default"), ("ReplicaSet", "", "default"),
             ("crd", "", "default"), ("csr", "", "x"), ("clusterroles", "admin", "default"), ("netpol", "", "a"),
             ("ns", "kube-system", "default")]
    for word, name, ns in cases:
        out = c.kubectl(["-v=6", "get", word] + ([name] if name else []) + ["-n", ns])
        want = GET_LINE.search(out).group(1)
        got = request_path(word, name, ns, resources)
        command = " ".join(["kubectl get", word] + ([name] if name else []) + ["-n", ns])
        assert got == want, f"{command}: kubectl requested {want}, you said {got}"
    assert request_path("nods", "", "default", resources) is None, \
        'kubectl says: the server doesn\'t have a resource type "nods"; return None for it'
    assert resources == given, "request_path changed the discovery list it was given"
    return f"{len(cases)} commands: your paths are the ones kubectl requested"


TARGET = '''
def effective_target(kubeconfig: dict, context: str = "", namespace: str = "", server: str = "") -> tuple[str, str]:
    """(server URL, namespace) that `kubectl get pods` uses with this kubeconfig and the flags
    --context, --namespace/-n and --server/-s ("" when a flag is not given).

    The context is the flag's, else the kubeconfig's current-context. The context names a cluster
    (whose `server` is the URL unless --server overrides it) and may name a namespace; -n beats the
    context's namespace, and without either the namespace is "default". A context or cluster that
    is not in the kubeconfig raises LookupError.
    """
    # BEGIN SOLUTION
    def named(section: str, wanted: str) -> dict:
        for entry in kubeconfig.get(section) or []:
            if entry["name"] == wanted:
                return entry[section[:-1]]
        raise LookupError(f"no {section[:-1]} named {wanted!r}")

    ctx = named("contexts", context or kubeconfig.get("current-context", ""))
    url = server or named("clusters", ctx["cluster"])["server"]
    return url, namespace or ctx.get("namespace") or "default"
    # END SOLUTION
'''


def _kubeconfig() -> dict:
    return {"apiVersion": "v1", "kind": "Config", "preferences": {}, "current-context": "dev",
            "clusters": [{"name": "minikube", "cluster": {"server": "https://192.168.99.101:8443"}},
                         {"name": "prod", "cluster": {"server": "https://10.0.0.1:6443"}}],
            "contexts": [{"name": "dev", "context": {"cluster": "minikube", "user": "me", "namespace": "work"}},
                         {"name": "ops", "context": {"cluster": "prod", "user": "me"}},
                         {"name": "broken", "context": {"cluster": "gone", "user": "me"}}],
            "users": [{"name": "me", "user": {}}]}


def check_target(effective_target) -> str:
    import os
    import tempfile

    import yaml

    from k8slab import Cluster
    kc = _kubeconfig()
    given = copy.deepcopy(kc)
    c = Cluster(nodes=0, seed=0)
    fd, path = tempfile.mkstemp(suffix=".kubeconfig")
    with os.fdopen(fd, "w") as f:
        f.write(yaml.safe_dump(kc))
    cases = [("", "", ""), ("ops", "", ""), ("", "shop", ""), ("ops", "shop", ""), ("", "", "https://127.0.0.1:6443"),
             ("dev", "kube-system", "https://1.2.3.4:443")]
    try:
        for context, namespace, server in cases:
            flags = (["--context", context] if context else []) + (["-n", namespace] if namespace else []) + \
                (["-s", server] if server else [])
            out = c.kubectl(["--kubeconfig", path, "-v=6", "get", "pods"] + flags)
            m = re.search(r"GET (https://[^/]+)/api/v1/namespaces/([^/]+)/pods\?", out)
            assert m, f"k8slab's kubectl did not request pods with {flags}: {out}"
            want = (m.group(1), m.group(2))
            got = effective_target(kc, context, namespace, server)
            assert tuple(got) == want, f"kubectl {' '.join(flags) or '(no flags)'}: kubectl used {want}, you said {got}"
        for context in ("nope", "broken"):
            out = c.kubectl(["--kubeconfig", path, "get", "pods", "--context", context])
            assert out.startswith("error:") or "Error in configuration" in out, out
            try:
                effective_target(kc, context)
            except LookupError:
                pass
            else:
                raise AssertionError(f"--context {context}: kubectl refuses ({out.strip()}); raise LookupError")
    finally:
        os.unlink(path)
    assert kc == given, "effective_target changed the kubeconfig it was given"
    return f"{len(cases)} flag combinations agree with kubectl, and both broken contexts are refused"


EXERCISES = [
    Exercise("06-A", "from a kubectl word to a URL",
             "Write request_path(word, name, namespace, resources): the URL path kubectl requests for\n"
             "`kubectl get <word> [<name>] -n <namespace>`, resolving plural, singular, short names and kinds\n"
             "through discovery as kubectl's REST mapper does (checked against `kubectl -v=6`).",
             PATH.lstrip(), "request_path", check_path),
    Exercise("06-B", "which cluster, which namespace",
             "Write effective_target(kubeconfig, context, namespace, server): the API server URL and the\n"
             "namespace kubectl uses, from a kubeconfig and the --context, -n and --server flags.",
             TARGET.lstrip(), "effective_target", check_target),
]

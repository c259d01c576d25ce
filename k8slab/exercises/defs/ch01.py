"""Chapter 1 (what Kubernetes is): a plug-in interface is a contract; ask each node's runtime who it is."""

from __future__ import annotations

import inspect

from ..registry import Exercise

CONTRACT = '''
def missing_methods(candidate, interface) -> list[str]:
    """The methods `interface` declares that `candidate` does not provide, sorted by name.

    `interface` is a class that only declares methods, like k8slab.kubelet.cri.RuntimeService
    (the CRI's RuntimeService). Its methods are the functions defined in the class body itself,
    not inherited ones and not the double-underscore ones. `candidate` provides a method when it
    has an attribute of that name that can be called. An empty list means: it plugs in.
    """
    # BEGIN SOLUTION
    declared = [name for name, value in vars(interface).items()
                if callable(value) and not (name.startswith("__") and name.endswith("__"))]
    return sorted(name for name in declared if not callable(getattr(candidate, name, None)))
    # END SOLUTION
'''


def _declared(interface) -> list[str]:
    return sorted(n for n, v in vars(interface).items() if inspect.isfunction(v) and not n.startswith("__"))


def check_contract(missing_methods) -> str:
    from k8slab.kubelet import cri
    from k8slab.kubelet.runtimes import SimRuntime
    from k8slab.sim.clock import VirtualClock
    runtime = SimRuntime(VirtualClock())
    for interface in (cri.RuntimeService, cri.ImageService):
        got = missing_methods(runtime, interface)
        assert got == [], f"SimRuntime implements all of {interface.__name__}, but you say it misses {got}"

    class HalfRuntime:                                # a runtime someone started writing
        not_callable = 42

        def version(self):
            return None

        def status(self):
            return []

        def run_pod_sandbox(self, config, runtime_handler=""):
            return "sandbox"

    half = HalfRuntime()
    half.create_container = "not a method"
    want = [n for n in _declared(cri.RuntimeService) if n not in ("version", "status", "run_pod_sandbox")]
    got = missing_methods(half, cri.RuntimeService)
    assert isinstance(got, list), f"return a list of names, not {type(got).__name__}"
    assert "create_container" in got, "create_container is a string there, not something to call: it is missing"
    assert got == want, f"HalfRuntime misses {want}, you said {got}"
    assert missing_methods(object(), cri.ImageService) == _declared(cri.ImageService), \
        "a bare object() misses every ImageService method, sorted by name"
    return (f"SimRuntime plugs into the CRI; HalfRuntime still misses {len(want)} of "
            f"{len(_declared(cri.RuntimeService))} RuntimeService methods")


VERSIONS = '''
def runtime_versions(cluster) -> dict[str, str]:
    """For each node of `cluster`, `<runtime name>://<runtime version>` as its container runtime
    answers the CRI's Version call (`cluster.kubelet(node).runtime.version()`); the node names
    are the Node objects' names (`cluster.client.list("v1", "Node")`).
    """
    # BEGIN SOLUTION
    out = {}
    for node in cluster.client.list("v1", "Node")["items"]:
        name = node["metadata"]["name"]
        v = cluster.kubelet(name).runtime.version()
        out[name] = f"{v.runtime_name}://{v.runtime_version}"
    return out
    # END SOLUTION
'''


def check_versions(runtime_versions) -> str:
    from k8slab import Cluster
    seen = []
    for profile, nodes in (("current", 3), ("book", 2)):
        c = Cluster(nodes=nodes, seed=0, profile=profile)
        got = runtime_versions(c)
        want = {n["metadata"]["name"]: n["status"]["nodeInfo"]["containerRuntimeVersion"]
                for n in c.client.list("v1", "Node")["items"]}
        assert got == want, f"profile {profile}: the nodes report {want}, you said {got}"
        seen.append(f"{profile}: {sorted(set(want.values()))[0]}")
    return "each node's CRI answer matches what its Node reports (" + "; ".join(seen) + ")"


EXERCISES = [
    Exercise("01-A", "a plug-in interface is a contract",
             "Write missing_methods(candidate, interface): which methods of a CRI interface an object\n"
             "does not provide. SimRuntime must plug in completely; a half-written runtime must not.",
             CONTRACT.lstrip(), "missing_methods", check_contract),
    Exercise("01-B", "who runs the containers: ask the runtime",
             "Write runtime_versions(cluster): each node's container runtime as `name://version`, asked\n"
             "through the CRI's Version call, for the current (containerd) and book (Docker) profiles.",
             VERSIONS.lstrip(), "runtime_versions", check_versions),
]

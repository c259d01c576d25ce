"""Chapter 16 (kubelet): a node's allocatable from its eviction thresholds; probes that heal a pod."""

from __future__ import annotations

import copy

from ..registry import Exercise

ALLOCATABLE = '''
def allocatable_after_eviction(capacity_bytes: int, threshold: str) -> int:
    """What is left of `capacity_bytes` once the kubelet holds back a hard eviction threshold.

    `threshold` is a quantity in binary units ("100Mi", "1Gi", "512Ki") or a percentage of the
    capacity ("10%"). The kubelet keeps a percentage as a float32 (Go's float32) and drops the
    fraction of the product: reserved = int(capacity * float32(percent / 100)). Return
    capacity - reserved, never below 0.
    """
    # BEGIN SOLUTION
    import struct
    if threshold.endswith("%"):
        fraction = struct.unpack("f", struct.pack("f", float(threshold[:-1]) / 100))[0]
        reserved = int(capacity_bytes * fraction)
    else:
        units = {"Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40}
        suffix = threshold[-2:]
        reserved = int(threshold[:-2]) * units[suffix] if suffix in units else int(threshold)
    return max(0, capacity_bytes - reserved)
    # END SOLUTION
'''


def check_allocatable(allocatable_after_eviction) -> str:
    ki = 1024
    # the booklet's node01: memory 3997188Ki, evictionHard memory.available 100Mi
    got = allocatable_after_eviction(3997188 * ki, "100Mi")
    assert got == 3894788 * ki, f"memory: expected 3894788Ki ({3894788 * ki} bytes), got {got}"
    # its ephemeral storage: 96605932Ki with nodefs.available 10%
    got = allocatable_after_eviction(96605932 * ki, "10%")
    assert got != 89032026932, "that is 10% taken as an exact decimal; the kubelet holds 0.1 as a float32"
    assert got == 89032026784, f"ephemeral-storage: the booklet shows 89032026784, got {got}"
    assert allocatable_after_eviction(512 * ki, "1Mi") == 0, "allocatable never goes below zero"
    # and what k8slab's kubelet reports for its own nodes
    from k8slab.kubelet.config import KubeletConfiguration
    from k8slab.kubelet.node_status import allocatable
    from k8slab.api.validation.quantity import parse_quantity
    for capacity, signal, threshold in [("61202244Ki", "nodefs.available", "10%"),
                                        ("4039532Ki", "memory.available", "100Mi"),
                                        ("8Gi", "memory.available", "5%"),
                                        ("123456789Ki", "nodefs.available", "15%"),
                                        ("1Gi", "memory.available", "256Mi")]:
        resource = "memory" if signal.startswith("memory") else "ephemeral-storage"
        config = KubeletConfiguration().replace(eviction_hard={signal: threshold})
        want = int(parse_quantity(allocatable({resource: capacity}, config)[resource]).value)
        got = allocatable_after_eviction(int(parse_quantity(capacity).value), threshold)
        assert got == want, f"{resource} {capacity} minus {threshold}: the kubelet says {want}, you said {got}"
    return "the booklet's 3894788Ki and 89032026784 reproduced; 5 more thresholds agree with the kubelet"


PROBES = '''
def add_probes(pod: dict) -> dict:
    """A copy of `pod` (one busybox container that creates /tmp/healthy, removes it 30 s later and
    then hangs) with two probes on its container, both running `cat /tmp/healthy`:

    - a readinessProbe, so the pod is Ready within 20 s of its creation and stops being Ready
      within 25 s of the file's disappearance;
    - a livenessProbe, so the kubelet restarts the container (it failed liveness) and the
      restart is done 100 s after the pod was created.

    Do not change the pod you were given.
    """
    # BEGIN SOLUTION
    import copy
    probed = copy.deepcopy(pod)
    container = probed["spec"]["containers"][0]
    check = {"exec": {"command": ["cat", "/tmp/healthy"]}}
    container["readinessProbe"] = {**check, "periodSeconds": 5, "failureThreshold": 1}
    container["livenessProbe"] = {**check, "initialDelaySeconds": 5, "periodSeconds": 5, "failureThreshold": 3}
    return probed
    # END SOLUTION
'''


def _probe_pod() -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "healing"},
            "spec": {"nodeName": "node1", "containers": [{
                "name": "app", "image": "busybox:1.36",
                "command": ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]}]}}


def check_probes(add_probes) -> str:
    from k8slab import Cluster
    pod = _probe_pod()
    original = copy.deepcopy(pod)
    manifest = add_probes(pod)
    assert pod == original, "add_probes changed the pod it was given; work on a copy"
    container = manifest["spec"]["containers"][0]
    for kind in ("readinessProbe", "livenessProbe"):
        assert kind in container, f"the container has no {kind}"
    c = Cluster(nodes=1, seed=0)
    c.apply(manifest)
    start = c.clock.now()

    def at(t):
        c.advance(start + t - c.clock.now())
        p = c.client.get("v1", "Pod", "healing", "default")
        statuses = p["status"].get("containerStatuses") or [{}]
        ready = next((x["status"] for x in p["status"].get("conditions", []) if x["type"] == "Ready"), "False")
        return p, statuses[0], ready

    _, _, ready = at(20)
    assert ready == "True", "20 s after creation the pod should be Ready (the file exists): check the readinessProbe"
    _, status, ready = at(56)
    assert status.get("restartCount", 0) == 0 or ready == "False", "the container was restarted too early"
    assert ready == "False", "25 s after /tmp/healthy went away the pod should no longer be Ready"
    _, status, _ = at(100)
    assert status.get("restartCount", 0) >= 1, "100 s after creation the kubelet should have restarted the container"
    events = c.client.list("v1", "Event", "default")["items"]
    assert any(e["reason"] == "Killing" and "failed liveness probe" in e["message"] for e in events), \
        "the restart should come from the liveness probe (a Killing event: failed liveness probe)"
    return "Ready at 20 s, not Ready once the file was gone, restarted by its liveness probe by 100 s"


EXERCISES = [
    Exercise("16-A", "allocatable: capacity minus the hard eviction threshold",
             "Write allocatable_after_eviction(capacity_bytes, threshold) as the kubelet computes a node's\n"
             "allocatable memory and ephemeral storage (pkg/kubelet/cm/node_container_manager_linux.go,\n"
             "GetNodeAllocatableReservation), and reproduce the booklet's 89032026784.",
             ALLOCATABLE.lstrip(), "allocatable_after_eviction", check_allocatable),
    Exercise("16-B", "probes: Ready when healthy, restarted when not",
             "Write add_probes(pod): a readiness and a liveness probe that make the kubelet report the\n"
             "pod Ready only while /tmp/healthy exists and restart its container once the file is gone.",
             PROBES.lstrip(), "add_probes", check_probes),
]

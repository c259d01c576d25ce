"""solution 16-B: probes: Ready when healthy, restarted when not

Write add_probes(pod): a readiness and a liveness probe that make the kubelet report the
pod Ready only while /tmp/healthy exists and restart its container once the file is gone.

The reference answer; `check("16-B", "solutions/16-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def add_probes(pod: dict) -> dict:
    """A copy of `pod` (one busybox container that creates /tmp/healthy, removes it 30 s later and
    then hangs) with two probes on its container, both running `cat /tmp/healthy`:

    - a readinessProbe, so the pod is Ready within 20 s of its creation and stops being Ready
      within 25 s of the file's disappearance;
    - a livenessProbe, so the kubelet restarts the container (it failed liveness) and the
      restart is done 100 s after the pod was created.

    Do not change the pod you were given.
    """
    import copy
    probed = copy.deepcopy(pod)
    container = probed["spec"]["containers"][0]
    check = {"exec": {"command": ["cat", "/tmp/healthy"]}}
    container["readinessProbe"] = {**check, "periodSeconds": 5, "failureThreshold": 1}
    container["livenessProbe"] = {**check, "initialDelaySeconds": 5, "periodSeconds": 5, "failureThreshold": 3}
    return probed

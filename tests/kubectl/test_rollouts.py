"""Rollout status messages and the pause/resume/restart changes, per kind."""

import pytest

from k8slab.kubectl.mutation import Failure
from k8slab.kubectl.rollouts import paused, restarted, resumed, rollout_status, with_pod_spec


def deployment(spec_replicas=3, generation=2, observed=2, **status):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "generation": generation, "annotations": {}},
            "spec": {"replicas": spec_replicas, "template": {"spec": {"containers": [{"name": "c", "image": "a"}]}}},
            "status": {"observedGeneration": observed, **status}}


@pytest.mark.parametrize("obj,message,done", [
    (deployment(observed=1), "Waiting for deployment spec update to be observed...\n", False),
    (deployment(updatedReplicas=1), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have '
                                    "been updated...\n", False),
    (deployment(updatedReplicas=3, replicas=4), 'Waiting for deployment "web" rollout to finish: 1 old replicas are '
                                                "pending termination...\n", False),
    (deployment(updatedReplicas=3, replicas=3, availableReplicas=1),
     'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n', False),
    (deployment(updatedReplicas=3, replicas=3, availableReplicas=3), 'deployment "web" successfully rolled out\n',
     True),
])
def test_deployment_status(obj, message, done):
    assert rollout_status(obj) == (message, done)


def test_progress_deadline_and_other_kinds():
    stuck = deployment(conditions=[{"type": "Progressing", "reason": "ProgressDeadlineExceeded"}])
    with pytest.raises(Failure, match='deployment "web" exceeded its progress deadline'):
        rollout_status(stuck)
    ds = {"kind": "DaemonSet", "metadata": {"name": "d", "generation": 1},
          "spec": {"updateStrategy": {"type": "RollingUpdate"}},
          "status": {"observedGeneration": 1, "desiredNumberScheduled": 2, "updatedNumberScheduled": 2,
                     "numberAvailable": 1}}
    assert rollout_status(ds)[0] == 'Waiting for daemon set "d" rollout to finish: 1 of 2 updated pods are available...\n'
    with pytest.raises(Failure, match="no status viewer has been implemented for ConfigMap"):
        rollout_status({"kind": "ConfigMap", "metadata": {"name": "x"}})


def test_pause_resume_restart():
    d = deployment()
    p = paused(d)
    assert p["spec"]["paused"] is True and "paused" not in d["spec"]
    with pytest.raises(Failure, match="is already paused"):
        paused(p)
    assert "paused" not in resumed(p)["spec"]
    with pytest.raises(Failure, match="is not paused"):
        resumed(d)
    with pytest.raises(Failure, match=r"can't restart paused deployment \(run rollout resume first\)"):
        restarted(p)
    r = restarted(d, now=0)
    assert r["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"].startswith("1970-01-01T")


def test_pod_specs_of_each_kind():
    cj = {"apiVersion": "batch/v1", "kind": "CronJob",
          "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "a"}]}}}}}}
    out = with_pod_spec(cj, lambda spec: spec["containers"][0].update(image="b"))
    assert out["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"] == "b"
    assert cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"] == "a"
    with pytest.raises(Failure, match=r"the object is not a pod or does not have a pod template: \*v1.ConfigMap"):
        with_pod_spec({"apiVersion": "v1", "kind": "ConfigMap"}, lambda s: None)

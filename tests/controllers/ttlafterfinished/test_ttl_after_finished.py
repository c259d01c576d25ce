"""Finished Jobs go ttlSecondsAfterFinished after they finished, their pods with them."""

from k8slab import Cluster
from k8slab.api.names import rfc3339
from k8slab.apiserver.errors import APIError
from k8slab.controllers.garbagecollector import GarbageCollector
from k8slab.controllers.job import JobController
from k8slab.controllers.ttlafterfinished import TTLAfterFinishedController
from tests.controllers.helpers import default_account


def cluster():
    c = Cluster(start=False)
    for ctl in (JobController(), TTLAfterFinishedController(), GarbageCollector()):
        c.add_component(ctl)
    c.start()
    default_account(c)
    return c


def job(name, **spec):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
            "spec": {"template": {"spec": {"restartPolicy": "Never",
                                           "containers": [{"name": "c", "image": "busybox"}]}}, **spec}}


def gone(c, kind, name, api_version="v1"):
    try:
        c.client.get(api_version, kind, name, "default")
    except APIError as e:
        return e.code == 404
    return False


def succeed_pods(c, job_name):
    for p in c.client.list("v1", "Pod", "default", labelSelector=f"job-name={job_name}")["items"]:
        p["status"]["phase"] = "Succeeded"
        p["status"]["conditions"] = [{"type": "Ready", "status": "False", "lastTransitionTime": rfc3339(c.clock.time())}]
        c.client._call("PUT", f"/api/v1/namespaces/default/pods/{p['metadata']['name']}/status", None, p)


def test_job_deleted_after_its_ttl():
    c = cluster()
    c.apply(job("short", ttlSecondsAfterFinished=100))
    c.apply(job("kept"))
    succeed_pods(c, "short")
    succeed_pods(c, "kept")
    c.advance(2)
    done = c.client.get("batch/v1", "Job", "short", "default")
    assert [x["type"] for x in done["status"]["conditions"]][-1] == "Complete"
    pod_names = [p["metadata"]["name"] for p in c.client.list("v1", "Pod", "default", labelSelector="job-name=short")["items"]]
    assert pod_names
    c.advance(97)
    assert not gone(c, "Job", "short", "batch/v1")
    c.advance(5)
    assert gone(c, "Job", "short", "batch/v1")
    assert all(gone(c, "Pod", n) for n in pod_names)
    assert not gone(c, "Job", "kept", "batch/v1")


def test_ttl_zero_deletes_at_once():
    c = cluster()
    c.apply(job("now", ttlSecondsAfterFinished=0))
    succeed_pods(c, "now")
    c.advance(2)
    assert gone(c, "Job", "now", "batch/v1")

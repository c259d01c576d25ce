"""Builders for Job tests: a cluster with the Job controller, pods finished through the API."""

from k8slab import Cluster
from k8slab.api.names import rfc3339
from k8slab.controllers.job import JobController
from tests.controllers.helpers import default_account


def cluster(profile="current", *extra):
    c = Cluster(start=False, profile=profile)
    c.add_component(JobController())
    for e in extra:
        c.add_component(e)
    c.start()
    default_account(c)
    return c


def job(name="pi", **spec):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
            "spec": {"template": {"spec": {"restartPolicy": "Never",
                                           "containers": [{"name": "pi", "image": "perl"}]}}, **spec}}


def pods(c, job_name="pi"):
    items = c.client.list("v1", "Pod", "default", labelSelector=f"job-name={job_name}")["items"]
    return sorted(items, key=lambda p: p["metadata"]["name"])


def finish(c, pod, phase):
    p = c.client.get("v1", "Pod", pod["metadata"]["name"], "default")
    now = rfc3339(c.clock.time())
    p["status"]["phase"] = phase
    p["status"]["conditions"] = [{"type": "Ready", "status": "False", "lastTransitionTime": now}]
    c.client._call("PUT", f"/api/v1/namespaces/default/pods/{p['metadata']['name']}/status", None, p)


def events(c, name="pi"):
    evs = c.client.list("v1", "Event", "default")["items"]
    return [(e["type"], e["reason"], e["message"]) for e in evs if e["involvedObject"]["name"] == name]


def get(c, name="pi"):
    return c.client.get("batch/v1", "Job", name, "default")


def conditions(j):
    return [(x["type"], x["status"], x.get("reason", ""), x.get("message", "")) for x in j["status"].get("conditions", [])]

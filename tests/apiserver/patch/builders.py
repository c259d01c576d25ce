"""Small builders for the objects the patch tests use (plain dicts, as on the wire)."""

from __future__ import annotations

import copy


def container(name: str, image: str = "nginx:1.27", **fields) -> dict:
    return {"name": name, "image": image, **fields}


def pod(*containers: dict, **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": list(containers) or [container("nginx")], **spec}}


def deployment(replicas: int = 2, image: str = "nginx:1.27", *, strategy: dict | None = None,
               last_applied: str | None = None, **container_fields) -> dict:
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
         "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "nginx"}},
                  "template": {"metadata": {"labels": {"app": "nginx"}},
                               "spec": {"containers": [{"name": "nginx", "image": image,
                                                        "ports": [{"containerPort": 80}],
                                                        **container_fields}]}}}}
    if strategy is not None:
        d["spec"]["strategy"] = strategy
    if last_applied is not None:
        d["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": last_applied}
    return d


def live(obj: dict) -> dict:
    """What the server stores after creating `obj`: uid, defaults filled in, a status."""
    obj = copy.deepcopy(obj)
    obj["metadata"].update(uid="6f0c6d38-0a3e-4c1b-9d43-1e2f3a4b5c6d", resourceVersion="105",
                           generation=1)
    spec = obj["spec"]
    pod_spec = spec["template"]["spec"] if "template" in spec else spec
    for c in pod_spec["containers"]:
        c.setdefault("imagePullPolicy", "IfNotPresent")
        c.setdefault("resources", {})
        for p in c.get("ports", []):
            p.setdefault("protocol", "TCP")
    pod_spec.setdefault("restartPolicy", "Always")
    if obj["kind"] == "Deployment":
        spec.setdefault("strategy", {"type": "RollingUpdate",
                                     "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        obj["status"] = {"replicas": spec["replicas"], "observedGeneration": 1}
    return obj


def template_spec(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]

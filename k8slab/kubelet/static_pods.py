"""Static pods: pods read from a manifest directory, run without the API server, shown as mirror pods.

Follows `pkg/kubelet/config/file.go` (every fileCheckFrequency, 20 s, read the directory's
manifests), `pkg/kubelet/config/common.go` (applyDefaults: name `<pod>-<node>`, namespace
`default` when unset, UID = md5 of the pod, node and source, the `kubernetes.io/config.hash`,
`config.seen` and `config.source: file` annotations, spec.nodeName, a NoExecute toleration) and
`pkg/kubelet/pod/mirror_client.go` (CreateMirrorPod: the same pod in the API server with the
`kubernetes.io/config.mirror` annotation, owned by the Node; deleted mirror pods are created
again, because the file -- not the API -- is the source of truth).

Differences from upstream: no HTTP manifest source; a manifest that does not parse is skipped
without an event.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import datetime as _dt
import hashlib
import json
import os

import yaml

from ..api.defaults import apply_defaults
from ..apiserver.errors import APIError

CONFIG_HASH = "kubernetes.io/config.hash"
CONFIG_MIRROR = "kubernetes.io/config.mirror"
CONFIG_SEEN = "kubernetes.io/config.seen"
CONFIG_SOURCE = "kubernetes.io/config.source"


def is_mirror_pod(pod: dict) -> bool:
    return CONFIG_MIRROR in ((pod.get("metadata") or {}).get("annotations") or {})


def rfc3339_nano(unix: float) -> str:
    d = _dt.datetime.fromtimestamp(int(unix), _dt.timezone.utc)
    nanos = int(round((unix - int(unix)) * 1e9))
    frac = f".{nanos:09d}".rstrip("0") if nanos else ""
    return f"{d:%Y-%m-%dT%H:%M:%S}{frac}Z"


class StaticPods:
    """The file source of one kubelet and the mirror pods of what it runs."""

    def __init__(self, kubelet, path: str = ""):
        self.k = kubelet
        self.path = path
        self.pods: dict[str, dict] = {}             # uid -> static pod
        self.seen: dict[str, str] = {}              # uid -> config.seen

    def pod_from_manifest(self, doc: dict) -> dict:
        k = self.k
        pod = deep_copy(doc)
        pod.setdefault("apiVersion", "v1")
        apply_defaults(pod)
        meta = pod.setdefault("metadata", {})
        meta["namespace"] = meta.get("namespace") or "default"
        digest = hashlib.md5(json.dumps(pod, sort_keys=True).encode() + k.node_name.encode() + b"file").hexdigest()
        meta["name"] = f"{meta['name']}-{k.node_name.lower()}"
        meta["uid"] = digest
        seen = self.seen.setdefault(digest, rfc3339_nano(k.clock.time()))
        meta["annotations"] = {**(meta.get("annotations") or {}), CONFIG_HASH: digest, CONFIG_SEEN: seen,
                               CONFIG_SOURCE: "file"}
        spec = pod.setdefault("spec", {})
        spec["nodeName"] = k.node_name
        tolerations = spec.setdefault("tolerations", [])
        if {"operator": "Exists", "effect": "NoExecute"} not in tolerations:
            tolerations.append({"operator": "Exists", "effect": "NoExecute"})
        pod["status"] = {"phase": "Pending"}
        return pod

    def scan(self) -> None:
        """Read the manifest directory; start new pods, stop removed or changed ones."""
        if not self.path or not os.path.isdir(self.path):
            return
        found: dict[str, dict] = {}
        for fname in sorted(os.listdir(self.path)):
            if fname.startswith(".") or not fname.endswith((".yaml", ".yml", ".json")):
                continue
            try:
                with open(os.path.join(self.path, fname)) as f:
                    docs = [d for d in yaml.safe_load_all(f) if d]
            except (OSError, yaml.YAMLError):
                continue
            for doc in docs:
                if isinstance(doc, dict) and doc.get("kind") == "Pod" and (doc.get("metadata") or {}).get("name"):
                    pod = self.pod_from_manifest(doc)
                    found[pod["metadata"]["uid"]] = pod
        for uid, pod in self.pods.items():
            if uid not in found:
                self.k.pod_workers.remove_pod(pod)
        for uid, pod in found.items():
            if uid not in self.pods:
                self.k.pod_workers.update_pod(pod, static=True)
        self.pods = found

    def static_for_mirror(self, mirror: dict) -> dict | None:
        name = mirror["metadata"]["name"]
        ns = mirror["metadata"].get("namespace")
        for pod in self.pods.values():
            if pod["metadata"]["name"] == name and pod["metadata"]["namespace"] == ns:
                return pod
        return None

    def ensure_mirror(self, pod: dict) -> None:
        """Create the mirror pod, or replace one that is stale or being deleted."""
        k = self.k
        if not k.online or not k.node_status.uid:
            return
        meta = pod["metadata"]
        ns, name, digest = meta["namespace"], meta["name"], meta["annotations"][CONFIG_HASH]
        current = k.api_pod(ns, name)
        if current is not None:
            cmeta = current["metadata"]
            if (cmeta.get("annotations") or {}).get(CONFIG_MIRROR) == digest and not cmeta.get("deletionTimestamp"):
                return
            try:
                k.client.delete("v1", "Pod", name, ns, gracePeriodSeconds=0,
                                preconditions={"uid": cmeta["uid"]})
            except APIError:
                pass
        mirror = deep_copy(pod)
        mirror["metadata"] = {"name": name, "namespace": ns, "labels": meta.get("labels") or {},
                              "annotations": {**meta["annotations"], CONFIG_MIRROR: digest},
                              "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": k.node_name,
                                                   "uid": k.node_status.uid, "controller": True}]}
        if not mirror["metadata"]["labels"]:
            del mirror["metadata"]["labels"]
        mirror.pop("status", None)
        try:
            k.client.create(mirror, ns, fieldManager="kubelet")
        except APIError:
            return
        k.status_manager.written.pop(meta["uid"], None)      # a new mirror: report the status again

    def delete_mirror(self, pod: dict) -> None:
        k = self.k
        meta = pod["metadata"]
        current = k.api_pod(meta["namespace"], meta["name"])
        if current is not None and k.online and is_mirror_pod(current):
            try:
                k.client.delete("v1", "Pod", meta["name"], meta["namespace"], gracePeriodSeconds=0,
                                preconditions={"uid": current["metadata"]["uid"]})
            except APIError:
                pass

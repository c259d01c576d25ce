"""Legacy API versions: convert the booklet's v1.11-era manifests to the versions served today.

The booklet writes Deployments and DaemonSets as `extensions/v1beta1`, Ingress as
`extensions/v1beta1`, RBAC objects as `rbac.authorization.k8s.io/v1beta1`, and mentions
`apps/v1beta1`/`apps/v1beta2`. A v1.11 apiserver accepted them, applied that version's defaults,
converted to its internal form and stored it; reading the object back through today's version
shows the old defaults. `convert_legacy` does the same in one step: the old version's defaults
that differ from today's are written explicitly, then the fields are renamed. The caller applies
today's defaults afterwards (`defaults.apply_defaults`) and decides whether the book profile
allows legacy versions at all; `removed_message` is what the current profile prints instead.

Follows, for the old defaults, `pkg/apis/extensions/v1beta1/defaults.go` (v1.11: selector and
labels from the template; Deployment maxUnavailable/maxSurge 1, revisionHistoryLimit and
progressDeadlineSeconds 2147483647; DaemonSet updateStrategy OnDelete),
`pkg/apis/apps/v1beta1/defaults.go` (selector and labels from the template, revisionHistoryLimit 2,
StatefulSet updateStrategy OnDelete), `pkg/apis/apps/v1beta2/defaults.go` (no selector
defaulting), `pkg/apis/networking/v1beta1/defaults.go` (pathType ImplementationSpecific) and,
for the renames, the generated conversions to networking.k8s.io/v1 Ingress
(`backend.serviceName`/`servicePort` -> `backend.service.name`/`port.number|name`,
`spec.backend` -> `spec.defaultBackend`) and rbac v1alpha1 subjects (`apiVersion` -> `apiGroup`).

Differences from upstream: `spec.rollbackTo` and `spec.templateGeneration` are dropped (the latter
becomes the `deprecated.daemonset.template.generation` annotation, as the apps/v1 conversion does).
"""

from __future__ import annotations

import copy

MAX_INT32 = 2147483647
RBAC = "rbac.authorization.k8s.io"
RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")

# (apiVersion, kind) -> the served apiVersion it converts to
LEGACY_VERSIONS: dict[tuple[str, str], str] = {
    **{("extensions/v1beta1", k): "apps/v1" for k in ("Deployment", "DaemonSet", "ReplicaSet")},
    **{("apps/v1beta1", k): "apps/v1" for k in ("Deployment", "StatefulSet", "ControllerRevision")},
    **{("apps/v1beta2", k): "apps/v1" for k in ("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet",
                                                 "ControllerRevision")},
    ("extensions/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("networking.k8s.io/v1beta1", "Ingress"): "networking.k8s.io/v1",
    ("networking.k8s.io/v1beta1", "IngressClass"): "networking.k8s.io/v1",
    ("extensions/v1beta1", "NetworkPolicy"): "networking.k8s.io/v1",
    **{(f"{RBAC}/{v}", k): f"{RBAC}/v1" for v in ("v1beta1", "v1alpha1") for k in RBAC_KINDS},
    ("batch/v1beta1", "CronJob"): "batch/v1",
    ("policy/v1beta1", "PodDisruptionBudget"): "policy/v1",
    ("storage.k8s.io/v1beta1", "StorageClass"): "storage.k8s.io/v1",
    ("scheduling.k8s.io/v1beta1", "PriorityClass"): "scheduling.k8s.io/v1",
    ("scheduling.k8s.io/v1alpha1", "PriorityClass"): "scheduling.k8s.io/v1",
    ("coordination.k8s.io/v1beta1", "Lease"): "coordination.k8s.io/v1",
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): "discovery.k8s.io/v1",
}


def is_legacy(obj: dict) -> bool:
    return (obj.get("apiVersion"), obj.get("kind")) in LEGACY_VERSIONS


def removed_message(api_version: str, kind: str) -> str:
    """What today's kubectl reports for a version the server no longer serves."""
    return f'no matches for kind "{kind}" in version "{api_version}"'


def kubectl_removed_error(api_version: str, kind: str, name: str, namespace: str, filename: str) -> str:
    """kubectl apply -f's whole line for such an object (kubectl 1.27+)."""
    return (f'error: resource mapping not found for name: "{name}" namespace: "{namespace}" from '
            f'"{filename}": {removed_message(api_version, kind)}\nensure CRDs are installed first')


def _from_template_labels(obj: dict) -> None:
    """The old versions' defaulting: selector and object labels come from the template labels."""
    spec = obj.setdefault("spec", {})
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if labels is None:
        return
    if spec.get("selector") is None:
        spec["selector"] = {"matchLabels": dict(labels)}
    meta = obj.setdefault("metadata", {})
    if not meta.get("labels"):
        meta["labels"] = dict(labels)


def _set_missing(d: dict, key: str, value) -> None:
    if d.get(key) is None:
        d[key] = value


def _deployment(obj: dict, version: str) -> None:
    spec = obj.setdefault("spec", {})
    if version != "apps/v1beta2":
        _from_template_labels(obj)
    st = spec.setdefault("strategy", {})
    if not st.get("type"):
        st["type"] = "RollingUpdate"
    if version == "extensions/v1beta1":
        if st["type"] == "RollingUpdate" or st.get("rollingUpdate") is not None:
            ru = st.get("rollingUpdate")
            if ru is None:
                ru = st["rollingUpdate"] = {}
            _set_missing(ru, "maxUnavailable", 1)
            _set_missing(ru, "maxSurge", 1)
        _set_missing(spec, "revisionHistoryLimit", MAX_INT32)
        _set_missing(spec, "progressDeadlineSeconds", MAX_INT32)
    elif version == "apps/v1beta1":
        _set_missing(spec, "revisionHistoryLimit", 2)
    spec.pop("rollbackTo", None)


def _daemonset(obj: dict, version: str) -> None:
    spec = obj.setdefault("spec", {})
    if version == "extensions/v1beta1":
        _from_template_labels(obj)
        us = spec.setdefault("updateStrategy", {})
        if not us.get("type"):
            us["type"] = "OnDelete"
    gen = spec.pop("templateGeneration", None)
    if gen is not None:
        ann = obj.setdefault("metadata", {}).setdefault("annotations", {})
        ann.setdefault("deprecated.daemonset.template.generation", str(gen))


def _statefulset(obj: dict, version: str) -> None:
    if version == "apps/v1beta1":
        _from_template_labels(obj)
        us = obj["spec"].setdefault("updateStrategy", {})
        if not us.get("type"):
            us["type"] = "OnDelete"


def _ingress_backend(b: dict) -> dict:
    if "serviceName" not in b and "servicePort" not in b:
        return b
    out = {k: v for k, v in b.items() if k not in ("serviceName", "servicePort")}
    port = b.get("servicePort")
    out["service"] = {"name": b.get("serviceName", ""),
                      "port": {"name": port} if isinstance(port, str) else {"number": port or 0}}
    return out


def _ingress(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    if "backend" in spec:
        spec["defaultBackend"] = _ingress_backend(spec.pop("backend"))
    for rule in spec.get("rules") or []:
        for p in (rule.get("http") or {}).get("paths") or []:
            if not p.get("pathType"):
                p["pathType"] = "ImplementationSpecific"
            if "backend" in p:
                p["backend"] = _ingress_backend(p["backend"])


def _rbac(obj: dict) -> None:
    for s in obj.get("subjects") or []:
        av = s.pop("apiVersion", None)
        if av is not None and not s.get("apiGroup"):
            s["apiGroup"] = av.rpartition("/")[0] if "/" in av else ""
    for rule in obj.get("rules") or []:
        if "nonResourceURLs" in rule and not rule["nonResourceURLs"]:
            del rule["nonResourceURLs"]


def convert_legacy(obj: dict) -> dict:
    """A copy of obj in the served version, with the old version's defaults made explicit.

    Objects already in a served version come back unchanged (still copied).
    """
    out = copy.deepcopy(obj)
    version, kind = out.get("apiVersion", ""), out.get("kind", "")
    target = LEGACY_VERSIONS.get((version, kind))
    if target is None:
        return out
    if kind == "Deployment":
        _deployment(out, version)
    elif kind == "DaemonSet":
        _daemonset(out, version)
    elif kind == "StatefulSet":
        _statefulset(out, version)
    elif kind == "ReplicaSet" and version == "extensions/v1beta1":
        _from_template_labels(out)
    elif kind == "Ingress":
        _ingress(out)
    elif kind in RBAC_KINDS:
        _rbac(out)
    elif kind == "NetworkPolicy":
        spec = out.setdefault("spec", {})
        if not spec.get("policyTypes"):
            spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
    out["apiVersion"] = target
    return out

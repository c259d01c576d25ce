"""Defaulting: the values a v1.32 kube-apiserver fills in when it decodes an object.

Follows `pkg/apis/core/v1/defaults.go` and its generated `zz_generated.defaults.go` (Service,
Secret, Namespace, Node, PV/PVC, Endpoints, LimitRange, ResourceList rounding; the PodSpec part is
in defaults_pod.py), `pkg/apis/apps/v1/defaults.go`, `pkg/apis/batch/v1/defaults.go`,
`pkg/apis/rbac/v1/defaults.go`, `pkg/apis/networking/v1/defaults.go`,
`pkg/apis/discovery/v1/defaults.go`, `pkg/apis/storage/v1/defaults.go`,
`pkg/apis/scheduling/v1/defaults.go`, `pkg/apis/autoscaling/v1/defaults.go`, plus the parts of
the registry that every client sees: Service clusterIP/clusterIPs syncing and
ipFamilies/ipFamilyPolicy (`pkg/registry/core/service/storage/alloc.go`, single-stack IPv4 cluster)
and the v1 round trip of `serviceAccount`/`serviceAccountName`. `prepare_for_create` holds the
create-only strategy steps: the Namespace `kubernetes` finalizer
(`pkg/registry/core/namespace/strategy.go`) and the Job selector and labels
(`pkg/registry/batch/job/strategy.go`).
Go always serializes a few empty structs; they are written too (`resources: {}`,
`securityContext: {}`, `status: {}`, template `metadata.creationTimestamp: null`).

Differences from upstream: defaults are keyed by apiVersion/kind of the served versions only
(convert legacy versions first with `legacy.convert_legacy`); cluster-dependent values (clusterIP,
nodePorts, pod priority, tolerations, service account token volumes) are left to the registry and
admission; ImageVolume, PodLevelResources and alpha features are not defaulted.
"""

from __future__ import annotations

from .defaults_pod import (canonical_resources, image_tag, pod_spec_defaults, pvc_spec_defaults, set_default,
                           template_defaults)

__all__ = ["apply_defaults", "prepare_for_create", "job_prepare_for_create", "namespace_prepare_for_create",
           "pod_spec_defaults", "template_defaults", "image_tag"]

RBAC_GROUP = "rbac.authorization.k8s.io"


# ---- per kind ----

def _pod(o):
    pod_spec_defaults(o.setdefault("spec", {}), is_pod=True)
    o.setdefault("status", {})


def _deployment(o):
    s = o.setdefault("spec", {})
    if s.get("replicas") is None:
        s["replicas"] = 1
    st = s.setdefault("strategy", {})
    set_default(st, "type", "RollingUpdate")
    if st["type"] == "RollingUpdate":
        ru = st.get("rollingUpdate")
        if ru is None:
            ru = st["rollingUpdate"] = {}
        for k in ("maxUnavailable", "maxSurge"):
            if ru.get(k) is None:
                ru[k] = "25%"
    for k, v in (("revisionHistoryLimit", 10), ("progressDeadlineSeconds", 600)):
        if s.get(k) is None:
            s[k] = v
    template_defaults(s.get("template"))
    o.setdefault("status", {})


def _replicaset(o):
    s = o.setdefault("spec", {})
    if s.get("replicas") is None:
        s["replicas"] = 1
    template_defaults(s.get("template"))
    o.setdefault("status", {"replicas": 0})


def _daemonset(o):
    s = o.setdefault("spec", {})
    us = s.setdefault("updateStrategy", {})
    set_default(us, "type", "RollingUpdate")
    if us["type"] == "RollingUpdate":
        ru = us.get("rollingUpdate")
        if ru is None:
            ru = us["rollingUpdate"] = {}
        if ru.get("maxUnavailable") is None:
            ru["maxUnavailable"] = 1
        if ru.get("maxSurge") is None:
            ru["maxSurge"] = 0
    if s.get("revisionHistoryLimit") is None:
        s["revisionHistoryLimit"] = 10
    template_defaults(s.get("template"))
    o.setdefault("status", {"currentNumberScheduled": 0, "desiredNumberScheduled": 0,
                            "numberMisscheduled": 0, "numberReady": 0})


def _statefulset(o):
    s = o.setdefault("spec", {})
    set_default(s, "podManagementPolicy", "OrderedReady")
    us = s.setdefault("updateStrategy", {})
    if not us.get("type"):
        us["type"] = "RollingUpdate"
        if us.get("rollingUpdate") is None:
            us["rollingUpdate"] = {}
    if us["type"] == "RollingUpdate" and us.get("rollingUpdate") is not None:
        if us["rollingUpdate"].get("partition") is None:
            us["rollingUpdate"]["partition"] = 0
    pol = s.get("persistentVolumeClaimRetentionPolicy")
    if pol is None:
        pol = s["persistentVolumeClaimRetentionPolicy"] = {}
    set_default(pol, "whenDeleted", "Retain")
    set_default(pol, "whenScaled", "Retain")
    for k, v in (("replicas", 1), ("revisionHistoryLimit", 10)):
        if s.get(k) is None:
            s[k] = v
    for pvc in s.get("volumeClaimTemplates") or []:
        pvc.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        _pvc(pvc)
    template_defaults(s.get("template"))
    o.setdefault("status", {"availableReplicas": 0, "replicas": 0})


def _replicationcontroller(o):
    s = o.setdefault("spec", {})
    labels = (s.get("template") or {}).get("metadata", {}).get("labels")
    if labels is not None:
        if not s.get("selector"):
            s["selector"] = dict(labels)
        meta = o.setdefault("metadata", {})
        if not meta.get("labels"):
            meta["labels"] = dict(labels)
    if s.get("replicas") is None:
        s["replicas"] = 1
    template_defaults(s.get("template"))
    o.setdefault("status", {"replicas": 0})


def _job_spec(s: dict, meta: dict) -> None:
    if s.get("completions") is None and s.get("parallelism") is None:
        s["completions"] = 1
    if s.get("parallelism") is None:
        s["parallelism"] = 1
    if s.get("backoffLimit") is None:
        s["backoffLimit"] = 2147483647 if s.get("backoffLimitPerIndex") is not None else 6
    labels = (s.get("template") or {}).get("metadata", {}).get("labels")
    if labels is not None and not meta.get("labels"):
        meta["labels"] = dict(labels)
    set_default(s, "completionMode", "NonIndexed")
    if s.get("suspend") is None:
        s["suspend"] = False
    for rule in (s.get("podFailurePolicy") or {}).get("rules") or []:
        for pat in rule.get("onPodConditions") or []:
            set_default(pat, "status", "True")
    if s.get("podReplacementPolicy") is None:
        s["podReplacementPolicy"] = "Failed" if s.get("podFailurePolicy") else "TerminatingOrFailed"
    if s.get("manualSelector") is None:
        s["manualSelector"] = False


def _job(o):
    s = o.setdefault("spec", {})
    _job_spec(s, o.setdefault("metadata", {}))
    template_defaults(s.get("template"))
    o.setdefault("status", {})


def _cronjob(o):
    s = o.setdefault("spec", {})
    set_default(s, "concurrencyPolicy", "Allow")
    for k, v in (("suspend", False), ("successfulJobsHistoryLimit", 3), ("failedJobsHistoryLimit", 1)):
        if s.get(k) is None:
            s[k] = v
    jt = s.setdefault("jobTemplate", {})
    jt.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    template_defaults(jt.setdefault("spec", {}).get("template"))
    o.setdefault("status", {})


def _service(o):
    s = o.setdefault("spec", {})
    set_default(s, "sessionAffinity", "None")
    if s["sessionAffinity"] == "None":
        s.pop("sessionAffinityConfig", None)
    elif s["sessionAffinity"] == "ClientIP":
        cfg = s.get("sessionAffinityConfig") or {}
        if (cfg.get("clientIP") or {}).get("timeoutSeconds") is None:
            s["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": 10800}}
    set_default(s, "type", "ClusterIP")
    for p in s.get("ports") or []:
        set_default(p, "protocol", "TCP")
        if p.get("targetPort") in (None, 0, ""):
            p["targetPort"] = p.get("port")
    typ = s["type"]
    external = typ in ("NodePort", "LoadBalancer") or (typ == "ClusterIP" and s.get("externalIPs"))
    if external:
        set_default(s, "externalTrafficPolicy", "Cluster")
    if s.get("internalTrafficPolicy") is None and typ in ("NodePort", "LoadBalancer", "ClusterIP"):
        s["internalTrafficPolicy"] = "Cluster"
    if typ == "LoadBalancer" and s.get("allocateLoadBalancerNodePorts") is None:
        s["allocateLoadBalancerNodePorts"] = True
    # registry: clusterIP <-> clusterIPs, then ip families for a single-stack IPv4 cluster
    if s.get("clusterIP") and not s.get("clusterIPs"):
        s["clusterIPs"] = [s["clusterIP"]]
    elif s.get("clusterIPs") and not s.get("clusterIP"):
        s["clusterIP"] = s["clusterIPs"][0]
    if typ != "ExternalName":
        headless_no_selector = s.get("clusterIP") == "None" and not s.get("selector")
        if s.get("ipFamilyPolicy") is None:
            s["ipFamilyPolicy"] = "RequireDualStack" if headless_no_selector else "SingleStack"
        if not s.get("ipFamilies"):
            s["ipFamilies"] = ["IPv4"]
    o.setdefault("status", {}).setdefault("loadBalancer", {})


def _namespace(o):
    meta = o.setdefault("metadata", {})
    if meta.get("name"):
        if meta.get("labels") is None:
            meta["labels"] = {}
        meta["labels"]["kubernetes.io/metadata.name"] = meta["name"]
    set_default(o.setdefault("status", {}), "phase", "Active")


def namespace_prepare_for_create(obj: dict) -> None:
    """The Namespace strategy on create: phase Active and the `kubernetes` finalizer.

    Not a default: the namespace controller removes the finalizer through the finalize
    subresource, and defaulting runs again on every write.
    """
    spec = obj.setdefault("spec", {})
    fin = spec.get("finalizers") or []
    if "kubernetes" not in fin:
        spec["finalizers"] = fin + ["kubernetes"]
    obj["status"] = {"phase": "Active"}


def _node(o):
    st = o.setdefault("status", {})
    canonical_resources(st.get("capacity"))
    if st.get("allocatable") is None and st.get("capacity") is not None:
        st["allocatable"] = dict(st["capacity"])
    canonical_resources(st.get("allocatable"))


def _pv(o):
    s = o.setdefault("spec", {})
    set_default(s, "persistentVolumeReclaimPolicy", "Retain")
    set_default(s, "volumeMode", "Filesystem")
    canonical_resources(s.get("capacity"))
    if s.get("hostPath") is not None and s["hostPath"].get("type") is None:
        s["hostPath"]["type"] = ""
    set_default(o.setdefault("status", {}), "phase", "Pending")


def _pvc(o):
    pvc_spec_defaults(o.setdefault("spec", {}))
    set_default(o.setdefault("status", {}), "phase", "Pending")


def _endpoints(o):
    for ss in o.get("subsets") or []:
        for p in ss.get("ports") or []:
            set_default(p, "protocol", "TCP")


def _limitrange(o):
    for item in (o.get("spec") or {}).get("limits") or []:
        if item.get("type") == "Container":
            d = item.get("default") if item.get("default") is not None else {}
            dr = item.get("defaultRequest") if item.get("defaultRequest") is not None else {}
            for k, q in (item.get("max") or {}).items():
                d.setdefault(k, q)
            for k, q in d.items():
                dr.setdefault(k, q)
            for k, q in (item.get("min") or {}).items():
                dr.setdefault(k, q)
            item["default"], item["defaultRequest"] = d, dr
        for k in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
            canonical_resources(item.get(k))


def _binding(o):
    set_default(o.setdefault("roleRef", {}), "apiGroup", RBAC_GROUP)
    for s in o.get("subjects") or []:
        if not s.get("apiGroup"):
            s["apiGroup"] = "" if s.get("kind") == "ServiceAccount" else RBAC_GROUP


def _networkpolicy(o):
    s = o.setdefault("spec", {})
    for rules in ("ingress", "egress"):
        for r in s.get(rules) or []:
            for p in r.get("ports") or []:
                set_default(p, "protocol", "TCP")
    if not s.get("policyTypes"):
        s["policyTypes"] = ["Ingress"] + (["Egress"] if s.get("egress") else [])


def _endpointslice(o):
    for p in o.get("ports") or []:
        if p.get("name") is None:
            p["name"] = ""
        set_default(p, "protocol", "TCP")


def _set(path_defaults):
    def apply(o):
        for k, v in path_defaults:
            set_default(o, k, v)
    return apply


def _hpa(o):
    s = o.setdefault("spec", {})
    if s.get("minReplicas") is None:
        s["minReplicas"] = 1
    o.setdefault("status", {"currentReplicas": 0, "desiredReplicas": 0})


def _quota(o):
    canonical_resources((o.get("spec") or {}).get("hard"))


def _podtemplate(o):
    template_defaults(o.setdefault("template", {}))


def _webhooks(o, mutating):
    from .validation.admissionregistration import defaults
    defaults(o, mutating)


DEFAULTERS = {
    ("", "Pod"): _pod, ("", "PodTemplate"): _podtemplate,
    ("", "ReplicationController"): _replicationcontroller, ("", "Service"): _service,
    ("", "Namespace"): _namespace, ("", "Secret"): _set([("type", "Opaque")]), ("", "Node"): _node,
    ("", "PersistentVolume"): _pv, ("", "PersistentVolumeClaim"): _pvc, ("", "Endpoints"): _endpoints,
    ("", "LimitRange"): _limitrange, ("", "ResourceQuota"): _quota,
    ("apps", "Deployment"): _deployment, ("apps", "ReplicaSet"): _replicaset,
    ("apps", "DaemonSet"): _daemonset, ("apps", "StatefulSet"): _statefulset,
    ("batch", "Job"): _job, ("batch", "CronJob"): _cronjob,
    (RBAC_GROUP, "RoleBinding"): _binding, (RBAC_GROUP, "ClusterRoleBinding"): _binding,
    ("networking.k8s.io", "NetworkPolicy"): _networkpolicy,
    ("discovery.k8s.io", "EndpointSlice"): _endpointslice,
    ("storage.k8s.io", "StorageClass"): _set([("reclaimPolicy", "Delete"),
                                              ("volumeBindingMode", "Immediate")]),
    ("scheduling.k8s.io", "PriorityClass"): _set([("preemptionPolicy", "PreemptLowerPriority")]),
    ("autoscaling", "HorizontalPodAutoscaler"): _hpa,
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): lambda o: _webhooks(o, True),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): lambda o: _webhooks(o, False),
}


def apply_defaults(obj: dict) -> None:
    """Fill in defaults in place, keyed by the object's apiVersion group and kind."""
    group = (obj.get("apiVersion") or "").rpartition("/")[0]
    fn = DEFAULTERS.get((group, obj.get("kind", "")))
    if fn is not None:
        fn(obj)


def prepare_for_create(obj: dict, uid: str = "") -> None:
    """The registry strategies' PrepareForCreate parts that clients see (Namespace, Job)."""
    key = ((obj.get("apiVersion") or "").rpartition("/")[0], obj.get("kind"))
    if key == ("", "Namespace"):
        namespace_prepare_for_create(obj)
    elif key == ("batch", "Job"):
        job_prepare_for_create(obj, uid or (obj.get("metadata") or {}).get("uid", ""))


def job_prepare_for_create(obj: dict, uid: str) -> None:
    """The Job registry strategy on create: generated selector and labels, cleared status.

    With `manualSelector` false the template gets `batch.kubernetes.io/controller-uid`,
    `batch.kubernetes.io/job-name` and the legacy `controller-uid`/`job-name` labels and the
    selector matches the uid. Upstream then stores the object and decodes it again, which re-runs
    SetDefaults_Job: a Job without labels of its own shows the template's labels.
    """
    meta, spec = obj.setdefault("metadata", {}), obj.setdefault("spec", {})
    meta["uid"] = uid
    name = meta.get("name", "")
    if not spec.get("manualSelector"):
        tmeta = spec.setdefault("template", {}).setdefault("metadata", {})
        labels = tmeta.get("labels") if tmeta.get("labels") is not None else {}
        for key, value in (("controller-uid", uid), ("batch.kubernetes.io/controller-uid", uid),
                           ("job-name", name), ("batch.kubernetes.io/job-name", name)):
            labels.setdefault(key, value)
        tmeta["labels"] = labels
        sel = spec.get("selector") if spec.get("selector") is not None else {}
        ml = sel.get("matchLabels") if sel.get("matchLabels") is not None else {}
        ml.setdefault("batch.kubernetes.io/controller-uid", uid)
        sel["matchLabels"] = ml
        spec["selector"] = sel
        if not meta.get("labels"):
            meta["labels"] = dict(labels)
    obj["status"] = {}
    meta["generation"] = 1

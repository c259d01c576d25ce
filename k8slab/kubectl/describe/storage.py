"""Persistent volume claims and storage classes.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (PersistentVolumeDescriber,
describePersistentVolume, printVolumeNodeAffinity; PersistentVolumeClaimDescriber,
getPodsForPVC: the namespace's pods that mount the claim, then the pods owning it;
describePersistentVolumeClaim, printPersistentVolumeClaim; StorageClassDescriber,
printAllowedTopologies) and `staging/src/k8s.io/kubectl/pkg/util/storage/storage.go`
(GetPersistentVolumeClaimClass, GetPersistentVolumeClass, GetAccessModesAsString,
IsDefaultAnnotationText).
"""

from __future__ import annotations

from .context import DescribeContext, core_path, group_path, meta, spec, status
from .events import describe_events
from .gofmt import format_labels, go_v, print_bool_ptr, quantity, rfc1123z, since
from .writer import (LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter, print_annotations_multiline, print_labels_multiline,
                     print_pods_multiline)

BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class"
IS_DEFAULT = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")
ACCESS_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
                ("ReadWriteOncePod", "RWOP"))


def persistent_volume_claim_class(claim: dict) -> str:
    annotations = meta(claim).get("annotations") or {}
    if BETA_STORAGE_CLASS in annotations:
        return annotations[BETA_STORAGE_CLASS]
    return spec(claim).get("storageClassName") or ""


def access_modes_string(modes: list | None) -> str:
    modes = modes or []
    return ",".join(short for mode, short in ACCESS_MODES if mode in modes)


def describe_persistent_volume(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    pv = ctx.get(core_path("persistentvolumes", None, name))
    from .volumes import describe_persistent_volume_source
    from .workloads import events_for
    events = events_for(ctx, pv, "PersistentVolume")
    m, s, st = meta(pv), spec(pv), status(pv)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"Finalizers:\t{go_v(m.get('finalizers') or [])}\n")
    w.write(LEVEL_0, f"StorageClass:\t{persistent_volume_claim_class(pv)}\n")
    if m.get("deletionTimestamp"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {since(m['deletionTimestamp'], ctx.now)})\n")
    else:
        w.write(LEVEL_0, f"Status:\t{st.get('phase', '')}\n")
    ref = s.get("claimRef")
    w.write(LEVEL_0, f"Claim:\t{ref.get('namespace', '') + '/' + ref.get('name', '') if ref is not None else ''}\n")
    w.write(LEVEL_0, f"Reclaim Policy:\t{s.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(LEVEL_0, f"Access Modes:\t{access_modes_string(s.get('accessModes'))}\n")
    if s.get("volumeMode") is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{s['volumeMode']}\n")
    q = quantity((s.get("capacity") or {}).get("storage"))
    w.write(LEVEL_0, f"Capacity:\t{'0' if q is None else q}\n")
    _node_affinity(w, s.get("nodeAffinity"))
    w.write(LEVEL_0, f"Message:\t{st.get('message', '')}\n")
    w.write(LEVEL_0, "Source:\n")
    describe_persistent_volume_source(s, w)
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _node_affinity(w, affinity: dict | None) -> None:
    w.write(LEVEL_0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.write_line("<none>")
        return
    w.write_line("")
    w.write(LEVEL_1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        reqs = term.get("matchExpressions") or []
        w.write(LEVEL_2, f"Term {i}:\t")
        if not reqs:
            w.write_line("<none>")
            continue
        for j, req in enumerate(reqs):
            if j:
                w.write(LEVEL_2, "\t")
            expr = f"{req.get('key', '')} {req.get('operator', '').lower()}"
            if req.get("values"):
                expr += f" [{', '.join(req['values'])}]"
            w.write(LEVEL_0, f"{expr}\n")


def describe_persistent_volume_claim(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    pvc = ctx.get(core_path("persistentvolumeclaims", namespace, name))
    pods = _pods_for_claim(ctx, namespace, pvc)
    from .workloads import events_for
    events = events_for(ctx, pvc, "PersistentVolumeClaim")
    w = PrefixWriter()
    print_persistent_volume_claim(w, pvc, True, ctx.now)
    print_pods_multiline(w, "Used By", pods)
    conditions = status(pvc).get("conditions") or []
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastProbeTime'))} \t"
                             f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t"
                             f"{c.get('message', '')}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _pods_for_claim(ctx: DescribeContext, namespace: str, pvc: dict) -> list:
    pods_in_ns = ctx.list(core_path("pods", namespace))
    name = meta(pvc).get("name")
    pods = [p for p in pods_in_ns for v in spec(p).get("volumes") or []
            if (v.get("persistentVolumeClaim") or {}).get("claimName") == name]
    for ref in meta(pvc).get("ownerReferences") or []:
        if ref.get("kind") != "Pod":
            continue
        owner = next((p for p in pods_in_ns if meta(p).get("uid") == ref.get("uid")), None)
        if owner is not None and all(meta(p).get("uid") != meta(owner).get("uid") for p in pods):
            pods.append(owner)
    return pods


def print_persistent_volume_claim(w, pvc: dict, full: bool, now: float = 0.0) -> None:
    m, s, st = meta(pvc), spec(pvc), status(pvc)
    if full:
        w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
        w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.write(LEVEL_0, f"StorageClass:\t{persistent_volume_claim_class(pvc)}\n")
    if full:
        if m.get("deletionTimestamp"):
            w.write(LEVEL_0, f"Status:\tTerminating (lasts {since(m['deletionTimestamp'], now)})\n")
        else:
            w.write(LEVEL_0, f"Status:\t{st.get('phase', '')}\n")
    w.write(LEVEL_0, f"Volume:\t{s.get('volumeName', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    if full:
        w.write(LEVEL_0, f"Finalizers:\t{go_v(m.get('finalizers') or [])}\n")
    capacity, modes = "", ""
    if s.get("volumeName"):
        modes = access_modes_string(st.get("accessModes"))
        q = quantity((st.get("capacity") or {}).get("storage"))
        capacity = "0" if q is None else str(q)
    w.write(LEVEL_0, f"Capacity:\t{capacity}\n")
    w.write(LEVEL_0, f"Access Modes:\t{modes}\n")
    if s.get("volumeMode") is not None:
        w.write(LEVEL_0, f"VolumeMode:\t{s['volumeMode']}\n")
    source = s.get("dataSource")
    if source is not None:
        w.write(LEVEL_0, "DataSource:\n")
        if source.get("apiGroup") is not None:
            w.write(LEVEL_1, f"APIGroup:\t{source['apiGroup']}\n")
        w.write(LEVEL_1, f"Kind:\t{source.get('kind', '')}\n")
        w.write(LEVEL_1, f"Name:\t{source.get('name', '')}\n")


def describe_storage_class(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    sc = ctx.get(group_path("storage.k8s.io/v1", "storageclasses", None, name))
    from .workloads import events_for
    events = events_for(ctx, sc, "StorageClass")
    m = meta(sc)
    annotations = m.get("annotations") or {}
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    default = "Yes" if any(annotations.get(k) == "true" for k in IS_DEFAULT) else "No"
    w.write(LEVEL_0, f"IsDefaultClass:\t{default}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(annotations)}\n")
    w.write(LEVEL_0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.write(LEVEL_0, f"Parameters:\t{format_labels(sc.get('parameters'))}\n")
    w.write(LEVEL_0, f"AllowVolumeExpansion:\t{print_bool_ptr(sc.get('allowVolumeExpansion'))}\n")
    options = sc.get("mountOptions") or []
    if not options:
        w.write(LEVEL_0, "MountOptions:\t<none>\n")
    else:
        w.write(LEVEL_0, "MountOptions:\n")
        for option in options:
            w.write(LEVEL_1, f"{option}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(LEVEL_0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(LEVEL_0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    if sc.get("allowedTopologies") is not None:
        _allowed_topologies(w, sc["allowedTopologies"])
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def _allowed_topologies(w, terms: list) -> None:
    w.write(LEVEL_0, "AllowedTopologies:\t")
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        reqs = term.get("matchLabelExpressions") or []
        w.write(LEVEL_1, f"Term {i}:\t")
        if not reqs:
            w.write_line("<none>")
            continue
        for j, req in enumerate(reqs):
            if j:
                w.write(LEVEL_1, "\t")
            expr = f"{req.get('key', '')} in"
            if req.get("values"):
                expr += f" [{', '.join(req['values'])}]"
            w.write(LEVEL_0, f"{expr}\n")

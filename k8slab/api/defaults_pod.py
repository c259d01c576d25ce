"""Pod template defaulting: PodSpec, containers, probes and volume sources, shared by Pods and
every workload's template.

Follows `pkg/apis/core/v1/defaults.go` (SetDefaults_PodSpec, SetDefaults_Pod, SetDefaults_Container,
SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume and the volume sources,
SetDefaults_ObjectFieldSelector, SetDefaults_ResourceList), `zz_generated.defaults.go` (which
defaults apply inside a Pod versus a PodTemplateSpec; the `+default` markers: container port
protocol TCP, gRPC probe service "") and `pkg/util/parsers` (the image tag that picks
imagePullPolicy). The v1 conversion keeps `serviceAccount` equal to `serviceAccountName`.

Differences from upstream: image references are parsed with a small splitter, not the
distribution/reference grammar; ImageVolume and pod-level resources are not defaulted.
"""

from __future__ import annotations

from .validation.quantity import QuantityError, canonical

_VOLUME_SOURCES = ("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo",
                   "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume",
                   "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
                   "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
                   "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image")


def set_default(d: dict, key: str, value) -> None:
    """Set key when it is absent, null, or the Go zero value of a string field ("")."""
    if d.get(key) in (None, ""):
        d[key] = value


def _zero(d: dict, key: str, value) -> None:
    """Set a non-pointer int field that upstream treats as unset when 0."""
    if not d.get(key):
        d[key] = value


def canonical_resources(rl: dict | None) -> None:
    """SetDefaults_ResourceList: round up to milli precision and store the canonical text."""
    for k, v in list((rl or {}).items()):
        try:
            rl[k] = canonical(v)
        except QuantityError:
            pass            # left for the decoder's error (validation.core.check_quantities)


def image_tag(image: str) -> str:
    """parsers.ParseImageName's tag: `latest` when neither tag nor digest is given."""
    if not image or image != image.strip():
        return ""
    name, _, digest = image.partition("@")
    first, _, rest = name.partition("/")
    path = rest if rest and ("." in first or ":" in first or first == "localhost") else name
    if any(c.isupper() for c in path):
        return ""           # not a valid reference: upstream ignores the error and the tag is ""
    last = path.rsplit("/", 1)[-1]
    if ":" in last:
        return last.split(":", 1)[1]
    return "" if digest else "latest"


def _handler(h: dict | None) -> None:
    if not h:
        return
    if h.get("httpGet") is not None:
        set_default(h["httpGet"], "path", "/")
        set_default(h["httpGet"], "scheme", "HTTP")
    if h.get("grpc") is not None and h["grpc"].get("service") is None:
        h["grpc"]["service"] = ""


def _container(c: dict) -> None:
    if not c.get("imagePullPolicy"):
        c["imagePullPolicy"] = "Always" if image_tag(c.get("image") or "") == "latest" else "IfNotPresent"
    set_default(c, "terminationMessagePath", "/dev/termination-log")
    set_default(c, "terminationMessagePolicy", "File")
    for p in c.get("ports") or []:
        set_default(p, "protocol", "TCP")
    for e in c.get("env") or []:
        vf = e.get("valueFrom") or {}
        if vf.get("fieldRef") is not None:
            set_default(vf["fieldRef"], "apiVersion", "v1")
        if vf.get("resourceFieldRef") is not None:
            set_default(vf["resourceFieldRef"], "divisor", "0")
    res = c.get("resources")
    if res is None:
        res = c["resources"] = {}
    canonical_resources(res.get("limits"))
    canonical_resources(res.get("requests"))
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        p = c.get(probe)
        if p is not None:
            _zero(p, "timeoutSeconds", 1)
            _zero(p, "periodSeconds", 10)
            _zero(p, "successThreshold", 1)
            _zero(p, "failureThreshold", 3)
            _handler(p)
    for hook in ("postStart", "preStop"):
        _handler((c.get("lifecycle") or {}).get(hook))


def _items_field_refs(items: list | None) -> None:
    for it in items or []:
        if it.get("fieldRef") is not None:
            set_default(it["fieldRef"], "apiVersion", "v1")
        if it.get("resourceFieldRef") is not None:
            set_default(it["resourceFieldRef"], "divisor", "0")


def pvc_spec_defaults(spec: dict) -> None:
    set_default(spec, "volumeMode", "Filesystem")
    res = spec.get("resources") or {}
    canonical_resources(res.get("limits"))
    canonical_resources(res.get("requests"))


def _volume(v: dict) -> None:
    if not any(v.get(k) is not None for k in _VOLUME_SOURCES):
        v["emptyDir"] = {}
    if v.get("hostPath") is not None and v["hostPath"].get("type") is None:
        v["hostPath"]["type"] = ""
    for src in ("secret", "configMap", "downwardAPI", "projected"):
        if v.get(src) is not None and v[src].get("defaultMode") is None:
            v[src]["defaultMode"] = 420
    if v.get("downwardAPI") is not None:
        _items_field_refs(v["downwardAPI"].get("items"))
    for s in (v.get("projected") or {}).get("sources") or []:
        _items_field_refs((s.get("downwardAPI") or {}).get("items"))
        token = s.get("serviceAccountToken")
        if token is not None and token.get("expirationSeconds") is None:
            token["expirationSeconds"] = 3600
    if v.get("iscsi") is not None:
        set_default(v["iscsi"], "iscsiInterface", "default")
    if v.get("rbd") is not None:
        set_default(v["rbd"], "pool", "rbd")
        set_default(v["rbd"], "user", "admin")
        set_default(v["rbd"], "keyring", "/etc/ceph/keyring")
    tmpl = (v.get("ephemeral") or {}).get("volumeClaimTemplate")
    if tmpl is not None:
        pvc_spec_defaults(tmpl.setdefault("spec", {}))


def pod_spec_defaults(spec: dict, is_pod: bool = False) -> None:
    """SetDefaults_PodSpec and the per-container/per-volume defaults; SetDefaults_Pod when is_pod."""
    set_default(spec, "dnsPolicy", "ClusterFirst")
    set_default(spec, "restartPolicy", "Always")
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    set_default(spec, "schedulerName", "default-scheduler")
    # v1 <-> internal conversion keeps the deprecated serviceAccount field in step
    if not spec.get("serviceAccountName") and spec.get("serviceAccount"):
        spec["serviceAccountName"] = spec["serviceAccount"]
    if spec.get("serviceAccountName"):
        spec["serviceAccount"] = spec["serviceAccountName"]
    for v in spec.get("volumes") or []:
        _volume(v)
    for kind in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(kind) or []:
            _container(c)
    canonical_resources(spec.get("overhead"))
    if not is_pod:
        return
    for kind in ("containers", "initContainers"):
        for c in spec.get(kind) or []:
            limits = c["resources"].get("limits")
            if limits:
                reqs = c["resources"].setdefault("requests", {})
                for k, q in limits.items():
                    reqs.setdefault(k, q)
    if spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    if spec.get("hostNetwork"):
        for kind in ("containers", "initContainers"):
            for c in spec.get(kind) or []:
                for p in c.get("ports") or []:
                    if not p.get("hostPort"):
                        p["hostPort"] = p.get("containerPort")


def template_defaults(tmpl: dict | None) -> None:
    """A PodTemplateSpec: PodSpec defaults plus Go's `creationTimestamp: null`."""
    if tmpl is None:
        return
    meta = tmpl.setdefault("metadata", {})
    meta.setdefault("creationTimestamp", None)
    pod_spec_defaults(tmpl.setdefault("spec", {}))

"""The Volumes block of a pod or pod template.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (describeVolumes and the
print<Kind>VolumeSource functions: a `Type:\\tKind (what it is)` line, then the source's fields
at four spaces). Most sources are a fixed list of fields and are kept as a table below; the few
with logic (emptyDir, projected, downwardAPI, csi, ephemeral, fc, iscsi) have functions.

Differences from upstream: `%v` of pointer-to-struct fields other than secret references
(`SecretRef` of rbd/iscsi-style sources prints `&LocalObjectReference{Name:x,}` as upstream)
is not reproduced beyond those references.
"""

from __future__ import annotations

from .gofmt import go_v, quantity, ref_string
from .writer import LEVEL_1, LEVEL_2, LEVEL_3, MAX_ANNOTATION_LEN

# source key -> (the Type line's text, [(label, field, kind)]); kind "v" is %v with Go's zero
# value when absent ("" for strings, false for bools, 0 for ints, [] for lists), "ref" a
# *LocalObjectReference, "str" a string.
_ZERO = {"str": "", "bool": False, "int": 0, "list": []}
SIMPLE = {
    "hostPath": None,
    "gcePersistentDisk": ("GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)",
                          [("PDName", "pdName", "str"), ("FSType", "fsType", "str"),
                           ("Partition", "partition", "int"), ("ReadOnly", "readOnly", "bool")]),
    "awsElasticBlockStore": ("AWSElasticBlockStore (a Persistent Disk resource in AWS)",
                             [("VolumeID", "volumeID", "str"), ("FSType", "fsType", "str"),
                              ("Partition", "partition", "int"), ("ReadOnly", "readOnly", "bool")]),
    "gitRepo": ("GitRepo (a volume that is pulled from git when the pod is created)",
                [("Repository", "repository", "str"), ("Revision", "revision", "str")]),
    "nfs": ("NFS (an NFS mount that lasts the lifetime of a pod)",
            [("Server", "server", "str"), ("Path", "path", "str"), ("ReadOnly", "readOnly", "bool")]),
    "glusterfs": ("Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
                  [("EndpointsName", "endpoints", "str"), ("Path", "path", "str"),
                   ("ReadOnly", "readOnly", "bool")]),
    "persistentVolumeClaim": ("PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
                              [("ClaimName", "claimName", "str"), ("ReadOnly", "readOnly", "bool")]),
    "rbd": ("RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
            [("CephMonitors", "monitors", "list"), ("RBDImage", "image", "str"), ("FSType", "fsType", "str"),
             ("RBDPool", "pool", "str"), ("RadosUser", "user", "str"), ("Keyring", "keyring", "str"),
             ("SecretRef", "secretRef", "ref"), ("ReadOnly", "readOnly", "bool")]),
    "quobyte": ("Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
                [("Registry", "registry", "str"), ("Volume", "volume", "str"), ("ReadOnly", "readOnly", "bool")]),
    "vsphereVolume": ("vSphereVolume (a Persistent Disk resource in vSphere)",
                      [("VolumePath", "volumePath", "str"), ("FSType", "fsType", "str"),
                       ("StoragePolicyName", "storagePolicyName", "str")]),
    "cinder": ("Cinder (a Persistent Disk resource in OpenStack)",
               [("VolumeID", "volumeID", "str"), ("FSType", "fsType", "str"), ("ReadOnly", "readOnly", "bool"),
                ("SecretRef", "secretRef", "ref")]),
    "photonPersistentDisk": ("PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
                             [("PdID", "pdID", "str"), ("FSType", "fsType", "str")]),
    "portworxVolume": ("PortworxVolume (a Portworx Volume resource)", [("VolumeID", "volumeID", "str")]),
    "scaleIO": ("ScaleIO (a persistent volume backed by a block device in ScaleIO)",
                [("Gateway", "gateway", "str"), ("System", "system", "str"),
                 ("Protection Domain", "protectionDomain", "str"), ("Storage Pool", "storagePool", "str"),
                 ("Storage Mode", "storageMode", "str"), ("VolumeName", "volumeName", "str"),
                 ("FSType", "fsType", "str"), ("ReadOnly", "readOnly", "bool")]),
    "cephfs": ("CephFS (a CephFS mount on the host that shares a pod's lifetime)",
               [("Monitors", "monitors", "list"), ("Path", "path", "str"), ("User", "user", "str"),
                ("SecretFile", "secretFile", "str"), ("SecretRef", "secretRef", "ref"),
                ("ReadOnly", "readOnly", "bool")]),
    "storageos": ("StorageOS (a StorageOS Persistent Disk resource)",
                  [("VolumeName", "volumeName", "str"), ("VolumeNamespace", "volumeNamespace", "str"),
                   ("FSType", "fsType", "str"), ("ReadOnly", "readOnly", "bool")]),
    "azureFile": ("AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
                  [("SecretName", "secretName", "str"), ("ShareName", "shareName", "str"),
                   ("ReadOnly", "readOnly", "bool")]),
    "azureDisk": ("AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)",
                  [("DiskName", "diskName", "str"), ("DiskURI", "diskURI", "str"), ("Kind: ", "kind", "str"),
                   ("FSType", "fsType", "str"), ("CachingMode", "cachingMode", "str"),
                   ("ReadOnly", "readOnly", "bool")]),
    "flexVolume": ("FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
                   [("Driver", "driver", "str"), ("FSType", "fsType", "str"), ("SecretRef", "secretRef", "ref"),
                    ("ReadOnly", "readOnly", "bool"), ("Options", "options", "map")]),
    "flocker": ("Flocker (a Flocker volume mounted by the Flocker agent)",
                [("DatasetName", "datasetName", "str"), ("DatasetUUID", "datasetUUID", "str")]),
    "image": ("Image (a container image or OCI artifact)",
              [("Reference", "reference", "str"), ("PullPolicy", "pullPolicy", "str")]),
}
ORDER = ["hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "configMap",
         "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "ephemeral", "rbd", "quobyte", "downwardAPI",
         "azureDisk", "vsphereVolume", "cinder", "photonPersistentDisk", "portworxVolume", "scaleIO", "cephfs",
         "storageos", "fc", "azureFile", "flexVolume", "flocker", "projected", "csi", "image"]


def _field(src: dict, field: str, kind: str) -> str:
    v = src.get(field)
    if kind == "ref":
        return ref_string("LocalObjectReference", v)
    if kind == "map":
        return go_v(v or {})
    return go_v(_ZERO.get(kind, "") if v is None else v)


def describe_volumes(volumes: list | None, w, space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(LEVEL_1, f"{' ' if space else ''}{volume.get('name', '')}:\n")
        key = next((k for k in ORDER if volume.get(k) is not None), None)
        if key is None:
            w.write(LEVEL_1, "<unknown>\n")
            continue
        src = volume[key]
        special = _SPECIAL.get(key)
        if special:
            special(src, w)
            continue
        title, fields = SIMPLE[key]
        text = f"Type:\t{title}\n" + "".join(f"    {label}:\t{_field(src, f, kind)}\n" if not label.endswith(" ")
                                             else f"    {label}\t{_field(src, f, kind)}\n"
                                             for label, f, kind in fields)
        w.write(LEVEL_2, text)


def _host_path(src, w):
    w.write(LEVEL_2, "Type:\tHostPath (bare host directory volume)\n"
                     f"    Path:\t{src.get('path', '')}\n"
                     f"    HostPathType:\t{src.get('type') if src.get('type') is not None else '<none>'}\n")


def _empty_dir(src, w):
    q = quantity(src.get("sizeLimit"))
    size = str(q) if q is not None and q.value > 0 else "<unset>"
    w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                     f"    Medium:\t{src.get('medium', '')}\n"
                     f"    SizeLimit:\t{size}\n")


def _secret(src, w):
    w.write(LEVEL_2, "Type:\tSecret (a volume populated by a Secret)\n"
                     f"    SecretName:\t{src.get('secretName', '')}\n"
                     f"    Optional:\t{go_v(bool(src.get('optional')))}\n")


def _config_map(src, w):
    w.write(LEVEL_2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                     f"    Name:\t{src.get('name', '')}\n"
                     f"    Optional:\t{go_v(bool(src.get('optional')))}\n")


def _optional_ptr(v) -> str:
    """`%v` of a *bool: `<nil>`, or (upstream prints the pointer's address) the value."""
    return "<nil>" if v is None else go_v(v)


def _projected(src, w):
    w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in src.get("sources") or []:
        if source.get("secret") is not None:
            s = source["secret"]
            w.write(LEVEL_2, f"SecretName:\t{s.get('name', '')}\n"
                             f"    SecretOptionalName:\t{_optional_ptr(s.get('optional'))}\n")
        elif source.get("downwardAPI") is not None:
            w.write(LEVEL_2, "DownwardAPI:\ttrue\n")
        elif source.get("configMap") is not None:
            c = source["configMap"]
            w.write(LEVEL_2, f"ConfigMapName:\t{c.get('name', '')}\n"
                             f"    ConfigMapOptional:\t{_optional_ptr(c.get('optional'))}\n")
        elif source.get("serviceAccountToken") is not None:
            w.write(LEVEL_2, f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 0)}\n")


def _downward_api(src, w):
    w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
    for item in src.get("items") or []:
        if item.get("fieldRef") is not None:
            w.write(LEVEL_3, f"{item['fieldRef'].get('fieldPath', '')} -> {item.get('path', '')}\n")
        if item.get("resourceFieldRef") is not None:
            w.write(LEVEL_3, f"{item['resourceFieldRef'].get('resource', '')} -> {item.get('path', '')}\n")


def _csi(src, w):
    w.write(LEVEL_2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
                     f"    Driver:\t{src.get('driver', '')}\n"
                     f"    FSType:\t{src.get('fsType') or ''}\n"
                     f"    ReadOnly:\t{go_v(bool(src.get('readOnly')))}\n")
    _attributes(src.get("volumeAttributes") or {}, w)


def _attributes(attrs: dict, w) -> None:
    """printCSIPersistentVolumeAttributesMultiline."""
    w.write(LEVEL_2, "VolumeAttributes:\t")
    if not attrs:
        w.write_line("<none>")
        return
    for i, key in enumerate(sorted(attrs)):
        if i:
            w.write(LEVEL_2, "")
            w.write(LEVEL_2, "\t")
        line = f"{key}={attrs[key]}"
        w.write(LEVEL_2, f"{line[:MAX_ANNOTATION_LEN]}...\n" if len(line.encode()) > MAX_ANNOTATION_LEN
                else f"{line}\n")


def _fc(src, w):
    lun = str(src["lun"]) if src.get("lun") is not None else "<none>"
    w.write(LEVEL_2, "Type:\tFC (a Fibre Channel disk)\n"
                     f"    TargetWWNs:\t{', '.join(src.get('targetWWNs') or [])}\n"
                     f"    LUN:\t{lun}\n"
                     f"    FSType:\t{src.get('fsType', '')}\n"
                     f"    ReadOnly:\t{go_v(bool(src.get('readOnly')))}\n")


def _iscsi(src, w):
    initiator = src.get("initiatorName") if src.get("initiatorName") is not None else "<none>"
    w.write(LEVEL_2, "Type:\tISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine "
                     "and then exposed to the pod)\n"
                     f"    TargetPortal:\t{src.get('targetPortal', '')}\n"
                     f"    IQN:\t{src.get('iqn', '')}\n"
                     f"    Lun:\t{src.get('lun', 0)}\n"
                     f"    ISCSIInterface\t{src.get('iscsiInterface', '')}\n"
                     f"    FSType:\t{src.get('fsType', '')}\n"
                     f"    ReadOnly:\t{go_v(bool(src.get('readOnly')))}\n"
                     f"    Portals:\t{go_v(src.get('portals') or [])}\n"
                     f"    DiscoveryCHAPAuth:\t{go_v(bool(src.get('chapAuthDiscovery')))}\n"
                     f"    SessionCHAPAuth:\t{go_v(bool(src.get('chapAuthSession')))}\n"
                     f"    SecretRef:\t{ref_string('LocalObjectReference', src.get('secretRef'))}\n"
                     f"    InitiatorName:\t{initiator}\n")


def _ephemeral(src, w):
    w.write(LEVEL_2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and "
                     "deleted with the pod)\n")
    template = src.get("volumeClaimTemplate")
    if template is not None:
        from .storage import print_persistent_volume_claim
        claim = {"metadata": template.get("metadata") or {}, "spec": template.get("spec") or {}}
        print_persistent_volume_claim(w.nested(LEVEL_2) if hasattr(w, "nested") else w, claim, False)


# ---- persistent volume sources (PersistentVolumeDescriber's switch) ---------------------------

PV_ORDER = ["hostPath", "gcePersistentDisk", "awsElasticBlockStore", "nfs", "iscsi", "glusterfs", "rbd",
            "quobyte", "vsphereVolume", "cinder", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO",
            "local", "cephfs", "storageos", "fc", "azureFile", "flexVolume", "flocker", "csi"]
_PV_SIMPLE = {
    "local": ("LocalVolume (a persistent volume backed by local storage on a node)", [("Path", "path", "str")]),
    "glusterfs": ("Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
                  [("EndpointsName", "endpoints", "str"), ("EndpointsNamespace", "endpointsNamespace", "unset"),
                   ("Path", "path", "str"), ("ReadOnly", "readOnly", "bool")]),
    "rbd": (SIMPLE["rbd"][0], [f if f[1] != "secretRef" else ("SecretRef", "secretRef", "secretref")
                               for f in SIMPLE["rbd"][1]]),
    "cinder": (SIMPLE["cinder"][0], [f if f[1] != "secretRef" else ("SecretRef", "secretRef", "secretref")
                                     for f in SIMPLE["cinder"][1]]),
    "cephfs": (SIMPLE["cephfs"][0], [f if f[1] != "secretRef" else ("SecretRef", "secretRef", "secretref")
                                     for f in SIMPLE["cephfs"][1]]),
    "flexVolume": (SIMPLE["flexVolume"][0], [f if f[1] != "secretRef" else ("SecretRef", "secretRef", "secretref")
                                             for f in SIMPLE["flexVolume"][1]]),
    "azureFile": (SIMPLE["azureFile"][0], [("SecretName", "secretName", "str"),
                                           ("SecretNamespace", "secretNamespace", "str"),
                                           ("ShareName", "shareName", "str"), ("ReadOnly", "readOnly", "bool")]),
    "scaleIO": (SIMPLE["scaleIO"][0], SIMPLE["scaleIO"][1][:6] + [("SecretName", "secretRef.name", "str"),
                                                                   ("SecretNamespace", "secretRef.namespace", "str")]
                + SIMPLE["scaleIO"][1][6:]),
    "csi": ("CSI (a Container Storage Interface (CSI) volume source)",
            [("Driver", "driver", "str"), ("FSType", "fsType", "str"), ("VolumeHandle", "volumeHandle", "str"),
             ("ReadOnly", "readOnly", "bool")]),
}


def _pv_field(src: dict, field: str, kind: str) -> str:
    if "." in field:
        outer, inner = field.split(".")
        return (src.get(outer) or {}).get(inner, "")
    if kind == "secretref":
        return ref_string("SecretReference", src.get(field))
    if kind == "unset":
        return "<unset>" if src.get(field) is None else src[field]
    return _field(src, field, kind)


def describe_persistent_volume_source(pv_spec: dict, w) -> None:
    key = next((k for k in PV_ORDER if pv_spec.get(k) is not None), None)
    if key is None:
        w.write(LEVEL_1, "<unknown>\n")
        return
    src = pv_spec[key]
    if key in ("hostPath", "fc", "iscsi"):
        _SPECIAL[key](src, w)
        return
    title, fields = _PV_SIMPLE.get(key) or SIMPLE[key]
    w.write(LEVEL_2, f"Type:\t{title}\n" + "".join(
        f"    {label}:\t{_pv_field(src, f, kind)}\n" if not label.endswith(" ")
        else f"    {label}\t{_pv_field(src, f, kind)}\n" for label, f, kind in fields))
    if key == "csi":
        _attributes(src.get("volumeAttributes") or {}, w)


_SPECIAL = {"hostPath": _host_path, "emptyDir": _empty_dir, "secret": _secret, "configMap": _config_map,
            "projected": _projected, "downwardAPI": _downward_api, "csi": _csi, "fc": _fc, "iscsi": _iscsi,
            "ephemeral": _ephemeral}

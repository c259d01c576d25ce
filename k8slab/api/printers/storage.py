"""Group storage.k8s.io: storageclasses, volumeattachments, csinodes, csidrivers,
csistoragecapacities, volumeattributesclasses.

Follows `pkg/printers/internalversion/printers.go`: `printStorageClass` (a `(default)` suffix from
`storageutil.IsDefaultAnnotation`), `printVolumeAttachment`, `printCSINode`, `printCSIDriver`,
`printCSIStorageCapacity`, `printVolumeAttributesClass`.

Differences from upstream: quantities are printed as stored, not re-canonicalized.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, name_of

IS_DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class"
IS_DEFAULT_VOLUME_ATTRIBUTES_CLASS_ANNOTATION = "volumeattributesclass.kubernetes.io/is-default-class"

STORAGE_CLASS_COLUMNS = (
    NAME,
    column("Provisioner", "string", "The volume plugin or CSI driver that provisions volumes."),
    column("ReclaimPolicy", "string", "Reclaim policy of volumes this class provisions."),
    column("VolumeBindingMode", "string", "Immediate, or WaitForFirstConsumer."),
    column("AllowVolumeExpansion", "string", "Whether claims of this class may grow."),
    AGE,
)


def print_storage_class(obj: dict, now: float) -> list:
    annotations = dig(obj, "metadata", "annotations", default={})
    name = name_of(obj)
    if "true" in (annotations.get(IS_DEFAULT_STORAGE_CLASS_ANNOTATION),
                  annotations.get(BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION)):
        name += " (default)"
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", bool(obj.get("allowVolumeExpansion")),
            age(obj, now)]


VOLUME_ATTACHMENT_COLUMNS = (
    NAME,
    column("Attacher", "string", "The CSI driver that attaches the volume.", format="name"),
    column("PV", "string", "The persistent volume being attached."),
    column("Node", "string", "The node the volume is attached to."),
    column("Attached", "boolean", "Whether the attach operation succeeded."),
    AGE,
)


def print_volume_attachment(obj: dict, now: float) -> list:
    spec = obj.get("spec") or {}
    return [name_of(obj), spec.get("attacher", ""), dig(spec, "source", "persistentVolumeName", default=""),
            spec.get("nodeName", ""), bool(dig(obj, "status", "attached")), age(obj, now)]


CSI_NODE_COLUMNS = (
    NAME,
    column("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
    AGE,
)


def print_csi_node(obj: dict, now: float) -> list:
    return [name_of(obj), len(dig(obj, "spec", "drivers", default=[])), age(obj, now)]


CSI_DRIVER_COLUMNS = (
    NAME,
    column("AttachRequired", "boolean", "Whether volumes need an attach step."),
    column("PodInfoOnMount", "boolean", "Whether pod information is passed at mount time."),
    column("StorageCapacity", "boolean", "Whether the scheduler considers reported capacity."),
    column("TokenRequests", "string", "Audiences of service account tokens passed to the driver."),
    column("RequiresRepublish", "boolean", "Whether volumes are periodically re-published."),
    column("Modes", "string", "Volume lifecycle modes the driver supports."),
    AGE,
)


def print_csi_driver(obj: dict, now: float) -> list:
    spec = obj.get("spec") or {}
    tokens = spec.get("tokenRequests")
    return [name_of(obj), spec.get("attachRequired", True) is not False, bool(spec.get("podInfoOnMount")),
            bool(spec.get("storageCapacity")),
            "<unset>" if tokens is None else ",".join(t.get("audience", "") for t in tokens),
            bool(spec.get("requiresRepublish")),
            ",".join(spec.get("volumeLifecycleModes") or []) or "<none>", age(obj, now)]


CSI_STORAGE_CAPACITY_COLUMNS = (
    NAME,
    column("StorageClassName", "string", "The storage class the capacity applies to."),
    column("Capacity", "string", "Capacity available for new volumes."),
)


def print_csi_storage_capacity(obj: dict, now: float) -> list:
    capacity = obj.get("capacity")
    return [name_of(obj), obj.get("storageClassName", ""), "<unset>" if capacity is None else str(capacity)]


VOLUME_ATTRIBUTES_CLASS_COLUMNS = (
    NAME, column("DriverName", "string", "The CSI driver the class is for."), AGE)


def print_volume_attributes_class(obj: dict, now: float) -> list:
    name = name_of(obj)
    if dig(obj, "metadata", "annotations", IS_DEFAULT_VOLUME_ATTRIBUTES_CLASS_ANNOTATION) == "true":
        name += " (default)"
    return [name, obj.get("driverName", ""), age(obj, now)]


PRINTERS = {
    "storageclasses": Printer(STORAGE_CLASS_COLUMNS, print_storage_class),
    "volumeattachments": Printer(VOLUME_ATTACHMENT_COLUMNS, print_volume_attachment),
    "csinodes": Printer(CSI_NODE_COLUMNS, print_csi_node),
    "csidrivers": Printer(CSI_DRIVER_COLUMNS, print_csi_driver),
    "csistoragecapacities": Printer(CSI_STORAGE_CAPACITY_COLUMNS, print_csi_storage_capacity),
    "volumeattributesclasses": Printer(VOLUME_ATTRIBUTES_CLASS_COLUMNS, print_volume_attributes_class),
}

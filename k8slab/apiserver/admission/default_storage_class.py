"""DefaultStorageClass: a PersistentVolumeClaim that names no StorageClass gets the cluster's
default one, the class annotated `storageclass.kubernetes.io/is-default-class: "true"`.

Follows `plugin/pkg/admission/storage/storageclass/setdefault/admission.go` (Admit) and
`pkg/volume/util/storageclass.go` (GetDefaultClass): with several default classes the newest wins
(creationTimestamp, then the name in ascending order), as since v1.26; the beta annotation
`storageclass.beta.kubernetes.io/is-default-class` counts too. A claim "has a class" when
spec.storageClassName is set, even to "" (which asks for no class), or carries the beta
annotation `volume.beta.kubernetes.io/storage-class` (helper.PersistentVolumeClaimHasClass).

The classes are read through a store watch (watched.py), as upstream reads an informer.
"""

from __future__ import annotations

from .patches import set_field
from .watched import WatchedObjects

IS_DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
BETA_IS_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class"
BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


class DefaultStorageClass:
    name = "DefaultStorageClass"
    resources = {("", "persistentvolumeclaims")}
    operations = ("CREATE",)

    def __init__(self, registry):
        self.registry = registry
        self._classes = None

    def admit(self, a) -> list:
        ops: list = []
        pvc = a.obj
        spec = pvc.setdefault("spec", {})
        if spec.get("storageClassName") is not None or \
                BETA_STORAGE_CLASS_ANNOTATION in (pvc["metadata"].get("annotations") or {}):
            return ops                       # the user asked for a class (or for none)
        if self._classes is None:
            self._classes = watched(self.registry, "storage.k8s.io", "storageclasses")
        default = newest_default(self._classes.list(), (IS_DEFAULT_ANNOTATION, BETA_IS_DEFAULT_ANNOTATION))
        if default is not None:
            set_field(spec, "storageClassName", default["metadata"]["name"], "/spec/storageClassName", ops)
        return ops


def watched(registry, group: str, plural: str) -> WatchedObjects:
    return WatchedObjects(registry.store, registry.table.get(group, "v1", plural))


def newest_default(classes: list[dict], annotations: tuple) -> dict | None:
    """GetDefaultClass: of the classes with one of `annotations` set to "true", the newest
    (creationTimestamp; equal times: the first name); None without any."""
    defaults = [o for o in classes
                if any((o["metadata"].get("annotations") or {}).get(k) == "true" for k in annotations)]
    if not defaults:
        return None
    newest = max(o["metadata"].get("creationTimestamp", "") for o in defaults)
    return min((o for o in defaults if o["metadata"].get("creationTimestamp", "") == newest),
               key=lambda o: o["metadata"]["name"])

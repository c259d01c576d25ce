"""PersistentVolumeClaimResize: a claim may only grow when it is bound and its StorageClass sets
allowVolumeExpansion: true.

Follows `plugin/pkg/admission/storage/persistentvolume/resize/admission.go` (Validate,
allowResize): only a larger spec.resources.requests.storage is checked; the old and new claim must
name the same class (spec.storageClassName or the beta annotation), and that class must exist.
Differences from upstream: the class is read from the store (upstream reads an informer).
"""

from __future__ import annotations

from ...api.validation.quantity import QuantityError, parse_quantity
from .default_storage_class import BETA_STORAGE_CLASS_ANNOTATION


class PersistentVolumeClaimResize:
    name = "PersistentVolumeClaimResize"
    resources = {("", "persistentvolumeclaims")}
    operations = ("UPDATE",)

    def __init__(self, registry):
        self.registry = registry

    def validate(self, a) -> None:
        new_size, old_size = _storage(a.obj), _storage(a.old)
        if new_size is None or (old_size is not None and new_size <= old_size):
            return
        if ((a.old or {}).get("status") or {}).get("phase") != "Bound":
            raise a.forbidden("Only bound persistent volume claims can be expanded")
        if not self._allow_resize(a.obj, a.old):
            raise a.forbidden("only dynamically provisioned pvc can be resized and "
                              "the storageclass that provisions the pvc must support resize")

    def _allow_resize(self, pvc: dict, old: dict) -> bool:
        cls, old_cls = claim_class(pvc), claim_class(old)
        if not cls or not old_cls or cls != old_cls:
            return False
        res = self.registry.table.get("storage.k8s.io", "v1", "storageclasses")
        kv = self.registry.store.get(res.key(None, cls).encode())
        if kv is None:
            return False
        return self.registry.cache.decode(kv).get("allowVolumeExpansion") is True


def claim_class(pvc: dict) -> str:
    """GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName."""
    annotations = (pvc.get("metadata") or {}).get("annotations") or {}
    if BETA_STORAGE_CLASS_ANNOTATION in annotations:
        return annotations[BETA_STORAGE_CLASS_ANNOTATION]
    return (pvc.get("spec") or {}).get("storageClassName") or ""


def _storage(pvc: dict | None):
    value = ((((pvc or {}).get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
    if value is None:
        return None
    try:
        return parse_quantity(value).value
    except QuantityError:
        return None

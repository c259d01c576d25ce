"""DefaultIngressClass: an Ingress that names no IngressClass (and has no legacy
`kubernetes.io/ingress.class` annotation) gets the default one, the class annotated
`ingressclass.kubernetes.io/is-default-class: "true"`.

Follows `plugin/pkg/admission/network/defaultingressclass/admission.go` (Admit, getDefaultClass):
with several default classes the newest wins (creationTimestamp, then the name), as since v1.28.

The classes are read through a store watch (watched.py), as upstream reads an informer.
"""

from __future__ import annotations

from .default_storage_class import newest_default, watched
from .patches import set_field

IS_DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


class DefaultIngressClass:
    name = "DefaultIngressClass"
    resources = {("networking.k8s.io", "ingresses")}
    operations = ("CREATE",)

    def __init__(self, registry):
        self.registry = registry
        self._classes = None

    def admit(self, a) -> list:
        ops: list = []
        ingress = a.obj
        spec = ingress.setdefault("spec", {})
        if spec.get("ingressClassName") is not None or \
                INGRESS_CLASS_ANNOTATION in (ingress["metadata"].get("annotations") or {}):
            return ops
        if self._classes is None:
            self._classes = watched(self.registry, "networking.k8s.io", "ingressclasses")
        default = newest_default(self._classes.list(), (IS_DEFAULT_ANNOTATION,))
        if default is not None:
            set_field(spec, "ingressClassName", default["metadata"]["name"], "/spec/ingressClassName", ops)
        return ops

"""Per-kind behaviour of the registry: what create, update and delete do beyond storing bytes.

Follows the REST strategies of `pkg/registry/<group>/<resource>/strategy.go` (PrepareForCreate,
PrepareForUpdate, Validate, status subresource strategies) and the generic deletion logic of
`staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go` (graceful deletion, finalizers,
orphan/foreground propagation).

Differences from upstream: managedFields are kept only by server-side apply; until the
namespace controller runs (controller-manager issue), namespace cleanup runs here.
"""

from __future__ import annotations

from ..api import names
from ..api.resources import Resource
from . import errors as E
from .codec import mutable

# kinds whose metadata.generation counts spec changes (strategies that set Generation = 1)
GENERATION_KINDS = {"Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController",
                    "Job", "CronJob", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
                    "NetworkPolicy", "CustomResourceDefinition", "PriorityClass", "Service",
                    "Namespace", "PersistentVolumeClaim", "PersistentVolume", "Pod"}
# kinds whose spec changes do not bump generation even though they have one
NO_GENERATION_BUMP = {"Service", "Namespace", "PersistentVolumeClaim", "PersistentVolume", "Pod",
                      "PriorityClass"}
# delete returns the object itself rather than a Status (ReturnDeletedObject in the registries)
RETURNS_DELETED_OBJECT = {"pods", "services", "persistentvolumes", "persistentvolumeclaims",
                          "serviceaccounts", "poddisruptionbudgets"}
IMMORTAL_NAMESPACES = ("default", "kube-system", "kube-public")
DS_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"


class Strategy:
    """The per-kind rules the registry consults; admission plugins run from `admit`."""

    def __init__(self, registry, admission=None, allocators=None):
        self.registry = registry
        self.admission = admission             # the AdmissionChain (admission/chain.py), or None
        self.allocators = allocators
        self.crds = None                       # the server's CRDs, when it serves them
        self.rbac_guard = None                 # RBAC escalation prevention (authz/escalation.py)

    # ---- create -----------------------------------------------------------------------------

    def prepare_for_create(self, res: Resource, obj: dict, field_manager: str, user: dict | None = None) -> None:
        reg = self.registry
        meta = obj["metadata"]
        meta["uid"] = names.new_uid(reg.rng)
        meta["creationTimestamp"] = reg.now()
        for field in ("deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion",
                      "selfLink"):
            meta.pop(field, None)
        if obj.get("kind") in GENERATION_KINDS and obj.get("kind") not in NO_GENERATION_BUMP:
            meta["generation"] = 1
        if res.subresource("status") is not None and res.plural not in ("pods", "namespaces",
                                                                         "nodes", "services"):
            obj.pop("status", None)
        from ..api.defaults import apply_defaults, prepare_for_create
        _fold_string_data(obj)
        apply_defaults(obj)
        prepare_for_create(obj, meta["uid"])          # create-only: namespace finalizer, Job labels
        if res.plural == "pods":
            obj["status"] = {"phase": "Pending", "qosClass": _qos_class(obj)}
        elif res.plural == "namespaces":
            obj["status"] = {"phase": "Active"}
        elif res.plural == "services":
            obj["status"] = {"loadBalancer": {}}
        elif res.plural == "nodes":
            obj.setdefault("status", {})
        elif res.plural == "customresourcedefinitions" and self.crds is not None:
            self.crds.prepare(obj)
        elif res.plural == "certificatesigningrequests":
            from .certificates import prepare_for_create as prepare_csr
            prepare_csr(obj, user)                    # who asked: spec.username, groups, ...
        elif res.plural == "daemonsets" and res.group == "apps":
            # pkg/registry/apps/daemonset/strategy.go: the template generation starts at 1
            obj["metadata"].setdefault("annotations", {})[DS_TEMPLATE_GENERATION] = "1"

    def track_fields(self, res: Resource, new: dict, old: dict | None, subresource: str,
                     field_manager: str | None) -> dict:
        """managedFields for a create, update or non-apply patch (FieldManager.Update).
        field_manager None: the write is an apply, which did its own bookkeeping."""
        if field_manager is None or not res.stored:
            return new
        from .patch.apply import update_managed_fields
        return update_managed_fields(old, new, field_manager, self.registry.now(),
                                     subresource=subresource)

    def validate_create(self, res: Resource, obj: dict) -> None:
        from ..api.validation import validate_create
        causes = validate_create(obj)
        if res.plural == "customresourcedefinitions" and res.group == "apiextensions.k8s.io":
            from .crd import validate_crd
            causes += validate_crd(obj)
        if causes:
            raise E.invalid(res.group, obj.get("kind", ""), obj["metadata"].get("name", ""), causes)

    def before_create(self, res: Resource, obj: dict) -> None:
        if res.plural == "services" and self.allocators is not None:
            self.allocators.allocate_service(obj)

    def after_create(self, res: Resource, obj: dict) -> None:
        if res.plural == "customresourcedefinitions" and res.group == "apiextensions.k8s.io" \
                and self.crds is not None:
            self.crds.established(obj)

    def undo_create(self, res: Resource, obj: dict) -> None:
        if res.plural == "services" and self.allocators is not None:
            self.allocators.release_service(obj)

    # ---- update -----------------------------------------------------------------------------

    def prepare_for_update(self, res: Resource, new: dict, old: dict, subresource: str,
                           field_manager: str) -> None:
        meta, old_meta = new["metadata"], old["metadata"]
        for field in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                      "generation"):
            if field in old_meta:
                meta[field] = old_meta[field]
            else:
                meta.pop(field, None)
        new.setdefault("apiVersion", old.get("apiVersion"))
        new.setdefault("kind", old.get("kind"))
        has_status = res.subresource("status") is not None
        if subresource == "finalize":
            # only spec.finalizers may change through namespaces/{name}/finalize
            finalizers = (new.get("spec") or {}).get("finalizers")
            new.clear()
            new.update(mutable(old))
            new["spec"] = {**(new.get("spec") or {})}
            if finalizers:
                new["spec"]["finalizers"] = finalizers
            else:
                new["spec"].pop("finalizers", None)
            return
        if res.plural == "certificatesigningrequests":
            from .certificates import prepare_for_update as prepare_csr
            prepare_csr(new, old, subresource)         # status and approval subresources
            if subresource:
                return
        if subresource == "status":
            # the status strategy: spec and labels stay as they were
            for field in list(new):
                if field not in ("status", "metadata", "apiVersion", "kind"):
                    del new[field]
            for field, value in old.items():
                if field not in ("status", "metadata", "apiVersion", "kind"):
                    new[field] = mutable(value)
            if "labels" in old_meta:
                meta["labels"] = old_meta["labels"]
            else:
                meta.pop("labels", None)
            return
        if has_status and subresource == "":
            if "status" in old:
                new["status"] = mutable(old["status"])
            else:
                new.pop("status", None)
        from ..api.defaults import apply_defaults
        _fold_string_data(new)
        apply_defaults(new)
        if res.plural == "services" and self.allocators is not None:
            self.allocators.keep_service_allocations(new, old)
        if "generation" in old_meta and old.get("kind") not in NO_GENERATION_BUMP:
            if _spec_of(new) != _spec_of(old):
                meta["generation"] = old_meta["generation"] + 1
        if res.plural == "daemonsets" and res.group == "apps":
            # the template generation follows changes of spec.template (and cannot be set by hand)
            before = int((old_meta.get("annotations") or {}).get(DS_TEMPLATE_GENERATION, "1"))
            changed = (new.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template")
            meta.setdefault("annotations", {})[DS_TEMPLATE_GENERATION] = str(before + 1 if changed else before)

    def validate_update(self, res: Resource, new: dict, old: dict, subresource: str) -> None:
        if subresource:
            return
        from ..api.validation import validate_update
        causes = validate_update(new, old)
        if causes:
            raise E.invalid(res.group, new.get("kind", ""), new["metadata"].get("name", ""), causes)

    # ---- admission --------------------------------------------------------------------------

    def check_escalation(self, res: Resource, operation: str, new: dict, old: dict | None, user) -> None:
        """The RBAC storage's own check, before validation as upstream's policy-based storage
        makes it: no Role or binding granting more than the writer holds."""
        if self.rbac_guard is not None and res.group == "rbac.authorization.k8s.io":
            self.rbac_guard(res, operation, new, old, user)

    def admit(self, res: Resource, operation: str, new: dict | None, old: dict | None, user, *,
              subresource: str = "", dry_run: bool = False, name: str = ""):
        """The mutating admission phase; returns the request's Attributes for `validate_admission`."""
        if self.admission is None:
            return None
        from .admission import Attributes
        a = Attributes(res, operation, new, old, user, subresource, dry_run, name)
        self.admission.admit(a)
        if a.record is not None and res.plural == "pods" and operation == "CREATE":
            new["status"]["qosClass"] = _qos_class(new)     # LimitRanger may have set resources
        return a

    def validate_admission(self, a) -> None:
        """The validating admission phase, after the object passed validation."""
        if a is not None:
            self.admission.validate(a)

    # ---- delete -----------------------------------------------------------------------------

    def mark_for_deletion(self, res: Resource, obj: dict, options: dict) -> dict | None:
        """The object as it should be stored while deletion is pending, or None to delete now."""
        meta = obj["metadata"]
        reg = self.registry
        finalizers = list(meta.get("finalizers") or [])
        policy = options.get("propagationPolicy")
        if options.get("orphanDependents") is True and policy is None:
            policy = "Orphan"
        if policy == "Orphan" and "orphan" not in finalizers:
            finalizers.append("orphan")
        elif policy == "Foreground" and "foregroundDeletion" not in finalizers:
            finalizers.append("foregroundDeletion")
        grace = self._grace_period(res, obj, options)
        if res.plural == "namespaces":
            if obj.get("status", {}).get("phase") != "Terminating":
                obj["status"] = {**obj.get("status", {}), "phase": "Terminating"}
            if meta.get("deletionTimestamp") is None:
                meta["deletionTimestamp"] = reg.now()
                meta["deletionGracePeriodSeconds"] = 0
            if finalizers:
                meta["finalizers"] = finalizers
            if (obj.get("spec") or {}).get("finalizers") or finalizers:
                return obj
            return None
        if grace:
            if meta.get("deletionTimestamp") is None:
                meta["deletionTimestamp"] = names.rfc3339(reg.clock.time() + grace)
            meta["deletionGracePeriodSeconds"] = grace
            if finalizers:
                meta["finalizers"] = finalizers
            return obj
        if finalizers:
            meta["finalizers"] = finalizers
            if meta.get("deletionTimestamp") is None:
                meta["deletionTimestamp"] = reg.now()
                meta["deletionGracePeriodSeconds"] = 0
            return obj
        return None

    def _grace_period(self, res: Resource, obj: dict, options: dict) -> int:
        """Only pods bound to a node wait for their kubelet; everything else goes at once."""
        if res.plural != "pods":
            return 0
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        if not spec.get("nodeName") or status.get("phase") in ("Failed", "Succeeded"):
            return 0
        grace = options.get("gracePeriodSeconds")
        if grace is None:
            grace = spec.get("terminationGracePeriodSeconds", 30)
        current = obj["metadata"].get("deletionGracePeriodSeconds")
        if current is not None and grace > current:
            grace = current                      # a second delete may only shorten the grace
        return max(0, int(grace))

    def after_mark(self, res: Resource, obj: dict) -> None:
        if res.plural == "namespaces" and self.registry.namespace_finalizer is not None:
            self.registry.namespace_finalizer(obj["metadata"]["name"])
        if res.plural == "customresourcedefinitions" and self.crds is not None:
            name = obj["metadata"]["name"]
            self.registry.clock.call_later(0, lambda: self.crds.cleanup(name))

    def finished(self, res: Resource, obj: dict) -> bool:
        """An object being deleted whose last finalizer was just removed."""
        meta = obj["metadata"]
        if meta.get("deletionTimestamp") is None or meta.get("finalizers"):
            return False
        if res.plural == "namespaces":
            return not (obj.get("spec") or {}).get("finalizers")
        if res.plural == "pods":
            return meta.get("deletionGracePeriodSeconds") == 0
        return True

    def after_delete(self, res: Resource, obj: dict) -> None:
        if res.plural == "services" and self.allocators is not None:
            self.allocators.release_service(obj)

    @staticmethod
    def returns_deleted_object(res: Resource) -> bool:
        return res.plural in RETURNS_DELETED_OBJECT


def _fold_string_data(obj: dict) -> None:
    """v1 Secret conversion (Convert_v1_Secret_To_core_Secret): stringData is write-only, merged
    into data as base64, winning over data for the same key."""
    if obj.get("kind") != "Secret" or "stringData" not in obj:
        return
    import base64
    string_data = obj.pop("stringData") or {}
    data = obj.setdefault("data", {}) or {}
    for key, value in string_data.items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    obj["data"] = data


def _spec_of(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if k not in ("metadata", "status", "apiVersion", "kind")}


def _qos_class(pod: dict) -> str:
    """v1qos.GetPodQOS: Guaranteed when every container's requests equal its limits for cpu
    and memory, BestEffort when none sets any, Burstable otherwise."""
    containers = (pod.get("spec") or {}).get("containers", []) + \
        (pod.get("spec") or {}).get("initContainers", [])
    requests, limits = {}, {}
    guaranteed = True
    for c in containers:
        res = c.get("resources") or {}
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        for name in ("cpu", "memory"):
            if name in req:
                requests[name] = True
            if name in lim:
                limits[name] = True
        for name in ("cpu", "memory"):
            if name not in lim or str(req.get(name, lim[name])) != str(lim[name]):
                guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and len(limits) == 2:
        return "Guaranteed"
    return "Burstable"

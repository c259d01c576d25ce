"""Priority: a new pod's spec.priorityClassName is resolved to spec.priority (and
spec.preemptionPolicy); a pod that names no class gets the globalDefault class, or priority 0;
at most one PriorityClass may be the globalDefault.

Follows `plugin/pkg/admission/priority/admission.go` (Admit/admitPod: the not-found refusal, the
refusal of a priority or preemptionPolicy that differs from the class's, the values kept on update;
Validate/validatePriorityClass; getDefaultPriorityClass: with several defaults the lowest value
wins; DefaultPriorityWhenNoDefaultClassExists = 0). The system classes themselves are written at
start by bootstrap.py (upstream's scheduling post-start hook).

Differences from upstream: in the book profile (v1.11) pods get no preemptionPolicy, which that
version did not have.
"""

from __future__ import annotations

from .patches import set_field
from .watched import WatchedObjects

DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0


class Priority:
    name = "Priority"
    resources = {("", "pods"), ("scheduling.k8s.io", "priorityclasses")}
    operations = ("CREATE", "UPDATE")

    def __init__(self, registry):
        self.registry = registry
        self._classes = None

    @property
    def classes(self) -> WatchedObjects:
        if self._classes is None:
            self._classes = WatchedObjects(self.registry.store,
                                           self.registry.table.get("scheduling.k8s.io", "v1", "priorityclasses"))
        return self._classes

    def default_priority_class(self) -> dict | None:
        """getDefaultPriorityClass: the globalDefault class (the lowest value if several)."""
        found = None
        for pc in self.classes.list():
            if pc.get("globalDefault") and (found is None or found.get("value", 0) > pc.get("value", 0)):
                found = pc
        return found

    def admit(self, a) -> list:
        ops: list = []
        if a.res.plural != "pods":
            return ops
        spec = a.obj.setdefault("spec", {})
        if a.operation == "UPDATE":
            # validation forbids changing them; a client that left them out keeps them
            old_spec = (a.old or {}).get("spec") or {}
            for field in ("priority", "preemptionPolicy"):
                if spec.get(field) is None and old_spec.get(field) is not None:
                    set_field(spec, field, old_spec[field], f"/spec/{field}", ops)
            return ops
        book = getattr(self.registry, "profile", "current") == "book"
        if not spec.get("priorityClassName"):
            pc = self.default_priority_class()
            if pc is not None:
                set_field(spec, "priorityClassName", pc["metadata"]["name"], "/spec/priorityClassName", ops)
                priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
            else:
                priority, policy = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS, "PreemptLowerPriority"
        else:
            pc = self.classes.get(spec["priorityClassName"])
            if pc is None:
                raise a.forbidden(f"no PriorityClass with name {spec['priorityClassName']} was found")
            priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
        if spec.get("priority") is not None and spec["priority"] != priority:
            raise a.forbidden(f"the integer value of priority ({spec['priority']}) must not be provided in pod "
                              f"spec; priority admission controller computed {priority} from the given "
                              "PriorityClass name")
        if spec.get("priority") != priority:
            set_field(spec, "priority", priority, "/spec/priority", ops)
        if policy is not None and not book:
            if spec.get("preemptionPolicy") is not None and spec["preemptionPolicy"] != policy:
                raise a.forbidden(f"the string value of PreemptionPolicy ({spec['preemptionPolicy']}) must not be "
                                  f"provided in pod spec; priority admission controller computed {policy} from "
                                  "the given PriorityClass name")
            if spec.get("preemptionPolicy") != policy:
                set_field(spec, "preemptionPolicy", policy, "/spec/preemptionPolicy", ops)
        return ops

    def validate(self, a) -> None:
        if a.res.plural != "priorityclasses" or not a.obj.get("globalDefault"):
            return
        dpc = self.default_priority_class()
        if dpc is None:
            return
        if a.operation == "CREATE" or dpc["metadata"]["name"] != a.obj["metadata"].get("name"):
            raise a.forbidden(f"PriorityClass {dpc['metadata']['name']} is already marked as default. "
                              "Only one default can exist")

"""Evaluators: for one resource, which quota names it consumes, what an object costs, and
which quotas it falls under.

Follows `staging/src/k8s.io/apiserver/pkg/quota/v1/generic/evaluator.go` (objectCountEvaluator,
ObjectCountQuotaResourceNameFor, Matches, CalculateUsageStats), `pkg/quota/v1/evaluator/core/`
(pods.go, services.go, persistent_volume_claims.go; registry.go: the legacy object-count names
`configmaps`, `secrets`, `replicationcontrollers`, `resourcequotas`) and `pkg/quota/v1/install/
registry.go` (the resources quota ignores).

Differences from upstream: no limited-resources admission configuration (the default: none).
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..api.validation.quantity import Quantity
from . import pods as P
from .resources import add, parse_list, qty

# virtual resources that are never stored, and events, are not quota-ed (install/registry.go)
IGNORED_RESOURCES = frozenset({
    ("", "bindings"), ("", "componentstatuses"), ("", "events"), ("events.k8s.io", "events"),
    ("authentication.k8s.io", "tokenreviews"), ("authentication.k8s.io", "selfsubjectreviews"),
    ("authorization.k8s.io", "subjectaccessreviews"), ("authorization.k8s.io", "selfsubjectaccessreviews"),
    ("authorization.k8s.io", "localsubjectaccessreviews"), ("authorization.k8s.io", "selfsubjectrulesreviews"),
})
STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"
BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def object_count_name(group: str, plural: str) -> str:
    """ObjectCountQuotaResourceNameFor: count/<resource> or count/<resource>.<group>."""
    return f"count/{plural}.{group}" if group else f"count/{plural}"


def scope_selectors(quota: dict) -> list[dict]:
    """getScopeSelectorsFromQuota: spec.scopes as Exists requirements, then the scopeSelector's."""
    spec = quota.get("spec") or {}
    out = [{"scopeName": s, "operator": "Exists"} for s in spec.get("scopes") or []]
    return out + list(((spec.get("scopeSelector") or {}).get("matchExpressions")) or [])


class ObjectCountEvaluator:
    """objectCountEvaluator: one of each object, counted on create."""

    operations = ("CREATE",)

    def __init__(self, group: str, plural: str, alias: str = ""):
        self.group, self.plural = group, plural
        self.resource_names = [object_count_name(group, plural)] + ([alias] if alias else [])

    def __repr__(self):
        return f"{type(self).__name__}({self.plural}{'.' + self.group if self.group else ''})"

    def handles(self, operation: str) -> bool:
        return operation in self.operations

    def matching_resources(self, names) -> list[str]:
        return [n for n in names if n in self.resource_names]

    def matches_scope(self, selector: dict, obj: dict) -> bool:
        return False                                  # MatchesNoScopeFunc

    def matching_scopes(self, obj: dict, selectors: list[dict]) -> list[dict]:
        return []

    def matches(self, quota: dict, obj: dict) -> bool:
        """generic.Matches: the quota's status.hard names something this evaluator tracks, and
        the object satisfies every scope of the quota."""
        hard = (quota.get("status") or {}).get("hard") or {}
        if not self.matching_resources(hard):
            return False
        return all(self.matches_scope(s, obj) for s in scope_selectors(quota))

    def constraints(self, required: list[str], obj: dict) -> str | None:
        return None

    def usage(self, obj: dict, now: float = 0.0) -> dict:
        return {n: qty(1) for n in self.resource_names}

    def usage_stats(self, items, resources, selectors, now: float = 0.0) -> dict:
        """CalculateUsageStats: each tracked resource from zero, plus the usage of every item that
        satisfies all the scope selectors."""
        used = {r: Quantity(Fraction(0), "DecimalSI") for r in resources}
        for item in items:
            if all(self.matches_scope(s, item) for s in selectors):
                used = add(used, self.usage(item, now))
        return used


class PodEvaluator(ObjectCountEvaluator):
    def __init__(self):
        super().__init__("", "pods")

    def matching_resources(self, names) -> list[str]:
        out = [n for n in names if n in P.POD_RESOURCES]
        for n in names:
            if n.startswith(P.POD_RESOURCE_PREFIXES):
                out.append(n)
            if n.startswith("requests.") and "/" in n and "kubernetes.io/" not in n:
                out.append(n)                     # isExtendedResourceNameForQuota
        return out

    def matches_scope(self, selector: dict, obj: dict) -> bool:
        return P.matches_scope(selector, obj)

    def matching_scopes(self, obj: dict, selectors: list[dict]) -> list[dict]:
        return [s for s in selectors if P.matches_scope(s, obj)]

    def constraints(self, required: list[str], obj: dict) -> str | None:
        return P.constraints(required, obj)

    def usage(self, obj: dict, now: float = 0.0) -> dict:
        return P.pod_usage(obj, now)


class ServiceEvaluator(ObjectCountEvaluator):
    operations = ("CREATE", "UPDATE")            # a service's type can change

    def __init__(self):
        super().__init__("", "services")
        self.resource_names = [object_count_name("", "services"), "services", "services.nodeports",
                               "services.loadbalancers"]

    def usage(self, obj: dict, now: float = 0.0) -> dict:
        spec = obj.get("spec") or {}
        ports = spec.get("ports") or []
        out = {"count/services": qty(1), "services": qty(1), "services.loadbalancers": qty(0),
               "services.nodeports": qty(0)}
        if spec.get("type") == "NodePort":
            out["services.nodeports"] = qty(len(ports))
        elif spec.get("type") == "LoadBalancer":
            if spec.get("allocateLoadBalancerNodePorts") is False:
                out["services.nodeports"] = qty(sum(1 for p in ports if p.get("nodePort")))
            else:
                out["services.nodeports"] = qty(len(ports))
            out["services.loadbalancers"] = qty(1)
        return out


class PVCEvaluator(ObjectCountEvaluator):
    operations = ("CREATE", "UPDATE")            # a claim can grow
    PVC_RESOURCES = ("persistentvolumeclaims", "requests.storage")

    def __init__(self):
        super().__init__("", "persistentvolumeclaims")

    def matching_resources(self, names) -> list[str]:
        out = []
        for n in names:
            if n == "count/persistentvolumeclaims" or n in self.PVC_RESOURCES:
                out.append(n)
            elif any(n.endswith(STORAGE_CLASS_SUFFIX + r) for r in self.PVC_RESOURCES):
                out.append(n)
        return out

    def usage(self, obj: dict, now: float = 0.0) -> dict:
        out = {"persistentvolumeclaims": qty(1), "count/persistentvolumeclaims": qty(1)}
        sc = claim_class(obj)
        if sc:
            out[sc + STORAGE_CLASS_SUFFIX + "persistentvolumeclaims"] = qty(1)
        storage = self._storage(obj)
        if storage is not None:
            out["requests.storage"] = storage
            if sc:
                out[sc + STORAGE_CLASS_SUFFIX + "requests.storage"] = storage
        return out

    @staticmethod
    def _storage(obj: dict):
        """getStorageUsage: the request in whole bytes, or what was allocated when larger."""
        req = parse_list((((obj.get("spec") or {}).get("resources")) or {}).get("requests")).get("storage")
        if req is None:
            return None
        req = _round_up(req)
        alloc = parse_list((obj.get("status") or {}).get("allocatedResources")).get("storage")
        if alloc is not None and alloc.value > req.value:
            req = _round_up(alloc)
        return req


def _round_up(q: Quantity) -> Quantity:
    return q if q.value.denominator == 1 else Quantity(Fraction(math.ceil(q.value)), q.format)


def claim_class(pvc: dict) -> str:
    """GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName."""
    ann = (pvc.get("metadata") or {}).get("annotations") or {}
    if BETA_STORAGE_CLASS_ANNOTATION in ann:
        return ann[BETA_STORAGE_CLASS_ANNOTATION]
    return (pvc.get("spec") or {}).get("storageClassName") or ""


EVALUATORS: dict[tuple[str, str], ObjectCountEvaluator] = {
    ("", "pods"): PodEvaluator(),
    ("", "services"): ServiceEvaluator(),
    ("", "persistentvolumeclaims"): PVCEvaluator(),
    ("", "configmaps"): ObjectCountEvaluator("", "configmaps", "configmaps"),
    ("", "resourcequotas"): ObjectCountEvaluator("", "resourcequotas", "resourcequotas"),
    ("", "replicationcontrollers"): ObjectCountEvaluator("", "replicationcontrollers", "replicationcontrollers"),
    ("", "secrets"): ObjectCountEvaluator("", "secrets", "secrets"),
}


def evaluator_for(group: str, plural: str) -> ObjectCountEvaluator | None:
    """The evaluator of a resource; an object-count one for any other stored resource (as the
    admission plugin adds them on first use); None for the ignored resources."""
    if (group, plural) in IGNORED_RESOURCES:
        return None
    ev = EVALUATORS.get((group, plural))
    if ev is None:
        ev = EVALUATORS[(group, plural)] = ObjectCountEvaluator(group, plural)
    return ev

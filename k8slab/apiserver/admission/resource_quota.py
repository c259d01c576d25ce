"""ResourceQuota: a request that would take a namespace past one of its ResourceQuotas is refused;
one that fits is charged to the quotas' status.used before it is stored.

Follows `plugin/pkg/admission/resourcequota/admission.go` (QuotaAdmission.Validate: namespaced
requests only, not the creation of a namespace) and `staging/src/k8s.io/apiserver/pkg/admission/
plugin/resourcequota/controller.go` (checkQuotas: charge every matching quota, write the changed
ones with UpdateStatus, re-read and retry on conflict up to 3 times; CheckRequest and its
messages: `failed quota: <q>: must specify ...`, `status unknown for quota: <q>, resources: ...`,
`exceeded quota: <q>, requested: ..., used: ..., limited: ...`), `resource_access.go`
(GetQuotas) and the evaluators of k8slab/quota.

Differences from upstream: requests are checked one at a time (no per-namespace batching of
waiters); no limited-resources configuration; a dry run is checked but charges nothing.
"""

from __future__ import annotations

from ...quota import evaluator_for
from ...quota import resources as R
from .. import errors as E
from .watched import WatchedObjects

MAX_RETRIES = 3


class ResourceQuota:
    name = "ResourceQuota"
    resources = None                          # every resource; the evaluators decide
    operations = ("CREATE", "UPDATE")

    def __init__(self, registry):
        self.registry = registry
        self._quotas = None
        self._res = registry.table.get("", "v1", "resourcequotas")

    def quotas_in(self, namespace: str) -> list[dict]:
        """The namespace's quotas as the watch cache has them (a dict lookup when none)."""
        if self._quotas is None:
            self._quotas = WatchedObjects(self.registry.store, self._res)
        return self._quotas.list(namespace)

    def validate(self, a) -> None:
        ns = a.namespace
        if not ns or not a.res.namespaced:
            return
        if not self.quotas_in(ns):
            return
        evaluator = evaluator_for(a.res.group, a.res.plural)
        if evaluator is None or not evaluator.handles(a.operation):
            return
        names = [q["metadata"]["name"] for q in self.quotas_in(ns)]
        self.check_quotas(a, evaluator, self._read(ns, names), MAX_RETRIES)

    def _read(self, ns: str, names: list[str]) -> list[dict]:
        """The current version of each quota, with its resourceVersion (for the update)."""
        out = []
        for name in names:
            try:
                out.append(self.registry.read(self._res, ns, name)[0])
            except E.APIError:
                pass                                   # deleted meanwhile
        return out

    def check_quotas(self, a, evaluator, quotas: list[dict], retries: int) -> None:
        new_used = check_request(quotas, a, evaluator, self.registry.clock.time())
        if a.dry_run or not new_used:
            return
        failed, last = [], None
        for q in quotas:
            used = new_used.get(q["metadata"]["name"])
            if used is None:
                continue
            try:
                self._update_status(q, used)
            except E.APIError as e:
                if e.code != 409:
                    raise
                failed.append(q["metadata"]["name"])
                last = e
        if not failed:
            return
        if retries <= 0:
            raise last
        self.check_quotas(a, evaluator, self._read(a.namespace, failed), retries - 1)

    def _update_status(self, quota: dict, used: dict) -> None:
        new = {**quota, "status": {**(quota.get("status") or {}), "used": R.to_wire(used)}}
        new["metadata"] = dict(quota["metadata"])
        self.registry.update(self._res, quota["metadata"]["namespace"], quota["metadata"]["name"], new,
                             subresource="status", field_manager="kube-apiserver")


def check_request(quotas: list[dict], a, evaluator, now: float) -> dict[str, dict]:
    """CheckRequest: {quota name: its used after this request} for the quotas the request
    changes; raises the refusal when one does not fit."""
    obj = a.obj
    interesting = []
    for q in quotas:
        if not evaluator.matches(q, obj):
            continue
        status = q.get("status") or {}
        hard_names = list(status.get("hard") or {})
        restricted = evaluator.matching_resources(hard_names)
        why = evaluator.constraints(restricted, obj)
        if why:
            raise a.forbidden(f"failed quota: {q['metadata']['name']}: {why}")
        used = status.get("used") or {}
        if any(r not in used for r in restricted):
            raise a.forbidden(f"status unknown for quota: {q['metadata']['name']}, resources: "
                              f"{','.join(sorted(restricted))}")
        interesting.append(q)
    delta = evaluator.usage(obj, now)
    negative = R.is_negative(delta)
    if negative:
        raise a.forbidden(f"quota usage is negative for resource(s): {','.join(sorted(negative))}")
    if a.operation == "UPDATE" and a.old is not None:
        delta = R.subtract_non_negative(delta, evaluator.usage(a.old, now))
    delta = R.remove_zeros(delta)
    if not delta or not interesting:
        return {}
    out = {}
    for q in interesting:
        status = q["status"]
        hard = R.parse_list(status.get("hard"))
        used = R.parse_list(status.get("used"))
        requested = R.mask(delta, hard)
        new_used = R.add(used, requested)
        ok, exceeded = R.less_than_or_equal(R.mask(new_used, requested), hard)
        if not ok:
            raise a.forbidden(f"exceeded quota: {q['metadata']['name']}, "
                              f"requested: {R.pretty_print(R.mask(requested, exceeded))}, "
                              f"used: {R.pretty_print(R.mask(used, exceeded))}, "
                              f"limited: {R.pretty_print(R.mask(hard, exceeded))}")
        if not R.equals(new_used, used):
            out[q["metadata"]["name"]] = new_used
    return out

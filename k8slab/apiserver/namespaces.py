"""Emptying a namespace that is being deleted, then letting it go.

Follows `pkg/controller/namespace/deletion/namespaced_resources_deleter.go`: delete every
namespaced object in it, and once none is left remove the `kubernetes` finalizer from
spec.finalizers (through the namespace's finalize subresource), which lets the namespace be
removed. Until k8slab's controller-manager runs the namespace controller, the apiserver does this.

Differences from upstream: no discovery of aggregated APIs; conditions on the namespace
(NamespaceDeletionContentFailure ...) are not written.
"""

from __future__ import annotations

from . import errors as E

RETRY_SECONDS = 1.0


def finalize_namespace(server, name: str) -> None:
    reg = server.registry
    ns_res = server.lookup("", "v1", "namespaces")
    try:
        ns = reg.get(ns_res, None, name)
    except E.APIError:
        return
    if (ns.get("status") or {}).get("phase") != "Terminating":
        return
    remaining = 0
    for res in list(server.table):
        if not res.namespaced or not res.stored or "delete" not in res.verbs:
            continue
        if res.canonical:                             # an alias: the same storage as another
            continue
        for obj in reg.list(res, name)["items"]:
            try:
                _, finished = reg.delete(res, name, obj["metadata"]["name"],
                                         {"propagationPolicy": "Background"})
                remaining += 0 if finished else 1
            except E.APIError as e:
                if e.code != 404:
                    remaining += 1
    if remaining:
        server.clock.call_later(RETRY_SECONDS, lambda: finalize_namespace(server, name))
        return
    finalizers = [f for f in (ns.get("spec") or {}).get("finalizers", []) if f != "kubernetes"]

    def drop_finalizer(obj):
        obj.setdefault("spec", {})["finalizers"] = finalizers
        if not finalizers:
            del obj["spec"]["finalizers"]
        return obj

    reg.update(ns_res, None, name, None, subresource="finalize", mutate=drop_finalizer)

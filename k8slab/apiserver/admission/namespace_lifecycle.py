"""NamespaceLifecycle: no content in namespaces that are missing or being deleted, and the
system namespaces can never be deleted.

Follows `plugin/pkg/admission/namespace/lifecycle/admission.go` (Lifecycle.Admit).
Differences from upstream: no negative cache of recently-missing namespaces; it reads the store.
"""

from __future__ import annotations

from .. import errors as E

IMMORTAL = ("default", "kube-system", "kube-public")
# review-style resources that are never stored may be created in any namespace
EXEMPT = {"subjectaccessreviews", "selfsubjectaccessreviews", "localsubjectaccessreviews",
          "selfsubjectrulesreviews", "tokenreviews", "selfsubjectreviews"}


class NamespaceLifecycle:
    name = "NamespaceLifecycle"
    resources = None                          # every resource
    operations = ("CREATE", "DELETE")

    def __init__(self, registry):
        self.registry = registry

    def admit(self, a) -> None:
        res, operation, new, old = a.res, a.operation, a.obj, a.old
        if res.plural == "namespaces":
            if operation == "DELETE" and old["metadata"]["name"] in IMMORTAL:
                raise E.forbidden("", "namespaces", old["metadata"]["name"],
                                  "this namespace may not be deleted")
            return
        if not res.namespaced or operation != "CREATE" or res.plural in EXEMPT:
            return
        ns_name = new["metadata"].get("namespace")
        ns_res = self.registry.table.get("", "v1", "namespaces")
        kv = self.registry.store.get(ns_res.key(None, ns_name).encode())
        if kv is None:
            raise E.not_found("", "namespaces", ns_name)
        ns = self.registry.cache.decode(kv)
        if (ns.get("status") or {}).get("phase") == "Terminating":
            # events may still be written, so that the deletion itself can be reported
            if res.plural == "events":
                return
            raise E.APIError(
                403, "Forbidden",
                f'{_qualified(res)} "{new["metadata"].get("name", "")}" is forbidden: unable to '
                f'create new content in namespace {ns_name} because it is being terminated',
                {"name": new["metadata"].get("name", ""), **({"group": res.group} if res.group else {}),
                 "kind": res.plural, "causes": [{"reason": "NamespaceTerminating",
                                                  "message": f"namespace {ns_name} is being terminated",
                                                  "field": "metadata.namespace"}]})


def _qualified(res) -> str:
    return f"{res.plural}.{res.group}" if res.group else res.plural

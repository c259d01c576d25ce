"""The ServiceAccounts controller: every active namespace has the ServiceAccounts it should.

Follows `pkg/controller/serviceaccount/serviceaccounts_controller.go`: namespace adds and
updates, and ServiceAccount deletions, enqueue the namespace; `syncNamespace` creates each
ServiceAccount of ServiceAccountsToEnsure (just `default`) that the cache does not have, in
namespaces whose phase is Active. Nothing else: no events, no updates of existing accounts.

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from ...apiserver.errors import APIError
from ..base import Controller

SERVICE_ACCOUNTS_TO_ENSURE = ["default"]


class ServiceAccountsController(Controller):
    name = "serviceaccount-controller"
    queue_name = "serviceaccount"
    component = "service-account-controller"

    def setup(self) -> None:
        sa_inf = self.informer("v1", "serviceaccounts")
        ns_inf = self.informer("v1", "namespaces")
        self.sa_lister, self.ns_lister = sa_inf.lister(), ns_inf.lister()
        sa_inf.add_event_handler(on_delete=self.service_account_deleted)
        ns_inf.add_event_handler(on_add=self.namespace_added,
                                 on_update=lambda old, new: self.namespace_added(new))
        # the ServiceAccount admission plugin waits for `default` while this controller makes it
        # (upstream retries its lookup for a second); in-process, it asks for it at once
        admission = getattr(getattr(self.cluster, "api", None), "admission", None)
        plugin = admission.plugin("ServiceAccount") if admission is not None else None
        if plugin is not None:
            plugin.ensure_hooks.append(self.ensure_now)

    # ---- handlers: compute a key, enqueue it -------------------------------------------------

    def service_account_deleted(self, obj) -> None:
        sa = self.unwrap(obj)
        if sa["metadata"]["name"] in SERVICE_ACCOUNTS_TO_ENSURE:
            self.queue.add(sa["metadata"]["namespace"])

    def namespace_added(self, ns) -> None:
        self.queue.add(ns["metadata"]["name"])

    def ensure_now(self, namespace: str) -> None:
        """syncNamespace for one namespace without waiting for the caches (the admission hook)."""
        try:
            self.client.create({"apiVersion": "v1", "kind": "ServiceAccount",
                                "metadata": {"name": "default", "namespace": namespace}}, namespace)
        except APIError as err:
            if err.code not in (404, 409, 403):      # no namespace, already there, terminating
                raise

    # ---- the sync --------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        """syncNamespace: create the missing ServiceAccounts of an active namespace."""
        ns = self.ns_lister.get(None, key)
        if ns is None or (ns.get("status") or {}).get("phase") != "Active":
            return
        for name in SERVICE_ACCOUNTS_TO_ENSURE:
            if self.sa_lister.get(key, name) is not None:
                continue
            sa = {"apiVersion": "v1", "kind": "ServiceAccount",
                  "metadata": {"name": name, "namespace": key}}
            try:
                self.client.create(sa, key)
            except APIError as err:
                if err.code == 409:                     # AlreadyExists: the cache was behind
                    continue
                if err.code == 403 and _namespace_terminating(err):
                    return
                raise


def _namespace_terminating(err: APIError) -> bool:
    """errors.HasStatusCause(err, NamespaceTerminatingCause)."""
    return any(c.get("reason") == "NamespaceTerminating" for c in (err.details or {}).get("causes") or [])

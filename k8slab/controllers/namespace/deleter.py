"""Deleting everything in a namespace, resource type by resource type.

Follows `pkg/controller/namespace/deletion/namespaced_resources_deleter.go`:
- Delete(ns): skip unless the namespace has a deletionTimestamp; make sure its phase says
  Terminating; skip if our finalizer (`kubernetes` in spec.finalizers) is already gone;
  deleteAllContent; if anything remains, report how long to wait (ResourcesRemainingError);
  else remove `kubernetes` from spec.finalizers through the namespace's `finalize` subresource
  (the API server then deletes the namespace once no finalizer is left);
- deleteAllContent: discover the namespaced resources the server serves (preferred version of
  each group, custom resources included) that support `delete`; for each, estimate the graceful
  termination still owed (pods), DELETE the collection (or each item when `deletecollection` is
  not served), list what is left and count it by finalizer; then write the five conditions.
Discovery goes through the API (/api, /apis, /apis/<group>/<version>), as upstream's client does.

Differences from upstream: no metadata-only client (full objects are listed).
"""

from __future__ import annotations

from ...api.names import parse_rfc3339
from ...apiserver.errors import APIError
from .conditions import ConditionUpdater

FINALIZER_TOKEN = "kubernetes"
FINALIZER_ESTIMATE_SECONDS = 15          # finalizerEstimateSeconds
DEFAULT_TERMINATION_GRACE = 30


class ResourcesRemainingError(Exception):
    def __init__(self, estimate: int):
        super().__init__(f"some content remains in the namespace, estimate {estimate} seconds before it is removed")
        self.estimate = estimate


class DiscoveryError(Exception):
    def __init__(self, groups: dict[str, str]):
        self.groups = groups
        detail = ", ".join(f"{gv}: {msg}" for gv, msg in sorted(groups.items()))
        super().__init__(f"unable to retrieve the complete list of server APIs: {detail}")


def discover_namespaced_resources(client) -> tuple[list[dict], DiscoveryError | None]:
    """ServerPreferredNamespacedResources: [{group, version, resource, verbs}] of the preferred
    version of every group, namespaced, without subresources."""
    out, failed = [], {}
    gvs = []
    r = client.raw("GET", "/api")
    if r.status == 200:
        gvs += [("", v) for v in r.body.get("versions", [])[:1]]
    else:
        failed["v1"] = f"the server could not find the requested resource ({r.status})"
    r = client.raw("GET", "/apis")
    if r.status == 200:
        for g in r.body.get("groups", []):
            gvs.append((g["name"], (g.get("preferredVersion") or g["versions"][0])["version"]))
    for group, version in gvs:
        path = f"/apis/{group}/{version}" if group else f"/api/{version}"
        r = client.raw("GET", path)
        gv = f"{group}/{version}" if group else version
        if r.status != 200:
            failed[gv] = (r.body or {}).get("message", f"status {r.status}") if isinstance(r.body, dict) else str(r.status)
            continue
        for res in r.body.get("resources", []):
            if "/" in res["name"] or not res.get("namespaced"):
                continue
            out.append({"group": group, "version": version, "resource": res["name"],
                        "verbs": res.get("verbs", [])})
    return out, (DiscoveryError(failed) if failed else None)


def _gvr_string(gvr: dict) -> str:
    """schema.GroupVersionResource.String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`."""
    return f"{gvr['group']}/{gvr['version']}, Resource={gvr['resource']}"


def _path(gvr: dict, namespace: str) -> str:
    base = f"/apis/{gvr['group']}/{gvr['version']}" if gvr["group"] else f"/api/{gvr['version']}"
    return f"{base}/namespaces/{namespace}/{gvr['resource']}"


class NamespacedResourcesDeleter:
    def __init__(self, client, clock):
        self.client, self.clock = client, clock

    def now_text(self) -> str:
        from ...api.names import rfc3339
        return rfc3339(self.clock.time())

    def delete(self, name: str) -> None:
        try:
            ns = self.client.get("v1", "Namespace", name)
        except APIError as err:
            if err.code == 404:
                return
            raise
        if not ns["metadata"].get("deletionTimestamp"):
            return
        try:
            ns = self.update_namespace_status(ns)
        except APIError as err:
            if err.code == 404:
                return
            raise
        if FINALIZER_TOKEN not in ((ns.get("spec") or {}).get("finalizers") or []):
            return
        estimate = self.delete_all_content(ns)
        if estimate > 0:
            raise ResourcesRemainingError(estimate)
        try:
            self.finalize_namespace(ns)
        except APIError as err:
            if err.code != 404:
                raise

    def update_namespace_status(self, ns: dict) -> dict:
        if (ns.get("status") or {}).get("phase") == "Terminating":
            return ns
        ns.setdefault("status", {})["phase"] = "Terminating"
        return self._update_status(ns)

    def _update_status(self, ns: dict) -> dict:
        ns = {**ns, "apiVersion": "v1", "kind": "Namespace"}
        return self.client._call("PUT", f"/api/v1/namespaces/{ns['metadata']['name']}/status", None, ns)

    def finalize_namespace(self, ns: dict) -> dict:
        finalizers = [f for f in (ns.get("spec") or {}).get("finalizers") or [] if f != FINALIZER_TOKEN]
        body = {**ns, "apiVersion": "v1", "kind": "Namespace", "spec": {**(ns.get("spec") or {})}}
        body["spec"]["finalizers"] = finalizers
        return self.client._call("PUT", f"/api/v1/namespaces/{ns['metadata']['name']}/finalize", None, body)

    # ---- content ------------------------------------------------------------------------------

    def delete_all_content(self, ns: dict) -> int:
        name = ns["metadata"]["name"]
        deleted_at = parse_rfc3339(ns["metadata"]["deletionTimestamp"])
        updater = ConditionUpdater(self.now_text())
        errors: list[str] = []
        resources, disc_err = discover_namespaced_resources(self.client)
        if disc_err is not None:
            errors.append(str(disc_err))
            updater.process_discover_resources_err(sorted(disc_err.groups), str(disc_err))
        estimate = 0
        gvr_remaining: dict[tuple[str, str], int] = {}
        finalizers_remaining: dict[str, int] = {}
        for gvr in resources:
            if "delete" not in gvr["verbs"]:
                continue
            try:
                est, remaining, by_finalizer = self.delete_all_content_for_gvr(gvr, name, deleted_at)
            except _ContentError as err:
                est, remaining, by_finalizer = err.estimate, err.remaining, {}
                errors.append(str(err))
                updater.process_delete_content_err(str(err))
            estimate = max(estimate, est)
            if remaining:
                gvr_remaining[(gvr["group"], gvr["resource"])] = remaining
                for f, n in by_finalizer.items():
                    finalizers_remaining[f] = finalizers_remaining.get(f, 0) + n
        updater.process_content_totals(gvr_remaining, finalizers_remaining)
        if updater.update(ns):
            try:
                self._update_status(ns)
            except APIError:
                pass                                      # logged upstream (HandleError)
        if errors:
            raise ContentDeletionError(errors)
        return estimate

    def delete_all_content_for_gvr(self, gvr: dict, namespace: str, deleted_at: float):
        estimate = self.estimate_graceful_termination(gvr, namespace, deleted_at)
        path = _path(gvr, namespace)
        if "deletecollection" in gvr["verbs"]:
            r = self.client.raw("DELETE", path, {"propagationPolicy": "Background"})
            if r.status >= 400 and r.status not in (404, 405):
                raise _ContentError(r.body.get("message", ""), estimate)
        else:
            self._delete_each_item(gvr, path, estimate)
        if "list" not in gvr["verbs"]:
            return estimate, 0, {}
        r = self.client.raw("GET", path)
        if r.status >= 400:
            return estimate, 0, {}
        items = r.body.get("items") or []
        by_finalizer: dict[str, int] = {}
        for item in items:
            for f in item["metadata"].get("finalizers") or []:
                by_finalizer[f] = by_finalizer.get(f, 0) + 1
        if estimate:
            return estimate, len(items), by_finalizer
        if by_finalizer:
            return FINALIZER_ESTIMATE_SECONDS, len(items), by_finalizer
        if items:
            raise _ContentError(f"unexpected items still remain in namespace: {namespace} for gvr: "
                                f"{_gvr_string(gvr)}", estimate, len(items))
        return estimate, 0, {}

    def _delete_each_item(self, gvr: dict, path: str, estimate: int) -> None:
        r = self.client.raw("GET", path)
        if r.status >= 400:
            return
        for item in r.body.get("items") or []:
            d = self.client.raw("DELETE", f"{path}/{item['metadata']['name']}",
                                {"propagationPolicy": "Background"})
            if d.status >= 400 and d.status != 404:
                raise _ContentError(d.body.get("message", ""), estimate)

    def estimate_graceful_termination(self, gvr: dict, namespace: str, deleted_at: float) -> int:
        """Pods still owe their grace period (counted from the namespace's deletion)."""
        if gvr["group"] != "" or gvr["resource"] != "pods":
            return 0
        r = self.client.raw("GET", _path(gvr, namespace))
        estimate = 0
        for pod in (r.body.get("items") or []) if r.status == 200 else []:
            if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            grace = (pod.get("spec") or {}).get("terminationGracePeriodSeconds")
            if grace is not None and grace > estimate:
                estimate = grace
        if self.clock.time() - deleted_at >= estimate:
            estimate = 0
        return int(estimate)


class _ContentError(Exception):
    def __init__(self, message: str, estimate: int, remaining: int = 0):
        super().__init__(message)
        self.estimate, self.remaining = estimate, remaining


class ContentDeletionError(Exception):
    """utilerrors.NewAggregate of the per-resource failures: retried with back-off."""

    def __init__(self, errors: list[str]):
        super().__init__(errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]")
        self.errors = errors

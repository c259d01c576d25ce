"""`kubectl cordon|uncordon|drain NODE`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go` (Complete's usage error; cordon:
`node/x cordoned`, `already cordoned`, `uncordoned`; drain: cordon first, then the node's pods
through the filters, their warnings, `evicting pod ns/name`, `pod/name evicted` as each is gone,
`node/x drained`, or `error: unable to drain node "x" due to error: ..., continuing command...`
and `There are pending nodes to be drained:`) and `pkg/drain/` (cordon.go: a strategic merge
patch of spec.unschedulable; filters.go: DaemonSet, mirror, local storage and unmanaged pods and
their messages; drain.go: GetPodsForDeletion with `fieldSelector=spec.nodeName=<node>`, the
Eviction POST (policy/v1) with its retries on 429, or DELETE with --disable-eviction, and the
wait for each pod to be gone, polled every second).

Differences from upstream: pods are evicted one after another (upstream starts a goroutine per
pod; the lines come out in the same order unless the server answers out of order).
"""

from __future__ import annotations

import time

from ..builder import collect
from ..client import ACCEPT_JSON
from ..errors import KubectlError, StatusError
from ..flags import BOOL, INT, STRING
from ..mutation import (CLIENT, SERVER, Failure, add_dry_run_flag, dry_run_strategy, message_for_error,
                        success_printer, usage_error)
from ..registry import command

DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


def cordon_flags(fs) -> None:
    fs.add("selector", STRING, short="l")
    add_dry_run_flag(fs)


def drain_flags(fs) -> None:
    cordon_flags(fs)
    fs.add("force", BOOL)
    fs.add("ignore-daemonsets", BOOL)
    fs.add("delete-emptydir-data", BOOL)
    fs.add("grace-period", INT, default=-1)
    fs.add("timeout", STRING, default="0s")
    fs.add("pod-selector", STRING)
    fs.add("disable-eviction", BOOL)
    fs.add("skip-wait-for-delete-timeout", INT)
    fs.add("chunk-size", INT, default=500)


def _nodes(session, args: list[str], use: str):
    """Complete: the node infos (by name or --selector)."""
    f = session.flags
    if not args and "selector" not in session.changed:
        raise usage_error(session, f"USAGE: {use} [flags]")
    if args and f["selector"]:
        raise usage_error(session, "error: cannot specify both a node name and a --selector option")
    dry = dry_run_strategy(session)
    if f["selector"]:
        infos, errors = collect(session, ["nodes"], selector=f["selector"], latest=True)
    else:
        infos, errors = collect(session, ["nodes", *args], latest=True)
    if errors:
        from ..mutation import Aggregate
        raise Aggregate(errors)
    return infos, dry


def cordon_or_uncordon(session, infos, desired: bool, dry: str) -> None:
    """RunCordonOrUncordon."""
    import orjson
    word = "cordon" if desired else "uncordon"
    for info in infos:
        node = info.obj
        current = bool((node.get("spec") or {}).get("unschedulable"))
        if current == desired:
            success_printer(session, f"already {word}ed", dry)(node)
            continue
        if dry != CLIENT:
            body = {"spec": {"unschedulable": True if desired else None}}
            query = {"dryRun": "All"} if dry == SERVER else None
            try:
                session.client.request("PATCH", info.path(), query, body=orjson.dumps(body),
                                       content_type="application/strategic-merge-patch+json")
            except KubectlError as e:
                session.err.write(f'error: unable to {word} node "{info.name}": {_error_text(e)}\n')
                continue
        success_printer(session, f"{word}ed", dry)(node)


def _error_text(e: KubectlError) -> str:
    return e.message if isinstance(e, (StatusError, Failure)) else message_for_error(e)


@command("cordon", flags=cordon_flags, short="Mark node as unschedulable")
def cordon(session, args: list[str]) -> int:
    infos, dry = _nodes(session, args, "cordon NODE")
    cordon_or_uncordon(session, infos, True, dry)
    return 0


@command("uncordon", flags=cordon_flags, short="Mark node as schedulable")
def uncordon(session, args: list[str]) -> int:
    infos, dry = _nodes(session, args, "uncordon NODE")
    cordon_or_uncordon(session, infos, False, dry)
    return 0


@command("drain", flags=drain_flags, short="Drain node in preparation for maintenance")
def drain(session, args: list[str]) -> int:
    f = session.flags
    infos, dry = _nodes(session, args, "drain NODE")
    if f["pod-selector"]:
        from k8slab.api.selectors import SelectorError, parse_label_selector
        try:
            parse_label_selector(f["pod-selector"])
        except SelectorError:
            raise Failure("--pod-selector=<pod_selector> must be a valid label selector") from None
    from ..durations import duration_flag
    timeout = duration_flag(session, "timeout")
    cordon_or_uncordon(session, infos, True, dry)
    drainer = Drainer(session, dry, timeout)
    fatal, remaining = [], []
    for info in infos:
        try:
            drainer.drain_node(info.name)
        except KubectlError as e:
            text = e.message if isinstance(e, Failure) else _error_text(e)
            session.err.write(f'error: unable to drain node "{info.name}" due to error: {text}, continuing command...\n')
            fatal.append(e)
            remaining.append(info.name)
            continue
        success_printer(session, "drained", dry)(info.obj)
    if remaining:
        session.err.write("There are pending nodes to be drained:\n" + "".join(f" {n}\n" for n in remaining))
    if fatal:
        from ..errors import CommandError
        from ..mutation import Aggregate
        if len(fatal) == 1:                 # an aggregate inside the aggregate: its lines, no `error: `
            inner = getattr(fatal[0], "pod_errors", None) or [fatal[0]]
            raise CommandError("\n".join(_error_text(e) for e in inner))
        raise Aggregate(fatal)
    return 0


class Drainer:
    """pkg/drain Helper: which pods go, evicting or deleting them, waiting for them."""

    def __init__(self, session, dry: str, timeout: float):
        self.session, self.dry, self.timeout = session, dry, timeout
        self.f = session.flags

    def pods_for_deletion(self, node: str) -> tuple[list[dict], dict, list[str]]:
        """(pods to delete, warning message -> pods, fatal message -> pods)."""
        query = {"fieldSelector": f"spec.nodeName={node}", "limit": str(self.f["chunk-size"])}
        if self.f["pod-selector"]:
            query["labelSelector"] = self.f["pod-selector"]
        items = []
        while True:
            page = self.session.client.get("/api/v1/pods", query, accept=ACCEPT_JSON)
            items.extend(page.get("items") or [])
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                break
            query = {**query, "continue": token}
        delete, warnings, fatals = [], {}, {}
        for pod in items:
            status = self._filter(pod)
            name = f"{pod['metadata'].get('namespace', '')}/{pod['metadata']['name']}"
            keep, reason, message = status
            if reason == "Warning":
                warnings.setdefault(message, []).append(name)
            elif reason == "Error":
                fatals.setdefault(message or "unexpected error", []).append(name)
            if keep:
                delete.append(pod)
        return delete, warnings, fatals

    def _filter(self, pod: dict) -> tuple[bool, str, str]:
        """makeFilters: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated."""
        meta, spec = pod.get("metadata") or {}, pod.get("spec") or {}
        phase = (pod.get("status") or {}).get("phase")
        finished = phase in ("Succeeded", "Failed")
        owner = next((r for r in meta.get("ownerReferences") or [] if r.get("controller")), None)
        skip_after = self.f["skip-wait-for-delete-timeout"]
        if skip_after > 0 and meta.get("deletionTimestamp") and _age(meta["deletionTimestamp"]) > skip_after:
            return False, "Skip", ""
        if owner is not None and owner.get("kind") == "DaemonSet" and not finished:
            try:
                self.session.client.get(f"/apis/apps/v1/namespaces/{meta.get('namespace')}/daemonsets/{owner['name']}")
            except StatusError as e:
                if e.http_code == 404 and self.f["force"]:
                    return True, "Warning", e.message
                return False, "Error", e.message
            if not self.f["ignore-daemonsets"]:
                return False, "Error", DAEMONSET_FATAL
            return False, "Warning", DAEMONSET_WARNING
        if MIRROR_ANNOTATION in (meta.get("annotations") or {}):
            return False, "Skip", ""
        if any("emptyDir" in v for v in spec.get("volumes") or []) and not finished:
            if not self.f["delete-emptydir-data"]:
                return False, "Error", LOCAL_STORAGE_FATAL
            return True, "Warning", LOCAL_STORAGE_WARNING
        if finished or owner is not None:
            return True, "Okay", ""
        if self.f["force"]:
            return True, "Warning", UNMANAGED_WARNING
        return False, "Error", UNMANAGED_FATAL

    def drain_node(self, node: str) -> None:
        """deleteOrEvictPodsSimple."""
        pods, warnings, fatals = self.pods_for_deletion(node)
        if fatals:
            errors = [Failure(f"cannot delete {msg}: {', '.join(names)}") for msg, names in fatals.items()]
            failure = Failure(errors[0].message if len(errors) == 1
                              else "[" + ", ".join(e.message for e in errors) + "]")
            failure.pod_errors = errors
            raise failure
        if warnings:
            text = "; ".join(f"{msg}: {', '.join(names)}" for msg, names in warnings.items())
            self.session.err.write(f"Warning: {text}\n")
        if self.dry == CLIENT:
            for pod in pods:
                self.session.out.write(f"evicting pod {pod['metadata'].get('namespace')}/{pod['metadata']['name']} "
                                       "(dry run)\n")
            return
        if self.f["disable-eviction"]:
            self._delete(pods)
        else:
            self._evict(pods)

    def _options(self) -> dict:
        opts: dict = {}
        if self.f["grace-period"] >= 0:
            opts["gracePeriodSeconds"] = self.f["grace-period"]
        if self.dry == SERVER:
            opts["dryRun"] = ["All"]
        return opts

    def _evict(self, pods: list[dict]) -> None:
        import orjson
        out = self.session.out
        deadline = time.monotonic() + self.timeout if self.timeout else None
        waiting, errors = [], []
        for pod in pods:
            meta = pod["metadata"]
            ns, name = meta.get("namespace", ""), meta["name"]
            while True:
                out.write(f"evicting pod {ns}/{name}" + (" (server dry run)" if self.dry == SERVER else "") + "\n")
                if deadline is not None and time.monotonic() > deadline:
                    errors.append(Failure(f'error when evicting pods/"{name}" -n "{ns}": global timeout reached: '
                                          f"{_go_seconds(self.timeout)}"))
                    break
                body = {"apiVersion": "policy/v1", "kind": "Eviction",
                        "metadata": {"name": name, "namespace": ns}, "deleteOptions": self._options()}
                try:
                    self.session.client.request("POST", f"/api/v1/namespaces/{ns}/pods/{name}/eviction",
                                                body=orjson.dumps(body), content_type="application/json")
                except StatusError as e:
                    if e.http_code == 404:
                        break
                    if e.http_code == 429:
                        self.session.err.write(f'error when evicting pods/"{name}" -n "{ns}" (will retry after 5s): '
                                               f"{e.message}\n")
                        time.sleep(5)
                        continue
                    errors.append(Failure(f'error when evicting pods/"{name}" -n "{ns}": {e.message}'))
                    break
                if self.dry != SERVER:
                    waiting.append(pod)
                break
        errors += self._wait(waiting, "evicted")
        if errors:
            raise _aggregate(errors)

    def _delete(self, pods: list[dict]) -> None:
        import orjson
        for pod in pods:
            meta = pod["metadata"]
            try:
                self.session.client.request("DELETE", f"/api/v1/namespaces/{meta.get('namespace')}/pods/{meta['name']}",
                                            body=orjson.dumps(self._options()), content_type="application/json")
            except StatusError as e:
                if e.http_code != 404:
                    raise
        if self.dry == SERVER:
            return
        errors = self._wait(list(pods), "deleted")
        if errors:
            raise _aggregate(errors)

    def _wait(self, pods: list[dict], verb: str) -> list:
        """waitForDelete: every second, each pod that is gone (or replaced) is reported."""
        show = success_printer(self.session, verb, self.dry)
        pending = list(pods)
        while pending:
            still = []
            for pod in pending:
                meta = pod["metadata"]
                try:
                    live = self.session.client.get(f"/api/v1/namespaces/{meta.get('namespace')}/pods/{meta['name']}")
                except StatusError as e:
                    if e.http_code == 404:
                        show({**pod, "apiVersion": "v1", "kind": "Pod"})
                        continue
                    return [e]
                if (live.get("metadata") or {}).get("uid") != meta.get("uid"):
                    show({**pod, "apiVersion": "v1", "kind": "Pod"})
                    continue
                still.append(pod)
            pending = still
            if pending:
                if self.session.api is not None:
                    return []               # in-process: nothing runs while kubectl would wait
                time.sleep(1)
        return []


def _aggregate(errors: list) -> Failure:
    failure = Failure(errors[0].message if len(errors) == 1 else "[" + ", ".join(e.message for e in errors) + "]")
    failure.pod_errors = errors
    return failure


def _age(timestamp: str) -> float:
    import calendar
    t = time.strptime(timestamp.rstrip("Z")[:19], "%Y-%m-%dT%H:%M:%S")
    return time.time() - calendar.timegm(t)


def _go_seconds(seconds: float) -> str:
    from ..durations import format_duration
    return format_duration(seconds)

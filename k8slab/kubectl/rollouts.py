"""What kubectl knows about each workload kind: where its pod template is, how its rollout is
going, its history and how to roll it back, pause, resume or restart it.

Follows `staging/src/k8s.io/kubectl/pkg/polymorphichelpers/`: updatepodspec.go (the pod spec of
Pods, ReplicationControllers, Deployments, DaemonSets, ReplicaSets, StatefulSets, Jobs and
CronJobs), rollout_status.go (the Deployment, DaemonSet and StatefulSet status messages),
history.go (DeploymentHistoryViewer: the owned ReplicaSets by revision, `REVISION  CHANGE-CAUSE`),
rollback.go (DeploymentRollbacker: the ReplicaSet of a revision, its template restored with a
JSON patch), objectpauser.go, objectresumer.go, objectrestarter.go; and
`pkg/util/deployment/deployment.go` (Revision, FindNewReplicaSet, EqualIgnoreHash).

Objects are dicts; functions that change one return a changed copy.
"""

from __future__ import annotations

import copy
import time

from .mutation import Failure

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"
ANNOTATIONS_TO_SKIP = {"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                       "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                       "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to"}
WORKLOAD_GROUPS = ("apps", "extensions")


def group_of(obj: dict) -> str:
    api_version = obj.get("apiVersion", "")
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def is_kind(obj: dict, kind: str, groups=WORKLOAD_GROUPS) -> bool:
    return obj.get("kind") == kind and group_of(obj) in groups


# ---- pod specs -------------------------------------------------------------------------------

def pod_spec_path(obj: dict) -> tuple[str, ...] | None:
    """Where the pod spec lives in this kind of object (updatepodspec.go), or None."""
    kind, group = obj.get("kind"), group_of(obj)
    if kind == "Pod" and group == "":
        return ("spec",)
    if (kind == "ReplicationController" and group == "") or (
            kind in ("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet") and group in WORKLOAD_GROUPS) or (
            kind == "Job" and group == "batch"):
        return ("spec", "template", "spec")
    if kind == "CronJob" and group == "batch":
        return ("spec", "jobTemplate", "spec", "template", "spec")
    return None


def with_pod_spec(obj: dict, change) -> dict:
    """A copy of obj whose pod spec `change(spec)` has modified in place; Failure if none."""
    path = pod_spec_path(obj)
    if path is None:
        raise Failure(f"the object is not a pod or does not have a pod template: *{_go_type(obj)}")
    out = copy.deepcopy(obj)
    node = out
    for key in path:
        node = node.setdefault(key, {})
    change(node)
    return out


def _go_type(obj: dict) -> str:
    api_version = obj.get("apiVersion", "v1")
    version = api_version.rpartition("/")[2]
    return f"{version}.{obj.get('kind', '')}"


# ---- status ----------------------------------------------------------------------------------

def rollout_status(obj: dict, revision: int = 0) -> tuple[str, bool]:
    """(message, done) for a Deployment, DaemonSet or StatefulSet; Failure for the others."""
    kind, name = obj.get("kind"), (obj.get("metadata") or {}).get("name", "")
    meta, spec, status = obj.get("metadata") or {}, obj.get("spec") or {}, obj.get("status") or {}
    generation, observed = meta.get("generation", 0), status.get("observedGeneration", 0)
    if kind == "Deployment":
        if revision > 0:
            have = deployment_revision_number(obj)
            if have != revision:
                raise Failure(f"desired revision ({revision}) is different from the running revision ({have})")
        if generation <= observed:
            for c in status.get("conditions") or []:
                if c.get("type") == "Progressing" and c.get("reason") == "ProgressDeadlineExceeded":
                    raise Failure(f'deployment "{name}" exceeded its progress deadline')
            replicas = spec.get("replicas")
            updated = status.get("updatedReplicas", 0)
            if replicas is not None and updated < replicas:
                return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas '
                        "have been updated...\n", False)
            if status.get("replicas", 0) > updated:
                return (f'Waiting for deployment "{name}" rollout to finish: {status.get("replicas", 0) - updated} '
                        "old replicas are pending termination...\n", False)
            available = status.get("availableReplicas", 0)
            if available < updated:
                return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated '
                        "replicas are available...\n", False)
            return f'deployment "{name}" successfully rolled out\n', True
        return "Waiting for deployment spec update to be observed...\n", False
    if kind == "DaemonSet":
        if (spec.get("updateStrategy") or {}).get("type") != "RollingUpdate":
            raise Failure("rollout status is only available for RollingUpdate strategy type")
        if generation <= observed:
            updated, desired = status.get("updatedNumberScheduled", 0), status.get("desiredNumberScheduled", 0)
            if updated < desired:
                return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {desired} new pods have '
                        "been updated...\n", False)
            available = status.get("numberAvailable", 0)
            if available < desired:
                return (f'Waiting for daemon set "{name}" rollout to finish: {available} of {desired} updated pods '
                        "are available...\n", False)
            return f'daemon set "{name}" successfully rolled out\n', True
        return "Waiting for daemon set spec update to be observed...\n", False
    if kind == "StatefulSet":
        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type") != "RollingUpdate":
            raise Failure("rollout status is only available for RollingUpdate strategy type")
        if observed == 0 or generation > observed:
            return "Waiting for statefulset spec update to be observed...\n", False
        replicas, ready = spec.get("replicas"), status.get("readyReplicas", 0)
        if replicas is not None and ready < replicas:
            return f"Waiting for {replicas - ready} pods to be ready...\n", False
        rolling = strategy.get("rollingUpdate")
        if rolling is not None:
            partition = rolling.get("partition")
            updated = status.get("updatedReplicas", 0)
            if replicas is not None and partition is not None and updated < replicas - partition:
                return (f"Waiting for partitioned roll out to finish: {updated} out of {replicas - partition} new pods "
                        "have been updated...\n", False)
            return f"partitioned roll out complete: {updated} new pods have been updated...\n", True
        if status.get("updateRevision") != status.get("currentRevision"):
            return (f"waiting for statefulset rolling update to complete {status.get('updatedReplicas', 0)} pods at "
                    f"revision {status.get('updateRevision', '')}...\n", False)
        return (f"statefulset rolling update complete {status.get('currentReplicas', 0)} pods at revision "
                f"{status.get('currentRevision', '')}...\n", True)
    raise Failure(f"no status viewer has been implemented for {kind}")


# ---- deployment history ---------------------------------------------------------------------

def deployment_revision_number(obj: dict) -> int:
    text = ((obj.get("metadata") or {}).get("annotations") or {}).get(REVISION, "")
    try:
        return int(text)
    except ValueError:
        return 0


def owned_replica_sets(session, deployment: dict) -> list[dict]:
    """The ReplicaSets the Deployment controls (its selector, then the controller reference)."""
    from .client import ACCEPT_JSON
    meta = deployment.get("metadata") or {}
    labels = ((deployment.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    query = {"labelSelector": ",".join(f"{k}={v}" for k, v in sorted(labels.items()))} if labels else None
    ns = meta.get("namespace", "")
    group = group_of(deployment) or "apps"
    version = deployment.get("apiVersion", "apps/v1").rpartition("/")[2] if group == "extensions" else "v1"
    lst = session.client.get(f"/apis/{group}/{version}/namespaces/{ns}/replicasets", query, accept=ACCEPT_JSON)
    out = []
    for rs in lst.get("items") or []:
        refs = (rs.get("metadata") or {}).get("ownerReferences") or []
        if any(r.get("controller") and r.get("uid") == meta.get("uid") for r in refs):
            out.append(rs)
    return out


def equal_ignore_hash(a: dict, b: dict) -> bool:
    def strip(t):
        t = copy.deepcopy(t or {})
        labels = (t.get("metadata") or {}).get("labels")
        if labels:
            labels.pop(HASH_LABEL, None)
        return t
    return strip(a) == strip(b)


def history_table(session, deployment: dict) -> dict[int, dict]:
    """revision -> ReplicaSet (the last one seen for a revision)."""
    history = {}
    for rs in owned_replica_sets(session, deployment):
        rev = _annotation_int(rs, REVISION)
        if rev is None:
            continue
        history[rev] = rs
    return history


def _annotation_int(obj: dict, key: str):
    text = ((obj.get("metadata") or {}).get("annotations") or {}).get(key)
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def view_history(session, obj: dict, revision: int = 0) -> str:
    """DeploymentHistoryViewer.ViewHistory."""
    if obj.get("kind") != "Deployment":
        kind = f"{obj.get('kind')}.{group_of(obj)}" if group_of(obj) else obj.get("kind")
        raise Failure(f'no history viewer has been implemented for "{kind}"')
    history = history_table(session, obj)
    if not history:
        return "No rollout history found."
    if revision > 0:
        rs = history.get(revision)
        if rs is None:
            raise Failure("unable to find the specified revision")
        template = copy.deepcopy((rs.get("spec") or {}).get("template") or {})
        cause = ((rs.get("metadata") or {}).get("annotations") or {}).get(CHANGE_CAUSE)
        if cause:
            template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = cause
        return describe_template(template)
    from .printers.tabwriter import TabWriter
    import io
    buf = io.StringIO()
    w = TabWriter(buf, padding=2, min_width=0, remember=False)     # history.go tabbedString
    w.write("REVISION\tCHANGE-CAUSE\n")
    for rev in sorted(history):
        cause = ((history[rev].get("metadata") or {}).get("annotations") or {}).get(CHANGE_CAUSE) or "<none>"
        w.write(f"{rev}\t{cause}\n")
    w.flush()
    return buf.getvalue()


class RawPrefixWriter:
    """describe.NewPrefixWriter on a plain buffer (history.go printTemplate): tabs stay tabs."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        from .describe.writer import escape
        self.parts.append(escape("  " * level + text))

    def write_line(self, *args) -> None:
        from .describe.writer import escape
        self.parts.append(escape(" ".join(str(a) for a in args) + "\n"))

    def flush(self) -> None:
        pass

    def nested(self, indent: int):
        from .describe.writer import NestedPrefixWriter
        return NestedPrefixWriter(self, indent)

    def string(self) -> str:
        return "".join(self.parts)


def describe_template(template: dict) -> str:
    """printTemplate: DescribePodTemplate written without aligning the columns."""
    from .describe.pods import describe_pod_template
    w = RawPrefixWriter()
    describe_pod_template(template, w)
    return w.string()


def rollback(session, deployment: dict, to_revision: int, dry_client: bool, dry_server: bool) -> str:
    """DeploymentRollbacker.Rollback: the result message (`rolled back` or why it was skipped)."""
    import orjson
    from .client import ACCEPT_JSON
    if to_revision < 0:
        raise Failure(f"unable to find specified revision {to_revision} in history")
    meta = deployment.get("metadata") or {}
    name, ns = meta.get("name", ""), meta.get("namespace", "")
    path = f"/apis/{group_of(deployment) or 'apps'}/{deployment.get('apiVersion', 'apps/v1').rpartition('/')[2]}" \
           f"/namespaces/{ns}/deployments/{name}"
    try:
        current = session.client.get(path, accept=ACCEPT_JSON)
    except Exception as e:              # noqa: BLE001 - any failure is reported with its text
        raise Failure(f"failed to retrieve Deployment {name}: {getattr(e, 'message', e)}") from None
    rs = _revision_replica_set(session, current, to_revision)
    template = copy.deepcopy((rs.get("spec") or {}).get("template") or {})
    if dry_client:
        return describe_template(template)
    if (current.get("spec") or {}).get("paused"):
        raise Failure("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and "
                      "try again")
    if equal_ignore_hash(template, (current.get("spec") or {}).get("template") or {}):
        return f"skipped rollback (current template already matches revision {to_revision})"
    labels = (template.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(HASH_LABEL, None)
    annotations = {k: v for k, v in ((current.get("metadata") or {}).get("annotations") or {}).items()
                   if k in ANNOTATIONS_TO_SKIP}
    annotations.update({k: v for k, v in ((rs.get("metadata") or {}).get("annotations") or {}).items()
                        if k not in ANNOTATIONS_TO_SKIP})
    body = orjson.dumps([{"op": "replace", "path": "/spec/template", "value": template},
                         {"op": "replace", "path": "/metadata/annotations", "value": annotations}])
    try:
        session.client.request("PATCH", path, {"dryRun": "All"} if dry_server else None, body=body,
                               content_type="application/json-patch+json")
    except Exception as e:              # noqa: BLE001
        raise Failure(f"failed restoring revision {to_revision}: {getattr(e, 'message', e)}") from None
    return "rolled back"


def _revision_replica_set(session, deployment: dict, to_revision: int) -> dict:
    latest = previous = None
    latest_rev = previous_rev = -1
    for rs in owned_replica_sets(session, deployment):
        v = _annotation_int(rs, REVISION)
        if v is None:
            continue
        if to_revision == 0:
            if latest_rev < v:
                previous_rev, previous = latest_rev, latest
                latest_rev, latest = v, rs
            elif previous_rev < v:
                previous_rev, previous = v, rs
        elif to_revision == v:
            return rs
    if to_revision > 0:
        raise Failure(f"unable to find specified revision {to_revision} in history")
    if previous is None:
        raise Failure(f'no rollout history found for deployment "{(deployment.get("metadata") or {}).get("name", "")}"')
    return previous


# ---- pause, resume, restart ----------------------------------------------------------------------

def paused(obj: dict) -> dict:
    if not is_kind(obj, "Deployment"):
        raise Failure("pausing is not supported")
    if (obj.get("spec") or {}).get("paused"):
        raise Failure("is already paused")
    return {**obj, "spec": {**obj.get("spec", {}), "paused": True}}


def resumed(obj: dict) -> dict:
    if not is_kind(obj, "Deployment"):
        raise Failure("resuming is not supported")
    if not (obj.get("spec") or {}).get("paused"):
        raise Failure("is not paused")
    spec = dict(obj.get("spec") or {})
    spec.pop("paused", None)                # false is Go's zero value: omitted
    return {**obj, "spec": spec}


def restarted(obj: dict, now: float | None = None) -> dict:
    if obj.get("kind") not in ("Deployment", "DaemonSet", "StatefulSet") or group_of(obj) not in WORKLOAD_GROUPS:
        raise Failure("restarting is not supported")
    if obj.get("kind") == "Deployment" and (obj.get("spec") or {}).get("paused"):
        raise Failure("can't restart paused deployment (run rollout resume first)")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(now if now is not None else time.time()))
    offset = time.strftime("%z", time.localtime(now if now is not None else time.time()))
    stamp += "Z" if offset in ("+0000", "-0000") else f"{offset[:3]}:{offset[3:]}"
    out = copy.deepcopy(obj)
    template = out.setdefault("spec", {}).setdefault("template", {})
    template.setdefault("metadata", {}).setdefault("annotations", {})["kubectl.kubernetes.io/restartedAt"] = stamp
    return out

"""Finding and ordering a Deployment's ReplicaSets: which one is new, which are old, who goes first.

Follows `pkg/controller/deployment/util/deployment_util.go` (FindNewReplicaSet,
FindOldReplicaSets, FindActiveOrLatest, EqualIgnoreHash, SetFromReplicaSetTemplate) and the
sort orders of `pkg/controller/controller_utils.go` (ReplicaSetsByCreationTimestamp,
ReplicaSetsBySizeNewer, ReplicaSetsBySizeOlder) and deployment_util.go (ReplicaSetsByRevision).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy


from ...api.names import parse_rfc3339

DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = "pod-template-hash"
REVISION_ANNOTATION = "deployment.kubernetes.io/revision"


def replicas(obj: dict | None) -> int:
    return 0 if obj is None else (obj.get("spec") or {}).get("replicas", 1)


def revision(rs: dict) -> int | None:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION_ANNOTATION, ""))
    except ValueError:
        return None


def _normalize(v):
    """Semantic.DeepEqual treats empty and missing maps/lists alike."""
    if isinstance(v, dict):
        return {k: _normalize(x) for k, x in v.items() if x not in (None, {}, [])}
    if isinstance(v, list):
        return [_normalize(x) for x in v]
    return v


def _without_hash(t: dict) -> dict:
    """A shallow view of a template without the pod-template-hash label and creationTimestamp."""
    meta = t.get("metadata")
    if not meta:
        return t
    meta = {k: v for k, v in meta.items() if k != "creationTimestamp"}
    labels = meta.get("labels")
    if labels and DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY in labels:
        meta["labels"] = {k: v for k, v in labels.items() if k != DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY}
    return {**t, "metadata": meta}


def equal_ignore_hash(t1: dict, t2: dict) -> bool:
    """Two pod templates are the same apart from the pod-template-hash label."""
    if _without_hash(t1 or {}) == _without_hash(t2 or {}):
        return True                     # the common case, decided without normalising
    a, b = deep_copy(t1 or {}), deep_copy(t2 or {})
    for t in (a, b):
        labels = (t.get("metadata") or {}).get("labels")
        if labels:
            labels.pop(DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, None)
        (t.get("metadata") or {}).pop("creationTimestamp", None)
    return _normalize(a) == _normalize(b)


def by_creation_timestamp(rs: dict):
    return (parse_rfc3339(rs["metadata"]["creationTimestamp"]) if rs["metadata"].get("creationTimestamp") else 0,
            rs["metadata"]["name"])


def sort_by_creation(rss: list[dict], reverse: bool = False) -> list[dict]:
    return sorted(rss, key=by_creation_timestamp, reverse=reverse)


def sort_by_size_newer(rss: list[dict]) -> list[dict]:
    """ReplicaSetsBySizeNewer: bigger first; same size -> newer first."""
    return sorted(sort_by_creation(rss, reverse=True), key=lambda rs: -replicas(rs))


def sort_by_size_older(rss: list[dict]) -> list[dict]:
    """ReplicaSetsBySizeOlder: bigger first; same size -> older first."""
    return sorted(sort_by_creation(rss), key=lambda rs: -replicas(rs))


def sort_by_revision(rss: list[dict]) -> list[dict]:
    return sorted(sort_by_creation(rss), key=lambda rs: revision(rs) or 0)


def find_new_replica_set(d: dict, rs_list: list[dict]) -> dict | None:
    """The oldest RS whose template equals the deployment's (oldest: deterministic if several)."""
    for rs in sort_by_creation(rs_list):
        if equal_ignore_hash(rs["spec"].get("template"), d["spec"].get("template")):
            return rs
    return None


def find_old_replica_sets(d: dict, rs_list: list[dict]) -> tuple[list[dict], list[dict]]:
    """(old RSes with replicas, all old RSes)."""
    new_rs = find_new_replica_set(d, rs_list)
    all_old = [rs for rs in rs_list if new_rs is None or rs["metadata"]["uid"] != new_rs["metadata"]["uid"]]
    return [rs for rs in all_old if replicas(rs) != 0], all_old


def filter_active_replica_sets(rss: list[dict | None]) -> list[dict]:
    return [rs for rs in rss if rs is not None and replicas(rs) > 0]


def find_active_or_latest(new_rs: dict | None, old_rss: list[dict]) -> dict | None:
    """The only active RS, or the newest if none is active; None when several are active."""
    if new_rs is None and not old_rss:
        return None
    old_sorted = sort_by_creation(old_rss, reverse=True)
    active = filter_active_replica_sets(old_sorted + [new_rs])
    if not active:
        return new_rs if new_rs is not None else old_sorted[0]
    return active[0] if len(active) == 1 else None


def set_from_replica_set_template(d: dict, template: dict) -> None:
    t = deep_copy(template)
    labels = (t.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, None)
    d["spec"]["template"] = t

"""Indexed Jobs: completion indexes on pods and the compressed index lists in Job status.

Follows `pkg/controller/job/indexed_job_utils.go`: a pod's index is its
`batch.kubernetes.io/job-completion-index` annotation; status.completedIndexes is an ordered
list of intervals written `1,3-5,7`; new pods get the lowest indexes that are neither succeeded
nor held by an active pod, a hostname `<job>-<index>` and a generateName `<job>-<index>-`.

Differences from upstream: no backoffLimitPerIndex bookkeeping (failed indexes, index failure counts).
"""

from __future__ import annotations

COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"
COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX"
UNKNOWN = -1


def completion_index(pod: dict) -> int:
    value = ((pod["metadata"].get("annotations") or {}).get(COMPLETION_INDEX_ANNOTATION))
    if value is None:
        return UNKNOWN
    try:
        i = int(value)
    except ValueError:
        return UNKNOWN
    return i if i >= 0 else UNKNOWN


def parse_indexes(text: str, completions: int) -> set[int]:
    out: set[int] = set()
    for part in filter(None, (text or "").split(",")):
        lo, _, hi = part.partition("-")
        try:
            a, b = int(lo), int(hi or lo)
        except ValueError:
            continue
        out.update(i for i in range(a, b + 1) if i < completions)
    return out


def _interval(first: int, last: int) -> str:
    if last == first:
        return str(first)
    return f"{first},{last}" if last == first + 1 else f"{first}-{last}"


def format_indexes(indexes) -> str:
    """orderedIntervals.String(): `0-2,5`; two neighbours are written `3,4`."""
    out, run = [], []
    for i in sorted(indexes):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(_interval(run[0], run[-1]))
        run = [i]
    if run:
        out.append(_interval(run[0], run[-1]))
    return ",".join(out)


def first_pending_indexes(active_pods: list[dict], succeeded: set[int], count: int,
                          completions: int) -> list[int]:
    taken = set(succeeded) | {completion_index(p) for p in active_pods}
    out = []
    for i in range(completions):
        if len(out) == count:
            break
        if i not in taken:
            out.append(i)
    return out


def add_completion_index(template: dict, job_name: str, index: int) -> None:
    """The per-index pod template: annotation and label, hostname, and the env variable."""
    meta = template.setdefault("metadata", {})
    meta.setdefault("annotations", {})[COMPLETION_INDEX_ANNOTATION] = str(index)
    meta.setdefault("labels", {})[COMPLETION_INDEX_ANNOTATION] = str(index)
    spec = template.setdefault("spec", {})
    spec["hostname"] = f"{job_name}-{index}"
    env_var = {"name": COMPLETION_INDEX_ENV, "valueFrom": {"fieldRef": {
        "apiVersion": "v1", "fieldPath": f"metadata.annotations['{COMPLETION_INDEX_ANNOTATION}']"}}}
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        env = c.setdefault("env", [])
        if not any(e.get("name") == COMPLETION_INDEX_ENV for e in env):
            env.append(dict(env_var))


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    """podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the whole stays short."""
    append = f"-{index}-"
    max_prefix = 63 - 5 - len(append)
    return job_name[:max_prefix] + append

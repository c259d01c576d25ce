"""The pod status the kubelet reports: phase, conditions and one status per container.

Follows `pkg/kubelet/kubelet_pods.go` (generateAPIPodStatus, convertToAPIContainerStatuses,
getPhase) and `pkg/kubelet/status/generate.go` (the PodReadyToStartContainers, Initialized,
Ready, ContainersReady conditions with their reasons and messages), plus the parts of
`pkg/kubelet/status/status_manager.go` that decide timestamps (startTime kept once set, a
condition's lastTransitionTime kept while its status stays) and `mergePodStatus` (conditions
the kubelet does not own are kept).

Differences from upstream: no resize, resource, user or allocated-resources fields; no
ephemeral containers.
"""

from __future__ import annotations

from ..api.names import rfc3339
from . import cri
from .container import PodStatus, is_restartable_init_container, should_container_be_restarted
from .events import CONTAINER_CREATING, POD_INITIALIZING

KUBELET_CONDITIONS = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")


def _state(cs: cri.ContainerStatus, runtime_name: str) -> dict:
    if cs.state == cri.CONTAINER_RUNNING:
        return {"running": {"startedAt": rfc3339(cs.started_at)}}
    if cs.state == cri.CONTAINER_EXITED:
        t = {"exitCode": cs.exit_code, "reason": cs.reason}
        if cs.message:
            t["message"] = cs.message
        t.update({"startedAt": rfc3339(cs.started_at) if cs.started_at else None,
                  "finishedAt": rfc3339(cs.finished_at), "containerID": f"{runtime_name}://{cs.id}"})
        return {"terminated": t}
    return {"waiting": {"reason": CONTAINER_CREATING}}


def convert_container_statuses(pod: dict, status: PodStatus, containers: list[dict], reasons: dict,
                               probe, runtime_name: str, has_init: bool, is_init: bool) -> list[dict]:
    """convertToAPIContainerStatuses for the init or the app containers of `pod`."""
    default_reason = POD_INITIALIZING if has_init else CONTAINER_CREATING
    out = []
    for c in containers:
        name = c["name"]
        history = status.statuses_named(name)
        s = {"name": name, "state": {"waiting": {"reason": default_reason}}, "lastState": {}, "ready": False,
             "restartCount": 0, "image": c.get("image", ""), "imageID": ""}
        started = False
        if history:
            cur = history[0]
            s["state"] = _state(cur, runtime_name)
            s["restartCount"] = cur.metadata.attempt
            s["image"], s["imageID"] = cur.image.image, cur.image_ref
            s["containerID"] = f"{runtime_name}://{cur.id}"
            if len(history) > 1 and history[1].state == cri.CONTAINER_EXITED:
                s["lastState"] = _state(history[1], runtime_name)
            if cur.state == cri.CONTAINER_RUNNING:
                started, ready = probe(name, cur.id)
                s["ready"] = ready and started
            elif is_init:
                s["ready"] = cur.state == cri.CONTAINER_EXITED and cur.exit_code == 0
        skip = is_init and history and history[0].state == cri.CONTAINER_EXITED and history[0].exit_code == 0
        if not skip and name in reasons and should_container_be_restarted(c, pod, status):
            if "terminated" in s["state"]:
                s["lastState"] = s["state"]
            reason, message = reasons[name]
            s["state"] = {"waiting": {"reason": reason, **({"message": message} if message else {})}}
        s["started"] = started
        mounts = [{"name": m["name"], "mountPath": m["mountPath"],
                   **({"readOnly": True, "recursiveReadOnly": "Disabled"} if m.get("readOnly") else {})}
                  for m in c.get("volumeMounts") or []]
        if mounts:
            s["volumeMounts"] = mounts
        out.append(s)
    return out


def get_phase(pod: dict, init_statuses: list[dict], statuses: list[dict], terminal: bool) -> str:
    """getPhase: Pending, Running, Succeeded or Failed from the container statuses."""
    spec = pod.get("spec") or {}
    policy = spec.get("restartPolicy", "Always")
    by_name = {s["name"]: s for s in init_statuses}
    pending_init = failed_init = 0
    for c in spec.get("initContainers") or []:
        s = by_name.get(c["name"])
        if s is None:
            pending_init += 1
            continue
        if is_restartable_init_container(c):
            pending_init += 0 if s.get("started") else 1
            continue
        state, last = s["state"], s.get("lastState") or {}
        if "running" in state:
            pending_init += 1
        elif "terminated" in state:
            failed_init += state["terminated"]["exitCode"] != 0
        elif "terminated" in last:
            failed_init += last["terminated"]["exitCode"] != 0
        else:
            pending_init += 1
    unknown = running = waiting = stopped = succeeded = 0
    by_name = {s["name"]: s for s in statuses}
    for c in spec.get("containers") or []:
        s = by_name.get(c["name"])
        if s is None:
            unknown += 1
            continue
        state = s["state"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            succeeded += state["terminated"]["exitCode"] == 0
        elif "terminated" in (s.get("lastState") or {}):
            stopped += 1
        else:
            waiting += 1
    if failed_init and policy == "Never":
        return "Failed"
    if pending_init or waiting:
        return "Pending"
    if running and not unknown:
        return "Running"
    if not running and stopped and not unknown:
        if terminal:
            return "Succeeded" if stopped == succeeded else "Failed"
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        return "Failed" if policy == "Never" else "Running"
    return "Pending"


def _cond(type_: str, ok: bool, reason: str = "", message: str = "") -> dict:
    c = {"type": type_, "status": "True" if ok else "False"}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def _names(names: list[str]) -> str:
    return "[" + " ".join(names) + "]"


def containers_ready_condition(pod: dict, statuses: list[dict], init_statuses: list[dict], phase: str) -> dict:
    by_name = {s["name"]: s for s in statuses + init_statuses}
    spec = pod.get("spec") or {}
    wanted = [c for c in spec.get("initContainers") or [] if is_restartable_init_container(c)]
    wanted += spec.get("containers") or []
    unknown = [c["name"] for c in wanted if c["name"] not in by_name]
    unready = [c["name"] for c in wanted if c["name"] in by_name and not by_name[c["name"]]["ready"]]
    if phase == "Succeeded" and not unknown:
        return _cond("ContainersReady", False, "PodCompleted")
    if phase == "Failed":
        return _cond("ContainersReady", False, "PodFailed")
    messages = ([f"containers with unknown status: {_names(unknown)}"] if unknown else []) + \
               ([f"containers with unready status: {_names(unready)}"] if unready else [])
    if messages:
        return _cond("ContainersReady", False, "ContainersNotReady", ", ".join(messages))
    return _cond("ContainersReady", True)


def ready_condition(pod: dict, containers_ready: dict, conditions: list[dict]) -> dict:
    if containers_ready["status"] != "True":
        return {**containers_ready, "type": "Ready"}
    present = {c["type"]: c for c in conditions}
    messages = []
    for gate in (pod.get("spec") or {}).get("readinessGates") or []:
        c = present.get(gate["conditionType"])
        if c is None:
            messages.append(f'corresponding condition of pod readiness gate "{gate["conditionType"]}" does not exist.')
        elif c["status"] != "True":
            messages.append(f'the status of pod readiness gate "{gate["conditionType"]}" is not "True", '
                            f'but {c["status"]}')
    if messages:
        return _cond("Ready", False, "ReadinessGatesNotReady", ", ".join(messages))
    return _cond("Ready", True)


def initialized_condition(pod: dict, init_statuses: list[dict], statuses: list[dict], phase: str) -> dict:
    by_name = {s["name"]: s for s in init_statuses}
    unknown, incomplete = [], []
    for c in (pod.get("spec") or {}).get("initContainers") or []:
        s = by_name.get(c["name"])
        if s is None:
            unknown.append(c["name"])
        elif is_restartable_init_container(c):
            if not s.get("started"):
                incomplete.append(c["name"])
        elif "terminated" not in s["state"] or s["state"]["terminated"]["exitCode"] != 0:
            incomplete.append(c["name"])
    if phase == "Succeeded" and not unknown:
        return _cond("Initialized", True, "PodCompleted")
    if any("running" in s["state"] or "terminated" in s["state"] for s in statuses):
        return _cond("Initialized", True)
    messages = ([f"containers with unknown status: {_names(unknown)}"] if unknown else []) + \
               ([f"containers with incomplete status: {_names(incomplete)}"] if incomplete else [])
    if messages:
        return _cond("Initialized", False, "ContainersNotInitialized", ", ".join(messages))
    return _cond("Initialized", True)


def generate_api_pod_status(pod: dict, status: PodStatus, *, reasons: dict, probe, runtime_name: str,
                            sandbox_ready: bool, terminal: bool, old_status: dict, host_ip: str,
                            now: float) -> dict:
    """generateAPIPodStatus + the status manager's timestamps: the status the kubelet writes."""
    spec = pod.get("spec") or {}
    has_init = bool(spec.get("initContainers"))
    init_statuses = convert_container_statuses(pod, status, spec.get("initContainers") or [], reasons, probe,
                                               runtime_name, has_init, True)
    statuses = convert_container_statuses(pod, status, spec.get("containers") or [], reasons, probe,
                                          runtime_name, has_init, False)
    phase = get_phase(pod, init_statuses, statuses, terminal)
    old_conditions = old_status.get("conditions") or []
    kept = [c for c in old_conditions if c["type"] not in KUBELET_CONDITIONS]
    containers_ready = containers_ready_condition(pod, statuses, init_statuses, phase)
    owned = [_cond("PodReadyToStartContainers", sandbox_ready),
             initialized_condition(pod, init_statuses, statuses, phase),
             ready_condition(pod, containers_ready, kept), containers_ready, _cond("PodScheduled", True)]
    stamp = rfc3339(now)
    old_by_type = {c["type"]: c for c in old_conditions}
    conditions = kept[:]
    for c in owned:
        old = old_by_type.get(c["type"])
        moved = old.get("lastTransitionTime") if old and old.get("status") == c["status"] else None
        conditions.append({"type": c["type"], "status": c["status"], "lastProbeTime": None,
                           "lastTransitionTime": moved or stamp,
                           **{k: c[k] for k in ("reason", "message") if k in c}})
    out = {"phase": phase, "conditions": conditions}
    ips = status.ips or [p["ip"] for p in old_status.get("podIPs") or []]
    if spec.get("hostNetwork"):
        ips = [host_ip]
    out.update({"hostIP": host_ip, "hostIPs": [{"ip": host_ip}]})
    if ips:
        out.update({"podIP": ips[0], "podIPs": [{"ip": ip} for ip in ips]})
    out["startTime"] = old_status.get("startTime") or stamp
    if init_statuses:
        out["initContainerStatuses"] = init_statuses
    out["containerStatuses"] = statuses
    if old_status.get("qosClass"):
        out["qosClass"] = old_status["qosClass"]
    return out

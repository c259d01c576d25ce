"""What the kubelet does to a pod in the runtime: sandbox, init containers, containers, kills.

Follows `pkg/kubelet/kuberuntime/kuberuntime_manager.go` (computePodActions: create the sandbox,
run the next init container, start what should run, kill containers whose liveness or startup
probe failed or whose spec changed; SyncPod; doBackOff with the CrashLoopBackOff message and BackOff event; killPod)
and `pkg/kubelet/kuberuntime/kuberuntime_container.go` (startContainer: back-off, image, create,
start with the Created / Started / Failed events; killContainer: `Stopping container x`, the grace
period with its 2 s minimum) and `kuberuntime_sandbox.go` (the sandbox config: hostname, log
directory, labels, DNS).

Failures are remembered per container (the reason cache) and become the container's waiting
state: ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError,
RunContainerError...

Differences from upstream: stops and pulls finish later on the clock, so one sync starts what it
can and the next sync (on the runtime's event) continues; no lifecycle hooks, volumes or
resource limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cri
from . import events as ev
from .backoff import Backoff
from .container import (CONTAINER_HASH, PodStatus, container_changed, get_pod_status, get_stable_key,
                        hash_container, is_restartable_init_container, pod_sandbox_changed,
                        should_container_be_restarted)
from .envvars import ConfigError, expand, make_environment

MINIMUM_GRACE_PERIOD = 2


@dataclass
class Actions:
    kill_pod: bool = False
    create_sandbox: bool = False
    sandbox_id: str = ""
    attempt: int = 0
    next_init: dict | None = None
    to_start: list = field(default_factory=list)            # container specs
    to_kill: list = field(default_factory=list)             # (cri.ContainerStatus, spec, message)
    pod_failed: bool = False


@dataclass
class SyncResult:
    error: str = ""                      # the first failure's waiting reason
    busy: bool = False                   # a pull or a stop is still running
    retry_at: float | None = None        # when a back-off ends


def field_path(kind: str, name: str) -> str:
    return f"spec.{'initContainers' if kind == 'init' else 'containers'}{{{name}}}"


def grace_period(pod: dict) -> int:
    """calculateEffectiveGracePeriod with killContainer's minimum."""
    meta, spec = pod["metadata"], pod.get("spec") or {}
    grace = spec.get("terminationGracePeriodSeconds", 30)
    if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds") is not None:
        grace = meta["deletionGracePeriodSeconds"]
    return max(int(grace), MINIMUM_GRACE_PERIOD)


class RuntimeManager:
    """kubeGenericRuntimeManager: sync one pod's sandbox and containers with its spec."""

    def __init__(self, kubelet):
        self.k = kubelet
        self.backoff = Backoff(kubelet.clock)              # crash-loop back-off, per container
        self.reasons: dict[str, dict[str, tuple[str, str]]] = {}   # uid -> name -> (reason, message)
        self._cleared: dict[tuple[str, str], str] = {}     # (uid, name) -> exited container already stepped
        self._stopping: set[str] = set()

    # ---- deciding -------------------------------------------------------------------------------

    def compute_pod_actions(self, pod: dict, status: PodStatus) -> Actions:
        spec = pod.get("spec") or {}
        policy = spec.get("restartPolicy", "Always")
        inits, containers = spec.get("initContainers") or [], spec.get("containers") or []
        a = Actions()
        a.create_sandbox, a.attempt, a.sandbox_id = pod_sandbox_changed(pod, status)
        if a.create_sandbox:
            if policy != "Always" and a.attempt != 0 and status.container_statuses:
                a.create_sandbox = False                  # the pod has run and must not run again
                return a
            a.kill_pod = bool(status.sandbox_statuses)
            if inits:
                a.next_init = inits[0]
            else:
                a.to_start = [c for c in containers if not (policy == "OnFailure" and self._succeeded(c, status))]
            return a
        for c in inits:
            cs = status.find_container_status_by_name(c["name"])
            if is_restartable_init_container(c):
                if cs is None or cs.state != cri.CONTAINER_RUNNING:
                    a.next_init = c
                    return a
                continue
            if cs is None or cs.state in (cri.CONTAINER_CREATED, cri.CONTAINER_UNKNOWN):
                a.next_init = c
                return a
            if cs.state == cri.CONTAINER_RUNNING:
                return a
            if cs.exit_code != 0:
                if policy == "Never":
                    a.kill_pod = a.pod_failed = True
                else:
                    a.next_init = c
                return a
        keep = 0
        for c in containers:
            cs = status.find_container_status_by_name(c["name"])
            if cs is None or cs.state != cri.CONTAINER_RUNNING:
                if should_container_be_restarted(c, pod, status):
                    a.to_start.append(c)
                continue
            uid = pod["metadata"]["uid"]
            if container_changed(c, cs):
                a.to_kill.append((cs, c, f"Container {c['name']} definition changed, will be restarted"))
            elif self.k.probes.result(uid, c["name"], "liveness", cs.id) == "Failure":
                a.to_kill.append((cs, c, self.k.messages.probe_restart(c["name"], "liveness")))
            elif self.k.probes.result(uid, c["name"], "startup", cs.id) == "Failure":
                a.to_kill.append((cs, c, self.k.messages.probe_restart(c["name"], "startup")))
            else:
                keep += 1
        if keep == 0 and not a.to_start and not a.to_kill:
            a.kill_pod = True
        return a

    @staticmethod
    def _succeeded(c: dict, status: PodStatus) -> bool:
        cs = status.find_container_status_by_name(c["name"])
        return cs is not None and cs.state == cri.CONTAINER_EXITED and cs.exit_code == 0

    # ---- doing ----------------------------------------------------------------------------------

    def sync_pod(self, pod: dict, status: PodStatus, worker) -> SyncResult:
        res = SyncResult()
        a = self.compute_pod_actions(pod, status)
        if a.kill_pod:
            if a.create_sandbox and a.sandbox_id:
                self.k.record(pod, ev.NORMAL, ev.SANDBOX_CHANGED,
                              "Pod sandbox changed, it will be killed and re-created.")
            if not self.kill_pod(pod, status):
                res.busy = True
                return res
            if not a.create_sandbox:
                return res
        for cs, c, message in a.to_kill:
            self.kill_container(pod, cs, c["name"], message, grace_period(pod))
            res.busy = True
        sandbox_id, config = a.sandbox_id, self.sandbox_config(pod, a.attempt)
        if a.create_sandbox:
            try:
                sandbox_id = self.k.runtime.run_pod_sandbox(config)
            except cri.CRIError as e:
                self.k.record(pod, ev.WARNING, ev.FAILED_CREATE_POD_SANDBOX, f"Failed to create pod sandbox: {e}")
                res.error = "CreatePodSandboxError"
                return res
            worker.dirty = True                            # the PLEG notices the new sandbox
            meta = pod["metadata"]
            status = get_pod_status(self.k.runtime, meta["uid"], meta["name"], meta.get("namespace", ""))
        work = ([(a.next_init, "init")] if a.next_init else []) + [(c, "app") for c in a.to_start]
        for c, kind in work:
            state, reason, retry_at = self.start_container(pod, status, c, kind, sandbox_id, config)
            if state == "pulling":
                res.busy = True
                break
            if state == "error":
                res.error = res.error or reason
                if retry_at is not None:
                    res.retry_at = retry_at if res.retry_at is None else min(res.retry_at, retry_at)
            if kind == "init":
                break
        return res

    def sandbox_config(self, pod: dict, attempt: int) -> cri.PodSandboxConfig:
        meta, spec = pod["metadata"], pod.get("spec") or {}
        ns, uid = meta.get("namespace", "default"), meta["uid"]
        labels = {**(meta.get("labels") or {}), cri.POD_NAME_LABEL: meta["name"], cri.POD_NAMESPACE_LABEL: ns,
                  cri.POD_UID_LABEL: uid}
        host_network = bool(spec.get("hostNetwork"))
        policy = spec.get("dnsPolicy", "ClusterFirst")
        cfg = self.k.config
        if policy == "ClusterFirstWithHostNet" or (policy == "ClusterFirst" and not host_network):
            domain = cfg.cluster_domain
            dns = {"servers": list(cfg.cluster_dns), "options": ["ndots:5"],
                   "searches": [f"{ns}.svc.{domain}", f"svc.{domain}", domain]}
        elif policy == "None":
            dns = {"servers": [], "searches": [], "options": []}
        else:
            dns = {"servers": [self.k.gateway_ip], "searches": [], "options": []}
        extra = spec.get("dnsConfig") or {}
        dns["servers"] += extra.get("nameservers") or []
        dns["searches"] += extra.get("searches") or []
        dns["options"] += [o["name"] + (f":{o['value']}" if o.get("value") else "") for o in extra.get("options") or []]
        hostname = self.k.node_name if host_network else (spec.get("hostname") or meta["name"])[:63]
        return cri.PodSandboxConfig(cri.PodSandboxMetadata(meta["name"], uid, ns, attempt), hostname,
                                    f"/var/log/pods/{ns}_{meta['name']}_{uid}", labels,
                                    dict(meta.get("annotations") or {}), host_network, dns)

    def start_container(self, pod, status: PodStatus, c: dict, kind: str, sandbox_id: str,
                        sandbox_config: cri.PodSandboxConfig):
        """(started | pulling | error, waiting reason, retry time)."""
        k, msgs, uid, name = self.k, self.k.messages, pod["metadata"]["uid"], c["name"]
        fp = field_path(kind, name)
        reasons = self.reasons.setdefault(uid, {})
        history = status.statuses_named(name)
        last = history[0] if history and history[0].state == cri.CONTAINER_EXITED else None
        if last is not None and self._cleared.get((uid, name)) != last.id:
            key = get_stable_key(pod, c)
            finished = k.to_now(last.finished_at)
            if self.backoff.is_in_backoff_since(key, finished):
                k.record(pod, ev.WARNING, ev.BACK_OFF_START_CONTAINER, msgs.back_off_restarting(name, pod), fp)
                reasons[name] = (ev.ERR_CRASH_LOOP_BACK_OFF, msgs.crash_loop(self.backoff.get(key), name, pod))
                return "error", ev.ERR_CRASH_LOOP_BACK_OFF, finished + self.backoff.get(key)
            self.backoff.next(key, finished)
            self._cleared[(uid, name)] = last.id
        image = k.images.ensure_image_exists(pod, c, fp)
        if image.state == "pulling":
            return "pulling", "", None
        if image.state == "error":
            k.record(pod, ev.WARNING, ev.FAILED_TO_CREATE_CONTAINER, msgs.error(image.reason), fp)
            reasons[name] = (image.reason, image.message)
            return "error", image.reason, k.images.retry_at(pod, c.get("image", ""))
        try:
            envs = make_environment(k, pod, c)
        except ConfigError as e:
            k.record(pod, ev.WARNING, ev.FAILED_TO_CREATE_CONTAINER, msgs.error(str(e)), fp)
            reasons[name] = (ev.ERR_CREATE_CONTAINER_CONFIG, str(e))
            return "error", ev.ERR_CREATE_CONTAINER_CONFIG, None
        values = dict(envs)
        attempt = history[0].metadata.attempt + 1 if history else 0
        config = cri.ContainerConfig(
            cri.ContainerMetadata(name, attempt), cri.ImageSpec(c.get("image", "")),
            [expand(x, values) for x in c.get("command") or []], [expand(x, values) for x in c.get("args") or []],
            c.get("workingDir", ""), [cri.KeyValue(n, v) for n, v in envs],
            {cri.POD_NAME_LABEL: pod["metadata"]["name"], cri.POD_NAMESPACE_LABEL: sandbox_config.metadata.namespace,
             cri.POD_UID_LABEL: uid, cri.CONTAINER_NAME_LABEL: name},
            {"io.kubernetes.container.restartCount": str(attempt), CONTAINER_HASH: hash_container(c)},
            f"{name}/{attempt}.log", stdin=bool(c.get("stdin")), stdin_once=bool(c.get("stdinOnce")),
            tty=bool(c.get("tty")))
        try:
            cid = k.runtime.create_container(sandbox_id, config, sandbox_config)
        except cri.CRIError as e:
            k.record(pod, ev.WARNING, ev.FAILED_TO_CREATE_CONTAINER, msgs.error(e.desc), fp)
            reasons[name] = (ev.ERR_CREATE_CONTAINER, e.desc)
            return "error", ev.ERR_CREATE_CONTAINER, None
        k.record(pod, ev.NORMAL, ev.CREATED_CONTAINER, msgs.created(name), fp)
        try:
            k.runtime.start_container(cid)
        except cri.CRIError as e:
            k.record(pod, ev.WARNING, ev.FAILED_TO_START_CONTAINER, msgs.error(e.desc), fp)
            reasons[name] = (ev.ERR_RUN_CONTAINER, e.desc)
            return "error", ev.ERR_RUN_CONTAINER, None
        k.record(pod, ev.NORMAL, ev.STARTED_CONTAINER, msgs.started(name), fp)
        reasons.pop(name, None)
        k.probes.container_started(uid, name)
        return "started", "", None

    def kill_container(self, pod: dict, cs: cri.ContainerStatus, name: str, message: str, grace: int) -> None:
        if cs.id in self._stopping:
            return
        self._stopping.add(cs.id)
        kind = "init" if any(c["name"] == name for c in (pod.get("spec") or {}).get("initContainers") or []) \
            else "app"
        text = self.k.messages.stopping(name, f"{self.k.runtime_name}://{cs.id}", message)
        self.k.record(pod, ev.NORMAL, ev.KILLING_CONTAINER, text, field_path(kind, name))
        self.k.runtime.stop_container(cs.id, grace)

    def kill_pod(self, pod: dict, status: PodStatus) -> bool:
        """Stop every running container (gracefully), then the sandbox; True once all are down."""
        running = status.running()
        for cs in running:
            self.kill_container(pod, cs, cs.metadata.name, "", grace_period(pod))
        if running:
            return False
        for sb in status.sandbox_statuses:
            if sb.state == cri.SANDBOX_READY:
                self.k.runtime.stop_pod_sandbox(sb.id)
        return True

    def forget_pod(self, uid: str) -> None:
        self.reasons.pop(uid, None)
        for key in [key for key in self._cleared if key[0] == uid]:
            del self._cleared[key]

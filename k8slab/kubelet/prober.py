"""Liveness, readiness and startup probes: one worker per container and probe, ticking on the clock.

Follows `pkg/kubelet/prober/prober_manager.go` (a worker per probe; `started` needs the startup
probe to succeed, `ready` the readiness probe; a container without the probe counts as started /
ready), `pkg/kubelet/prober/worker.go` (doProbe: wait initialDelaySeconds after the container
started, count consecutive results against failureThreshold / successThreshold, hold a failed
liveness or startup result until the container is replaced, no liveness probing while the pod
terminates; the first probe when the worker starts, then every periodSeconds) and
`pkg/kubelet/prober/prober.go` (exec through the runtime's ExecSync, httpGet and tcpSocket
against what the container serves; `Unhealthy` events "Liveness probe failed: ...").

Differences from upstream: timeoutSeconds is not simulated; gRPC probes are checked like TCP;
the kubelet's random start-up delay of the workers is left out.
"""

from __future__ import annotations

from . import cri
from . import events as ev

INITIAL = {"liveness": "Success", "readiness": "Failure", "startup": "Unknown"}
PROBE_FIELDS = {"liveness": "livenessProbe", "readiness": "readinessProbe", "startup": "startupProbe"}


class Worker:
    """One probe of one container of one pod."""

    def __init__(self, manager, uid: str, container: dict, kind: str):
        self.m, self.uid, self.container, self.kind = manager, uid, container, kind
        self.spec = container[PROBE_FIELDS[kind]]
        self.container_id = ""
        self.last_result, self.result_run, self.on_hold = None, 0, False
        self.timer = None

    def start(self) -> None:
        self.do_probe()
        self._schedule()

    def _schedule(self) -> None:
        period = max(1, int(self.spec.get("periodSeconds") or 10))
        self.timer = self.m.clock.call_later(period, self._tick)

    def _tick(self) -> None:
        if self.timer is None:
            return
        self.do_probe()
        self._schedule()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def do_probe(self) -> None:
        k = self.m.kubelet
        if not k.running:
            return
        pod = k.pod_workers.pod_of(self.uid)
        if pod is None:
            return
        name = self.container["name"]
        cs = k.pod_workers.latest_container(self.uid, name)
        if cs is None or cs.state != cri.CONTAINER_RUNNING:
            return
        if cs.id != self.container_id:                 # a new container: start over
            self.container_id, self.on_hold = cs.id, False
            self.last_result, self.result_run = None, 0
            self.m.set(self.uid, name, self.kind, cs.id, INITIAL[self.kind])
        if pod["metadata"].get("deletionTimestamp") and self.kind != "readiness":
            return
        if self.on_hold:
            return
        if int(k.clock.time() - cs.started_at) < int(self.spec.get("initialDelaySeconds") or 0):
            return
        started = self.m.started(self.uid, name, cs.id)
        if (self.kind != "startup" and not started) or (self.kind == "startup" and started):
            return
        result, output = self.m.probe(pod, self.container, self.spec, cs, self.kind)
        if result == self.last_result:
            self.result_run += 1
        else:
            self.last_result, self.result_run = result, 1
        if (result == "Failure" and self.result_run < int(self.spec.get("failureThreshold") or 3)) or \
                (result == "Success" and self.result_run < int(self.spec.get("successThreshold") or 1)):
            return
        self.m.set(self.uid, name, self.kind, cs.id, result)
        if result == "Failure" and self.kind in ("liveness", "startup"):
            self.result_run, self.on_hold = 0, True


class ProbeManager:
    """Probe workers for the pods of one kubelet, and their latest results."""

    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.clock = kubelet.clock
        self.workers: dict[tuple[str, str, str], Worker] = {}
        self.results: dict[tuple[str, str, str], tuple[str, str]] = {}   # (uid, name, kind) -> (cid, result)

    def add_pod(self, pod: dict) -> None:
        uid = pod["metadata"]["uid"]
        for c in (pod.get("spec") or {}).get("containers") or []:
            for kind, fld in PROBE_FIELDS.items():
                if c.get(fld) and (uid, c["name"], kind) not in self.workers:
                    w = self.workers[(uid, c["name"], kind)] = Worker(self, uid, c, kind)
                    w.start()

    def remove_pod(self, uid: str) -> None:
        for key in [key for key in self.workers if key[0] == uid]:
            self.workers.pop(key).stop()
        for key in [key for key in self.results if key[0] == uid]:
            del self.results[key]

    def stop_all(self) -> None:
        for w in self.workers.values():
            w.stop()
        self.workers.clear()

    def container_started(self, uid: str, name: str) -> None:
        """UpdatePodStatus's manual trigger: probe readiness of a fresh container at once."""
        w = self.workers.get((uid, name, "readiness"))
        if w is not None and w.timer is not None:
            w.do_probe()

    def set(self, uid: str, name: str, kind: str, cid: str, result: str) -> None:
        old = self.results.get((uid, name, kind))
        self.results[(uid, name, kind)] = (cid, result)
        if old != (cid, result):
            self.kubelet.pod_workers.enqueue(uid)

    def result(self, uid: str, name: str, kind: str, cid: str) -> str | None:
        found = self.results.get((uid, name, kind))
        return found[1] if found and found[0] == cid else None

    def started(self, uid: str, name: str, cid: str) -> bool:
        if (uid, name, "startup") not in self.workers:
            return True
        return self.result(uid, name, "startup", cid) == "Success"

    def status_of(self, uid: str, name: str, cid: str) -> tuple[bool, bool]:
        """(started, ready) of a running container, as UpdatePodStatus sets them."""
        started = self.started(uid, name, cid)
        if not started:
            return False, False
        if (uid, name, "readiness") not in self.workers:
            return True, True
        return True, self.result(uid, name, "readiness", cid) == "Success"

    # ---- the probers ------------------------------------------------------------------------------

    def probe(self, pod: dict, container: dict, spec: dict, cs: cri.ContainerStatus, kind: str):
        """Run one probe: (Success | Failure, output); failures are recorded as Unhealthy events."""
        k = self.kubelet
        ip = (pod.get("status") or {}).get("podIP") or k.pod_workers.pod_ip(pod["metadata"]["uid"])
        if spec.get("exec"):
            try:
                r = k.runtime.exec_sync(cs.id, list(spec["exec"].get("command") or []),
                                        int(spec.get("timeoutSeconds") or 1))
                result, output = ("Success" if r.exit_code == 0 else "Failure"), r.stdout + r.stderr
            except cri.CRIError as e:
                result, output = "Failure", str(e)
        elif spec.get("httpGet"):
            h = spec["httpGet"]
            port = self._port(container, h.get("port"))
            host = h.get("host") or ip
            url = f"{h.get('scheme', 'HTTP').lower()}://{host}:{port}{h.get('path', '/')}"
            code = k.runtime.http_get(cs.id, port, h.get("path", "/"))
            if code is None:
                result, output = "Failure", f'Get "{url}": dial tcp {host}:{port}: connect: connection refused'
            elif 200 <= code < 400:
                result, output = "Success", ""
            else:
                result, output = "Failure", f"HTTP probe failed with statuscode: {code}"
        else:
            t = spec.get("tcpSocket") or spec.get("grpc") or {}
            port = self._port(container, t.get("port"))
            host = t.get("host") or ip
            ok = k.runtime.serving(cs.id, port)
            result, output = ("Success", "") if ok else \
                ("Failure", f"dial tcp {host}:{port}: connect: connection refused")
        if result == "Failure":
            k.record(pod, ev.WARNING, ev.CONTAINER_UNHEALTHY, f"{kind.capitalize()} probe failed: {output}",
                     f"spec.containers{{{container['name']}}}")
        return result, output

    @staticmethod
    def _port(container: dict, port) -> int:
        if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
            return int(port)
        for p in container.get("ports") or []:
            if p.get("name") == port:
                return int(p["containerPort"])
        return -1

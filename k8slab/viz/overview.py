"""The cluster overview (nodes, their pods and phases) and the Deployment -> ReplicaSets -> Pods tree.

DeploymentView records a frame each time `record()` (or `refresh()`) is called; stepping the
cluster between calls and then moving the frame slider replays a rolling update ReplicaSet by
ReplicaSet. Both read the API through the cluster's client, as kubectl would.
"""

from __future__ import annotations

import ipywidgets as w

from .base import View, esc, html_table, text_table

REVISION = "deployment.kubernetes.io/revision"


def _ready(pod) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _phase(pod) -> str:
    if pod["metadata"].get("deletionTimestamp"):
        return "Terminating"
    return (pod.get("status") or {}).get("phase") or "Pending"


def _owned_by(obj, owner) -> bool:
    return any(r.get("uid") == owner["metadata"]["uid"] for r in obj["metadata"].get("ownerReferences") or [])


class ClusterOverview(View):
    """Nodes with their conditions, the pods on each and how many are in each phase."""

    def __init__(self, cluster, namespace: str | None = None):
        self.cluster, self.namespace = cluster, namespace
        self.nodes: list[dict] = []
        self.table = w.HTML()
        self.button = w.Button(description="refresh")
        self.button.on_click(lambda _: self.refresh())
        self.widget = w.VBox([self.button, self.table])
        self.refresh()

    def refresh(self) -> None:
        client = self.cluster.client
        nodes = client.list("v1", "Node")["items"]
        pods = client.list("v1", "Pod", self.namespace)["items"]
        by_node: dict[str, list] = {n["metadata"]["name"]: [] for n in nodes}
        by_node["(not scheduled)"] = []
        for p in sorted(pods, key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"])):
            node = (p.get("spec") or {}).get("nodeName") or "(not scheduled)"
            by_node.setdefault(node, []).append(p)
        ready = {n["metadata"]["name"]: next((c["status"] for c in (n.get("status") or {}).get("conditions") or []
                                              if c["type"] == "Ready"), "Unknown") for n in nodes}
        self.nodes = []
        for name in sorted(by_node, key=lambda n: (n == "(not scheduled)", n)):
            if name == "(not scheduled)" and not by_node[name]:
                continue
            phases: dict[str, int] = {}
            for p in by_node[name]:
                phases[_phase(p)] = phases.get(_phase(p), 0) + 1
            self.nodes.append({"node": name, "ready": ready.get(name, "-"), "phases": dict(sorted(phases.items())),
                               "pods": [(p["metadata"]["namespace"], p["metadata"]["name"], _phase(p))
                                        for p in by_node[name]]})
        rows = [[esc(n["node"]), esc(n["ready"]), str(len(n["pods"])), esc(self._phases(n)),
                 "<br>".join(esc(f"{ns}/{name} ({ph})") for ns, name, ph in n["pods"])] for n in self.nodes]
        self.table.value = html_table(["node", "ready", "pods", "phases", "pod list"], rows)

    @staticmethod
    def _phases(n) -> str:
        return ", ".join(f"{k} {v}" for k, v in n["phases"].items()) or "-"

    def text(self) -> str:
        rows = [[n["node"], n["ready"], str(len(n["pods"])), self._phases(n)] for n in self.nodes]
        lines = text_table(["NODE", "READY", "PODS", "PHASES"], rows)
        for n in self.nodes:
            if n["pods"]:
                lines.append(f"{n['node']}:")
                lines += [f"  {ns}/{name}  {ph}" for ns, name, ph in n["pods"]]
        return "\n".join(lines)


class DeploymentView(View):
    """One Deployment, its ReplicaSets (by revision) and their Pods; a slider over recorded frames."""

    def __init__(self, cluster, namespace: str, name: str):
        self.cluster, self.namespace, self.name = cluster, namespace, name
        self.frames: list[dict] = []
        self.slider = w.IntSlider(description="frame", min=0, max=0, value=0)
        self.play = w.Play(min=0, max=0, interval=800)
        w.link((self.play, "value"), (self.slider, "value"))
        self.label = w.HTML()
        self.tree = w.HTML()
        self.widget = w.VBox([w.HBox([self.play, self.slider]), self.label, self.tree])
        self.slider.observe(lambda _: self._quiet or self._draw(), names="value")
        self.record("created view")

    # ---- state --------------------------------------------------------------------------------

    def snapshot(self) -> dict:
        client = self.cluster.client
        d = client.get("apps/v1", "Deployment", self.name, self.namespace)
        rss = [rs for rs in client.list("apps/v1", "ReplicaSet", self.namespace)["items"] if _owned_by(rs, d)]
        pods = client.list("v1", "Pod", self.namespace)["items"]
        rss.sort(key=lambda rs: int((rs["metadata"].get("annotations") or {}).get(REVISION, "0")))
        st = d.get("status") or {}
        snap = {"time": self.cluster.clock.now(), "deployment": self.name, "replicas": d["spec"].get("replicas", 1),
                "updated": st.get("updatedReplicas", 0), "ready": st.get("readyReplicas", 0),
                "available": st.get("availableReplicas", 0), "replicasets": []}
        for rs in rss:
            containers = rs["spec"]["template"]["spec"]["containers"]
            snap["replicasets"].append({
                "name": rs["metadata"]["name"],
                "revision": (rs["metadata"].get("annotations") or {}).get(REVISION, "?"),
                "images": ",".join(c["image"] for c in containers),
                "desired": rs["spec"].get("replicas", 0), "ready": (rs.get("status") or {}).get("readyReplicas", 0),
                "pods": sorted((p["metadata"]["name"], _phase(p), _ready(p), (p.get("spec") or {}).get("nodeName") or "-")
                               for p in pods if _owned_by(p, rs))})
        return snap

    def record(self, label: str = "") -> dict:
        """Add a frame with the current state; the slider jumps to it."""
        return self._add({**self.snapshot(), "label": label})

    def _add(self, frame: dict) -> dict:
        self.frames.append(frame)
        last = len(self.frames) - 1
        self.slider.max = self.play.max = last
        if self.slider.value == last:
            self._draw()
        else:
            self.slider.value = last
        return frame

    def refresh(self) -> None:
        self.record("refresh")

    def follow(self, seconds: float, step: float = 1.0, label: str = "") -> int:
        """Advance the cluster's virtual clock `step` seconds at a time for `seconds`, recording a
        frame whenever the tree changed (a rolling update then replays ReplicaSet by ReplicaSet).
        Returns the number of frames added."""
        added, waited = 0, 0.0
        last = self._shape(self.frames[-1]) if self.frames else None
        while waited < seconds:
            self.cluster.advance(step)
            waited += step
            snap = self.snapshot()
            if self._shape(snap) != last:
                self._add({**snap, "label": label})
                last = self._shape(snap)
                added += 1
        return added

    @staticmethod
    def _shape(frame) -> tuple:
        return tuple((k, str(v)) for k, v in frame.items() if k not in ("time", "label"))

    # ---- rendering ----------------------------------------------------------------------------

    @staticmethod
    def frame_lines(f) -> list[str]:
        head = (f"deployment/{f['deployment']}: replicas {f['replicas']}, updated {f['updated']}, "
                f"ready {f['ready']}, available {f['available']}")
        lines = [head]
        for rs in f["replicasets"]:
            lines.append(f"  replicaset/{rs['name']}  revision {rs['revision']}  image {rs['images']}  "
                         f"desired {rs['desired']}  ready {rs['ready']}")
            for name, phase, ready, node in rs["pods"]:
                lines.append(f"    pod/{name}  {phase}{' ready' if ready else ''}  on {node}")
        return lines

    def _draw(self) -> None:
        f = self.frames[self.slider.value]
        self.label.value = esc(f"frame {self.slider.value} of {len(self.frames) - 1}: t={f['time']:g}s {f['label']}")
        rows = []
        for rs in f["replicasets"]:
            pods = " ".join(f"<span title='{esc(n)}' style='color:{'#080' if r else '#b60'}'>&#9679;</span>"
                            for n, _, r, _ in rs["pods"])
            rows.append([esc(rs["revision"]), esc(rs["name"]), esc(rs["images"]), f"{rs['ready']}/{rs['desired']}", pods])
        self.tree.value = esc(self.frame_lines(f)[0]) + html_table(["rev", "replicaset", "image", "ready", "pods"], rows)

    def text(self) -> str:
        f = self.frames[self.slider.value]
        return "\n".join([f"frame {self.slider.value}/{len(self.frames) - 1} at t={f['time']:g}s: {f['label']}"]
                         + self.frame_lines(f))

    def timeline(self) -> str:
        """One line per frame: time, label and ready/desired per ReplicaSet revision."""
        out = []
        for i, f in enumerate(self.frames):
            per_rs = "  ".join(f"rev{rs['revision']}:{rs['ready']}/{rs['desired']}" for rs in f["replicasets"])
            out.append(f"{i:>3} t={f['time']:<6g} {f['label']:<24} {per_rs}")
        return "\n".join(out)

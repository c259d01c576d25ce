"""`k8slab bench cluster`: a whole cluster converging on one machine, heartbeats on.

A virtual-clock Cluster with N nodes (each a kubelet with the simulated runtime: registration,
Leases every 10 s, status) runs Deployments totalling P pods until every pod is Running.
Reported: wall time for the nodes to come up and for the pods to converge, virtual time, pods
per wall second, API objects and store revision, and peak RSS. Upstream's scalability envelope
is 5,000 nodes and 150,000 pods.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import threading
import time


def deployment(name: str, replicas: int) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.25",
                                                           "resources": {"requests": {"cpu": "10m",
                                                                                      "memory": "16Mi"}}}]}}}}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return rss_mb()


class Progress:
    """Every `every` wall seconds, a line on stderr: pods known and Running, store revision,
    RSS now and at its peak (a long run shows how far it got even if it is stopped)."""

    def __init__(self, every: float, out=None):
        self.every, self.out = every, out
        self.cluster = None
        self.t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            out = self.out or sys.stderr
            out.write(self.line() + "\n")
            out.flush()

    def line(self) -> str:
        c = self.cluster
        pods = running = 0
        if c is not None:
            inf = c.informers.informers.get(("v1", "pods", None))
            objs = list(inf.indexer.items.values()) if inf is not None else []   # one C call: atomic
            pods = len(objs)
            running = sum(1 for p in objs if (p.get("status") or {}).get("phase") == "Running")
        rev = c.store.revision if c is not None else 0
        return (f"[{time.perf_counter() - self.t0:7.0f} s] pods {pods:,} running {running:,} "
                f"revision {rev:,} rss {current_rss_mb():,.0f} MB peak {rss_mb():,.0f} MB")

    def stop(self) -> None:
        """No line after this returns (a line being written is finished first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def run(nodes: int, pods: int, per_deployment: int = 1000, seed: int = 0,
        progress: Progress | None = None) -> dict:
    from ..cluster import Cluster
    t0 = time.perf_counter()
    c = Cluster(nodes=nodes, seed=seed)
    if progress is not None:
        progress.cluster = c
    c.settle()
    up_s = time.perf_counter() - t0
    ready_nodes = sum(1 for n in c.client.list("v1", "nodes")["items"]
                      if any(x["type"] == "Ready" and x["status"] == "True" for x in n["status"].get("conditions", [])))
    t1 = time.perf_counter()
    count = 0
    i = 0
    while count < pods:
        n = min(per_deployment, pods - count)
        c.client.create(deployment(f"app-{i:04d}", n), "default")
        count += n
        i += 1
    informer = c.informers.informer("v1", "pods")
    virtual_start = c.clock.now()
    running = 0
    for _ in range(10_000):
        c.settle()
        running = sum(1 for p in informer.indexer.items.values()
                      if (p.get("status") or {}).get("phase") == "Running")
        if running >= pods:
            break
        c.advance(10)
    converge_s = time.perf_counter() - t1
    return {"nodes": nodes, "ready_nodes": ready_nodes, "pods": pods, "deployments": i,
            "running_pods": running, "nodes_up_seconds": up_s, "converge_seconds": converge_s,
            "pods_per_second": running / converge_s if converge_s else 0,
            "virtual_seconds": c.clock.now() - virtual_start, "store_revision": c.store.revision,
            "peak_rss_mb": rss_mb()}


def render(r: dict) -> str:
    return "\n".join([
        "k8slab bench cluster (virtual clock, heartbeats on)",
        f"  nodes               {r['nodes']:>10,}   ({r['ready_nodes']:,} Ready after {r['nodes_up_seconds']:.1f} s wall)",
        f"  pods                {r['pods']:>10,}   in {r['deployments']} Deployments; {r['running_pods']:,} Running",
        f"  converge            {r['converge_seconds']:>10.1f} s wall ({r['pods_per_second']:.0f} pods/s), "
        f"{r['virtual_seconds']:.0f} s virtual",
        f"  store revision      {r['store_revision']:>10,}",
        f"  peak RSS            {r['peak_rss_mb']:>10,.0f} MB   (goal < 6 GB at 5,000 nodes / 150,000 pods)",
    ])


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="k8slab bench cluster", description=__doc__.split("\n")[0])
    p.add_argument("--nodes", type=int, default=5000)
    p.add_argument("--pods", type=int, default=150_000)
    p.add_argument("--quick", action="store_true", help="20 nodes, 200 pods")
    p.add_argument("--json", action="store_true")
    p.add_argument("--progress", type=float, default=0, metavar="SECONDS",
                   help="print progress on stderr every SECONDS of wall time")
    a = p.parse_args(argv)
    nodes, pods = (20, 200) if a.quick else (a.nodes, a.pods)
    progress = Progress(a.progress) if a.progress > 0 else None
    if progress is not None:
        progress.start()
    r = run(nodes, pods, per_deployment=min(1000, max(10, pods // 20)), progress=progress)
    if progress is not None:
        progress.stop()
    print(json.dumps({"bench": "cluster", "results": r}, indent=2) if a.json else render(r))
    return 0

"""`k8slab bench kubectl`: how fast k8slab's kubectl answers.

1. Cold process: `k8slab kubectl get pods` as a new Python process each time (discovery and
   all), against a running `k8slab up --nodes N` whose default namespace runs a Deployment;
   wall time per run, median and worst of the runs (goal < 0.3 s). As after an install, Python
   may keep byte-code caches and kubectl its kubeconfig cache (~/.kube/cache); the first run,
   which writes them, is reported apart. The installed kubectl is timed the same way, with a
   fresh cache directory each run, for comparison.
2. In-process: `Cluster.kubectl("get pods")` on a namespace of 100 pods (goal < 10 ms), plus
   `-o wide`, `-o name` and `-o yaml` for scale; discovery is cached between calls as it is
   for notebooks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GOAL_COLD_S = 0.3
GOAL_IN_PROCESS_MS = 10.0


def deployment(name: str, replicas: int) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]}}}}


def pod(name: str, ns: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": {"app": "bench"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}


class Up:
    """A `k8slab up` subprocess with its kubeconfig."""

    def __init__(self, nodes: int):
        from ..storage.etcd_process import free_port
        self.dir = tempfile.mkdtemp(prefix="k8slab-bench-kubectl-")
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "k8slab.cli", "up", "--nodes", str(nodes),
                                      "--insecure-port", str(self.port), "--data-dir", self.dir],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if "ready" not in line:
            raise RuntimeError(f"k8slab up failed: {line!r}")
        self.url = f"http://127.0.0.1:{self.port}"
        self.kubeconfig = os.path.join(self.dir, "admin.conf")

    def post(self, path: str, obj: dict) -> None:
        import urllib.request
        req = urllib.request.Request(self.url + path, data=json.dumps(obj).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def _timed(argv: list[str], env: dict) -> tuple[float, str]:
    t = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    return time.perf_counter() - t, p.stdout


def cold(nodes: int, pods: int, runs: int) -> dict:
    up = Up(nodes)
    try:
        up.post("/apis/apps/v1/namespaces/default/deployments", deployment("web", pods))
        # as installed: byte-code caches may be written (pip writes them at install time)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["KUBECONFIG"] = up.kubeconfig
        ours_cmd = [sys.executable, "-m", "k8slab.cli", "kubectl", "get", "pods"]
        first, _ = _timed(ours_cmd, env)      # fills the byte-code and kubeconfig caches, warms the OS
        ours, rows = [], 0
        for _ in range(runs):
            seconds, out = _timed(ours_cmd, env)
            ours.append(seconds)
            rows = max(0, len(out.splitlines()) - 1)
        real = []
        kubectl = shutil.which("kubectl")
        if kubectl:
            for _ in range(runs):
                cache = tempfile.mkdtemp(dir=up.dir)
                real.append(_timed([kubectl, "--cache-dir", cache, "get", "pods"], env)[0])
        startup = [_timed([sys.executable, "-c", "pass"], env)[0] for _ in range(runs)]
        return {"runs": runs, "rows": rows, "first_s": first, "median_s": statistics.median(ours), "max_s": max(ours),
                "min_s": min(ours), "python_startup_s": statistics.median(startup),
                "kubectl_median_s": statistics.median(real) if real else None}
    finally:
        up.stop()


def in_process(pods: int, iterations: int) -> dict:
    from ..cluster import Cluster
    c = Cluster(nodes=0, seed=0)
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bench"}})
    for i in range(pods):
        c.client.create(pod(f"pod-{i:04d}", "bench"), "bench")
    c.settle()
    out = {"pods": pods, "iterations": iterations}
    for label, cmd in (("get", "get pods -n bench"), ("wide", "get pods -n bench -o wide"),
                       ("name", "get pods -n bench -o name"), ("yaml", "get pods -n bench -o yaml")):
        text = c.kubectl(cmd)                                 # warm: discovery cached, code imported
        n = iterations if label != "yaml" else max(1, iterations // 10)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            c.kubectl(cmd)
            times.append(time.perf_counter() - t)
        out[label] = {"median_ms": statistics.median(times) * 1000, "lines": text.count("\n")}
    return out


def render(r: dict) -> str:
    lines = ["k8slab bench kubectl"]
    c = r.get("cold")
    if c:
        lines += [
            f"  cold `k8slab kubectl get pods` ({c['rows']} pods, {c['runs']} runs)",
            f"    median             {c['median_s'] * 1000:>8.0f} ms   (goal < {GOAL_COLD_S * 1000:.0f} ms)",
            f"    min / max          {c['min_s'] * 1000:>8.0f} / {c['max_s'] * 1000:.0f} ms",
            f"    first run          {c.get('first_s', 0) * 1000:>8.0f} ms   (writes byte-code and kubeconfig caches)",
            f"    python -c pass     {c['python_startup_s'] * 1000:>8.0f} ms   (interpreter start-up alone)",
        ]
        if c.get("kubectl_median_s") is not None:
            lines.append(f"    installed kubectl  {c['kubectl_median_s'] * 1000:>8.0f} ms   (fresh cache dir, same server)")
    p = r.get("in_process")
    if p:
        lines.append(f"  in-process Cluster.kubectl, {p['pods']} pods in one namespace")
        for label, cmd in (("get", "get pods"), ("wide", "get pods -o wide"), ("name", "get pods -o name"),
                           ("yaml", "get pods -o yaml")):
            goal = f"   (goal < {GOAL_IN_PROCESS_MS:.0f} ms)" if label == "get" else ""
            lines.append(f"    {cmd:<20}{p[label]['median_ms']:>8.2f} ms median{goal}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="k8slab bench kubectl", description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=10, help="cold process runs")
    p.add_argument("--nodes", type=int, default=2, help="nodes of the `k8slab up` server")
    p.add_argument("--cold-pods", type=int, default=10, help="pods of the Deployment the cold runs list")
    p.add_argument("--pods", type=int, default=100, help="pods in the in-process namespace")
    p.add_argument("--iterations", type=int, default=200)
    p.add_argument("--quick", action="store_true", help="3 cold runs, 50 iterations")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    runs, iterations = (3, 50) if a.quick else (a.runs, a.iterations)
    r = {"cold": cold(a.nodes, a.cold_pods, runs), "in_process": in_process(a.pods, iterations)}
    print(json.dumps({"bench": "kubectl", "results": r}, indent=2) if a.json else render(r))
    return 0

"""`k8slab bench api`: the API server's latency and scale figures.

1. create / get / update latency of single objects (ConfigMaps), p50 and p99, paced at 20 writes/s:
   in-process (the APIServer called directly) and over HTTP (a `k8slab up` process).
2. `kubectl get pods` over 10,000 pods, end to end, with the installed kubectl (warm discovery
   cache) against `k8slab up --api-only --store sqlite:` holding them (the API server alone:
   no scheduler trying to place them).
3. LIST of 100,000 pods through the in-process client: cold (first decode) and warm.
4. watch fan-out: 100 HTTP watchers on one namespace's ConfigMaps; latency from just before each
   write to each watcher's receipt, p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RATE = 20.0                        # writes per second for the latency runs


def pod(name: str, ns: str = "bench") -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns,
                                                             "labels": {"app": "bench"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.25",
                                     "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


def cm(name: str, ns: str = "bench", value: str = "v") -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns},
            "data": {"k": value}}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")


def _paced(n: int, fn) -> list[float]:
    lat = []
    start = time.perf_counter()
    for i in range(n):
        due = start + i / RATE
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        t = time.perf_counter()
        fn(i)
        lat.append(time.perf_counter() - t)
    return lat


def latency_in_process(n: int) -> dict:
    from ..apiserver.bootstrap import bootstrap
    from ..apiserver.handler import APIServer
    from ..client import APIClient, InProcessTransport
    api = APIServer()
    bootstrap(api)
    c = APIClient(InProcessTransport(api))
    c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bench"}})
    out = {}
    out["create"] = _paced(n, lambda i: c.create(cm(f"c{i}")))
    out["get"] = _paced(n, lambda i: c.get("v1", "ConfigMap", f"c{i}", "bench"))
    out["update"] = _paced(n, lambda i: c.update({**c.get("v1", "ConfigMap", f"c{i}", "bench"),
                                                  "data": {"k": "w"}}))
    return {k: {"p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99), "n": len(v)} for k, v in out.items()}


class UpProcess:
    def __init__(self, store: str = "memory", version: str = "1.32"):
        from ..storage.etcd_process import free_port
        self.dir = tempfile.mkdtemp(prefix="k8slab-bench-api-")
        self.port = free_port()
        if store == "sqlite":
            store = f"sqlite:{self.dir}"
        self.proc = subprocess.Popen([sys.executable, "-m", "k8slab.cli", "up", "--api-only",
                                      "--insecure-port", str(self.port), "--data-dir", self.dir,
                                      "--store", store, "--kubernetes-version", version],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if "ready" not in line:
            raise RuntimeError(f"k8slab up failed: {line!r}")
        self.url = f"http://127.0.0.1:{self.port}"
        self.kubeconfig = os.path.join(self.dir, "admin.conf")
        self.version = version

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def latency_http(n: int) -> dict:
    import http.client
    up = UpProcess()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", up.port)

        def call(method, path, body=None):
            conn.request(method, path, json.dumps(body) if body is not None else None,
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            if r.status >= 300:
                raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
            return json.loads(data)

        call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                            "metadata": {"name": "bench"}})
        base = "/api/v1/namespaces/bench/configmaps"
        out = {"create": _paced(n, lambda i: call("POST", base, cm(f"c{i}"))),
               "get": _paced(n, lambda i: call("GET", f"{base}/c{i}"))}

        def update(i):
            obj = call("GET", f"{base}/c{i}")
            obj["data"] = {"k": "w"}
            call("PUT", f"{base}/c{i}", obj)
        out["update"] = _paced(n, update)
        return {k: {"p50_ms": pct(v, 0.5), "p99_ms": pct(v, 0.99), "n": len(v)} for k, v in out.items()}
    finally:
        up.stop()


def populate_pods(store, count: int, ns: str = "bench") -> None:
    """Write `count` pods straight into the store, shaped as the apiserver would have stored them."""
    from ..apiserver.codec import encode
    store.put(f"/registry/namespaces/{ns}", encode({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": ns, "uid": "00000000-0000-4000-8000-000000000000",
                     "creationTimestamp": "2026-01-01T00:00:00Z",
                     "labels": {"kubernetes.io/metadata.name": ns}},
        "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}))
    from ..api.defaults import apply_defaults
    template = pod("x", ns)
    apply_defaults(template)
    template["metadata"]["creationTimestamp"] = "2026-01-01T00:00:00Z"
    template["status"] = {"phase": "Pending", "qosClass": "Burstable"}
    for i in range(count):
        p = json.loads(json.dumps(template))
        p["metadata"]["name"] = f"pod-{i:06d}"
        p["metadata"]["uid"] = f"00000000-0000-4000-8000-{i:012d}"
        store.put(f"/registry/pods/{ns}/pod-{i:06d}", encode(p))


def _server_paging(up, page: int = 500) -> float:
    """Seconds the server takes to answer `kubectl get pods`'s Table pages back to back."""
    import http.client
    accept = ("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
              "g=meta.k8s.io,application/json")
    conn = http.client.HTTPConnection("127.0.0.1", up.port)
    cont, start = "", time.perf_counter()
    while True:
        path = f"/api/v1/namespaces/bench/pods?limit={page}" + (f"&continue={cont}" if cont else "")
        conn.request("GET", path, headers={"Accept": accept})
        cont = json.loads(conn.getresponse().read())["metadata"].get("continue", "")
        if not cont:
            return time.perf_counter() - start


def kubectl_get_pods(count: int) -> dict:
    """End to end with the installed kubectl (gcloud's dispatcher when present), and split into
    the server's share and kubectl's, since kubectl paces its 500-row pages itself
    (client-go's default rate limiter: 5 requests/s after a burst of 10)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return {"skipped": "no kubectl on PATH"}
    from ..storage.sqlite import SqliteStore
    d = tempfile.mkdtemp(prefix="k8slab-bench-pods-")
    s = SqliteStore(d)
    populate_pods(s, count)
    s.close()
    up = UpProcess(store=f"sqlite:{d}")
    try:
        cache = os.path.join(up.dir, "cache")

        def timed(binary, *extra):
            cmd = [binary, "--kubeconfig", up.kubeconfig, "--cache-dir", cache, "-n", "bench", "get",
                   "pods", *extra]
            subprocess.run(cmd, capture_output=True, check=True)          # warm discovery cache
            times, lines = [], 0
            for _ in range(3):
                t = time.perf_counter()
                p = subprocess.run(cmd, capture_output=True, text=True, check=True)
                times.append(time.perf_counter() - t)
                lines = len(p.stdout.splitlines()) - 1
            return statistics.median(times), lines

        out = {"pods": count}
        out["seconds_median"], out["rows"] = timed(kubectl)
        out["seconds_unchunked"], _ = timed(kubectl, "--chunk-size=0")
        direct = shutil.which(f"kubectl.1.{up.version.split('.')[1]}") or \
            (os.path.join(os.path.dirname(os.path.realpath(kubectl)), f"kubectl.1.{up.version.split('.')[1]}"))
        if os.path.exists(direct):
            out["seconds_direct_binary"], _ = timed(direct)
            out["seconds_direct_binary_unchunked"], _ = timed(direct, "--chunk-size=0")
        out["server_seconds_all_pages"] = _server_paging(up)
        return out
    finally:
        up.stop()
        shutil.rmtree(d, ignore_errors=True)


def list_in_process(count: int) -> dict:
    from ..apiserver.handler import APIServer
    from ..client import APIClient, InProcessTransport
    api = APIServer()
    populate_pods(api.store, count)
    c = APIClient(InProcessTransport(api))
    out = {}
    for label in ("cold", "warm"):
        t = time.perf_counter()
        items = c.list("v1", "pods", "bench")["items"]
        out[f"{label}_seconds"] = time.perf_counter() - t
        assert len(items) == count
    out["pods"] = count
    return out


async def _fanout(url: str, watchers: int, events: int) -> list[float]:
    import aiohttp
    sent: dict[str, float] = {}
    lat: list[float] = []
    # no connection cap: 100 long-lived watch streams plus the writer's connection
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        base = f"{url}/api/v1/namespaces/bench/configmaps"
        async with session.post(f"{url}/api/v1/namespaces", json={
                "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bench"}}) as r:
            await r.read()
        async with session.get(base) as r:
            rv = (await r.json())["metadata"]["resourceVersion"]
        ready = asyncio.Event()
        started = 0

        async def watch():
            nonlocal started
            async with session.get(base, params={"watch": "true", "resourceVersion": rv,
                                                 "timeoutSeconds": "120"}) as r:
                started += 1
                if started == watchers:
                    ready.set()
                got = 0
                async for line in r.content:
                    now = time.perf_counter()
                    ev = json.loads(line)
                    lat.append(now - sent[ev["object"]["metadata"]["name"]])
                    got += 1
                    if got == events:
                        return

        tasks = [asyncio.create_task(watch()) for _ in range(watchers)]
        await asyncio.wait_for(ready.wait(), 30)
        await asyncio.sleep(0.5)
        for i in range(events):
            name = f"w{i}"
            sent[name] = time.perf_counter()
            async with session.post(base, json=cm(name)) as r:
                await r.read()
            await asyncio.sleep(1 / RATE)
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
    return lat


def watch_fanout(watchers: int, events: int) -> dict:
    up = UpProcess()
    try:
        lat = asyncio.run(_fanout(up.url, watchers, events))
    finally:
        up.stop()
    return {"watchers": watchers, "events": events, "delivered": len(lat),
            "p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99)}


def render(r: dict) -> str:
    lines = ["k8slab bench api", ""]
    lines.append(f"{'single-object latency (ms)':34}{'p50':>9}{'p99':>9}")
    for transport in ("in_process", "http"):
        for op in ("create", "get", "update"):
            v = r[f"latency_{transport}"][op]
            lines.append(f"  {transport.replace('_', '-') + ' ' + op:32}{v['p50_ms']:9.2f}{v['p99_ms']:9.2f}")
    lines.append(f"  (paced at {RATE:.0f} writes/s, {r['latency_in_process']['create']['n']} of each)")
    lines.append("")
    k = r["kubectl_get_pods"]
    if "skipped" in k:
        lines.append(f"kubectl get pods: skipped ({k['skipped']})")
    else:
        lines.append(f"kubectl get pods over {k['pods']:,} pods (median of 3, end to end; goal < 1 s):")
        lines.append(f"  installed kubectl, default 500-row pages   {k['seconds_median']:6.2f} s")
        lines.append(f"  installed kubectl, --chunk-size=0          {k['seconds_unchunked']:6.2f} s")
        if "seconds_direct_binary" in k:
            lines.append(f"  kubectl binary without the dispatcher      {k['seconds_direct_binary']:6.2f} s")
            lines.append(f"  same, --chunk-size=0                       {k['seconds_direct_binary_unchunked']:6.2f} s")
        lines.append(f"  server's share: all {-(-k['pods'] // 500)} pages back to back  {k['server_seconds_all_pages']:6.2f} s"
                     "  (kubectl waits between pages: client-side throttling, 5 qps after 10)")
    li = r["list_in_process"]
    lines.append(f"in-process LIST of {li['pods']:,} pods: cold {li['cold_seconds']:.2f} s, "
                 f"warm {li['warm_seconds']:.2f} s (goal < 2 s)")
    w = r["watch_fanout"]
    lines.append(f"watch fan-out over HTTP: {w['watchers']} watchers x {w['events']} events, "
                 f"{w['delivered']:,} delivered; p50 {w['p50_ms']:.1f} ms, p99 {w['p99_ms']:.1f} ms "
                 f"(goal p99 < 50 ms)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="k8slab bench api", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="small sizes, for smoke tests")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    n = 20 if a.quick else 200
    r = {"latency_in_process": latency_in_process(n), "latency_http": latency_http(n),
         "kubectl_get_pods": kubectl_get_pods(200 if a.quick else 10_000),
         "list_in_process": list_in_process(2_000 if a.quick else 100_000),
         "watch_fanout": watch_fanout(10 if a.quick else 100, 10 if a.quick else 100)}
    print(json.dumps({"bench": "api", "results": r}, indent=2) if a.json else render(r))
    return 0

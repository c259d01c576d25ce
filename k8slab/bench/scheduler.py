"""`k8slab bench scheduler`: scheduling throughput of the default plugins, traces on.

For each cluster size, fake Nodes are created through the API (allocatable cpu 32, memory 128Gi,
pods 110, Ready) and then the pending Pods (100m cpu, 256Mi each); once the informers have
queued them all, the scheduler drains its queue and we measure:

- cycle pods/s: the scheduling algorithm alone (PreFilter, Filter over percentageOfNodesToScore,
  Score, select host) -- what upstream's scheduler_perf calls the scheduling throughput;
- e2e pods/s: the whole loop per pod: the cycle, assume, the POST to pods/binding through the
  in-process API and the `Scheduled` Event;
- then the watch events of all those bindings are delivered back (settle), reported separately.

Both are given per wall-clock second and per CPU second of the process (the latter does not
depend on what else the machine is running).

Upstream's Go CI floor for SchedulingBasic at 5,000 nodes is about 680 pods/s (scheduler_perf);
k8slab's goal is >= 300 pods/s at 5,000 nodes with traces on.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time

GOAL_PODS_PER_S = 300


def fake_node(i: int) -> dict:
    name = f"node-{i}"
    res = {"cpu": "32", "memory": "128Gi", "pods": "110"}
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}},
            "status": {"capacity": dict(res), "allocatable": dict(res),
                       "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}]}}


def pending_pod(i: int, ns: str = "bench") -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"pod-{i}", "namespace": ns},
            "spec": {"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10",
                                     "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}}}]}}


def run(nodes: int, pods: int, traces: bool = True, seed: int = 0) -> dict:
    from ..cluster import Cluster
    from ..scheduler import Scheduler
    from ..scheduler import scheduler as scheduler_module

    c = Cluster(nodes=0, seed=seed, start=False)
    sched = Scheduler(traces=traces)
    c.add_component(sched)
    c.start()
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bench"}})
    # the account the serviceaccount controller would make (only the scheduler runs here); the
    # ServiceAccount admission plugin refuses a pod without it
    c.client.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}}, "bench")
    t = time.perf_counter()
    for i in range(nodes):
        c.client.create(fake_node(i))
    for i in range(pods):
        c.client.create(pending_pod(i))
    setup_s = time.perf_counter() - t
    c.informers.pump()                                 # nodes into the cache, pods into the queue
    assert sched.cache.num_nodes() == nodes and len(sched.queue) == pods, (sched.cache, sched.queue)

    cycle = [0.0, 0.0]                                 # wall seconds, CPU seconds
    original = scheduler_module.schedule_pod

    def timed(*args):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return original(*args)
        finally:
            cycle[0] += time.perf_counter() - t0
            cycle[1] += time.process_time() - c0

    scheduler_module.schedule_pod = timed
    gc_was = gc.isenabled()
    gc.disable()
    try:
        t, cpu = time.perf_counter(), time.process_time()
        done = sched.process()
        e2e_s, e2e_cpu = time.perf_counter() - t, time.process_time() - cpu
    finally:
        scheduler_module.schedule_pod = original
        if gc_was:
            gc.enable()
    t = time.perf_counter()
    c.settle()                                         # the bindings come back through the watch
    settle_s = time.perf_counter() - t
    bound = sum(1 for ni in sched.cache.node_list() for _ in ni.pods.values())
    return {"nodes": nodes, "pods": pods, "scheduled": sched.scheduled, "bound": bound, "attempts": done,
            "traces": traces, "traced_pods": len(sched.traces) if sched.traces else 0,
            "cycle_pods_per_s": done / cycle[0] if cycle[0] else 0.0,
            "cycle_cpu_pods_per_s": done / cycle[1] if cycle[1] else 0.0,
            "e2e_pods_per_s": done / e2e_s if e2e_s else 0.0,
            "e2e_cpu_pods_per_s": done / e2e_cpu if e2e_cpu else 0.0,
            "cycle_ms_per_pod": 1000 * cycle[0] / done if done else 0.0,
            "setup_s": setup_s, "settle_s": settle_s}


def render(results: list[dict]) -> str:
    head = ("nodes", "pods", "traces", "cycle pods/s", "(cpu)", "e2e pods/s", "(cpu)", "ms/pod (cycle)", "bound",
            "setup s")
    rows = [head]
    for r in results:
        rows.append((f"{r['nodes']:,}", f"{r['pods']:,}", "on" if r["traces"] else "off",
                     f"{r['cycle_pods_per_s']:,.0f}", f"{r.get('cycle_cpu_pods_per_s', 0):,.0f}",
                     f"{r['e2e_pods_per_s']:,.0f}", f"{r.get('e2e_cpu_pods_per_s', 0):,.0f}",
                     f"{r['cycle_ms_per_pod']:.2f}", f"{r['bound']:,}", f"{r['setup_s']:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    lines.append("(cpu): the same per CPU second of this process, steadier on a busy machine")
    lines.append(f"goal: >= {GOAL_PODS_PER_S} pods/s (cycle) at 5,000 nodes with traces on; "
                 "upstream's Go CI floor is about 680 pods/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="k8slab bench scheduler", description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", default="1000,5000", help="comma-separated cluster sizes")
    ap.add_argument("--pods", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="small sizes (100 and 500 nodes, 300 pods)")
    ap.add_argument("--no-traces", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(n) for n in args.nodes.split(",") if n]
    pods = args.pods
    if args.quick:
        sizes, pods = [100, 500], 300
    results = [run(n, pods, traces=not args.no_traces, seed=args.seed) for n in sizes]
    if args.json:
        print(json.dumps({"bench": "scheduler", "results": results}, indent=2))
    else:
        print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

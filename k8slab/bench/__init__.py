"""`k8slab bench NAME`: benchmarks that print a table (and the same figures as JSON with --json).

Performance goals are measured here, never by timed assertions in tests.
"""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "store": ("k8slab.bench.store", "storage backends side by side, with a real etcd as yardstick"),
    "cluster": ("k8slab.bench.cluster", "a whole cluster converging: nodes, pods, wall time, peak RSS"),
    "api": ("k8slab.bench.api", "apiserver latency, kubectl get over 10k pods, 100k-pod LIST, watch fan-out"),
    "scheduler": ("k8slab.bench.scheduler", "scheduling throughput, default plugins, 1k and 5k nodes, traces on"),
    "kubectl": ("k8slab.bench.kubectl", "k8slab kubectl: cold `get pods` process, in-process Cluster.kubectl on 100 pods"),
    "authz": ("k8slab.bench.authz", "authorization decisions/s with 1,000 RoleBindings, pipeline overhead"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in BENCHES:
        print("usage: k8slab bench NAME [--json] [options]\n\nbenchmarks:")
        for name, (_, summary) in BENCHES.items():
            print(f"  {name:10} {summary}")
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    from ..sim import gc as gc_settings
    gc_settings.tune()          # the benches run as `k8slab up` does (k8slab/sim/gc.py)
    return importlib.import_module(BENCHES[argv[0]][0]).main(argv[1:])

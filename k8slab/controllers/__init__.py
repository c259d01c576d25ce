"""Controllers: one package per control loop, and the controller-manager that runs a chosen set.

- `manager.py`    kube-controller-manager: the `--controllers` flag, the registry, /healthz, /metrics
- `base.py`       the loop every controller shares (queue -> sync -> retry) and its helpers:
  `expectations.py`, `ref_manager.py` (owner references, adoption), `pod_util.py` (readiness,
  deletion ranking, PodControl), `hashing.py` (pod-template-hash, ControllerRevisions)
- `replicaset/`, `deployment/`, `daemonset/`, `statefulset/`: the workload controllers
"""

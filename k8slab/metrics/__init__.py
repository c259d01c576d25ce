"""Prometheus exposition shared by the components.

  histogram.py   fixed-bucket histograms cheap enough for hot paths, exposed through prometheus-client
  workqueue.py   client-go's workqueue metrics (depth, adds, durations, retries), per queue

The components' own metrics live with them: `k8slab.scheduler.metrics` (scheduler_*),
`k8slab.apiserver.metrics` (apiserver_*); `ControllerManager.metrics()` serves the workqueue ones.
"""

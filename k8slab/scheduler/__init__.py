"""kube-scheduler: places each pending pod on a node, and keeps a trace of why.

    from k8slab.scheduler import Scheduler
    s = Scheduler()                      # the component a Cluster runs ("scheduler")
    s.traces.for_pod("default", "web")   # every attempt: per node and plugin, filter verdicts and scores

Modules, each following its upstream file (pkg/scheduler/...):
  queue.py          scheduling queue: activeQ (PrioritySort), backoffQ, unschedulable pods, nominator
  cache.py          NodeInfo per node, assumed pods, image states, node tree order
  nodeinfo.py       PodInfo / NodeInfo records the hot loop reads
  framework.py      Status codes, CycleState, extension points, Diagnosis and FitError
  schedule_one.py   the algorithm: filter, percentageOfNodesToScore, score, select host
  scheduler.py      the component: scheduling and binding cycles, failure handling, preemption calls
  eventhandlers.py  informer handlers feeding queue and cache
  traces.py         per-attempt explanations (Attempt, TraceStore)
  metrics.py        the scheduler_* Prometheus metrics, counted where schedule_one.go counts them
  endpoints.py      what /healthz, /livez, /readyz, /metrics, /configz and the traces endpoint serve
  compat.py         the book profile's v1.11 predicate/priority names and round-robin tie-break
  plugins/          one module per plugin, with upstream names, weights and reasons
"""

from .scheduler import Scheduler

__all__ = ["Scheduler"]

"""/metrics: the apiserver's Prometheus exposition.

Follows the names of `staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go`
(apiserver_request_total{verb,group,version,resource,subresource,scope,component,code}) and
`apiserver_storage_objects{resource}` from the storage layer.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class APIServerMetrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter("apiserver_request", "Counter of apiserver requests broken out for "
                                "each verb, dry run value, group, version, resource, scope, "
                                "component, and HTTP response code.",
                                ["verb", "group", "version", "resource", "subresource", "scope",
                                 "component", "code"], registry=self.registry)
        self.objects = Gauge("apiserver_storage_objects", "Number of stored objects at the time of "
                             "last check split by kind.", ["resource"], registry=self.registry)


def render(server) -> bytes:
    m = getattr(server, "metrics", None)
    if m is None:
        m = server.metrics = APIServerMetrics()
    for res in server.table:
        if res.stored and not res.canonical:
            count = server.store.get_prefix(res.prefix().encode(), count_only=True).count
            m.objects.labels(f"{res.plural}.{res.group}" if res.group else res.plural).set(count)
    return generate_latest(m.registry)

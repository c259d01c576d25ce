"""/healthz, /livez, /readyz, /version and /metrics answer as kube-apiserver's do."""

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.apiserver.request import Request
from k8slab.sim.clock import VirtualClock


def get(api, path, accept=""):
    return api.handle(Request.from_url("GET", path, accept=accept, in_process=True))


def test_health_version_metrics():
    api = APIServer(clock=VirtualClock(), version=("1", "31", "v1.31.0-k8slab"))
    bootstrap(api)
    for path in ("/healthz", "/livez", "/readyz"):
        r = get(api, path)
        assert (r.status, r.body) == (200, "ok")
    v = get(api, "/version").body
    assert (v["major"], v["minor"], v["gitVersion"]) == ("1", "31", "v1.31.0-k8slab")
    text = get(api, "/metrics").body.decode()
    assert 'apiserver_storage_objects{resource="namespaces"} 4.0' in text
    assert 'apiserver_storage_objects{resource="services"} 1.0' in text
    assert get(api, "/nonsense").status == 404
    assert get(api, "/openapi/v2", accept="application/json").status == 200

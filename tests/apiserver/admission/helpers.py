"""Small builders for the admission tests: an APIServer on a virtual clock with chosen plugins."""

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.sim.clock import VirtualClock

ADMIN = {"username": "system:admin", "groups": ["system:masters", "system:authenticated"]}


def server(enable=None, disable=None, plugins=None) -> APIServer:
    api = APIServer(clock=VirtualClock(), enable_admission_plugins=enable,
                    disable_admission_plugins=disable, admission_plugins=plugins)
    bootstrap(api)
    return api


def create(api, plural, obj, ns="default", group="", version="v1", user=ADMIN, **kw):
    return api.registry.create(api.lookup(group, version, plural), ns, obj, user=user, **kw)


def pod(name="p", **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}

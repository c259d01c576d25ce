"""Small builders for the admission tests: an APIServer on a virtual clock with chosen plugins."""

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.sim.clock import VirtualClock

ADMIN = {"username": "system:admin", "groups": ["system:masters", "system:authenticated"]}


def server(enable=None, disable=None, plugins=None, accounts=("default",)) -> APIServer:
    """`accounts`: the namespaces given the `default` ServiceAccount at once (see below)."""
    api = APIServer(clock=VirtualClock(), enable_admission_plugins=enable,
                    disable_admission_plugins=disable, admission_plugins=plugins)
    bootstrap(api)
    for ns in accounts:
        default_service_account(api, ns)
    return api


def default_service_account(api: APIServer, ns: str = "default") -> None:
    """The `default` ServiceAccount the serviceaccount controller would have made in `ns` (this
    bare server runs no controller); the ServiceAccount plugin refuses a pod without it."""
    create(api, "serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                    "metadata": {"name": "default"}}, ns=ns)


def create(api, plural, obj, ns="default", group="", version="v1", user=ADMIN, **kw):
    return api.registry.create(api.lookup(group, version, plural), ns, obj, user=user, **kw)


def pod(name="p", **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}

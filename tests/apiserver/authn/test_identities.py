"""Cluster(component_identities=True), the default: the controller-manager's controllers, the scheduler and
the kubelets write as their own users, and under Node,RBAC the control loop still works."""

from k8slab import Cluster
from k8slab.apiserver.authn.identities import component_user, controller_user

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: redis}
spec:
  replicas: 2
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec: {containers: [{name: redis, image: "redis:alpine"}]}
"""


def _recording(c: Cluster) -> list:
    seen = []
    handle = c.api.handle

    def record(req):
        resp = handle(req)
        if req.method != "GET" and req.user is not None:
            seen.append((req.user["username"], req.method, req.path, resp.status))
        return resp
    c.api.handle = record
    return seen


def _writers(seen, method, suffix):
    return {user for user, m, path, _ in seen if m == method and path.endswith(suffix)}


def test_components_write_as_themselves_and_rbac_lets_them_work():
    c = Cluster(nodes=2, seed=0, component_identities=True)
    seen = _recording(c)
    c.apply(DEPLOYMENT)
    pods = c.client.list("v1", "Pod", "default")["items"]
    assert len(pods) == 2 and all(p["status"]["phase"] == "Running" for p in pods)
    assert _writers(seen, "POST", "/binding") == {"system:kube-scheduler"}
    assert _writers(seen, "POST", "/replicasets") == {"system:serviceaccount:kube-system:deployment-controller"}
    assert _writers(seen, "POST", "/pods") == {"system:serviceaccount:kube-system:replicaset-controller"}
    status_writers = {u for u, m, path, _ in seen if "/pods/" in path and path.endswith("/status")}
    assert status_writers <= {"system:node:node1", "system:node:node2"} and status_writers
    assert not [s for s in seen if s[3] == 403], [s for s in seen if s[3] == 403]
    assert not c.api.authz.last_denials


def test_on_by_default_as_upstream():
    c = Cluster(nodes=1, seed=0)
    seen = _recording(c)
    c.apply(DEPLOYMENT)
    assert "system:kube-scheduler" in {user for user, *_ in seen}


def test_turned_off_everything_is_the_admin():
    c = Cluster(nodes=1, seed=0, component_identities=False)
    seen = _recording(c)
    c.apply(DEPLOYMENT)
    assert {user for user, *_ in seen} == {"system:admin"}


def test_identity_table():
    class K:
        name = "kubelet/node7"
    assert component_user(K()) == {"username": "system:node:node7",
                                   "groups": ["system:nodes", "system:authenticated"]}
    assert controller_user("garbage-collector-controller")["username"] == \
        "system:serviceaccount:kube-system:generic-garbage-collector"
    assert controller_user("serviceaccount-token-controller")["username"] == "system:kube-controller-manager"
    assert controller_user("job-controller", use_service_account_credentials=False)["username"] == \
        "system:kube-controller-manager"

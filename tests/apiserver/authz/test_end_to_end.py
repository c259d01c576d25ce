"""In process, the booklet's chapter 8 lesson: a user limited to one namespace is refused, a Role
and RoleBinding are applied, the same requests are allowed, and the decision log says why."""

from k8slab import Cluster

from .helpers import call, user

ROLE_AND_BINDING = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: work
rules:
- apiGroups: ["", "apps"]
  resources: ["pods", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: backend-deploys
  namespace: work
subjects:
- kind: Group
  name: dev
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: deployer
  apiGroup: rbac.authorization.k8s.io
"""

DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
              "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                                    "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}}
BACKEND = user("backend", "dev")                 # as `openssl req -subj "/CN=backend/O=dev"` names it


def test_a_user_limited_to_one_namespace():
    c = Cluster(nodes=1, seed=3)
    c.client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    deployments = "/apis/apps/v1/namespaces/work/deployments"

    refused = call(c.api, "POST", deployments, DEPLOYMENT, as_user=BACKEND)
    assert refused.status == 403
    assert refused.body["message"] == ('deployments.apps is forbidden: User "backend" cannot create resource '
                                       '"deployments" in API group "apps" in the namespace "work"')
    assert "RBAC: NoOpinion" in c.api.authz.last_denials[-1].explain()

    c.apply(ROLE_AND_BINDING)
    created = call(c.api, "POST", deployments, DEPLOYMENT, as_user=BACKEND)
    assert created.status == 201, created.body
    d = c.api.authz.last_decisions[-1]
    assert d.binding == 'RoleBinding "backend-deploys/work" of Role "deployer" to Group "dev"'
    c.settle()

    pods = call(c.api, "GET", "/api/v1/namespaces/work/pods", as_user=BACKEND)
    assert pods.status == 200 and len(pods.body["items"]) == 2
    assert {p["status"]["phase"] for p in pods.body["items"]} == {"Running"}
    # the controllers that made the pods were the admin's (system:masters): no RBAC consulted
    assert any(x.authorizer == "PrivilegedGroups" for x in c.api.authz.last_decisions)

    elsewhere = call(c.api, "GET", "/api/v1/namespaces/default/pods", as_user=BACKEND)
    assert elsewhere.status == 403
    services = call(c.api, "GET", "/api/v1/namespaces/work/services", as_user=BACKEND)
    assert services.status == 403
    assert call(c.api, "DELETE", "/api/v1/namespaces/work", as_user=BACKEND).status == 403

    # the binding removed, the same request is refused again
    c.client.delete("rbac.authorization.k8s.io/v1", "RoleBinding", "backend-deploys", "work")
    assert call(c.api, "GET", "/api/v1/namespaces/work/pods", as_user=BACKEND).status == 403


def test_cluster_passes_the_mode_through():
    c = Cluster(nodes=0, authorization_mode="AlwaysDeny")
    assert c.api.authz.modes == ["AlwaysDeny"]
    assert call(c.api, "GET", "/api/v1/namespaces/default/pods", as_user=BACKEND).body["message"].endswith(
        ": Everything is forbidden.")
    assert c.client.list("v1", "pods", "default")["items"] == []          # the admin still may

"""SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview."""

import pytest

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport

from .helpers import binding, call, role, rule, subject_user, user

AZ = "authorization.k8s.io"
BACKEND = user("backend", "dev")


@pytest.fixture(scope="module")
def api():
    api = APIServer()
    bootstrap(api)
    admin = APIClient(InProcessTransport(api))
    admin.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "work"}})
    admin.create(role("pod-reader", "work", rule(["get", "list", "watch"], [""], ["pods"])))
    admin.create(binding("read-pods", "work", "Role", "pod-reader", subject_user("backend")))
    return api


def review(kind, spec, ns=None, metadata=None):
    return {"apiVersion": f"{AZ}/v1", "kind": kind, "metadata": metadata or {}, "spec": spec}


def ssar(api, spec, as_user=BACKEND):
    return call(api, "POST", f"/apis/{AZ}/v1/selfsubjectaccessreviews",
                review("SelfSubjectAccessReview", spec), as_user=as_user)


def test_self_subject_access_review_yes_and_no(api):
    resp = ssar(api, {"resourceAttributes": {"namespace": "work", "verb": "list", "resource": "pods"}})
    assert resp.status == 201
    assert resp.body["status"] == {"allowed": True, "reason": 'RBAC: allowed by RoleBinding "read-pods/work" of '
                                                              'Role "pod-reader" to User "backend"'}
    assert resp.body["spec"] == {"resourceAttributes": {"namespace": "work", "verb": "list", "resource": "pods"}}
    resp = ssar(api, {"resourceAttributes": {"namespace": "work", "verb": "delete", "resource": "pods"}})
    assert resp.body["status"] == {"allowed": False}


def test_the_admin_is_allowed_without_a_reason(api):
    resp = ssar(api, {"resourceAttributes": {"verb": "*", "group": "*", "resource": "*"}}, as_user=None)
    assert resp.body["status"] == {"allowed": True}


def test_non_resource_review(api):
    resp = ssar(api, {"nonResourceAttributes": {"path": "/healthz", "verb": "get"}})
    assert resp.body["status"]["allowed"] is True
    resp = ssar(api, {"nonResourceAttributes": {"path": "/metrics", "verb": "get"}})
    assert resp.body["status"]["allowed"] is False


def test_self_review_validation(api):
    resp = ssar(api, {})
    assert resp.status == 422
    assert resp.body["message"] == ('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: '
                                    'spec.resourceAttributes: Invalid value: "null": exactly one of '
                                    'nonResourceAttributes or resourceAttributes must be specified')
    resp = ssar(api, {"resourceAttributes": {"verb": "get"}, "nonResourceAttributes": {"path": "/x", "verb": "get"}})
    assert resp.body["message"].endswith('spec.nonResourceAttributes: Invalid value: &NonResourceAttributes{Path:/x,'
                                         'Verb:get,}: cannot be specified in combination with resourceAttributes')


def test_subject_access_review_asks_about_someone_else(api):
    body = review("SubjectAccessReview", {"user": "backend", "groups": ["dev"],
                                          "resourceAttributes": {"namespace": "work", "verb": "get", "resource": "pods"}})
    resp = call(api, "POST", f"/apis/{AZ}/v1/subjectaccessreviews", body)
    assert resp.status == 201 and resp.body["status"]["allowed"] is True
    # backend itself may not ask about others
    resp = call(api, "POST", f"/apis/{AZ}/v1/subjectaccessreviews", body, as_user=BACKEND)
    assert resp.status == 403
    resp = call(api, "POST", f"/apis/{AZ}/v1/subjectaccessreviews",
                review("SubjectAccessReview", {"resourceAttributes": {"verb": "get", "resource": "pods"}}))
    assert resp.status == 422
    assert resp.body["message"] == ('SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid '
                                    'value: "": at least one of user or group must be specified')


def test_local_subject_access_review_stays_in_its_namespace(api):
    path = f"/apis/{AZ}/v1/namespaces/work/localsubjectaccessreviews"
    spec = {"user": "backend", "resourceAttributes": {"namespace": "work", "verb": "watch", "resource": "pods"}}
    resp = call(api, "POST", path, review("LocalSubjectAccessReview", spec))
    assert resp.status == 201 and resp.body["status"]["allowed"] is True
    assert resp.body["metadata"]["namespace"] == "work"
    spec = {"user": "backend", "resourceAttributes": {"namespace": "other", "verb": "watch", "resource": "pods"}}
    resp = call(api, "POST", path, review("LocalSubjectAccessReview", spec))
    assert resp.status == 422
    assert resp.body["message"] == ('LocalSubjectAccessReview.authorization.k8s.io "" is invalid: '
                                    'spec.resourceAttributes.namespace: Invalid value: "other": must match '
                                    'metadata.namespace')


def test_self_subject_rules_review(api):
    body = {"apiVersion": f"{AZ}/v1", "kind": "SelfSubjectRulesReview", "spec": {"namespace": "work"}}
    resp = call(api, "POST", f"/apis/{AZ}/v1/selfsubjectrulesreviews", body, as_user=BACKEND)
    assert resp.status == 201
    out = resp.body
    assert out["metadata"] == {"creationTimestamp": None} and out["spec"] == {}
    assert {"verbs": ["get", "list", "watch"], "apiGroups": [""], "resources": ["pods"]} in out["status"]["resourceRules"]
    assert {"verbs": ["create"], "apiGroups": [AZ], "resources": ["selfsubjectaccessreviews",
                                                                  "selfsubjectrulesreviews"]} in out["status"]["resourceRules"]
    assert out["status"]["nonResourceRules"][0]["nonResourceURLs"][0] == "/api"
    assert out["status"]["incomplete"] is False
    resp = call(api, "POST", f"/apis/{AZ}/v1/selfsubjectrulesreviews", {**body, "spec": {}}, as_user=BACKEND)
    assert resp.status == 400 and resp.body["message"] == "no namespace on request"


def test_rules_review_of_a_node_is_incomplete(api):
    node = {"username": "system:node:n1", "groups": ["system:nodes", "system:authenticated"]}
    body = {"apiVersion": f"{AZ}/v1", "kind": "SelfSubjectRulesReview", "spec": {"namespace": "work"}}
    status = call(api, "POST", f"/apis/{AZ}/v1/selfsubjectrulesreviews", body, as_user=node).body["status"]
    assert status["incomplete"] is True
    assert status["evaluationError"] == "node authorizer does not support user rule resolution"

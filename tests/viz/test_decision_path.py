"""DecisionPath, headless: the stages of recorded and asked decisions, the deciding rule marked,
the 403 the client got, the dropdown and the ask form."""

from k8slab.client import APIClient, InProcessTransport
from k8slab.viz import DecisionPath

from .test_rbac import cluster  # noqa: F401  (the module's fixture: namespace work, backend's Role)


def test_decision_path_of_a_token_request_that_was_refused(cluster):
    client = APIClient(InProcessTransport(cluster.api, headers={"Authorization": "Bearer t-backend"}))
    r = client.raw("GET", "/api/v1/namespaces/work/secrets")
    assert r.status == 403
    p = DecisionPath(cluster, user="backend")
    d = p.decision
    assert d.authentication.authenticator == "tokenfile" and not d.allowed
    lines = p.text().splitlines()
    assert lines[0] == "backend (groups=['system:authenticated']) list secrets in namespace work: NoOpinion"
    assert lines[1:4] == ["1. authentication",
                          "     tokenfile: a bearer token from --token-auth-file",
                          "     -> user 'backend', groups ['system:authenticated']"]
    assert "2. authorizer PrivilegedGroups" in lines and "3. authorizer Node" in lines
    assert '       RoleBinding "backend-rolebinding/work" of Role "backend-role" to User "backend"' in lines
    assert lines[-2] == "     403 Forbidden: " + r.body["message"]
    assert lines[-1] == "     kubectl auth can-i answers: no"
    assert "border-left:4px solid #c62828" in p.path.value


def test_decision_path_of_an_allowed_request_highlights_the_rule(cluster):
    client = APIClient(InProcessTransport(cluster.api, headers={"Authorization": "Bearer t-backend"}))
    assert client.raw("GET", "/apis/apps/v1/namespaces/work/deployments/web").status == 404   # allowed, absent
    p = DecisionPath(cluster, user="backend")
    assert p.decision.allowed and p.decision.authorizer == "RBAC"
    text = p.text()
    assert "     Allow by RoleBinding \"backend-rolebinding/work\" of Role \"backend-role\" to User \"backend\"" in text
    assert "6. rules of Role backend-role in work" in text
    assert "        rule 1: verbs=[get list watch] apiGroups=[''] resources=[pods]" in text
    assert "     >> rule 2: verbs=[get] apiGroups=[apps] resources=[deployments]" in text
    assert "font-weight:bold;white-space:pre'>&gt;&gt; rule 2" in p.path.value
    assert text.endswith("allowed: on to admission and the registry")


def test_decision_path_widgets_pick_and_ask(cluster):
    cluster.kubectl("get pods -n work --as=backend")                 # impersonated by the in-process admin
    p = DecisionPath(cluster, user="backend")
    box, recent, label, form, path = p.widget.children
    assert box.children == (p.user_box,) and recent is p.recent_box and path is p.path
    assert "impersonation: 'system:admin' acts as 'backend'" in p.text()
    assert p.recent_box.value == len(p.recent) - 1
    p.recent_box.value = 0                                           # pick the oldest kept
    assert p.decision is p.recent[0]
    p.ask_user.value, p.ask_groups.value = "carol", "dev"
    p.ask_verb.value, p.ask_resource.value, p.ask_namespace.value = "list", "pods", "other"
    p.ask_button.click()
    assert p.decision.allowed and p.recent_box.value is None
    assert 'ClusterRoleBinding "dev-view" of ClusterRole "view" to Group "dev"' in p.text()
    assert "no request was authenticated" in p.text()
    d = p.ask("carol", (), "delete", "pods", "other")
    assert not d.allowed and "bindings that name this user, none with a matching rule:" in p.text()
    p.user_box.value = "nobody-at-all"                               # filter: no decisions
    assert p.recent == [] and p.text() == "no decision recorded yet"

import asyncio

import pytest

from k8slab.apiserver import errors as E
from k8slab.apiserver.request import Request

from .helpers import ADMIN, create, default_service_account, pod, server
from .webhook_server import WebhookServer, allow, deny, patch

ADM = "admissionregistration.k8s.io"


def config(kind, name, hooks):
    return {"apiVersion": f"{ADM}/v1", "kind": kind, "metadata": {"name": name}, "webhooks": hooks}


def hook(name, client_config, **fields):
    return {"name": name, "clientConfig": client_config, "sideEffects": "None",
            "admissionReviewVersions": ["v1"],
            "rules": [{"operations": ["CREATE", "UPDATE"], "apiGroups": [""], "apiVersions": ["v1"],
                       "resources": ["pods"]}], **fields}


@pytest.fixture
def hooks():
    async def slow(req):
        await asyncio.sleep(3)
        return allow(req)

    srv = WebhookServer({
        "/allow": lambda r: allow(r, warnings=["pods here are watched"]),
        "/deny": lambda r: deny(r, f'no pods named {r["name"]}') if r["name"].startswith("bad") else allow(r),
        "/deny-no-code": lambda r: {**deny(r, "nope"), "response": {"uid": r["uid"], "allowed": False}},
        "/mutate": lambda r: patch(r, [{"op": "add", "path": "/metadata/labels", "value": {"mutated": "yes"}}]),
        "/slow": slow,
    })
    yield srv
    srv.stop()


def _api_with(srv, kind, *webhooks):
    api = server()
    plural = "validatingwebhookconfigurations" if kind.startswith("Validating") else "mutatingwebhookconfigurations"
    create(api, plural, config(kind, "cfg", list(webhooks)), ns=None, group=ADM)
    return api


def test_configurations_are_defaulted_and_validated():
    api = server()
    out = create(api, "validatingwebhookconfigurations", config("ValidatingWebhookConfiguration", "c", [
        hook("a.example.com", {"url": "https://127.0.0.1:1/x"})]), ns=None, group=ADM)
    h = out["webhooks"][0]
    assert (h["failurePolicy"], h["matchPolicy"], h["timeoutSeconds"], h["rules"][0]["scope"],
            h["namespaceSelector"]) == ("Fail", "Equivalent", 10, "*", {})
    with pytest.raises(E.APIError) as e:
        create(api, "validatingwebhookconfigurations", config("ValidatingWebhookConfiguration", "d", [
            {**hook("short", {"url": "http://x/"}), "sideEffects": None}]), ns=None, group=ADM)
    assert e.value.code == 422
    assert e.value.message == (
        'ValidatingWebhookConfiguration.admissionregistration.k8s.io "d" is invalid: [webhooks[0].name: Invalid '
        'value: "short": should be a domain with at least three segments separated by dots, '
        'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun, '
        'webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme]')


def test_allow_passes_and_the_warning_reaches_the_response(hooks):
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("allow.example.com", {"url": hooks.url("/allow"), "caBundle": hooks.ca_bundle}))
    body = b'{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"x"}]}}'
    resp = api.handle(Request("POST", "/api/v1/namespaces/default/pods", body=body,
                              content_type="application/json", user=ADMIN))
    assert resp.status == 201
    assert resp.headers["Warning"] == '299 - "pods here are watched"'
    path, review = hooks.requests[-1]
    assert path == "/allow?timeout=10s"
    req = review["request"]
    assert review["apiVersion"] == "admission.k8s.io/v1" and review["kind"] == "AdmissionReview"
    assert (req["kind"], req["resource"], req["operation"], req["namespace"], req["name"]) == (
        {"group": "", "version": "v1", "kind": "Pod"}, {"group": "", "version": "v1", "resource": "pods"},
        "CREATE", "default", "web")
    assert req["requestKind"] == req["kind"] and req["oldObject"] is None and req["dryRun"] is False
    assert req["userInfo"]["username"] == "system:admin" and req["object"]["metadata"]["name"] == "web"
    assert req["options"] == {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}


def test_deny_answers_with_the_webhooks_message_and_code(hooks):
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("deny.example.com", {"url": hooks.url("/deny"), "caBundle": hooks.ca_bundle}),
                    hook("deny2.example.com", {"url": hooks.url("/deny-no-code"), "caBundle": hooks.ca_bundle},
                         objectSelector={"matchLabels": {"strict": "yes"}}))
    create(api, "pods", pod("good"))
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("bad-1"))
    assert (e.value.code, e.value.reason) == (403, "")
    assert e.value.message == 'admission webhook "deny.example.com" denied the request: no pods named bad-1'
    assert api.admission.last_records[-1].steps[-1] == {"plugin": "ValidatingAdmissionWebhook", "phase": "validate",
                                                        "denied": e.value.message}
    strict = pod("strict")
    strict["metadata"]["labels"] = {"strict": "yes"}
    with pytest.raises(E.APIError) as e:
        create(api, "pods", strict)
    assert (e.value.code, e.value.message) == (400, 'admission webhook "deny2.example.com" denied the request '
                                                    'without explanation')


def test_mutate_patch_is_stored_and_recorded(hooks):
    api = _api_with(hooks, "MutatingWebhookConfiguration",
                    hook("mutate.example.com", {"url": hooks.url("/mutate"), "caBundle": hooks.ca_bundle}))
    create(api, "pods", pod("web"))
    stored = api.registry.get(api.lookup("", "v1", "pods"), "default", "web")
    assert stored["metadata"]["labels"] == {"mutated": "yes"}
    steps = api.admission.records_for("web", "default")[-1].steps
    step = next(s for s in steps if s["plugin"] == "MutatingAdmissionWebhook")
    assert step == {"plugin": "MutatingAdmissionWebhook", "phase": "admit",
                    "patch": [{"op": "add", "path": "/metadata/labels", "value": {"mutated": "yes"}}]}


def test_failure_policy_when_the_server_is_down_or_slow(hooks):
    from k8slab.storage.etcd_process import free_port
    down = f"https://127.0.0.1:{free_port()}/x"
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("down.example.com", {"url": down, "caBundle": hooks.ca_bundle}))
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("a"))
    assert (e.value.code, e.value.reason) == (500, "InternalError")
    assert e.value.message == (f'Internal error occurred: failed calling webhook "down.example.com": failed to call '
                               f'webhook: Post "{down}?timeout=10s": dial tcp {down[8:-2]}: connect: connection refused')
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("down.example.com", {"url": down}, failurePolicy="Ignore"),
                    hook("slow.example.com", {"url": hooks.url("/slow"), "caBundle": hooks.ca_bundle},
                         failurePolicy="Ignore", timeoutSeconds=1))
    assert create(api, "pods", pod("b"))["metadata"]["name"] == "b"
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("slow.example.com", {"url": hooks.url("/slow"), "caBundle": hooks.ca_bundle},
                         timeoutSeconds=1))
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("c"))
    assert e.value.message == ('Internal error occurred: failed calling webhook "slow.example.com": failed to call '
                               f'webhook: Post "{hooks.url("/slow")}?timeout=1s": context deadline exceeded')


def test_an_unknown_ca_fails_the_call(hooks):
    api = _api_with(hooks, "ValidatingWebhookConfiguration", hook("allow.example.com", {"url": hooks.url("/allow")}))
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("a"))
    assert e.value.message.endswith('": tls: failed to verify certificate: x509: certificate signed by unknown '
                                    'authority')


def test_namespace_selector_and_dry_run(hooks):
    api = _api_with(hooks, "ValidatingWebhookConfiguration",
                    hook("deny.example.com", {"url": hooks.url("/deny"), "caBundle": hooks.ca_bundle},
                         namespaceSelector={"matchLabels": {"guarded": "true"}}),
                    )
    # sideEffects Some is refused by v1 validation; a configuration stored by v1beta1 days may still have it
    api.registry.create(api.lookup(ADM, "v1", "validatingwebhookconfigurations"), None, config(
        "ValidatingWebhookConfiguration", "old", [hook(
            "effects.example.com", {"url": hooks.url("/allow"), "caBundle": hooks.ca_bundle}, sideEffects="Some",
            rules=[{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["configmaps"]}])]),
        trusted=True)
    create(api, "pods", pod("bad-free"))                          # default is not guarded
    create(api, "namespaces", {"apiVersion": "v1", "kind": "Namespace",
                               "metadata": {"name": "guarded", "labels": {"guarded": "true"}}}, ns=None)
    default_service_account(api, "guarded")
    with pytest.raises(E.APIError) as e:
        create(api, "pods", pod("bad-1"), ns="guarded")
    assert "denied the request: no pods named bad-1" in e.value.message
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
    with pytest.raises(E.APIError) as e:
        create(api, "configmaps", cm, dry_run=True)
    assert (e.value.code, e.value.message) == (400, 'admission webhook "effects.example.com" does not support dry run')


def test_no_configurations_no_calls_and_configuration_objects_are_exempt(hooks):
    api = server()
    plugin = api.admission.plugin("ValidatingAdmissionWebhook")
    create(api, "pods", pod("a"))
    assert plugin.source.hooks == [] and hooks.requests == []
    create(api, "validatingwebhookconfigurations", config("ValidatingWebhookConfiguration", "all", [
        hook("deny-all.example.com", {"url": hooks.url("/deny"), "caBundle": hooks.ca_bundle},
             rules=[{"operations": ["*"], "apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*"]}])]),
        ns=None, group=ADM)
    out = create(api, "validatingwebhookconfigurations", config("ValidatingWebhookConfiguration", "bad-cfg", []),
                 ns=None, group=ADM)
    assert out["metadata"]["name"] == "bad-cfg" and hooks.requests == []

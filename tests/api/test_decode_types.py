"""The decoder's type check (k8slab.api.openapi.validate.decode_check, gotypes) and its 400/422
answers through the API server."""

import orjson
import pytest

import k8slab.cluster
from k8slab.api.openapi import decode_check, validate
from k8slab.api.validation import QUANTITY_ERROR, decode_error
from k8slab.apiserver.request import Request

TEMPLATE = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


def deployment(**spec):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"selector": {"matchLabels": {"app": "x"}}, "template": TEMPLATE, **spec}}


def pod(spec=None, **meta):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", **meta},
            "spec": spec or TEMPLATE["spec"]}


def container(**fields):
    return pod({"containers": [{"name": "c", "image": "x", **fields}]})


@pytest.mark.parametrize("obj, message", [
    (deployment(replicas="3"),
     "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
    (pod(labels={"a": True}),
     "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"),
    (pod(labels=["a"]),
     "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"),
    (pod({"containers": {"name": "c"}}),
     "json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container"),
    (pod({"containers": ["c"]}),
     "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container"),
    ({**pod(), "spec": 5}, "json: cannot unmarshal number into Go struct field Pod.spec of type v1.PodSpec"),
    (container(ports=[{"containerPort": 1.5}]),
     "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort "
     "of type int32"),
    (container(ports=[{"containerPort": 2 ** 31}]),
     f"json: cannot unmarshal number {2 ** 31} into Go struct field ContainerPort.spec.containers.ports."
     "containerPort of type int32"),
    (container(ports=[{"containerPort": 80, "protocol": 6}]),
     "json: cannot unmarshal number into Go struct field ContainerPort.spec.containers.ports.protocol "
     "of type v1.Protocol"),
    (container(env=[{"name": "A", "value": 5}]),
     "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string"),
    (container(command="sleep 1"),
     "json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string"),
    (container(resources={"limits": "1"}),
     "json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits "
     "of type v1.ResourceList"),
    (container(stdin="true"),
     "json: cannot unmarshal string into Go struct field Container.spec.containers.stdin of type bool"),
    (pod({"containers": TEMPLATE["spec"]["containers"], "terminationGracePeriodSeconds": "30"}),
     "json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64"),
    (pod(uid=1), "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID"),
    ({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"a": 5}},
     "json: cannot unmarshal number into Go struct field Secret.data of type []uint8"),
    ({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"},
      "spec": {"podSelector": {"matchExpressions": [{"key": "a", "operator": "In", "values": [True, "z"]}]}}},
     "json: cannot unmarshal bool into Go struct field LabelSelectorRequirement.spec.podSelector.matchExpressions."
     "values of type string"),
])
def test_type_errors_read_as_go_reports_them(obj, message):
    assert decode_error(obj) == message


def test_first_error_in_document_order_wins():
    obj = deployment(replicas="3", paused="no")
    assert decode_error(obj).endswith("DeploymentSpec.spec.replicas of type int32")
    obj = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
           "spec": {"paused": "no", "replicas": "3"}}
    assert decode_error(obj).endswith("DeploymentSpec.spec.paused of type bool")


def test_custom_unmarshallers_end_decoding_and_win():
    # a malformed quantity is returned at once by Quantity.UnmarshalJSON: it beats an earlier type error
    obj = container(stdin="true", resources={"limits": {"cpu": "lots"}})
    assert decode_error(obj) == QUANTITY_ERROR
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
           "spec": {"ports": [{"port": 80, "targetPort": True}]}}
    assert decode_error(svc) == "json: cannot unmarshal bool into Go value of type int32"
    svc["spec"]["ports"][0]["targetPort"] = 1.5
    assert decode_error(svc) == "json: cannot unmarshal number 1.5 into Go value of type int32"
    assert decode_error(pod(creationTimestamp=5)) == "json: cannot unmarshal number into Go value of type string"


def test_what_fits():
    ok = deployment(replicas=None, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%",
                                                                                         "maxUnavailable": 1}})
    ok["metadata"].update(labels=None, annotations={"a": "b"}, creationTimestamp=None)
    ok["spec"]["template"] = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [
        {"name": "c", "image": "x", "resources": {"limits": {"cpu": 1, "memory": "1Gi"}}, "args": None}]}}
    assert decode_error(ok) is None
    cr = {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "r"},
          "revision": 1, "data": {"anything": [1, True, {"x": None}]}}
    assert decode_error(cr) is None
    assert decode_error({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                         "data": {"a": "eA=="}}) is None


def test_one_walk_gives_unknown_fields_too():
    check = decode_check(deployment(replicas=2, replicass=3))
    assert check.known and check.error is None
    assert check.unknown == [("spec.replicass", 'unknown field "spec.replicass"')]
    assert validate(deployment(replicass=3)) == check.unknown
    assert not decode_check({"apiVersion": "example.com/v1", "kind": "Thing"}).known


@pytest.fixture(scope="module")
def api():
    return k8slab.cluster.Cluster(nodes=0, control_plane=False).api


def send(api, method, path, body, content_type="application/json", query=None):
    return api.handle(Request(method, path, query or {}, orjson.dumps(body), content_type, "application/json",
                              in_process=True))


def test_create_and_update_answer_400_and_store_nothing(api):
    path = "/apis/apps/v1/namespaces/default/deployments"
    r = send(api, "POST", path, deployment(replicas="3"))
    assert (r.status, r.body["reason"], r.body["message"]) == (400, "BadRequest", (
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go '
        'struct field DeploymentSpec.spec.replicas of type int32'))
    assert send(api, "GET", path + "/d", None).status == 404
    # the type error comes before strict field validation, and with fieldValidation=Ignore too
    for directive in ("Strict", "Ignore"):
        r = send(api, "POST", path, deployment(replicas="3", bogus=1), query={"fieldValidation": directive})
        assert r.status == 400 and "cannot unmarshal string" in r.body["message"]
    assert send(api, "POST", path, deployment(replicas=1)).status == 201
    r = send(api, "PUT", path + "/d", deployment(replicas=True))
    assert r.status == 400 and r.body["message"].endswith(
        "json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.replicas of type int32")
    r = send(api, "POST", "/api/v1/namespaces/default/pods", container(resources={"limits": {"cpu": "x"}}))
    assert r.body["message"] == f'Pod in version "v1" cannot be handled as a Pod: {QUANTITY_ERROR}'


def test_a_patch_that_produces_a_wrong_type_is_refused(api):
    path = "/apis/apps/v1/namespaces/default/deployments"
    send(api, "POST", path, {**deployment(replicas=1), "metadata": {"name": "pd"}})
    for ctype in ("application/merge-patch+json", "application/strategic-merge-patch+json"):
        r = send(api, "PATCH", path + "/pd", {"spec": {"replicas": "3"}}, ctype)
        assert (r.status, r.body["reason"]) == (422, "Invalid")
        assert r.body["message"].startswith(' "" is invalid: patch: Invalid value: "{')
        assert r.body["message"].endswith(
            ': json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32')
    r = send(api, "PATCH", path + "/pd", [{"op": "replace", "path": "/spec/replicas", "value": "3"}],
             "application/json-patch+json")
    assert r.status == 422
    assert send(api, "GET", path + "/pd", None).body["spec"]["replicas"] == 1

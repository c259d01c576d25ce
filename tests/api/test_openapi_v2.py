"""GET /openapi/v2: the Swagger 2.0 document and its gnostic protobuf form.

Offline: the protobuf, read back with a decoder written here from OpenAPIv2.proto, is the JSON
document; every $ref resolves; schemas follow the rules kube-openapi's proto parser imposes;
GVKs and the PATCH/fieldValidation operations are where kubectl looks; Accept negotiation,
ETag and the book profile's legacy aliases through the API server.

Live: `k8slab up --kubernetes-version 1.28` (and 1.27), so that gcloud's dispatcher runs kubectl
1.28 (1.27), which downloads /openapi/v2 in protobuf before every create/apply. Skipped, with
the reason printed, when that kubectl is not installed.
"""

import json
import struct

import pytest
import yaml

from k8slab.api.openapi import dsl, v2
from k8slab.apiserver.handler import APIServer
from k8slab.apiserver.request import Request

PROTO_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"


# ---- a protobuf reader, from gnostic-models openapiv2/OpenAPIv2.proto -----------------------------

def _fields(buf: bytes):
    i = 0
    while i < len(buf):
        key, i = _uvarint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _uvarint(buf, i)
        elif wire == 1:
            value, i = struct.unpack("<d", buf[i:i + 8])[0], i + 8
        elif wire == 2:
            n, i = _uvarint(buf, i)
            value, i = buf[i:i + n], i + n
        else:
            raise AssertionError(f"wire type {wire}")
        yield num, value


def _uvarint(buf, i):
    out = shift = 0
    while True:
        b = buf[i]
        i += 1
        out |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return out, i


def _any(b):
    return yaml.safe_load(dict(_fields(b))[2].decode())


def _named(b, value):
    d = dict(_fields(b))
    return d[1].decode(), value(d.get(2, b""))


def _decode(buf, table):
    """table: field number -> (JSON key, kind); kinds: s ss b i any anys ext, or a function
    (bytes -> value) for one message, or [function] for a repeated one."""
    out = {}
    for num, v in _fields(buf):
        key, kind = table[num]
        if kind == "s":
            out[key] = v.decode()
        elif kind == "ss":
            out.setdefault(key, []).append(v.decode())
        elif kind == "b":
            out[key] = bool(v)
        elif kind == "i":
            out[key] = v
        elif kind == "any":
            out[key] = _any(v)
        elif kind == "anys":
            out.setdefault(key, []).append(_any(v))
        elif kind == "ext":
            name, value = _named(v, _any)
            out[name] = value
        elif isinstance(kind, list):
            out.setdefault(key, []).append(kind[0](v))
        else:
            out[key] = kind(v)
    return out


def _schema(b):
    return _decode(b, SCHEMA)


def _one_or_list(values):
    return values[0] if len(values) == 1 else values


SCHEMA = {1: ("$ref", "s"), 2: ("format", "s"), 3: ("title", "s"), 4: ("description", "s"), 5: ("default", "any"),
          11: ("maxLength", "i"), 12: ("minLength", "i"), 13: ("pattern", "s"), 16: ("uniqueItems", "b"),
          19: ("required", "ss"), 20: ("enum", "anys"),
          21: ("additionalProperties", lambda b: (lambda d: _schema(d[1]) if 1 in d else bool(d[2]))(dict(_fields(b)))),
          22: ("type", lambda b: _one_or_list([v.decode() for _, v in _fields(b)])),
          23: ("items", lambda b: _one_or_list([_schema(v) for _, v in _fields(b)])),
          24: ("allOf", [_schema]),
          25: ("properties", lambda b: dict(_named(v, _schema) for _, v in _fields(b))),
          27: ("readOnly", "b"), 30: ("example", "any"), 31: ("x-", "ext")}
_TAIL = {"type": "s", "format": "s", "default": "any", "uniqueItems": "b", "enum": "anys"}
QUERY = {1: ("required", "b"), 2: ("in", "s"), 3: ("description", "s"), 4: ("name", "s"), 6: ("type", "s"),
         7: ("format", "s"), 10: ("default", "any"), 20: ("uniqueItems", "b"), 21: ("enum", "anys"), 23: ("x-", "ext")}
PATH = {1: ("required", "b"), 2: ("in", "s"), 3: ("description", "s"), 4: ("name", "s"), 5: ("type", "s"),
        6: ("format", "s"), 9: ("default", "any"), 19: ("uniqueItems", "b"), 20: ("enum", "anys"), 22: ("x-", "ext")}
BODY = {1: ("description", "s"), 2: ("name", "s"), 3: ("in", "s"), 4: ("required", "b"), 5: ("schema", _schema),
        6: ("x-", "ext")}


def _parameter(b):                                     # ParametersItem{1: Parameter}
    (num, param), = _fields(b)
    assert num == 1
    (kind, inner), = _fields(param)
    if kind == 1:
        return _decode(inner, BODY)
    (which, sub), = _fields(inner)
    return _decode(sub, {1: PATH, 2: QUERY, 3: QUERY, 4: PATH}[which])


RESPONSE = {1: ("description", "s"), 2: ("schema", lambda b: _schema(dict(_fields(b))[1])), 5: ("x-", "ext")}
RESPONSES = {1: ("responses", lambda b: _named(b, lambda v: _decode(dict(_fields(v))[1], RESPONSE)))}
OPERATION = {1: ("tags", "ss"), 2: ("summary", "s"), 3: ("description", "s"), 5: ("operationId", "s"),
             6: ("produces", "ss"), 7: ("consumes", "ss"), 8: ("parameters", [_parameter]),
             9: ("responses", lambda b: dict(v for _, v in _decode_list(b, RESPONSES))),
             10: ("schemes", "ss"), 11: ("deprecated", "b"), 13: ("x-", "ext")}


def _decode_list(b, table):
    for num, v in _fields(b):
        yield num, table[num][1](v)


def _operation(b):
    return _decode(b, OPERATION)


PATH_ITEM = {2: ("get", _operation), 3: ("put", _operation), 4: ("post", _operation), 5: ("delete", _operation),
             8: ("patch", _operation), 9: ("parameters", [_parameter]), 10: ("x-", "ext")}
DOCUMENT = {1: ("swagger", "s"), 2: ("info", lambda b: _decode(b, {1: ("title", "s"), 2: ("version", "s")})),
            8: ("paths", lambda b: dict(_named(v, lambda x: _decode(x, PATH_ITEM)) for n, v in _fields(b) if n == 2)),
            9: ("definitions", lambda b: dict(_named(v, _schema) for _, v in _fields(b)))}


@pytest.fixture(scope="module")
def doc():
    return v2.swagger()


@pytest.fixture(scope="module")
def proto():
    status, body, ctype, _ = v2.serve(PROTO_ACCEPT)
    assert status == 200 and ctype == "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
    return body


def test_protobuf_decodes_back_to_the_json_document(doc, proto):
    decoded = _decode(proto, DOCUMENT)
    assert decoded["swagger"] == "2.0" and decoded["info"] == doc["info"]
    assert list(decoded["definitions"]) == sorted(doc["definitions"])        # upstream order: sorted keys
    assert decoded["definitions"] == doc["definitions"]
    assert decoded["paths"] == doc["paths"]


def test_every_declared_schema_is_a_definition_and_every_ref_resolves(doc):
    defs = doc["definitions"]
    assert set(defs) == set(dsl.TYPES) and len(defs) == 399
    refs = []

    def walk(schema, where):                       # a schema; `properties` maps names to schemas
        if "$ref" in schema:
            refs.append(schema["$ref"])
            assert "type" not in schema and "properties" not in schema, where    # kube-openapi refuses both
        assert not {"allOf", "oneOf", "anyOf", "nullable"} & set(schema), where
        assert isinstance(schema.get("type", ""), str), where                    # one type per schema
        if schema.get("type") == "array":
            assert isinstance(schema.get("items"), dict), where                  # exactly one items schema
        for name, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                walk(schema[key], f"{where}.{key}")

    for name, schema in defs.items():
        walk(schema, name)
    for path, item in doc["paths"].items():
        for op in item.values():
            for p in op if isinstance(op, list) else op.get("parameters", []):
                if "schema" in p:
                    walk(p["schema"], path)
            for code, resp in ({} if isinstance(op, list) else op["responses"]).items():
                if "schema" in resp:
                    walk(resp["schema"], f"{path} {code}")
    assert len(refs) > 1000
    for ref in refs:
        assert ref.startswith("#/definitions/") and ref[len("#/definitions/"):] in defs, ref


def test_definitions_carry_gvks_and_patch_metadata(doc):
    defs = doc["definitions"]
    gvk = "x-kubernetes-group-version-kind"
    assert defs["io.k8s.api.apps.v1.Deployment"][gvk] == [{"group": "apps", "kind": "Deployment", "version": "v1"}]
    assert defs["io.k8s.api.core.v1.Pod"][gvk] == [{"group": "", "kind": "Pod", "version": "v1"}]
    assert len(defs["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"][gvk]) == 16
    kinds = [n for n, t in dsl.TYPES.items() if "kind" in t.flags]
    assert kinds and all(defs[n].get(gvk) for n in kinds)
    containers = defs["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["x-kubernetes-patch-merge-key"] == "name"
    assert containers["x-kubernetes-patch-strategy"] == "merge"
    assert containers["items"] == {"$ref": "#/definitions/io.k8s.api.core.v1.Container", "default": {}}
    strategy = defs["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"]
    assert strategy["$ref"] == "#/definitions/io.k8s.api.apps.v1.DeploymentStrategy"    # allOf unwrapped
    assert strategy["x-kubernetes-patch-strategy"] == "retainKeys"
    ports = defs["io.k8s.api.core.v1.Container"]["properties"]["ports"]
    assert ports["x-kubernetes-list-map-keys"] == ["containerPort", "protocol"]
    assert defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["type"] == "string"
    assert defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["format"] == "int-or-string"
    assert defs["io.k8s.apimachinery.pkg.api.resource.Quantity"]["type"] == "string"


def test_patch_operations_list_field_validation_with_the_gvk(doc):
    item = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    patch = item["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {"group": "apps", "kind": "Deployment", "version": "v1"}
    assert patch["parameters"][0] == {"name": "body", "in": "body", "required": True,
                                      "schema": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}}
    assert {"name": "fieldValidation", "in": "query", "type": "string", "uniqueItems": True} == {
        k: v for k, v in next(p for p in patch["parameters"] if p["name"] == "fieldValidation").items()
        if k != "description"}
    assert patch["consumes"][-1] == "application/apply-patch+yaml"
    assert patch["produces"] == ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"]
    assert patch["responses"]["200"]["schema"] == {"$ref": "#/definitions/io.k8s.api.apps.v1.Deployment"}
    assert {p["name"] for p in item["parameters"]} == {"name", "namespace", "pretty"}
    assert item["get"]["consumes"] == ["*/*"]


def test_vendor_extension_yaml_reads_back():
    for value in ([{"group": "", "kind": "Pod", "version": "v1"}], ["containerPort", "protocol"], "merge",
                  {"a": [1, {"b": ["x", {}]}], "c": {}, "d": "yes", "e": "80", "f": "a b: c"}, {}, [], "", 0, False):
        assert yaml.safe_load(v2.to_yaml(value)) == value


@pytest.mark.parametrize("accept,expected", [
    (PROTO_ACCEPT, v2.PROTO_CONTENT_TYPE),
    ("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", v2.PROTO_CONTENT_TYPE),
    ("application/json", "application/json"),
    ("application/json, */*", "application/json"),
    ("", "application/json"),
    ("*/*", "application/json"),
    ("application/json;q=0.5, " + PROTO_ACCEPT, v2.PROTO_CONTENT_TYPE),
    ("text/html", None),
])
def test_accept_negotiation(accept, expected):
    assert v2.negotiate(accept) == expected


def test_served_by_the_api_server_with_etag_and_cache():
    api = APIServer()
    r = api.handle(Request("GET", "/openapi/v2", in_process=True, accept=PROTO_ACCEPT))
    assert r.status == 200 and r.content_type == v2.PROTO_CONTENT_TYPE and r.headers["Vary"] == "Accept"
    tag = r.headers["ETag"]
    assert tag.startswith('"') and len(tag) == 130 and tag == tag.upper()
    again = api.handle(Request("GET", "/openapi/v2", in_process=True, accept=PROTO_ACCEPT))
    assert again.body is r.body                                    # built once
    r = api.handle(Request("GET", "/openapi/v2", in_process=True, accept="application/json", headers={"If-None-Match": tag}))
    assert r.status == 304 and r.body == b""
    r = api.handle(Request("GET", "/openapi/v2", in_process=True, accept="application/json"))
    assert r.status == 200 and r.content_type == "application/json" and json.loads(r.body)["swagger"] == "2.0"
    assert api.handle(Request("GET", "/openapi/v2", in_process=True, accept="text/html")).status == 406


def test_book_profile_adds_the_legacy_aliases():
    api = APIServer(profile="book")
    doc = json.loads(api.handle(Request("GET", "/openapi/v2", in_process=True, accept="application/json")).body)
    gvks = doc["definitions"]["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]
    assert {"group": "extensions", "kind": "Deployment", "version": "v1beta1"} in gvks
    assert {"group": "apps", "kind": "Deployment", "version": "v1"} in gvks
    patch = doc["paths"]["/apis/extensions/v1beta1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {"group": "extensions", "kind": "Deployment",
                                                        "version": "v1beta1"}
    current = json.loads(APIServer().handle(Request("GET", "/openapi/v2", in_process=True, accept="application/json")).body)
    assert not any(p.startswith("/apis/extensions/") for p in current["paths"])


# ---- live, with the kubectl that reads /openapi/v2 --------------------------------------------------

from tests.apiserver.kubectl_harness import KUBECTL, Cluster  # noqa: E402

if KUBECTL is None:
    print("SKIP test_openapi_v2 live tests: no kubectl on PATH")
live_only = pytest.mark.skipif(KUBECTL is None, reason="no kubectl on PATH")

DEPLOYMENT = """\
apiVersion: {api}
kind: Deployment
metadata: {{name: {name}, namespace: default}}
spec:
  {replicas}: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: web, image: nginx}}]
"""


def deployment(name, replicas="replicas", api="apps/v1"):
    return DEPLOYMENT.format(name=name, replicas=replicas, api=api)


def as_list(manifest):
    return "apiVersion: v1\nkind: List\nitems:\n- " + manifest.replace("\n", "\n  ").rstrip() + "\n"


def _start(version, extra=()):
    c = Cluster(version=version, extra=list(extra))
    out = c.kubectl("version", "--output=json").out
    client = json.loads(out or "{}").get("clientVersion", {}).get("gitVersion", "")
    if not client.startswith(f"v{version}."):
        c.stop()
        print(f"SKIP test_openapi_v2 live {version}: kubectl {version} is not installed (client {client!r})")
        pytest.skip(f"kubectl {version} is not installed")
    return c


@pytest.fixture(scope="module", params=["1.28", "1.27"])
def live(request):
    c = _start(request.param)
    yield c
    c.stop()


@live_only
def test_live_explain(live):
    r = live.kubectl("explain", "pod.spec")
    assert r.rc == 0, r.err
    assert "FIELD: spec <PodSpec>" in r.out and "FIELDS:" in r.out
    assert "  containers\t<[]Container> -required-" in r.out
    r = live.kubectl("explain", "pod.spec", "--output=plaintext-openapiv2")    # the /openapi/v2 renderer
    assert r.rc == 0, r.err
    assert "RESOURCE: spec <Object>" in r.out and "FIELDS:" in r.out
    assert "   containers\t<[]Object> -required-" in r.out


@live_only
def test_live_create_passes_validation(live):
    r = live.kubectl("create", "-f", live.write("web.yaml", deployment("web")))
    assert (r.rc, r.out, r.err) == (0, "deployment.apps/web created\n", "")
    r = live.kubectl("create", "-f", live.write("web-list.yaml", as_list(deployment("web-list"))))
    assert (r.rc, r.out, r.err) == (0, "deployment.apps/web-list created\n", "")


@live_only
def test_live_typo_is_refused_by_the_server(live):
    # kubectl finds PATCH + fieldValidation for apps/v1 Deployment in /openapi/v3, so it sends
    # fieldValidation=Strict and the server refuses, exactly as against a real 1.28 server
    path = live.write("typo.yaml", deployment("typo", "replicass"))
    r = live.kubectl("create", "-f", path)
    assert r.rc == 1
    assert r.err == (f'Error from server (BadRequest): error when creating "{path}": Deployment in version "v1" '
                     'cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicass"\n')


@live_only
def test_live_typo_in_a_list_is_refused_by_client_side_validation(live):
    # a kind: List has no server-side field validation: kubectl validates it against /openapi/v2
    path = live.write("typo-list.yaml", as_list(deployment("typo", "replicass")))
    r = live.kubectl("create", "-f", path)
    assert r.rc == 1
    assert r.err == (f'error: error validating "{path}": error validating data: ValidationError(Deployment.spec): '
                     'unknown field "replicass" in io.k8s.api.apps.v1.DeploymentSpec; if you choose to ignore '
                     'these errors, turn validation off with --validate=false\n')


@live_only
def test_live_book_profile_validates_legacy_kinds_from_v2():
    c = _start("1.28", ["--profile", "book"])
    try:
        legacy = deployment("old", api="extensions/v1beta1")
        r = c.kubectl("create", "-f", c.write("old.yaml", as_list(legacy)))
        assert (r.rc, r.out) == (0, "deployment.extensions/old created\n"), r.err
        path = c.write("old-typo.yaml", as_list(deployment("old2", "replicass", api="extensions/v1beta1")))
        r = c.kubectl("create", "-f", path)
        assert r.rc == 1
        assert ('ValidationError(Deployment.spec): unknown field "replicass" in '
                'io.k8s.api.apps.v1.DeploymentSpec') in r.err
    finally:
        c.stop()

"""k8slab.api.protobuf: kubectl 1.32's protobuf bodies decode to kubectl 1.31's JSON bodies.

The fixtures under fixtures/protobuf/ were recorded with tests/api/protobuf_capture.py: for each
command, <name>.pb is the body kubectl 1.32 sent and <name>.json the body kubectl 1.31 sent.
"""
import json
import os
import random

import pytest

from k8slab.api.protobuf import KNOWN_KINDS, SCHEMAS, SPECIAL, ProtobufError, decode
from k8slab.api.protobuf_schemas import KINDS, MESSAGES
from tests.api.protobuf_capture import COMMANDS, FIXTURES, normalise
from tests.api.protobuf_schema_gen import generate

NAMES = sorted(p.stem for p in FIXTURES.glob("*.pb"))


def test_every_command_has_fixtures():
    assert NAMES == sorted(COMMANDS)
    for name in NAMES:
        assert (FIXTURES / f"{name}.json").exists()


@pytest.mark.parametrize("name", NAMES)
def test_protobuf_body_decodes_to_the_json_body(name):
    body = (FIXTURES / f"{name}.pb").read_bytes()
    want = json.loads((FIXTURES / f"{name}.json").read_text())
    assert normalise(name, decode(body)) == normalise(name, want)


def test_namespace_reads_as_json():
    assert decode((FIXTURES / "namespace.pb").read_bytes()) == {
        "kind": "Namespace", "apiVersion": "v1",
        "metadata": {"name": "x", "creationTimestamp": None}, "spec": {}, "status": {}}


def test_known_kinds():
    assert ("apps/v1", "Deployment") in KNOWN_KINDS
    assert ("v1", "DeleteOptions") in KNOWN_KINDS
    for name in NAMES:
        obj = json.loads((FIXTURES / f"{name}.json").read_text())
        assert (obj["apiVersion"], obj["kind"]) in KNOWN_KINDS


# ------------------------------------------------------------ hand-built bodies

def varint(n):
    n &= (1 << 64) - 1  # negative ints go on the wire sign-extended to 64 bits
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def msg(*fields):
    """fields: (number, int | str | bytes), or (number, wire type, raw bytes) for odd cases."""
    out = bytearray()
    for number, *rest in fields:
        if len(rest) == 2:
            out += varint(number << 3 | rest[0]) + rest[1]
        elif isinstance(rest[0], int):
            out += varint(number << 3) + varint(rest[0])
        else:
            data = rest[0].encode() if isinstance(rest[0], str) else rest[0]
            out += varint(number << 3 | 2) + varint(len(data)) + data
    return bytes(out)


def body(api_version, kind, raw):
    return b"k8s\x00" + msg((1, msg((1, api_version), (2, kind))), (2, raw))


def entry(key, value):
    return msg((1, key), (2, value))


def meta(name="x", **more):
    return msg((1, name), *more.values())


def test_negative_int32_is_sign_extended():
    obj = decode(body("scheduling.k8s.io/v1", "PriorityClass", msg((1, meta()), (2, -5))))
    assert obj["value"] == -5


def test_pointer_keeps_zero_omitempty_drops_zero():
    spec = msg((1, 0), (5, 0))  # replicas *int32 = 0, minReadySeconds int32 = 0
    obj = decode(body("apps/v1", "Deployment", msg((1, meta()), (2, spec))))
    assert obj["spec"]["replicas"] == 0 and "minReadySeconds" not in obj["spec"]
    assert obj["spec"]["selector"] is None  # `json:"selector"` without omitempty, nil pointer
    assert obj["spec"]["strategy"] == {}  # a struct: Go writes it even when empty


def test_non_omitempty_scalar_kept_at_zero():
    port = msg((2, 0), (3, 0))  # hostPort (omitempty) 0, containerPort (no omitempty) 0
    pod_spec = msg((2, msg((1, "c"), (6, port))))
    obj = decode(body("v1", "Pod", msg((1, meta()), (2, pod_spec))))
    assert obj["spec"]["containers"][0]["ports"] == [{"containerPort": 0}]


def test_time():
    created = msg((1, 1700000000), (2, 123))  # nanos are dropped, as metav1.Time does
    obj = decode(body("v1", "Namespace", msg((1, msg((1, "x"), (8, created))))))
    assert obj["metadata"]["creationTimestamp"] == "2023-11-14T22:13:20Z"
    obj = decode(body("v1", "Namespace", msg((1, msg((1, "x"), (8, b""))))))
    assert obj["metadata"]["creationTimestamp"] is None
    far = msg((1, 10 ** 12))
    with pytest.raises(ProtobufError, match="time out of range"):
        decode(body("v1", "Namespace", msg((1, msg((8, far))))))


def test_int_or_string_and_quantity():
    ports = [msg((3, 80), (4, msg((1, 1), (3, "http")))), msg((3, 81), (4, msg((2, 8081)))),
             msg((3, 82))]
    spec = msg(*((1, p) for p in ports))
    obj = decode(body("v1", "Service", msg((1, meta()), (2, spec))))
    assert [p["targetPort"] for p in obj["spec"]["ports"]] == ["http", 8081, 0]
    with pytest.raises(ProtobufError, match="IntOrString"):
        bad_port = msg((3, 80), (4, msg((1, 7))))
        decode(body("v1", "Service", msg((2, msg((1, bad_port))))))
    hard = msg((1, entry("cpu", msg((1, "500m")))), (1, entry("pods", b"")))
    obj = decode(body("v1", "ResourceQuota", msg((1, meta()), (2, hard))))
    assert obj["spec"]["hard"] == {"cpu": "500m", "pods": "0"}


def test_bytes_are_base64_and_map_values_default():
    raw = msg((1, meta()), (2, entry("k", b"\x00\xff")), (2, msg((1, "empty"))))
    obj = decode(body("v1", "Secret", raw))
    assert obj["data"] == {"k": "AP8=", "empty": ""}


def test_packed_and_unpacked_repeated_ints():
    packed = varint(1) + varint(2) + varint(300)
    security = msg((4, 2, varint(len(packed)) + packed), (4, 7))
    pod_spec = msg((14, security))
    obj = decode(body("v1", "Pod", msg((1, meta()), (2, pod_spec))))
    assert obj["spec"]["securityContext"]["supplementalGroups"] == [1, 2, 300, 7]


def test_inline_members_merge_into_parent():
    probe = msg((1, msg((1, msg((1, "cat"), (1, "/ok"))))), (3, 5))  # ProbeHandler.exec, timeout
    volume = msg((1, "cfg"), (2, msg((19, msg((1, msg((1, "settings"))), (3, 420))))))
    pod_spec = msg((1, volume), (2, msg((1, "c"), (10, probe))))
    obj = decode(body("v1", "Pod", msg((1, meta()), (2, pod_spec))))
    assert obj["spec"]["volumes"] == [{"name": "cfg", "configMap": {"name": "settings", "defaultMode": 420}}]
    assert obj["spec"]["containers"][0]["livenessProbe"] == {
        "exec": {"command": ["cat", "/ok"]}, "timeoutSeconds": 5}


def test_string_list_types_and_managed_fields():
    extra = msg((6, entry("scopes", msg((1, "a"), (1, "b")))), (7, "kubernetes.io/kubelet-serving"))
    managed = msg((1, "kubectl"), (7, msg((1, b'{"f:metadata":{}}'))))
    obj = decode(body("certificates.k8s.io/v1", "CertificateSigningRequest",
                      msg((1, msg((1, "c"), (17, managed))), (2, extra))))
    assert obj["spec"]["extra"] == {"scopes": ["a", "b"]}
    assert obj["metadata"]["managedFields"] == [{"manager": "kubectl", "fieldsV1": {"f:metadata": {}}}]


def test_unknown_fields_are_skipped():
    raw = msg((1, meta()), (99, 7), (98, "x"), (97, 1, b"\x00" * 8), (96, 5, b"\x00" * 4))
    assert decode(body("v1", "ConfigMap", raw))["metadata"] == {"name": "x", "creationTimestamp": None}


def test_last_copy_of_a_singular_field_wins():
    assert decode(body("v1", "Namespace", msg((1, meta("a")), (1, meta("b")))))["metadata"]["name"] == "b"


@pytest.mark.parametrize("data, message", [
    (b"", "magic"),
    (b"\x0a\x00", "magic"),
    (b"k8s\x00\x0a", "truncated varint"),
    (b"k8s\x00" + b"\x8a" + b"\xff" * 10, "longer than 10 bytes"),
    (b"k8s\x00\x0a\x05ab", "runs past the end"),
    (b"k8s\x00\x0b", "wire type 3"),
    (b"k8s\x00\x00\x01", "field number 0"),
    (b"k8s\x00\x09\x01", "truncated fixed64"),
    (b"k8s\x00\x08\x01", "typeMeta: wire type 0"),
    (body("v1", "Frobnicator", b""), "no protobuf decoder for kind 'Frobnicator' in apiVersion 'v1'"),
    (body("v2", "Namespace", b""), "no protobuf decoder"),
    (body("v1", "Namespace", b"") + msg((3, "gzip")), "contentEncoding"),
    (body("v1", "Namespace", msg((1, msg((1, b"\xff\xfe"))))), "not UTF-8"),
    (body("v1", "Namespace", msg((1, msg((1, 5))))), "Namespace.metadata.name: wire type 0"),
    (body("v1", "Namespace", msg((1, 5))), "wire type 0, expected 2"),
    (body("v1", "ConfigMap", msg((2, 5))), "map entry has wire type 0"),
    (body("v1", "Namespace", msg((1, msg((17, msg((7, msg((1, b"{nope"))))))))), "not JSON"),
    (body("v1", "Namespace", msg((1, msg((17, msg((7, msg((1, b"[" * 10 ** 5))))))))), "not JSON"),
])
def test_malformed_bodies_raise_protobuf_error(data, message):
    with pytest.raises(ProtobufError, match=message):
        decode(data)


def test_protobuf_error_is_a_value_error_and_non_bytes_are_refused():
    assert issubclass(ProtobufError, ValueError)
    with pytest.raises(ProtobufError):
        decode("k8s\x00")


def _decode_or_error(data):
    try:
        assert isinstance(decode(data), dict)
    except ProtobufError:
        pass


@pytest.mark.parametrize("name", NAMES)
def test_fuzz_truncated_and_mutated_fixtures(name):
    """Whatever the bytes, decode returns a dict or raises ProtobufError, nothing else."""
    good = (FIXTURES / f"{name}.pb").read_bytes()
    for end in range(len(good)):
        _decode_or_error(good[:end])
    rng = random.Random(name)
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(4, len(data))
            data[at] = rng.randrange(256) if rng.random() < 0.7 else data[at] ^ 0x80
        _decode_or_error(bytes(data))


def test_fuzz_random_bytes():
    rng = random.Random(1)
    for _ in range(3000):
        tail = bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
        _decode_or_error(b"k8s\x00" + tail)
        _decode_or_error(body("v1", "Pod", tail))
        _decode_or_error(body("apps/v1", "Deployment", msg((2, tail))))


# ------------------------------------------------------------ the tables themselves

def test_every_referenced_message_has_a_table_and_none_is_recursive():
    def walk(name, path):
        assert name not in path, f"recursive message {' -> '.join(path + (name,))}"
        if name in SPECIAL or SCHEMAS[name] == "LIST":
            return
        names = [f.json for f in SCHEMAS[name].values() if not f.inline]
        assert len(names) == len(set(names)), name
        for field in SCHEMAS[name].values():
            if field.type not in ("s", "i", "b", "y"):
                assert field.type in SCHEMAS or field.type in SPECIAL, f"{name}: {field.type}"
                walk(field.type, path + (name,))
    for message in set(KINDS.values()):
        walk(message, ())


UPSTREAM = (os.environ.get("K8S_API_DIR"), os.environ.get("K8S_APIMACHINERY_DIR"))


@pytest.mark.skipif(not all(UPSTREAM), reason="set K8S_API_DIR and K8S_APIMACHINERY_DIR to "
                    "checkouts of k8s.io/api and k8s.io/apimachinery (tag v0.33.13) to compare")
def test_tables_match_upstream_sources():
    assert generate(*UPSTREAM, KINDS.values(), SPECIAL) == MESSAGES

"""The objects of kubectl's generators, field for field and in Go's struct order.

Each expectation is what kubectl 1.32 printed for `--dry-run=client -o json` (compacted): Go
writes a typed object's fields in struct order, so the order is compared too.
"""

import base64
import json

import pytest

from k8slab.kubectl import generators as gen
from k8slab.kubectl.generators import GeneratorError


def same(obj: dict, expected_json: str) -> None:
    """Equal, key order included (json.loads keeps the order of the text)."""
    assert json.dumps(obj) == json.dumps(json.loads(expected_json))


def test_namespace():
    same(gen.namespace("x"), '{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},'
                             '"spec":{},"status":{}}')


def test_deployment_with_two_images_a_port_and_replicas():
    same(gen.deployment("d", ["nginx:1.2", "busybox"], replicas=2, port=80),
         '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d","creationTimestamp":null,'
         '"labels":{"app":"d"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":'
         '{"metadata":{"creationTimestamp":null,"labels":{"app":"d"}},"spec":{"containers":[{"name":"nginx",'
         '"image":"nginx:1.2","ports":[{"containerPort":80}],"resources":{}},{"name":"busybox","image":"busybox",'
         '"resources":{}}]}},"strategy":{}},"status":{}}')


def test_deployment_container_names_are_sanitized_and_made_unique():
    import random
    obj = gen.deployment("d2", ["a/b_c.d:1"], command=["sleep", "1"], rand=random.Random(0))
    c = obj["spec"]["template"]["spec"]["containers"][0]
    assert c["name"].startswith("b-c-d-") and len(c["name"]) == len("b-c-d-") + 5
    assert list(c) == ["name", "image", "command", "resources"]
    with pytest.raises(GeneratorError, match="cannot specify multiple --image options and command"):
        gen.deployment("x", ["a", "b"], command=["sh"])


def test_clusterip_service_with_port_pairs():
    same(gen.service("s", "ClusterIP", ["80:8080", "443"]),
         '{"kind":"Service","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null,"labels":{"app":"s"}},'
         '"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},{"name":"443",'
         '"protocol":"TCP","port":443,"targetPort":443}],"selector":{"app":"s"},"type":"ClusterIP"},'
         '"status":{"loadBalancer":{}}}')


def test_nodeport_headless_and_externalname_services():
    assert gen.service("n", "NodePort", ["80"], node_port=30080)["spec"]["ports"][0]["nodePort"] == 30080
    same(gen.service("h", "ClusterIP", [], cluster_ip="None"),
         '{"kind":"Service","apiVersion":"v1","metadata":{"name":"h","creationTimestamp":null,"labels":{"app":"h"}},'
         '"spec":{"selector":{"app":"h"},"clusterIP":"None","type":"ClusterIP"},"status":{"loadBalancer":{}}}')
    assert gen.service("e", "ExternalName", [], external_name="x.com")["spec"]["externalName"] == "x.com"


@pytest.mark.parametrize("kind,tcp,kwargs,message", [
    ("NodePort", [], {"cluster_ip": "None"}, "ClusterIP=None can only be used with ClusterIP service type"),
    ("ClusterIP", [], {}, "at least one tcp port specifier must be provided"),
    ("ExternalName", [], {"external_name": "Bad_Name"}, "invalid service external name Bad_Name"),
    ("ClusterIP", ["x"], {}, 'strconv.ParseUint: parsing "x": invalid syntax'),
    ("ClusterIP", ["1:-1"], {}, "must be between 1 and 65535, inclusive"),
])
def test_service_errors(kind, tcp, kwargs, message):
    with pytest.raises(GeneratorError) as e:
        gen.service("s", kind, tcp, **kwargs)
    assert str(e.value) == message


def test_configmap_from_literals_files_and_env_files(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text("hello\n")
    same(gen.config_map("c", literals=["x=1"], files=[str(f), f"k2={f}"]),
         '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","creationTimestamp":null},'
         '"data":{"f.txt":"hello\\n","k2":"hello\\n","x":"1"}}')
    env = tmp_path / "app.env"
    env.write_text("# comment\nA=1\n  B=two words\nC\n")
    assert gen.config_map("e", env_files=[str(env)], env={"C": "from-env"})["data"] == {
        "A": "1", "B": "two words", "C": "from-env"}
    binary = tmp_path / "blob"
    binary.write_bytes(b"\xff\x00")
    assert gen.config_map("b", files=[str(binary)])["binaryData"] == {"blob": "/wA="}


def test_configmap_errors_are_kubectls(tmp_path):
    env = tmp_path / "bad.env"
    env.write_text("b = two\n")
    with pytest.raises(GeneratorError) as e:
        gen.config_map("c", env_files=[str(env)])
    assert str(e.value) == (
        '"b " is not a valid key name: a valid environment variable name must consist of alphabetic characters, '
        "digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or "
        "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
    with pytest.raises(GeneratorError, match="from-env-file cannot be combined with from-file or from-literal"):
        gen.config_map("c", literals=["a=b"], env_files=[str(env)])
    with pytest.raises(GeneratorError, match="invalid literal source x, expected key=value"):
        gen.config_map("c", literals=["x"])
    with pytest.raises(GeneratorError, match="error reading /nope: no such file or directory"):
        gen.config_map("c", files=["/nope"])
    with pytest.raises(GeneratorError, match='cannot add key "a", another key by that name already exists in Data'):
        gen.config_map("c", literals=["a=1", "a=2"])


def test_secrets():
    same(gen.secret_generic("s", literals=["x=1"], secret_type="Opaque"),
         '{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},'
         '"data":{"x":"MQ=="},"type":"Opaque"}')
    reg = gen.secret_docker_registry("r", username="u", password="p", email="e@x", server="reg.io")
    assert reg["data"][".dockerconfigjson"] == ("eyJhdXRocyI6eyJyZWcuaW8iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJ"
                                                "wIiwiZW1haWwiOiJlQHgiLCJhdXRoIjoiZFRwdyJ9fX0=")
    assert json.loads(base64.b64decode(reg["data"][".dockerconfigjson"]))["auths"]["reg.io"]["auth"] == "dTpw"
    with pytest.raises(GeneratorError, match="either --from-file or the combination"):
        gen.secret_docker_registry("r")


def test_tls_key_pair_errors_are_x509keypairs():
    cert = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    with pytest.raises(GeneratorError) as e:
        gen.check_key_pair(cert, cert)
    assert str(e.value) == "tls: found a certificate rather than a key in the PEM for the private key"
    with pytest.raises(GeneratorError, match="tls: failed to find any PEM data in certificate input"):
        gen.check_key_pair(b"", cert)


def test_rbac_objects():
    rules = gen.policy_rules(["get", "list", "watch"], [("", "pods", ""), ("apps", "deployments", "")], ["a"])
    same(gen.role("r", rules),
         '{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r","creationTimestamp":null},'
         '"rules":[{"verbs":["get","list","watch"],"apiGroups":[""],"resources":["pods"],"resourceNames":["a"]},'
         '{"verbs":["get","list","watch"],"apiGroups":["apps"],"resources":["deployments"],"resourceNames":["a"]}]}')
    same(gen.binding("rb", "Role", "r", gen.subjects(["u1"], ["g"], ["ns:sa"])),
         '{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb",'
         '"creationTimestamp":null},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"u1"},'
         '{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"g"},{"kind":"ServiceAccount","name":"sa",'
         '"namespace":"ns"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}}')
    nonres = gen.policy_rules(["get"], [("", "nodes", "")], [], ["/logs"])
    assert nonres[1] == {"verbs": ["get"], "nonResourceURLs": ["/logs"]}
    aggregated = gen.role("a", [], kind="ClusterRole",
                          aggregation_rule={"clusterRoleSelectors": [{"matchLabels": {"a": "b"}}]})
    assert aggregated["rules"] is None
    with pytest.raises(GeneratorError, match="serviceaccount must be <namespace>:<name>"):
        gen.subjects(service_accounts=["nons"])


def test_run_pod():
    same(gen.pod("p2", "busybox", restart="Never", args=["sleep", "10"], ns="demo"),
         '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p2","namespace":"demo","creationTimestamp":null,'
         '"labels":{"run":"p2"}},"spec":{"containers":[{"name":"p2","image":"busybox","args":["sleep","10"],'
         '"resources":{}}],"restartPolicy":"Never","dnsPolicy":"ClusterFirst"},"status":{}}')
    pod = gen.pod("w", "nginx", labels="app=x,tier=y", env=["A=1"], port="80", stdin=True, tty=True,
                  command=True, args=["sh"])
    c = pod["spec"]["containers"][0]
    assert list(c) == ["name", "image", "command", "ports", "env", "resources", "stdin", "stdinOnce", "tty"]
    assert pod["metadata"]["labels"] == {"app": "x", "tier": "y"}
    with pytest.raises(GeneratorError, match="invalid env: 1=2"):
        gen.pod("x", "y", env=["1=2"])
    with pytest.raises(GeneratorError, match="unexpected label spec: a"):
        gen.pod("x", "y", labels="a")


def test_the_booklets_run_deployment():
    d = gen.run_deployment("redis", "redis:alpine")
    assert d["metadata"]["labels"] == {"run": "redis"}
    assert d["spec"]["selector"] == {"matchLabels": {"run": "redis"}}
    assert d["spec"]["template"]["spec"]["containers"] == [{"name": "redis", "image": "redis:alpine", "resources": {}}]


def test_exposed_service_names_several_ports_and_takes_protocols():
    svc = gen.exposed_service(name="web", selector="app=web", ports=["80", "443"],
                              protocols={"80": ["TCP"], "443": ["UDP"]}, labels="app=web", service_type="NodePort")
    assert svc["spec"]["ports"] == [{"name": "port-1", "protocol": "TCP", "port": 80, "targetPort": 80},
                                    {"name": "port-2", "protocol": "UDP", "port": 443, "targetPort": 443}]
    assert list(svc["spec"]) == ["ports", "selector", "type"]
    one = gen.exposed_service(name="r", selector="run=r", ports=["6379"], target_port="redis")
    assert one["spec"]["ports"] == [{"protocol": "TCP", "port": 6379, "targetPort": "redis"}]

"""`kubeadm join` in process: discovery (JWS + CA pinning), TLS bootstrap, a working node."""

import pytest

from k8slab import Cluster
from k8slab import kubeadm


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    c = Cluster(nodes=1, seed=0)
    r = kubeadm.init(c, str(tmp_path_factory.mktemp("lab")))
    return c, r


def test_join_makes_a_ready_node_with_its_own_certificate(lab, tmp_path):
    c, r = lab
    j = kubeadm.join(c, "node2", r.token, r.ca_hash, data_dir=str(tmp_path))
    assert j.error == ""
    assert j.output.endswith("Run 'kubectl get nodes' on the control-plane to see this node join the cluster.\n")
    nodes = {n["metadata"]["name"]: n for n in c.client.list("v1", "Node")["items"]}
    ready = [x for x in nodes["node2"]["status"]["conditions"] if x["type"] == "Ready"][0]
    assert ready["status"] == "True"
    csrs = c.client.list("certificates.k8s.io/v1", "CertificateSigningRequest")["items"]
    assert [x["spec"]["username"] for x in csrs] == [f"system:bootstrap:{r.token.split('.')[0]}"]
    from k8slab.client import InProcessTransport
    pem = (tmp_path / "pki" / "kubelet-client-current.pem").read_bytes()
    cert = pem[:pem.index(b"-----END CERTIFICATE-----") + 26]
    got = InProcessTransport(c.api, peer_certificates=[cert]).request(
        "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
        body={"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"})
    assert got.body["status"]["userInfo"]["username"] == "system:node:node2"
    assert "client-certificate: " + str(tmp_path / "pki" / "kubelet-client-current.pem") in \
        (tmp_path / "kubelet.conf").read_text()


def test_a_wrong_ca_hash_is_refused(lab):
    c, r = lab
    j = kubeadm.join(c, "node3", r.token, "sha256:" + "0" * 64)
    assert j.error == ("error execution phase preflight: couldn't validate the identity of the API Server: cluster "
                       f'CA found in cluster-info ConfigMap is invalid: none of the public keys "{r.ca_hash}" are '
                       "pinned")


def test_a_wrong_token_secret_is_refused(lab):
    c, r = lab
    j = kubeadm.join(c, "node3", r.token[:-1] + ("x" if r.token[-1] != "x" else "y"), r.ca_hash)
    assert j.error.endswith("failed to verify JWS signature of received cluster info object, can't trust this "
                            "API Server")


def test_an_unknown_token_id_has_no_signature(lab):
    c, r = lab
    from k8slab.kubeadm.discovery import ClusterEndpoint, JoinError, discover
    endpoint = ClusterEndpoint(c, timeout=2)
    with pytest.raises(JoinError) as e:
        discover(endpoint, "zzzzzz.0123456789abcdef", [r.ca_hash])
    assert str(e.value) == 'could not find a JWS signature in the cluster-info ConfigMap for token ID "zzzzzz"'


def test_no_ca_hash_needs_the_unsafe_flag(lab):
    c, r = lab
    from k8slab.kubeadm.discovery import ClusterEndpoint, JoinError, discover
    with pytest.raises(JoinError) as e:
        discover(ClusterEndpoint(c), r.token, [])
    assert "using token-based discovery without caCertHashes can be unsafe" in str(e.value)
    server, ca = discover(ClusterEndpoint(c), r.token, [], unsafe_skip_ca_verification=True)
    assert server == "https://127.0.0.1:6443" and ca.startswith(b"-----BEGIN CERTIFICATE-----")

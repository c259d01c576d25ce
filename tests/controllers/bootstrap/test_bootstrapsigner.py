"""The bootstrap signer keeps cluster-info signed with every signing bootstrap token."""

from k8slab import Cluster
from k8slab.kubeadm import clusterinfo, tokens


def _cluster():
    c = Cluster(nodes=0, seed=0, controllers="*,bootstrapsigner,tokencleaner")
    c.client.create(clusterinfo.configmap("https://127.0.0.1:6443", b"CA"), "kube-public")
    return c


def _data(c):
    return c.client.get("v1", "ConfigMap", "cluster-info", "kube-public")["data"]


def test_signatures_follow_the_tokens():
    c = _cluster()
    assert list(_data(c)) == ["kubeconfig"]
    c.client.create(tokens.token_secret("abcdef.0123456789abcdef", c.clock.time(), 3600), "kube-system")
    c.client.create(tokens.token_secret("zyxwvu.0123456789abcdef", c.clock.time(), 0, usages=("authentication",)),
                    "kube-system")
    c.settle()
    data = _data(c)
    assert sorted(data) == ["jws-kubeconfig-abcdef", "kubeconfig"]       # only signing tokens sign
    assert clusterinfo.detached_token_is_valid(data["jws-kubeconfig-abcdef"], data["kubeconfig"], "abcdef",
                                               "0123456789abcdef")
    c.client.delete("v1", "Secret", "bootstrap-token-abcdef", "kube-system")
    c.settle()
    assert list(_data(c)) == ["kubeconfig"]


def test_off_by_default_as_upstream():
    c = Cluster(nodes=0, seed=0)
    c.client.create(clusterinfo.configmap("https://127.0.0.1:6443", b"CA"), "kube-public")
    c.client.create(tokens.token_secret("abcdef.0123456789abcdef", c.clock.time(), 3600), "kube-system")
    c.settle()
    assert list(_data(c)) == ["kubeconfig"]

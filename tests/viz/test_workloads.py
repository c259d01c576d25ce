"""Chapter 7's views: the ownership diagram, the NodePort bitmap and the hash-suffix codec."""

import pytest

from k8slab import Cluster
from k8slab.api.names import safe_encode_string
from k8slab.viz.workloads import NodePortMap, SuffixCodec, decode_suffix, ownership


@pytest.fixture(scope="module")
def redis():
    c = Cluster(nodes=1, seed=0, profile="book")
    c.kubectl("run redis --image=redis:alpine")
    c.kubectl("scale deploy/redis --replicas=2")
    c.kubectl("expose deploy/redis --port=6379 --name=redis-server --type=NodePort")
    c.kubectl("create service nodeport fixed --tcp=80:80 --node-port=30001")
    c.settle()
    return c


def test_ownership_chain_and_selection(redis):
    d = ownership(redis)
    lines = d.text().splitlines()
    assert lines[0] == "Ownership and selection in namespace default"
    pods = sorted(p["metadata"]["name"] for p in redis.client.list("v1", "Pod", "default")["items"])
    assert len(pods) == 2 and all(p.startswith("redis-7c7545cbcb-") for p in pods)
    assert "  deployment/redis -> replicaset/redis-7c7545cbcb: owns" in lines
    for p in pods:
        assert f"  replicaset/redis-7c7545cbcb -> pod/{p} pod-template-hash=3731017676,run=redis: owns" in lines
        assert f"  service/redis-server -> pod/{p} pod-template-hash=3731017676,run=redis: selects run=redis" in lines
    # the kubernetes Service has no selector, the fixed one selects app=fixed: no edges from them
    assert not any(l.startswith("  service/kubernetes") or l.startswith("  service/fixed") for l in lines)
    assert "subgraph" not in d.graph.source and "redis-server" in d.graph.source


def test_nodeport_map_reads_the_allocator_bitmap(redis):
    view = NodePortMap(redis)
    ports = {s["metadata"]["name"]: s["spec"]["ports"][0]["nodePort"]
             for s in redis.client.list("v1", "Service", "default")["items"] if s["spec"]["type"] == "NodePort"}
    assert view.allocated == sorted(ports.values()) and ports["fixed"] == 30001
    text = view.text().splitlines()
    assert text[0].startswith("NodePort range 30000-32767: 2768 ports, 2 allocated")
    assert text[1].startswith("30000-31023 #")                  # 30001 is in the first block
    assert "  30001  default/fixed" in text and f"  {ports['redis-server']}  default/redis-server" in text
    assert len(text[1].split()[1]) == 32 and text[3].startswith("32048-32767 ")
    block = (ports["redis-server"] - 30000) // 32
    row, col = divmod(block, 32)
    assert text[1 + row].split()[1][col] == "#"
    assert "<pre" in view.widget.children[0].value


def test_suffix_codec_both_ways():
    assert safe_encode_string("3731017676") == "7c7545cbcb"
    for decimal in ("3731017676", "3497892450", "663450821", "3130754918", "0123456789"):
        assert decode_suffix(safe_encode_string(decimal)) == decimal
    with pytest.raises(ValueError, match="'g' is not the encoding of a digit"):
        decode_suffix("7c7g")
    view = SuffixCodec()
    assert view.text().splitlines()[1].startswith("3731017676 -> 7c7545cbcb   (3->7 7->c")
    view.set(suffix="78fcdf6894")
    assert view.decimal.value == "3497892450"
    view.set(decimal="663450821")
    assert view.suffix.value == "bb7894d65"
    view.set(suffix="xyz")
    assert "is not the encoding of a digit" in view.note.value and view.decimal.value == "663450821"

"""What resource words name, against the in-process server's discovery."""

import pytest

from k8slab import Cluster
from k8slab.kubectl.errors import CommandError


@pytest.fixture(scope="module")
def discovery():
    from k8slab.kubectl.client import RESTClient
    from k8slab.kubectl.discovery import Discovery
    from k8slab.kubectl.klog import Klog
    from k8slab.kubectl.transport import InProcessTransport
    import io
    c = Cluster(nodes=0)
    return Discovery(RESTClient(InProcessTransport(c.api), None, Klog(io.StringIO())))


@pytest.mark.parametrize("word, name, group", [
    ("po", "pods", ""), ("pod", "pods", ""), ("Pods", "pods", ""), ("Pod", "pods", ""),
    ("deploy", "deployments", "apps"), ("deployments.apps", "deployments", "apps"),
    ("deployment.v1.apps", "deployments", "apps"), ("deploy.apps", "deployments", "apps"),
    ("events", "events", ""), ("events.events.k8s.io", "events", "events.k8s.io"),
])
def test_resolve(discovery, word, name, group):
    r = discovery.resolve(word)
    assert (r.name, r.group) == (name, group)


def test_short_names_are_case_sensitive_and_misses_are_kubectl_errors(discovery):
    for word, shown in (("PO", "PO"), ("foo.apps", "foo"), ("bogus", "bogus")):
        with pytest.raises(CommandError) as e:
            discovery.resolve(word)
        assert e.value.message == f'error: the server doesn\'t have a resource type "{shown}"'


def test_category_all(discovery):
    names = [r.name for r in discovery.category("all")]
    assert names[:3] == ["pods", "replicationcontrollers", "services"] or "pods" in names
    assert {"deployments", "replicasets", "services", "pods"} <= set(names)

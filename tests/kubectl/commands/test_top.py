"""kubectl top's tables, from Metrics API answers given by a stand-in client (k8slab serves no
metrics.k8s.io yet; the real kubectl's `error: Metrics API not available` is compared in
test_differential_nodecmds)."""

import io

import pytest

from k8slab.kubectl.commands import top
from k8slab.kubectl.errors import KubectlError
from k8slab.kubectl.flags import FlagSet

GROUPS = {"kind": "APIGroupList", "groups": [{"name": "metrics.k8s.io", "versions": [{"version": "v1beta1"}]}]}
NODES = {"items": [
    {"metadata": {"name": "node1"}, "status": {"allocatable": {"cpu": "2", "memory": "4Gi"},
                                               "capacity": {"cpu": "4", "memory": "8Gi"}}},
    {"metadata": {"name": "node2"}, "status": {"allocatable": {"cpu": "4", "memory": "8Gi"}}},
    {"metadata": {"name": "node3"}, "status": {"allocatable": {"cpu": "4", "memory": "8Gi"}}}]}
NODE_METRICS = {"items": [
    {"metadata": {"name": "node2"}, "usage": {"cpu": "1500m", "memory": "512Mi"}},
    {"metadata": {"name": "node1"}, "usage": {"cpu": "250m", "memory": "1Gi"}}]}
POD_METRICS = {"items": [
    {"metadata": {"name": "b", "namespace": "work"},
     "containers": [{"name": "c1", "usage": {"cpu": "100m", "memory": "10Mi"}}]},
    {"metadata": {"name": "a", "namespace": "default"},
     "containers": [{"name": "y", "usage": {"cpu": "5m", "memory": "100Ki"}},
                    {"name": "x", "usage": {"cpu": "1", "memory": "1Gi"}}]}]}


class Reply:
    def __init__(self, data):
        self.data = data

    def json(self):
        return self.data


class Client:
    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def get(self, path, query=None, **kw):
        self.asked.append(path)
        return self.answers[path]

    def request(self, method, path, query=None, **kw):
        return Reply(self.get(path))


class Session:
    def __init__(self, flags_fn, argv, answers, namespace="default"):
        fs = FlagSet()
        flags_fn(fs)
        self.flags, _, self.changed = fs.parse(argv)
        self.client = Client(answers)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.command_path = "top"
        self._ns = namespace

    def namespace(self):
        return self._ns, False


def table(rows):
    """What Go's tabwriter makes of tab-terminated cells (every column padded, 3 spaces, min 6)."""
    widths = [max(6, max(len(r[i]) for r in rows if i < len(r)) + 3) for i in range(max(map(len, rows)))]
    return "".join("".join(cell.ljust(widths[i]) for i, cell in enumerate(r)) + "\n" for r in rows)


def node_session(*argv):
    answers = {"/api": {"kind": "APIVersions", "versions": ["v1"]}, "/apis": GROUPS,
               "/apis/metrics.k8s.io/v1beta1/nodes": NODE_METRICS, "/api/v1/nodes": NODES}
    return Session(top.node_flags, list(argv), answers)


def test_node_table_against_allocatable():
    s = node_session()
    assert top.top_node(s, []) == 0
    assert s.out.getvalue() == table([
        ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"],
        ["node1", "250m", "12%", "1024Mi", "25%"],
        ["node2", "1500m", "37%", "512Mi", "6%"],
        ["node3", "<unknown>", "<unknown>", "<unknown>", "<unknown>"]])


def test_node_table_sorted_by_cpu_against_capacity():
    """A node without the resource in its capacity gets no percentage cells, as in kubectl."""
    s = node_session("--sort-by=cpu", "--show-capacity", "--no-headers")
    top.top_node(s, [])
    assert [line.split() for line in s.out.getvalue().splitlines()] == [
        ["node2", "1500m", "512Mi"],
        ["node1", "250m", "6%", "1024Mi", "12%"],
        ["node3", "<unknown>", "<unknown>", "<unknown>", "<unknown>"]]


def test_no_metrics_api():
    s = Session(top.node_flags, [], {"/api": {"versions": ["v1"]}, "/apis": {"groups": []}})
    with pytest.raises(KubectlError) as e:
        top.top_node(s, [])
    assert e.value.text() == "error: Metrics API not available"


def pod_session(*argv):
    answers = {"/api": {}, "/apis": GROUPS, "/apis/metrics.k8s.io/v1beta1/pods": POD_METRICS,
               "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods": {"items": POD_METRICS["items"][1:]}}
    return Session(top.pod_flags, list(argv), answers)


def test_pod_table():
    s = pod_session()
    top.top_pod(s, [])
    assert s.out.getvalue() == table([["NAME", "CPU(cores)", "MEMORY(bytes)"], ["a", "1005m", "1024Mi"]])


def test_pod_table_all_namespaces_with_sum():
    s = pod_session("-A", "--sum")
    top.top_pod(s, [])
    assert s.out.getvalue() == table([
        ["NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"],
        ["default", "a", "1005m", "1024Mi"],
        ["work", "b", "100m", "10Mi"],
        ["", "", "________", "________"],
        ["", "", "1105m", "1034Mi"]])


def test_pod_table_per_container_by_memory():
    s = pod_session("-A", "--containers", "--sort-by=memory")
    top.top_pod(s, [])
    assert s.out.getvalue() == table([
        ["NAMESPACE", "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"],
        ["default", "a", "x", "1000m", "1024Mi"],
        ["default", "a", "y", "5m", "0Mi"],
        ["work", "b", "c1", "100m", "10Mi"]])

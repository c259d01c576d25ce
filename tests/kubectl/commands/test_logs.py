"""kubectl logs through Cluster.kubectl (in-process, virtual clock): containers, prefixes,
workloads and selectors, and the errors (the real kubectl is compared in test_differential_nodecmds)."""

import pytest

from k8slab import Cluster

PODS = """\
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, "echo from a; sleep 3600"]}
  - {name: b, image: busybox, command: [sh, -c, "echo one; echo two; echo three; sleep 3600"]}
---
apiVersion: v1
kind: Pod
metadata:
  name: chosen
  annotations: {kubectl.kubernetes.io/default-container: b}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, "echo from a; sleep 3600"]}
  - {name: b, image: busybox, command: [sh, -c, "echo from b; sleep 3600"]}
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create -f -", stdin=PODS)
    c.kubectl("create deployment web --image=busybox --replicas=2 -- sh -c 'echo ready; sleep 3600'")
    c.settle()
    return c


def test_one_container_of_several(cluster):
    r = cluster.kubectl_result("logs two")
    assert (r.rc, r.out, r.err) == (0, "from a\n", 'Defaulted container "a" out of: a, b\n')
    assert cluster.kubectl("logs two -c b") == "one\ntwo\nthree\n"
    assert cluster.kubectl("logs two b --tail 1") == "three\n"
    r = cluster.kubectl_result("logs chosen")
    assert (r.out, r.err) == ("from b\n", "")


def test_all_containers_with_prefixes(cluster):
    assert cluster.kubectl("logs two --all-containers --prefix --tail 1") == "[pod/two/a] from a\n[pod/two/b] three\n"


def test_a_workload_uses_its_first_pod(cluster):
    r = cluster.kubectl_result("logs deploy/web")
    assert r.out == "ready\n" and r.err.startswith("Found 2 pods, using pod/web-")


def test_a_selector_reads_every_pod(cluster):
    out = cluster.kubectl("logs -l app=web --prefix")
    lines = out.splitlines()
    assert len(lines) == 2 and all(line.startswith("[pod/web-") and line.endswith("/busybox] ready") for line in lines)
    r = cluster.kubectl_result("logs -l app=none")
    assert (r.rc, r.out, r.err) == (0, "", "No resources found in default namespace.\n")


@pytest.mark.parametrize("cmd,err", [
    ("logs", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
             "POD or TYPE/NAME is a required argument for the logs command\n"
             "See 'kubectl logs -h' for help and examples\n"),
    ("logs two -l a=b", "error: only a selector (-l) or a POD name is allowed\n"
                        "See 'kubectl logs -h' for help and examples\n"),
    ("logs two -c nope", "error: container nope is not valid for pod two\n"),
    ("logs nope", 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'),
    ("logs nope -n nons", 'error: error from server (NotFound): namespaces "nons" not found in namespace "nons"\n'),
    ("logs svc/kubernetes", "error: cannot get the logs from *v1.Service: invalid service 'kubernetes': "
                            "Service is defined without a selector\n"),
    ("logs two --all-containers -c a", "error: --all-containers=true should not be specified with container name a\n"),
    ("logs two a -c b", "error: only one of -c or an inline [CONTAINER] arg is allowed\n"),
    ("logs two --tail -2", "error: --tail must be greater than or equal to -1\n"),
    ("logs two --since-time x", 'error: parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"\n'),
    ("logs -l app=web -f --max-log-requests 1", "error: you are attempting to follow 2 log streams, but maximum "
                                                 "allowed concurrency is 1, use --max-log-requests to increase the limit\n"),
])
def test_errors(cluster, cmd, err):
    r = cluster.kubectl_result(cmd)
    assert (r.rc, r.out, r.err) == (1, "", err)

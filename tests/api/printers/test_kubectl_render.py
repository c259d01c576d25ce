"""Golden `kubectl get` outputs: the installed kubectl renders our Tables from a stub API server.

The stub answers discovery and serves fixed objects as Tables built by k8slab.api.printers at a fixed
server time, so ages are deterministic. Each expected text below was written by hand from upstream's
printing rules; the same tables are also checked against the layout helper `builders.render`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from k8slab.api.printers import crd_table, table

from .builders import NOW, containers, make_pod, obj, render, ts

KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed")


def _node(name, role, ip, ready="True"):
    return obj("Node", name, namespace=None, created=-2 * 86400 + 3600,
               labels={f"node-role.kubernetes.io/{role}": ""} if role else None,
               status={"conditions": [{"type": "Ready", "status": ready}],
                       "addresses": [{"type": "InternalIP", "address": ip}],
                       "nodeInfo": {"kubeletVersion": "v1.32.4", "osImage": "Ubuntu 22.04.4 LTS",
                                    "kernelVersion": "6.5.0", "containerRuntimeVersion": "containerd://1.7.13"}})


PODS = [
    make_pod("redis-7c7545cbcb-2m6rw").phase("Running").node("node01").ip("10.244.1.5")
    .container("redis", running=True, ready=True),
    make_pod("backend-6b4c7d8f9b-xk2lp").phase("Running").node("node02").ip("10.244.2.7")
    .container("backend", waiting="CrashLoopBackOff", restarts=5, last_finished=3300),
    make_pod("work-5d7f8c9b6-q8zvn", created=3590).node("node01").container("work", waiting="ContainerCreating"),
]
NODES = [_node("master", "control-plane", "192.168.49.2"), _node("node01", None, "192.168.49.3"),
         _node("node02", None, "192.168.49.4", ready="False")]
NODES[2]["spec"] = {"unschedulable": True}
SERVICES = [
    obj("Service", "kubernetes", spec={"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
                                       "ports": [{"port": 443, "protocol": "TCP"}]}),
    obj("Service", "frontend", spec={"type": "NodePort", "clusterIP": "10.96.12.7", "clusterIPs": ["10.96.12.7"],
                                     "selector": {"app": "frontend"},
                                     "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}),
    obj("Service", "lb", spec={"type": "LoadBalancer", "clusterIP": "10.96.3.3", "clusterIPs": ["10.96.3.3"],
                               "ports": [{"port": 443, "nodePort": 31443, "protocol": "TCP"}]}),
]
DEPLOYMENTS = [obj("Deployment", "redis", api_version="apps/v1",
                   spec={"replicas": 2, "selector": {"matchLabels": {"run": "redis"}},
                         "template": {"spec": {"containers": containers("redis=redis:alpine")}}},
                   status={"replicas": 2, "readyReplicas": 1, "updatedReplicas": 2, "availableReplicas": 1})]
REPLICA_SETS = [obj("ReplicaSet", "redis-7c7545cbcb", api_version="apps/v1",
                    spec={"replicas": 1, "selector": {"matchLabels": {"run": "redis",
                                                                      "pod-template-hash": "3731017676"}},
                          "template": {"spec": {"containers": containers("redis=redis:alpine")}}},
                    status={"replicas": 1, "readyReplicas": 1})]
NAMESPACES = [obj("Namespace", n, namespace=None, created=c, status={"phase": "Active"})
              for n, c in (("default", -2 * 86400 + 3600), ("kube-system", -2 * 86400 + 3600), ("work", 3586))]
ENDPOINTS = [
    obj("Endpoints", "kubernetes", subsets=[{"addresses": [{"ip": "192.168.49.2"}], "ports": [{"port": 8443}]}]),
    obj("Endpoints", "redis-server", subsets=[{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.2.7"}],
                                               "ports": [{"port": 6379}]}]),
]
EVENTS = [
    obj("Event", "redis-7c7545cbcb-2m6rw.179a5c3e1f2b4d6a", involvedObject={
        "kind": "Pod", "name": "redis-7c7545cbcb-2m6rw", "fieldPath": "spec.containers{redis}"},
        type="Normal", reason="Pulling", message='pulling image "redis:alpine"',
        source={"component": "kubelet", "host": "node01"}, firstTimestamp=ts(3300), lastTimestamp=ts(3540),
        count=3),
    obj("Event", "redis.179a5c3d0a1b2c3d", involvedObject={"kind": "Deployment", "name": "redis"},
        type="Normal", reason="ScalingReplicaSet", message="Scaled up replica set redis-7c7545cbcb to 2",
        source={"component": "deployment-controller"}, firstTimestamp=ts(3000), lastTimestamp=ts(3000),
        count=1),
]
INGRESSES = [obj("Ingress", "saythx-ing", api_version="networking.k8s.io/v1",
                 spec={"rules": [{"host": "saythx.moelove.info"}]})]
CLUSTER_ROLES = [obj("ClusterRole", "view", api_version="rbac.authorization.k8s.io/v1", namespace=None)]
CRONTABS = [obj("CronTab", "my-new-cron-object", api_version="stable.example.com/v1",
                spec={"cronSpec": "* * * * */5", "replicas": 1}),
            obj("CronTab", "no-replicas", api_version="stable.example.com/v1", spec={"cronSpec": "@daily"})]
CRONTAB_VERSION = {"name": "v1", "additionalPrinterColumns": [
    {"name": "Spec", "type": "string", "jsonPath": ".spec.cronSpec"},
    {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"},
    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}]}

SHORT_NAMES = {"pods": ["po"], "nodes": ["no"], "services": ["svc"], "deployments": ["deploy"],
               "replicasets": ["rs"], "namespaces": ["ns"], "endpoints": ["ep"], "events": ["ev"],
               "ingresses": ["ing"]}

# (group, version, plural, kind, namespaced, objects)
RESOURCES = [
    ("", "v1", "pods", "Pod", True, PODS),
    ("", "v1", "nodes", "Node", False, NODES),
    ("", "v1", "services", "Service", True, SERVICES),
    ("", "v1", "namespaces", "Namespace", False, NAMESPACES),
    ("", "v1", "endpoints", "Endpoints", True, ENDPOINTS),
    ("", "v1", "events", "Event", True, EVENTS),
    ("apps", "v1", "deployments", "Deployment", True, DEPLOYMENTS),
    ("apps", "v1", "replicasets", "ReplicaSet", True, REPLICA_SETS),
    ("networking.k8s.io", "v1", "ingresses", "Ingress", True, INGRESSES),
    ("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", False, CLUSTER_ROLES),
    ("stable.example.com", "v1", "crontabs", "CronTab", True, CRONTABS),
]


def _table(group, plural, objects, accept_table):
    if not accept_table:
        return {"kind": "List", "apiVersion": "v1", "metadata": {"resourceVersion": "7"}, "items": objects}
    if group == "stable.example.com":
        return crd_table(CRONTAB_VERSION, objects, NOW, resource_version="7")
    return table(group, plural, objects, NOW, resource_version="7")


def _discovery(path):
    if path == "/version":
        return {"major": "1", "minor": "32", "gitVersion": "v1.32.4", "platform": "linux/amd64"}
    if path == "/api":
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
    groups = sorted({(g, v) for g, v, *_ in RESOURCES if g})
    if path == "/apis":
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
            {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
             "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}} for g, v in groups]}
    for g, v in [("", "v1")] + groups:
        if path == (f"/apis/{g}/{v}" if g else "/api/v1"):
            return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{g}/{v}" if g else v,
                    "resources": [{"name": p, "singularName": k.lower(), "namespaced": ns, "kind": k,
                                   "verbs": ["get", "list"], "shortNames": SHORT_NAMES.get(p, [])}
                                  for rg, rv, p, k, ns, _ in RESOURCES if (rg, rv) == (g, v)]}
    return None


class _Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        body = _discovery(path)
        for g, v, plural, _, namespaced, objects in RESOURCES:
            prefix = f"/apis/{g}/{v}" if g else "/api/v1"
            if path in (f"{prefix}/{plural}", f"{prefix}/namespaces/default/{plural}"):
                body = _table(g, plural, objects, "as=Table" in self.headers.get("Accept", ""))
        data = json.dumps(body if body is not None else {
            "kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
            "message": "the server could not find the requested resource"}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def kubectl():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cache = tempfile.mkdtemp(prefix="k8slab-printers-")

    def run(*args: str) -> str:
        p = subprocess.run([KUBECTL, f"--server=http://127.0.0.1:{server.server_port}", "--cache-dir", cache,
                            *args], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "KUBECONFIG": os.devnull})
        assert p.returncode == 0, p.stderr
        return p.stdout.rstrip("\n")

    yield run
    server.shutdown()
    server.server_close()
    shutil.rmtree(cache, ignore_errors=True)


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in textwrap.dedent(text).strip("\n").splitlines())


GOLDEN = {
    ("get", "pods"): """
        NAME                       READY   STATUS              RESTARTS     AGE
        redis-7c7545cbcb-2m6rw     1/1     Running             0            60m
        backend-6b4c7d8f9b-xk2lp   0/1     CrashLoopBackOff    5 (5m ago)   60m
        work-5d7f8c9b6-q8zvn       0/1     ContainerCreating   0            10s
        """,
    ("get", "pods", "-o", "wide"): """
        NAME                       READY   STATUS              RESTARTS     AGE   IP           NODE     NOMINATED NODE   READINESS GATES
        redis-7c7545cbcb-2m6rw     1/1     Running             0            60m   10.244.1.5   node01   <none>           <none>
        backend-6b4c7d8f9b-xk2lp   0/1     CrashLoopBackOff    5 (5m ago)   60m   10.244.2.7   node02   <none>           <none>
        work-5d7f8c9b6-q8zvn       0/1     ContainerCreating   0            10s   <none>       node01   <none>           <none>
        """,
    ("get", "nodes"): """
        NAME     STATUS                        ROLES           AGE   VERSION
        master   Ready                         control-plane   2d    v1.32.4
        node01   Ready                         <none>          2d    v1.32.4
        node02   NotReady,SchedulingDisabled   <none>          2d    v1.32.4
        """,
    ("get", "svc", "-o", "wide"): """
        NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE   SELECTOR
        kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP         60m   <none>
        frontend     NodePort       10.96.12.7   <none>        80:30080/TCP    60m   app=frontend
        lb           LoadBalancer   10.96.3.3    <pending>     443:31443/TCP   60m   <none>
        """,
    ("get", "deploy", "-o", "wide"): """
        NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR
        redis   1/2     2            1           60m   redis        redis:alpine   run=redis
        """,
    ("get", "rs", "-o", "wide"): """
        NAME               DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES         SELECTOR
        redis-7c7545cbcb   1         1         1       60m   redis        redis:alpine   pod-template-hash=3731017676,run=redis
        """,
    ("get", "ns"): """
        NAME          STATUS   AGE
        default       Active   2d
        kube-system   Active   2d
        work          Active   14s
        """,
    ("get", "ep"): """
        NAME           ENDPOINTS                         AGE
        kubernetes     192.168.49.2:8443                 60m
        redis-server   10.244.1.5:6379,10.244.2.7:6379   60m
        """,
    ("get", "events"): """
        LAST SEEN   TYPE     REASON              OBJECT                       MESSAGE
        60s         Normal   Pulling             pod/redis-7c7545cbcb-2m6rw   pulling image "redis:alpine"
        10m         Normal   ScalingReplicaSet   deployment/redis             Scaled up replica set redis-7c7545cbcb to 2
        """,
    ("get", "ing"): """
        NAME         CLASS    HOSTS                 ADDRESS   PORTS   AGE
        saythx-ing   <none>   saythx.moelove.info             80      60m
        """,
    ("get", "clusterroles"): """
        NAME   CREATED AT
        view   2023-11-14T22:13:20Z
        """,
    ("get", "crontabs"): """
        NAME                 SPEC          REPLICAS   AGE
        my-new-cron-object   * * * * */5   1          60m
        no-replicas          @daily                   60m
        """,
}


@pytest.mark.parametrize("args", list(GOLDEN), ids=lambda a: " ".join(a))
def test_kubectl_prints_our_tables(kubectl, args):
    assert _lines(kubectl(*args)) == _lines(GOLDEN[args])


@pytest.mark.parametrize("args,group,plural,objects", [
    (("get", "pods", "-o", "wide"), "", "pods", PODS),
    (("get", "nodes", "-o", "wide"), "", "nodes", NODES),
    (("get", "svc"), "", "services", SERVICES),
    (("get", "crontabs"), "stable.example.com", "crontabs", CRONTABS),
    (("get", "events", "-o", "wide"), "", "events", EVENTS),
], ids=lambda a: " ".join(a) if isinstance(a, tuple) else None)
def test_render_helper_lays_out_like_kubectl(kubectl, args, group, plural, objects):
    wide = "wide" in args
    t = crd_table(CRONTAB_VERSION, objects, NOW) if group == "stable.example.com" else \
        table(group, plural, objects, NOW)
    assert _lines(kubectl(*args)) == _lines(render(t, wide=wide))

"""Record the request bodies real kubectl binaries send, for the protobuf decoder's tests.

A throwaway HTTP stub on 127.0.0.1 answers /version, legacy discovery and a few canned GETs,
accepts every POST/PUT and keeps the bodies. `capture(binary, args)` runs one kubectl command
against it. kubectl 1.32+ sends generator bodies as protobuf, 1.31 as JSON, so running the same
command with both gives a (protobuf, JSON) pair for the same object.

Record the fixtures again with:  python3 -m tests.api.protobuf_capture
"""
import base64
import json
import os
import re
import shlex
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BIN_DIR = Path("/usr/lib/google-cloud-sdk/bin")
FIXTURES = Path(__file__).parent / "fixtures" / "protobuf"
PROTOBUF = "application/vnd.kubernetes.protobuf"

# fixture name -> kubectl arguments ({fixtures} is replaced by the fixtures directory)
COMMANDS = {
    "namespace": "create namespace x",
    "configmap": "create configmap cm --from-literal=a=b --from-literal=c=d",
    "configmap-file": "create configmap cmf --from-file={fixtures}/game.properties",
    "secret-generic": "create secret generic s --from-literal=k=v --type=Opaque",
    "secret-tls": "create secret tls tls --cert={fixtures}/tls.crt --key={fixtures}/tls.key",
    "secret-docker-registry": "create secret docker-registry reg --docker-server=r.example"
                              " --docker-username=u --docker-password=p --docker-email=e@example.com",
    "service-clusterip": "create service clusterip svc --tcp=80:8080 --tcp=443",
    "service-headless": "create service clusterip headless --clusterip=None",
    "service-nodeport": "create service nodeport np --tcp=80:8080 --node-port=30080",
    "service-loadbalancer": "create service loadbalancer lb --tcp=443:8443",
    "service-externalname": "create service externalname ext --external-name=db.example.com",
    "serviceaccount": "create serviceaccount sa",
    "deployment": "create deployment web --image=nginx:1.25 --replicas=3 --port=80",
    "deployment-command": "create deployment cmd --image=busybox -- sleep 3600",
    "deployment-multi": "create deployment multi --image=nginx --image=redis -n other",
    "job": "create job j --image=busybox -- echo hi",
    "job-from-cronjob": "create job j2 --from=cronjob/cj",
    "cronjob": "create cronjob cj --image=busybox '--schedule=*/5 * * * *' --restart=OnFailure -- date",
    "role": "create role r --verb=get --verb=list --resource=pods --resource=deployments.apps"
            " --resource-name=a",
    "clusterrole": "create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs/*",
    "clusterrole-aggregated": "create clusterrole agg"
                              " --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true",
    "rolebinding": "create rolebinding rb --role=r --user=alice --group=devs --serviceaccount=default:sa",
    "clusterrolebinding": "create clusterrolebinding crb --clusterrole=cr --user=bob",
    "quota": "create quota q --hard=cpu=1,memory=1G,pods=2,requests.storage=10Gi --scopes=BestEffort",
    "priorityclass": "create priorityclass high --value=1000 --description=high"
                     " --preemption-policy=Never",
    "priorityclass-default": "create priorityclass low --value=0 --global-default=true",
    "pdb": "create pdb pdb --selector=app=web --min-available=1",
    "pdb-max-unavailable": "create pdb pdb2 --selector=app=web --max-unavailable=50%",
    "ingress": "create ingress web --class=nginx --rule=foo.com/bar=svc1:8080,tls=my-cert"
               " --rule=bar.com/*=svc2:http --default-backend=defsvc:http --annotation=a=b",
    "token": "create token default",
    "token-bound": "create token sa --duration=1h --audience=api --bound-object-kind=Pod"
                   " --bound-object-name=p --bound-object-uid=0b7f6c3e",
    "can-i": "auth can-i get pods",
    "can-i-subresource": "auth can-i get pods --subresource=log -n kube-system",
    "can-i-nonresource": "auth can-i get /logs",
    "can-i-list": "auth can-i --list",
    "whoami": "auth whoami",
    "drain-delete-options": "drain n1 --disable-eviction",  # eviction itself goes as JSON
    "debug-node": "debug node/n1 --image=busybox --profile=general",
    "certificate-approve": "certificate approve csr1",
}

CANNED = {  # GET path -> object the stub returns
    "/apis/batch/v1/namespaces/default/cronjobs/cj": {
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "cj", "namespace": "default", "uid": "11111111-2222-3333-4444-555555555555"},
        "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"metadata": {"labels": {"app": "cj"}},
                 "spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [
                     {"name": "cj", "image": "busybox", "command": ["date"]}]}}}}}},
    "/api/v1/nodes/n1": {"apiVersion": "v1", "kind": "Node",
                         "metadata": {"name": "n1", "uid": "n1-uid"}, "spec": {"unschedulable": True}},
    "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr1": {
        "apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
        "metadata": {"name": "csr1", "uid": "csr1-uid", "resourceVersion": "5"},
        "spec": {"request": base64.b64encode(b"not a real request").decode(),
                 "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]},
        "status": {}},
}
POD_LIST = {"apiVersion": "v1", "kind": "PodList", "metadata": {"resourceVersion": "9"}, "items": [
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p1", "namespace": "default", "uid": "p1-uid",
     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "rs-uid",
                          "controller": True}]},
     "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "nginx"}]}}]}

RESOURCES = {  # group/version -> [(plural, kind, namespaced)]
    "v1": [("namespaces", "Namespace", False), ("configmaps", "ConfigMap", True),
           ("secrets", "Secret", True), ("services", "Service", True), ("pods", "Pod", True),
           ("pods/eviction", "policy/v1/Eviction", True), ("serviceaccounts", "ServiceAccount", True),
           ("serviceaccounts/token", "authentication.k8s.io/v1/TokenRequest", True), ("resourcequotas", "ResourceQuota", True),
           ("nodes", "Node", False)],
    "apps/v1": [("deployments", "Deployment", True)],
    "batch/v1": [("jobs", "Job", True), ("cronjobs", "CronJob", True)],
    "rbac.authorization.k8s.io/v1": [("roles", "Role", True), ("clusterroles", "ClusterRole", False),
                                     ("rolebindings", "RoleBinding", True),
                                     ("clusterrolebindings", "ClusterRoleBinding", False)],
    "authorization.k8s.io/v1": [("selfsubjectaccessreviews", "SelfSubjectAccessReview", False),
                                ("selfsubjectrulesreviews", "SelfSubjectRulesReview", False)],
    "authentication.k8s.io/v1": [("selfsubjectreviews", "SelfSubjectReview", False)],
    "scheduling.k8s.io/v1": [("priorityclasses", "PriorityClass", False)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
    "networking.k8s.io/v1": [("ingresses", "Ingress", True)],
    "certificates.k8s.io/v1": [("certificatesigningrequests", "CertificateSigningRequest", False),
                               ("certificatesigningrequests/approval", "CertificateSigningRequest", False)],
}
VERBS = ["create", "get", "list", "delete", "update", "patch", "watch"]
STATUS = {  # kind -> status the reply carries, so that kubectl prints its normal answer
    "SelfSubjectAccessReview": {"allowed": True},
    "SelfSubjectRulesReview": {"resourceRules": [], "nonResourceRules": [], "incomplete": False},
    "SelfSubjectReview": {"userInfo": {"username": "admin", "groups": ["system:masters"]}},
    "TokenRequest": {"token": "t0k3n", "expirationTimestamp": "2030-01-01T00:00:00Z"},
}


def normalise(name, obj):
    """Mask what changes from run to run, not from version to version: the clock and the RNG."""
    if name == "debug-node":  # kubectl picks a random 5-character suffix
        obj["metadata"]["name"] = re.sub(r"-[a-z0-9]{5}$", "-xxxxx", obj["metadata"]["name"])
    if name == "certificate-approve":  # the approval condition is stamped with the current time
        for condition in obj["status"]["conditions"]:
            condition["lastUpdateTime"] = "<now>"
    return obj


def _discovery(path):
    if path == "/api":
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}
    if path == "/apis":
        groups = [gv.split("/") for gv in RESOURCES if "/" in gv]
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
            {"name": g, "versions": [{"groupVersion": f"{g}/{v}", "version": v}],
             "preferredVersion": {"groupVersion": f"{g}/{v}", "version": v}} for g, v in groups]}
    gv = path.removeprefix("/api/").removeprefix("/apis/")
    if gv in RESOURCES:
        resources = []
        for plural, kind, namespaced in RESOURCES[gv]:
            group_version, _, kind = kind.rpartition("/")  # a subresource of another group
            group, _, version = group_version.rpartition("/")
            resources.append({"name": plural, "singularName": plural.split("/")[0][:-1],
                              "namespaced": namespaced, "kind": kind, "verbs": VERBS,
                              **({"group": group, "version": version} if version else {})})
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}
    return None


def _reply_object(content_type, body):
    """Something kubectl accepts as the created object: the request echoed back as JSON."""
    try:
        if content_type.startswith(PROTOBUF):
            from k8slab.api.protobuf import decode
            obj = decode(body)
        else:
            obj = json.loads(body)
    except Exception:  # noqa: BLE001 - the stub must answer whatever the decoder thinks
        obj = {}
    obj.setdefault("metadata", {}).setdefault("name", "x")
    if obj.get("kind") in STATUS:
        obj["status"] = STATUS[obj["kind"]]
    return obj


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/version":
            self._send(200, {"major": "1", "minor": self.server.minor,
                             "gitVersion": f"v1.{self.server.minor}.0-capture"})
        elif _discovery(path) is not None:
            self._send(200, _discovery(path))
        elif path in CANNED:
            self._send(200, CANNED[path])
        elif path == "/api/v1/pods" and not self.server.evicted:
            self._send(200, POD_LIST)
        elif path == "/api/v1/pods":
            self._send(200, dict(POD_LIST, items=[]))
        else:
            self._send(404, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                             "message": "not found", "reason": "NotFound", "code": 404})

    def _accept_body(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type", "")
        self.server.requests.append({"method": self.command, "path": self.path,
                                     "content_type": content_type, "body": body})
        if self.path.split("?")[0].endswith("/eviction"):
            self.server.evicted = True
        self._send(201 if self.command == "POST" else 200, _reply_object(content_type, body))

    do_POST = do_PUT = do_PATCH = do_DELETE = _accept_body


def capture(binary, args, timeout=60):
    """Run `binary args` against a fresh stub; return the requests that carried a body."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.minor, server.requests, server.evicted = "32", [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            kubeconfig = Path(tmp) / "kubeconfig"
            kubeconfig.write_text(json.dumps({
                "apiVersion": "v1", "kind": "Config", "current-context": "stub",
                "clusters": [{"name": "stub", "cluster": {"server": f"http://127.0.0.1:{server.server_port}"}}],
                "contexts": [{"name": "stub", "context": {"cluster": "stub", "user": "stub",
                                                          "namespace": "default"}}],
                "users": [{"name": "stub", "user": {}}]}))
            argv = [str(binary), f"--cache-dir={tmp}/cache", "--request-timeout=20s"]
            argv += shlex.split(args.replace("{fixtures}", str(FIXTURES)))
            proc = subprocess.run(argv, env=dict(os.environ, KUBECONFIG=str(kubeconfig)),
                                  capture_output=True, timeout=timeout, text=True)
    finally:
        server.shutdown()
        server.server_close()
    return proc, [r for r in server.requests if r["body"]]


def record(names=()):
    """Write <name>.pb (kubectl 1.32) and <name>.json (kubectl 1.31) for each command."""
    for name, args in COMMANDS.items():
        if names and name not in names:
            continue
        for version, suffix, wanted in (("1.32", ".pb", PROTOBUF), ("1.31", ".json", "application/json")):
            proc, requests = capture(BIN_DIR / f"kubectl.{version}", args)
            sent = [(r["method"], r["path"].split("?")[0], r["content_type"]) for r in requests]
            print(f"{name:24} {version} rc={proc.returncode} {sent}")
            if proc.returncode:
                print("   ", proc.stderr.strip()[:300])
            bodies = [r["body"] for r in requests if r["content_type"].startswith(wanted)]
            if bodies:
                (FIXTURES / f"{name}{suffix}").write_bytes(bodies[-1])


if __name__ == "__main__":
    import sys
    record(sys.argv[1:])

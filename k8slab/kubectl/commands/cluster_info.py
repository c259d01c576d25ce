"""`kubectl cluster-info`: where the control plane and the cluster's services answer.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/clusterinfo/clusterinfo.go` (the control plane's
URL, then every kube-system Service labelled `kubernetes.io/cluster-service=true` as
`<name> is running at <server>/api/v1/namespaces/kube-system/services/<name>[:<port>]/proxy`
(or its LoadBalancer ingress); colours only on a terminal; the pointer to `cluster-info dump`).

Differences from upstream: `cluster-info dump` is not offered.
"""

from __future__ import annotations

from ..client import ACCEPT_JSON
from ..registry import command

GREEN, YELLOW, RESET = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"


@command("cluster-info", short="Display cluster information")
def cluster_info(session, args: list[str]) -> int:
    color = hasattr(session.out, "isatty") and session.out.isatty()

    def line(name: str, url: str) -> str:
        if color:
            return f"{GREEN}{name}{RESET} is running at {YELLOW}{url}{RESET}\n"
        return f"{name} is running at {url}\n"

    server = session.config.server
    session.discovery.resolve("services")          # the resource builder maps `services` first
    services = session.client.get("/api/v1/namespaces/kube-system/services",
                                  {"labelSelector": "kubernetes.io/cluster-service=true"},
                                  accept=ACCEPT_JSON, caller="request.go:1351")
    out = session.out
    out.write(line("Kubernetes control plane", server))
    for svc in services.get("items") or []:
        meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
        name = (meta.get("labels") or {}).get("kubernetes.io/name") or meta.get("name", "")
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        if ingress:
            for ing in ingress:
                ip = ing.get("ip") or ing.get("hostname") or ""
                for port in spec.get("ports") or []:
                    out.write(line(name, f"http://{ip}:{port.get('port')}"))
            continue
        ports = spec.get("ports") or []
        if not ports:
            out.write(line(name, f"{server}/api/v1/namespaces/kube-system/services/{meta.get('name')}/proxy"))
        for port in ports:
            suffix = f":{port['name']}" if port.get("name") else ""
            out.write(line(name, f"{server}/api/v1/namespaces/kube-system/services/"
                                 f"{meta.get('name')}{suffix}/proxy"))
    out.write("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    return 0

"""What a new cluster holds before anyone writes: the system namespaces, the `kubernetes`
Service and its Endpoints, the service range allocations, and the system PriorityClasses.

Follows `pkg/controlplane/controller/systemnamespaces` (default, kube-system, kube-public,
kube-node-lease), `pkg/controlplane/controller/kubernetesservice` (Service `kubernetes` in
`default` at the first address of the service range, port 443 named https, targetPort the secure
port, and its Endpoints / EndpointSlice) and `pkg/registry/scheduling/rest` (system-node-critical,
system-cluster-critical).

With RBAC among the authorization modes it also writes upstream's default RBAC policy (the
`rbac/bootstrap-roles` post-start hook, k8slab/apiserver/authz/bootstrap.py).

Differences from upstream: the endpoint is the advertise address, 127.0.0.1 by default, which
validation refuses for user-written Endpoints; these objects are written as the apiserver's own.
"""

from __future__ import annotations

from . import errors as E

SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"]
SYSTEM_PRIORITY_CLASSES = [("system-node-critical", 2000001000,
                            "Used for system critical pods that must not be moved from their current node."),
                           ("system-cluster-critical", 2000000000,
                            "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.")]


def _ensure(server, group, plural, ns, obj) -> None:
    res = server.lookup(group, "v1", plural)
    try:
        server.registry.get(res, ns, obj["metadata"]["name"])
    except E.APIError as e:
        if e.code != 404:
            raise
        server.registry.create(res, ns, obj, trusted=True)


def bootstrap(server) -> None:
    """Idempotent: run at every start; creates only what is missing."""
    for name in SYSTEM_NAMESPACES:
        _ensure(server, "", "namespaces", None, {"apiVersion": "v1", "kind": "Namespace",
                                                 "metadata": {"name": name}})
    first_ip = str(server.allocators.net.network_address + 1)
    port = server.secure_port or 6443
    _ensure(server, "", "services", "default", {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"type": "ClusterIP", "clusterIP": first_ip, "sessionAffinity": "None",
                 "ports": [{"name": "https", "protocol": "TCP", "port": 443, "targetPort": port}]}})
    _ensure(server, "", "endpoints", "default", {
        "apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
        "subsets": [{"addresses": [{"ip": server.advertise_address}],
                     "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}]})
    _ensure(server, "discovery.k8s.io", "endpointslices", "default", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "kubernetes"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [server.advertise_address], "conditions": {"ready": True}}],
        "ports": [{"name": "https", "port": port, "protocol": "TCP"}]})
    for name, value, description in SYSTEM_PRIORITY_CLASSES:
        _ensure(server, "scheduling.k8s.io", "priorityclasses", None, {
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": {"name": name}, "value": value, "description": description,
            "preemptionPolicy": "PreemptLowerPriority"})
    server.allocators.save()
    authz = getattr(server, "authz", None)
    if authz is not None and "RBAC" in authz.modes:
        from .authz.bootstrap import ensure_policy
        ensure_policy(server)

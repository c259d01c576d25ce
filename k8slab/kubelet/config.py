"""KubeletConfiguration: the kubelet's settings, with the defaults a v1.32 kubelet applies.

Follows `staging/src/k8s.io/kubelet/config/v1beta1/types.go` and
`pkg/kubelet/apis/config/v1beta1/defaults.go` for the fields k8slab uses, plus the simulated
machine (`machine`) that cAdvisor would measure on a real node. `to_dict()` gives the
`kubelet.config.k8s.io/v1beta1` document as `/var/lib/kubelet/config.yaml` holds it.

Differences from upstream: durations are seconds (floats), not Go duration strings; only the
fields that k8slab acts on are present.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .events import go_duration

DEFAULT_CAPACITY = {              # what cAdvisor reports for a small 2-CPU, 4 GiB VM
    "cpu": "2",
    "ephemeral-storage": "61202244Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    "memory": "4039532Ki",
    "pods": "110",
}


@dataclass
class KubeletConfiguration:
    max_pods: int = 110                                   # maxPods
    node_status_update_frequency: float = 10.0            # how often status is computed (s)
    node_status_report_frequency: float = 300.0           # post unchanged status at least this often (s)
    node_lease_duration_seconds: int = 40                 # Lease spec.leaseDurationSeconds; renewed every 1/4
    sync_frequency: float = 60.0                          # resync of running pods (s)
    file_check_frequency: float = 20.0                    # static pod manifest rescan (s)
    serialize_image_pulls: bool = True                    # one image pull at a time
    eviction_hard: dict = field(default_factory=lambda: {
        "imagefs.available": "15%", "memory.available": "100Mi",
        "nodefs.available": "10%", "nodefs.inodesFree": "5%"})
    kube_reserved: dict = field(default_factory=dict)     # e.g. {"cpu": "100m", "memory": "256Mi"}
    system_reserved: dict = field(default_factory=dict)
    cluster_dns: list = field(default_factory=lambda: ["10.96.0.10"])
    cluster_domain: str = "cluster.local"
    static_pod_path: str = ""                             # directory of static pod manifests
    port: int = 10250                                     # daemonEndpoints.kubeletEndpoint.Port
    healthz_port: int = 10248
    node_status_max_images: int = 50

    def to_dict(self) -> dict:
        """The KubeletConfiguration document (camelCase, Go durations)."""
        def dur(s):
            return go_duration(s)
        out = {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
               "clusterDNS": list(self.cluster_dns), "clusterDomain": self.cluster_domain,
               "evictionHard": dict(self.eviction_hard),
               "fileCheckFrequency": dur(self.file_check_frequency),
               "healthzBindAddress": "127.0.0.1", "healthzPort": self.healthz_port,
               "maxPods": self.max_pods,
               "nodeLeaseDurationSeconds": self.node_lease_duration_seconds,
               "nodeStatusReportFrequency": dur(self.node_status_report_frequency),
               "nodeStatusUpdateFrequency": dur(self.node_status_update_frequency),
               "port": self.port, "serializeImagePulls": self.serialize_image_pulls,
               "syncFrequency": dur(self.sync_frequency)}
        if self.kube_reserved:
            out["kubeReserved"] = dict(self.kube_reserved)
        if self.system_reserved:
            out["systemReserved"] = dict(self.system_reserved)
        if self.static_pod_path:
            out["staticPodPath"] = self.static_pod_path
        return dict(sorted(out.items()))

    def replace(self, **changes) -> "KubeletConfiguration":
        return KubeletConfiguration(**{**asdict(self), **changes})

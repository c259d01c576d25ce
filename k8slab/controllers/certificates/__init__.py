"""The certificate controllers of kube-controller-manager: csrapproving approves kubelets'
client-certificate requests that an authorizer allows, csrsigning signs approved requests with
the cluster CA (k8slab/controllers/certificates/approver.py and signer.py)."""

from .approver import CSRApprovingController
from .signer import CSRSigningController

__all__ = ["CSRApprovingController", "CSRSigningController"]

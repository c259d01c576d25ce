"""The bootstrap-token controllers of kube-controller-manager (off by default upstream;
kubeadm turns them on with `--controllers=*,bootstrapsigner,tokencleaner`)."""

from .bootstrapsigner import BootstrapSigner
from .tokencleaner import TokenCleaner

__all__ = ["BootstrapSigner", "TokenCleaner"]

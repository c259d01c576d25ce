"""DefaultTolerationSeconds: every new pod tolerates the not-ready and unreachable NoExecute taints
for 300 s, unless it already tolerates them, so that the taint manager evicts pods from a failed
node five minutes after the node lifecycle controller taints it.

Follows `plugin/pkg/admission/defaulttolerationseconds/admission.go` (Admit).
Differences from upstream: the two durations are fixed at upstream's default (300 s); the flags
--default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds are not offered.
"""

from __future__ import annotations

from .patches import append

TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready"
TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable"
DEFAULT_NOT_READY_TOLERATION_SECONDS = 300
DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300


class DefaultTolerationSeconds:
    name = "DefaultTolerationSeconds"
    resources = {("", "pods")}
    operations = ("CREATE",)

    def __init__(self, registry):
        pass

    def admit(self, a) -> list:
        spec = a.obj.setdefault("spec", {})
        ops: list = []
        for key, seconds in ((TAINT_NODE_NOT_READY, DEFAULT_NOT_READY_TOLERATION_SECONDS),
                             (TAINT_NODE_UNREACHABLE, DEFAULT_UNREACHABLE_TOLERATION_SECONDS)):
            if not _tolerates(spec.get("tolerations") or [], key):
                append(spec, "tolerations", {"key": key, "operator": "Exists", "effect": "NoExecute",
                                             "tolerationSeconds": seconds}, "/spec/tolerations", ops)
        return ops


def _tolerates(tolerations: list, key: str) -> bool:
    """A toleration with this key (or no key) and effect NoExecute (or no effect)."""
    return any(t.get("key", "") in ("", key) and t.get("effect", "") in ("", "NoExecute") for t in tolerations)

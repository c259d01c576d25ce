"""AlwaysPullImages: every container of a new or changed pod pulls its image every time it starts
(imagePullPolicy Always), so that a pod can only run a private image it holds the credentials for,
not one another tenant's pod left on the node.

Follows `plugin/pkg/admission/alwayspullimages/admission.go` (Admit, Validate, shouldIgnore,
isUpdateWithNoNewImages): containers, initContainers and ephemeralContainers are visited; an
update that brings no image the pod did not already run is left alone; the validating half refuses
a pod a later mutating plugin set back, with field.NotSupported's text per container.

The refusals are joined as utilerrors.NewAggregate joins them (`[a, b]`; one alone as itself); an
aggregate is no Status, so kube-apiserver answers it 500 with reason Unknown, and so does k8slab.
Differences from upstream: none known.
"""

from __future__ import annotations

from .. import errors as E
from .patches import set_field

PULL_ALWAYS = "Always"
CONTAINER_KINDS = ("initContainers", "containers", "ephemeralContainers")   # VisitContainersWithPath's order


class AlwaysPullImages:
    name = "AlwaysPullImages"
    resources = {("", "pods")}
    operations = ("CREATE", "UPDATE")

    def __init__(self, registry):
        pass

    def admit(self, a) -> list:
        ops: list = []
        if _should_ignore(a):
            return ops
        for kind, i, c in _containers(a.obj):
            if c.get("imagePullPolicy") != PULL_ALWAYS:
                set_field(c, "imagePullPolicy", PULL_ALWAYS, f"/spec/{kind}/{i}/imagePullPolicy", ops)
        return ops

    def validate(self, a) -> None:
        if _should_ignore(a):
            return
        errs = [a.forbidden(f'spec.{kind}[{i}].imagePullPolicy: Unsupported value: '
                            f'"{c.get("imagePullPolicy", "")}": supported values: "{PULL_ALWAYS}"').message
                for kind, i, c in _containers(a.obj) if c.get("imagePullPolicy") != PULL_ALWAYS]
        if errs:          # utilerrors.NewAggregate: one error as itself, several as [a, b]
            raise E.APIError(500, "Unknown", errs[0] if len(errs) == 1 else f"[{', '.join(errs)}]")


def _containers(pod: dict):
    spec = (pod or {}).get("spec") or {}
    for kind in CONTAINER_KINDS:
        for i, c in enumerate(spec.get(kind) or []):
            yield kind, i, c


def _should_ignore(a) -> bool:
    """shouldIgnore: subresources are not pods; an update without a new image is not checked."""
    if a.subresource:
        return True
    if a.operation != "UPDATE":
        return False
    old_images = {c.get("image") for _, _, c in _containers(a.old)}
    return all(c.get("image") in old_images for _, _, c in _containers(a.obj))

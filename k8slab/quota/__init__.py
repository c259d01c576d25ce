"""Quota: what objects cost (evaluators) and the arithmetic on resource lists, shared by the
ResourceQuota admission plugin and the resourcequota controller.

Follows `staging/src/k8s.io/apiserver/pkg/quota/v1` (resources.go, generic/evaluator.go) and
`pkg/quota/v1/evaluator/core` (pods.go, services.go, persistent_volume_claims.go, registry.go).
"""

from .evaluators import EVALUATORS, IGNORED_RESOURCES, evaluator_for
from .resources import parse_list, pretty_print, to_wire

__all__ = ["EVALUATORS", "IGNORED_RESOURCES", "evaluator_for", "parse_list", "pretty_print", "to_wire"]

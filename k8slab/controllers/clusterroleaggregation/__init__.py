"""The clusterrole-aggregation controller: an aggregated ClusterRole's rules are the union of the
rules of the ClusterRoles its aggregationRule selects."""

from .clusterroleaggregation_controller import ClusterRoleAggregationController, aggregate_rules

__all__ = ["ClusterRoleAggregationController", "aggregate_rules"]

"""The clusterrole-aggregation controller: fills in the rules of every ClusterRole that has an
aggregationRule (admin, edit and view among the defaults) from the ClusterRoles its selectors
match, so that labelling a new ClusterRole `rbac.authorization.k8s.io/aggregate-to-view: "true"`
extends `view`, and through it `edit` and `admin`.

Follows `pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go`: any
ClusterRole add, update or delete enqueues every ClusterRole with an aggregationRule (the set is
small and the dependency graph unknown); syncClusterRole gathers, selector by selector and role
by role in name order, every rule not already gathered (the role itself excluded), and when the
result differs from the role's rules writes it with a server-side apply of `rules` as field
manager `clusterrole-aggregation-controller`, forced.

The authorizer reads the rules this controller writes (as upstream); without a controller-manager
(`k8slab up --api-only`, an APIServer alone) admin, edit and view stay empty, as upstream's do.

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from ...api.selectors import SelectorError, matches_labels, selector_from_label_selector
from ...apiserver.errors import APIError
from ..base import Controller

FIELD_MANAGER = "clusterrole-aggregation-controller"
RBAC_V1 = "rbac.authorization.k8s.io/v1"


def aggregate_rules(role: dict, all_roles: list[dict]) -> list[dict]:
    """The rules an aggregated ClusterRole should have, from the roles its selectors pick."""
    rules: list[dict] = []
    for selector in (role.get("aggregationRule") or {}).get("clusterRoleSelectors") or []:
        reqs = selector_from_label_selector(selector)
        picked = sorted((r for r in all_roles if matches_labels(reqs, r["metadata"].get("labels"))),
                        key=lambda r: r["metadata"]["name"])
        for other in picked:
            if other["metadata"]["name"] == role["metadata"]["name"]:
                continue
            for rule in other.get("rules") or []:
                if rule not in rules:
                    rules.append(rule)
    return rules


class ClusterRoleAggregationController(Controller):
    name = "clusterrole-aggregation-controller"
    queue_name = "ClusterRoleAggregator"
    component = "clusterrole-aggregation-controller"

    def setup(self) -> None:
        inf = self.informer(RBAC_V1, "clusterroles")
        self.roles = inf.lister()
        inf.add_event_handler(on_add=lambda _: self.enqueue_all(),
                              on_update=lambda old, new: self.enqueue_all(),
                              on_delete=lambda _: self.enqueue_all())

    def enqueue_all(self) -> None:
        for role in self.roles.list():
            if role.get("aggregationRule") is not None:
                self.enqueue(role)

    def sync(self, key: str) -> None:
        """syncClusterRole."""
        _, name = self.split_key(key)
        role = self.roles.get(None, name)
        if role is None or role.get("aggregationRule") is None:
            return
        try:
            rules = aggregate_rules(role, self.roles.list())
        except SelectorError:
            return
        if rules == (role.get("rules") or []):       # Semantic.DeepEqual: nil equals empty
            return
        apply = {"apiVersion": RBAC_V1, "kind": "ClusterRole", "metadata": {"name": name}, "rules": rules}
        try:
            self.client.patch(RBAC_V1, "ClusterRole", name, apply,
                              patch_type="application/apply-patch+yaml", fieldManager=FIELD_MANAGER,
                              force="true")
        except APIError as err:
            if err.code != 404:
                raise

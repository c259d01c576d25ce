"""The clusterrole-aggregation controller: aggregated ClusterRoles gather the rules of the roles
their selectors match, and follow them as they change."""

from k8slab import Cluster
from k8slab.controllers.clusterroleaggregation import aggregate_rules

RBAC_V1 = "rbac.authorization.k8s.io/v1"


def cr(name, labels=None, rules=None, selectors=None):
    out = {"apiVersion": RBAC_V1, "kind": "ClusterRole", "metadata": {"name": name, "labels": labels or {}},
           "rules": rules}
    if selectors is not None:
        out["aggregationRule"] = {"clusterRoleSelectors": selectors}
    return out


R1 = {"verbs": ["get"], "apiGroups": [""], "resources": ["pods"]}
R2 = {"verbs": ["list"], "apiGroups": [""], "resources": ["pods"]}


def test_aggregate_rules_gathers_each_rule_once_in_name_order():
    agg = cr("agg", selectors=[{"matchLabels": {"a": "1"}}, {"matchLabels": {"b": "1"}}])
    roles = [agg, cr("z", {"a": "1"}, [R2]), cr("y", {"a": "1", "b": "1"}, [R1]), cr("x", {"b": "1"}, [R1, R2])]
    assert aggregate_rules(agg, roles) == [R1, R2]
    assert aggregate_rules(cr("self", {"a": "1"}, [R1], [{"matchLabels": {"a": "1"}}]), []) == []


def test_the_controller_fills_and_follows_the_default_roles():
    c = Cluster(nodes=0)
    view = c.client.get(RBAC_V1, "ClusterRole", "view")
    edit = c.client.get(RBAC_V1, "ClusterRole", "edit")
    assert view["rules"] and set(map(str, view["rules"])) < set(map(str, edit["rules"]))
    apply = [m for m in view["metadata"]["managedFields"] if m["manager"] == "clusterrole-aggregation-controller"]
    assert apply and apply[0]["operation"] == "Apply"
    crd_rule = {"verbs": ["get", "list", "watch"], "apiGroups": ["example.com"], "resources": ["widgets"]}
    c.client.create(cr("widget-view", {"rbac.authorization.k8s.io/aggregate-to-view": "true"}, [crd_rule]))
    c.settle()
    for name in ("view", "edit", "admin"):            # view feeds edit, edit feeds admin
        assert crd_rule in c.client.get(RBAC_V1, "ClusterRole", name)["rules"], name
    c.client.delete(RBAC_V1, "ClusterRole", "widget-view")
    c.settle()
    assert crd_rule not in c.client.get(RBAC_V1, "ClusterRole", "admin")["rules"]


def test_the_controller_is_on_by_default_and_can_be_turned_off():
    from k8slab.controllers.manager import ControllerManager
    assert "clusterrole-aggregation-controller" in ControllerManager().enabled
    assert "clusterrole-aggregation-controller" not in ControllerManager("*,-clusterrole-aggregation").enabled

"""Chapter 8's checks explain the usual mistakes: deployments looked for in the core group, a
ClusterRoleBinding, a certificate whose user and group are swapped."""

from k8slab.exercises import EXERCISES, check
from k8slab.exercises.registry import ROOT, load


def test_deployments_in_the_core_group_are_not_found():
    solution = load("08-A", ROOT / "solutions" / "08-A.py")

    def core_only(namespace):
        role, binding = solution(namespace)
        role["rules"] = [{"apiGroups": [""], "resources": ["pods", "deployments"], "verbs": ["get", "list", "watch"]}]
        return [role, binding]
    r = check("08-A", core_only)
    assert not r and r.message.startswith("backend should be able to get deployments in work; the authorizer said:")


def test_a_cluster_role_binding_is_refused_before_anything_is_created():
    solution = load("08-A", ROOT / "solutions" / "08-A.py")

    def cluster_wide(namespace):
        role, binding = solution(namespace)
        return [role, {**binding, "kind": "ClusterRoleBinding"}]
    assert check("08-A", cluster_wide).message.startswith("a ClusterRoleBinding grants in every namespace")


def test_swapped_subject_fields_are_named():
    solution = load("08-B", ROOT / "solutions" / "08-B.py")

    def swapped(ca_cert, ca_key, user, groups, now):
        return solution(ca_cert, ca_key, groups[0], [user], now)
    r = check("08-B", swapped)
    assert not r and r.message == "the server read the user 'dev', not 'alice'"
    assert EXERCISES["08-B"].function == "client_certificate"

"""`create` and its generators through Cluster.kubectl (in-process)."""

import pytest

from k8slab import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=1, seed=0)


def test_generators_create_and_report(cluster):
    assert cluster.kubectl("create ns demo") == "namespace/demo created\n"
    assert cluster.kubectl("create ns demo") == 'Error from server (AlreadyExists): namespaces "demo" already exists\n'
    assert cluster.kubectl("-n demo create deployment web --image=nginx --replicas=2") == "deployment.apps/web created\n"
    assert cluster.kubectl("-n demo create deployment web --image=nginx") == (
        'error: failed to create deployment: deployments.apps "web" already exists\n')
    assert cluster.kubectl("-n demo create cm cfg --from-literal=a=b -o name") == "configmap/cfg\n"
    assert cluster.kubectl("-n demo get cm cfg -o jsonpath={.data.a}") == "b"
    assert cluster.kubectl("-n demo create secret generic s --from-literal=p=q --dry-run=server") == (
        "secret/s created (server dry run)\n")
    assert "NotFound" in cluster.kubectl("-n demo get secret s")


def test_client_dry_run_prints_the_typed_object(cluster):
    text = cluster.kubectl("-n demo create service clusterip redis --tcp=6379 --dry-run=client -o yaml")
    assert text.startswith("apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n")
    assert "  namespace: demo\n" in text and "status:\n  loadBalancer: {}\n" in text


def test_create_from_stdin_names_its_source_in_errors(cluster):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: piped, namespace: demo}\n"
    assert cluster.kubectl("create -f -", stdin=manifest) == "configmap/piped created\n"
    assert cluster.kubectl("create -f -", stdin=manifest) == (
        'Error from server (AlreadyExists): error when creating "STDIN": configmaps "piped" already exists\n')


def test_rbac_generators(cluster):
    assert cluster.kubectl("-n demo create role r --verb=get --resource=deploy") == (
        "role.rbac.authorization.k8s.io/r created\n")
    assert cluster.kubectl("-n demo get role r -o jsonpath={.rules[0].apiGroups[0]}/{.rules[0].resources[0]}") == (
        "apps/deployments")
    assert cluster.kubectl("-n demo create rolebinding rb --role=r --user=alice --user=bob -o "
                           "jsonpath={.subjects[*].name}") == "alice bob"

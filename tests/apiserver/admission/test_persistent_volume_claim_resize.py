import pytest

from k8slab.apiserver import errors as E

from .helpers import create, server
from .test_default_storage_class import pvc, sc


def _grow(api, name, size):
    res = api.lookup("", "v1", "persistentvolumeclaims")

    def mutate(obj):
        obj["spec"]["resources"]["requests"]["storage"] = size
        return obj
    return api.registry.update(res, "default", name, None, mutate=mutate,
                               user={"username": "system:admin", "groups": ["system:masters"]})


def _bind(api, name):
    res = api.lookup("", "v1", "persistentvolumeclaims")

    def mutate(obj):
        obj["status"] = {"phase": "Bound", "capacity": {"storage": "1Gi"}}
        return obj
    api.registry.update(res, "default", name, None, subresource="status", mutate=mutate)


def test_growing_needs_a_bound_claim_and_a_class_that_allows_expansion():
    api = server()
    create(api, "storageclasses", sc("fixed"), ns=None, group="storage.k8s.io")
    create(api, "storageclasses", sc("elastic", allowVolumeExpansion=True), ns=None, group="storage.k8s.io")
    create(api, "persistentvolumeclaims", pvc("a", storageClassName="fixed"))
    create(api, "persistentvolumeclaims", pvc("b", storageClassName="elastic"))
    with pytest.raises(E.APIError) as e:            # validation refuses first, as upstream's does
        _grow(api, "a", "2Gi")
    assert e.value.code == 422
    _bind(api, "a")
    _bind(api, "b")
    with pytest.raises(E.APIError) as e:
        _grow(api, "a", "2Gi")
    assert e.value.message == ('persistentvolumeclaims "a" is forbidden: only dynamically provisioned pvc can be '
                               'resized and the storageclass that provisions the pvc must support resize')
    assert api.admission.last_records[-1].steps[-1]["plugin"] == "PersistentVolumeClaimResize"
    assert _grow(api, "b", "2Gi")["spec"]["resources"]["requests"]["storage"] == "2Gi"


def test_shrinking_or_keeping_the_size_is_not_its_business():
    api = server()
    create(api, "persistentvolumeclaims", pvc("a", storageClassName="missing"))
    _bind(api, "a")
    with pytest.raises(E.APIError) as e:                       # validation refuses shrinking, not this plugin
        _grow(api, "a", "512Mi")
    assert "PersistentVolumeClaimResize" not in [s["plugin"] for r in api.admission.last_records for s in r.steps]
    assert e.value.code == 422


def test_an_unbound_claim_is_refused_by_the_plugin_itself():
    from k8slab.apiserver.admission import Attributes
    api = server()
    old = pvc("a", storageClassName="x")
    new = pvc("a", storageClassName="x")
    new["spec"]["resources"]["requests"]["storage"] = "2Gi"
    a = Attributes(api.lookup("", "v1", "persistentvolumeclaims"), "UPDATE", new, old, None, phase="validate")
    with pytest.raises(E.APIError) as e:
        api.admission.plugin("PersistentVolumeClaimResize").validate(a)
    assert (e.value.code, e.value.message) == (403, 'persistentvolumeclaims "a" is forbidden: Only bound '
                                                    'persistent volume claims can be expanded')

from .helpers import create, server


def sc(name, default=None, **fields):
    meta = {"name": name}
    if default is not None:
        meta["annotations"] = {"storageclass.kubernetes.io/is-default-class": default}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": meta,
            "provisioner": "k8slab.io/sim", **fields}


def pvc(name, **spec):
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, **spec}}


def test_a_claim_without_a_class_gets_the_default_and_the_record_shows_it():
    api = server()
    assert api.admission.plugin("DefaultStorageClass") is not None       # default-on
    create(api, "storageclasses", sc("slow"), ns=None, group="storage.k8s.io")
    out = create(api, "persistentvolumeclaims", pvc("a"))
    assert "storageClassName" not in out["spec"]                           # no default yet
    create(api, "storageclasses", sc("standard", "true"), ns=None, group="storage.k8s.io")
    out = create(api, "persistentvolumeclaims", pvc("b"))
    assert out["spec"]["storageClassName"] == "standard"
    step = api.admission.records_for("b", "default")[-1].steps[0]
    assert step == {"plugin": "DefaultStorageClass", "phase": "admit",
                    "patch": [{"op": "add", "path": "/spec/storageClassName", "value": "standard"}]}


def test_an_explicit_class_even_empty_is_kept():
    api = server()
    create(api, "storageclasses", sc("standard", "true"), ns=None, group="storage.k8s.io")
    assert create(api, "persistentvolumeclaims", pvc("a", storageClassName=""))["spec"]["storageClassName"] == ""
    assert create(api, "persistentvolumeclaims", pvc("b", storageClassName="slow"))["spec"]["storageClassName"] == "slow"


def test_the_newest_of_several_defaults_wins_then_the_first_name():
    api = server()
    create(api, "storageclasses", sc("old", "true"), ns=None, group="storage.k8s.io")
    api.clock.advance(5)
    create(api, "storageclasses", sc("new-b", "true"), ns=None, group="storage.k8s.io")
    create(api, "storageclasses", sc("new-a", "true"), ns=None, group="storage.k8s.io")
    create(api, "storageclasses", sc("other", "false"), ns=None, group="storage.k8s.io")
    assert create(api, "persistentvolumeclaims", pvc("c"))["spec"]["storageClassName"] == "new-a"

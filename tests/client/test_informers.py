from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport
from k8slab.client.informers import DeletedFinalStateUnknown, SharedInformerFactory
from k8slab.sim.clock import VirtualClock


def setup():
    api = APIServer(clock=VirtualClock(), seed=0)
    bootstrap(api)
    client = APIClient(InProcessTransport(api))
    return api, client, SharedInformerFactory(client)


def cm(name, ns="default", **labels):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns,
                                                                  "labels": labels}}


def test_list_then_watch_feeds_handlers_and_lister():
    api, client, factory = setup()
    client.create(cm("a", app="x"))
    inf = factory.informer("v1", "configmaps")
    seen = []
    inf.add_event_handler(on_add=lambda o: seen.append(("add", o["metadata"]["name"])),
                          on_update=lambda old, new: seen.append(("update", new["metadata"]["name"])),
                          on_delete=lambda o: seen.append(("delete", o["metadata"]["name"])))
    factory.start()
    assert inf.has_synced() and seen == [("add", "a")]
    client.create(cm("b"))
    client.patch("v1", "ConfigMap", "a", {"data": {"k": "v"}}, "default")
    client.delete("v1", "ConfigMap", "b", "default")
    assert factory.pump() == 3
    assert seen[1:] == [("add", "b"), ("update", "a"), ("delete", "b")]
    lister = inf.lister()
    assert [o["metadata"]["name"] for o in lister.list("default")] == ["a"]
    assert lister.get("default", "a")["data"] == {"k": "v"}
    from k8slab.api.selectors import parse_label_selector
    assert [o["metadata"]["name"] for o in lister.list(selector=parse_label_selector("app=x"))] == ["a"]


def test_relist_after_compaction_reconciles_with_tombstones():
    api, client, factory = setup()
    client.create(cm("a"))
    client.create(cm("b"))
    inf = factory.informer("v1", "configmaps")
    deleted = []
    inf.add_event_handler(on_delete=deleted.append)
    factory.start()
    # the informer falls behind: b goes away and history is compacted past its watch
    inf.stream.close()
    inf.stream = client.watch("v1", "configmaps", resourceVersion="1")
    client.delete("v1", "ConfigMap", "b", "default")
    api.store.compact(api.store.revision)
    inf.stream = client.watch("v1", "configmaps", resourceVersion="1")
    factory.pump()
    assert inf.relists == 1
    assert [type(d) for d in deleted] == [DeletedFinalStateUnknown] and deleted[0].key == "default/b"
    assert [o["metadata"]["name"] for o in inf.lister().list()] == ["a"]


def test_share_strings_makes_equal_strings_one_object_and_changes_nothing_else():
    import orjson

    from k8slab.client.informers import share_strings, trim_and_share
    raw = (b'{"metadata":{"name":"a","managedFields":[{"manager":"x"}]},'
           b'"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"n":1,"z":null}}')
    a, b = orjson.loads(raw), orjson.loads(raw.replace(b'"a"', b'"b"'))
    assert a["status"]["phase"] is not b["status"]["phase"]
    share_strings(a)
    share_strings(b)
    assert a["status"]["phase"] is b["status"]["phase"]
    assert a["status"]["conditions"][0]["status"] is b["status"]["conditions"][0]["status"]
    assert a == orjson.loads(raw)
    trimmed = trim_and_share(orjson.loads(raw))
    assert "managedFields" not in trimmed["metadata"] and trimmed["status"]["phase"] is a["status"]["phase"]

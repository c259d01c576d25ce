"""KeyBrowser, headless: the key tree, versions of a key, the revision slider, the watch feed."""

import json

from k8slab.storage import MemoryStore
from k8slab.viz import KeyBrowser
from k8slab.viz.etcd import changed_paths, resource_of


def cm(name, data):
    return json.dumps({"kind": "ConfigMap", "metadata": {"name": name}, "data": data})


def make_store():
    s = MemoryStore()
    s.put("/registry/namespaces/default", json.dumps({"kind": "Namespace"}))
    s.put("/registry/configmaps/default/a", cm("a", {"x": "1"}))
    s.put("/registry/configmaps/default/a", cm("a", {"x": "2"}))
    s.put("/registry/services/specs/default/kubernetes", json.dumps({"kind": "Service"}))
    return s


def test_resource_of():
    assert resource_of("/registry/pods/default/web", "/registry/") == "pods"
    assert resource_of("/registry/services/specs/default/kubernetes", "/registry/") == "services/specs"
    assert resource_of("/registry/apiregistration.k8s.io/apiservices/v1.", "/registry/") == \
        "apiregistration.k8s.io/apiservices"
    assert resource_of("/registry/namespaces/default", "/registry/") == "namespaces"


def test_changed_paths():
    assert changed_paths({"a": {"b": 1, "c": 2}}, {"a": {"b": 1, "c": 3}, "d": 0}) == ["a.c", "d"]
    assert changed_paths([1], [1]) == []


def test_tree_and_versions():
    s = make_store()
    kb = KeyBrowser(s)
    assert kb.resources() == {"configmaps": 1, "namespaces": 1, "services/specs": 1}
    assert kb.resource.value == "configmaps" and kb.key.value == "/registry/configmaps/default/a"
    assert kb.revision.options == (3, 4) and kb.revision.value == 4   # a new store is at revision 1
    assert [(v["revision"], v["version"], v["changed"]) for v in kb.history] == [(3, 1, []), (4, 2, ["data.x"])]
    assert '"x": "2"' in kb.value.value
    kb.revision.value = 3                                    # drag the slider back
    assert '"x": "1"' in kb.value.value and kb.selected()["version"] == 1
    kb.resource.value = "namespaces"                         # pick another resource
    assert kb.key.options == ("/registry/namespaces/default",) and kb.revision.options == (2,)


def test_delete_and_compaction_show_in_history():
    s = make_store()
    s.delete("/registry/configmaps/default/a")
    kb = KeyBrowser(s)
    assert [v["event"] for v in kb.versions("/registry/configmaps/default/a")] == ["PUT", "PUT", "DELETE"]
    s.put("/registry/configmaps/default/b", cm("b", {}))
    s.put("/registry/configmaps/default/b", cm("b", {"y": "1"}))
    s.compact(s.revision)
    hist = kb.versions("/registry/configmaps/default/b")
    assert len(hist) == 1 and hist[0]["note"] == f"oldest kept (compacted at {s.revision})"


def test_watch_feed_is_live():
    s = make_store()
    kb = KeyBrowser(s)
    assert kb.feed == [] and kb.feed_text() == "(no events yet)"
    s.put("/registry/configmaps/default/c", cm("c", {}))
    s.delete("/registry/configmaps/default/c")
    s.put("/other/key", "ignored")                           # outside the prefix
    assert kb.feed == [(6, "PUT", "/registry/configmaps/default/c"), (7, "DELETE", "/registry/configmaps/default/c")]
    assert "DELETE" in kb.feed_html.value
    kb.close()
    s.put("/registry/configmaps/default/d", cm("d", {}))
    assert len(kb.feed) == 2


def test_refresh_button_and_text():
    s = make_store()
    kb = KeyBrowser(s)
    s.put("/registry/pods/default/p", json.dumps({"kind": "Pod"}))
    assert "pods" not in dict(kb.resource.options).values()
    kb.refresh_button.click()
    assert "pods" in dict(kb.resource.options).values()
    kb.show("/registry/pods/default/p")
    assert kb.key.value == "/registry/pods/default/p"
    assert kb.text().splitlines()[:2] == ["/registry/ at revision 6: 4 keys", "  configmaps: 1"]
    assert "REVISION  EVENT  VERSION  CHANGED\n6         PUT    1        -" in kb.text()

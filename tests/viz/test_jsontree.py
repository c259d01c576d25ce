"""JsonTree: a folding tree in HTML, an outline with summaries as text."""

from k8slab.viz.jsontree import JsonTree

NODE = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node1", "labels": {"a": "b"}},
        "status": {"conditions": [{"type": "Ready", "status": "True"}], "nodeInfo": {"kubeletVersion": "v1.32.0"},
                   "images": []}}


def test_text_outline_summarises_below_its_depth():
    lines = JsonTree(NODE, text_depth=1).text().splitlines()
    assert lines == ["Node node1 {4 keys}",
                     '  apiVersion: "v1"', '  kind: "Node"',
                     "  metadata: {2 keys}", '    name: "node1"', "    labels: {1 key}",
                     "  status: {3 keys}", "    conditions: [1 item]", "    nodeInfo: {1 key}", "    images: [0 items]"]


def test_html_folds_below_open_depth_and_escapes():
    tree = JsonTree({"kind": "X", "a": {"b": {"c": "<tag>"}}}, open_depth=1)
    html = tree.widget.value
    assert html.count("<details open") == 1 and html.count("<details") == 3
    assert "&lt;tag&gt;" in html and "<tag>" not in html
    assert tree.at("a.b.c") == "<tag>" and JsonTree(NODE).at("status.conditions.0.type") == "Ready"


def test_scalars_and_lists():
    assert JsonTree(7).text() == "7"
    assert JsonTree([1, {"x": 2}]).text().splitlines() == ["[2 items]", "  0: 1", "  1: {1 key}", "    x: 2"]

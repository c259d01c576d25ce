"""The kubeconfig graph of chapter 4: current-context lit, missing references in red."""

from k8slab.viz.kubeconfig import kubeconfig_graph


def test_kubeconfig_graph_lights_current_and_flags_missing():
    config = {"clusters": [{"name": "kind", "cluster": {"server": "https://127.0.0.1:35911"}}],
              "users": [{"name": "kind", "user": {"client-certificate": "c", "client-key": "k"}}],
              "contexts": [{"name": "kind", "context": {"cluster": "kind", "user": "kind"}},
                           {"name": "mk", "context": {"cluster": "minikube", "user": "kind", "namespace": "work"}}],
              "current-context": "kind"}
    d = kubeconfig_graph(config)
    lines = d.text().splitlines()
    assert lines[1] == "  current-context kind -> context kind: uses"
    assert "  context mk namespace work -> cluster minikube (missing): cluster" in lines
    assert "user kind client-certificate, client-key" in d.text()
    assert d.styles["context/kind"]["fillcolor"] == "gold" and d.styles["cluster/minikube"]["color"] == "red"
    assert "(missing)" in kubeconfig_graph({**config, "current-context": "nope"}).text()


def test_names_with_colons_are_not_graphviz_ports():
    arn = "arn:aws:eks:eu-west-1:123:cluster/lab"
    d = kubeconfig_graph({"clusters": [{"name": arn, "cluster": {"server": "https://x"}}],
                          "contexts": [{"name": arn, "context": {"cluster": arn, "user": arn}}],
                          "users": [{"name": arn, "user": {"token": "t"}}], "current-context": arn})
    assert "context/arn%3Aaws%3Aeks" in d.graph.source and f"context {arn}" in d.text()

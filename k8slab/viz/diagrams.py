"""Graphviz diagrams: the architecture (chapter 3) and the path of one request (chapters 12-16).

A Diagram shows as SVG in Jupyter when Graphviz's `dot` is installed and as its edge list
otherwise; `text()` is always the edge list, so the same facts are readable in a terminal.
"""

from __future__ import annotations

import graphviz


class Diagram:
    """A directed graph of labelled nodes and numbered, labelled edges."""

    def __init__(self, title: str, nodes: dict[str, str], edges: list[tuple[str, str, str]],
                 clusters: dict[str, list[str]] | None = None, numbered: bool = False,
                 styles: dict[str, dict] | None = None):
        self.title, self.nodes, self.edges = title, nodes, edges
        self.clusters = clusters or {}
        self.numbered = numbered
        self.styles = styles or {}             # node -> extra Graphviz attributes (colour, dashes)

    @property
    def graph(self) -> graphviz.Digraph:
        g = graphviz.Digraph(self.title, graph_attr={"rankdir": "LR", "fontname": "Helvetica", "label": self.title,
                                                       "labelloc": "t"},
                             node_attr={"shape": "box", "style": "rounded", "fontname": "Helvetica"},
                             edge_attr={"fontname": "Helvetica", "fontsize": "10"})
        placed = set()
        for name, members in self.clusters.items():
            with g.subgraph(name="cluster_" + name.replace(" ", "_").replace("-", "_")) as sub:
                sub.attr(label=name, style="dashed")
                for n in members:
                    sub.node(n, self.nodes[n], **self.styles.get(n, {}))
                    placed.add(n)
        for n, label in self.nodes.items():
            if n not in placed:
                g.node(n, label, **self.styles.get(n, {}))
        for i, (a, b, label) in enumerate(self.edges, 1):
            g.edge(a, b, f"{i}. {label}" if self.numbered else label)
        return g

    def svg(self) -> str | None:
        """The SVG, or None when Graphviz's programs are not installed."""
        try:
            return self.graph.pipe(format="svg").decode()
        except graphviz.ExecutableNotFound:
            return None

    def text(self) -> str:
        lines = [self.title]
        for i, (a, b, label) in enumerate(self.edges, 1):
            prefix = f"{i:>2}. " if self.numbered else "  "
            lines.append(f"{prefix}{self.nodes[a]} -> {self.nodes[b]}: {label}".replace("\n", " "))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": self.text()}
        svg = self.svg()
        if svg is not None:
            data["image/svg+xml"] = svg
        return data


def architecture() -> Diagram:
    """The control plane, the nodes and who talks to whom (everything goes through the API server)."""
    nodes = {"kubectl": "kubectl", "apiserver": "kube-apiserver", "etcd": "etcd",
             "cm": "kube-controller-manager", "sched": "kube-scheduler",
             "kubelet": "kubelet", "proxy": "kube-proxy", "runtime": "container runtime\n(CRI)"}
    edges = [("kubectl", "apiserver", "REST (HTTPS)"),
             ("apiserver", "etcd", "read, write, watch"),
             ("cm", "apiserver", "watch + write"),
             ("sched", "apiserver", "watch pods, bind"),
             ("kubelet", "apiserver", "watch its pods, report status"),
             ("proxy", "apiserver", "watch services"),
             ("kubelet", "runtime", "run containers")]
    clusters = {"control plane": ["apiserver", "etcd", "cm", "sched"],
                "each node": ["kubelet", "proxy", "runtime"]}
    return Diagram("Kubernetes architecture", nodes, edges, clusters)


def request_flow() -> Diagram:
    """`kubectl create deployment` from the request to running containers, step by step."""
    nodes = {"kubectl": "kubectl", "authn": "authentication", "authz": "authorization (RBAC)",
             "admission": "admission", "etcd": "etcd\n/registry/...", "dc": "deployment controller",
             "rsc": "replicaset controller", "sched": "kube-scheduler", "kubelet": "kubelet",
             "runtime": "container runtime"}
    edges = [("kubectl", "authn", "POST /apis/apps/v1/.../deployments"),
             ("authn", "authz", "user, groups"),
             ("authz", "admission", "allowed"),
             ("admission", "etcd", "defaulted, validated: stored"),
             ("etcd", "dc", "watch: Deployment ADDED"),
             ("dc", "etcd", "create ReplicaSet"),
             ("etcd", "rsc", "watch: ReplicaSet ADDED"),
             ("rsc", "etcd", "create Pods"),
             ("etcd", "sched", "watch: Pod without a node"),
             ("sched", "etcd", "Binding: spec.nodeName"),
             ("etcd", "kubelet", "watch: Pod on my node"),
             ("kubelet", "runtime", "pull image, start containers"),
             ("kubelet", "etcd", "Pod status: Running")]
    clusters = {"kube-apiserver": ["authn", "authz", "admission"]}
    return Diagram("One request: kubectl create deployment", nodes, edges, clusters, numbered=True)

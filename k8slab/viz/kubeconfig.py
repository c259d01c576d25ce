"""A kubeconfig as a graph: clusters, users and the contexts that pair them; current-context lit.

`kubeconfig_graph(config)` takes a kubeconfig as a dict (yaml.safe_load of the file) and returns a
Diagram (k8slab/viz/diagrams.py). A context that names a cluster or user the file does not define
points at a red `(missing)` node: that is the mistake kubectl reports as `context was not found`
or a `connection refused` to the wrong server.
"""

from __future__ import annotations

from .diagrams import Diagram


def node_id(kind: str, name: str) -> str:
    """`context/kind-moelove`; a `:` (Graphviz's port separator) is written `%3A`."""
    return f"{kind}/{name}".replace(":", "%3A")

CURRENT = {"style": "rounded,filled,bold", "fillcolor": "gold"}
MISSING = {"color": "red", "fontcolor": "red", "style": "rounded,dashed"}


def kubeconfig_graph(config: dict) -> Diagram:
    """current-context -> context -> cluster (its server) and user (how it authenticates)."""
    nodes, edges, styles = {}, [], {}
    for c in config.get("clusters") or []:
        nodes[node_id("cluster", c["name"])] = f"cluster {c['name']}\n{(c.get('cluster') or {}).get('server', '')}"
    for u in config.get("users") or []:
        how = ", ".join(sorted((u.get("user") or {}).keys())) or "no credentials"
        nodes[node_id("user", u["name"])] = f"user {u['name']}\n{how}"
    current = config.get("current-context") or ""
    for ctx in config.get("contexts") or []:
        name, body = ctx["name"], ctx.get("context") or {}
        ns = body.get("namespace")
        nodes[node_id("context", name)] = f"context {name}" + (f"\nnamespace {ns}" if ns else "")
        for kind in ("cluster", "user"):
            target = node_id(kind, body.get(kind, ""))
            if target not in nodes:
                nodes[target] = f"{kind} {body.get(kind, '')}\n(missing)"
                styles[target] = MISSING
            edges.append((node_id("context", name), target, kind))
    nodes["current"] = f"current-context\n{current or '(unset)'}"
    chosen = node_id("context", current)
    if chosen in nodes:
        edges.insert(0, ("current", chosen, "uses"))
        styles[chosen] = CURRENT
    elif current:
        nodes[chosen] = f"context {current}\n(missing)"
        styles[chosen] = MISSING
        edges.insert(0, ("current", chosen, "uses"))
    styles["current"] = {"shape": "note"}
    return Diagram("kubeconfig: contexts pair a cluster with a user", nodes, edges, styles=styles)

"""A kubeconfig as a graph: clusters, users and the contexts that pair them; current-context lit.

`kubeconfig_graph(config)` takes a kubeconfig as a dict (yaml.safe_load of the file) and returns a
Diagram (k8slab/viz/diagrams.py). A context that names a cluster or user the file does not define
points at a red `(missing)` node: that is the mistake kubectl reports as `context was not found`
or a `connection refused` to the wrong server.
"""

from __future__ import annotations

from .diagrams import Diagram

CURRENT = {"style": "rounded,filled,bold", "fillcolor": "gold"}
MISSING = {"color": "red", "fontcolor": "red", "style": "rounded,dashed"}


def kubeconfig_graph(config: dict) -> Diagram:
    """current-context -> context -> cluster (its server) and user (how it authenticates)."""
    nodes, edges, styles = {}, [], {}
    for c in config.get("clusters") or []:
        nodes[f"cluster:{c['name']}"] = f"cluster {c['name']}\n{(c.get('cluster') or {}).get('server', '')}"
    for u in config.get("users") or []:
        how = ", ".join(sorted((u.get("user") or {}).keys())) or "no credentials"
        nodes[f"user:{u['name']}"] = f"user {u['name']}\n{how}"
    current = config.get("current-context") or ""
    for ctx in config.get("contexts") or []:
        name, body = ctx["name"], ctx.get("context") or {}
        ns = body.get("namespace")
        nodes[f"context:{name}"] = f"context {name}" + (f"\nnamespace {ns}" if ns else "")
        for kind in ("cluster", "user"):
            target = f"{kind}:{body.get(kind, '')}"
            if target not in nodes:
                nodes[target] = f"{kind} {body.get(kind, '')}\n(missing)"
                styles[target] = MISSING
            edges.append((f"context:{name}", target, kind))
    nodes["current"] = f"current-context\n{current or '(unset)'}"
    if f"context:{current}" in nodes:
        edges.insert(0, ("current", f"context:{current}", "uses"))
        styles[f"context:{current}"] = CURRENT
    elif current:
        nodes[f"context:{current}"] = f"context {current}\n(missing)"
        styles[f"context:{current}"] = MISSING
        edges.insert(0, ("current", f"context:{current}", "uses"))
    styles["current"] = {"shape": "note"}
    return Diagram("kubeconfig: contexts pair a cluster with a user", nodes, edges, styles=styles)

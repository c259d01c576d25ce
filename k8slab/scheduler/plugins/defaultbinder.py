"""DefaultBinder: binds the pod to the chosen node with a POST to the pods/binding subresource.

Follows `pkg/scheduler/framework/plugins/defaultbinder/default_binder.go`.
"""

from __future__ import annotations

from ..framework import ERROR, Plugin, Status

NAME = "DefaultBinder"


class DefaultBinder(Plugin):
    name = NAME

    def bind(self, state, pi, node_name: str):
        meta = pi.pod["metadata"]
        binding = {"apiVersion": "v1", "kind": "Binding",
                   "metadata": {"name": meta["name"], "namespace": pi.namespace, "uid": meta.get("uid", "")},
                   "target": {"kind": "Node", "name": node_name}}
        resp = self.handle.client.raw("POST", f"/api/v1/namespaces/{pi.namespace}/pods/{meta['name']}/binding",
                                      binding)
        if resp.status >= 400:
            return Status(ERROR, (resp.body or {}).get("message", f"binding failed with {resp.status}"))
        return None

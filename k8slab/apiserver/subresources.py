"""Subresources and resources that are not stored: status, scale, binding, finalize, the node-bound
pod endpoints (log, exec, attach, portforward), reviews, and componentstatuses.

Follows `pkg/registry/core/pod/storage/storage.go` (BindingREST, StatusREST, LogREST),
`pkg/registry/apps/deployment/storage/storage.go` (ScaleREST: autoscaling/v1 Scale with the
label selector as a string), `pkg/registry/authorization/selfsubjectaccessreview/rest.go` and
`pkg/registry/core/componentstatus/rest.go`.

The node-bound ones (log, exec, attach, portforward) go to `node_proxy`, the kubelet of the
pod's node (`k8slab/kubelet/server.py`); exec, attach and portforward are upgraded connections
served by `k8slab/apiserver/streaming/`, a followed log a chunked body.

The authorization reviews (SubjectAccessReview and friends) are answered by
`k8slab/apiserver/authz/reviews.py`.

Differences from upstream: log/exec/attach/portforward answer only once a node runs the pod
(control-loop issue).
"""

from __future__ import annotations

from ..api.selectors import format_label_selector, selector_from_label_selector
from . import bodies
from . import errors as E
from .codec import mutable
from .request import Request, Response

SCALABLE = {"deployments", "replicasets", "statefulsets", "replicationcontrollers"}


class Subresources:
    def __init__(self, server):
        self.server = server

    def handle(self, req: Request, info, res, ns) -> Response:
        sub = res.subresource(info.subresource)
        if sub is None:
            raise E.page_not_found()
        verb = {"GET": "get", "PUT": "update", "PATCH": "patch", "POST": "create",
                "DELETE": "delete"}.get(req.method, "")
        if verb not in sub.verbs:
            raise E.method_not_supported(res.group, f"{res.plural}/{sub.name}", verb)
        name = info.name
        if sub.name in ("status", "finalize", "approval"):
            return self._status_like(req, res, ns, name, sub.name, verb)
        if sub.name == "scale":
            return self._scale(req, res, ns, name, verb)
        if sub.name == "binding":
            return self._binding(req, res, ns, name)
        if sub.name in ("log", "exec", "attach", "portforward", "proxy"):
            return self._node_bound(req, res, ns, name, sub.name)
        if sub.name == "eviction":
            return self._eviction(req, res, ns, name)
        if sub.name == "token" and res.plural == "serviceaccounts":
            from .authn.reviews import token_request
            return token_request(self.server, req, ns, name)
        raise E.APIError(501, "NotImplemented",
                         f"{res.plural}/{sub.name} is not served yet by this k8slab apiserver")

    # ---- status / finalize / approval ---------------------------------------------------------

    def _status_like(self, req, res, ns, name, sub, verb) -> Response:
        reg = self.server.registry
        if verb == "get":
            return Response(200, reg.get(res, ns, name))
        if verb == "patch":
            from .patching import patch
            return patch(self.server, req, res, ns, name, sub)
        obj = self.server.decode_for(req, res)
        return Response(200, reg.update(res, ns, name, obj, subresource=sub,
                                        dry_run=req.query.get("dryRun") == "All", user=req.user))

    # ---- scale --------------------------------------------------------------------------------

    def scale_of(self, res, obj: dict) -> dict:
        meta = obj["metadata"]
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        selector = spec.get("selector")
        if res.plural == "replicationcontrollers":
            selector = {"matchLabels": selector} if selector else None
        scale = {"kind": "Scale", "apiVersion": "autoscaling/v1",
                 "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion",
                                                   "creationTimestamp") if k in meta},
                 "spec": {"replicas": spec.get("replicas", 0)},
                 "status": {"replicas": status.get("replicas", 0)}}
        sel = format_label_selector(selector) if selector else ""
        if sel and sel != "<none>":
            scale["status"]["selector"] = sel
        return scale

    def _scale(self, req, res, ns, name, verb) -> Response:
        reg = self.server.registry
        if verb == "get":
            return Response(200, self.scale_of(res, reg.get(res, ns, name)))
        if verb == "patch":
            from .patching import patch_scale
            return patch_scale(self.server, req, res, ns, name)
        scale = bodies.decode_object(req.body, req.content_type)
        return Response(200, self.apply_scale(req, res, ns, name, scale))

    def apply_scale(self, req, res, ns, name, scale: dict) -> dict:
        if scale.get("kind") not in (None, "Scale"):
            raise E.bad_request(f"wrong object kind {scale.get('kind')}: expected Scale")
        replicas = (scale.get("spec") or {}).get("replicas", 0)
        if not isinstance(replicas, int) or replicas < 0:
            raise E.invalid("autoscaling", "Scale", name, [(
                "spec.replicas", "FieldValueInvalid",
                f"Invalid value: {replicas}: must be greater than or equal to 0")])
        wanted_rv = (scale.get("metadata") or {}).get("resourceVersion")
        reg = self.server.registry

        def set_replicas(obj):
            if wanted_rv and wanted_rv != obj["metadata"]["resourceVersion"]:
                raise E.conflict(res.group, res.plural, name, E.OBJECT_MODIFIED)
            obj.setdefault("spec", {})["replicas"] = replicas
            return obj

        out = reg.update(res, ns, name, None, mutate=set_replicas,
                         dry_run=req.query.get("dryRun") == "All")
        return self.scale_of(res, out)

    # ---- binding ------------------------------------------------------------------------------

    def _binding(self, req, res, ns, name) -> Response:
        binding = bodies.decode_object(req.body, req.content_type)
        return Response(201, self.bind(res, ns, name, binding))

    def bind(self, res, ns, name, binding: dict) -> dict:
        """Assign a pod to a node, as the scheduler does (BindingREST.assignPod)."""
        target = (binding.get("target") or {}).get("name", "")
        if not target:
            raise E.invalid("", "Binding", name, [("target.name", "FieldValueRequired", "Required value")])
        reg = self.server.registry

        def assign(pod):
            if pod["metadata"].get("deletionTimestamp"):
                raise E.conflict("", "pods/binding", name, f"pod {name} is being deleted, cannot be assigned to a host")
            current = (pod.get("spec") or {}).get("nodeName")
            if current:
                raise E.conflict("", "pods/binding", name,
                                 f'pod {name} is already assigned to node "{current}"')
            pod["spec"]["nodeName"] = target
            conditions = pod.setdefault("status", {}).setdefault("conditions", [])
            conditions[:] = [c for c in conditions if c.get("type") != "PodScheduled"]
            conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                               "lastTransitionTime": reg.now()})
            return pod

        reg.update(res, ns, name, None, subresource="binding", mutate=assign)
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}

    # ---- node-bound streams -------------------------------------------------------------------

    def _node_bound(self, req, res, ns, name, sub) -> Response:
        obj = self.server.registry.get(res, ns, name)
        node_proxy = getattr(self.server, "node_proxy", None)
        if node_proxy is not None:
            return node_proxy(req, res, obj, sub)
        if res.plural == "pods" and not (obj.get("spec") or {}).get("nodeName"):
            raise E.bad_request(f'pod {name} does not have a host assigned')
        raise E.APIError(503, "ServiceUnavailable",
                         f"no kubelet is running for {res.plural} {name}: {sub} needs a node")

    def _eviction(self, req, res, ns, name) -> Response:
        body = bodies.decode_object(req.body, req.content_type)
        self.server.registry.delete(res, ns, name, body.get("deleteOptions") or {})
        return Response(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                              "code": 201})

    # ---- resources that are not stored --------------------------------------------------------

    def read_virtual(self, req: Request, res, name: str) -> Response:
        """componentstatuses: each control-plane component's health, probed now."""
        if res.plural != "componentstatuses":
            raise E.method_not_supported(res.group, res.plural, "get")
        items = []
        for component, healthy, message in self.server.component_health():
            cond = {"type": "Healthy", "status": "True" if healthy else "False", "message": message}
            if not healthy:
                cond["error"] = message
            items.append({"kind": "ComponentStatus", "apiVersion": "v1",
                          "metadata": {"name": component, "creationTimestamp": None},
                          "conditions": [cond]})
        headers = {"Warning": '299 - "v1 ComponentStatus is deprecated in v1.19+"'}
        if name:
            for item in items:
                if item["metadata"]["name"] == name:
                    return Response(200, self.server.table_for(res, [item], "", req)
                                    if self.server.wants_table(req) else item, headers=headers)
            raise E.not_found("", "componentstatuses", name)
        lst = {"kind": "ComponentStatusList", "apiVersion": "v1", "metadata": {}, "items": items}
        if self.server.wants_table(req):
            return Response(200, self.server.table_for(res, items, "", req), headers=headers)
        return Response(200, lst, headers=headers)

    def create_virtual(self, req: Request, res, ns) -> Response:
        obj = bodies.decode_object(req.body, req.content_type)
        out = mutable(obj)
        out.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        if res.plural in ("selfsubjectaccessreviews", "subjectaccessreviews",
                          "localsubjectaccessreviews", "selfsubjectrulesreviews"):
            from .authz.reviews import review
            if res.namespaced:
                if not out["metadata"].get("namespace"):
                    out["metadata"]["namespace"] = ns
                elif out["metadata"]["namespace"] != ns:
                    raise E.bad_request("the namespace of the provided object does not match the "
                                        "namespace sent on the request")
            return Response(201, review(self.server.authz, req, res.plural, ns, out))
        if res.plural == "selfsubjectreviews":
            out["status"] = {"userInfo": req.user}        # set by APIServer.authenticate
            return Response(201, out)
        if res.plural == "tokenreviews":
            from .authn.reviews import token_review
            return token_review(self.server, req)
        if res.plural == "bindings":
            pods = self.server.lookup("", "v1", "pods")
            return Response(201, self.bind(pods, ns, out["metadata"].get("name", ""), out))
        raise E.method_not_supported(res.group, res.plural, "create")

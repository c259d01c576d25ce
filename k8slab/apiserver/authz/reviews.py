"""The authorization.k8s.io/v1 review APIs: ask the authorizer chain a question without making the
request. `kubectl auth can-i` uses SelfSubjectAccessReview, `kubectl auth can-i --list`
SelfSubjectRulesReview.

Follows `pkg/registry/authorization/{selfsubjectaccessreview,subjectaccessreview,
localsubjectaccessreview,selfsubjectrulesreview}/rest.go` (the answer is status.allowed,
status.denied, status.reason and status.evaluationError; a rules review answers with a fresh
object holding only the status), `pkg/apis/authorization/validation/validation.go` (exactly one
of resourceAttributes / nonResourceAttributes; a SubjectAccessReview names a user or a group; a
LocalSubjectAccessReview stays in its namespace; metadata must be empty) and
`pkg/registry/authorization/util/helpers.go` (the user of a SubjectAccessReview is its
spec.user, groups, uid and extra).

Differences from upstream: a non-empty metadata is reported with only its name, generateName,
namespace, labels and annotations spelled out; field and label selector attributes are carried
but not validated.
"""

from __future__ import annotations

from .. import errors as E
from . import attributes as A

GROUP = "authorization.k8s.io"
ACCESS_REVIEWS = ("selfsubjectaccessreviews", "subjectaccessreviews", "localsubjectaccessreviews")
KIND = {"selfsubjectaccessreviews": "SelfSubjectAccessReview",
        "subjectaccessreviews": "SubjectAccessReview",
        "localsubjectaccessreviews": "LocalSubjectAccessReview",
        "selfsubjectrulesreviews": "SelfSubjectRulesReview"}


def review(authz, req, plural: str, namespace: str | None, obj: dict) -> dict:
    """The review object with its status filled in (what the create returns, 201)."""
    if plural == "selfsubjectrulesreviews":
        return rules_review(authz, req.user, obj)
    spec = obj.get("spec") or {}
    causes = _validate(plural, obj, spec)
    if causes:
        raise E.invalid(GROUP, KIND[plural], "", causes)
    if plural == "localsubjectaccessreviews":
        if not namespace:
            raise E.bad_request("namespace is required on this type: ")
        if namespace != (obj.get("metadata") or {}).get("namespace"):
            raise E.bad_request(f"spec.resourceAttributes.namespace must match namespace: {namespace}")
    user = req.user if plural == "selfsubjectaccessreviews" else user_from_spec(spec)
    d = authz.authorize(A.from_spec(user, spec))
    status = {"allowed": d.allowed}
    if d.decision == "Deny":
        status["denied"] = True
    if d.reason:
        status["reason"] = d.reason
    obj["status"] = status
    return obj


def user_from_spec(spec: dict) -> dict:
    user = {"username": spec.get("user", ""), "groups": list(spec.get("groups") or [])}
    if spec.get("uid"):
        user["uid"] = spec["uid"]
    if spec.get("extra"):
        user["extra"] = spec["extra"]
    return user


def rules_review(authz, user: dict | None, obj: dict) -> dict:
    if not user:
        raise E.bad_request("no user present on request")
    namespace = (obj.get("spec") or {}).get("namespace") or ""
    if not namespace:
        raise E.bad_request("no namespace on request")
    resource, non_resource, incomplete, error = authz.rules_for(user, namespace)
    status = {"resourceRules": resource, "nonResourceRules": non_resource, "incomplete": incomplete}
    if error:
        status["evaluationError"] = error
    return {"kind": "SelfSubjectRulesReview", "apiVersion": f"{GROUP}/v1",
            "metadata": {"creationTimestamp": None}, "spec": {}, "status": status}


# ---- validation.go ------------------------------------------------------------------------------

def _validate(plural: str, obj: dict, spec: dict) -> list[tuple[str, str, str]]:
    from ...api.validation import field as f
    causes = []
    meta = {k: v for k, v in (obj.get("metadata") or {}).items()
            if v not in (None, "", {}, []) and k != "managedFields"}
    if plural == "localsubjectaccessreviews":
        rest = {k: v for k, v in meta.items() if k != "namespace"}
        if rest:
            causes.append(f.invalid("metadata", f.Go(_go_object_meta(meta)), "must be empty except for namespace"))
        ra = spec.get("resourceAttributes")
        if ra is not None and (ra.get("namespace") or "") != (meta.get("namespace") or ""):
            causes.append(f.invalid("spec.resourceAttributes.namespace", ra.get("namespace") or "",
                                    "must match metadata.namespace"))
        if spec.get("nonResourceAttributes") is not None:
            causes.append(f.invalid("spec.nonResourceAttributes",
                                    f.Go(_go_non_resource(spec["nonResourceAttributes"])),
                                    "disallowed on this kind of request"))
    elif meta:
        causes.append(f.invalid("metadata", f.Go(_go_object_meta(meta)), "must be empty"))
    ra, nra = spec.get("resourceAttributes"), spec.get("nonResourceAttributes")
    if ra is not None and nra is not None:
        causes.append(f.invalid("spec.nonResourceAttributes", f.Go(_go_non_resource(nra)),
                                "cannot be specified in combination with resourceAttributes"))
    if ra is None and nra is None:
        causes.append(f.invalid("spec.resourceAttributes", f.Go('"null"'),
                                "exactly one of nonResourceAttributes or resourceAttributes must be specified"))
    if plural != "selfsubjectaccessreviews" and not spec.get("user") and not spec.get("groups"):
        causes.append(f.invalid("spec.user", "", "at least one of user or group must be specified"))
    return causes


def _go_non_resource(nra: dict) -> str:
    """NonResourceAttributes.String() (generated.pb.go)."""
    return f"&NonResourceAttributes{{Path:{nra.get('path', '')},Verb:{nra.get('verb', '')},}}"


def _go_object_meta(meta: dict) -> str:
    """%#v of a v1.ObjectMeta holding name, generateName, namespace, labels, annotations."""
    from ...api.validation.field import go_map, go_quote

    def m(key):
        return go_map(meta[key]) if meta.get(key) else "map[string]string(nil)"

    return ("v1.ObjectMeta{Name:" + go_quote(meta.get("name", "")) + ", GenerateName:"
            + go_quote(meta.get("generateName", "")) + ", Namespace:" + go_quote(meta.get("namespace", ""))
            + ', SelfLink:"", UID:"", ResourceVersion:"", Generation:0, '
            "CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), "
            "DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:" + m("labels")
            + ", Annotations:" + m("annotations") + ", OwnerReferences:[]v1.OwnerReference(nil), "
            "Finalizers:[]string(nil), ManagedFields:[]v1.ManagedFieldsEntry(nil)}")

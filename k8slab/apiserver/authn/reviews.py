"""The authentication APIs that are not stored: TokenRequest (POST
`/api/v1/namespaces/<ns>/serviceaccounts/<name>/token`) issues a bound service-account token;
TokenReview (POST `/apis/authentication.k8s.io/v1/tokenreviews`) says whom a token
authenticates.

Follows `pkg/registry/core/serviceaccount/storage/token.go` (TokenREST.Create: the account must
exist; expirationSeconds defaults to 3600 and must be at least 600 (`may not specify a duration
less than 10 minutes`) and at most 2^32; audiences default to the API audiences; a bound object
of kind Pod, Secret or Node must exist, with the UID given if one is; the answer echoes the
request with `status.token` and `status.expirationTimestamp`), `pkg/apis/authentication/
validation` and `pkg/registry/authentication/tokenreview/storage.go` (an empty token is 400
`token is required for TokenReview in authentication`; the status carries authenticated, the
user, the audiences and the error).

Differences from upstream: no `--service-account-max-token-expiration` and no extended
expiration of kubelet-requested tokens.
"""

from __future__ import annotations

from .. import bodies
from .. import errors as E
from ..codec import mutable
from ..request import Response

DEFAULT_EXPIRATION_SECONDS = 3600
MIN_EXPIRATION_SECONDS = 600
MAX_EXPIRATION_SECONDS = 1 << 32
BOUND_KINDS = {"Pod": "pods", "Secret": "secrets", "Node": "nodes"}


def _authenticator(api):
    if getattr(api, "authenticator", None) is None:
        from . import Authenticator
        api.authenticator = Authenticator(api)
    return api.authenticator


def token_request(api, req, ns: str, name: str) -> Response:
    """serviceaccounts/<name>/token."""
    from ...api.names import rfc3339
    tr = mutable(bodies.decode_object(req.body, req.content_type))
    if tr.get("kind") not in (None, "TokenRequest"):
        raise E.bad_request(f"not a TokenRequest: {tr.get('kind')}")
    sa = api.registry.get(api.lookup("", "v1", "serviceaccounts"), ns, name)
    spec = tr.setdefault("spec", {}) or {}
    tr["spec"] = spec
    seconds = spec.get("expirationSeconds")
    if seconds is None:
        seconds = spec["expirationSeconds"] = DEFAULT_EXPIRATION_SECONDS
    causes = []
    if not isinstance(seconds, int) or seconds < MIN_EXPIRATION_SECONDS:
        causes.append(("spec.expirationSeconds", "FieldValueInvalid",
                       f"Invalid value: {seconds}: may not specify a duration less than 10 minutes"))
    elif seconds > MAX_EXPIRATION_SECONDS:
        causes.append(("spec.expirationSeconds", "FieldValueInvalid",
                       f"Invalid value: {seconds}: may not specify a duration larger than 2^32 seconds"))
    if causes:
        raise E.invalid("authentication.k8s.io", "TokenRequest", name, causes)
    authn = _authenticator(api).service_accounts
    audiences = list(spec.get("audiences") or authn.audiences)
    spec["audiences"] = audiences
    bound, node = None, None
    ref = spec.get("boundObjectRef")
    if ref:
        kind = ref.get("kind", "")
        if kind not in BOUND_KINDS:
            raise E.bad_request(f'cannot bind token for serviceaccount "{name}" to object of type {kind}')
        plural = BOUND_KINDS[kind]
        obj = api.registry.get(api.lookup("", "v1", plural), None if kind == "Node" else ns, ref.get("name", ""))
        uid = obj["metadata"].get("uid", "")
        if ref.get("uid") and ref["uid"] != uid:
            raise E.conflict("", plural, ref.get("name", ""),
                             f"the UID in the bound object reference ({ref['uid']}) does not match the UID in "
                             f"record. The object might have been deleted and then recreated")
        if kind == "Node":
            node = obj
        else:
            bound = {"kind": kind, "name": obj["metadata"]["name"], "uid": uid}
            node_name = (obj.get("spec") or {}).get("nodeName") if kind == "Pod" else None
            if node_name:
                try:
                    node = api.registry.get(api.lookup("", "v1", "nodes"), None, node_name)
                except E.APIError:
                    node = None
    token, expiry = authn.issue(sa, seconds, audiences, bound, node)
    tr.setdefault("apiVersion", "authentication.k8s.io/v1")
    tr.setdefault("kind", "TokenRequest")
    meta = tr.setdefault("metadata", {})
    meta.update({"name": name, "namespace": ns, "creationTimestamp": None})
    tr["status"] = {"token": token, "expirationTimestamp": rfc3339(expiry)}
    return Response(201, tr)


def token_review(api, req) -> Response:
    """tokenreviews (create)."""
    tr = mutable(bodies.decode_object(req.body, req.content_type))
    spec = tr.get("spec") or {}
    token = spec.get("token") or ""
    if not token:
        raise E.bad_request("token is required for TokenReview in authentication")
    from .user import with_authenticated_group
    from .x509 import AuthenticationError
    authn = _authenticator(api)
    wanted = list(spec.get("audiences") or [])
    error = "invalid bearer token"
    try:
        found = authn.authenticate_token(token, wanted or None)
    except AuthenticationError as e:
        found, error = None, str(e)
    if found is None:
        status = {"authenticated": False, "user": {}, "error": error}
    else:
        user, auds = found
        status = {"authenticated": True, "user": with_authenticated_group(user)}
        if auds:
            status["audiences"] = auds
    tr.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    tr["status"] = status
    return Response(201, tr)

"""ServiceAccount token authentication: JWTs signed RS256 with the service-account key (sa.key),
either legacy Secret-based tokens (issuer `kubernetes/serviceaccount`, v1.11's only kind) or
bound tokens from the TokenRequest API (issuer `https://kubernetes.default.svc.cluster.local`,
with `aud`, `exp`, `nbf`, `iat`, `jti` and the `kubernetes.io` claim).

Follows `pkg/serviceaccount/jwt.go` (jwtTokenAuthenticator.AuthenticateToken: a token whose
unverified `iss` is not ours -> no opinion; then the signature against the keys with the
token's `kid` (or all keys), the issuer, the audiences -- a token without `aud` gets the API
audiences -- and the validator), `pkg/serviceaccount/legacy.go` (the Secret still exists,
holds this very token, and the account's UID matches), `pkg/serviceaccount/claims.go` (Claims
for TokenRequest; the validator: expiry with a minute of leeway, the account, and the bound
pod, secret or node still existing with the same UID) and
`staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go` (the user
`system:serviceaccount:<ns>:<name>` in `system:serviceaccounts` and
`system:serviceaccounts:<ns>`; credential id `JTI=<jti>`, pod and node names and UIDs in extra).

Differences from upstream: objects are read from the registry (upstream: informer caches with
a fallback to etcd); the legacy token tracking label (`kubernetes.io/legacy-token-last-used`)
is not written.
"""

from __future__ import annotations

import base64
import json
import uuid

from ..errors import APIError
from .user import CREDENTIAL_ID_KEY, user_info
from .x509 import AuthenticationError

LEGACY_ISSUER = "kubernetes/serviceaccount"
DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local"   # kubeadm's --service-account-issuer
LEEWAY_SECONDS = 60                                                # jwt.DefaultLeeway
CRYPTO_FAILURE = "go-jose/go-jose: error in cryptographic primitive"   # jose.ErrCryptoFailure
POD_NAME_KEY = "authentication.kubernetes.io/pod-name"
POD_UID_KEY = "authentication.kubernetes.io/pod-uid"
NODE_NAME_KEY = "authentication.kubernetes.io/node-name"
NODE_UID_KEY = "authentication.kubernetes.io/node-uid"


def _part(s: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))


def username(namespace: str, name: str) -> str:
    return f"system:serviceaccount:{namespace}:{name}"


def group_names(namespace: str) -> list[str]:
    return ["system:serviceaccounts", f"system:serviceaccounts:{namespace}"]


def signing_key(api):
    """The key tokens are signed with: the PKI's sa.key, or the cluster's generated key."""
    from ...controllers.serviceaccount.tokens import service_account_key
    return service_account_key(api)[0]


class ServiceAccountAuthenticator:
    name = "serviceaccount"  # upstream's package name, for the Authentication record

    def __init__(self, api, issuer: str = DEFAULT_ISSUER, audiences=None, legacy: bool = True):
        self.api = api
        self.issuer = issuer
        self.issuers = {issuer} | ({LEGACY_ISSUER} if legacy else set())
        self.audiences = list(audiences or [issuer])             # --api-audiences

    def authenticate_token(self, token: str, audiences=None) -> tuple[dict, list] | None:
        """(user, audiences) for a token of ours, None for a token that is not, or raise."""
        parts = token.split(".")
        if token.strip().startswith("{") or len(parts) != 3:
            return None
        try:
            header, claims = _part(parts[0]), _part(parts[1])
        except (ValueError, TypeError):
            return None
        if not isinstance(claims, dict) or claims.get("iss") not in self.issuers:
            return None
        from ...controllers.serviceaccount.tokens import key_id, verify_token
        key = signing_key(self.api)
        kid = header.get("kid") if isinstance(header, dict) else ""
        if kid and kid != key_id(key):
            raise AuthenticationError("invalid signature, no keys found")
        try:
            valid = verify_token(key, token)
        except (ValueError, TypeError):
            valid = False
        if not valid:
            raise AuthenticationError(CRYPTO_FAILURE)
        aud = claims.get("aud")
        token_auds = ([aud] if isinstance(aud, str) else list(aud or [])) or self.audiences
        wanted = list(audiences or self.audiences)
        auds = [a for a in token_auds if a in wanted]
        if not auds and self.audiences:
            raise AuthenticationError(f"token audiences {_go_list(token_auds)} is invalid for the target "
                                      f"audiences {_go_list(wanted)}")
        if claims["iss"] == LEGACY_ISSUER:
            return self._legacy(token, claims), auds
        return self._bound(claims), auds

    # ---- legacy.go --------------------------------------------------------------------------

    def _legacy(self, token: str, claims: dict) -> dict:
        ns = claims.get("kubernetes.io/serviceaccount/namespace", "")
        secret_name = claims.get("kubernetes.io/serviceaccount/secret.name", "")
        sa_name = claims.get("kubernetes.io/serviceaccount/service-account.name", "")
        sa_uid = claims.get("kubernetes.io/serviceaccount/service-account.uid", "")
        for value, what in ((claims.get("sub"), "sub"), (ns, "namespace"), (secret_name, "secretName"),
                            (sa_name, "serviceAccountName"), (sa_uid, "serviceAccountUID")):
            if not value:
                raise AuthenticationError(f"{what} claim is missing")
        if claims["sub"] != username(ns, sa_name):
            raise AuthenticationError("sub claim is invalid")
        secret = self._get("secrets", ns, secret_name)
        if secret is None or secret["metadata"].get("deletionTimestamp"):
            raise AuthenticationError("token has been invalidated")
        stored = (secret.get("data") or {}).get("token", "")
        if base64.b64decode(stored or "").decode(errors="replace") != token:
            raise AuthenticationError("token does not match secret")
        sa = self._get("serviceaccounts", ns, sa_name)
        if sa is None:
            raise AuthenticationError(f'serviceaccounts "{sa_name}" not found')
        if sa["metadata"].get("deletionTimestamp"):
            raise AuthenticationError(f"ServiceAccount {ns}/{sa_name} has been deleted")
        if sa["metadata"].get("uid") != sa_uid:
            raise AuthenticationError(f"ServiceAccount UID ({sa['metadata'].get('uid')}) does not match "
                                      f"claim ({sa_uid})")
        return user_info(username(ns, sa_name), group_names(ns), uid=sa_uid)

    # ---- claims.go --------------------------------------------------------------------------

    def _bound(self, claims: dict) -> dict:
        now = self.api.clock.time()
        if "exp" in claims and now > claims["exp"] + LEEWAY_SECONDS:
            raise AuthenticationError("service account token has expired")
        if "nbf" in claims and now < claims["nbf"] - LEEWAY_SECONDS:
            raise AuthenticationError("service account token is not valid yet")
        k8s = claims.get("kubernetes.io") or {}
        ns = k8s.get("namespace", "")
        saref = k8s.get("serviceaccount") or {}
        sa = self._get("serviceaccounts", ns, saref.get("name", ""))
        if sa is None:
            raise AuthenticationError(f'serviceaccounts "{saref.get("name", "")}" not found')
        if sa["metadata"].get("deletionTimestamp"):
            raise AuthenticationError(f"service account {ns}/{saref.get('name')} has been deleted")
        if sa["metadata"].get("uid") != saref.get("uid"):
            raise AuthenticationError(f"service account UID ({sa['metadata'].get('uid')}) does not match "
                                      f"claim ({saref.get('uid')})")
        extra = {}
        for kind, plural in (("secret", "secrets"), ("pod", "pods"), ("node", "nodes")):
            ref = k8s.get(kind)
            if not ref:
                continue
            obj = self._get(plural, None if kind == "node" else ns, ref.get("name", ""))
            if obj is None or obj["metadata"].get("deletionTimestamp"):
                raise AuthenticationError("service account token has been invalidated")
            if ref.get("uid") and obj["metadata"].get("uid") != ref.get("uid"):
                what = {"secret": "secret UID ({}) does not match service account secret ref claim ({})",
                        "pod": "pod UID ({}) does not match service account pod ref claim ({})",
                        "node": "node UID ({}) does not match service account node ref claim ({})"}[kind]
                raise AuthenticationError(what.format(obj["metadata"].get("uid"), ref.get("uid")))
            if kind == "pod":
                extra[POD_NAME_KEY], extra[POD_UID_KEY] = [ref["name"]], [ref.get("uid", "")]
            elif kind == "node":
                extra[NODE_NAME_KEY] = [ref["name"]]
                if ref.get("uid"):
                    extra[NODE_UID_KEY] = [ref["uid"]]
        if claims.get("jti"):
            extra[CREDENTIAL_ID_KEY] = ["JTI=" + claims["jti"]]
        return user_info(username(ns, saref["name"]), group_names(ns), uid=saref.get("uid", ""),
                         extra=dict(sorted(extra.items())) or None)

    def _get(self, plural: str, ns: str | None, name: str) -> dict | None:
        if not name:
            return None
        try:
            return self.api.registry.get(self.api.lookup("", "v1", plural), ns, name)
        except APIError:
            return None

    # ---- issuing bound tokens (the TokenRequest API) ----------------------------------------

    def issue(self, sa: dict, expiration_seconds: int, audiences: list[str], bound: dict | None = None,
              node: dict | None = None) -> tuple[str, float]:
        """(token, expiry) for a ServiceAccount, optionally bound to a pod or secret (Claims)."""
        from ...controllers.serviceaccount.tokens import generate_token, key_id
        now = int(self.api.clock.time())
        meta = sa["metadata"]
        k8s: dict = {"namespace": meta["namespace"], "serviceaccount": {"name": meta["name"], "uid": meta["uid"]}}
        if bound is not None:
            k8s[bound["kind"].lower()] = {"name": bound["name"], "uid": bound["uid"]}
        if node is not None:
            k8s["node"] = {"name": node["metadata"]["name"], "uid": node["metadata"].get("uid", "")}
        claims = {"aud": audiences, "exp": now + expiration_seconds, "iat": now, "iss": self.issuer,
                  "jti": str(uuid.UUID(int=self.api.rng.getrandbits(128), version=4)),
                  "kubernetes.io": k8s, "nbf": now, "sub": username(meta["namespace"], meta["name"])}
        key = signing_key(self.api)
        return generate_token(key, claims, key_id(key)), float(now + expiration_seconds)


def _go_list(items) -> str:
    """%q of a []string: ["a" "b"]."""
    return "[" + " ".join(json.dumps(i) for i in items) + "]"

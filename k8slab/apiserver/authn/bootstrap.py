"""Bootstrap-token authentication: `<id>.<secret>` matches the `bootstrap-token-<id>` Secret in
kube-system, and the request is from `system:bootstrap:<id>` in `system:bootstrappers` (and
the token's extra groups).

Follows `plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go` (TokenAuthenticator:
a token of another form, a missing or deleted Secret, the wrong type, secret or id, an
expired token or one without `usage-bootstrap-authentication: "true"` -> no opinion) and
`staging/src/k8s.io/cluster-bootstrap/token/util` (GetGroups: system:bootstrappers first, then
the auth-extra-groups, which must each start with `system:bootstrappers:`).

Differences from upstream: the Secret is read from the registry rather than an informer cache.
"""

from __future__ import annotations

import hmac

from .user import user_info

BOOTSTRAP_USER_PREFIX = "system:bootstrap:"
BOOTSTRAPPERS_GROUP = "system:bootstrappers"


class BootstrapTokenAuthenticator:
    name = "bootstrap"  # upstream's package name, for the Authentication record

    def __init__(self, api):
        self.api = api

    def authenticate_token(self, token: str) -> dict | None:
        from ...kubeadm.tokens import TOKEN_RE, parse_rfc3339, secret_data
        m = TOKEN_RE.match(token)
        if not m:
            return None
        token_id, token_secret = m.group(1), m.group(2)
        secret = self._secret("bootstrap-token-" + token_id)
        if secret is None or secret["metadata"].get("deletionTimestamp"):
            return None
        if secret.get("type") != "bootstrap.kubernetes.io/token" or not secret.get("data"):
            return None
        data = secret_data(secret)
        if not hmac.compare_digest(data.get("token-secret", "").encode(), token_secret.encode()):
            return None
        if data.get("token-id") != token_id:
            return None
        expiration = data.get("expiration")
        if expiration:
            try:
                if parse_rfc3339(expiration) < self.api.clock.time():
                    return None
            except ValueError:
                return None
        if data.get("usage-bootstrap-authentication") != "true":
            return None
        groups = [BOOTSTRAPPERS_GROUP]
        for g in data.get("auth-extra-groups", "").split(","):
            g = g.strip()
            if not g:
                continue
            if not g.startswith(BOOTSTRAPPERS_GROUP + ":"):
                return None
            if g not in groups:
                groups.append(g)
        return user_info(BOOTSTRAP_USER_PREFIX + token_id, groups)

    def _secret(self, name: str) -> dict | None:
        from ..errors import APIError
        try:
            return self.api.registry.get(self.api.lookup("", "v1", "secrets"), "kube-system", name)
        except APIError:
            return None

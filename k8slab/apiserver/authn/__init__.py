"""Authentication: who sent a request, decided by a chain of authenticators, as kube-apiserver's
secure port decides it.

Follows `pkg/kubeapiserver/authenticator/config.go` (Config.New: client certificates first,
then the bearer-token authenticators in order -- the token file, service-account tokens (bound
and legacy), bootstrap tokens -- unioned; `system:authenticated` added; anonymous last, reached
only when no authenticator saw a credential: union.NewFailOnError), `staging/src/k8s.io/
apiserver/pkg/authentication/request/bearertoken/bearertoken.go` (`Authorization: Bearer <t>`;
a token nobody recognises is the error `invalid bearer token`), `.../request/union/union.go`
(the first authenticator with an answer wins; errors collected) and
`staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go` (a failed authentication
is 401 with the Status message `Unauthorized`).

    from k8slab.apiserver.authn import Authenticator
    api.authenticator = Authenticator(api, client_ca=ca_cert, token_file="tokens.csv",
                                      anonymous=True)
    user = api.authenticator.authenticate(request)    # or raises APIError 401
    request.authentication                            # Authentication: which authenticator, whom

Every request the chain sees keeps an `Authentication` record on `req.authentication` (the
authorization decision copies it: `decision.authentication`), naming the authenticator that
identified the user (`x509`, `tokenfile`, `serviceaccount`, `bootstrap`, `anonymous`, or
`in-process` for k8slab's credential-less in-process requests) or, on a 401, why.

Requests handed to the APIServer in-process (the Cluster's own client, notebooks) carry no
credentials and stay `system:admin` in `system:masters`; an in-process request that does carry
an `Authorization` header or `peer_certificates` is authenticated like one over the wire. A
request whose `user` is already set (the insecure port, an in-process client created with a
user) skips authentication altogether (APIServer.handle).

Differences from upstream: the Authentication record has no upstream counterpart (upstream's
audit events carry the user, not the authenticator); no request-header (front proxy), OIDC, webhook or basic-auth
authenticators, no token cache; the WebSocket `base64url.bearer.authorization.k8s.io.`
protocol is not read.
"""

from __future__ import annotations

from .. import errors as E
from .bootstrap import BootstrapTokenAuthenticator
from .serviceaccount import DEFAULT_ISSUER, ServiceAccountAuthenticator
from .tokenfile import TokenFileAuthenticator
from .user import anonymous, in_process_admin, with_authenticated_group
from .x509 import AuthenticationError, ClientCertAuthenticator

__all__ = ["Authenticator", "AuthenticationError", "unauthorized"]

INVALID_BEARER_TOKEN = "invalid bearer token"


class Authentication:
    """Who identified a request: `authenticator` ("x509", "tokenfile", "serviceaccount",
    "bootstrap", "anonymous", "in-process"; "" when authentication failed), the `user` it
    produced (None on a 401) and, on a 401, the `error`."""

    __slots__ = ("authenticator", "user", "error")

    def __init__(self, authenticator: str, user: dict | None, error: str = ""):
        self.authenticator = authenticator
        self.user = user
        self.error = error

    def __repr__(self) -> str:
        if self.user is None:
            return f"<Authentication failed: {self.error}>"
        return f"<Authentication by {self.authenticator}: {self.user.get('username', '')}>"


IN_PROCESS = Authentication("in-process", in_process_admin())


def unauthorized() -> E.APIError:
    """apierrors.NewUnauthorized("Unauthorized")."""
    return E.APIError(401, "Unauthorized", "Unauthorized")


class Authenticator:
    """The union of the configured authenticators, with system:authenticated and anonymous."""

    def __init__(self, api, *, client_ca=None, token_file: str | None = None, anonymous: bool = True,
                 bootstrap_tokens: bool = True, service_account_issuer: str = DEFAULT_ISSUER,
                 api_audiences=None, legacy_service_account_tokens: bool = True):
        self.api = api
        self.anonymous = anonymous
        profile = getattr(api, "profile", "current")
        self.x509 = ClientCertAuthenticator(client_ca, api.clock, credential_id=profile != "book") \
            if client_ca is not None else None
        self.token_authenticators = []
        if token_file:
            self.token_authenticators.append(TokenFileAuthenticator.from_file(token_file))
        self.service_accounts = ServiceAccountAuthenticator(api, service_account_issuer, api_audiences,
                                                            legacy=legacy_service_account_tokens)
        self.token_authenticators.append(self.service_accounts)
        if bootstrap_tokens:
            self.token_authenticators.append(BootstrapTokenAuthenticator(api))
        self.last_error = ""                       # why the last 401 was given (for tests and logs)

    def authenticate(self, req) -> dict:
        """The request's user, or raise 401 Unauthorized."""
        bearer = bearer_token(req.headers)
        certs = getattr(req, "peer_certificates", None)
        if req.in_process and not certs and not any(k.lower() == "authorization" for k in req.headers):
            req.authentication = IN_PROCESS
            return in_process_admin()
        errors = []
        user, by = None, ""
        if self.x509 is not None and certs:
            try:
                user, by = self.x509.authenticate(req), ClientCertAuthenticator.name
            except AuthenticationError as e:
                errors.append(str(e))
        if user is None and bearer is not None:
            try:
                found = self._authenticate_token(bearer)
            except AuthenticationError as e:
                errors.append(str(e))
            else:
                if found is None:
                    errors.append(INVALID_BEARER_TOKEN)
                else:
                    user, by = found[0], found[2]
        if user is not None:
            user = with_authenticated_group(user)
            req.authentication = Authentication(by, user)
            return user
        if errors or not self.anonymous:
            self.last_error = _aggregate(errors) if errors else "no credentials and anonymous requests are off"
            req.authentication = Authentication("", None, self.last_error)
            raise unauthorized()
        user = anonymous()
        req.authentication = Authentication("anonymous", user)
        return user

    def authenticate_token(self, token: str, audiences=None) -> tuple[dict, list] | None:
        """The token union (tokenunion.New): (user, audiences) of the first authenticator that
        recognises the token, None if none does; AuthenticationError if one rejected it and none
        accepted it."""
        found = self._authenticate_token(token, audiences)
        return found[:2] if found is not None else None

    def _authenticate_token(self, token: str, audiences=None) -> tuple[dict, list, str] | None:
        """authenticate_token, with the name of the authenticator that recognised the token."""
        errors = []
        for a in self.token_authenticators:
            try:
                if isinstance(a, ServiceAccountAuthenticator):
                    found = a.authenticate_token(token, audiences)
                else:
                    user = a.authenticate_token(token)
                    found = (user, list(audiences or self.service_accounts.audiences)) if user else None
            except AuthenticationError as e:
                errors.append(str(e))
                continue
            if found is not None:
                return (*found, a.name)
        if errors:
            raise AuthenticationError(_aggregate(errors))
        return None


def bearer_token(headers: dict) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (any case), or None."""
    value = None
    for k, v in headers.items():
        if k.lower() == "authorization":
            value = v
            break
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _aggregate(errors: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): one error alone, several in brackets."""
    errors = list(dict.fromkeys(errors))
    return errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"

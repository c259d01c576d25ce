"""The token cleaner: deletes bootstrap-token Secrets once they expire.

Follows `pkg/controller/bootstrap/tokencleaner.go` (evalSecret: an expired token's Secret is
deleted with a UID precondition; one that will expire is looked at again then).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from ...apiserver.errors import APIError
from ...kubeadm.tokens import SECRET_TYPE, parse_rfc3339, secret_data
from ..base import Controller


class TokenCleaner(Controller):
    name = "token-cleaner-controller"
    queue_name = "token_cleaner"
    component = "token-cleaner"

    def setup(self) -> None:
        inf = self.informer("v1", "secrets")
        self.lister = inf.lister()
        inf.add_event_handler(on_add=self._maybe, on_update=lambda o, n: self._maybe(n))

    def _maybe(self, secret) -> None:
        if secret["metadata"].get("namespace") == "kube-system" and secret.get("type") == SECRET_TYPE:
            self.enqueue(secret)

    def sync(self, key: str) -> None:
        ns, name = self.split_key(key)
        secret = self.lister.get(ns, name)
        if secret is None or secret.get("type") != SECRET_TYPE:
            return
        expiration = secret_data(secret).get("expiration")
        if not expiration:
            return
        try:
            left = parse_rfc3339(expiration) - self.now()
        except ValueError:
            return
        if left > 0:
            self.queue.add_after(key, left)
            return
        try:
            self.client.delete("v1", "Secret", name, ns, preconditions={"uid": secret["metadata"]["uid"]})
        except APIError as err:
            if err.code not in (404, 409):
                raise

"""The ServiceAccount token controller: token Secrets for ServiceAccounts, v1.11 style.

Follows `pkg/controller/serviceaccount/tokens_controller.go`:
- a ServiceAccount event queues the account; a Secret event of type
  kubernetes.io/service-account-token queues the Secret;
- syncServiceAccount: the account is gone -> delete the token Secrets that name it; otherwise
  (book profile, as v1.11's ensureReferencedToken) make sure one token Secret it references
  exists: create `<sa>-token-<5 chars>` with annotations kubernetes.io/service-account.name and
  .uid, data ca.crt, namespace and token, then add `{name: <secret>}` to the account's
  `secrets` (and delete the Secret again if that fails);
- syncSecret: the Secret is gone -> remove it from the account's `secrets`; its account is
  gone -> delete the Secret; otherwise fill in whatever of ca.crt/namespace/token is missing
  (how a Secret created by hand with the annotation gets its token, in every version).

In the current profile no Secrets are created for accounts (LegacyServiceAccountTokenNoAutoGeneration,
on since 1.24; pods get projected tokens from the TokenRequest API instead).

Differences from upstream: one work queue with `sa:` and `secret:` keys instead of two queues;
the signing key is the cluster's (see tokens.py).
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy

import base64

from ...api.names import generate_name
from ...apiserver.errors import APIError
from ..base import Controller, with_kind
from .tokens import generate_token, key_id, legacy_claims, service_account_key

SECRET_TYPE = "kubernetes.io/service-account-token"
SA_NAME_KEY = "kubernetes.io/service-account.name"
SA_UID_KEY = "kubernetes.io/service-account.uid"
TOKEN_KEY, NAMESPACE_KEY, CA_KEY = "token", "namespace", "ca.crt"
MAX_UPDATE_RETRIES = 5


def _b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


class TokensController(Controller):
    name = "serviceaccount-token-controller"
    queue_name = "serviceaccount_tokens"
    component = "tokens-controller"
    seed_offset = 71

    def setup(self) -> None:
        sa_inf = self.informer("v1", "serviceaccounts")
        secret_inf = self.informer("v1", "secrets")
        self.sa_lister, self.secret_lister = sa_inf.lister(), secret_inf.lister()
        # deleted accounts and secrets: what we knew of them, to clean up after them
        self.gone: dict[str, dict] = {}
        sa_inf.add_event_handler(on_add=self.queue_sa, on_update=lambda o, n: self.queue_sa(n),
                                 on_delete=self.queue_sa_deleted)
        secret_inf.add_event_handler(on_add=self.queue_secret, on_update=lambda o, n: self.queue_secret(n),
                                     on_delete=self.queue_secret_deleted)
        self.auto_generate = self.profile == "book"

    # ---- handlers ------------------------------------------------------------------------------

    def queue_sa(self, sa) -> None:
        self.queue.add("sa:" + self.key_of(sa))

    def queue_sa_deleted(self, obj) -> None:
        sa = self.unwrap(obj)
        key = "sa:" + self.key_of(sa)
        self.gone[key] = sa
        self.queue.add(key)

    def queue_secret(self, secret) -> None:
        if secret.get("type") == SECRET_TYPE:
            self.queue.add("secret:" + self.key_of(secret))

    def queue_secret_deleted(self, obj) -> None:
        secret = self.unwrap(obj)
        if secret.get("type") == SECRET_TYPE:
            key = "secret:" + self.key_of(secret)
            self.gone[key] = secret
            self.queue.add(key)

    # ---- sync ------------------------------------------------------------------------------------

    def sync(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        ns, name = self.split_key(rest)
        if kind == "sa":
            self.sync_service_account(key, ns, name)
        else:
            self.sync_secret(key, ns, name)

    def sync_service_account(self, key: str, ns: str, name: str) -> None:
        sa = self.sa_lister.get(ns, name)
        if sa is None:
            old = self.gone.pop(key, None)
            if old is not None:
                self.delete_tokens(ns, name, old["metadata"].get("uid", ""))
            return
        if self.auto_generate:
            self.ensure_referenced_token(sa)

    def _token_secrets_of(self, ns: str, sa_name: str, sa_uid: str) -> list[dict]:
        out = []
        for s in self.secret_lister.list(ns):
            ann = s["metadata"].get("annotations") or {}
            if s.get("type") == SECRET_TYPE and ann.get(SA_NAME_KEY) == sa_name and \
                    ann.get(SA_UID_KEY, sa_uid) == sa_uid:
                out.append(s)
        return out

    def delete_tokens(self, ns: str, sa_name: str, sa_uid: str) -> None:
        for s in self._token_secrets_of(ns, sa_name, sa_uid):
            self._delete_secret(ns, s["metadata"]["name"], s["metadata"].get("uid", ""))

    def _delete_secret(self, ns: str, name: str, uid: str) -> None:
        try:
            self.client.delete("v1", "Secret", name, ns, preconditions={"uid": uid} if uid else None)
        except APIError as err:
            if err.code not in (404, 409):
                raise

    def has_referenced_token(self, sa: dict) -> bool:
        ns = sa["metadata"]["namespace"]
        for ref in sa.get("secrets") or []:
            s = self.secret_lister.get(ns, ref.get("name", ""))
            if s is not None and s.get("type") == SECRET_TYPE and \
                    (s["metadata"].get("annotations") or {}).get(SA_NAME_KEY) == sa["metadata"]["name"]:
                return True
        return False

    def _token_data(self, sa: dict, secret_name: str) -> dict:
        key, ca = service_account_key(self.cluster.api)
        meta = sa["metadata"]
        claims = legacy_claims(meta["namespace"], meta["name"], meta.get("uid", ""), secret_name)
        token = generate_token(key, claims, "" if self.profile == "book" else key_id(key))
        return {CA_KEY: _b64(ca), NAMESPACE_KEY: _b64(meta["namespace"]), TOKEN_KEY: _b64(token)}

    def ensure_referenced_token(self, sa: dict) -> None:
        if self.has_referenced_token(sa):
            return
        meta = sa["metadata"]
        ns = meta["namespace"]
        live = self.client.get("v1", "ServiceAccount", meta["name"], ns)
        if live["metadata"]["resourceVersion"] != meta.get("resourceVersion"):
            self.queue.add_after("sa:" + self.key_of(sa), 0.1)    # cache or live read is stale: retry
            return
        secret_name = generate_name(f"{meta['name']}-token-", self.rng)
        secret = {"apiVersion": "v1", "kind": "Secret", "type": SECRET_TYPE,
                  "metadata": {"name": secret_name, "namespace": ns,
                               "annotations": {SA_NAME_KEY: meta["name"], SA_UID_KEY: meta["uid"]}},
                  "data": self._token_data(live, secret_name)}
        created = self.client.create(secret, ns)
        added = False
        for _ in range(MAX_UPDATE_RETRIES):
            try:
                cur = self.client.get("v1", "ServiceAccount", meta["name"], ns)
            except APIError as err:
                if err.code == 404:
                    break
                raise
            if cur["metadata"]["uid"] != meta["uid"]:
                break
            cur.setdefault("secrets", []).append({"name": secret_name})
            try:
                self.client.update(with_kind(cur, "v1", "ServiceAccount"))
                added = True
                break
            except APIError as err:
                if err.code != 409:
                    raise
        if not added:
            self._delete_secret(ns, secret_name, created["metadata"]["uid"])

    def sync_secret(self, key: str, ns: str, name: str) -> None:
        secret = self.secret_lister.get(ns, name)
        if secret is None:
            old = self.gone.pop(key, None)
            if old is not None:
                ann = old["metadata"].get("annotations") or {}
                self.remove_secret_reference(ns, ann.get(SA_NAME_KEY, ""), ann.get(SA_UID_KEY, ""), name)
            return
        ann = secret["metadata"].get("annotations") or {}
        sa_name, sa_uid = ann.get(SA_NAME_KEY, ""), ann.get(SA_UID_KEY, "")
        sa = self.sa_lister.get(ns, sa_name) if sa_name else None
        if sa is None and sa_name:
            try:
                sa = self.client.get("v1", "ServiceAccount", sa_name, ns)
            except APIError as err:
                if err.code != 404:
                    raise
        if sa is None or (sa_uid and sa["metadata"]["uid"] != sa_uid):
            self._delete_secret(ns, name, secret["metadata"].get("uid", ""))
            return
        self.generate_token_if_needed(sa, secret)

    def remove_secret_reference(self, ns: str, sa_name: str, sa_uid: str, secret_name: str) -> None:
        if not sa_name:
            return
        for _ in range(MAX_UPDATE_RETRIES):
            try:
                sa = self.client.get("v1", "ServiceAccount", sa_name, ns)
            except APIError as err:
                if err.code == 404:
                    return
                raise
            if sa_uid and sa["metadata"]["uid"] != sa_uid:
                return
            refs = sa.get("secrets") or []
            kept = [r for r in refs if r.get("name") != secret_name]
            if len(kept) == len(refs):
                return
            sa["secrets"] = kept
            try:
                self.client.update(with_kind(sa, "v1", "ServiceAccount"))
                return
            except APIError as err:
                if err.code != 409:
                    raise

    def generate_token_if_needed(self, sa: dict, cached: dict) -> None:
        data = cached.get("data") or {}
        ann = cached["metadata"].get("annotations") or {}
        if data.get(TOKEN_KEY) and data.get(NAMESPACE_KEY) and data.get(CA_KEY) \
                and ann.get(SA_UID_KEY):
            return
        live = self.client.get("v1", "Secret", cached["metadata"]["name"], cached["metadata"]["namespace"])
        new = deep_copy(live)
        fresh = self._token_data(sa, live["metadata"]["name"])
        data = new.setdefault("data", {}) or {}
        new["data"] = data
        for k in (CA_KEY, NAMESPACE_KEY, TOKEN_KEY):
            if not data.get(k):
                data[k] = fresh[k]
        anns = new["metadata"].setdefault("annotations", {})
        anns[SA_NAME_KEY] = sa["metadata"]["name"]
        anns[SA_UID_KEY] = sa["metadata"]["uid"]
        if new != live:
            self.client.update(with_kind(new, "v1", "Secret"))

"""The bootstrap signer: keeps a `jws-kubeconfig-<token-id>` signature of the cluster-info
ConfigMap's kubeconfig for every bootstrap token meant for signing, so that a joining node can
check the ConfigMap with the token it was given.

Follows `pkg/controller/bootstrap/bootstrapsigner.go` (one work item: any change to
kube-public/cluster-info or to a bootstrap-token Secret in kube-system queues it; signConfigMap
recomputes every signature and writes the ConfigMap only when they changed) and
`pkg/controller/bootstrap/util.go` (validateSecretForSigning: a well-formed token with
`usage-bootstrap-signing: "true"` that has not expired).

Differences from upstream: none in behaviour.
"""

from __future__ import annotations

from ...kubeadm.clusterinfo import CONFIGMAP, JWS_PREFIX, KUBECONFIG_KEY, NAMESPACE, detached_signature
from ...kubeadm.tokens import SECRET_TYPE, token_from_secret
from ..base import Controller, with_kind

KEY = f"{NAMESPACE}/{CONFIGMAP}"


class BootstrapSigner(Controller):
    name = "bootstrap-signer-controller"
    queue_name = "bootstrap_signer_queue"
    component = "bootstrap-signer"

    def setup(self) -> None:
        cms = self.informer("v1", "configmaps")
        secrets = self.informer("v1", "secrets")
        self.cm_lister, self.secret_lister = cms.lister(), secrets.lister()
        cms.add_event_handler(on_add=self._cm, on_update=lambda o, n: self._cm(n), on_delete=self._cm)
        secrets.add_event_handler(on_add=self._secret, on_update=lambda o, n: self._secret(n),
                                  on_delete=self._secret)

    def _cm(self, obj) -> None:
        cm = self.unwrap(obj)
        if cm["metadata"].get("namespace") == NAMESPACE and cm["metadata"]["name"] == CONFIGMAP:
            self.queue.add(KEY)

    def _secret(self, obj) -> None:
        s = self.unwrap(obj)
        if s["metadata"].get("namespace") == "kube-system" and s.get("type") == SECRET_TYPE:
            self.queue.add(KEY)

    def signing_tokens(self) -> dict[str, str]:
        """token id -> token secret of every valid signing token (getTokens)."""
        out = {}
        for s in self.secret_lister.list("kube-system"):
            t = token_from_secret(s)
            if t is None or "signing" not in t["usages"]:
                continue
            if t["expires"] is not None and t["expires"] < self.now():
                continue
            out[t["id"]] = t["secret"]
        return out

    def sync(self, key: str) -> None:
        cm = self.cm_lister.get(NAMESPACE, CONFIGMAP)
        if cm is None:
            return
        data = dict(cm.get("data") or {})
        content = data.get(KUBECONFIG_KEY)
        if content is None:
            return
        wanted = {k: v for k, v in data.items() if not k.startswith(JWS_PREFIX)}
        for token_id, secret in sorted(self.signing_tokens().items()):
            wanted[JWS_PREFIX + token_id] = detached_signature(content, token_id, secret)
        if wanted == data:
            return
        self.client.update(with_kind({**cm, "data": wanted}, "v1", "ConfigMap"))

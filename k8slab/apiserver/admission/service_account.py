"""ServiceAccount: every pod runs as a ServiceAccount (`default` unless it names one), which must
exist; its API credentials are mounted into every container at
/var/run/secrets/kubernetes.io/serviceaccount, and the account's imagePullSecrets are copied to a
pod that has none.

Follows `plugin/pkg/admission/serviceaccount/admission.go` (Admit, getServiceAccount,
mountServiceAccountToken, createVolume): in the current profile the volume is the projected
`kube-api-access-<5 chars>` (a bound token for 3607 s, the kube-root-ca.crt ConfigMap's ca.crt, the
namespace); in the book profile (v1.11) it is the account's token Secret `<sa>-token-<5 chars>`.

Differences from upstream: upstream retries the lookup of `default` for about a second while the
serviceaccount controller creates it; k8slab's control loop cannot run during a request, so the
controller registers `ensure_hooks` that create the account at once (when it runs in-process),
and without a controller the pod is refused. In the book profile, an account without a token Secret
yet gets no volume (v1.11 refused the pod until the tokens controller had made one). The mountable
secrets enforcement (kubernetes.io/enforce-mountable-secrets) is not checked.
"""

from __future__ import annotations

from ...api import names
from .patches import append, set_field

DEFAULT_SERVICE_ACCOUNT_NAME = "default"
SERVICE_ACCOUNT_VOLUME_NAME = "kube-api-access"
DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607
MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"


class ServiceAccount:
    name = "ServiceAccount"
    resources = {("", "pods")}
    operations = ("CREATE",)

    def __init__(self, registry):
        self.registry = registry
        self.ensure_hooks: list = []        # callables(namespace) that create `default` now

    def admit(self, a) -> list:
        pod = a.obj
        spec = pod.setdefault("spec", {})
        ops: list = []
        if MIRROR_POD_ANNOTATION in (pod["metadata"].get("annotations") or {}):
            if spec.get("serviceAccountName"):
                raise a.forbidden("a mirror pod may not reference service accounts")
            return ops
        if not spec.get("serviceAccountName"):
            set_field(spec, "serviceAccountName", DEFAULT_SERVICE_ACCOUNT_NAME, "/spec/serviceAccountName", ops)
            spec["serviceAccount"] = DEFAULT_SERVICE_ACCOUNT_NAME         # the v1 round trip keeps both
        ns, sa_name = a.namespace, spec["serviceAccountName"]
        sa = self.get_service_account(ns, sa_name)
        if sa is None:
            raise a.forbidden(f'error looking up service account {ns}/{sa_name}: '
                              f'serviceaccount "{sa_name}" not found')
        if _should_automount(sa, pod):
            self._mount_token(sa, pod, ops)
        if not spec.get("imagePullSecrets") and sa.get("imagePullSecrets"):
            set_field(spec, "imagePullSecrets", [{"name": s["name"]} for s in sa["imagePullSecrets"]],
                      "/spec/imagePullSecrets", ops)
        return ops

    def get_service_account(self, ns: str, name: str) -> dict | None:
        found = self._read(ns, name)
        if found is None and name == DEFAULT_SERVICE_ACCOUNT_NAME:
            for hook in self.ensure_hooks:            # the controller's chance to create it
                hook(ns)
            found = self._read(ns, name)
        return found

    def _read(self, ns: str, name: str) -> dict | None:
        res = self.registry.table.get("", "v1", "serviceaccounts")
        kv = self.registry.store.get(res.key(ns, name).encode())
        return None if kv is None else self.registry.cache.decode(kv)

    def _mount_token(self, sa: dict, pod: dict, ops: list) -> None:
        spec = pod["spec"]
        volumes = spec.get("volumes") or []
        book = getattr(self.registry, "profile", "current") == "book"
        volume_name = next((v["name"] for v in volumes if v["name"].startswith(
            SERVICE_ACCOUNT_VOLUME_NAME + "-")), None) if not book else None
        has_volume = volume_name is not None
        if book:
            secret = self._token_secret(sa, pod["metadata"]["namespace"])
            if secret is None:
                return
            volume_name = secret
            has_volume = any(v["name"] == secret for v in volumes)
        elif volume_name is None:
            volume_name = names.generate_name(SERVICE_ACCOUNT_VOLUME_NAME + "-", self.registry.rng)
        mount = {"name": volume_name, "readOnly": True, "mountPath": DEFAULT_API_TOKEN_MOUNT_PATH}
        needs_volume = False
        for kind in ("initContainers", "containers"):
            for i, c in enumerate(spec.get(kind) or []):
                if any(m.get("mountPath") == DEFAULT_API_TOKEN_MOUNT_PATH for m in c.get("volumeMounts") or []):
                    continue
                append(c, "volumeMounts", dict(mount), f"/spec/{kind}/{i}/volumeMounts", ops)
                needs_volume = True
        if needs_volume and not has_volume:
            volume = _secret_volume(volume_name) if book else _projected_volume(volume_name)
            append(spec, "volumes", volume, "/spec/volumes", ops)

    def _token_secret(self, sa: dict, ns: str) -> str | None:
        """v1.11's getReferencedServiceAccountToken: a token Secret the account lists."""
        for ref in sa.get("secrets") or []:
            if ref.get("name", "").startswith(sa["metadata"]["name"] + "-token-"):
                return ref["name"]
        return None


def _should_automount(sa: dict, pod: dict) -> bool:
    if pod["spec"].get("automountServiceAccountToken") is not None:
        return pod["spec"]["automountServiceAccountToken"]
    if sa.get("automountServiceAccountToken") is not None:
        return sa["automountServiceAccountToken"]
    return True


def _projected_volume(name: str) -> dict:
    return {"name": name, "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}],
        "defaultMode": 420}}


def _secret_volume(name: str) -> dict:
    return {"name": name, "secret": {"secretName": name, "defaultMode": 420}}

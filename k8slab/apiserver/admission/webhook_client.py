"""Calling one admission webhook: the AdmissionReview (admission.k8s.io/v1) POSTed over HTTPS to
clientConfig.url or clientConfig.service, verified with clientConfig.caBundle, within
timeoutSeconds, and the response checked.

Follows `staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/request/admissionreview.go`
(CreateV1AdmissionReview, VerifyAdmissionResponse), `.../pkg/util/webhook/client.go`
(HookClient: `https://<name>.<namespace>.svc:<port><path>`, TLS ServerName `<name>.<namespace>.svc`,
`?timeout=<n>s`) and `.../pkg/util/proxy/proxy.go` (ResolveCluster, kube-apiserver's default
service resolver).

How a service reference is reached: as ResolveCluster does it. An ExternalName Service is dialled
at `<externalName>:<port>` -- the way to reach a webhook served from this machine is a Service
`type: ExternalName, externalName: localhost` (Endpoints may not hold loopback addresses). A
ClusterIP / NodePort / LoadBalancer Service's ClusterIP is virtual in k8slab (no kube-proxy rules
on this host), so k8slab dials what kube-proxy would pick: the first ready address of the Service's
Endpoints at the target port; with k8slab's simulated pod IPs that connection fails, as a real
cluster's would without a network route.

Why a thread: kube-apiserver's admission runs inside the request, and so does k8slab's, on the
API server's event loop and synchronously (registry.create/update/delete call the chain). The POST
therefore runs in a worker thread and the request waits for it for at most timeoutSeconds (the
context deadline upstream sets); the event loop is blocked meanwhile, so a webhook must not be
served from the API server's own loop (tests run theirs in another thread). Error texts are Go's
(`Post "<url>": dial tcp <addr>: connect: connection refused`, `context deadline exceeded`,
`tls: failed to verify certificate: x509: certificate signed by unknown authority`); others are
Python's message behind the same `Post "<url>": ` prefix.
"""

from __future__ import annotations

import base64
import concurrent.futures
import http.client
import json
import socket
import ssl
import uuid
from urllib.parse import urlsplit

from .. import errors as E

_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="k8slab-webhook")
OPTIONS_KIND = {"CREATE": "CreateOptions", "UPDATE": "UpdateOptions", "DELETE": "DeleteOptions",
                "CONNECT": "ConnectOptions"}


class CallError(Exception):
    """ErrCallingWebhook: the webhook could not be asked (failurePolicy decides)."""

    def __init__(self, webhook: str, reason: str):
        super().__init__(f'failed calling webhook "{webhook}": {reason}')


def admission_review(a, uid: str, registry) -> dict:
    """CreateV1AdmissionReview."""
    res = a.res
    kind = res.kind
    if a.subresource:
        sub = res.subresource(a.subresource)
        kind = sub.kind if sub is not None else kind
    gvk = {"group": res.group, "version": res.version, "kind": kind}
    gvr = {"group": res.group, "version": res.version, "resource": res.plural}
    user = a.user or {}
    meta = (a.obj or a.old or {}).get("metadata") or {}
    request = {
        "uid": uid, "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
        "name": meta.get("name") or a.name or "", "namespace": (a.namespace or "") if res.namespaced else "",
        "operation": a.operation,
        "userInfo": {"username": user.get("username", ""), **({"uid": user["uid"]} if user.get("uid") else {}),
                     **({"groups": user["groups"]} if user.get("groups") else {}),
                     **({"extra": user["extra"]} if user.get("extra") else {})},
        "object": a.obj, "oldObject": a.old, "dryRun": bool(a.dry_run),
        "options": {"kind": OPTIONS_KIND[a.operation], "apiVersion": "meta.k8s.io/v1",
                    **({"dryRun": ["All"]} if a.dry_run else {})},
    }
    if a.subresource:
        request["subResource"] = request["requestSubResource"] = a.subresource
    return {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": request}


def new_uid(registry) -> str:
    return str(uuid.UUID(int=registry.rng.getrandbits(128), version=4))


def call(hook: dict, review: dict, registry, mutating: bool) -> dict:
    """POST the review; the verified `response` (raises CallError)."""
    name = hook.get("name", "")
    if not any(v == "v1" for v in hook.get("admissionReviewVersions") or []):
        raise CallError(name, "webhook does not accept known AdmissionReview versions (v1, v1beta1)")
    timeout = hook.get("timeoutSeconds") or 10
    url, dial, server_name = _target(hook, registry, timeout)
    if dial is None:
        raise CallError(name, f'failed to call webhook: Post "{url}": {server_name}')
    body = json.dumps(review).encode()
    future = _POOL.submit(_post, url, dial, server_name, _ca(hook), body, timeout)
    try:
        status, data = future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise CallError(name, f'failed to call webhook: Post "{url}": context deadline exceeded') from None
    except _Failed as e:
        raise CallError(name, f'failed to call webhook: Post "{url}": {e}') from None
    if not 200 <= status < 300:
        raise CallError(name, f"failed to call webhook: {_http_error(status, data)}")
    try:
        got = json.loads(data)
    except ValueError as e:
        raise CallError(name, f"failed to call webhook: {e}") from None
    try:
        return verify(review["request"]["uid"], mutating, got)
    except ValueError as e:
        raise CallError(name, f"received invalid webhook response: {e}") from None


def verify(uid: str, mutating: bool, got: dict) -> dict:
    """VerifyAdmissionResponse for an admission.k8s.io/v1 review."""
    resp = got.get("response") if isinstance(got, dict) else None
    if resp is None:
        raise ValueError("webhook response was absent")
    if resp.get("uid", "") != uid:
        raise ValueError(f'expected response.uid="{uid}", got "{resp.get("uid", "")}"')
    gvk = f'{got.get("apiVersion", "")}, Kind={got.get("kind", "")}'
    if (got.get("apiVersion"), got.get("kind")) != ("admission.k8s.io/v1", "AdmissionReview"):
        raise ValueError(f"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {gvk}")
    patch, patch_type = resp.get("patch"), resp.get("patchType")
    if mutating:
        if patch and patch_type is None:
            raise ValueError("webhook returned response.patch but not response.patchType")
        if not patch and patch_type is not None:
            raise ValueError("webhook returned response.patchType but not response.patch")
        if patch_type == "":
            raise ValueError('webhook returned invalid response.patchType of ""')
    else:
        if patch:
            raise ValueError("validating webhook may not return response.patch")
        if patch_type is not None:
            raise ValueError("validating webhook may not return response.patchType")
    if patch:
        resp["patch"] = base64.b64decode(patch)
    return resp


# ---- where to connect -------------------------------------------------------------------------

def _target(hook: dict, registry, timeout: int):
    """(url as errors show it, (host, port) to dial or None, TLS server name or the error)."""
    cc = hook.get("clientConfig") or {}
    query = f"?timeout={timeout}s"
    if cc.get("url"):
        u = urlsplit(cc["url"])
        port = u.port or 443
        return cc["url"] + query, (u.hostname, port), u.hostname
    svc_ref = cc.get("service") or {}
    name, ns, port = svc_ref.get("name", ""), svc_ref.get("namespace", ""), svc_ref.get("port", 443)
    host = f"{name}.{ns}.svc"
    url = f"https://{host}:{port}{svc_ref.get('path') or '/'}{query}"
    svc = _get(registry, "services", ns, name)
    if svc is None:
        return url, None, f'service "{name}" not found'
    spec = svc.get("spec") or {}
    if spec.get("type") == "ExternalName":
        return url, (spec.get("externalName", ""), port), host
    if spec.get("clusterIP") == "None":
        return url, None, 'cannot route to service with ClusterIP "None"'
    svc_port = next((p for p in spec.get("ports") or [] if p.get("port") == port), None)
    if svc_port is None:
        return url, None, f'no service port {port} found for service "{name}"'
    endpoints = _get(registry, "endpoints", ns, name) or {}
    for subset in endpoints.get("subsets") or []:
        ports = [p for p in subset.get("ports") or [] if p.get("name", "") == svc_port.get("name", "")]
        if ports and subset.get("addresses"):
            return url, (subset["addresses"][0]["ip"], ports[0]["port"]), host
    return url, None, f'no endpoints available for service "{name}"'


def _get(registry, plural: str, ns: str, name: str) -> dict | None:
    res = registry.table.get("", "v1", plural)
    kv = registry.store.get(res.key(ns, name).encode())
    return None if kv is None else registry.cache.decode(kv)


def _ca(hook: dict) -> str | None:
    bundle = (hook.get("clientConfig") or {}).get("caBundle")
    return base64.b64decode(bundle).decode() if bundle else None


# ---- the POST (in a worker thread) ------------------------------------------------------------

class _Failed(Exception):
    """A transport error, in Go's words where they are known."""


def _post(url: str, dial: tuple, server_name: str, ca_pem: str | None, body: bytes, timeout: float):
    ctx = ssl.create_default_context(cadata=ca_pem) if ca_pem else ssl.create_default_context()
    u = urlsplit(url)
    path = (u.path or "/") + (f"?{u.query}" if u.query else "")
    host, port = dial
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except ConnectionRefusedError:
        raise _Failed(f"dial tcp {_addr(host, port)}: connect: connection refused") from None
    except socket.gaierror:
        raise _Failed(f"dial tcp: lookup {host}: no such host") from None
    except OSError as e:
        raise _Failed(f"dial tcp {_addr(host, port)}: {e.strerror or e}") from None
    try:
        try:
            tls = ctx.wrap_socket(sock, server_hostname=server_name)
        except ssl.SSLCertVerificationError as e:
            raise _Failed(_tls_text(e)) from None
        except (ssl.SSLError, OSError) as e:
            raise _Failed(f"remote error: tls: {getattr(e, 'reason', None) or e}") from None
        conn = http.client.HTTPSConnection(u.hostname, u.port or 443, timeout=timeout, context=ctx)
        conn.sock = tls
        try:
            conn.request("POST", path, body, {"Content-Type": "application/json", "Accept": "application/json",
                                              "Host": u.netloc})
            r = conn.getresponse()
            return r.status, r.read()
        except socket.timeout:
            raise _Failed("context deadline exceeded") from None
        except OSError as e:
            raise _Failed(str(e) or type(e).__name__) from None
        finally:
            conn.close()
    finally:
        sock.close()


def _addr(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _tls_text(e: ssl.SSLCertVerificationError) -> str:
    msg = e.verify_message or str(e)
    if "unable to get local issuer" in msg or "self-signed" in msg or "self signed" in msg:
        return "tls: failed to verify certificate: x509: certificate signed by unknown authority"
    if "Hostname mismatch" in msg or "IP address mismatch" in msg:
        return f"tls: failed to verify certificate: x509: certificate is not valid for the host ({msg})"
    return f"tls: failed to verify certificate: {msg}"


def _http_error(status: int, data: bytes) -> str:
    """client-go's text for an error answer that is no Status (newUnstructuredResponseError)."""
    try:
        body = json.loads(data)
        if isinstance(body, dict) and body.get("kind") == "Status" and body.get("message"):
            return body["message"]
    except ValueError:
        pass
    text = data.decode(errors="replace").strip()
    if status == 404:
        return "the server could not find the requested resource"
    if status >= 500:
        return f'an error on the server ("{text}") has prevented the request from succeeding'
    return f"the server responded with the status code {status} but did not return more information"


def internal_error(message: str) -> E.APIError:
    """apierrors.NewInternalError."""
    return E.APIError(500, "InternalError", f"Internal error occurred: {message}", {"causes": [{"message": message}]})

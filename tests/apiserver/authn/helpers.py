"""Shared builders for the authentication tests: a cluster whose API server trusts a CA, client
certificates from that CA or another, and in-process clients that present credentials."""

from __future__ import annotations

import functools

from k8slab import Cluster
from k8slab.apiserver.authn import Authenticator
from k8slab.client import InProcessTransport
from k8slab.kubeadm import pki as P

SSR = {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}


def ca(name: str = "kubernetes", now: float = 1_700_000_000.0):
    """(certificate, key) of a CA, made once per test session (RSA key generation is slow)."""
    return _ca(name, now)


@functools.lru_cache(maxsize=None)
def _ca(name: str, now: float):
    return P.new_ca(name, now)


def client_cert(cn: str, orgs: tuple = (), ca_name: str = "kubernetes", not_after_days: int = 365) -> bytes:
    """A client certificate (PEM) for CN=cn, O=orgs, signed by ca(ca_name)."""
    return _client_cert(cn, tuple(orgs), ca_name, not_after_days)


@functools.lru_cache(maxsize=None)
def _client_cert(cn: str, orgs: tuple, ca_name: str, not_after_days: int) -> bytes:
    import datetime as dt
    ca_cert, ca_key = ca(ca_name)
    key = _key()
    start = ca_cert.not_valid_before_utc
    cert = P.sign(ca_cert, ca_key, key.public_key(), cn, orgs, (P.CLIENT,),
                  not_after=start + dt.timedelta(days=not_after_days))
    return P.cert_pem(cert)


@functools.lru_cache(maxsize=1)
def _key():
    return P.new_private_key()


def cluster(profile: str = "current", control_plane: bool = False, **authn) -> Cluster:
    """An API server (with the controller-manager if `control_plane`) that trusts ca() for
    client certificates (AlwaysAllow: these tests are about who asks, not what they may do)."""
    c = Cluster(nodes=0, seed=0, profile=profile, control_plane=control_plane, authorization_mode="AlwaysAllow")
    c.api.authenticator = Authenticator(c.api, client_ca=ca()[0], **authn)
    return c


def whoami(c: Cluster, **credentials):
    """(status, userInfo or Status body) of a SelfSubjectReview sent with the credentials."""
    r = InProcessTransport(c.api, **credentials).request(
        "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", body=SSR)
    return r.status, (r.body["status"]["userInfo"] if r.status == 201 else r.body)


def bearer(token: str) -> dict:
    return {"headers": {"Authorization": f"Bearer {token}"}}

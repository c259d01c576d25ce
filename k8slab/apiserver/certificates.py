"""The CertificateSigningRequest strategy: who asked, and which part each subresource may change.

Follows `pkg/registry/certificates/certificates/strategy.go`: PrepareForCreate stamps the
requesting user into spec.username, spec.uid, spec.groups and spec.extra (whatever the client
sent there) and clears status; an update of the object keeps status; `/status` keeps spec and
the Approved and Denied conditions (only the certificate and other conditions change there);
`/approval` keeps spec and the certificate (only conditions change).

Differences from upstream: the request's PEM is checked by the controllers that read it, not
by validation at create time.
"""

from __future__ import annotations

import copy

APPROVAL_TYPES = ("Approved", "Denied")


def prepare_for_create(csr: dict, user: dict | None) -> None:
    spec = csr.setdefault("spec", {})
    user = user or {}
    for field in ("username", "uid", "groups", "extra"):
        spec.pop(field, None)
    if user.get("username"):
        spec["username"] = user["username"]
    if user.get("uid"):
        spec["uid"] = user["uid"]
    if user.get("groups"):
        spec["groups"] = list(user["groups"])
    if user.get("extra"):
        spec["extra"] = copy.deepcopy(user["extra"])
    csr.pop("status", None)


def prepare_for_update(new: dict, old: dict, subresource: str) -> None:
    old_status = copy.deepcopy(old.get("status") or {})
    if subresource in ("status", "approval"):
        new["spec"] = copy.deepcopy(old.get("spec") or {})
    if subresource == "":
        if old_status:
            new["status"] = old_status
        else:
            new.pop("status", None)
        return
    status = new.setdefault("status", {}) or {}
    new["status"] = status
    conditions = status.get("conditions") or []
    kept = [c for c in old_status.get("conditions") or [] if c.get("type") in APPROVAL_TYPES]
    if subresource == "status":
        others = [c for c in conditions if c.get("type") not in APPROVAL_TYPES]
        status["conditions"] = kept + others
    else:                                   # approval: only the conditions change
        if old_status.get("certificate"):
            status["certificate"] = old_status["certificate"]
        else:
            status.pop("certificate", None)
    if not status.get("conditions"):
        status.pop("conditions", None)

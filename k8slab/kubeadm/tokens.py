"""Bootstrap tokens: `abcdef.0123456789abcdef`, kept as `bootstrap-token-<id>` Secrets in
kube-system, used by joining nodes to authenticate (the token id becomes the user
`system:bootstrap:<id>`) and to check the cluster-info ConfigMap's signature.

Follows `staging/src/k8s.io/cluster-bootstrap/token/util/helpers.go` (GenerateBootstrapToken:
6 and 16 characters of [a-z0-9]; the `^([a-z0-9]{6})\\.([a-z0-9]{16})$` pattern),
`staging/src/k8s.io/cluster-bootstrap/token/api/types.go` (the Secret's type and keys),
`cmd/kubeadm/app/apis/bootstraptoken/v1/utils.go` (BootstrapTokenToSecret /
BootstrapTokenFromSecret: description only when set, expiration as RFC 3339, one
`usage-bootstrap-<usage>: "true"` per usage, auth-extra-groups comma-joined) and
`cmd/kubeadm/app/cmd/token.go` (`kubeadm token list`: TOKEN TTL EXPIRES USAGES DESCRIPTION
EXTRA GROUPS through a tabwriter(10, 4, 3); TTL as a short human duration, `<forever>`,
`<invalid>`; `<never>` and `<none>`).

Differences from upstream: token characters come from the random source given (a seeded
`random.Random` in notebooks, the operating system's otherwise).
"""

from __future__ import annotations

import base64
import datetime as _dt
import re
import secrets

from .config import DEFAULT_TOKEN_GROUPS, DEFAULT_TOKEN_USAGES

TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
TOKEN_RE = re.compile(r"^([a-z0-9]{6})\.([a-z0-9]{16})$")
SECRET_TYPE = "bootstrap.kubernetes.io/token"
SECRET_PREFIX = "bootstrap-token-"
NAMESPACE = "kube-system"
USAGE_PREFIX = "usage-bootstrap-"
KNOWN_USAGES = ("signing", "authentication")
INVALID_TOKEN = "the bootstrap token {!r} was not of the form {!r}"
TOKEN_FORMAT = r"\A([a-z0-9]{6})\.([a-z0-9]{16})\z"


def generate_token(rng=None) -> str:
    """GenerateBootstrapToken."""
    pick = (lambda: rng.choice(TOKEN_CHARS)) if rng is not None else (lambda: secrets.choice(TOKEN_CHARS))
    return "".join(pick() for _ in range(6)) + "." + "".join(pick() for _ in range(16))


def parse_token(token: str) -> tuple[str, str]:
    """(id, secret), or ValueError with kubeadm's message."""
    m = TOKEN_RE.match(token or "")
    if not m:
        raise ValueError(INVALID_TOKEN.format(token, TOKEN_FORMAT).replace("'", '"'))
    return m.group(1), m.group(2)


def rfc3339(t: float) -> str:
    return _dt.datetime.fromtimestamp(int(t), _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_rfc3339(s: str) -> float:
    return _dt.datetime.strptime(s.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z").timestamp()


def token_secret(token: str, now: float, ttl_seconds: int = 24 * 3600, description: str = "",
                 usages=DEFAULT_TOKEN_USAGES, groups=DEFAULT_TOKEN_GROUPS) -> dict:
    """BootstrapTokenToSecret: the Secret that stores a token."""
    token_id, token_secret_part = parse_token(token)
    data = {"token-id": token_id, "token-secret": token_secret_part}
    if description:
        data["description"] = description
    if ttl_seconds and ttl_seconds > 0:
        data["expiration"] = rfc3339(now + ttl_seconds)
    for usage in usages:
        data[USAGE_PREFIX + usage] = "true"
    if groups:
        data["auth-extra-groups"] = ",".join(groups)
    return {"apiVersion": "v1", "kind": "Secret", "type": SECRET_TYPE,
            "metadata": {"name": SECRET_PREFIX + token_id, "namespace": NAMESPACE},
            "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}}


def secret_data(secret: dict) -> dict[str, str]:
    """The Secret's data, decoded."""
    out = {}
    for k, v in (secret.get("data") or {}).items():
        try:
            out[k] = base64.b64decode(v).decode()
        except (ValueError, UnicodeDecodeError):
            out[k] = ""
    return out


def token_from_secret(secret: dict) -> dict | None:
    """BootstrapTokenFromSecret: {token, description, expires, usages, groups}, or None for a
    Secret that is not a well-formed bootstrap token."""
    if secret.get("type") != SECRET_TYPE:
        return None
    d = secret_data(secret)
    token_id, token_secret_part = d.get("token-id", ""), d.get("token-secret", "")
    if secret["metadata"].get("name") != SECRET_PREFIX + token_id or \
            not TOKEN_RE.match(f"{token_id}.{token_secret_part}"):
        return None
    usages = sorted(k[len(USAGE_PREFIX):] for k, v in d.items() if k.startswith(USAGE_PREFIX) and v == "true")
    groups = [g for g in d.get("auth-extra-groups", "").split(",") if g]
    expires = parse_rfc3339(d["expiration"]) if d.get("expiration") else None
    return {"token": f"{token_id}.{token_secret_part}", "id": token_id, "secret": token_secret_part,
            "description": d.get("description", ""), "expires": expires, "usages": usages, "groups": groups}


def short_human_duration(seconds: float) -> str:
    """duration.ShortHumanDuration."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    s = int(seconds)
    if s < 60:
        return f"{s}s"
    if s // 60 < 60:
        return f"{s // 60}m"
    if s // 3600 < 24:
        return f"{s // 3600}h"
    if s // 86400 < 365:
        return f"{s // 86400}d"
    return f"{s // (86400 * 365)}y"


def list_table(tokens: list[dict], now: float) -> str:
    """`kubeadm token list` (text output)."""
    rows = [["TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"]]
    for t in tokens:
        if t["expires"] is None:
            ttl, expires = "<forever>", "<never>"
        else:
            ttl, expires = short_human_duration(t["expires"] - now), rfc3339(t["expires"])
        rows.append([t["token"], ttl, expires, ",".join(t["usages"]), t["description"] or "<none>",
                     ",".join(t["groups"])])
    return tabwrite(rows, minwidth=10, padding=3)


def tabwrite(rows: list[list[str]], minwidth: int, padding: int) -> str:
    """Go's text/tabwriter for cells ending in a tab: each column but the last padded to
    max(minwidth, widest cell + padding)."""
    widths = [max(minwidth, max(len(r[i]) for r in rows) + padding) for i in range(len(rows[0]) - 1)]
    return "".join("".join(c.ljust(w) for c, w in zip(r, widths)) + r[-1] + "\n" for r in rows)

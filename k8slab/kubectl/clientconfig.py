"""What one command connects with: the kubeconfig's context with the command line's overrides.

Follows client-go's `tools/clientcmd/client_config.go` (DirectClientConfig: the context chosen
by `--context` or `current-context`, then `--cluster`, `--user`, `--namespace`, `--server`,
`--token`, `--as`, `--as-group`... overriding its parts; the errors for a missing context, user
or cluster; http://localhost:8080 when nothing is configured; a server without a scheme gets
https when TLS is configured, http otherwise) and `--request-timeout` (an integer is seconds,
else a Go duration; Go's time.Duration spelling when it is sent as `?timeout=`).
"""

from __future__ import annotations

import base64

from .kubeconfig import DEFAULT_SERVER, ConfigError, Kubeconfig, resolved


class ClientConfig:
    """What one command connects with, after the flags have overridden the kubeconfig."""

    def __init__(self, context_name: str = "", cluster_name: str = "", user_name: str = ""):
        self.server = DEFAULT_SERVER
        self.namespace = "default"
        self.namespace_explicit = False          # --namespace given (or set in the context)
        self.context_name, self.cluster_name, self.user_name = context_name, cluster_name, user_name
        self.certificate_authority = ""
        self.certificate_authority_data = b""
        self.client_certificate = ""
        self.client_certificate_data = b""
        self.client_key = ""
        self.client_key_data = b""
        self.insecure = False
        self.tls_server_name = ""
        self.token = ""
        self.username = ""
        self.password = ""
        self.impersonate = ""
        self.impersonate_groups: list[str] = []
        self.impersonate_uid = ""
        self.timeout: float | None = None        # --request-timeout, seconds

    @property
    def host(self) -> str:
        """`localhost:8080` as the connection-refused message names the server."""
        rest = self.server.split("://", 1)[-1]
        return rest.split("/", 1)[0]


def client_config(cfg: Kubeconfig, flags: dict) -> ClientConfig:
    """DirectClientConfig.ClientConfig(): the context, then every override from the flags."""
    context_name = flags.get("context") or cfg.current_context
    if flags.get("context") and flags["context"] not in cfg.contexts:
        raise ConfigError(f"Error in configuration: context was not found for specified context: {flags['context']}")
    context = dict(cfg.contexts.get(context_name) or {})
    cluster_name = flags.get("cluster") or context.get("cluster", "")
    user_name = flags.get("user") or context.get("user", "")
    cc = ClientConfig(context_name=context_name, cluster_name=cluster_name, user_name=user_name)
    if flags.get("user") and flags["user"] not in cfg.users:
        raise ConfigError(f'error: auth info "{flags["user"]}" does not exist')
    cluster = resolved(cfg, "clusters", cluster_name)
    if flags.get("cluster") and flags["cluster"] not in cfg.clusters and not flags.get("server"):
        raise ConfigError(f'error: no server found for cluster "{flags["cluster"]}"')
    user = resolved(cfg, "users", user_name)
    if flags.get("server"):
        cluster["server"] = flags["server"]
    if flags.get("certificate-authority"):
        cluster["certificate-authority"] = flags["certificate-authority"]
        cluster.pop("certificate-authority-data", None)
    if flags.get("insecure-skip-tls-verify"):
        cluster["insecure-skip-tls-verify"] = True
    if flags.get("tls-server-name"):
        cluster["tls-server-name"] = flags["tls-server-name"]
    for flag, key in (("client-certificate", "client-certificate"), ("client-key", "client-key"),
                      ("token", "token"), ("username", "username"), ("password", "password"),
                      ("as", "as"), ("as-uid", "as-uid")):
        if flags.get(flag):
            user[key] = flags[flag]
            if key in ("client-certificate", "client-key"):
                user.pop(key + "-data", None)
    if flags.get("as-group"):
        user["as-groups"] = list(flags["as-group"])
    server = cluster.get("server") or ""
    if not server and (context_name in cfg.contexts or cluster_name in cfg.clusters):
        if cluster_name and cluster_name not in cfg.clusters:
            raise ConfigError(f'error: no server found for cluster "{cluster_name}"')
    cc.server = _normalize_server(server or DEFAULT_SERVER, cluster, user)
    cc.certificate_authority = cluster.get("certificate-authority", "")
    cc.certificate_authority_data = _b64(cluster.get("certificate-authority-data"))
    cc.insecure = bool(cluster.get("insecure-skip-tls-verify"))
    cc.tls_server_name = cluster.get("tls-server-name", "")
    cc.client_certificate = user.get("client-certificate", "")
    cc.client_certificate_data = _b64(user.get("client-certificate-data"))
    cc.client_key = user.get("client-key", "")
    cc.client_key_data = _b64(user.get("client-key-data"))
    cc.token = user.get("token", "")
    if not cc.token and user.get("tokenFile"):
        try:
            with open(user["tokenFile"]) as f:
                cc.token = f.read().strip()
        except OSError:
            pass
    cc.username, cc.password = user.get("username", ""), user.get("password", "")
    cc.impersonate, cc.impersonate_uid = user.get("as", ""), user.get("as-uid", "")
    cc.impersonate_groups = list(user.get("as-groups") or [])
    if flags.get("namespace"):
        cc.namespace, cc.namespace_explicit = flags["namespace"], True
    elif context.get("namespace"):
        cc.namespace, cc.namespace_explicit = context["namespace"], True
    cc.timeout = parse_timeout(flags.get("request-timeout") or "0")
    return cc


def _normalize_server(server: str, cluster: dict, user: dict) -> str:
    """A host without a scheme gets https when TLS is configured, http otherwise (DefaultServerURL)."""
    if "://" in server:
        return server.rstrip("/")
    tls = any(cluster.get(k) for k in ("certificate-authority", "certificate-authority-data",
                                        "insecure-skip-tls-verify")) or \
        any(user.get(k) for k in ("client-certificate", "client-certificate-data"))
    return ("https://" if tls else "http://") + server.rstrip("/")


def _b64(value) -> bytes:
    if not value:
        return b""
    try:
        return base64.b64decode(value)
    except (ValueError, TypeError):
        return b""


def parse_timeout(value: str) -> float | None:
    """`--request-timeout`: a bare integer is seconds, else a Go duration (`1m30s`); 0 = none."""
    from .errors import CommandError
    if value.isdigit():
        seconds = float(value)
    else:
        seconds = parse_duration(value)
        if seconds is None:
            raise CommandError("error: Invalid timeout value. Timeout must be a single integer in seconds, "
                               "or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)")
    return seconds or None


_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def go_duration(seconds: float) -> str:
    """Go's time.Duration.String(): `5s`, `1m30s`, `1h0m0s`, `500ms`."""
    if seconds == 0:
        return "0s"
    if seconds < 1:
        for unit, scale in (("ms", 1e3), ("µs", 1e6), ("ns", 1e9)):
            value = seconds * scale
            if value >= 1 or unit == "ns":
                return f"{value:.9g}{unit}"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:.9g}s"
    if hours:
        return f"{int(hours)}h{int(minutes)}m{text}"
    if minutes:
        return f"{int(minutes)}m{text}"
    return text


def parse_duration(text: str) -> float | None:
    """Go's time.ParseDuration, in seconds; None if malformed."""
    import re
    if text in ("0", ""):
        return 0.0
    parts = re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text.lstrip("+"):
        return None
    return sum(float(n) * _UNITS[u] for n, u in parts)

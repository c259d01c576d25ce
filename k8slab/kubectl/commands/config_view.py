"""`kubectl config view`: the merged kubeconfig, shortened or raw, minified or flattened.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/config/view.go` and client-go's
`tools/clientcmd/api/helpers.go` (MinifyConfig: only the current context, its cluster and user;
ShortenConfig: certificate and key data shown as DATA+OMITTED, tokens as REDACTED unless
`--raw`; FlattenConfig: files referenced are read into the -data fields). `-o json` keeps the
struct order of client-go's v1.Config (kind, apiVersion, preferences, clusters, users,
contexts, current-context); `-o yaml` (the default) is sigs.k8s.io/yaml, sorted.
"""

from __future__ import annotations

import base64

from ..errors import error
from ..flags import BOOL, STRING
from ..registry import command

CLUSTER_FIELDS = ("server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority",
                  "certificate-authority-data", "proxy-url", "disable-compression", "extensions")
USER_FIELDS = ("client-certificate", "client-certificate-data", "client-key", "client-key-data", "token",
               "tokenFile", "as", "as-uid", "as-groups", "as-user-extra", "username", "password",
               "auth-provider", "exec", "extensions")
CONTEXT_FIELDS = ("cluster", "user", "namespace", "extensions")
ORDER = {"cluster": CLUSTER_FIELDS, "user": USER_FIELDS, "context": CONTEXT_FIELDS}


def view_flags(fs) -> None:
    fs.add("output", STRING, short="o", default="yaml")
    fs.add("minify", BOOL)
    fs.add("raw", BOOL)
    fs.add("flatten", BOOL)
    fs.add("merge", BOOL, default=True)
    fs.add("template", STRING)
    fs.add("allow-missing-template-keys", BOOL, default=True)
    fs.add("show-managed-fields", BOOL)


@command("config view", flags=view_flags, short="Display merged kubeconfig settings or a specified kubeconfig file")
def view(session, args: list[str]) -> int:
    f = session.flags
    cfg = session.kubeconfig
    doc = cfg.to_v1()
    if f["minify"]:
        doc = minify(doc, f["context"] or doc["current-context"])
    if f["flatten"]:
        from ..kubeconfig import resolved
        for section, item in (("clusters", "cluster"), ("users", "user")):
            for entry in doc.get(section) or []:
                entry[item] = resolved(cfg, section, entry["name"])
        flatten(doc)
    elif not f["raw"]:
        shorten(doc)
    doc = ordered(doc)
    output = f["output"]
    if output == "json":
        from ..printers.json import go_escape
        import json
        session.out.write(go_escape(json.dumps(doc, indent=4, ensure_ascii=False)) + "\n")
        return 0
    from ..printers.output import printer_for
    printer_for(output, template=f["template"],
                allow_missing_keys=f["allow-missing-template-keys"])(doc, session.out)
    return 0


def minify(doc: dict, context: str) -> dict:
    if not context:
        raise error("current-context must exist in order to minify")
    contexts = {c["name"]: c for c in doc.get("contexts") or []}
    if context not in contexts:
        raise error(f"cannot locate context {context}")
    ctx = contexts[context]["context"]
    clusters = [c for c in doc.get("clusters") or [] if c["name"] == ctx.get("cluster")]
    users = [u for u in doc.get("users") or [] if u["name"] == ctx.get("user")]
    if ctx.get("cluster") and not clusters:
        raise error(f"cannot locate cluster {ctx.get('cluster')}")
    if ctx.get("user") and not users:
        raise error(f"cannot locate user {ctx.get('user')}")
    return {**doc, "clusters": clusters or None, "users": users or None,
            "contexts": [contexts[context]], "current-context": context}


def shorten(doc: dict) -> None:
    for entry in doc.get("users") or []:
        user = entry["user"] = dict(entry["user"])
        for key in ("client-key-data", "client-certificate-data"):
            if user.get(key):
                user[key] = "DATA+OMITTED"
        if user.get("token"):
            user["token"] = "REDACTED"
    for entry in doc.get("clusters") or []:
        cluster = entry["cluster"] = dict(entry["cluster"])
        if cluster.get("certificate-authority-data"):
            cluster["certificate-authority-data"] = "DATA+OMITTED"


def flatten(doc: dict) -> None:
    """FlattenConfig: file references become -data fields."""
    def inline(entry: dict, key: str) -> None:
        path = entry.pop(key, None)
        if path:
            with open(path, "rb") as fh:
                entry[key + "-data"] = base64.b64encode(fh.read()).decode()
    for entry in doc.get("users") or []:
        entry["user"] = dict(entry["user"])
        inline(entry["user"], "client-certificate")
        inline(entry["user"], "client-key")
    for entry in doc.get("clusters") or []:
        entry["cluster"] = dict(entry["cluster"])
        inline(entry["cluster"], "certificate-authority")


def ordered(doc: dict) -> dict:
    """Fields in client-go's struct order (what `-o json` shows)."""
    out = {"kind": doc.get("kind", "Config"), "apiVersion": doc.get("apiVersion", "v1"),
           "preferences": doc.get("preferences") or {}}
    for section, item in (("clusters", "cluster"), ("users", "user"), ("contexts", "context")):
        entries = doc.get(section)
        if entries is None:
            out[section] = None
            continue
        out[section] = [{"name": e["name"], item: _order(e.get(item) or {}, ORDER[item])} for e in entries]
    out["current-context"] = doc.get("current-context", "")
    if doc.get("extensions"):
        out["extensions"] = doc["extensions"]
    return out


def _order(entry: dict, fields: tuple) -> dict:
    required = ("server", "cluster", "user")       # the v1 fields without omitempty
    out = {k: entry[k] for k in fields
           if k in entry and (k in required or entry[k] not in (None, "", [], {}, False))}
    out.update({k: v for k, v in entry.items() if k not in fields})
    return out

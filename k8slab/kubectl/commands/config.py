"""`kubectl config ...`: read and change kubeconfig files (`config view` is in config_view.py).

Follows `staging/src/k8s.io/kubectl/pkg/cmd/config/` (current_context.go, use_context.go,
set_cluster.go, set_authinfo.go, set_context.go, get_contexts.go, get_clusters.go,
get_users.go, delete_context.go, delete_cluster.go, delete_user.go, rename_context.go and
their messages) and client-go's ModifyConfig (changes go back to the file each entry came from).

Differences from upstream: `get-clusters` lists names sorted (kubectl prints them in Go's random
map order); `config set`/`unset` and the exec/auth-provider flags of set-credentials beyond
`--exec-command`/`--exec-arg` are not offered.
"""

from __future__ import annotations

import base64
import os

from ..errors import CommandError, error
from ..flags import BOOL, STRING, STRING_ARRAY
from ..printers.tabwriter import TabWriter
from ..registry import command

@command("config", short="Modify kubeconfig files")
def config(session, args: list[str]) -> int:
    from ..cli import help_text
    from ..registry import COMMANDS
    session.out.write(help_text(COMMANDS["config"]))
    return 0


from . import config_view  # noqa: E402,F401  (registers `config view` after `config`)


def _save(session, cfg) -> None:
    session.config_store.save(cfg)


def _file_name(session, cfg) -> str:
    return cfg.files[0] if cfg.files else ""


# ---- current-context, use-context ----------------------------------------------------------------


@command("config current-context", short="Display the current-context")
def current_context(session, args: list[str]) -> int:
    cfg = session.kubeconfig
    if not cfg.current_context:
        raise error("current-context is not set")
    session.out.write(cfg.current_context + "\n")
    return 0


@command("config use-context", short="Set the current-context in a kubeconfig file", aliases=("use",))
def use_context(session, args: list[str]) -> int:
    if len(args) != 1:
        raise error("Unexpected args: " + str(args) if args else "empty context names are not allowed")
    cfg = session.kubeconfig
    name = args[0]
    if name not in cfg.contexts:
        raise error(f'no context exists with the name: "{name}"')
    cfg.current_context = name
    _save(session, cfg)
    session.out.write(f'Switched to context "{name}".\n')
    return 0


# ---- set-cluster, set-credentials, set-context -------------------------------------------------


def set_cluster_flags(fs) -> None:
    for name in ("server", "certificate-authority", "tls-server-name", "proxy-url"):
        fs.add(name, STRING)
    fs.add("insecure-skip-tls-verify", BOOL)
    fs.add("embed-certs", BOOL)


@command("config set-cluster", flags=set_cluster_flags, short="Set a cluster entry in kubeconfig")
def set_cluster(session, args: list[str]) -> int:
    name = _one_name(args, "cluster")
    f, changed = session.flags, session.changed
    cfg = session.kubeconfig
    cluster = dict(cfg.clusters.get(name) or {})
    if "server" in changed:
        cluster["server"] = f["server"]
    if "tls-server-name" in changed:
        cluster["tls-server-name"] = f["tls-server-name"]
    if "proxy-url" in changed:
        cluster["proxy-url"] = f["proxy-url"]
    if "insecure-skip-tls-verify" in changed:
        cluster["insecure-skip-tls-verify"] = f["insecure-skip-tls-verify"]
        if f["insecure-skip-tls-verify"]:
            cluster.pop("certificate-authority", None)
            cluster.pop("certificate-authority-data", None)
    if "certificate-authority" in changed:
        path = f["certificate-authority"]
        if f["embed-certs"]:
            cluster["certificate-authority-data"] = _read_b64(path)
            cluster.pop("certificate-authority", None)
        else:
            cluster["certificate-authority"] = os.path.abspath(path) if path else ""
            cluster.pop("certificate-authority-data", None)
        cluster.pop("insecure-skip-tls-verify", None) if cluster.get("insecure-skip-tls-verify") is False else None
    cfg.clusters[name] = cluster
    _save(session, cfg)
    session.out.write(f'Cluster "{name}" set.\n')
    return 0


def set_credentials_flags(fs) -> None:
    for name in ("client-certificate", "client-key", "token", "username", "password", "auth-provider"):
        fs.add(name, STRING)
    fs.add("embed-certs", BOOL)
    fs.add("auth-provider-arg", STRING_ARRAY)
    fs.add("exec-command", STRING)
    fs.add("exec-api-version", STRING)
    fs.add("exec-arg", STRING_ARRAY)
    fs.add("exec-env", STRING_ARRAY)


@command("config set-credentials", flags=set_credentials_flags, short="Set a user entry in kubeconfig")
def set_credentials(session, args: list[str]) -> int:
    name = _one_name(args, "user")
    f, changed = session.flags, session.changed
    cfg = session.kubeconfig
    user = dict(cfg.users.get(name) or {})
    for key in ("client-certificate", "client-key"):
        if key in changed:
            if f["embed-certs"]:
                user[key + "-data"] = _read_b64(f[key])
                user.pop(key, None)
            else:
                user[key] = os.path.abspath(f[key]) if f[key] else ""
                user.pop(key + "-data", None)
    for key in ("token", "username", "password"):
        if key in changed:
            user[key] = f[key]
    if "exec-command" in changed:
        user["exec"] = {"command": f["exec-command"], "apiVersion": f["exec-api-version"] or
                        "client.authentication.k8s.io/v1beta1", "args": f["exec-arg"] or None,
                        "env": None, "provideClusterInfo": False, "interactiveMode": "IfAvailable"}
    cfg.users[name] = user
    _save(session, cfg)
    session.out.write(f'User "{name}" set.\n')
    return 0


def set_context_flags(fs) -> None:
    fs.add("current", BOOL)
    fs.add("cluster", STRING)      # shadows the global flags, as upstream's command does
    fs.add("user", STRING)
    fs.add("namespace", STRING)


@command("config set-context", flags=set_context_flags, short="Set a context entry in kubeconfig")
def set_context(session, args: list[str]) -> int:
    f, changed = session.flags, session.changed
    cfg = session.kubeconfig
    if f["current"]:
        if args:
            raise error("you cannot specify a context name and --current")
        name = cfg.current_context
        if not name:
            raise error("no current context is set")
    else:
        name = _one_name(args, "context")
    exists = name in cfg.contexts
    ctx = dict(cfg.contexts.get(name) or {})
    for key in ("cluster", "user", "namespace"):
        if key in changed:
            ctx[key] = f[key]
    cfg.contexts[name] = ctx
    _save(session, cfg)
    session.out.write(f'Context "{name}" {"modified" if exists else "created"}.\n')
    return 0


def _one_name(args: list[str], what: str) -> str:
    if len(args) != 1 or not args[0]:
        raise CommandError(f"error: Unexpected args: {args}" if len(args) > 1 else
                           f"error: you must specify a non-empty {what} name")
    return args[0]


def _read_b64(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            return base64.b64encode(fh.read()).decode()
    except OSError as e:
        raise error(f"error reading {path}: {e.strerror.lower()}") from None


# ---- get-contexts, get-clusters, get-users -----------------------------------------------------


def get_contexts_flags(fs) -> None:
    fs.add("output", STRING, short="o")
    fs.add("no-headers", BOOL)


@command("config get-contexts", flags=get_contexts_flags, short="Describe one or many contexts")
def get_contexts(session, args: list[str]) -> int:
    f = session.flags
    cfg = session.kubeconfig
    if f["output"] not in ("", "name"):
        raise error(f"output must be one of '' or 'name': {f['output']}")
    names = sorted(cfg.contexts) if not args else args
    w = TabWriter(session.out)
    if not f["no-headers"] and f["output"] != "name":
        w.write("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n")
    missing = []
    for name in names:
        if name not in cfg.contexts:
            missing.append(name)
            continue
        if f["output"] == "name":
            w.write(name + "\n")
            continue
        ctx = cfg.contexts[name]
        mark = "*" if name == cfg.current_context else ""
        w.write(f"{mark}\t{name}\t{ctx.get('cluster', '')}\t{ctx.get('user', '')}\t{ctx.get('namespace', '')}\n")
    w.flush()
    if missing:
        raise error("\n".join(f"context {m} not found" for m in missing).replace("\n", "\nerror: "))
    return 0


@command("config get-clusters", short="Display clusters defined in the kubeconfig")
def get_clusters(session, args: list[str]) -> int:
    session.out.write("NAME\n" + "".join(n + "\n" for n in sorted(session.kubeconfig.clusters)))
    return 0


@command("config get-users", short="Display users defined in the kubeconfig")
def get_users(session, args: list[str]) -> int:
    session.out.write("NAME\n" + "".join(n + "\n" for n in sorted(session.kubeconfig.users)))
    return 0


# ---- delete-*, rename-context --------------------------------------------------------------------


def _delete(session, args: list[str], section: str, what: str) -> int:
    cfg = session.kubeconfig
    if len(args) != 1:
        raise error(f"Unexpected args: {args}" if args else f"you must specify a {what} name")
    name = args[0]
    entries = getattr(cfg, section)
    path = cfg.origin.get((section, name), _file_name(session, cfg))
    if name not in entries:
        raise error(f"cannot delete {what} {name}, not in {path}")
    del entries[name]
    cfg.removed.add((section, name))
    if section == "contexts" and cfg.current_context == name:
        session.err.write('warning: this removed your active context, use "kubectl config use-context" '
                          "to select a different one\n")
    _save(session, cfg)
    session.out.write(f"deleted {what} {name} from {path}\n")
    return 0


@command("config delete-context", short="Delete the specified context from the kubeconfig")
def delete_context(session, args: list[str]) -> int:
    return _delete(session, args, "contexts", "context")


@command("config delete-cluster", short="Delete the specified cluster from the kubeconfig")
def delete_cluster(session, args: list[str]) -> int:
    return _delete(session, args, "clusters", "cluster")


@command("config delete-user", short="Delete the specified user from the kubeconfig")
def delete_user(session, args: list[str]) -> int:
    return _delete(session, args, "users", "user")


@command("config rename-context", short="Rename a context from the kubeconfig file")
def rename_context(session, args: list[str]) -> int:
    if len(args) != 2:
        raise error("Unexpected args: " + str(args))
    old, new = args
    cfg = session.kubeconfig
    if old not in cfg.contexts:
        raise error(f"cannot rename the context {old!r}, it's not in {_file_name(session, cfg)}")
    if new in cfg.contexts:
        raise error(f"cannot rename the context {old!r}, the context {new!r} already exists in "
                    f"{_file_name(session, cfg)}")
    cfg.contexts[new] = cfg.contexts.pop(old)
    cfg.origin[("contexts", new)] = cfg.origin.pop(("contexts", old), _file_name(session, cfg))
    cfg.removed.add(("contexts", old))
    if cfg.current_context == old:
        cfg.current_context = new
    _save(session, cfg)
    session.out.write(f'Context "{old}" renamed to "{new}".\n')
    return 0

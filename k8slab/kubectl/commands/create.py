"""`kubectl create -f FILE` and the generators `create namespace|deployment|service|configmap|
serviceaccount|token` (secrets in create_secret.py, RBAC kinds in create_rbac.py).

Follows `staging/src/k8s.io/kubectl/pkg/cmd/create/create.go` (RunCreate: the builder's objects
POSTed one by one with fieldManager=kubectl-create and fieldValidation, errors named by their
file, `no objects passed to create`; CreateSubcommandOptions and NameFromCommandArgs) and
create_namespace.go, create_deployment.go, create_service.go, create_configmap.go,
create_serviceaccount.go, create_token.go (how each wraps the server's error:
`failed to create deployment: ...`).

Differences from upstream: `kubectl create` without -f prints a short help (upstream prints the
whole help text); `--edit`, `--raw` and `-k` are not offered; generator objects are sent as JSON
(kubectl 1.32 sends protobuf; the server decodes both).
"""

from __future__ import annotations

from ..apply.lastapplied import create_or_update_annotation
from ..builder import collect
from ..errors import KubectlError
from ..flags import BOOL, INT, STRING, STRING_ARRAY, STRING_SLICE
from ..generators import GeneratorError
from .. import generators as gen
from ..mutation import (CLIENT, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        add_save_config_flag, add_validate_flag, dry_run_strategy, go_error_string, go_list,
                        raise_collected, required_flag, success_printer, usage_error, validation_directive,
                        with_source, write_query)
from ..registry import COMMANDS, command


def flags(fs) -> None:
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")
    fs.add("selector", STRING, short="l")
    fs.add("edit", BOOL)
    fs.add("raw", STRING)
    fs.add("windows-line-endings", BOOL)
    _common(fs)


def _common(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_validate_flag(fs)
    add_save_config_flag(fs)
    add_field_manager_flag(fs, "kubectl-create")


SUBCOMMANDS = ("clusterrole", "clusterrolebinding", "configmap", "cronjob", "deployment", "ingress", "job",
               "namespace", "poddisruptionbudget", "priorityclass", "quota", "role", "rolebinding", "secret",
               "service", "serviceaccount", "token")


@command("create", flags=flags, short="Create a resource from a file or from stdin")
def create(session, args: list[str]) -> int:
    f = session.flags
    if args and args[0] in SUBCOMMANDS and not f["filename"]:
        from ..errors import CommandError
        raise CommandError(f'error: "kubectl create {args[0]}" is not implemented in k8slab yet')
    if not f["filename"]:
        session.err.write("Create a resource from a file or from stdin.\n\nAvailable Commands:\n"
                          + "".join(f"  {s}\n" for s in SUBCOMMANDS) + "\nUsage:\n"
                          "  kubectl create -f FILENAME [options]\n")
        return 1
    if args:
        raise usage_error(session, f"Unexpected args: {go_list(args)}")
    dry = dry_run_strategy(session)
    validation = validation_directive(session)
    show = success_printer(session, "created", dry)
    infos, errors = collect(session, [], filenames=f["filename"], recursive=f["recursive"], latest=False)
    count = 0
    query = write_query(dry, f["field-manager"], validation)
    for info in infos:
        obj = create_or_update_annotation(f["save-config"], info.obj)
        if dry != CLIENT:
            try:
                obj = session.client.request("POST", info.resource.path(info.namespace), query,
                                             body=_json(obj), content_type="application/json",
                                             caller="helper.go:245").json()
            except KubectlError as e:
                errors.append(with_source("creating", info.source, e))
                continue
        count += 1
        show(obj)
    raise_collected(errors)
    if count == 0:
        raise Failure("no objects passed to create")
    return 0


def _json(obj: dict) -> bytes:
    import orjson
    return orjson.dumps(obj)


# ---- generators ---------------------------------------------------------------------------------

def name_from_args(session, args: list[str]) -> str:
    """NameFromCommandArgs: exactly one name before `--`."""
    at_dash = session.flags.get("--", -1)
    n = len(args) if at_dash == -1 else at_dash
    if n != 1:
        raise usage_error(session, f"exactly one NAME is required, got {n}")
    return args[0]


def submit(session, obj: dict, plural: str, group: str = "", version: str = "v1", *, namespaced: bool = True,
           wrap: str | None = None) -> int:
    """CreateSubcommandOptions.Run: annotate, POST (unless --dry-run=client), print."""
    f = session.flags
    dry = dry_run_strategy(session)
    show = success_printer(session, "created", dry, typed=True)
    validation = validation_directive(session)
    namespace, explicit = session.namespace()
    obj = create_or_update_annotation(f["save-config"], obj, typed=True)
    if dry == CLIENT:
        show(obj)
        return 0
    base = f"/apis/{group}/{version}" if group else f"/api/{version}"
    path = f"{base}/namespaces/{namespace}/{plural}" if namespaced else f"{base}/{plural}"
    try:
        created = session.client.request("POST", path, write_query(dry, f["field-manager"], validation),
                                         body=_json(obj), content_type="application/json",
                                         caller="request.go:1351").json()
    except KubectlError as e:
        if wrap is None:
            raise
        raise Failure(f"{wrap}{go_error_string(e)}") from None
    show(created)
    return 0


def generator_error(e: GeneratorError) -> Failure:
    return Failure(str(e))


def _prepare(session, args) -> tuple[str, str]:
    """(name, namespace to write into the object: only when -n was given)."""
    name = name_from_args(session, args)
    dry_run_strategy(session)
    success_printer(session, "created")
    validation_directive(session)
    namespace, explicit = session.namespace()
    return name, namespace if explicit else ""


@command("create namespace", flags=_common, short="Create a namespace with the specified name", aliases=("ns",))
def create_namespace(session, args: list[str]) -> int:
    name, _ = _prepare(session, args)
    return submit(session, gen.namespace(name), "namespaces", namespaced=False)


@command("create serviceaccount", flags=_common, short="Create a service account with the specified name",
         aliases=("sa",))
def create_serviceaccount(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    return submit(session, gen.service_account(name, ns), "serviceaccounts",
                  wrap="failed to create serviceaccount: ")


def deployment_flags(fs) -> None:
    _common(fs)
    fs.add("image", STRING_SLICE)
    fs.add("port", INT, default=-1)
    fs.add("replicas", INT, default=1, short="r")


@command("create deployment", flags=deployment_flags, short="Create a deployment with the specified name",
         aliases=("deploy",))
def create_deployment(session, args: list[str]) -> int:
    required_flag(session, "image")
    name, ns = _prepare(session, args)
    f = session.flags
    command_args = args[1:]
    try:
        obj = gen.deployment(name, f["image"], replicas=f["replicas"], port=f["port"], command=command_args, ns=ns)
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, obj, "deployments", "apps", wrap="failed to create deployment: ")


def configmap_flags(fs) -> None:
    _common(fs)
    fs.add("from-file", STRING_SLICE)
    fs.add("from-literal", STRING_ARRAY)
    fs.add("from-env-file", STRING_ARRAY)
    fs.add("append-hash", BOOL)


@command("create configmap", flags=configmap_flags, short="Create a config map from a local file, directory "
         "or literal value", aliases=("cm",))
def create_configmap(session, args: list[str]) -> int:
    name, ns = _prepare(session, args)
    f = session.flags
    try:
        obj = gen.config_map(name, literals=f["from-literal"], files=f["from-file"], env_files=f["from-env-file"],
                             ns=ns, env=session.env)
    except GeneratorError as e:
        raise generator_error(e) from None
    return submit(session, obj, "configmaps", wrap="failed to create configmap: ")


def service_flags(kind: str):
    def add(fs) -> None:
        _common(fs)
        fs.add("tcp", STRING_SLICE)
        if kind == "ClusterIP":
            fs.add("clusterip", STRING)
        if kind == "NodePort":
            fs.add("node-port", INT)
        if kind == "ExternalName":
            fs.add("external-name", STRING)
    return add


def _service(kind: str):
    def run(session, args: list[str]) -> int:
        if kind == "ExternalName":
            required_flag(session, "external-name")
        name, ns = _prepare(session, args)
        f = session.flags
        try:
            obj = gen.service(name, kind, f["tcp"], cluster_ip=f.get("clusterip", ""),
                              node_port=f.get("node-port", 0), external_name=f.get("external-name", ""), ns=ns)
        except GeneratorError as e:
            raise generator_error(e) from None
        return submit(session, obj, "services", wrap=f"failed to create {kind} service: ")
    return run


@command("create service", short="Create a service using a specified subcommand", aliases=("svc",))
def create_service(session, args: list[str]) -> int:
    session.err.write("Create a service using a specified subcommand.\n\nAvailable Commands:\n"
                      "  clusterip\n  externalname\n  loadbalancer\n  nodeport\n")
    return 1


for _kind, _word in (("ClusterIP", "clusterip"), ("NodePort", "nodeport"), ("LoadBalancer", "loadbalancer"),
                     ("ExternalName", "externalname")):
    command(f"create service {_word}", flags=service_flags(_kind), short=f"Create a {_kind} service")(_service(_kind))
    COMMANDS[f"create svc {_word}"] = COMMANDS[f"create service {_word}"]     # cobra finds sub-commands of an alias


def token_flags(fs) -> None:
    add_print_flags(fs)
    fs.add("audience", STRING_ARRAY)
    fs.add("duration", STRING, default="0s")
    fs.add("bound-object-kind", STRING)
    fs.add("bound-object-name", STRING)
    fs.add("bound-object-uid", STRING)


BOUND_KINDS = {"Node": "v1", "Pod": "v1", "Secret": "v1"}


@command("create token", flags=token_flags, short="Request a service account token")
def create_token(session, args: list[str]) -> int:
    """create_token.go: POST serviceaccounts/<name>/token (a TokenRequest), print the token."""
    f = session.flags
    if len(args) != 1:
        raise usage_error(session, f"exactly one NAME is required, got {len(args)}")
    name = args[0]
    namespace, _ = session.namespace()
    from ..durations import duration_flag
    seconds = duration_flag(session, "duration")
    if seconds < 0:
        raise Failure("--duration must be greater than or equal to 0")
    if seconds != int(seconds):
        raise Failure("--duration cannot be expressed in units less than seconds")
    if any(a == "" for a in f["audience"]):
        raise Failure("--audience must not be an empty string")
    kind = f["bound-object-kind"]
    if not kind:
        if f["bound-object-name"]:
            raise Failure("--bound-object-name can only be set if --bound-object-kind is provided")
        if f["bound-object-uid"]:
            raise Failure("--bound-object-uid can only be set if --bound-object-kind is provided")
    else:
        if kind not in BOUND_KINDS:
            raise Failure(f"supported --bound-object-kind values are {', '.join(sorted(BOUND_KINDS))}")
        if not f["bound-object-name"]:
            raise Failure("--bound-object-name is required if --bound-object-kind is provided")
    output = success_printer(session, "", typed=False) if f["output"] else None
    # TokenRequestSpec's fields have no omitempty: unset ones are sent as null
    spec: dict = {"audiences": list(f["audience"]) or None,
                  "expirationSeconds": int(seconds) if seconds > 0 else None, "boundObjectRef": None}
    if kind:
        ref = {"kind": kind, "apiVersion": BOUND_KINDS[kind], "name": f["bound-object-name"]}
        if f["bound-object-uid"]:
            ref["uid"] = f["bound-object-uid"]
        spec["boundObjectRef"] = ref
    request = {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
               "metadata": {"creationTimestamp": None}, "spec": spec, "status": {"token": "",
                                                                                  "expirationTimestamp": None}}
    try:
        reply = session.client.request("POST", f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token",
                                       body=_json(request), content_type="application/json").json()
    except KubectlError as e:
        raise Failure(f"failed to create token: {go_error_string(e)}") from None
    token = ((reply or {}).get("status") or {}).get("token", "")
    if not token:
        raise Failure("failed to create token: no token in server response")
    if output is not None:
        output(reply)
        return 0
    session.out.write(token + ("\n" if _is_terminal(session.out) else ""))
    return 0


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# the other generators register themselves when imported
from . import create_rbac, create_secret  # noqa: E402,F401

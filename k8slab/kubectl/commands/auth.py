"""`kubectl auth can-i` and `kubectl auth whoami`: what the server says you may do, and who you are.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go` (Complete: `VERB TYPE[/NAME]` or `VERB
/url`, the resource resolved through the REST mapper with short names, an unknown one kept as
typed with `Warning: the server doesn't have a resource type 'x'`; Validate's warnings for
cluster-scoped resources (one discovery GET of the resource's group/version) and unknown verbs,
and its errors; RunAccessCheck: a SelfSubjectAccessReview, `yes`, or `no` with ` - <reason>` and
` - <evaluationError>`, exit code 1; RunAccessList: a SelfSubjectRulesReview, rules broken down,
compacted and sorted as `pkg/util/rbac` does, printed under `Resources  Non-Resource URLs  Resource
Names  Verbs`) and `whoami.go` (a SelfSubjectReview, authentication.k8s.io v1 then v1beta1 then
v1alpha1 while the server answers NotFound; the ATTRIBUTE/VALUE table or `-o`).

Differences from upstream: the review bodies are sent as JSON (kubectl 1.32 sends protobuf).
"""

from __future__ import annotations

import orjson

from ..errors import CommandError, StatusError, error
from ..flags import BOOL, STRING
from ..mutation import add_print_flags, success_printer
from ..printers.tabwriter import TabWriter
from ..registry import command

RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind",
                  "impersonate", "*", "approve", "sign", "escalate", "attest"}
NON_RESOURCE_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}
NON_STANDARD_RESOURCES = {"users", "groups"}
AUTHZ = "/apis/authorization.k8s.io/v1"
SELF_SUBJECT_REVIEWS = ("authentication.k8s.io/v1", "authentication.k8s.io/v1beta1",
                        "authentication.k8s.io/v1alpha1")
NOT_ENABLED = ("the selfsubjectreviews API is not enabled in the cluster\n"
               "enable APISelfSubjectReview feature gate and authentication.k8s.io/v1alpha1 or "
               "authentication.k8s.io/v1beta1 API")
FORBIDDEN = "the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it"
AUTH_HELP = """Inspect authorization.

Available Commands:
  can-i         Check whether an action is allowed
  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects
  whoami        Experimental: Check self subject attributes

Usage:
  kubectl auth [flags] [options]

Use "kubectl auth <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


@command("auth", short="Inspect authorization")
def auth(session, args: list[str]) -> int:
    if args:
        raise CommandError(f'error: unknown command "{args[0]}"\nSee \'kubectl auth -h\' for help and examples')
    session.err.write(AUTH_HELP)
    return 1


def warn(session, message: str) -> None:
    """printers.WarningPrinter.Print: `Warning: <message>` and a newline."""
    session.err.write(f"Warning: {message}\n")


# ---- can-i ---------------------------------------------------------------------------------------

def can_i_flags(fs) -> None:
    fs.add("all-namespaces", BOOL, short="A")
    fs.add("quiet", BOOL, short="q")
    fs.add("subresource", STRING)
    fs.add("list", BOOL)
    fs.add("no-headers", BOOL)


@command("auth can-i", flags=can_i_flags, short="Check whether an action is allowed")
def can_i(session, args: list[str]) -> int:
    f = session.flags
    verb = url = name = ""
    gvr = None                                       # (group, version, resource)
    if f["list"]:
        if args:
            raise error("list option must be specified with no arguments")
    elif len(args) == 2:
        verb = args[0]
        if args[1].startswith("/"):
            url = args[1]
        else:
            resource_arg, _, name = args[1].partition("/")
            gvr = resource_for(session, resource_arg)
    else:
        raise error("you must specify two arguments: verb resource or verb resource/resourceName.\n"
                    "See 'kubectl auth can-i -h' for help and examples.")
    namespace = "" if f["all-namespaces"] else session.namespace()[0]
    if f["list"]:
        if f["quiet"] or f["all-namespaces"] or f["subresource"]:
            raise error("list option can't be specified with neither quiet, all-namespaces nor subresource options")
        return access_list(session, namespace)
    if url:
        if f["subresource"]:
            raise error("--subresource can not be used with NonResourceURL")
        if verb not in NON_RESOURCE_VERBS:
            warn(session, f"verb '{verb}' is not a known verb\n")
    elif gvr is not None and any(gvr) and not f["all-namespaces"]:
        namespaced = is_namespaced(session, gvr)
        if namespaced is False:
            group = gvr[0]
            warn(session, f"resource '{gvr[2]}' is not namespace scoped\n" if not group else
                 f"resource '{gvr[2]}' is not namespace scoped in group '{group}'\n")
        if verb not in RESOURCE_VERBS:
            warn(session, f"verb '{verb}' is not a known verb\n")
    if f["no-headers"]:
        raise error("--no-headers cannot be set without --list specified")
    if url:
        spec = {"nonResourceAttributes": {"path": url, "verb": verb}}
    else:
        attrs = {"namespace": namespace, "verb": verb, "group": gvr[0], "resource": gvr[2],
                 "subresource": f["subresource"], "name": name}
        spec = {"resourceAttributes": {k: v for k, v in attrs.items() if v}}
    review = create(session, f"{AUTHZ}/selfsubjectaccessreviews", "authorization.k8s.io/v1",
                    "SelfSubjectAccessReview", spec)
    status = review.get("status") or {}
    allowed = bool(status.get("allowed"))
    if not f["quiet"]:
        if allowed:
            session.out.write("yes\n")
        else:
            text = "no"
            if status.get("reason"):
                text += f" - {status['reason']}"
            if status.get("evaluationError"):
                text += f" - {status['evaluationError']}"
            session.out.write(text + "\n")
    return 0 if allowed else 1


def resource_for(session, arg: str) -> tuple[str, str, str]:
    """resourceFor: (group, version, resource) through the mapper; unknown: ("", "", arg)."""
    if arg == "*":
        return ("", "", "*")
    word = arg.lower()
    found = session.discovery.lookup(word)
    if found is not None:
        return (found.group, found.version, found.name)
    resource, _, group = word.partition(".")
    if word not in NON_STANDARD_RESOURCES and f"{resource}.{group}".rstrip(".") not in NON_STANDARD_RESOURCES:
        if group:
            warn(session, f"the server doesn't have a resource type '{resource}' in group '{group}'\n")
        else:
            warn(session, f"the server doesn't have a resource type '{resource}'\n")
    return ("", "", arg)


def is_namespaced(session, gvr: tuple[str, str, str]) -> bool | None:
    """isNamespaced: the resource's scope from its group/version's APIResourceList (None: unknown)."""
    group, version, resource = gvr
    if resource == "*":
        return True
    if not version:
        return None                                  # "groupVersion shouldn't be empty"
    path = f"/apis/{group}/{version}" if group else f"/api/{version}"
    try:
        lst = session.client.get(path, accept="application/json, */*")
    except StatusError:
        return None
    for r in (lst or {}).get("resources") or []:
        if r.get("name") == resource:
            return bool(r.get("namespaced"))
    return None


def create(session, path: str, api_version: str, kind: str, spec: dict | None, status: dict | None = None) -> dict:
    body = {"kind": kind, "apiVersion": api_version, "metadata": {"creationTimestamp": None}}
    if spec is not None:
        body["spec"] = spec
    body["status"] = status if status is not None else {"allowed": False} if kind.endswith("AccessReview") else {}
    reply = session.client.request("POST", path, body=orjson.dumps(body), content_type="application/json",
                                   accept="application/json, */*")
    return reply.json() or {}


def access_list(session, namespace: str) -> int:
    """RunAccessList: the rules of a SelfSubjectRulesReview as a table."""
    from ..describe.rbac import breakdown_rule, combine_resource_group, compact_rules, rule_string
    from ..describe.gofmt import go_v
    review = create(session, f"{AUTHZ}/selfsubjectrulesreviews", "authorization.k8s.io/v1",
                    "SelfSubjectRulesReview", {"namespace": namespace},
                    {"resourceRules": None, "nonResourceRules": None, "incomplete": False})
    status = review.get("status") or {}
    if status.get("incomplete"):
        warn(session, f"the list may be incomplete: {status.get('evaluationError', '')}")
    rules = [{"verbs": r.get("verbs"), "apiGroups": r.get("apiGroups"), "resources": r.get("resources"),
              "resourceNames": r.get("resourceNames")} for r in status.get("resourceRules") or []]
    rules += [{"verbs": r.get("verbs"), "nonResourceURLs": r.get("nonResourceURLs")}
              for r in status.get("nonResourceRules") or []]
    broken = []
    for rule in rules:
        broken += breakdown_rule({k: v for k, v in rule.items() if v})
    compact = sorted(compact_rules(broken), key=rule_string)
    w = TabWriter(session.out)
    if not session.flags["no-headers"]:
        w.write("Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    for r in compact:
        w.write(f"{combine_resource_group(r.get('resources') or [], r.get('apiGroups') or [])}\t"
                f"{go_v(r.get('nonResourceURLs') or [])}\t{go_v(r.get('resourceNames') or [])}\t"
                f"{go_v(r.get('verbs') or [])}\n")
    w.flush()
    return 0


# ---- whoami --------------------------------------------------------------------------------------

def whoami_flags(fs) -> None:
    add_print_flags(fs)


@command("auth whoami", flags=whoami_flags, short="Experimental: Check self subject attributes")
def whoami(session, args: list[str]) -> int:
    output = session.flags["output"]
    show = success_printer(session, "", typed=True) if output or session.flags["template"] else None
    review = None
    for api_version in SELF_SUBJECT_REVIEWS:
        try:
            review = create(session, f"/apis/{api_version}/selfsubjectreviews", api_version,
                            "SelfSubjectReview", None, {"userInfo": {}})
            break
        except StatusError as e:
            if e.http_code == 403:
                raise error(FORBIDDEN) from None
            if e.http_code != 404:
                raise
    if review is None:
        raise error(NOT_ENABLED)
    if show is not None:
        show(review)
        return 0
    info = (review.get("status") or {}).get("userInfo") or {}
    w = TabWriter(session.out)
    w.write("ATTRIBUTE\tVALUE\n")
    if info.get("username"):
        w.write(f"Username\t{info['username']}\n")
    if info.get("uid"):
        w.write(f"UID\t{info['uid']}\n")
    if info.get("groups"):
        w.write(f"Groups\t[{' '.join(info['groups'])}]\n")
    for key in sorted(info.get("extra") or {}):
        w.write(f"Extra: {key}\t[{' '.join(info['extra'][key])}]\n")
    w.flush()
    return 0

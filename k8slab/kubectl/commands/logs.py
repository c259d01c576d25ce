"""`kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]`: a container's log, or several.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go` (Complete: the argument forms and
their usage errors, the pod or object fetched by the builder, `No resources found in <ns>
namespace.` for an empty selector; Validate's messages; ToLogOptions: `--tail` 10 by default with
a selector, `--since` rounded to seconds; RunLogs: one request after the other, or all at once when
following several, limited by `--max-log-requests`; `[pod/<name>/<container>] ` prefixes) and
`pkg/polymorphichelpers/logsforobject.go` (the default container, from the
`kubectl.kubernetes.io/default-container` annotation or the first one, with `Defaulted container
"a" out of: a, b`; `--all-containers`: init, regular, then ephemeral containers; a workload's
pods through its selector, the first in ByLogging order with `Found 2 pods, using pod/x`, or all
of them with `--all-pods`).

Requests: `GET /api/v1/namespaces/<ns>/pods/<pod>/log?container=...&follow=true&tailLines=...`;
the body is copied line by line as it comes (textstream.py).

Differences from upstream: kubectl walks its map of requests in Go's random map order (nearly
always insertion order for a few entries); k8slab always uses insertion order. A NotFound from
fetching the object is worded as kubectl 1.32 words it
(`error from server (NotFound): pods "x" not found in namespace "default"`).
"""

from __future__ import annotations

import threading

from .. import polymorphic
from ..durations import duration_flag
from ..errors import CommandError, KubectlError, StatusError, error
from ..flags import BOOL, INT, STRING
from ..mutation import Failure, usage_error
from ..registry import command
from ..textstream import open_stream

USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]"
USAGE_ERR = f"expected '{USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command"
SELECTOR_TAIL = 10
DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"


def flags(fs) -> None:
    fs.add("all-containers", BOOL)
    fs.add("all-pods", BOOL)
    fs.add("follow", BOOL, short="f")
    fs.add("timestamps", BOOL)
    fs.add("limit-bytes", INT)
    fs.add("previous", BOOL, short="p")
    fs.add("tail", INT, default=-1)
    fs.add("ignore-errors", BOOL)
    fs.add("since-time", STRING)
    fs.add("since", STRING, default="0s")
    fs.add("container", STRING, short="c")
    fs.add("insecure-skip-tls-verify-backend", BOOL)
    fs.add("pod-running-timeout", STRING, default="20s")
    fs.add("selector", STRING, short="l")
    fs.add("max-log-requests", INT, default=5)
    fs.add("prefix", BOOL)


@command("logs", flags=flags, short="Print the logs for a container in a pod")
def logs(session, args: list[str]) -> int:
    f = session.flags
    container = f["container"]
    if len(args) == 0:
        if not f["selector"]:
            raise usage_error(session, USAGE_ERR)
    elif len(args) == 1:
        if f["selector"]:
            raise usage_error(session, "only a selector (-l) or a POD name is allowed")
    elif len(args) == 2:
        container = args[1]
    else:
        raise usage_error(session, USAGE_ERR)
    namespace, _ = session.namespace()
    timeout = duration_flag(session, "pod-running-timeout")
    if timeout <= 0:
        raise error("--pod-running-timeout must be higher than zero")
    options = log_options(session, container)
    obj = fetch_object(session, args[0] if args else "", namespace)
    validate(session, args, options)
    prefix = f["prefix"] or f["all-pods"]
    requests = requests_for(session, obj, options, timeout, f["all-containers"], f["all-pods"])
    if f["follow"] and len(requests) > 1:
        if len(requests) > f["max-log-requests"]:
            raise error(f"you are attempting to follow {len(requests)} log streams, but maximum allowed "
                        f"concurrency is {f['max-log-requests']}, use --max-log-requests to increase the limit")
        return consume_parallel(session, requests, prefix)
    for pod, container_name, query in requests:
        try:
            consume(session, pod, query, _prefix(prefix, pod, container_name), _Out(session.out))
        except KubectlError as e:
            if not f["ignore-errors"]:
                raise
            session.out.write(f"error: {_go_error(e)}\n")
    return 0


def log_options(session, container: str) -> dict:
    """ToLogOptions: the PodLogOptions as query parameters (container filled in per pod later)."""
    f = session.flags
    q = {}
    if f["follow"]:
        q["follow"] = "true"
    if f["previous"]:
        q["previous"] = "true"
    if f["timestamps"]:
        q["timestamps"] = "true"
    if f["insecure-skip-tls-verify-backend"]:
        q["insecureSkipTLSVerifyBackend"] = "true"
    if f["since-time"]:
        q["sinceTime"] = parse_rfc3339(f["since-time"])
    if f["limit-bytes"]:
        q["limitBytes"] = str(f["limit-bytes"])
    since = duration_flag(session, "since")
    if since:
        q["sinceSeconds"] = str(_round_half_away(since))
    if f["selector"] and f["tail"] == -1 and "tail" not in session.changed:
        q["tailLines"] = str(SELECTOR_TAIL)
    elif f["tail"] != -1:
        q["tailLines"] = str(f["tail"])
    return {"query": q, "container": container, "since": since}


def _round_half_away(seconds: float) -> int:
    n = int(abs(seconds) + 0.5)
    return -n if seconds < 0 else n


def parse_rfc3339(text: str) -> str:
    """util.ParseRFC3339 then metav1.Time's query form (RFC 3339 in UTC, whole seconds)."""
    import datetime as dt
    try:
        t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if t.tzinfo is None or "T" not in text:
            raise ValueError
    except ValueError:
        raise error(f'parsing time "{text}" as "2006-01-02T15:04:05Z07:00": cannot parse '
                    f'"{text}" as "2006"') from None
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def validate(session, args: list[str], options: dict) -> None:
    f = session.flags
    if f["since-time"] and options["since"]:
        raise error("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if f["all-containers"] and options["container"]:
        raise error(f"--all-containers=true should not be specified with container name {options['container']}")
    if "container" in session.changed and len(args) == 2:
        raise error("only one of -c or an inline [CONTAINER] arg is allowed")
    if f["limit-bytes"] < 0:
        raise error("--limit-bytes must be greater than 0")
    if int(options["query"].get("sinceSeconds", "0")) < 0:
        raise error("--since must be greater than 0")
    if int(options["query"].get("tailLines", "0")) < -1:
        raise error("--tail must be greater than or equal to -1")


# ---- the object: a pod, a workload, or the pods of a selector -----------------------------------

def fetch_object(session, arg: str, namespace: str) -> dict:
    selector = session.flags["selector"]
    if selector:
        page = session.client.get(f"/api/v1/namespaces/{namespace}/pods", {"labelSelector": selector},
                                  caller="helper.go:113")
        items = page.get("items") or []
        if not items:
            session.err.write(f"No resources found in {namespace} namespace.\n")
        return {"kind": "PodList", "items": items}
    kind, _, name = arg.partition("/") if "/" in arg else ("pods", "", arg)
    if not name:
        raise error("arguments in resource/name form must have a single resource and name")
    resource = session.discovery.resolve(kind)
    ns = namespace if resource.namespaced else None
    try:
        obj = session.client.get(resource.path(ns, name), caller="helper.go:105")
    except StatusError as e:
        if e.http_code != 404:
            raise
        if ns and ns != "default":          # Info.Get: a missing namespace is the better answer
            try:
                session.client.get(f"/api/v1/namespaces/{ns}")
            except StatusError as e2:
                if e2.http_code == 404:
                    e = e2
        raise CommandError(f'error: error from server (NotFound): {e.message} in namespace "{namespace}"') from None
    if not obj.get("kind"):
        obj = {"apiVersion": resource.group_version, "kind": resource.kind, **obj}
    return obj


def requests_for(session, obj: dict, options: dict, timeout: float, all_containers: bool,
                 all_pods: bool) -> list:
    """logsForObject: [(pod, container, query)], in the order kubectl builds them."""
    kind = obj.get("kind")
    if kind == "PodList":
        out = []
        for pod in obj.get("items") or []:
            out += requests_for(session, pod, options, timeout, all_containers, all_pods)
        return out
    if kind == "Pod":
        return _pod_requests(session, obj, options, all_containers, all_pods)
    try:
        namespace, selector = polymorphic.selectors_for_object(obj)
    except ValueError as e:
        raise error(f"cannot get the logs from {polymorphic.go_type(obj)}: {e}") from None
    pod, count = polymorphic.get_first_pod(session, namespace, selector, timeout, polymorphic.by_logging)
    target = {**pod, "kind": "Pod"}
    if count > 1:
        if all_pods:
            page = session.client.get(f"/api/v1/namespaces/{namespace}/pods", {"labelSelector": selector})
            target = {"kind": "PodList", "items": polymorphic.by_logging(page.get("items") or [])}
        else:
            session.err.write(f"Found {count} pods, using pod/{pod['metadata']['name']}\n")
    return requests_for(session, target, options, timeout, all_containers, all_pods)


def _pod_requests(session, pod: dict, options: dict, all_containers: bool, all_pods: bool) -> list:
    spec, meta = pod.get("spec") or {}, pod.get("metadata") or {}
    if all_containers:
        out = []
        for key in ("initContainers", "containers", "ephemeralContainers"):
            for c in spec.get(key) or []:
                out += _pod_requests(session, pod, {**options, "container": c["name"]}, False, False)
        return out
    container = options["container"]
    if not container:
        wanted = (meta.get("annotations") or {}).get(DEFAULT_CONTAINER_ANNOTATION, "")
        if wanted:
            if find_container(pod, wanted) is None:
                session.err.write(f'Default container name "{wanted}" not found in pod {meta.get("name", "")}\n')
            else:
                container = wanted
    if not container:
        container = (spec.get("containers") or [{}])[0].get("name", "")
        if len(spec.get("containers") or []) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers"):
            if not all_pods:
                session.err.write(f'Defaulted container "{container}" out of: {all_container_names(pod)}\n')
    if find_container(pod, container) is None:
        raise error(f"container {container} is not valid for pod {meta.get('name', '')}")
    return [(pod, container, {**options["query"], "container": container})]


def find_container(pod: dict, name: str) -> str | None:
    """podcmd.FindContainerByName: the container's field path, or None."""
    spec = pod.get("spec") or {}
    for key in ("containers", "initContainers", "ephemeralContainers"):
        for c in spec.get(key) or []:
            if c.get("name") == name:
                return f"spec.{key}{{{name}}}"
    return None


def all_container_names(pod: dict) -> str:
    spec = pod.get("spec") or {}
    names = [f"{c['name']} (init)" for c in spec.get("initContainers") or []]
    names += [c["name"] for c in spec.get("containers") or []]
    names += [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or []]
    return ", ".join(names)


# ---- reading ------------------------------------------------------------------------------------

def _prefix(on: bool, pod: dict, container: str) -> bytes:
    if not on:
        return b""
    return f"[pod/{pod['metadata']['name']}/{container}] ".encode()


class _Out:
    """session.out taking bytes, one whole write at a time (several streams may share it)."""

    def __init__(self, out):
        self.out, self.lock = out, threading.Lock()

    def write(self, data: bytes) -> None:
        with self.lock:
            buf = getattr(self.out, "buffer", None)
            if buf is not None:
                self.out.flush()
                buf.write(data)
                buf.flush()
            else:
                self.out.write(data.decode("utf-8", "replace"))
                if hasattr(self.out, "flush"):
                    self.out.flush()


def consume(session, pod: dict, query: dict, prefix: bytes, out: _Out) -> None:
    """DefaultConsumeRequest: the body copied line by line, each line with the prefix."""
    path = f"/api/v1/namespaces/{pod['metadata'].get('namespace', '')}/pods/{pod['metadata']['name']}/log"
    pending = b""
    for data in open_stream(session, path, query):
        pending += data
        *lines, pending = pending.split(b"\n")
        if lines:
            out.write(b"".join(prefix + line + b"\n" for line in lines))
    if pending:
        out.write(prefix + pending)


def consume_parallel(session, requests: list, prefix: bool) -> int:
    """parallelConsumeRequest: every stream at once; the first error ends them all."""
    out = _Out(session.out)
    failed: list[KubectlError] = []
    finished = threading.Semaphore(0)
    ignore = session.flags["ignore-errors"]

    def run(pod, container, query):
        try:
            consume(session, pod, query, _prefix(prefix, pod, container), out)
        except KubectlError as e:
            if ignore:
                out.write(f"error: {_go_error(e)}\n".encode())
            else:
                failed.append(e)
        except OSError as e:
            failed.append(Failure(str(e)))
        finally:
            finished.release()

    for req in requests:
        threading.Thread(target=run, args=req, daemon=True).start()
    for _ in requests:
        finished.acquire()
        if failed:
            raise failed[0]
    return 0


def _go_error(e: KubectlError) -> str:
    if isinstance(e, StatusError):
        return e.message
    return e.text().removeprefix("error: ")

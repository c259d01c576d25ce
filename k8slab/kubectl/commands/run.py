"""`kubectl run NAME --image=IMAGE [-- COMMAND ARGS]`: a Pod (under the book profile, as in the
booklet's v1.11, a Deployment), optionally attached to (`-i`, `-t`, `--rm`).

Follows `staging/src/k8s.io/kubectl/pkg/cmd/run/run.go` (Run: its checks and usage errors in
order, the Pod from generators.pod (BasicPod), `--expose` with a Service, `--dry-run`; with
--attach: wait until the pod runs and is ready (a watch; a pod that already finished has its log
printed instead), `If you don't see a command prompt, try pressing enter.`, attach, then for
restart Never/OnFailure wait for it to finish and return its exit code (`pod ns/x terminated
(Error)`), `--rm` deleting what was created) and `attach/attach.go` (the attach request, the TTY
warning).

The book profile (`k8slab up --profile book`) shows itself by serving extensions/v1beta1
Deployments; there `kubectl run NAME --image=...` with the default restart policy creates a
Deployment labelled run=NAME and prints `deployment.apps/NAME created`, as kubectl 1.11 did
(its default generator was deployment/apps.v1beta1). Real kubectl 1.32 creates a Pod there too.

Differences from upstream: `--overrides` is not offered; attaching needs the HTTP server (not
Cluster.kubectl) and does not switch the terminal to raw mode.
"""

from __future__ import annotations

import re

from .. import generators as gen
from ..errors import Exit, KubectlError, StatusError
from ..flags import BOOL, STRING, STRING_ARRAY
from ..generators import GeneratorError
from ..mutation import (CLIENT, NONE, Failure, add_dry_run_flag, add_field_manager_flag, add_print_flags,
                        add_save_config_flag, dry_run_strategy, required_flag, success_printer, usage_error,
                        write_query)
from ..registry import command

# docker/distribution reference.ReferenceRegexp, written out
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*"
_DOMAIN = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?"
REFERENCE = re.compile(rf"^(?:(?:{_DOMAIN})/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
                       r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")


def flags(fs) -> None:
    add_print_flags(fs)
    add_dry_run_flag(fs)
    add_save_config_flag(fs)
    add_field_manager_flag(fs, "kubectl-run")
    fs.add("annotations", STRING_ARRAY)
    fs.add("image", STRING)
    fs.add("image-pull-policy", STRING)
    fs.add("rm", BOOL)
    fs.add("env", STRING_ARRAY)
    fs.add("port", STRING)
    fs.add("labels", STRING, short="l")
    fs.add("stdin", BOOL, short="i")
    fs.add("tty", BOOL, short="t")
    fs.add("attach", BOOL)
    fs.add("leave-stdin-open", BOOL)
    fs.add("restart", STRING, default="Always")
    fs.add("command", BOOL)
    fs.add("expose", BOOL)
    fs.add("quiet", BOOL, short="q")
    fs.add("privileged", BOOL)
    fs.add("overrides", STRING)
    fs.add("override-type", STRING, default="merge")
    fs.add("pod-running-timeout", STRING, default="1m0s")
    fs.add("record", BOOL)
    for name, kind, default in (("cascade", STRING, "background"), ("grace-period", "int", -1),
                                ("timeout", STRING, "0s"), ("wait", BOOL, False), ("force", BOOL, False),
                                ("now", BOOL, False)):
        fs.add(name, kind, default=default)
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("recursive", BOOL, short="R")
    fs.add("kustomize", STRING, short="k")


def book_profile(session) -> bool:
    """The server serves extensions/v1beta1 Deployments: the v1.11 book profile."""
    return any(r.group == "extensions" and r.name == "deployments" for r in session.discovery.documents.resources)


@command("run", flags=flags, short="Run a particular image on the cluster")
def run(session, args: list[str]) -> int:
    required_flag(session, "image")
    f = session.flags
    dry = dry_run_strategy(session)
    attach = f["attach"] if "attach" in session.changed else f["stdin"]
    show = success_printer(session, "created", dry, typed=True)
    if not args or f.get("--", -1) == 0:
        raise usage_error(session, "NAME is required for run")
    from ..durations import duration_flag
    timeout = duration_flag(session, "pod-running-timeout")
    if timeout <= 0:
        raise usage_error(session, "--pod-running-timeout must be higher than zero")
    image = f["image"]
    if not image:
        raise Failure("--image is required")
    if not REFERENCE.match(image):
        raise Failure(f'Invalid image name "{image}": invalid reference format')
    if f["tty"] and not f["stdin"]:
        raise usage_error(session, "-i/--stdin is required for containers with -t/--tty=true")
    if f["expose"] and not f["port"]:
        raise usage_error(session, "--port must be set when exposing a service")
    namespace, explicit = session.namespace()
    restart = f["restart"] or ("OnFailure" if f["stdin"] else "Always")
    if restart not in ("Always", "OnFailure", "Never"):
        raise usage_error(session, f"invalid restart policy: {restart}")
    if not attach and f["rm"]:
        raise usage_error(session, "--rm should only be used for attached containers")
    if attach and dry != NONE:
        raise usage_error(session, "--dry-run=[server|client] can't be used with attached containers options "
                                   "(--attach, --stdin, or --tty)")
    if f["image-pull-policy"] not in ("", "Always", "IfNotPresent", "Never"):
        raise usage_error(session, f"invalid image pull policy: {f['image-pull-policy']}")
    name = args[0]
    try:
        if book_profile(session) and restart == "Always" and not attach:
            obj = gen.run_deployment(name, image, labels=f["labels"], env=f["env"], port=f["port"], args=args[1:],
                                     command=f["command"])
            plural, group = "deployments", "apps"
        else:
            obj = gen.pod(name, image, labels=f["labels"], annotations=f["annotations"], env=f["env"],
                          port=f["port"], restart=restart, args=args[1:], command=f["command"], stdin=f["stdin"],
                          tty=f["tty"], leave_stdin_open=f["leave-stdin-open"],
                          image_pull_policy=f["image-pull-policy"], privileged=f["privileged"])
            plural, group = "pods", ""
    except GeneratorError as e:
        raise Failure(str(e)) from None
    created_objects = []
    pod = _create(session, obj, plural, group, namespace, explicit, dry)
    created_objects.append((plural, group, pod))
    errors = []
    if f["expose"]:
        try:
            service = gen.exposed_service(name=name, selector=f["labels"] or f"run={name}", ports=[f["port"]],
                                          labels=f["labels"])
        except GeneratorError as e:
            errors.append(Failure(str(e)))
        else:
            created = _create(session, service, "services", "", namespace, explicit, dry)
            created_objects.append(("services", "", created))
            show(created)
            if f["output"] == "yaml":
                session.out.write("---\n")
    if attach:
        try:
            return _attach(session, pod, namespace, restart, timeout)
        finally:
            if f["rm"]:
                _remove(session, created_objects, namespace)
    show(pod)
    if errors:
        from ..mutation import Aggregate
        raise Aggregate(errors)
    return 0


def _create(session, obj: dict, plural: str, group: str, namespace: str, explicit: bool, dry: str) -> dict:
    import orjson
    from ..apply.lastapplied import create_or_update_annotation
    f = session.flags
    if dry == CLIENT:
        if explicit:
            meta = obj["metadata"]
            obj = {**obj, "metadata": {"name": meta["name"], "namespace": namespace,
                                       **{k: v for k, v in meta.items() if k != "name"}}}
        return obj
    obj = create_or_update_annotation(f["save-config"], obj, typed=True)
    base = f"/apis/{group}/v1" if group else "/api/v1"
    return session.client.request("POST", f"{base}/namespaces/{namespace}/{plural}",
                                  write_query(dry, f["field-manager"]), body=orjson.dumps(obj),
                                  content_type="application/json", caller="helper.go:245").json()


def _remove(session, created, namespace: str) -> None:
    """removeCreatedObjects: delete what was created, printing as `kubectl delete` does."""
    from ..builder import Info
    from .delete import DeleteOptions, delete_infos
    saved = dict(session.flags)
    session.flags.update({"grace-period": -1, "wait": False, "ignore-not-found": True, "now": False,
                          "output": "", "dry-run": "none", "all": False, "selector": "", "field-selector": ""})
    try:
        opts = DeleteOptions(session)
        opts.ignore_not_found, opts.wait, opts.grace = True, False, -1
        for plural, group, obj in created:
            res = session.discovery.resolve(f"{plural}.{group}" if group else plural)
            info = Info(res, namespace if res.namespaced else None, obj["metadata"]["name"], obj)
            if session.flags.get("quiet"):
                opts.line = lambda info: ""
            delete_infos(session, opts, [info], [])
    finally:
        session.flags.clear()
        session.flags.update(saved)


def _attach(session, pod: dict, namespace: str, restart: str, timeout: float) -> int:
    from ..waiting import until
    f = session.flags
    name = pod["metadata"]["name"]
    res = session.discovery.resolve("pods")
    state = {}

    def running_and_ready(event_type: str, obj) -> bool:
        if event_type == "DELETED":
            raise StatusError({"kind": "Status", "status": "Failure", "reason": "NotFound",
                               "message": 'pods "" not found', "code": 404}, 404)
        if obj is None:
            return False
        phase = (obj.get("status") or {}).get("phase")
        if phase in ("Succeeded", "Failed"):
            state["completed"] = True
            return True
        if phase == "Running":
            return any(c.get("type") == "Ready" and c.get("status") == "True"
                       for c in (obj.get("status") or {}).get("conditions") or [])
        return False

    live = _wait(session, until, res, namespace, name, running_and_ready, timeout)
    container = ((live.get("spec") or {}).get("containers") or [{}])[0]
    if state.get("completed"):
        _logs(session, namespace, name, container.get("name", name))
    else:
        tty = f["tty"]
        if tty and not container.get("tty"):
            tty = False
        if tty and not _is_terminal(session.stdin):
            tty = False
            session.err.write("Unable to use a TTY - input is not a terminal or the right kind of file\n")
        if not f["quiet"]:
            session.err.write("If you don't see a command prompt, try pressing enter.\n")
        from ..streaming import RemoteCommand
        query = {"container": container.get("name", name), "stdin": "true" if f["stdin"] else "false",
                 "stdout": "true", "stderr": "false" if tty else "true", "tty": "true" if tty else "false"}
        try:
            stream = RemoteCommand.open(session, f"/api/v1/namespaces/{namespace}/pods/{name}/attach", query)
            stream.run(stdin=session.stdin if f["stdin"] else None, stdout=session.out,
                       stderr=None if tty else session.err, raw=tty)
            from .exec import reattach_message
            message = reattach_message(session, live, container.get("name", name), tty)
            if message:
                session.out.write(message + "\n")
        except KubectlError as e:
            session.err.write(f"warning: couldn't attach to pod/{name}, falling back to streaming logs: "
                              f"{getattr(e, 'message', e.text())}\n")
            _logs(session, namespace, name, container.get("name", name))
    if f["leave-stdin-open"] or restart not in ("Never", "OnFailure"):
        return 0

    def finished(event_type: str, obj) -> bool:
        if event_type == "DELETED":
            raise StatusError({"kind": "Status", "status": "Failure", "reason": "NotFound",
                               "message": 'pods "" not found', "code": 404}, 404)
        phase = ((obj or {}).get("status") or {}).get("phase")
        return phase == "Succeeded" if restart == "OnFailure" else phase in ("Succeeded", "Failed")

    done = _wait(session, until, res, namespace, name, finished, timeout)
    status = done.get("status") or {}
    phase = status.get("phase")
    if phase == "Succeeded":
        return 0
    if phase == "Failed":
        statuses = status.get("containerStatuses") or []
        terminated = ((statuses[0].get("state") or {}).get("terminated") if statuses else None)
        if not terminated or not terminated.get("exitCode"):
            raise Failure(f"pod {namespace}/{name} failed with unknown exit code")
        session.err.write(f"pod {namespace}/{name} terminated ({terminated.get('reason', '')})\n"
                          f"{terminated.get('message', '')}" + ("" if terminated.get("message", "").endswith("\n")
                                                               or not terminated.get("message") else "\n"))
        raise Exit(int(terminated["exitCode"]))
    raise Failure(f"pod {namespace}/{name} left in phase {phase}")


def _wait(session, until, res, namespace, name, condition, timeout):
    try:
        obj = until(session, res, namespace, name, condition, timeout)
    except Failure as e:
        if e.message.startswith("timed out waiting for the condition"):
            raise Failure("timed out waiting for the condition") from None
        raise
    if obj is None:
        raise Failure("timed out waiting for the condition")
    return obj


def _logs(session, namespace: str, name: str, container: str) -> None:
    reply = session.client.request("GET", f"/api/v1/namespaces/{namespace}/pods/{name}/log", {"container": container},
                                   accept="application/json, */*")
    session.out.write(reply.raw().decode("utf-8", "replace"))


def _is_terminal(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


"""`kubectl exec POD -- COMMAND` and `kubectl attach POD`, over k8slab/kubectl/streaming.py.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go` (Complete: `exec [POD] [COMMAND] is not
supported anymore`; Validate; Run: the pod, `cannot exec into a container in a completed pod`,
the container (podcmd.FindOrDefaultContainerByName: `Defaulted container "a" out of: a, b`), the
TTY warning, the exec request with repeated `command=` parameters; a non-zero exit code becomes
kubectl's own, with `command terminated with exit code N`) and `attach/attach.go`.

Differences from upstream: the terminal is not switched to raw mode and no resize messages are
sent; the pod must be named (not a workload: AttachablePodForObject is not ported).
"""

from __future__ import annotations

from ..flags import BOOL, STRING, STRING_ARRAY
from ..mutation import Failure, usage_error
from ..registry import command
from ..streaming import RemoteCommand


def exec_flags(fs) -> None:
    fs.add("container", STRING, short="c")
    fs.add("stdin", BOOL, short="i")
    fs.add("tty", BOOL, short="t")
    fs.add("quiet", BOOL, short="q")
    fs.add("filename", STRING_ARRAY, short="f")
    fs.add("pod-running-timeout", STRING, default="1m0s")


def pick_container(session, pod: dict, name: str) -> dict:
    spec = pod.get("spec") or {}
    containers = spec.get("containers") or []
    meta = pod.get("metadata") or {}
    if name:
        for c in containers + (spec.get("initContainers") or []) + (spec.get("ephemeralContainers") or []):
            if c.get("name") == name:
                return c
        raise Failure(f"container {name} not found in pod {meta.get('name', '')}")
    if not containers:
        raise Failure(f"pod {meta.get('namespace', '')}/{meta.get('name', '')} does not have any containers")
    default = (meta.get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    for c in containers:
        if default and c.get("name") == default:
            return c
    if not session.flags.get("quiet") and (len(containers) > 1 or spec.get("initContainers")
                                           or spec.get("ephemeralContainers")):
        session.err.write(f'Defaulted container "{containers[0]["name"]}" out of: '
                          f'{", ".join(c["name"] for c in containers)}\n')
    return containers[0]


def _tty(session) -> bool:
    f = session.flags
    if not f["stdin"] or not f["tty"]:
        return False
    try:
        if session.stdin is not None and session.stdin.isatty():
            return True
    except (AttributeError, ValueError):
        pass
    if not f["quiet"]:
        session.err.write("Unable to use a TTY - input is not a terminal or the right kind of file\n")
    return False


@command("exec", flags=exec_flags, short="Execute a command in a container")
def exec_(session, args: list[str]) -> int:
    f = session.flags
    at_dash = f.get("--", -1)
    name = args[0] if args and at_dash != 0 else ""
    if at_dash > -1:
        cmd = args[at_dash:]
    elif len(args) > 1:
        raise usage_error(session, "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
    else:
        cmd = []
    namespace, _ = session.namespace()
    if not name and not f["filename"]:
        raise Failure("pod, type/name or --filename must be specified")
    if not cmd:
        raise Failure("you must specify at least one command for the container")
    pod_name = name.split("/", 1)[1] if "/" in name else name
    pod = session.client.get(f"/api/v1/namespaces/{namespace}/pods/{pod_name}")
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise Failure(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container_name = f["container"] or pick_container(session, pod, "")["name"]    # a named one: the server checks
    tty = _tty(session)
    query = [("command", c) for c in cmd] + [("container", container_name)]
    if f["stdin"]:
        query.append(("stdin", "true"))
    query.append(("stdout", "true"))
    if not tty:
        query.append(("stderr", "true"))
    if tty:
        query.append(("tty", "true"))
    stream = RemoteCommand.open(session, f"/api/v1/namespaces/{namespace}/pods/{pod_name}/exec", query)
    return stream.run(stdin=session.stdin if f["stdin"] else None, stdout=session.out,
                      stderr=None if tty else session.err, raw=tty)


def attach_flags(fs) -> None:
    fs.add("container", STRING, short="c")
    fs.add("stdin", BOOL, short="i")
    fs.add("tty", BOOL, short="t")
    fs.add("quiet", BOOL, short="q")
    fs.add("pod-running-timeout", STRING, default="1m0s")


@command("attach", flags=attach_flags, short="Attach to a running container")
def attach(session, args: list[str]) -> int:
    f = session.flags
    if not args:
        raise Failure("at least 1 argument is required for attach")
    if len(args) > 2:
        raise Failure(f"expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {len(args)}: "
                      f"[{' '.join(args)}]")
    namespace, _ = session.namespace()
    name = args[-1].split("/", 1)[-1]
    pod = session.client.get(f"/api/v1/namespaces/{namespace}/pods/{name}")
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise Failure(f"cannot attach a container in a completed pod; current phase is {phase}")
    try:
        container = pick_container(session, pod, f["container"])
    except Failure as e:
        raise Failure(f"cannot attach to the container: {e.message}") from None
    tty = f["tty"]
    if tty and not container.get("tty"):
        tty = False
        if not f["quiet"]:
            session.err.write(f"error: Unable to use a TTY - container {container['name']} did not allocate one\n")
    elif not tty and container.get("tty"):
        tty = True
    session.flags["tty"] = tty
    tty = _tty(session) if tty else False
    if not f["quiet"]:
        session.err.write("If you don't see a command prompt, try pressing enter.\n")
    query = {"container": container["name"], "stdin": "true" if f["stdin"] else "false", "stdout": "true",
             "stderr": "false" if tty else "true", "tty": "true" if tty else "false"}
    stream = RemoteCommand.open(session, f"/api/v1/namespaces/{namespace}/pods/{name}/attach", query)
    code = stream.run(stdin=session.stdin if f["stdin"] else None, stdout=session.out,
                      stderr=None if tty else session.err, raw=tty)
    message = reattach_message(session, pod, container["name"], tty)
    if message:
        session.out.write(message + "\n")
    return code


def reattach_message(session, pod: dict, container: str, raw_tty: bool) -> str:
    """attach.go reattachMessage: after an interactive session with a pod that restarts."""
    f = session.flags
    if f.get("quiet") or not f.get("stdin") or not raw_tty or (pod.get("spec") or {}).get("restartPolicy") != "Always":
        return ""
    name = pod["metadata"]["name"]
    if any(c.get("name") == container for c in (pod.get("spec") or {}).get("ephemeralContainers") or []):
        return (f"Session ended, the ephemeral container will not be restarted but may be reattached using "
                f"'kubectl attach {name} -c {container} -i -t' if it is still running")
    return f"Session ended, resume using 'kubectl attach {name} -c {container} -i -t' command when the pod is running"

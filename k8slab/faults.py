"""`k8slab fault`: break a node of a running `k8slab up`, as an instructor breaks a real one.

On a real cluster you would log in to the node and run `systemctl stop kubelet`, pull its network
cable, `crictl stop` a container or `crictl rmi` an image. The nodes of `k8slab up` live inside
its process, so `k8slab up` listens on a Unix socket in its data directory (`fault.sock`) and
this command sends it one request:

    k8slab fault [--data-dir DIR] stop-kubelet NODE       the kubelet process stops
    k8slab fault [--data-dir DIR] start-kubelet NODE      and starts again
    k8slab fault [--data-dir DIR] partition NODE          the node loses the API server
    k8slab fault [--data-dir DIR] heal NODE               and reaches it again
    k8slab fault [--data-dir DIR] kill-container POD [-n NS] [-c CONTAINER]   SIGKILL (exit 137)
    k8slab fault [--data-dir DIR] image-missing IMAGE [--node NODE]   gone from nodes and registry
    k8slab fault [--data-dir DIR] image-restore IMAGE [--node NODE]

The same faults as the Cluster's kubelets take in a notebook (`c.kubelet("node2").stop()`, see
k8slab/kubelet/kubelet.py); what the cluster then does (NotReady, Unknown, taints, eviction,
CrashLoopBackOff, ErrImagePull) is watched with the real kubectl. k8slab's own command: upstream
has none. The protocol is one JSON line each way: {"fault": ..., ...} and {"ok": bool, "message": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys

SOCKET_NAME = "fault.sock"
FAULTS = ("stop-kubelet", "start-kubelet", "partition", "heal", "kill-container", "image-missing",
          "image-restore")


class FaultError(Exception):
    """A request that names no such node, pod or container, or no such fault."""


def _kubelets(cluster) -> list:
    return [c for c in cluster.components if getattr(c, "name", "").startswith("kubelet/")]


def _kubelet(cluster, node: str):
    try:
        return cluster.kubelet(node)
    except KeyError:
        names = ", ".join(sorted(k.node_name for k in _kubelets(cluster))) or "none"
        raise FaultError(f"no kubelet runs node {node!r} (nodes: {names})") from None


def apply(cluster, request: dict) -> str:
    """Inject one fault into `cluster`; what was done, in a line. FaultError if it cannot be."""
    fault = request.get("fault")
    if fault in ("stop-kubelet", "start-kubelet", "partition", "heal"):
        node = str(request.get("node", ""))
        k = _kubelet(cluster, node)
        if fault == "stop-kubelet":
            k.stop()
            return f"kubelet on {node} stopped"
        if fault == "start-kubelet":
            k.start_again()
            return f"kubelet on {node} started"
        k.partition(fault == "partition")
        return f"{node} {'cut off from' if fault == 'partition' else 'reconnected to'} the API server"
    if fault == "kill-container":
        return _kill_container(cluster, str(request.get("namespace") or "default"), str(request.get("pod", "")),
                               str(request.get("container") or ""))
    if fault in ("image-missing", "image-restore"):
        image = str(request.get("image", ""))
        if not image:
            raise FaultError("an image is required")
        nodes = [_kubelet(cluster, request["node"])] if request.get("node") else _kubelets(cluster)
        for k in nodes:
            if fault == "image-missing":
                k.runtime.make_image_missing(image)
            else:
                k.runtime.restore_image(image)
        where = ", ".join(k.node_name for k in nodes) or "no nodes"
        return f"image {image} {'missing on' if fault == 'image-missing' else 'restored on'} {where}"
    raise FaultError(f"unknown fault {fault!r} (one of: {', '.join(FAULTS)})")


def _kill_container(cluster, namespace: str, pod: str, container: str) -> str:
    from .apiserver.errors import APIError
    try:
        obj = cluster.client.get("v1", "pods", pod, namespace)
    except APIError as e:
        raise FaultError(e.message) from None
    node = obj["spec"].get("nodeName")
    if not node:
        raise FaultError(f"pod {namespace}/{pod} is not bound to a node")
    names = [c["name"] for c in obj["spec"].get("containers", [])]
    container = container or names[0]
    if container not in names:
        raise FaultError(f"container {container} is not valid for pod {pod}")
    try:
        _kubelet(cluster, node).kill_container(namespace, pod, container)
    except KeyError as e:
        raise FaultError(e.args[0]) from None
    return f"container {container} of {namespace}/{pod} on {node} killed (exit 137)"


# ---- the socket: `k8slab up` serves it, this command talks to it -----------------------------------

async def serve(cluster, data_dir: str):
    """Listen on DATA_DIR/fault.sock for one-line JSON requests (an asyncio Server)."""
    path = os.path.join(data_dir, SOCKET_NAME)
    remove_socket(data_dir)                          # left by a `k8slab up` that was killed

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                request = json.loads(line)
                if not isinstance(request, dict):
                    raise ValueError("not an object")
                reply = {"ok": True, "message": apply(cluster, request)}
            except (ValueError, FaultError) as e:
                reply = {"ok": False, "message": str(e)}
            writer.write(json.dumps(reply).encode() + b"\n")
            await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_unix_server(handle, path)
    os.chmod(path, 0o600)
    return server


def remove_socket(data_dir: str) -> None:
    try:
        os.unlink(os.path.join(data_dir, SOCKET_NAME))
    except FileNotFoundError:
        pass


def send(data_dir: str, request: dict, timeout: float = 10.0) -> dict:
    path = os.path.join(data_dir, SOCKET_NAME)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(path)
        s.sendall(json.dumps(request).encode() + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="k8slab fault", description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", default="k8slab-data", help="the data directory of the `k8slab up` to break")
    sub = p.add_subparsers(dest="fault", metavar="FAULT", required=True)
    for name, text in (("stop-kubelet", "the node's kubelet process stops (containers keep running)"),
                       ("start-kubelet", "the node's kubelet starts again"),
                       ("partition", "the node can no longer reach the API server"),
                       ("heal", "the node reaches the API server again")):
        sub.add_parser(name, help=text).add_argument("node")
    kill = sub.add_parser("kill-container", help="SIGKILL a pod's container (exit 137)")
    kill.add_argument("pod")
    kill.add_argument("-n", "--namespace", default="default")
    kill.add_argument("-c", "--container", default="", help="default: the pod's first container")
    for name, text in (("image-missing", "the image disappears from the nodes and the registry"),
                       ("image-restore", "the image can be pulled again")):
        s = sub.add_parser(name, help=text)
        s.add_argument("image")
        s.add_argument("--node", default="", help="one node (default: every node)")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    a = parse_args(argv)
    request = {k: v for k, v in vars(a).items() if k != "data_dir" and v not in ("", None)}
    try:
        reply = send(a.data_dir, request)
    except (FileNotFoundError, ConnectionRefusedError):
        print(f"k8slab fault: no `k8slab up` is running with --data-dir {a.data_dir} "
              f"({os.path.join(a.data_dir, SOCKET_NAME)} does not answer)", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"k8slab fault: {e}", file=sys.stderr)
        return 1
    print(reply.get("message", ""), file=sys.stdout if reply.get("ok") else sys.stderr)
    return 0 if reply.get("ok") else 1

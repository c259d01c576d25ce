"""kubectl inside this process: what `Cluster.kubectl("get pods")` runs.

The same `cli.run` as the command line, with the in-process transport (requests go straight to
`APIServer.handle`, bodies are never encoded), a kubeconfig kept in memory (the one `k8slab up`
writes, naming http://127.0.0.1:8080), and discovery documents kept between calls until the
server's resource table changes (a CRD established or removed), as kubectl's disk cache would.

The text returned is what a terminal shows: stdout and stderr interleaved in the order written.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

SERVER = "http://127.0.0.1:8080"

KUBECONFIG = {
    "apiVersion": "v1", "kind": "Config", "preferences": {}, "current-context": "k8slab",
    "clusters": [{"name": "k8slab", "cluster": {"server": SERVER}}],
    "contexts": [{"name": "k8slab", "context": {"cluster": "k8slab", "user": "admin"}}],
    "users": [{"name": "admin", "user": {}}],
}


@dataclass
class KubectlResult:
    rc: int
    out: str
    err: str
    text: str                    # out and err interleaved, as a terminal shows them

    def __str__(self):
        return self.text


class _Stream:
    """One of stdout/stderr: keeps its own text and appends to the shared terminal text."""

    def __init__(self, own: list, shared: list):
        self.own, self.shared = own, shared

    def write(self, s: str) -> int:
        self.own.append(s)
        self.shared.append(s)
        return len(s)

    def flush(self) -> None:
        pass


class InProcessState:
    """What lives between two Cluster.kubectl calls: the kubeconfig and the discovery cache."""

    def __init__(self, api):
        import copy
        from .kubeconfig import MemoryConfigStore
        self.api = api
        self.config_store = MemoryConfigStore(copy.deepcopy(KUBECONFIG))
        self._cache: dict = {}
        self._table_key = None

    def cache(self) -> dict:
        key = id(self.api.table.by_gvr)            # a new index whenever the table changes
        if key != self._table_key:
            self._cache, self._table_key = {}, key
        return self._cache


def run_in_process(state: InProcessState, command, stdin: str | None = None) -> KubectlResult:
    from .cli import run
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv and argv[0] == "kubectl":
        argv = argv[1:]
    out, err, shared = [], [], []
    import io
    rc = run(argv, out=_Stream(out, shared), err=_Stream(err, shared), env={},
             api=state.api, config_store=state.config_store, cache=state.cache(),
             stdin=io.StringIO(stdin or ""))
    return KubectlResult(rc, "".join(out), "".join(err), "".join(shared))

"""One kubectl invocation: its flags, output streams, kubeconfig, client and discovery.

Follows `k8s.io/kubectl/pkg/cmd/util/factory.go` (Factory: ToRawKubeConfigLoader, ToRESTConfig,
ToDiscoveryClient, ToRESTMapper, namespace defaulting). Everything is built on first use, so
`kubectl config view` never connects and `kubectl version --client` never reads discovery.

A command receives the Session and its positional arguments:

    session.flags["namespace"]     parsed flag values (global and the command's own)
    session.changed                the flags given on the command line
    session.out / session.err      where to write (stdout, stderr)
    session.namespace()            (namespace, explicit) as kubectl chooses it
    session.client                 RESTClient (client.py) for requests
    session.discovery              Discovery (discovery.py) for resource words
    session.log                    klog lines at -v=N
"""

from __future__ import annotations

from functools import cached_property

from . import kubeconfig as kc
from .client import RESTClient
from .discovery import Discovery
from .klog import Klog


class Session:
    def __init__(self, command_path: str, flags: dict, changed: set, *, out, err, env: dict,
                 api=None, config_store=None, cache: dict | None = None, stdin=None):
        self.command_path = command_path
        self.flags = flags
        self.changed = changed
        self.out, self.err = out, err
        self.env = env
        self.stdin = stdin
        self.api = api                              # an APIServer: requests go in-process
        self.config_store = config_store or kc.FileConfigStore(kc.cache_dir(flags, env))
        self.cache = cache if cache is not None else {}
        self.log = Klog(err, flags.get("v", 0))

    @cached_property
    def kubeconfig(self) -> kc.Kubeconfig:
        return self.config_store.load(self.flags.get("kubeconfig", ""), self.env, self.log.info)

    @cached_property
    def config(self):
        from .clientconfig import client_config
        return client_config(self.kubeconfig, self.flags)

    def namespace(self) -> tuple[str, bool]:
        cc = self.config
        return cc.namespace, cc.namespace_explicit

    @cached_property
    def transport(self):
        if self.api is not None:
            from .transport import InProcessTransport, client_certificate_pem
            cert = client_certificate_pem(self.config)
            return InProcessTransport(self.api, self.config.server, [cert] if cert else ())
        from .transport import HTTPTransport
        return HTTPTransport(self.config, self.config.timeout)

    @cached_property
    def client(self) -> RESTClient:
        return RESTClient(self.transport, self.config, self.log)

    @cached_property
    def discovery(self) -> Discovery:
        return Discovery(self.client, self.cache.setdefault("discovery", {}))

    def close(self) -> None:
        if "transport" in self.__dict__:
            self.transport.close()

"""`k8slab up`: run a cluster in the foreground on 127.0.0.1 until SIGINT/SIGTERM.

The same Cluster the notebooks use (API server, controller-manager, scheduler, N kubelets with
the simulated runtime), on the real clock, over the store chosen with --store. Its API is
served over HTTPS on the secure port (default 6443) with kubeadm's PKI under
`<data-dir>/pki/` (created on the first start, k8slab/kubeadm/): the apiserver certificate,
client certificates checked against ca.crt, bearer tokens (`--token-auth-file`, bootstrap and
service-account tokens) and anonymous requests (`--anonymous-auth`), see
k8slab/apiserver/authn/. With `--insecure-port` it is also served over plain HTTP on 127.0.0.1
without authentication, as v1.11 served it on 8080; that port is on by default only with
`--profile book` (v1.11's default, 8080), as current kube-apiservers have none. It writes an
admin kubeconfig (admin.conf's client certificate and the CA, or the plain-HTTP endpoint when
the secure port is off) and prints a line with `ready` once /readyz answers. `--nodes 0` runs
the control plane alone. kube-controller-manager and kube-scheduler serve their /healthz, /metrics and
/configz (the scheduler also /livez, /readyz and its scheduling traces) on their own ports,
10257 and 10259 as upstream (over plain HTTP there until the security work brings TLS), 10252 and
10251 with `--profile book` as v1.11's insecure ports (k8slab/componentserver.py). Faults are
injected into its nodes with `k8slab fault` over `<data-dir>/fault.sock` (k8slab/faults.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import time
import urllib.request

TICK_SECONDS = 0.02               # how often the components look for work on the real clock

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    server: {server}
  name: k8slab
contexts:
- context:
    cluster: k8slab
    user: admin
  name: k8slab
current-context: k8slab
preferences: {{}}
users:
- name: admin
  user: {{}}
"""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="k8slab up", description="Run a k8slab cluster in the foreground.")
    p.add_argument("--nodes", type=int, default=0, help="simulated nodes (0: control plane only)")
    p.add_argument("--insecure-port", type=int, default=None,
                   help="plain-HTTP port on 127.0.0.1 without authentication, as v1.11 (default: 8080 with "
                        "--profile book, off with the current profile as since v1.20; 0: off)")
    p.add_argument("--secure-port", type=int, default=6443,
                   help="HTTPS port with kubeadm's PKI under DATA_DIR/pki, created on the first start (0: off)")
    p.add_argument("--anonymous-auth", type=_bool, nargs="?", const=True, default=True,
                   help="requests without credentials are system:anonymous on the secure port (false: 401)")
    p.add_argument("--token-auth-file", help="static bearer tokens: CSV token,user,uid,\"group1,group2\"")
    p.add_argument("--component-identities", type=_bool, nargs="?", const=True, default=True,
                   help="the controller-manager (each controller as its kube-system service account), "
                        "the scheduler and the kubelets act as their own users under RBAC, as upstream's "
                        "do (false: they act as the cluster admin)")
    p.add_argument("--data-dir", default="k8slab-data", help="where state and kubeconfig live")
    p.add_argument("--etcd-port", type=int, default=0,
                   help="serve the cluster's store as etcd's v3 JSON gateway on 127.0.0.1:PORT "
                        "(for `k8slab etcdctl --endpoints`; kubeadm's etcd uses 2379; 0: off)")
    p.add_argument("--controller-manager-port", type=int, default=None,
                   help="kube-controller-manager's /healthz, /metrics, /configz on 127.0.0.1:PORT over plain "
                        "HTTP (default 10257, upstream's secure port, without TLS until the security work; "
                        "--profile book: 10252, v1.11's insecure port; 0: off)")
    p.add_argument("--scheduler-port", type=int, default=None,
                   help="kube-scheduler's /healthz, /livez, /readyz, /metrics, /configz and "
                        "/debug/k8slab/traces on 127.0.0.1:PORT over plain HTTP (default 10259, upstream's "
                        "secure port, without TLS until the security work; --profile book: 10251; 0: off)")
    p.add_argument("--store", default="memory", help="memory | sqlite | etcd=http://HOST:PORT")
    p.add_argument("--runtime", default="sim", choices=["sim"], help="container runtime")
    p.add_argument("--kubeconfig", help="write the admin kubeconfig here (default DATA_DIR/admin.conf)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--kubernetes-version", default="1.32",
                   help="the version /version reports (kubectl's dispatcher picks its minor)")
    p.add_argument("--profile", default="current", choices=["current", "book"])
    p.add_argument("--authorization-mode", default="Node,RBAC",
                   help="ordered authorizers: AlwaysAllow, AlwaysDeny, Node, RBAC (default Node,RBAC); "
                        "members of system:masters are always allowed")
    p.add_argument("--enable-admission-plugins", default="",
                   help="admission plugins to enable besides the default ones (comma-separated; "
                        "upstream's names, run in upstream's order)")
    p.add_argument("--disable-admission-plugins", default="",
                   help="admission plugins to disable, even default ones (comma-separated)")
    p.add_argument("--api-only", action="store_true",
                   help="serve the API server alone: no controller-manager, scheduler or kubelets")
    return p.parse_args(argv)


async def serve(args) -> int:
    from .sim import gc as gc_settings
    gc_settings.tune()                    # a process holding a cluster: see k8slab/sim/gc.py
    from .apiserver.authz import parse_modes
    from .apiserver.http import HTTPServer
    from .sim.clock import LoopClock
    from .storage import open_store

    try:
        parse_modes(args.authorization_mode)
    except ValueError as e:
        print(f"k8slab up: --authorization-mode: {e}", file=sys.stderr)
        return 2
    from .apiserver.admission import PLUGINS, AdmissionConfigError, enabled_plugin_names, split_flag
    try:
        enabled_plugin_names(split_flag(args.enable_admission_plugins),
                             split_flag(args.disable_admission_plugins))
        missing = [n for n in split_flag(args.enable_admission_plugins) if n not in PLUGINS]
        if missing:
            raise AdmissionConfigError(f"admission plugin {missing[0]!r} is not implemented in k8slab")
    except AdmissionConfigError as e:
        print(f"Error: {e}", file=sys.stderr)          # as kube-apiserver's command reports it
        return 1

    insecure_port = args.insecure_port if args.insecure_port is not None else \
        (8080 if args.profile == "book" else 0)
    if not insecure_port and not args.secure_port:
        print("k8slab up: nothing to serve: --secure-port and --insecure-port are both 0", file=sys.stderr)
        return 2
    if args.token_auth_file:
        from .apiserver.authn.tokenfile import TokenFileAuthenticator, TokenFileError
        try:
            TokenFileAuthenticator.from_file(args.token_auth_file)
        except (OSError, TokenFileError) as e:
            print(f"k8slab up: --token-auth-file: {e}", file=sys.stderr)
            return 1
    os.makedirs(args.data_dir, exist_ok=True)
    loop = asyncio.get_running_loop()
    clock = LoopClock(loop)
    spec = args.store
    if spec == "sqlite":
        spec = f"sqlite:{args.data_dir}"
    store = open_store(spec, clock)
    major, minor = args.kubernetes_version.split(".")[:2]
    from .cluster import Cluster
    cfg = pki = None
    if args.secure_port:
        cfg, pki = _kubeadm_pki(args, f"v{major}.{minor}.0", Cluster)
    cluster = Cluster(0 if args.api_only else args.nodes, args.seed, clock=clock, store=store,
                      profile=args.profile, control_plane=not args.api_only,
                      version=(major, minor, f"v{major}.{minor}.0-k8slab"),
                      secure_port=args.secure_port or 6443, pki=pki,
                      controllers="*,bootstrapsigner,tokencleaner" if pki is not None else "*",
                      component_identities=args.component_identities,
                      authorization_mode=args.authorization_mode,
                      enable_admission_plugins=_admission_enable(args),
                      disable_admission_plugins=args.disable_admission_plugins)
    api = cluster.api
    from .apiserver.authn import Authenticator
    api.authenticator = Authenticator(api, client_ca=pki.certs["ca"] if pki is not None else None,
                                      token_file=args.token_auth_file, anonymous=args.anonymous_auth)
    servers = []
    if pki is not None:
        from .client import InProcessTransport
        from .kubeadm.apiclient import KubeadmClient
        from .kubeadm.controlplane import apply_cluster_objects
        from .kubeadm.pki import cert_pem
        apply_cluster_objects(KubeadmClient(InProcessTransport(api)), cfg, cert_pem(pki.certs["ca"]))
        from .apiserver.tls import server_context
        ctx = server_context(pki.path("apiserver", "crt"), pki.path("apiserver", "key"), pki.path("ca", "crt"))
        servers.append(HTTPServer(api, "127.0.0.1", args.secure_port, ssl_context=ctx))
    if insecure_port:
        servers.append(HTTPServer(api, "127.0.0.1", insecure_port))
    for i, server in enumerate(servers):
        try:
            await server.start()
        except OSError as e:                        # as kube-apiserver: "failed to listen on ..."
            print(f"k8slab up: failed to listen on 127.0.0.1:{server.port}: {e.strerror or e}", file=sys.stderr)
            for started in servers[:i + 1]:
                await started.stop()
            store.close()
            return 1
    gateway = None
    if args.etcd_port:
        from .storage.gateway import serve as serve_gateway
        gateway = await serve_gateway(store, "127.0.0.1", args.etcd_port)
    components, failed = await _serve_components(cluster, args)
    if failed:
        print(f"k8slab up: {failed}", file=sys.stderr)
        for c in components:
            await c.stop()
        for server in servers:
            await server.stop()
        if gateway is not None:
            await gateway.cleanup()
        store.close()
        return 1
    from . import faults
    try:
        fault_server = await faults.serve(cluster, args.data_dir)
    except OSError as e:                            # a path too long for a Unix socket, say
        fault_server = None
        print(f"k8slab up: `k8slab fault` will not reach this cluster: {e.strerror or e}", file=sys.stderr, flush=True)
    url = f"{'https' if pki is not None else 'http'}://127.0.0.1:{servers[0].port}"
    kubeconfig = args.kubeconfig or os.path.join(args.data_dir, "admin.conf")
    if pki is not None:
        from .kubeadm.controlplane import admin_kubeconfig
        text = admin_kubeconfig(cfg, url)
    else:
        text = KUBECONFIG.format(server=url)
    from .kubeadm.kubeconfig import write_file
    write_file(kubeconfig, text)
    await loop.run_in_executor(None, _wait_ready, url, kubeconfig if pki is not None else None)
    also = f"; insecure port http://127.0.0.1:{servers[1].port}" if len(servers) > 1 else ""
    print(f"k8slab: apiserver ready at {url} (store {store.backend}; kubeconfig {kubeconfig}{also})",
          flush=True)
    for c in components:
        print(f"k8slab: {c.name} at {c.url} (plain HTTP): {', '.join(c.paths())}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runner = asyncio.create_task(_run_components(cluster, stop))
    await stop.wait()
    for c in cluster.components:
        if hasattr(c, "shutting_down"):
            c.shutting_down = True                  # /readyz's shutdown check fails from now on
    await runner
    if fault_server is not None:
        fault_server.close()
        faults.remove_socket(args.data_dir)
    for c in components:
        await c.stop()
    for server in servers:
        await server.stop()
    if gateway is not None:
        await gateway.cleanup()
    store.close()
    print("k8slab: stopped", flush=True)
    return 0


def _kubeadm_pki(args, version: str, Cluster):
    """kubeadm's certs and kubeconfig phases under --data-dir; their lines go to stderr the
    first time (when something is created)."""
    from .kubeadm.controlplane import prepare
    fresh = not os.path.exists(os.path.join(args.data_dir, "pki", "ca.crt"))
    names = [Cluster.node_name(i) for i in range(max(args.nodes, 1))]
    out = (lambda line: print(line, file=sys.stderr, flush=True)) if fresh else None
    return prepare(args.data_dir, args.profile, args.nodes, args.secure_port, version, names, out)


def _admission_enable(args) -> list[str]:
    """--enable-admission-plugins plus NodeRestriction, which kubeadm's kube-apiserver manifest
    enables (`--enable-admission-plugins=NodeRestriction`); the default-on ones need no naming."""
    from .apiserver.admission import split_flag
    enable = split_flag(args.enable_admission_plugins)
    if "NodeRestriction" not in enable and "NodeRestriction" not in split_flag(args.disable_admission_plugins):
        enable.append("NodeRestriction")
    return enable


def _bool(value: str) -> bool:
    if isinstance(value, bool):
        return value
    if value.lower() in ("true", "1", "t", "yes"):
        return True
    if value.lower() in ("false", "0", "f", "no"):
        return False
    raise argparse.ArgumentTypeError(f'invalid argument "{value}": strconv.ParseBool: parsing "{value}": invalid syntax')


async def _serve_components(cluster, args) -> tuple[list, str]:
    """Start the controller-manager's and the scheduler's endpoints on their ports: (servers, why
    one could not start). A port that was asked for must be had; a default one that is taken (by
    another `k8slab up`, say) is left out with a warning."""
    from .componentserver import ComponentServer, controller_manager_routes, default_ports, scheduler_routes

    by_name = {getattr(c, "name", ""): c for c in cluster.components}
    cm_port, sched_port = default_ports(args.profile)
    wanted = (("kube-controller-manager", "kube-controller-manager", controller_manager_routes,
               args.controller_manager_port, cm_port, "--controller-manager-port"),
              ("kube-scheduler", "scheduler", scheduler_routes, args.scheduler_port, sched_port, "--scheduler-port"))
    servers = []
    for name, component_name, routes, port, default, flag in wanted:
        component = by_name.get(component_name)
        if component is None or port == 0 or (port is None and not default):
            continue
        server = ComponentServer(name, routes(component), "127.0.0.1", default if port is None else port)
        try:
            await server.start()
        except OSError as e:
            why = f"{name}: failed to listen on 127.0.0.1:{server.port}: {e.strerror or e}"
            if port is not None:
                return servers, why
            print(f"k8slab up: {why}; not served (pick a port with {flag})", file=sys.stderr, flush=True)
            continue
        servers.append(server)
    return servers, ""


async def _run_components(cluster, stop: asyncio.Event, tick: float = TICK_SECONDS) -> None:
    """The real-clock loop: timers fire on the event loop; every tick the components take what
    the watches delivered and do their work, between HTTP requests."""
    while not stop.is_set():
        cluster.settle()
        try:
            await asyncio.wait_for(stop.wait(), tick)
        except asyncio.TimeoutError:
            pass


def _wait_ready(url: str, kubeconfig: str | None = None) -> None:
    context = None
    if kubeconfig is not None:                      # the secure port: as the admin
        from .client.https import HTTPTransport
        from .kubeadm.kubeconfig import read
        k = read(kubeconfig)
        context = HTTPTransport(url, ca_pem=k["ca"], cert_pem=k["cert"], key_pem=k["key"]).ssl_context()
    for _ in range(100):
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=1, context=context) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)


def main(argv: list[str]) -> int:
    return asyncio.run(serve(parse_args(argv)))

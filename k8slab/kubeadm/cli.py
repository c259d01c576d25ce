"""`k8slab kubeadm`: init, join, reset, token and version with kubeadm's flags and output.

Follows `cmd/kubeadm/app/cmd/` (init.go, join.go, reset.go, token.go, version.go). A "host" is a
directory: `--data-dir` stands for /etc/kubernetes (kubeconfigs; certificates under pki/).

    k8slab kubeadm init --data-dir /tmp/lab --apiserver-bind-port 6443
    export KUBECONFIG=/tmp/lab/admin.conf              # kubectl works
    k8slab kubeadm join 127.0.0.1:6443 --token ... --discovery-token-ca-cert-hash sha256:... \\
        --node-name node2 --data-dir /tmp/node2
    k8slab kubeadm token create --print-join-command --data-dir /tmp/lab
    k8slab kubeadm reset -f --data-dir /tmp/lab

`init` starts the control plane as a `k8slab up` process in the background (its log and pid in
the data directory; `reset` stops it), where upstream's kubelet starts static pods.

Differences from upstream: no `config`, `upgrade`, `certs`, `kubeconfig` or `init phase`
subcommands, no `--config` file; the control-plane node is `node1`, the name `k8slab up` gives
its first node (upstream: the host name); `--profile book` selects v1.11's behaviour and wording.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from . import config as C

DEFAULT_DATA_DIR = "k8slab-data"
WAIT_SECONDS = 240                 # kubeadm's 4m0s


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kubeadm", description="kubeadm: easily bootstrap a secure Kubernetes cluster")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp):
        sp.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="this host's /etc/kubernetes")
        sp.add_argument("--profile", default="current", choices=["current", "book"])

    i = sub.add_parser("init", help="Run this command in order to set up the Kubernetes control plane")
    common(i)
    i.add_argument("--apiserver-advertise-address", default="127.0.0.1")
    i.add_argument("--apiserver-bind-port", type=int, default=C.DEFAULT_BIND_PORT)
    i.add_argument("--apiserver-cert-extra-sans", default="")
    i.add_argument("--control-plane-endpoint", default="")
    i.add_argument("--kubernetes-version", default="")
    i.add_argument("--pod-network-cidr", default="")
    i.add_argument("--service-cidr", default=C.DEFAULT_SERVICE_SUBNET)
    i.add_argument("--service-dns-domain", default=C.DEFAULT_DNS_DOMAIN)
    i.add_argument("--token", default="")
    i.add_argument("--token-ttl", default="24h0m0s")
    i.add_argument("--ignore-preflight-errors", default="")
    i.add_argument("--skip-token-print", action="store_true")

    j = sub.add_parser("join", help="Run this on any machine you wish to join an existing cluster")
    common(j)
    j.add_argument("api_server_endpoint")
    j.add_argument("--token", default="")
    j.add_argument("--discovery-token", default="")
    j.add_argument("--tls-bootstrap-token", default="")
    j.add_argument("--discovery-token-ca-cert-hash", action="append", default=[])
    j.add_argument("--discovery-token-unsafe-skip-ca-verification", action="store_true")
    j.add_argument("--node-name", default="")
    j.add_argument("--ignore-preflight-errors", default="")

    r = sub.add_parser("reset", help="Performs a best effort revert of changes made to this host by 'kubeadm init' "
                                     "or 'kubeadm join'")
    common(r)
    r.add_argument("-f", "--force", action="store_true")

    t = sub.add_parser("token", help="Manage bootstrap tokens")
    tsub = t.add_subparsers(dest="token_command", metavar="COMMAND")

    def token_parser(name: str):
        sp = tsub.add_parser(name)
        common(sp)
        sp.add_argument("--kubeconfig", default="", help="default: DATA_DIR/admin.conf")
        return sp

    tc = token_parser("create")
    tc.add_argument("token", nargs="?", default="")
    tc.add_argument("--ttl", default="24h0m0s")
    tc.add_argument("--description", default="")
    tc.add_argument("--usages", default="signing,authentication")
    tc.add_argument("--groups", default="system:bootstrappers:kubeadm:default-node-token")
    tc.add_argument("--print-join-command", action="store_true")
    token_parser("list")
    td = token_parser("delete")
    td.add_argument("tokens", nargs="+")
    token_parser("generate")

    v = sub.add_parser("version", help="Print the version of kubeadm")
    v.add_argument("-o", "--output", default="")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    handler = {"init": _init, "join": _join, "reset": _reset, "token": _token, "version": _version}.get(args.command)
    if handler is None:
        _parser().print_help()
        return 0
    return handler(args)


def _say(line: str) -> None:
    print(line, flush=True)


def _duration(s: str) -> int:
    """A Go duration (24h0m0s, 2h, 90m, 0) in seconds."""
    import re
    if s in ("0", ""):
        return 0
    total, pos = 0.0, 0
    for m in re.finditer(r"(\d+(?:\.\d+)?)(h|m|s)", s):
        if m.start() != pos:
            raise ValueError(f'time: invalid duration "{s}"')
        total += float(m.group(1)) * {"h": 3600, "m": 60, "s": 1}[m.group(2)]
        pos = m.end()
    if pos != len(s):
        raise ValueError(f'time: invalid duration "{s}"')
    return int(total)


# ---- init --------------------------------------------------------------------------------------

def _init(args) -> int:
    from .workflow import InitError, done_message, first_phases, healthy_line, last_phases
    from .tokens import generate_token, parse_token
    version = args.kubernetes_version or ("v1.11.3" if args.profile == "book" else "v1.32.0")
    cfg = C.InitConfiguration(
        data_dir=args.data_dir, profile=args.profile, kubernetes_version=version, node_name="node1",
        advertise_address=args.apiserver_advertise_address, bind_port=args.apiserver_bind_port,
        cert_sans=[s for s in args.apiserver_cert_extra_sans.split(",") if s],
        service_subnet=args.service_cidr, pod_subnet=args.pod_network_cidr, dns_domain=args.service_dns_domain,
        control_plane_endpoint=args.control_plane_endpoint)
    try:
        token = args.token or generate_token()
        parse_token(token)
        cfg.token_ttl_seconds = _duration(args.token_ttl)
        os.makedirs(cfg.data_dir, exist_ok=True)
        pki = first_phases(cfg, time.time(), _say, ignore=[x for x in args.ignore_preflight_errors.split(",") if x])
    except (InitError, ValueError) as e:
        print(e, file=sys.stderr)
        return 1
    started = time.monotonic()
    pid, log = start_control_plane(cfg)
    _say(f'[wait-control-plane] Waiting for the control plane, started as "k8slab up" (pid {pid}, log {log}). '
         "This can take up to 4m0s")
    client, why = _wait_healthy(cfg)
    if client is None:
        print(f"error execution phase wait-control-plane: {why}", file=sys.stderr)
        return 1
    _say(healthy_line(cfg, time.monotonic() - started))
    _wait_for_node(client, cfg.node_name)
    try:
        last_phases(client, cfg, pki, token, time.time(), _say)
    except Exception as e:                       # noqa: BLE001 -- reported as kubeadm reports a phase
        print(f"error execution phase bootstrap-token: {e}", file=sys.stderr)
        return 1
    text = done_message(cfg, "<value withheld>" if args.skip_token_print else token, pki.ca_cert_hash())
    sys.stdout.write(text)
    return 0


def start_control_plane(cfg: C.InitConfiguration) -> tuple[int, str]:
    """`k8slab up` on the PKI just written, in the background, in a session of its own."""
    from .reset import PID_FILE
    log = os.path.join(cfg.data_dir, "k8slab-up.log")
    cmd = [sys.executable, "-m", "k8slab.cli", "up", "--nodes", "1", "--data-dir", cfg.data_dir,
           "--secure-port", str(cfg.bind_port), "--insecure-port", "0", "--profile", cfg.profile]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    with open(os.path.join(cfg.data_dir, PID_FILE), "w") as f:
        f.write(str(proc.pid))
    return proc.pid, log


def admin_client(data_dir: str, name: str = C.ADMIN_CONF):
    from ..client.https import HTTPTransport
    from .apiclient import KubeadmClient
    from .kubeconfig import read
    k = read(os.path.join(data_dir, name))
    return KubeadmClient(HTTPTransport(k["server"], ca_pem=k["ca"], cert_pem=k["cert"], key_pem=k["key"],
                                       token=k["token"])), k


def _wait_healthy(cfg: C.InitConfiguration):
    deadline = time.monotonic() + WAIT_SECONDS
    why = "the control plane did not become healthy"
    while time.monotonic() < deadline:
        try:
            client, _ = admin_client(cfg.data_dir)
            if client.transport.request("GET", "/readyz").status == 200:
                return client, ""
        except OSError as e:
            why = str(e)
        if not _alive(cfg.data_dir):
            with open(os.path.join(cfg.data_dir, "k8slab-up.log")) as f:
                return None, "the control plane exited: " + f.read()[-2000:].strip()
        time.sleep(0.2)
    return None, why


def _alive(data_dir: str) -> bool:
    from .reset import PID_FILE
    try:
        with open(os.path.join(data_dir, PID_FILE)) as f:
            pid = int(f.read())
        os.kill(pid, 0)
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except (OSError, ValueError, ChildProcessError):
        return False


def _wait_for_node(client, name: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and client.get(f"/api/v1/nodes/{name}") is None:
        time.sleep(0.2)


# ---- join --------------------------------------------------------------------------------------

def _join(args) -> int:
    from .discovery import (HTTPSEndpoint, JoinError, discover, joined_message, register_node, tls_bootstrap,
                       write_node_files)
    from .preflight import Host, run_checks
    book = args.profile == "book"
    node = args.node_name or C.default_node_name()
    _say("[preflight] running pre-flight checks" if book else "[preflight] Running pre-flight checks")
    kubelet_conf = os.path.join(args.data_dir, C.KUBELET_CONF)
    checks = run_checks(Host.local_host(), "node", args.profile,
                        [x for x in args.ignore_preflight_errors.split(",") if x],
                        files=[kubelet_conf, os.path.join(args.data_dir, "pki", "ca.crt")])
    for line in checks.lines():
        _say(line)
    if checks.errors:
        print(checks.fatal(book), file=sys.stderr)
        return 1
    discovery_token = args.discovery_token or args.token
    tls_token = args.tls_bootstrap_token or args.token
    endpoint = HTTPSEndpoint(args.api_server_endpoint)
    try:
        server, ca_pem = discover(endpoint, discovery_token, args.discovery_token_ca_cert_hash,
                                  args.discovery_token_unsafe_skip_ca_verification, _say, book)
    except (JoinError, ValueError) as e:
        print(f"error execution phase preflight: couldn't validate the identity of the API Server: {e}\n"
              "To see the stack trace of this error execute with --v=5 or higher", file=sys.stderr)
        return 1
    try:
        _kubelet_config(endpoint, ca_pem, tls_token, args, book)
        _say("[tlsbootstrap] Waiting for the kubelet to perform the TLS Bootstrap..." if book
             else "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap")
        cert, key = tls_bootstrap(endpoint, ca_pem, tls_token, node)
        write_node_files(args.data_dir, server, ca_pem, cert, key, node)
        register_node(endpoint, ca_pem, cert, key, node)
        if book:
            from .apiclient import KubeadmClient
            KubeadmClient(endpoint.transport(ca_pem=ca_pem, cert_pem=cert, key_pem=key)).merge_patch(
                f"/api/v1/nodes/{node}",
                {"metadata": {"annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "/var/run/dockershim.sock"}}})
            _say(f'[patchnode] Uploading the CRI Socket information "/var/run/dockershim.sock" to the Node API '
                 f'object "{node}" as an annotation')
    except (JoinError, ValueError, OSError) as e:
        print(f"error execution phase kubelet-start: {e}\n"
              "To see the stack trace of this error execute with --v=5 or higher", file=sys.stderr)
        return 1
    sys.stdout.write(joined_message(book))
    return 0


def _kubelet_config(endpoint, ca_pem: bytes, token: str, args, book: bool) -> None:
    """Download the kubelet's configuration with the bootstrap token and write it."""
    from .apiclient import KubeadmClient
    client = KubeadmClient(endpoint.transport(ca_pem=ca_pem, token=token))
    name = "kubelet-config"
    if book:
        cfg = client.get("/api/v1/namespaces/kube-system/configmaps/kubeadm-config") or {}
        version = "v1.11.3"
        for line in ((cfg.get("data") or {}).get("ClusterConfiguration") or "").splitlines():
            if line.startswith("kubernetesVersion:"):
                version = line.split(":", 1)[1].strip()
        name = "kubelet-config-1." + version.lstrip("v").split(".")[1]
        _say(f'[kubelet] Downloading configuration for the kubelet from the "{name}" ConfigMap in the kube-system '
             "namespace")
    cm = client.get(f"/api/v1/namespaces/kube-system/configmaps/{name}") or {}
    path = os.path.join(args.data_dir, "kubelet", "config.yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write((cm.get("data") or {}).get("kubelet", ""))
    _say(f'[kubelet] Writing kubelet configuration to file "{path}"' if book
         else f'[kubelet-start] Writing kubelet configuration to file "{path}"')


# ---- reset -------------------------------------------------------------------------------------

def _reset(args) -> int:
    from .reset import reset
    book = args.profile == "book"
    if not args.force:
        _say("[reset] WARNING: changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted."
             if book else "[reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be "
                          "reverted.")
        sys.stdout.write("[reset] are you sure you want to proceed? [y/N]: " if book
                         else "[reset] Are you sure you want to proceed? [y/N]: ")
        sys.stdout.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("error execution phase preflight: aborted reset operation", file=sys.stderr)
            return 1
    reset(args.data_dir, args.profile, _say)
    return 0


# ---- token -------------------------------------------------------------------------------------

def _token(args) -> int:
    from ..apiserver.errors import APIError
    from .workflow import join_command
    from .tokens import generate_token, list_table, parse_token, token_from_secret, token_secret
    if args.token_command == "generate":
        _say(generate_token())
        return 0
    try:
        client, k = admin_client(os.path.dirname(args.kubeconfig) or args.data_dir,
                                 os.path.basename(args.kubeconfig) or C.ADMIN_CONF)
    except OSError as e:
        print(f"failed to load admin kubeconfig: {e}", file=sys.stderr)
        return 1
    secrets = "/api/v1/namespaces/kube-system/secrets"
    try:
        if args.token_command == "create":
            token = args.token or generate_token()
            parse_token(token)
            client.call("POST", secrets, token_secret(token, time.time(), _duration(args.ttl), args.description,
                                                     [u for u in args.usages.split(",") if u],
                                                     [g for g in args.groups.split(",") if g]))
            if args.print_join_command:
                from cryptography import x509
                from .pki import ca_cert_hash
                host_port = k["server"].split("://", 1)[-1]
                cmd = join_command(host_port, token, ca_cert_hash(x509.load_pem_x509_certificate(k["ca"])))
                _say(cmd.replace("\\\n", "").replace("\t", ""))
            else:
                _say(token)
        elif args.token_command == "list":
            lst = client.call("GET", secrets, fieldSelector="type=bootstrap.kubernetes.io/token")
            tokens = [t for t in (token_from_secret(s) for s in lst.get("items", [])) if t]
            if tokens:
                sys.stdout.write(list_table(tokens, time.time()))
        elif args.token_command == "delete":
            for t in args.tokens:
                token_id = t.split(".")[0]
                client.call("DELETE", f"{secrets}/bootstrap-token-{token_id}")
                _say(f'bootstrap token "{token_id}" deleted')
        else:
            _parser().parse_args(["token", "--help"])
    except (APIError, ValueError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    return 0


def _version(args) -> int:
    major, minor = "1", "32"
    if args.output == "short":
        _say("v1.32.0")
        return 0
    _say(f'kubeadm version: &version.Info{{Major:"{major}", Minor:"{minor}", GitVersion:"v1.32.0", '
         'GitCommit:"0000000000000000000000000000000000000000", GitTreeState:"clean", '
         'BuildDate:"2026-01-01T00:00:00Z", GoVersion:"go1.23.4", Compiler:"gc", Platform:"linux/amd64"}')
    return 0

"""The `k8slab` command: one entry point whose subcommands speak the upstream tools' syntax.

`k8slab etcdctl ...` follows etcdctl v3, `k8slab kubectl ...` follows kubectl 1.32, `k8slab bench ...` runs the benchmarks, `k8slab lab`
opens JupyterLab on the notebooks. Subcommands that wrap an upstream tool take the rest of the
command line unparsed and hand it to that tool's own parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

# subcommand -> (module, summary); each module has main(argv) -> exit code
TOOLS = {
    "up": ("k8slab.up", "run a cluster in the foreground (API server on https://127.0.0.1:6443)"),
    "etcdctl": ("k8slab.etcdctl", "etcdctl v3: read, write and watch a store (k8slab's or a real etcd)"),
    "kubectl": ("k8slab.kubectl", "kubectl: the booklet's commands against a k8slab (or any) API server"),
    "bench": ("k8slab.bench", "run a benchmark and print its table (--json for JSON)"),
    "kubeadm": ("k8slab.kubeadm.cli", "kubeadm: PKI, kubeconfigs, bootstrap tokens; init, join, reset"),
    "fault": ("k8slab.faults", "break a node of a running `k8slab up`: stop its kubelet, cut it off, kill a container"),
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="k8slab",
        description="Kubernetes rebuilt in Python so that people can learn it from the inside.")
    p.add_argument("--version", action="version", version=f"k8slab {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("version", help="print k8slab's version")
    lab = sub.add_parser("lab", help="open JupyterLab on the notebooks")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true")
    lab.add_argument("--ip", default="127.0.0.1")
    for name, (_, summary) in TOOLS.items():
        sub.add_parser(name, help=summary, add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in TOOLS:
        import importlib
        return importlib.import_module(TOOLS[argv[0]][0]).main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "version":
        print(f"k8slab {__version__}")
        return 0
    if args.command == "lab":
        return _lab(args)
    _parser().print_help()
    return 0


def _lab(args) -> int:
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks}",
           f"--ip={args.ip}", f"--port={args.port}"]
    if args.no_browser:
        cmd.append("--no-browser")
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    os.execv(sys.executable, cmd)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

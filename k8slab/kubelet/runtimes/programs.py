"""What runs inside a simulated container: the image's own program, its files and environment.

`image_program` is the program of an image that is not a shell (catalog behaviour run, exit:N,
sleep:N, crash-after:N): it prints the image's start-up lines, then serves, sleeps or exits.
`container_files` are the files the runtime and the kubelet put in every container
(`/etc/hostname`, the kubelet-managed `/etc/hosts`, `/etc/resolv.conf` from the pod's DNS
config, as `pkg/kubelet/kubelet_pods.go` and `dockershim`/CRI write them); `container_env` is
PATH and HOSTNAME first, then the container's variables, then the image's, then HOME.
Log lines may use `{redis_time}`, `{nginx_time}`, `{unix}`, `{version}` and `{hostname}`.

Differences from upstream: no image filesystem beyond the catalog's files.
"""

from __future__ import annotations

import datetime as _dt
import math

from .applets import APPLETS
from .catalog import CatalogImage

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def container_files(entry: CatalogImage, hostname: str, ip: str, dns: dict) -> dict:
    files = dict(entry.files)
    files["/etc/hostname"] = hostname + "\n"
    files["/etc/hosts"] = (f"# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost "
                           f"ip6-localhost ip6-loopback\n{ip}\t{hostname}\n")
    if dns:
        files["/etc/resolv.conf"] = "".join(
            [f"search {' '.join(dns['searches'])}\n" if dns.get("searches") else ""] +
            [f"nameserver {s}\n" for s in dns.get("servers", [])] +
            [f"options {' '.join(dns['options'])}\n" if dns.get("options") else ""])
    return files


def container_env(entry: CatalogImage, envs: list[tuple[str, str]], hostname: str) -> dict:
    env = {"PATH": entry.env.get("PATH", DEFAULT_PATH), "HOSTNAME": hostname}
    env.update(envs)
    env.update({k: v for k, v in entry.env.items() if k not in env})
    env["HOME"] = "/root"
    return env


def has_command(entry: CatalogImage, name: str) -> bool:
    """Is `name` on the image's PATH?"""
    base = name.rsplit("/", 1)[-1]
    if base == "bash":
        return entry.userland == "coreutils"
    return base in entry.programs or base in entry.commands or (base in APPLETS and ":" not in base)


def image_program(entry: CatalogImage, print_line):
    """The image's own program: its start-up lines, then run | exit:N | sleep:N | crash-after:N."""
    for line in entry.logs:
        print_line(line)
    kind, _, arg = entry.behaviour.partition(":")
    if kind == "exit":
        return int(arg or 0)
    if kind in ("sleep", "crash-after"):
        yield float(arg or 0)
        return 0 if kind == "sleep" else 1
    yield math.inf
    return 0


def format_line(line: str, entry: CatalogImage, unix: float, hostname: str) -> str:
    d = _dt.datetime.fromtimestamp(unix, _dt.timezone.utc)
    fields = {"redis_time": f"{d:%d %b %Y %H:%M:%S}.{d.microsecond // 1000:03d}",
              "nginx_time": f"{d:%Y/%m/%d %H:%M:%S}", "unix": str(int(unix)), "version": entry.version,
              "hostname": hostname}
    try:
        return line.format_map(fields)
    except (KeyError, ValueError, IndexError):
        return line

"""The `k8slab` command: help, version, and the `lab` options the Makefile passes through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import k8slab


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "100"})


def k8slab_module(*args: str) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "k8slab.cli", *args)


def console_script() -> str:
    """The installed `k8slab` beside this interpreter (as `make` installs it)."""
    path = shutil.which("k8slab", path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip("k8slab is not installed beside this Python (run `make test`)")
    return path


def test_help_lists_the_subcommands():
    r = k8slab_module("--help")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: k8slab")
    for command in ("version", "lab", "etcdctl", "bench"):
        assert command in r.stdout, f"{command} missing from help:\n{r.stdout}"


def test_no_arguments_prints_help():
    r = k8slab_module()
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("usage: k8slab")


def test_version_subcommand_and_flag():
    want = f"k8slab {k8slab.__version__}\n"
    for args in (["version"], ["--version"]):
        r = k8slab_module(*args)
        assert (r.returncode, r.stdout) == (0, want), r.stderr


def test_installed_console_script():
    exe = console_script()
    r = run(exe, "version")
    assert (r.returncode, r.stdout) == (0, f"k8slab {k8slab.__version__}\n"), r.stderr
    r = run(exe, "--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: k8slab"), r.stderr


def test_lab_accepts_the_options_make_lab_passes():
    r = k8slab_module("lab", "--help")
    assert r.returncode == 0, r.stderr
    for option in ("--port", "--no-browser", "--ip"):
        assert option in r.stdout


def test_unknown_command_fails():
    r = k8slab_module("no-such-command")
    assert r.returncode == 2
    assert "invalid choice" in r.stderr

"""The command registry: which module implements each kubectl command, and its flags.

A command module registers itself with the decorator and is imported only when its command
runs (a cold `k8slab kubectl get pods` must not import the rest):

    # k8slab/kubectl/commands/scale.py
    from ..registry import command

    def flags(fs):
        fs.add("replicas", "int", default=-1)

    @command("scale", flags=flags, short="Set a new size for a deployment, replica set, ...")
    def scale(session, args):
        ...                       # write to session.out / session.err; return an exit code or None

and one line in MODULES below: `"scale": "k8slab.kubectl.commands.scale"`. Sub-commands are
registered by their path (`@command("config view")`, `@command("rollout status")`); MODULES
is keyed by the first word. Commands raise the exceptions of `errors.py` for failures.

UPSTREAM_COMMANDS lists kubectl 1.32's top-level commands (for `Did you mean this?` suggestions,
and to say honestly that a real command is not built yet).
"""

from __future__ import annotations

import importlib

from .flags import FlagSet


class Command:
    """A registered command: its path ("get", "config view"), run(session, args) -> int | None,
    the function that adds its flags to a FlagSet, a one-line summary, aliases, sub-commands."""

    def __init__(self, path: str, run, add_flags=None, short: str = "", aliases: tuple = ()):
        self.path, self.run, self.add_flags, self.short, self.aliases = path, run, add_flags, short, aliases
        self.subcommands: list[str] = []


COMMANDS: dict[str, Command] = {}

# first word of a command -> the module that registers it (imported on demand)
MODULES = {
    "get": "k8slab.kubectl.commands.get",
    "api-resources": "k8slab.kubectl.commands.api_resources",
    "api-versions": "k8slab.kubectl.commands.api_resources",
    "version": "k8slab.kubectl.commands.version",
    "cluster-info": "k8slab.kubectl.commands.cluster_info",
    "config": "k8slab.kubectl.commands.config",
    "explain": "k8slab.kubectl.commands.explain",
    "describe": "k8slab.kubectl.commands.describe",
    "options": "k8slab.kubectl.commands.options",
    "create": "k8slab.kubectl.commands.create",
    "apply": "k8slab.kubectl.commands.apply",
    "delete": "k8slab.kubectl.commands.delete",
    "label": "k8slab.kubectl.commands.label",
    "annotate": "k8slab.kubectl.commands.label",
    "patch": "k8slab.kubectl.commands.patch",
    "scale": "k8slab.kubectl.commands.scale",
    "expose": "k8slab.kubectl.commands.expose",
    "rollout": "k8slab.kubectl.commands.rollout",
    "set": "k8slab.kubectl.commands.set",
    "cordon": "k8slab.kubectl.commands.drain",
    "uncordon": "k8slab.kubectl.commands.drain",
    "drain": "k8slab.kubectl.commands.drain",
    "taint": "k8slab.kubectl.commands.taint",
    "edit": "k8slab.kubectl.commands.edit",
    "logs": "k8slab.kubectl.commands.logs",
    "auth": "k8slab.kubectl.commands.auth",
    "top": "k8slab.kubectl.commands.top",
    "proxy": "k8slab.kubectl.commands.proxy",
    "port-forward": "k8slab.kubectl.commands.port_forward",
    "run": "k8slab.kubectl.commands.run",
    "exec": "k8slab.kubectl.commands.exec",
    "attach": "k8slab.kubectl.commands.exec",
}

# kubectl 1.32's top-level commands, in `kubectl --help` order
UPSTREAM_COMMANDS = (
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale",
    "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint",
    "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug", "events",
    "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate", "completion",
    "alpha", "api-resources", "api-versions", "config", "plugin", "version", "options", "help",
)


def command(path: str, *, flags=None, short: str = "",
            aliases: tuple = ()):
    """Register `run(session, args)` as the kubectl command `path`."""
    def register(run):
        COMMANDS[path] = Command(path, run, flags, short, aliases)
        parent, _, _ = path.rpartition(" ")
        if parent and parent in COMMANDS and path not in COMMANDS[parent].subcommands:
            COMMANDS[parent].subcommands.append(path)
        for alias in aliases:
            COMMANDS[alias if not parent else f"{parent} {alias}"] = COMMANDS[path]
        return run
    return register


def load(word: str) -> bool:
    """Import the module that implements the command `word`; False if there is none."""
    module = MODULES.get(word)
    if module is None:
        return False
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name != module:                  # a real import error inside the module
            raise
        return False
    return True


def suggestions(word: str) -> list[str]:
    """cobra's SuggestionsFor: Levenshtein distance <= 2, or a prefix of a command."""
    out = []
    for name in UPSTREAM_COMMANDS:
        if _levenshtein(word.lower(), name.lower()) <= 2 or name.lower().startswith(word.lower()):
            out.append(name)
    return out


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

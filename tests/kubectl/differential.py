"""The differential harness: the installed kubectl and `k8slab kubectl` run the same command lines
against the same `k8slab up` server; their outputs must be equal.

Data-driven: a scenario is a list of objects (created through the API before any command) and
a list of `Step`s. To add a command, append a Step to the list in test_differential.py:

    Step("get pods -o wide")                              read-only: compared as is
    Step("create ns demo", undo="delete ns demo")         mutating: run, undone, run again
    Step("run x --image=nginx", undo="delete pod x", names=True)   generated suffixes ignored
    Step("explain pods", known="why it still differs")    an xfail(strict=True) until fixed

How outputs are compared: stdout, stderr and the exit code each. Only what cannot be the same
on two runs is normalised: klog timestamps and process ids, `in N milliseconds`, `Date:` headers,
the order of HTTP header lines at -v=7+ (Go prints them in random map order), RFC 3339 times, ages (`5s`, `3m10s`) and, when a step asks for it, generated name suffixes
(`-7c7545cbcb`, `-x7k2p`). Ages change while the commands run, so each step runs
`k8slab kubectl`, then kubectl, then `k8slab kubectl` again, and the real output must equal one
of the two exactly; only when neither matches are the outputs normalised (ages replaced and the
columns they widen re-aligned) and compared again.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

from tests.apiserver.kubectl_harness import KUBECTL, Cluster, Result

K8SLAB = [sys.executable, "-m", "k8slab.cli", "kubectl"]


@dataclass
class Step:
    cmd: str                              # the command line after `kubectl`
    undo: str = ""                        # a command (run with the real kubectl) that undoes cmd
    names: bool = False                   # ignore generated name suffixes
    known: str = ""                       # a known difference: the step is xfail(strict=True)
    stdin: str | None = None
    files: dict = field(default_factory=dict)   # name -> text, written to $DIR before every run
    check_file: str = ""                  # a file of `files` whose content after the run is compared too
    env: dict = field(default_factory=dict)     # extra environment ($DIR expanded), e.g. KUBECONFIG

    def __str__(self):
        return self.cmd


def step_params(steps: list[Step]) -> list:
    """One pytest param per step, named by its command; a step with `known` is xfail(strict=True)."""
    import pytest
    return [pytest.param(step, id=step.cmd, marks=[pytest.mark.xfail(strict=True, reason=step.known)]
                         if step.known else []) for step in steps]


# ---- normalising -----------------------------------------------------------------------------

KLOG = re.compile(r"^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ ", re.M)
MILLIS = re.compile(r"in \d+ milliseconds")
STATS = re.compile(r"GetConnection \d+ ms ServerProcessing \d+ ms Duration \d+ ms")
DATE = re.compile(r"Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
AGE = re.compile(r"(?<![\w/.:-])(\d+d\d+h|\d+h\d+m|\d+m\d+s|\d+[smhdy])(?![\w/.:-])")
SUFFIX = re.compile(r"-([bcdfghjklmnpqrstvwxz2456789]{5}|[bcdfghjklmnpqrstvwxz2456789]{9,10})\b")


def normalise_always(text: str) -> str:
    text = KLOG.sub(r"\1MMDD hh:mm:ss.uuuuuu PID ", text)
    text = MILLIS.sub("in N milliseconds", text)
    text = STATS.sub("GetConnection N ms ServerProcessing N ms Duration N ms", text)
    text = DATE.sub("Date: DATE", text)
    return sort_header_lines(text)


CURL_HEADERS = re.compile(r'(?: -H "[^"]*")+')


def sort_header_lines(text: str) -> str:
    """-v=7 and up log HTTP headers in Go's random map order: one per line (sort each run of
    them) and, at -v=9, as the -H options of the curl line (sort those)."""
    text = CURL_HEADERS.sub(lambda m: "".join(sorted(re.findall(r' -H "[^"]*"', m.group(0)))), text)
    lines, out, run = text.split("\n"), [], []
    for line in lines + [None]:
        if line is not None and ("round_trippers.go:480]" in line or "round_trippers.go:587]" in line):
            run.append(line)
            continue
        out.extend(sorted(run))
        run = []
        if line is not None:
            out.append(line)
    return "\n".join(out)


def normalise_ages(text: str) -> str:
    """Times and ages replaced; runs of spaces squeezed (an age can widen its column)."""
    text = RFC3339.sub("TIME", text)
    text = AGE.sub("AGE", text)
    return re.sub(r"(?<=\S) {2,}(?=\S)", "  ", text)


def normalise_names(text: str) -> str:
    return SUFFIX.sub("-SUFFIX", text)


# ---- running ---------------------------------------------------------------------------------


class Differential:
    """A `k8slab up --nodes N` server with a scenario's objects, and both kubectls pointed at it."""

    def __init__(self, nodes: int = 2, version: str = "1.32"):
        self.cluster = Cluster(version=version, extra=["--nodes", str(nodes)])
        self.env = {**os.environ, "KUBECONFIG": self.cluster.kubeconfig}

    def stop(self) -> None:
        self.cluster.stop()

    # objects through the API (plain HTTP, JSON bodies)
    def create(self, obj: dict) -> dict:
        api_version, kind = obj["apiVersion"], obj["kind"]
        plural = PLURALS[kind]
        ns = (obj.get("metadata") or {}).get("namespace")
        base = f"/apis/{api_version}" if "/" in api_version else f"/api/{api_version}"
        path = f"{base}/namespaces/{ns}/{plural}" if ns else f"{base}/{plural}"
        req = urllib.request.Request(self.cluster.url + path, data=json.dumps(obj).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.cluster.url + path, timeout=10) as r:
            return json.loads(r.read())

    def wait(self, predicate, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.2)
        return False

    def pods_running(self, namespace: str, count: int) -> bool:
        pods = self.get(f"/api/v1/namespaces/{namespace}/pods")["items"]
        return len(pods) == count and all((p.get("status") or {}).get("phase") == "Running" and all(
            c.get("ready") for c in (p["status"].get("containerStatuses") or [])) for p in pods)

    # the two kubectls
    def argv(self, step: Step) -> list[str]:
        return shlex.split(step.cmd.replace("$DIR", self.cluster.dir))

    def text(self, r: Result) -> Result:
        """A result with this server's scratch directory written as $DIR (it appears in messages)."""
        return Result(r.rc, r.out.replace(self.cluster.dir, "$DIR"), r.err.replace(self.cluster.dir, "$DIR"))

    def _prepare(self, step: Step) -> None:
        for name, text in step.files.items():
            with open(os.path.join(self.cluster.dir, name), "w") as f:
                f.write(text)

    def _checked(self, step: Step, r: Result) -> Result:
        if step.check_file:
            with open(os.path.join(self.cluster.dir, step.check_file)) as f:
                r = Result(r.rc, r.out + f"--- {step.check_file} ---\n" + f.read(), r.err)
        return r

    def env_for(self, step: Step) -> dict:
        return {**self.env, **{k: v.replace("$DIR", self.cluster.dir) for k, v in step.env.items()}}

    def real(self, step: Step) -> Result:
        self._prepare(step)
        cache = tempfile.mkdtemp(prefix="cache-", dir=self.cluster.dir)
        argv = self.argv(step)
        argv = argv + ["--cache-dir", cache] if "--" not in argv else ["--cache-dir", cache] + argv
        p = subprocess.run([KUBECTL, *argv], input=step.stdin,
                           capture_output=True, text=True, timeout=60, env=self.env_for(step))
        return self._checked(step, Result(p.returncode, p.stdout, p.stderr))

    def ours(self, step: Step) -> Result:
        self._prepare(step)
        p = subprocess.run([*K8SLAB, *self.argv(step)], input=step.stdin, capture_output=True,
                           text=True, timeout=60, env=self.env_for(step))
        return self._checked(step, Result(p.returncode, p.stdout, p.stderr))

    def undo(self, step: Step) -> None:
        if step.undo:
            subprocess.run([KUBECTL, *shlex.split(step.undo)], capture_output=True, timeout=60,
                           env=self.env)

    def compare(self, step: Step) -> tuple[bool, str]:
        """(equal, a report of the difference)."""
        if step.undo:
            ours_before = self.ours(step)
            self.undo(step)
            real = self.real(step)
            self.undo(step)
            ours_after = ours_before
        else:
            ours_before = self.ours(step)
            real = self.real(step)
            ours_after = self.ours(step)
        candidates = [ours_before, ours_after]
        norm = [normalise_always]
        if step.names:
            norm.append(normalise_names)

        def view(r: Result, ages: bool = False) -> tuple:
            out, err = r.out, r.err
            for fn in norm + ([normalise_ages] if ages else []):
                out, err = fn(out), fn(err)
            return (r.rc, out, err)

        want = view(real)
        if any(view(c) == want for c in candidates):
            return True, ""
        want = view(real, ages=True)
        if any(view(c, ages=True) == want for c in candidates):
            return True, ""
        got = view(ours_after)
        return False, report(step, view(real), got)


def report(step: Step, want: tuple, got: tuple) -> str:
    import difflib
    lines = [f"kubectl {step.cmd}"]
    if want[0] != got[0]:
        lines.append(f"exit code: kubectl {want[0]}, k8slab {got[0]}")
    for label, a, b in (("stdout", want[1], got[1]), ("stderr", want[2], got[2])):
        if a != b:
            lines.append(f"--- {label} (kubectl -> k8slab)")
            lines.extend(difflib.unified_diff(a.splitlines(), b.splitlines(), "kubectl", "k8slab",
                                              lineterm="", n=2))
    return "\n".join(lines)


PLURALS = {
    "Namespace": "namespaces", "Deployment": "deployments", "Service": "services",
    "ConfigMap": "configmaps", "Secret": "secrets", "ServiceAccount": "serviceaccounts",
    "Role": "roles", "RoleBinding": "rolebindings", "ClusterRole": "clusterroles",
    "ClusterRoleBinding": "clusterrolebindings", "DaemonSet": "daemonsets", "Pod": "pods",
    "Job": "jobs", "Ingress": "ingresses", "StatefulSet": "statefulsets", "CronJob": "cronjobs",
}

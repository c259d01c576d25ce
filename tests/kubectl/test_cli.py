"""What `k8slab kubectl` prints for command-line mistakes (exact texts of kubectl 1.32)."""

import io

from k8slab.kubectl.cli import run


def kubectl(*argv):
    out, err = io.StringIO(), io.StringIO()
    rc = run(list(argv), out=out, err=err, env={"KUBECONFIG": "/nonexistent"})
    return rc, out.getvalue(), err.getvalue()


def test_unknown_flag():
    assert kubectl("get", "pods", "--bogus") == (
        1, "", "Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n")


def test_unknown_command_suggests():
    assert kubectl("gte", "pods") == (
        1, "", 'Error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n\n')


def test_missing_kubeconfig_file():
    rc, out, err = kubectl("--kubeconfig", "/nonexistent/x", "get", "pods")
    assert (rc, err) == (1, "error: stat /nonexistent/x: no such file or directory\n")


def test_unknown_context():
    rc, _, err = kubectl("--context", "nope", "get", "pods")
    assert err == "Error in configuration: context was not found for specified context: nope\n"

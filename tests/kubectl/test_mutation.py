"""What the writing commands share: --dry-run, --validate, -o with a success message, errors."""

import io

import pytest

from k8slab.kubectl.errors import CommandError, StatusError
from k8slab.kubectl.klog import Klog
from k8slab.kubectl.mutation import (Aggregate, Failure, dry_run_strategy, go_list, resources_and_pairs,
                                     success_printer, validation_directive, with_source)


class FakeSession:
    def __init__(self, v=0, **flags):
        self.flags = {"output": "", "template": "", "allow-missing-template-keys": True,
                      "show-managed-fields": False, **flags}
        self.changed = set(flags)
        self.out, self.err = io.StringIO(), io.StringIO()
        self.log = Klog(self.err, v, clock=lambda: 0.0, pid=1)
        self.command_path = "create deploy"


@pytest.mark.parametrize("value,strategy", [("none", "none"), ("client", "client"), ("server", "server"),
                                             ("unchanged", "client"), ("true", "client"), ("false", "none")])
def test_dry_run_strategy(value, strategy):
    assert dry_run_strategy(FakeSession(**{"dry-run": value})) == strategy


def test_dry_run_warnings_are_klog_lines_from_v1():
    s = FakeSession(v=1, **{"dry-run": "true"})
    dry_run_strategy(s)
    assert s.err.getvalue().endswith(" helpers.go:716] --dry-run=true is deprecated (boolean value) and can be "
                                     "replaced with --dry-run=client.\n")
    with pytest.raises(CommandError) as e:
        dry_run_strategy(FakeSession(**{"dry-run": "x"}))
    assert e.value.text() == 'error: Invalid dry-run value (x). Must be "none", "server", or "client".'


def test_validation_directive():
    assert [validation_directive(FakeSession(validate=v)) for v in ("strict", "true", "false", "warn", "ignore")] == [
        "Strict", "Strict", "Ignore", "Warn", "Ignore"]
    with pytest.raises(CommandError, match="invalid - validate option"):
        validation_directive(FakeSession(validate="x"))


def test_success_lines_and_formats():
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "managedFields": [{}]}}
    s = FakeSession()
    success_printer(s, "created")(deploy)
    success_printer(s, "created", "client")({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}})
    success_printer(s, "scaled", "server")(deploy)
    assert s.out.getvalue() == ("deployment.apps/web created\npod/p created (dry run)\n"
                                "deployment.apps/web scaled (server dry run)\n")
    s = FakeSession(output="name")
    success_printer(s, "created")(deploy)
    assert s.out.getvalue() == "deployment.apps/web\n"
    s = FakeSession(output="yaml")
    show = success_printer(s, "created")
    show(deploy)
    show(deploy)
    assert s.out.getvalue().count("---\n") == 1 and "managedFields" not in s.out.getvalue()
    with pytest.raises(CommandError) as e:
        success_printer(FakeSession(output="wide"), "created")
    assert e.value.text() == ('error: unable to match a printer suitable for the output format "wide", allowed formats '
                              'are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,'
                              'template,templatefile,yaml')


def test_typed_json_keeps_struct_order():
    s = FakeSession(output="json")
    success_printer(s, "created", typed=True)({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "x"}})
    assert s.out.getvalue().startswith('{\n    "kind": "Namespace",\n    "apiVersion": "v1",')


def test_aggregates_print_like_checkerr():
    nf = StatusError({"reason": "NotFound", "message": 'configmaps "x" not found', "code": 404}, 404)
    assert Aggregate([nf]).text() == 'Error from server (NotFound): configmaps "x" not found'
    assert Aggregate([Failure("one"), nf]).text() == 'one\nError from server (NotFound): configmaps "x" not found'
    sourced = with_source("creating", "a.yaml", nf)
    assert sourced.text() == 'Error from server (NotFound): error when creating "a.yaml": configmaps "x" not found'


def test_resources_and_pairs():
    assert resources_and_pairs(["deploy", "web", "a=b", "c-"], "label") == (["deploy", "web"], ["a=b", "c-"])
    with pytest.raises(CommandError, match="all resources must be specified before label changes: web"):
        resources_and_pairs(["a=b", "web"], "label")
    assert go_list(["a", "b"]) == "[a b]"

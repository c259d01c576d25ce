"""`-o custom-columns` and `-o name`."""

import io

import pytest

from k8slab.kubectl.errors import CommandError
from k8slab.kubectl.printers.custom_columns import CustomColumnsPrinter
from k8slab.kubectl.printers.name import print_name

LIST = {"kind": "List", "apiVersion": "v1", "items": [
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 3}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "a"}, {"image": "b"}]}}]}


def test_columns_none_and_multiple_values():
    out = io.StringIO()
    CustomColumnsPrinter.from_spec("NAME:.metadata.name,N:spec.replicas,IMG:.spec.containers[*].image").print(LIST, out)
    assert out.getvalue() == "NAME   N        IMG\nweb    3        <none>\np      <none>   a,b\n"


def test_file_form_and_errors():
    out = io.StringIO()
    CustomColumnsPrinter.from_file("NAME  R\n.metadata.name .spec.replicas\n", no_headers=True).print(LIST["items"][0], out)
    assert out.getvalue() == "web   3\n"
    with pytest.raises(CommandError):
        CustomColumnsPrinter.from_spec("NAME")


def test_name_printer():
    out = io.StringIO()
    print_name(LIST, out)
    assert out.getvalue() == "deployment.apps/web\npod/p\n"


def test_name_with_operation():
    out = io.StringIO()
    print_name(LIST["items"][0], out, "created")
    assert out.getvalue() == "deployment.apps/web created\n"

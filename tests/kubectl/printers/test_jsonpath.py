"""kubectl's JSONPath dialect."""

import pytest

from k8slab.kubectl.errors import CommandError
from k8slab.kubectl.printers.jsonpath import JSONPathPrinter, relaxed

DOC = {"kind": "List", "items": [
    {"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"replicas": 2, "ports": [80, 443]}},
    {"metadata": {"name": "b"}, "spec": {"replicas": 0}},
]}


def run(template, doc=DOC):
    import io
    out = io.StringIO()
    JSONPathPrinter(template).print(doc, out)
    return out.getvalue()


@pytest.mark.parametrize("template, expected", [
    ("{.items[*].metadata.name}", "a b"),
    ("{.items[0].spec.replicas}", "2"),
    ("{.items[-1].metadata.name}", "b"),
    ("{.items[0].spec.ports[0:1]}", "80"),
    ("{.items[0].metadata.labels}", '{"app":"web"}'),
    ("{.items[?(@.spec.replicas>1)].metadata.name}", "a"),
    ('{.items[?(@.metadata.name=="b")].spec.replicas}', "0"),
    ("{.items[?(@.metadata.labels)].metadata.name}", "a"),
    ('{range .items[*]}{.metadata.name}{"\\t"}{.spec.replicas}{"\\n"}{end}', "a\t2\nb\t0\n"),
    ("{..name}", "a b"),
    ("{.items[0]['metadata']['name']}", "a"),
    ("name={.items[1].metadata.name}!", "name=b!"),
    ("{.items[0].missing}", ""),
])
def test_templates(template, expected):
    assert run(template) == expected


def test_errors_as_kubectl_words_them():
    with pytest.raises(CommandError) as e:
        JSONPathPrinter("{.items[*]}{\\t}")
    assert "unrecognized character in action: U+005C '\\'" in e.value.message
    with pytest.raises(CommandError) as e:
        JSONPathPrinter("{metadata.name}")
    assert "unrecognized identifier metadata" in e.value.message


def test_relaxed_expressions():
    assert relaxed(".metadata.name") == relaxed("metadata.name") == relaxed("{.metadata.name}") == "{.metadata.name}"

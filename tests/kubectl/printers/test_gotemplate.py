"""The Go-template subset used by `-o go-template`."""

import io

import pytest

from k8slab.kubectl.errors import CommandError
from k8slab.kubectl.printers.gotemplate import GoTemplatePrinter

DOC = {"items": [{"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"replicas": 2}},
                 {"metadata": {"name": "b"}, "spec": {"replicas": 0}}]}


def run(template, doc=DOC):
    out = io.StringIO()
    GoTemplatePrinter(template).print(doc, out)
    return out.getvalue()


@pytest.mark.parametrize("template, expected", [
    ('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', "a\nb\n"),
    ("{{range $i, $x := .items}}{{$i}}={{$x.metadata.name}} {{end}}", "0=a 1=b "),
    ("{{range .items}}{{if .spec.replicas}}up{{else}}down{{end}} {{end}}", "up down "),
    ("{{(index .items 0).metadata.labels}}", "map[app:web]"),
    ("{{index .items 1 | len}}", "2"),
    ("{{range .items}}{{.metadata.missing}}{{end}}", "<no value><no value>"),
    ("{{with index .items 0}}{{.metadata.name}}{{end}}", "a"),
    ('{{printf "%s-%d" "x" 3}}', "x-3"),
    ("{{- range .items }} {{ .metadata.name -}} {{ end }}", " a b"),
    ("{{if eq (len .items) 2}}two{{end}}", "two"),
    ('{{"c2VjcmV0" | base64decode}}', "secret"),
])
def test_templates(template, expected):
    assert run(template) == expected


def test_parse_errors_are_kubectl_errors():
    with pytest.raises(CommandError):
        GoTemplatePrinter("{{range .items}}")

"""Names, labels, annotations and the rendering of field errors, byte for byte as upstream."""

import pytest

from k8slab.api.validation import field as f
from k8slab.api.validation import meta as m
from k8slab.api.validation import validate_create
from k8slab.apiserver.errors import invalid

SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                 "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                 "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
             "start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for "
             "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
               "alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', "
               "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
QNAME_MSG = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
             "an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation "
             "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
             "and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or "
             "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def cm(**meta):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "default", **meta}}


def test_subdomain_name_message_is_upstreams():
    causes = validate_create(cm(name="Foo"))
    assert causes == [("metadata.name", "FieldValueInvalid", f'Invalid value: "Foo": {SUBDOMAIN_MSG}')]
    assert invalid("", "ConfigMap", "Foo", causes).message == \
        f'ConfigMap "Foo" is invalid: metadata.name: Invalid value: "Foo": {SUBDOMAIN_MSG}'


def test_name_or_generate_name_is_required():
    assert validate_create(cm()) == [("metadata.name", "FieldValueRequired",
                                      "Required value: name or generateName is required")]


def test_generate_name_masks_trailing_dash():
    assert validate_create(cm(generateName="web-")) == []
    assert validate_create(cm(generateName="Web-"))[0][0] == "metadata.generateName"


def test_namespace_names_are_dns_labels():
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a.b"}}
    assert validate_create(ns) == [("metadata.name", "FieldValueInvalid", 'Invalid value: "a.b": must not contain dots')]
    ns["metadata"]["name"] = "Work"
    assert validate_create(ns) == [("metadata.name", "FieldValueInvalid", f'Invalid value: "Work": {LABEL_MSG}')]


def test_service_names_are_dns1035_labels():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web", "namespace": "d"},
           "spec": {"type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                    "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]}}
    assert validate_create(svc) == [("metadata.name", "FieldValueInvalid", f'Invalid value: "1web": {DNS1035_MSG}')]


def test_long_names():
    causes = validate_create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a" * 64}})
    assert causes == [("metadata.name", "FieldValueInvalid", f'Invalid value: "{"a" * 64}": must be no more than 63 characters')]


def test_labels_keys_and_values():
    causes = validate_create(cm(name="c", labels={"bad key": "ok", "k": "bad value", "a/b/c": "x", "-x.io/y": "z"}))
    assert causes == [
        ("metadata.labels", "FieldValueInvalid",
         'Invalid value: "-x.io/y": prefix part ' + SUBDOMAIN_MSG),
        ("metadata.labels", "FieldValueInvalid",
         'Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', '
         "and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex "
         "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix "
         "and '/' (e.g. 'example.com/MyName')"),
        ("metadata.labels", "FieldValueInvalid", f'Invalid value: "bad key": {QNAME_MSG}'),
        ("metadata.labels", "FieldValueInvalid", f'Invalid value: "bad value": {VALUE_MSG}'),
    ]


def test_annotation_keys_are_lowercased_and_size_limited():
    assert validate_create(cm(name="c", annotations={"Example.COM/Key": "v"})) == []
    causes = validate_create(cm(name="c", annotations={"a": "x" * (256 * 1024)}))
    assert causes == [("metadata.annotations", "FieldValueTooLong", "Too long: may not be more than 262144 bytes")]


def test_finalizers():
    causes = validate_create(cm(name="c", finalizers=["kubernetes", "example.com/f", "custom"]))
    assert causes == [("metadata.finalizers[2]", "FieldValueInvalid",
                       'Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified')]


def test_rendering_of_values():
    assert f.render("a\"b\n") == '"a\\"b\\n"'
    assert f.render(3) == "3" and f.render(True) == "true" and f.render(None) == "null"
    assert f.go_map({"b": "2", "a": "1"}) == 'map[string]string{"a":"1", "b":"2"}'
    assert f.go_map(None) == "map[string]string(nil)"
    assert f.go_label_selector({"matchLabels": {"app": "x"}}) == \
        'v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'
    assert f.go_label_selector({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x"]}]}) == \
        ('v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{'
         'v1.LabelSelectorRequirement{Key:"a", Operator:"In", Values:[]string{"x"}}}}')
    assert f.not_supported("p", "X", ["A", "B"]) == ("p", "FieldValueNotSupported",
                                                     'Unsupported value: "X": supported values: "A", "B"')


@pytest.mark.parametrize("name,ok", [("web-1", True), ("1-web", True), ("web.", False), ("a" * 63, True)])
def test_dns1123_label(name, ok):
    assert (m.is_dns1123_label(name) == []) is ok


def test_port_names():
    assert m.is_valid_port_name("http") == []
    assert m.is_valid_port_name("80") == ["must contain at least one letter (a-z)"]
    assert m.is_valid_port_name("a--b") == ["must not contain consecutive hyphens"]
    assert m.is_valid_port_name("prometheus-node-exporter") == ["must be no more than 15 characters"]


def test_aggregated_message_for_several_causes():
    causes = validate_create(cm(name="Foo", labels={"k": "-"}))
    msg = invalid("", "ConfigMap", "Foo", causes).message
    assert msg.startswith('ConfigMap "Foo" is invalid: [metadata.name: Invalid value: "Foo": ')
    assert msg.endswith(f'metadata.labels: Invalid value: "-": {VALUE_MSG}]')

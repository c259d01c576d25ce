"""describe's building blocks: PrefixWriter alignment, the multi-line blocks, Go's %v and sort
order, smart labels and RBAC rule compaction (k8slab/kubectl/describe/writer.py, gofmt.py,
gosort.py, generic.py, rbac.py, events.py)."""

from k8slab.kubectl.describe.events import describe_events
from k8slab.kubectl.describe.generic import camelcase_split, smart_label_for
from k8slab.kubectl.describe.gofmt import go_float, go_v, percent, rfc1123z, since
from k8slab.kubectl.describe.gosort import go_sort
from k8slab.kubectl.describe.rbac import breakdown_rule, compact_rules, rule_string
from k8slab.kubectl.describe.writer import (LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter, print_annotations_multiline,
                                            print_labels_multiline, print_taints_multiline,
                                            print_tolerations_multiline)


def text(fn) -> str:
    w = PrefixWriter()
    fn(w)
    return w.string()


# ---- PrefixWriter ----------------------------------------------------------------------------

def test_levels_indent_two_spaces_and_cells_align_over_consecutive_lines():
    def write(w):
        w.write(LEVEL_0, "Name:\tweb\n")
        w.write(LEVEL_0, "Namespace:\tdefault\n")
        w.write(LEVEL_1, "Image:\tnginx\n")
        w.write(LEVEL_2, "Ready:\tTrue\n")
    assert text(write) == ("Name:       web\n"
                           "Namespace:  default\n"
                           "  Image:    nginx\n"
                           "    Ready:  True\n")


def test_a_line_without_a_tab_ends_the_column_and_flush_starts_a_new_alignment():
    def write(w):
        w.write(LEVEL_0, "A:\t1\n")
        w.write(LEVEL_0, "a line of its own\n")
        w.write(LEVEL_0, "Longer key:\t2\n")
        w.flush()
        w.write(LEVEL_0, "B:\t3\n")
    assert text(write) == "A:  1\na line of its own\nLonger key:  2\nB:  3\n"


def test_an_empty_trailing_cell_keeps_its_padding_and_escapes_are_made_visible():
    def write(w):
        w.write(LEVEL_0, "Address:\t\n")
        w.write(LEVEL_0, "Ingress Class:\t\x1b[31mred\r\n")
    assert text(write) == "Address:        \nIngress Class:  ^[[31mred\\r\n"


def test_nested_writer_adds_levels():
    def write(w):
        n = w.nested(LEVEL_2)
        n.write(LEVEL_0, "StorageClass:\tfast\n")
        n.write_line("x")
    assert text(write) == "    StorageClass:  fast\n    x\n"


# ---- multi-line blocks -----------------------------------------------------------------------

def test_labels_sorted_one_per_line_and_none():
    assert text(lambda w: print_labels_multiline(w, "Labels", {"tier": "cache", "app": "redis"})) == \
        "Labels:  app=redis\n         tier=cache\n"
    assert text(lambda w: print_labels_multiline(w, "Labels", {})) == "Labels:  <none>\n"
    assert text(lambda w: print_labels_multiline(w, "Labels", {"a": "b"}, initial_indent="  ")) == \
        "  Labels:  a=b\n"


def test_annotations_skip_last_applied_and_break_long_or_multiline_values():
    long = "x" * 150
    annotations = {"kubectl.kubernetes.io/last-applied-configuration": "{}", "note": "a: b",
                   "multi": "one\ntwo\n", "long": long}
    assert text(lambda w: print_annotations_multiline(w, "Annotations", annotations)) == (
        "Annotations:  long:\n"
        f"                {'x' * 138}...\n"
        "              multi:\n"
        "                one\n"
        "                two\n"
        "              note: a: b\n")
    only_applied = {"kubectl.kubernetes.io/last-applied-configuration": "{}"}
    assert text(lambda w: print_annotations_multiline(w, "Annotations", only_applied)) == "Annotations:  <none>\n"


def test_tolerations_and_taints_as_upstream_writes_them():
    tolerations = [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                    "tolerationSeconds": 300},
                   {"operator": "Exists"},
                   {"key": "a", "operator": "Equal", "value": "b", "effect": "NoSchedule"}]
    assert text(lambda w: print_tolerations_multiline(w, "Tolerations", tolerations)) == (
        "Tolerations:  op=Exists\n"
        "              a=b:NoSchedule\n"
        "              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n")
    taints = [{"key": "b", "effect": "NoSchedule"}, {"key": "a", "value": "1", "effect": "NoSchedule"},
              {"key": "c", "effect": "NoExecute"}]
    assert text(lambda w: print_taints_multiline(w, "Taints", taints)) == \
        "Taints:  c:NoExecute\n         a=1:NoSchedule\n         b:NoSchedule\n"


# ---- Go formatting -------------------------------------------------------------------------

def test_go_v_prints_values_as_fmt_does():
    assert [go_v(v) for v in (True, False, None, 3, "s", [1, "a", [2]], {"b": 1, "a": True})] == \
        ["true", "false", "<nil>", "3", "s", "[1 a [2]]", "map[a:true b:1]"]
    assert [go_float(f) for f in (1.5, 1.0, 1000000.5, 123456.0, 1e6, 0.0001, 0.00001, -2.5e-7, 1e21)] == \
        ["1.5", "1", "1.0000005e+06", "123456", "1e+06", "0.0001", "1e-05", "-2.5e-07", "1e+21"]


def test_times_ages_and_percentages():
    assert rfc1123z(None) == "Mon, 01 Jan 0001 00:00:00 +0000"
    assert rfc1123z("2023-11-14T22:13:20Z").startswith("Tue, 14 Nov 2023 ")
    assert since(None, 100.0) == "<unknown>"
    assert since("1970-01-01T00:00:00Z", 600.0) == "10m"
    assert since("1970-01-01T00:00:00Z", 150.0) == "2m30s"
    assert percent(100, 2000) == 5 and percent(67108864, 4031623168) == 1
    assert percent(1, 0) == -(1 << 63)          # Go's int64(+Inf) on amd64


# ---- Go's sort.Sort -------------------------------------------------------------------------

# Events tied on lastTimestamp, created in this order with these second offsets, and the order
# kubectl 1.32 printed them in (`describe cm` against k8slab up).
TIES_40 = "0233301023222230020322233022123020100022"
REAL_40 = [31, 0, 36, 35, 7, 5, 37, 33, 16, 15, 18, 25, 34, 28, 6, 20, 10, 17, 13, 39, 12, 21, 22, 38, 1, 11,
           26, 27, 8, 29, 32, 9, 30, 14, 4, 3, 2, 24, 23, 19]
TIES_100 = ("1022003201202000220002203200222022200023012020212320022201022020202222312221103023002122122"
            "120022031")
REAL_100 = [79, 83, 51, 97, 4, 5, 94, 93, 8, 52, 43, 11, 1, 13, 14, 15, 56, 35, 18, 19, 20, 82, 45, 23, 27, 40,
            26, 77, 58, 37, 36, 31, 65, 63, 61, 88, 71, 75, 76, 57, 0, 41, 85, 91, 9, 47, 99, 25, 74, 2, 50, 46,
            44, 53, 54, 55, 42, 3, 38, 59, 60, 34, 62, 33, 64, 32, 66, 67, 68, 69, 96, 30, 72, 73, 48, 29, 28, 95,
            7, 22, 80, 92, 21, 17, 84, 16, 86, 87, 12, 89, 90, 10, 81, 78, 6, 24, 70, 39, 98, 49]


def test_go_sort_leaves_ties_where_kubectl_does():
    for ties, real in ((TIES_40, REAL_40), (TIES_100, REAL_100)):
        items = [(int(t), i) for i, t in enumerate(ties)]
        out = go_sort(list(items), lambda a, b: a[0] < b[0])
        assert [i for _, i in out] == real


def test_go_sort_sorts_and_is_insertion_sort_up_to_twelve():
    import random
    rng = random.Random(3)
    for n in (0, 1, 5, 12, 13, 50, 300):
        items = [(rng.randrange(5), i) for i in range(n)]
        out = go_sort(list(items), lambda a, b: a[0] < b[0])
        assert [k for k, _ in out] == sorted(k for k, _ in items)
        if n <= 12:
            assert out == sorted(items)       # stable


# ---- events ---------------------------------------------------------------------------------

def test_events_table_ages_repeats_and_none():
    assert text(lambda w: describe_events([], w, 0.0)) == "Events:  <none>\n"
    events = [
        {"type": "Warning", "reason": "BackOff", "message": " Back-off pulling image \"x\"\n", "count": 4,
         "firstTimestamp": "1970-01-01T00:00:00Z", "lastTimestamp": "1970-01-01T00:09:00Z",
         "source": {"component": "kubelet"}},
        {"type": "Normal", "reason": "Scheduled", "message": "Successfully assigned", "count": 1,
         "eventTime": "1970-01-01T00:00:00.000001Z", "reportingComponent": "default-scheduler"},
    ]
    assert text(lambda w: describe_events(events, w, 600.0)) == (
        "Events:\n"
        "  Type     Reason     Age                From               Message\n"
        "  ----     ------     ----               ----               -------\n"
        "  Normal   Scheduled  9m59s              default-scheduler  Successfully assigned\n"
        "  Warning  BackOff    60s (x4 over 10m)  kubelet            Back-off pulling image \"x\"\n")


# ---- generic describer and RBAC ---------------------------------------------------------------

def test_smart_labels():
    assert camelcase_split("PDFLoader") == ["PDF", "Loader"]
    cases = {"apiVersion": "API Version", "podCIDR": "Pod CIDR", "some-key": "Some - Key",
             "under_score": "under_score", "deepField": "Deep Field", "uid": "UID", "x": "X",
             "leaseDurationSeconds": "Lease Duration Seconds", "ipv6": "ipv6"}
    assert {k: smart_label_for(k) for k in cases} == cases


def test_rbac_rules_broken_down_compacted_and_sorted_by_string():
    rules = []
    for rule in ({"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
                 {"apiGroups": ["apps"], "resources": ["deployments", "replicasets"], "verbs": ["get"]},
                 {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}):
        rules.extend(breakdown_rule(rule))
    compacted = sorted(compact_rules(rules), key=rule_string)
    assert [rule_string(r) for r in compacted] == [
        "&PolicyRule{Verbs:[get list watch],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}",
        "&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/healthz],}",
        "&PolicyRule{Verbs:[get],APIGroups:[apps],Resources:[deployments],ResourceNames:[],NonResourceURLs:[],}",
        "&PolicyRule{Verbs:[get],APIGroups:[apps],Resources:[replicasets],ResourceNames:[],NonResourceURLs:[],}",
    ]


def test_certificate_request_status_and_a_request_that_is_not_pem():
    import pytest
    from k8slab.kubectl.describe.certificates import csr_status, parse_csr
    from k8slab.kubectl.errors import CommandError
    assert csr_status([], None) == "Pending"
    assert csr_status([{"type": "Approved"}], "Y2VydA==") == "Approved,Issued"
    assert csr_status([{"type": "Approved"}, {"type": "Denied"}, {"type": "Failed"}], None) == "Denied,Failed"
    with pytest.raises(CommandError) as e:
        parse_csr("bm90IGEgcGVt")
    assert e.value.text() == "error: Error parsing CSR: PEM block type must be CERTIFICATE REQUEST"

"""The Table object itself: shape, includeObject, metadata, the default convertor, and the column
set of every resource as upstream's AddHandlers defines it."""

import json

import pytest

from k8slab.api.printers import PRINTERS, column_definitions, printer_for, table

from .builders import NOW, make_pod, obj

# Events interleave wide columns with normal ones, so they are spelled out.
EVENT_COLUMNS = [("Last Seen", 0), ("Type", 0), ("Reason", 0), ("Object", 0), ("Subobject", 1),
                 ("Source", 1), ("Message", 0), ("First Seen", 1), ("Count", 1), ("Name", 1)]

# Column names per resource, transcribed from pkg/printers/internalversion/printers.go (AddHandlers).
# Names after "|" have priority 1 (shown by -o wide).
UPSTREAM_COLUMNS = {
    ("", "pods"): "Name,Ready,Status,Restarts,Age | IP,Node,Nominated Node,Readiness Gates",
    ("", "podtemplates"): "Name,Containers,Images,Pod Labels",
    ("", "replicationcontrollers"): "Name Desired Current Ready Age | Containers Images Selector",
    ("", "services"): "Name Type Cluster-IP External-IP Port(s) Age | Selector",
    ("", "endpoints"): "Name Endpoints Age",
    ("", "nodes"): "Name Status Roles Age Version | Internal-IP External-IP OS-Image Kernel-Version "
                   "Container-Runtime",
    ("", "namespaces"): "Name Status Age",
    ("", "events"): EVENT_COLUMNS,
    ("", "secrets"): "Name Type Data Age",
    ("", "serviceaccounts"): "Name Secrets Age",
    ("", "persistentvolumes"): "Name,Capacity,Access Modes,Reclaim Policy,Status,Claim,StorageClass,"
                               "VolumeAttributesClass,Reason,Age | VolumeMode",
    ("", "persistentvolumeclaims"): "Name,Status,Volume,Capacity,Access Modes,StorageClass,"
                                    "VolumeAttributesClass,Age | VolumeMode",
    ("", "componentstatuses"): "Name Status Message Error",
    ("", "configmaps"): "Name Data Age",
    ("", "resourcequotas"): "Name Request Limit Age",
    ("apps", "deployments"): "Name Ready Up-to-date Available Age | Containers Images Selector",
    ("apps", "replicasets"): "Name Desired Current Ready Age | Containers Images Selector",
    ("apps", "daemonsets"): "Name,Desired,Current,Ready,Up-to-date,Available,Node Selector,Age | "
                            "Containers,Images,Selector",
    ("apps", "statefulsets"): "Name Ready Age | Containers Images",
    ("apps", "controllerrevisions"): "Name Controller Revision Age",
    ("batch", "jobs"): "Name Status Completions Duration Age | Containers Images Selector",
    ("batch", "cronjobs"): "Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age | Containers,"
                           "Images,Selector",
    ("autoscaling", "horizontalpodautoscalers"): "Name Reference Targets MinPods MaxPods Replicas Age",
    ("policy", "poddisruptionbudgets"): "Name,Min Available,Max Unavailable,Allowed Disruptions,Age",
    ("rbac.authorization.k8s.io", "rolebindings"): "Name Role Age | Users Groups ServiceAccounts",
    ("rbac.authorization.k8s.io", "clusterrolebindings"): "Name Role Age | Users Groups ServiceAccounts",
    ("networking.k8s.io", "ingresses"): "Name Class Hosts Address Ports Age",
    ("networking.k8s.io", "ingressclasses"): "Name Controller Parameters Age",
    ("networking.k8s.io", "networkpolicies"): "Name Pod-Selector Age",
    ("networking.k8s.io", "servicecidrs"): "Name CIDRs Age",
    ("discovery.k8s.io", "endpointslices"): "Name AddressType Ports Endpoints Age",
    ("storage.k8s.io", "storageclasses"): "Name Provisioner ReclaimPolicy VolumeBindingMode "
                                          "AllowVolumeExpansion Age",
    ("storage.k8s.io", "volumeattachments"): "Name Attacher PV Node Attached Age",
    ("storage.k8s.io", "csinodes"): "Name Drivers Age",
    ("storage.k8s.io", "csidrivers"): "Name AttachRequired PodInfoOnMount StorageCapacity TokenRequests "
                                      "RequiresRepublish Modes Age",
    ("storage.k8s.io", "csistoragecapacities"): "Name StorageClassName Capacity",
    ("coordination.k8s.io", "leases"): "Name Holder Age",
    ("scheduling.k8s.io", "priorityclasses"): "Name Value Global-Default Age PreemptionPolicy",
    ("certificates.k8s.io", "certificatesigningrequests"): "Name Age SignerName Requestor "
                                                           "RequestedDuration Condition",
    ("events.k8s.io", "events"): EVENT_COLUMNS,
    ("node.k8s.io", "runtimeclasses"): "Name Handler Age",
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations"): "Name Webhooks Age",
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"): "Name Webhooks Age",
}


def expected(spec) -> list[tuple[str, int]]:
    """'A B | C' (or comma-separated when names hold spaces) -> [(A, 0), (B, 0), (C, 1)]."""
    if isinstance(spec, list):
        return spec
    normal, _, wide = spec.partition("|")
    sep = "," if "," in spec else " "
    return [(n.strip(), 0) for n in normal.split(sep) if n.strip()] + \
        [(n.strip(), 1) for n in wide.split(sep) if n.strip()]


@pytest.mark.parametrize("group,resource", sorted(UPSTREAM_COLUMNS))
def test_columns_match_upstream(group, resource):
    got = [(c["name"], c["priority"]) for c in column_definitions(group, resource)]
    assert got == expected(UPSTREAM_COLUMNS[(group, resource)])


def test_column_definitions_carry_all_fields_and_types():
    for group, by_resource in PRINTERS.items():
        for resource, printer in by_resource.items():
            for c in printer.columns:
                assert set(c) == {"name", "type", "format", "description", "priority"}, (group, resource)
                assert c["type"] in ("string", "integer", "boolean", "number", "date")
                assert c["description"], (group, resource, c["name"])


@pytest.mark.parametrize("group,resource", sorted((g, r) for g, rs in PRINTERS.items() for r in rs))
def test_every_printer_handles_a_bare_object(group, resource):
    bare = {"apiVersion": "v1", "kind": "X", "metadata": {"name": "x"}}
    row = table(group, resource, [bare], NOW)["rows"][0]
    assert len(row["cells"]) == len(column_definitions(group, resource))
    json.dumps(row)


def test_table_shape():
    pod = make_pod("web").phase("Running").container("web", running=True, ready=True)
    t = table("", "pods", [pod], NOW, resource_version="107", continue_token="eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ")
    assert t["kind"] == "Table" and t["apiVersion"] == "meta.k8s.io/v1"
    assert t["metadata"] == {"resourceVersion": "107", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"}
    assert t["rows"][0]["object"] == {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                      "metadata": pod["metadata"]}
    assert table("", "pods", [], NOW)["metadata"] == {}
    assert table("", "pods", [], NOW)["rows"] == []
    assert table("", "pods", [], NOW, remaining_item_count=5)["metadata"] == {"remainingItemCount": 5}


def test_include_object():
    pod = make_pod("web")
    assert table("", "pods", [pod], NOW, include_object="Object")["rows"][0]["object"] is pod
    assert "object" not in table("", "pods", [pod], NOW, include_object="None")["rows"][0]
    assert table("", "pods", [pod], NOW, include_object="")["rows"][0]["object"]["kind"] == \
        "PartialObjectMetadata"
    with pytest.raises(ValueError, match="must be 'Metadata', 'Object', 'None', or empty"):
        table("", "pods", [pod], NOW, include_object="Everything")


def test_no_headers_and_core_alias():
    assert table("", "pods", [], NOW, no_headers=True)["columnDefinitions"] is None
    assert printer_for("core", "pods") is printer_for("", "pods")


@pytest.mark.parametrize("group,resource", [
    ("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "clusterroles"),
    ("", "limitranges"), ("apiextensions.k8s.io", "customresourcedefinitions"),
    ("example.com", "widgets"), ("", "bindings")])
def test_resources_without_printer_get_the_default_table(group, resource):
    crd = obj("CustomResourceDefinition", "widgets.example.com", namespace=None)
    t = table(group, resource, [crd, obj("X", "no-time", created=None)], NOW)
    assert t["columnDefinitions"][0] == {**t["columnDefinitions"][0], "name": "Name", "type": "string",
                                         "format": "name", "priority": 0}
    assert t["columnDefinitions"][1]["name"] == "Created At"
    assert t["columnDefinitions"][1]["type"] == "date" and t["columnDefinitions"][1]["format"] == ""
    assert [r["cells"] for r in t["rows"]] == [["widgets.example.com", "2023-11-14T22:13:20Z"],
                                               ["no-time", "0001-01-01T00:00:00Z"]]


def test_missing_creation_timestamp_is_unknown_age():
    assert table("", "configmaps", [obj("ConfigMap", "c", created=None)], NOW)["rows"][0]["cells"] == \
        ["c", 0, "<unknown>"]

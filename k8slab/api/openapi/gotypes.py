"""Our OpenAPI schemas seen as the Go types the API server decodes request bodies into.

Upstream: the structs of k8s.io/api (`v1.Deployment`, `v1.PodSpec`...), decoded by sigs.k8s.io/json
(a case-sensitive fork of encoding/json), whose type errors read
`json: cannot unmarshal <value> into Go struct field <Struct>.<path> of type <Go type>`. The Go
type is printed as reflect does: `int32`, `[]string`, `map[string]string`, `v1.PodSpec`,
`[]v1.Container`, `resource.Quantity`, and named string types (`v1.Protocol`, `types.UID`).

A `Node` is one schema compiled for that check: its Go type spelling, what JSON it accepts, and its
children (struct fields, map values, list items), compiled lazily and shared by every walk.

Differences from upstream: named string types are known only for the fields listed in NAMED (the
common enums of the served kinds); any other field declared `string` prints as `string`.
"""

from __future__ import annotations

import functools

from . import dsl
from .document import component

# (struct, field) -> the Go named type of a scalar field (a list of them prints as []<type>)
NAMED = {
    ("ObjectMeta", "uid"): "types.UID", ("OwnerReference", "uid"): "types.UID",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("EphemeralContainer", "imagePullPolicy"): "v1.PullPolicy",
    ("ContainerPort", "protocol"): "v1.Protocol", ("ServicePort", "protocol"): "v1.Protocol",
    ("EndpointPort", "protocol"): "v1.Protocol", ("NetworkPolicyPort", "protocol"): "v1.Protocol",
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy", ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("PodSpec", "preemptionPolicy"): "v1.PreemptionPolicy",
    ("PodStatus", "phase"): "v1.PodPhase", ("PodStatus", "qosClass"): "v1.PodQOSClass",
    ("PodCondition", "type"): "v1.PodConditionType", ("PodCondition", "status"): "v1.ConditionStatus",
    ("NodeCondition", "type"): "v1.NodeConditionType", ("NodeCondition", "status"): "v1.ConditionStatus",
    ("Toleration", "operator"): "v1.TolerationOperator", ("Toleration", "effect"): "v1.TaintEffect",
    ("Taint", "effect"): "v1.TaintEffect",
    ("NodeSelectorRequirement", "operator"): "v1.NodeSelectorOperator",
    ("LabelSelectorRequirement", "operator"): "v1.LabelSelectorOperator",
    ("ServiceSpec", "type"): "v1.ServiceType", ("ServiceSpec", "sessionAffinity"): "v1.ServiceAffinity",
    ("ServiceSpec", "externalTrafficPolicy"): "v1.ServiceExternalTrafficPolicy",
    ("ServiceSpec", "internalTrafficPolicy"): "v1.ServiceInternalTrafficPolicy",
    ("ServiceSpec", "ipFamilies"): "v1.IPFamily", ("ServiceSpec", "ipFamilyPolicy"): "v1.IPFamilyPolicy",
    ("PersistentVolumeClaimSpec", "accessModes"): "v1.PersistentVolumeAccessMode",
    ("PersistentVolumeSpec", "accessModes"): "v1.PersistentVolumeAccessMode",
    ("PersistentVolumeClaimSpec", "volumeMode"): "v1.PersistentVolumeMode",
    ("PersistentVolumeSpec", "volumeMode"): "v1.PersistentVolumeMode",
    ("PersistentVolumeSpec", "persistentVolumeReclaimPolicy"): "v1.PersistentVolumeReclaimPolicy",
    ("LimitRangeItem", "type"): "v1.LimitType", ("Secret", "type"): "v1.SecretType",
    ("HTTPGetAction", "scheme"): "v1.URIScheme", ("HostPathVolumeSource", "type"): "v1.HostPathType",
    ("Capabilities", "add"): "v1.Capability", ("Capabilities", "drop"): "v1.Capability",
    ("DeploymentStrategy", "type"): "v1.DeploymentStrategyType",
    ("DaemonSetUpdateStrategy", "type"): "v1.DaemonSetUpdateStrategyType",
    ("StatefulSetUpdateStrategy", "type"): "v1.StatefulSetUpdateStrategyType",
    ("StatefulSetSpec", "podManagementPolicy"): "v1.PodManagementPolicyType",
    ("JobSpec", "completionMode"): "v1.CompletionMode", ("CronJobSpec", "concurrencyPolicy"): "v1.ConcurrencyPolicy",
    ("NetworkPolicySpec", "policyTypes"): "v1.PolicyType", ("HTTPIngressPath", "pathType"): "v1.PathType",
}
# map fields whose Go type is a named map
NAMED_MAPS = {"limits": "v1.ResourceList", "requests": "v1.ResourceList", "hard": "v1.ResourceList",
              "used": "v1.ResourceList", "capacity": "v1.ResourceList", "allocatable": "v1.ResourceList",
              "max": "v1.ResourceList", "min": "v1.ResourceList", "default": "v1.ResourceList",
              "defaultRequest": "v1.ResourceList", "maxLimitRequestRatio": "v1.ResourceList",
              "overhead": "v1.ResourceList"}

# what a node accepts (its `code`)
ANY, STRUCT, MAP, LIST, STRING, INT, FLOAT, BOOL, BYTES, QUANTITY, INT_OR_STRING, TIME = range(12)
QUANTITY_NAME = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_SPECIAL = {QUANTITY_NAME: QUANTITY, "io.k8s.apimachinery.pkg.util.intstr.IntOrString": INT_OR_STRING,
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time": TIME, "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": TIME}
_BITS = {"int32": 32, "int64": 64}


class Node:
    """One schema as a Go type: `code` (what it accepts), `go` (its Go spelling), `struct` (a
    struct's short name), `preserve` (unknown fields kept), `bits` (an int's size)."""
    __slots__ = ("code", "go", "struct", "preserve", "bits", "_schema", "_props", "_elem")

    def __init__(self, schema: dict, name: str | None, go_override: str | None = None):
        self._schema, self._props, self._elem = schema, None, None
        self.struct, self.preserve, self.bits = "", bool(schema.get("x-kubernetes-preserve-unknown-fields")), 0
        t, fmt = schema.get("type"), schema.get("format")
        short = _short(name) if name else ""
        if name in _SPECIAL:
            self.code = _SPECIAL[name]
        elif "properties" in schema:
            self.code, self.struct = STRUCT, name.rpartition(".")[2] if name else ""
        elif t == "array" and isinstance(schema.get("items"), dict):
            self.code = LIST
        elif t == "object" and isinstance(schema.get("additionalProperties"), dict):
            self.code = MAP
        elif t == "string":
            self.code = BYTES if fmt == "byte" else STRING
        elif t == "integer":
            self.code, self.bits = INT, _BITS.get(fmt, 64)
        elif t == "number":
            self.code = FLOAT
        elif t == "boolean":
            self.code = BOOL
        else:
            self.code = ANY
        self.go = go_override or short or self._spelling(fmt)

    def _spelling(self, fmt) -> str:
        c = self.code
        if c == LIST:
            return "[]" + self.elem().go
        if c == MAP:
            return "map[string]" + self.elem().go
        return {STRING: "string", BYTES: "[]uint8", INT: f"int{self.bits}", FLOAT: "float64",
                BOOL: "bool"}.get(c, "interface {}")

    def props(self) -> dict:
        """A struct's fields: JSON name -> Node."""
        if self._props is None:
            self._props = {k: compile_schema(v, self.struct, k) for k, v in self._schema["properties"].items()}
        return self._props

    def elem(self) -> "Node":
        """A list's item or a map's value."""
        if self._elem is None:
            key = "items" if self.code == LIST else "additionalProperties"
            self._elem = compile_schema(self._schema[key])
        return self._elem


def _short(name: str) -> str:
    """'io.k8s.api.core.v1.PodSpec' -> 'v1.PodSpec', as reflect prints a Go type."""
    parts = name.split(".")
    return f"{parts[-2]}.{parts[-1]}"


def _resolve(schema: dict) -> tuple[dict, str | None]:
    name = None
    while True:
        if "$ref" in schema:
            name = schema["$ref"][len(dsl.REF_PREFIX):]
            schema = _component(name)
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        else:
            return schema, name


_component = functools.cache(component)
_NODES: dict[int, tuple[dict, Node]] = {}   # id(schema) -> (schema kept alive, its node)


def compile_schema(schema: dict, struct: str = "", field: str = "") -> Node:
    """The Node of a schema dict (one of the cached components or a property inside one)."""
    hit = _NODES.get(id(schema))
    if hit is not None:
        return hit[1]
    resolved, name = _resolve(schema)
    override = None
    named = NAMED.get((struct, field))
    if named:
        override = ("[]" + named) if resolved.get("type") == "array" else named
    elif field in NAMED_MAPS and resolved.get("type") == "object" and \
            (resolved.get("additionalProperties") or {}).get("$ref", "").endswith(QUANTITY_NAME):
        override = NAMED_MAPS[field]
    node = Node(resolved, name, override)
    if named and node.code == LIST:
        node._elem = Node(_resolve(resolved["items"])[0], None, named)
    _NODES[id(schema)] = (schema, node)
    return node


@functools.cache
def kind_node(name: str) -> Node:
    """The Node of a kind's schema, by its components/schemas name."""
    return compile_schema({"$ref": dsl.REF_PREFIX + name})

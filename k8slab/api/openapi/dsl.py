"""A small text language for declaring Kubernetes types once, and its translation to OpenAPI v3 schemas.

Each schema module calls `declare(package, text)` with blocks like this one:

    ContainerPort: One network port a container listens on.
      name            string  -- An IANA service-style name that Services can refer to.
      containerPort*  int32   -- The port number the process listens on.
      protocol        string  default=TCP enum=SCTP|TCP|UDP  -- Transport protocol; TCP by default.

A header line starts in column 0: `Name (flags): description`. Flags:
  kind    the type is an API kind: it gets apiVersion, kind and metadata fields and an
          x-kubernetes-group-version-kind entry;
  list    also declare `<Name>List` (apiVersion, kind, metadata: ListMeta, items);
  gvk     only the group-version-kind entry (for Status and the like);
  atomic  the object is replaced as a whole by server-side apply (`+structType=atomic`);
  preserve  fields the type does not declare are kept (x-kubernetes-preserve-unknown-fields).
An indented line holding ` -- ` declares a field: `name[*] type [mods...] -- description`
(`*` marks a required field); when the modifiers make it long, ` -- description` may start the next
line. Any other indented line continues the previous description.

Types: string, int32, int64, bool, number, bytes (base64 string), object (free-form),
[T] (array), {T} (map from string to T), or a type name. A name ending in `?` is a pointer in
Go: upstream gives it no `default`. A bare name resolves first in the declaring package, then
to the one type of that short name anywhere; `core.Foo` picks the package by its short name.
Modifiers map to upstream's Go markers:
  list=atomic|set|map(k1,k2)   +listType / +listMapKey  -> x-kubernetes-list-type / -map-keys
  smp=merge:key, smp=retainKeys +patchStrategy / +patchMergeKey -> x-kubernetes-patch-*
  maptype=atomic|granular      +mapType                 -> x-kubernetes-map-type
  enum=A|B                     +enum constants          -> enum
  default=V                    +default (JSON if it parses, else a string)

Upstream equivalent: the Go structs in k8s.io/api/<group>/<version>/types.go and their markers,
turned into OpenAPI by k8s.io/kube-openapi's openapi-gen (see api/openapi-spec/v3/*.json in
kubernetes/kubernetes for the generated result that this module imitates).

Differences from upstream: descriptions are our own short texts, not the Go doc comments; the
`default` values follow openapi-gen's main rules (zero value for required scalars and for
non-pointer structs) rather than every special case.
"""

import json
import re
from dataclasses import dataclass, field

PACKAGES = {  # short name used in the DSL -> OpenAPI schema name prefix
    "meta": "io.k8s.apimachinery.pkg.apis.meta.v1",
    "core": "io.k8s.api.core.v1",
    "apps": "io.k8s.api.apps.v1",
    "batch": "io.k8s.api.batch.v1",
    "autoscaling": "io.k8s.api.autoscaling.v1",
    "rbac": "io.k8s.api.rbac.v1",
    "networking": "io.k8s.api.networking.v1",
    "discovery": "io.k8s.api.discovery.v1",
    "storage": "io.k8s.api.storage.v1",
    "coordination": "io.k8s.api.coordination.v1",
    "scheduling": "io.k8s.api.scheduling.v1",
    "certificates": "io.k8s.api.certificates.v1",
    "authentication": "io.k8s.api.authentication.v1",
    "authorization": "io.k8s.api.authorization.v1",
    "events": "io.k8s.api.events.v1",
    "policy": "io.k8s.api.policy.v1",
    "apiextensions": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
}

# package prefix -> (API group, version) for kinds declared there
GROUP_VERSIONS = {
    PACKAGES["meta"]: ("", "v1"),
    PACKAGES["core"]: ("", "v1"),
    PACKAGES["apps"]: ("apps", "v1"),
    PACKAGES["batch"]: ("batch", "v1"),
    PACKAGES["autoscaling"]: ("autoscaling", "v1"),
    PACKAGES["rbac"]: ("rbac.authorization.k8s.io", "v1"),
    PACKAGES["networking"]: ("networking.k8s.io", "v1"),
    PACKAGES["discovery"]: ("discovery.k8s.io", "v1"),
    PACKAGES["storage"]: ("storage.k8s.io", "v1"),
    PACKAGES["coordination"]: ("coordination.k8s.io", "v1"),
    PACKAGES["scheduling"]: ("scheduling.k8s.io", "v1"),
    PACKAGES["certificates"]: ("certificates.k8s.io", "v1"),
    PACKAGES["authentication"]: ("authentication.k8s.io", "v1"),
    PACKAGES["authorization"]: ("authorization.k8s.io", "v1"),
    PACKAGES["events"]: ("events.k8s.io", "v1"),
    PACKAGES["policy"]: ("policy", "v1"),
    PACKAGES["apiextensions"]: ("apiextensions.k8s.io", "v1"),
}

SCALARS = {
    "string": {"type": "string"},
    "int32": {"type": "integer", "format": "int32"},
    "int64": {"type": "integer", "format": "int64"},
    "bool": {"type": "boolean"},
    "number": {"type": "number", "format": "double"},
    "bytes": {"type": "string", "format": "byte"},
    "object": {"type": "object"},
}
ZERO = {"string": "", "int32": 0, "int64": 0, "bool": False, "number": 0}

REF_PREFIX = "#/components/schemas/"

# Descriptions shared by every kind and list (our words).
API_VERSION_DOC = ("Which version of the schema this object uses, as group/version (\"apps/v1\") or just "
                   "\"v1\" for the core group. The server converts between the versions it knows.")
KIND_DOC = ("The type of this object, in CamelCase (\"Pod\", \"Deployment\"). The URL already implies it, so it "
            "may be left out.")
METADATA_DOC = ("Standard object metadata: name, namespace, labels, annotations, owner references and the "
                "fields the server fills in (uid, resourceVersion, creationTimestamp...).")
LIST_METADATA_DOC = "List metadata: the resourceVersion the list was read at, and a continue token when paging."


@dataclass
class Field:
    """One property of an object type, as declared in the DSL."""
    name: str
    type: str
    required: bool
    description: str
    mods: dict = field(default_factory=dict)


@dataclass
class TypeDef:
    """One named schema: an object type with fields, or a raw schema (Time, Quantity...)."""
    package: str
    name: str
    description: str
    fields: list = field(default_factory=list)
    flags: set = field(default_factory=set)
    raw: dict | None = None  # a schema given literally; then fields are unused

    @property
    def full_name(self):
        return f"{self.package}.{self.name}"

    @property
    def gvk(self):
        group, version = GROUP_VERSIONS[self.package]
        return {"group": group, "kind": self.name, "version": version}

    def __repr__(self):
        return f"<TypeDef {self.full_name} fields={[f.name for f in self.fields]}>"


TYPES: dict[str, TypeDef] = {}          # full schema name -> TypeDef
_BY_SHORT: dict[str, list[str]] = {}     # short name -> full names


def _register(t: TypeDef):
    if t.full_name in TYPES:
        raise ValueError(f"type declared twice: {t.full_name}")
    TYPES[t.full_name] = t
    _BY_SHORT.setdefault(t.name, []).append(t.full_name)


def declare_raw(full_name: str, description: str, schema: dict):
    """Declare a type whose schema is given as is (a string with a format, a oneOf...)."""
    package, _, name = full_name.rpartition(".")
    _register(TypeDef(package, name, description, raw=schema))


_HEADER = re.compile(r"^(\w+)\s*(?:\(([^)]*)\))?:\s*(.*)$")
_FIELD = re.compile(r"^\s+([\w$-]+)(\*?)\s+(\S+)((?:\s+\w+=\S+)*)\s+--\s+(.*)$")


def declare(package: str, text: str):
    """Parse a block of DSL text and register its types under `package` (a key of PACKAGES)."""
    prefix = PACKAGES[package]
    current = None
    last = None  # the object whose description a continuation line extends
    lines = []
    for line in text.splitlines():  # a line starting with "--" finishes a long field line
        if line.strip().startswith("-- ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            m = _HEADER.match(line)
            if not m:
                raise ValueError(f"{package} line {lineno}: bad header: {line!r}")
            name, flags, desc = m.groups()
            flags = {f.strip() for f in (flags or "").split(",") if f.strip()}
            current = TypeDef(prefix, name, desc.strip(), flags=flags)
            _register(current)
            last = current
            if "kind" in current.flags:
                current.fields += [Field("apiVersion", "string", False, API_VERSION_DOC),
                                   Field("kind", "string", False, KIND_DOC),
                                   Field("metadata", "meta.ObjectMeta", False, METADATA_DOC)]
            if "list" in current.flags:
                _declare_list(current)
            continue
        m = _FIELD.match(line)
        if m:
            if current is None:
                raise ValueError(f"{package} line {lineno}: field outside a type")
            name, star, typ, mods, desc = m.groups()
            mods = dict(kv.split("=", 1) for kv in mods.split())
            last = Field(name, typ, bool(star), desc.strip(), mods)
            current.fields.append(last)
        elif last is not None:
            last.description += " " + line.strip()
        else:
            raise ValueError(f"{package} line {lineno}: cannot parse {line!r}")


def _declare_list(kind: TypeDef):
    name = kind.name + "List"
    lst = TypeDef(kind.package, name, f"{name} is a list of {kind.name} objects, as returned by a list call.",
                  flags={"gvk"})
    lst.fields = [Field("apiVersion", "string", False, API_VERSION_DOC),
                  Field("kind", "string", False, KIND_DOC),
                  Field("metadata", "meta.ListMeta", False, LIST_METADATA_DOC),
                  Field("items", f"[{kind.name}]", True, f"The {kind.name} objects in this list.")]
    _register(lst)


def resolve(name: str, package: str) -> str:
    """Turn a type name as written in the DSL into a full schema name."""
    name = name.rstrip("?")
    if "." in name:
        short_pkg, _, short = name.partition(".")
        full = f"{PACKAGES[short_pkg]}.{short}"
        if full not in TYPES:
            raise KeyError(f"unknown type {name}")
        return full
    if f"{package}.{name}" in TYPES:
        return f"{package}.{name}"
    candidates = _BY_SHORT.get(name, [])
    if len(candidates) != 1:
        raise KeyError(f"type {name!r} (used in {package}) is {'ambiguous' if candidates else 'unknown'}")
    return candidates[0]


def _is_struct(full_name: str) -> bool:
    return TYPES[full_name].raw is None


def _elem_schema(typ: str, package: str) -> dict:
    """Schema for an array item or map value: upstream gives zero-value defaults there."""
    if typ in SCALARS:
        s = dict(SCALARS[typ])
        if typ in ZERO:
            s["default"] = ZERO[typ]
        return s
    return _type_schema(typ, package, in_container=True)


def _type_schema(typ: str, package: str, in_container=False) -> dict:
    if typ in SCALARS:
        return dict(SCALARS[typ])
    if typ.startswith("[") and typ.endswith("]"):
        return {"type": "array", "items": _elem_schema(typ[1:-1], package)}
    if typ.startswith("{") and typ.endswith("}"):
        return {"type": "object", "additionalProperties": _elem_schema(typ[1:-1], package)}
    full = resolve(typ, package)
    ref = {"$ref": REF_PREFIX + full}
    if not _is_struct(full):
        return ref if in_container else {"allOf": [ref]}
    s = {"allOf": [ref]}
    if not typ.endswith("?"):
        s["default"] = {}
    return s


def field_schema(f: Field, package: str) -> dict:
    """The OpenAPI property for one declared field."""
    s = _type_schema(f.type, package)
    if f.required and f.type in ZERO:
        s["default"] = ZERO[f.type]
    if "default" in f.mods:
        try:
            s["default"] = json.loads(f.mods["default"])
        except ValueError:
            s["default"] = f.mods["default"]
    if f.description:
        s["description"] = f.description
    if "enum" in f.mods:
        s["enum"] = f.mods["enum"].split("|")
    lt = f.mods.get("list")
    if lt:
        if lt.startswith("map("):
            s["x-kubernetes-list-type"] = "map"
            s["x-kubernetes-list-map-keys"] = lt[4:-1].split(",")
        else:
            s["x-kubernetes-list-type"] = lt
    if "maptype" in f.mods:
        s["x-kubernetes-map-type"] = f.mods["maptype"]
    if "smp" in f.mods:
        strategy, _, key = f.mods["smp"].partition(":")
        if key:
            s["x-kubernetes-patch-merge-key"] = key
        s["x-kubernetes-patch-strategy"] = strategy
    return s


def type_schema(t: TypeDef) -> dict:
    """The components/schemas entry for one type (without the GVK list, which documents add)."""
    if t.raw is not None:
        s = dict(t.raw)
        if t.description:
            s["description"] = t.description
        return s
    s = {"description": t.description, "type": "object",
         "properties": {f.name: field_schema(f, t.package) for f in t.fields}}
    required = [f.name for f in t.fields if f.required]
    if required:
        s["required"] = required
    if "atomic" in t.flags:
        s["x-kubernetes-map-type"] = "atomic"
    if "preserve" in t.flags:
        s["x-kubernetes-preserve-unknown-fields"] = True
    return s


def refs_of(schema) -> set:
    """Every full schema name a schema refers to, directly."""
    out = set()
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k == "$ref" and isinstance(v, str):
                out.add(v[len(REF_PREFIX):])
            else:
                out |= refs_of(v)
    elif isinstance(schema, list):
        for v in schema:
            out |= refs_of(v)
    return out

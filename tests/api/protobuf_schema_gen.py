"""Regenerate the field tables in k8slab/api/protobuf_schemas*.py from upstream sources.

    python3 -m tests.api.protobuf_schema_gen API_DIR APIMACHINERY_DIR

API_DIR is a checkout of k8s.io/api, APIMACHINERY_DIR one of k8s.io/apimachinery (the tables
were made from tag v0.33.13 of both). It prints the MESSAGES entries reachable from KINDS,
package by package: paste the k8s.io.api.core.v1 block into protobuf_schemas_core.py and the
rest into protobuf_schemas.py.

Field numbers and wire types come from each package's generated.proto. The JSON name,
pointer-ness, omitempty and `json:",inline"` come from the Go struct tags in the same package's
.go files (generated.proto is generated from them and keeps none of that).
"""
import os
import re
import sys

PACKAGES = {  # table prefix -> (proto package, directory under API_DIR or APIMACHINERY_DIR)
    "core": ("k8s.io.api.core.v1", "api:core/v1"),
    "apps": ("k8s.io.api.apps.v1", "api:apps/v1"),
    "batch": ("k8s.io.api.batch.v1", "api:batch/v1"),
    "rbac": ("k8s.io.api.rbac.v1", "api:rbac/v1"),
    "authorization": ("k8s.io.api.authorization.v1", "api:authorization/v1"),
    "authentication": ("k8s.io.api.authentication.v1", "api:authentication/v1"),
    "networking": ("k8s.io.api.networking.v1", "api:networking/v1"),
    "policy": ("k8s.io.api.policy.v1", "api:policy/v1"),
    "scheduling": ("k8s.io.api.scheduling.v1", "api:scheduling/v1"),
    "certificates": ("k8s.io.api.certificates.v1", "api:certificates/v1"),
    "meta": ("k8s.io.apimachinery.pkg.apis.meta.v1", "am:pkg/apis/meta/v1"),
    "runtime": ("k8s.io.apimachinery.pkg.runtime", "am:pkg/runtime"),
    "intstr": ("k8s.io.apimachinery.pkg.util.intstr", "am:pkg/util/intstr"),
    "resource": ("k8s.io.apimachinery.pkg.api.resource", "am:pkg/api/resource"),
}
PREFIX_OF = {proto: prefix for prefix, (proto, _) in PACKAGES.items()}
SCALARS = {"string": "s", "int32": "i", "int64": "i", "bool": "b", "bytes": "y"}
FIELD_RE = re.compile(r"^\s*(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;")
MAP_RE = re.compile(r"^\s*map<\s*string\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;")


def _proto_messages(path):
    """message name -> [(number, proto name, label, proto type)] from one generated.proto."""
    messages, current = {}, None
    for line in open(path):
        if m := re.match(r"^message (\w+) \{", line):
            current = messages.setdefault(m.group(1), [])
        elif line.startswith("}"):
            current = None
        elif current is not None and (m := FIELD_RE.match(line)):
            current.append((int(m.group(4)), m.group(3), m.group(1), m.group(2)))
        elif current is not None and (m := MAP_RE.match(line)):
            current.append((int(m.group(3)), m.group(2), "map", m.group(1)))
    return messages


def _go_structs(directory):
    """struct -> {(proto name, number): (go type, json name, omitempty, inline)}, and the
    names of `type X []string` types."""
    structs, string_lists, current = {}, set(), None
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".go") or name.endswith("_test.go") or name.startswith("zz_"):
            continue
        for line in open(os.path.join(directory, name)):
            if m := re.match(r"^type (\w+) struct \{", line):
                current = structs.setdefault(m.group(1), {})
            elif m := re.match(r"^type (\w+) \[\]string$", line.strip()):
                string_lists.add(m.group(1))
            elif line.startswith("}"):
                current = None
            elif current is not None and "`" in line and "protobuf:" in line:
                head, tag = line.split("`", 1)
                words = head.split()  # [Name, Type] or [Type] for an embedded struct
                pb = re.search(r'protobuf:"([^"]*)"', tag).group(1).split(",")
                if pb == ["-"]:
                    continue
                json_tag = re.search(r'json:"([^"]*)"', tag)
                json_tag = json_tag.group(1).split(",") if json_tag else [words[0]]
                names = [p[5:] for p in pb if p.startswith("name=")]
                proto_name = names[0] if names else words[-1][0].lower() + words[-1][1:]
                inline = "inline" in json_tag[1:] or (len(words) == 1 and not json_tag[0])
                current[(proto_name, int(pb[1]))] = (
                    words[-1], json_tag[0], "omitempty" in json_tag[1:], inline)
    return structs, string_lists


def generate(api_dir, apimachinery_dir, roots, special):
    """Table entries for every message reachable from roots (names like "core.Pod")."""
    dirs = {"api": api_dir, "am": apimachinery_dir}
    protos, gos = {}, {}
    for prefix, (_, where) in PACKAGES.items():
        base, _, sub = where.partition(":")
        directory = os.path.join(dirs[base], sub)
        protos[prefix] = _proto_messages(os.path.join(directory, "generated.proto"))
        gos[prefix] = _go_structs(directory)

    def table_type(prefix, proto_type):
        if proto_type in SCALARS:
            return SCALARS[proto_type]
        if "." in proto_type:
            package, _, name = proto_type.lstrip(".").rpartition(".")
            return f"{PREFIX_OF[package]}.{name}"
        return f"{prefix}.{proto_type}"

    out, todo = {}, list(roots)
    while todo:
        qualified = todo.pop()
        if qualified in out or qualified in special:
            continue
        prefix, name = qualified.split(".")
        structs, string_lists = gos[prefix]
        if name in string_lists:
            out[qualified] = "LIST"
            continue
        fields = []
        for number, proto_name, label, proto_type in sorted(protos[prefix][name]):
            go_type, json_name, omitempty, inline = structs[name][(proto_name, number)]
            kind = table_type(prefix, proto_type)
            if kind not in SCALARS.values():
                todo.append(kind)
            kind = {"map": "{}", "repeated": "[]"}.get(label, "") + kind
            kind += "?" if go_type.startswith("*") else ""
            kind += "" if omitempty or inline else "!"
            fields.append(f"{number} {'-' if inline else json_name} {kind}")
        out[qualified] = ", ".join(fields)
    return out


def _print(table):
    last = None
    for name in sorted(table, key=lambda n: (list(PACKAGES).index(n.split(".")[0]), n)):
        prefix = name.split(".")[0]
        if prefix != last:
            print(f"    # {PACKAGES[prefix][0]}")
            last = prefix
        line = f"    {name!r}: {table[name]!r},"
        if len(line) <= 100:
            print(line)
            continue
        print(f"    {name!r}: (")
        chunk = ""
        for field in table[name].split(", "):
            if chunk and len(chunk) + len(field) + 12 > 100:
                print(f"        {chunk + ', '!r}")
                chunk = ""
            chunk = f"{chunk}, {field}" if chunk else field
        print(f"        {chunk!r}),")


if __name__ == "__main__":
    from k8slab.api.protobuf import SPECIAL
    from k8slab.api.protobuf_schemas import KINDS
    _print(generate(sys.argv[1], sys.argv[2], sorted(set(KINDS.values())), SPECIAL))

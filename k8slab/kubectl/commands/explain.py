"""`kubectl explain RESOURCE[.FIELD...]`: documentation of a resource from the server's OpenAPI v3.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go` (the resource word resolved as
for `get`, the rest of the dotted path a field path) and `pkg/explain/v2/` (explain.go: fetch
`/openapi/v3`, then the group-version's document; templates/plaintext.tmpl rendered here step
by step: GROUP/KIND/VERSION from the `x-kubernetes-group-version-kind` of the resource's path,
the schema with that GVK, DESCRIPTION wrapped at 76 columns and indented 4, FIELDS sorted with
`<type>`, `-required-`, enums (`enum: a, b, c, d, ....`) and descriptions, `--recursive` as an
indented tree of names and types, `FIELD: name <type>` for a field path; funcs.go: wrap and
indent; kubectl/pkg/util/term wordwrap (mitchellh/go-wordwrap WrapString)).

Differences from upstream: `--output plaintext-openapiv2` (the v1 explain over /openapi/v2) is
not offered.
"""

from __future__ import annotations

from ..client import ACCEPT_ANY, ACCEPT_JSON
from ..errors import CommandError, error
from ..flags import BOOL, STRING
from ..registry import command


def flags(fs) -> None:
    fs.add("recursive", BOOL)
    fs.add("api-version", STRING)
    fs.add("output", STRING, short="o", default="plaintext")


@command("explain", flags=flags, short="Get documentation for a resource")
def explain(session, args: list[str]) -> int:
    f = session.flags
    if not args:
        raise CommandError(
            'You must specify the type of resource to explain. Use "kubectl api-resources" for a '
            "complete list of supported resources.\n\nerror: Required resource not specified.\n"
            "See 'kubectl explain -h' for help and examples")
    if len(args) > 1:
        raise error(f"We accept only this format: explain RESOURCE\n")
    if f["output"] not in ("plaintext", "plaintext-openapiv2"):
        raise error(f"unsupported output format: {f['output']}; supported formats: plaintext, plaintext-openapiv2")
    res, field_path = split_resource(session, args[0])
    version = res.version
    if f["api-version"]:
        group, _, version = f["api-version"].rpartition("/")
    doc = openapi_document(session, res.group, version)
    out: list[str] = []
    try:
        render(doc, res.group, version, res.name, field_path, f["recursive"], out)
    finally:                      # the template's output so far is printed even when it fails
        session.out.write("".join(out))
    return 0


def split_resource(session, word: str):
    """The longest dotted prefix that names a resource; the rest is the field path."""
    parts = word.split(".")
    discovery = session.discovery
    for i in range(len(parts), 1, -1):
        found = discovery.lookup(".".join(parts[:i]))
        if found is not None:
            return found, parts[i:]
    return discovery.resolve(parts[0]), parts[1:]


def openapi_document(session, group: str, version: str) -> dict:
    client = session.client
    index = client.get("/openapi/v3", {"timeout": "32s"}, accept=ACCEPT_ANY, caller="request.go:1351")
    key = f"apis/{group}/{version}" if group else f"api/{version}"
    entry = (index.get("paths") or {}).get(key)
    if entry is None:
        raise error(f"couldn't find resource for \"{group + '/' if group else ''}{version}\"")
    url = entry.get("serverRelativeURL", "/openapi/v3/" + key)
    path, _, qs = url.partition("?")
    query = dict(p.split("=", 1) for p in qs.split("&") if "=" in p)
    query["timeout"] = "32s"
    return client.get(path, query, accept=ACCEPT_JSON, caller="request.go:1351")


# ---- the plaintext template ------------------------------------------------------------------------


def resolve_ref(ref, doc: dict) -> dict | None:
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    cur = doc
    for k in ref[1:].split("/"):
        if not k:
            continue
        nxt = cur.get(k) if isinstance(cur, dict) else None
        if not isinstance(nxt, dict):
            return None
        cur = nxt
    return cur


def _is_map_schema(value) -> bool:
    return isinstance(value, dict) and bool(value)


def render(doc: dict, group: str, version: str, resource: str, field_path: list[str], recursive: bool,
           out: list | None = None) -> str:
    """The plaintext explanation, appended piece by piece to `out` (kept if it fails midway)."""
    out = [] if out is None else out
    prefix = f"/apis/{group}" if group else "/api"
    searches = [f"{prefix}/{version}/{resource}", f"{prefix}/{version}/{resource}/{{name}}",
                f"{prefix}/{version}/namespaces/{{namespace}}/{resource}",
                f"{prefix}/{version}/namespaces/{{namespace}}/{resource}/{{name}}"]
    gvk = None
    paths = doc.get("paths") or {}
    for search in searches:
        element = paths.get(search)
        if not element:
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            op = element.get(method)
            if op and op.get("x-kubernetes-group-version-kind"):
                gvk = op["x-kubernetes-group-version-kind"]
                break
        if gvk:
            break
    if not gvk:
        gvr = f"{group}/{version}, Resource={resource}" if group else f"/{version}, Resource={resource}"
        raise error(f"GVR ({gvr}) not found in OpenAPI schema")
    if gvk.get("group"):
        out.append(f"GROUP:      {gvk['group']}\n")
    out.append(f"KIND:       {gvk.get('kind', '')}\n")
    out.append(f"VERSION:    {gvk.get('version', '')}\n")
    out.append("\n")
    schemas = (doc.get("components") or {}).get("schemas") or {}
    body = None
    for name in sorted(schemas):
        schema = schemas[name]
        tagged = schema.get("x-kubernetes-group-version-kind") or []
        if any(t == gvk for t in tagged):
            body = _output(schema, {}, doc, field_path, recursive)
            if not body:
                raise error(f'field "{field_path[-1]}" does not exist')
            break
    if body is None:
        raise error(f"GVK {gvk.get('group', '')}/{gvk.get('version', '')}, Kind={gvk.get('kind', '')} "
                    "not found in OpenAPI schema")
    out.append(body)
    out.append("\n")
    return "".join(out)


def _output(schema: dict, history: dict, doc: dict, field_path: list[str], recursive: bool) -> str:
    ref = schema.get("$ref") or ""
    next_history = {**history, ref: 1}
    resolved = resolve_ref(ref, doc) or schema
    if not field_path:
        out = ["DESCRIPTION:\n", indent(4, wrap(76, _description(resolved, doc) or "<empty>")), "\n"]
        docs = _external_docs(resolved)
        if docs:
            out += ["\n", docs]
        fields = _field_list(resolved, 1, {}, doc, recursive)
        if fields:
            out += ["FIELDS:\n", fields]
        return "".join(out)
    if ref and history.get(ref):
        return ""
    props = resolved.get("properties") or {}
    if props and field_path[0] in props:
        sub = props[field_path[0]]
        out = []
        if len(field_path) == 1:
            out.append(f"FIELD: {field_path[0]} <{_type_guess(sub, doc)}>\n")
            out.append(_extract_enum(sub, long_view=True, limit=-1, indent_amount=0))
            out.append("\n\n")
        out.append(_output(sub, {}, doc, field_path[1:], recursive))
        return "".join(out)
    if resolved.get("items"):
        return _output(resolved["items"], next_history, doc, field_path, recursive)
    if _is_map_schema(resolved.get("additionalProperties")):
        return _output(resolved["additionalProperties"], next_history, doc, field_path, recursive)
    for alternative in resolved.get("allOf") or []:
        text = _output(alternative, next_history, doc, field_path, recursive)
        if text:
            return text
    return ""


def _field_list(schema: dict, level: int, history: dict, doc: dict, recursive: bool) -> str:
    ref = schema.get("$ref") or ""
    if ref and history.get(ref):
        return ""
    next_history = {**history, ref: 1}
    resolved = resolve_ref(ref, doc) or schema
    out = []
    props = resolved.get("properties") or {}
    for name in sorted(props):
        out.append(_field_detail(name, resolved, recursive, level, doc))
        if recursive:
            out.append(_field_list(props[name], level + 1, next_history, doc, recursive))
    for alternative in resolved.get("allOf") or []:
        out.append(_field_list(alternative, level, next_history, doc, recursive))
    if resolved.get("items"):
        out.append(_field_list(resolved["items"], level, next_history, doc, recursive))
    if _is_map_schema(resolved.get("additionalProperties")):
        out.append(_field_list(resolved["additionalProperties"], level, next_history, doc, recursive))
    return "".join(out)


def _field_detail(name: str, schema: dict, short: bool, level: int, doc: dict) -> str:
    amount = level * 2
    field = (schema.get("properties") or {})[name]
    out = [indent(amount, name), "\t<", _type_guess(field, doc), ">"]
    if name in (schema.get("required") or []):
        out.append(" -required-")
    out.append(_extract_enum(field, long_view=False, limit=4, indent_amount=amount))
    out.append("\n")
    if not short:
        out.append(indent(amount + 2, wrap(78 - amount, field.get("description") or "<no description>")))
        out.append("\n")
        docs = field.get("externalDocs")
        if docs:
            out.append("\n" + indent(amount + 2, "EXTERNAL DOCS:") + "\n")
            if docs.get("description"):
                out.append(indent(amount + 4, wrap(76 - amount, docs["description"])) + "\n")
            if docs.get("url"):
                out.append(indent(amount + 4, "URL: " + docs["url"]) + "\n")
        out.append("\n")
    return "".join(out)


def _description(schema: dict, doc: dict) -> str:
    resolved = resolve_ref(schema.get("$ref"), doc) or schema
    out = []
    if resolved.get("description"):
        out.append(resolved["description"] + "\n")
    for alternative in resolved.get("allOf") or []:
        out.append(_description(alternative, doc))
    if resolved.get("items"):
        out.append(_description(resolved["items"], doc))
    if _is_map_schema(resolved.get("additionalProperties")):
        out.append(_description(resolved["additionalProperties"], doc))
    return "".join(out)


def _external_docs(schema: dict) -> str:
    docs = schema.get("externalDocs")
    if not docs:
        return ""
    out = ["EXTERNAL DOCS:\n"]
    if docs.get("description"):
        out.append(indent(4, wrap(76, docs["description"])) + "\n")
    if docs.get("url"):
        out.append(indent(4, "URL: " + docs["url"]) + "\n")
    return "".join(out)


def _type_guess(schema: dict, doc: dict) -> str:
    if schema.get("items"):
        return "[]" + _type_guess(schema["items"], doc)
    if _is_map_schema(schema.get("additionalProperties")):
        return "map[string]" + _type_guess(schema["additionalProperties"], doc)
    all_of = schema.get("allOf")
    if all_of and not schema.get("properties") and len(all_of) == 1:
        return _type_guess(all_of[0], doc)
    ref = schema.get("$ref")
    if ref:
        ref_schema = resolve_ref(ref, doc)
        if not ref_schema or not ref_schema.get("type") or ref_schema.get("type") == "object":
            name = ref.split("/")[-1]
            return name.split(".")[-1] or "Object"
        return ref_schema.get("type") or "Object"
    if schema.get("type") == "object":
        return "Object"
    return schema.get("type") or "Object"


def _extract_enum(schema: dict, long_view: bool, limit: int, indent_amount: int) -> str:
    values = schema.get("enum")
    if not values:
        return ""
    out = ["\n" + " " * indent_amount + "enum: " if not long_view else "ENUM:"]
    for i, v in enumerate(values):
        if limit > -1 and i >= limit:
            out.append(", ....")
            break
        if i > 0 and not long_view:
            out.append(", ")
        elif long_view:
            out.append("\n    ")
        out.append('""' if v == "" else _go_print(v))
    return "".join(out)


def _go_print(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "<nil>"
    return str(v)


def indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def wrap(limit: int, text: str) -> str:
    """mitchellh/go-wordwrap WrapString: break at spaces so lines fit `limit` where they can."""
    out: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for ch in text:
        if ch == "\n":
            if not word:
                if current + len(space) <= limit:
                    out.extend(space)
            else:
                out.extend(space)
                out.extend(word)
                word = []
            space = []
            out.append(ch)
            current = 0
        elif ch.isspace() and ch != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            space.append(ch)
        else:
            word.append(ch)
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= limit:
            out.extend(space)
    else:
        out.extend(space)
        out.extend(word)
    return "".join(out)

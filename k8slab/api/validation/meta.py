"""Names, labels, annotations, finalizers, owner references and label selectors.

Follows `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (IsDNS1123Label,
IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsConfigMapKey,
IsValidPortName, IsValidPortNum, IsEnvVarName and their message texts),
`.../pkg/api/validation/objectmeta.go` and `generic.go` (ValidateObjectMeta[Update], name
functions with the trailing-dash mask for generateName), `.../pkg/api/validation/path/name.go`
(RBAC's path-segment names) and `.../pkg/apis/meta/v1/validation/validation.go` (labels and
label selectors).

Differences from upstream: map entries are checked in sorted key order (Go's order is random);
an object with only `generateName` is checked as if the generated name were already set (the
registry generates it before validating); managedFields are not validated.
"""

from __future__ import annotations

import re

from . import field as f
from .field import Cause

QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QNAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
             "with an alphanumeric character")
LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?"
LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, "
                   "'-', '_' or '.', and must start and end with an alphanumeric character")
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                     "characters or '-', and must start and end with an alphanumeric character")
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                         "characters, '-' or '.', and must start and end with an alphanumeric "
                         "character")
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
DNS1035_LABEL_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                     "start with an alphabetic character, and end with an alphanumeric character")
CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
WILDCARD_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT
WILDCARD_MSG = ("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
                "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' "
                "and end with an alphanumeric character")
TOTAL_ANNOTATION_SIZE = 256 * 1024
# core's standard finalizers, plus the one apiextensions-apiserver itself puts on every CRD
STANDARD_FINALIZERS = {"kubernetes", "orphan", "foregroundDeletion",
                       "customresourcecleanup.apiextensions.k8s.io"}


def _full(fmt: str) -> re.Pattern:
    return re.compile("^(?:" + fmt + ")$")


_QNAME, _LABEL_VALUE = _full(QNAME_FMT), _full(LABEL_VALUE_FMT)
_DNS1123_LABEL, _DNS1123_SUB = _full(DNS1123_LABEL_FMT), _full(DNS1123_SUBDOMAIN_FMT)
_DNS1035, _CM_KEY, _WILDCARD = _full(DNS1035_LABEL_FMT), _full(CONFIG_MAP_KEY_FMT), _full(WILDCARD_FMT)


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    ex = "".join(f"'{e}', " if i == 0 else f"or '{e}', " for i, e in enumerate(examples))
    return f"{msg} (e.g. {ex}regex used for validation is '{fmt}')"


def max_len_error(n: int) -> str:
    return f"must be no more than {n} characters"


def range_error(lo: int, hi: int) -> str:
    return f"must be between {lo} and {hi}, inclusive"


def is_dns1123_label(v: str) -> list[str]:
    errs = [max_len_error(63)] if len(v) > 63 else []
    if not _DNS1123_LABEL.match(v):
        errs.append("must not contain dots" if _DNS1123_SUB.match(v) else
                    regex_error(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(v: str) -> list[str]:
    errs = [max_len_error(253)] if len(v) > 253 else []
    if not _DNS1123_SUB.match(v):
        errs.append(regex_error(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(v: str) -> list[str]:
    errs = [max_len_error(63)] if len(v) > 63 else []
    if not _DNS1035.match(v):
        errs.append(regex_error(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_wildcard_dns1123_subdomain(v: str) -> list[str]:
    errs = [max_len_error(253)] if len(v) > 253 else []
    if not _WILDCARD.match(v):
        errs.append(regex_error(WILDCARD_MSG, WILDCARD_FMT, "*.example.com"))
    return errs


def is_qualified_name(v: str) -> list[str]:
    parts, errs = v.split("/"), []
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs += ["prefix part " + m for m in is_dns1123_subdomain(prefix)]
    else:
        return [("a qualified name " + regex_error(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")
                 + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not _QNAME.match(name):
        errs.append("name part " + regex_error(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc"))
    return errs


def is_valid_label_value(v: str) -> list[str]:
    errs = [max_len_error(63)] if len(v) > 63 else []
    if not _LABEL_VALUE.match(v):
        errs.append(regex_error(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_config_map_key(v: str) -> list[str]:
    errs = [max_len_error(253)] if len(v) > 253 else []
    if not _CM_KEY.match(v):
        errs.append(regex_error(CONFIG_MAP_KEY_MSG, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    if v == ".":
        errs.append("must not be '.'")
    elif v == "..":
        errs.append("must not be '..'")
    elif v.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def is_valid_port_num(port) -> list[str]:
    return [] if isinstance(port, int) and 1 <= port <= 65535 else [range_error(1, 65535)]


def is_valid_port_name(port: str) -> list[str]:
    errs = [max_len_error(15)] if len(port) > 15 else []
    if not re.match(r"^[-a-z0-9]+$", port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_valid_path_segment_name(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]


# ---- name functions (name, prefix) -> messages ----

def _mask(name: str, prefix: bool) -> str:
    return name[:-2] + "a" if prefix and len(name) > 1 and name.endswith("-") else name


def name_is_dns_subdomain(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_subdomain(_mask(name, prefix))


def name_is_dns_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_label(_mask(name, prefix))


def name_is_dns1035_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1035_label(_mask(name, prefix))


def name_is_path_segment(name: str, prefix: bool = False) -> list[str]:
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name] if prefix \
        else is_valid_path_segment_name(name)


# ---- labels, annotations, selectors ----

def validate_label_name(key: str, path: str) -> list[Cause]:
    return [f.invalid(path, key, m) for m in is_qualified_name(key)]


def validate_labels(labels: dict | None, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for k, v in sorted((labels or {}).items()):
        errs += validate_label_name(k, path)
        errs += [f.invalid(path, v, m) for m in is_valid_label_value(str(v))]
    return errs


def validate_annotations(ann: dict | None, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for k in sorted(ann or {}):
        errs += [f.invalid(path, k, m) for m in is_qualified_name(k.lower())]
    if sum(len(k) + len(str(v)) for k, v in (ann or {}).items()) > TOTAL_ANNOTATION_SIZE:
        errs.append(f.too_long(path, TOTAL_ANNOTATION_SIZE))
    return errs


def validate_label_selector(sel: dict | None, path: str) -> list[Cause]:
    if sel is None:
        return []
    errs = validate_labels(sel.get("matchLabels"), f"{path}.matchLabels")
    for i, e in enumerate(sel.get("matchExpressions") or []):
        p, op, values = f"{path}.matchExpressions[{i}]", e.get("operator", ""), e.get("values") or []
        if op in ("In", "NotIn"):
            if not values:
                errs.append(f.required(f"{p}.values", "must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(f.forbidden(f"{p}.values",
                                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        else:
            errs.append(f.invalid(f"{p}.operator", op, "not a valid selector operator"))
        errs += validate_label_name(e.get("key", ""), f"{p}.key")
        for j, v in enumerate(values):
            errs += [f.invalid(f"{p}.values[{j}]", v, m) for m in is_valid_label_value(v)]
    return errs


def selector_matches(sel: dict | None, labels: dict | None) -> bool:
    """metav1.LabelSelectorAsSelector(sel).Matches(labels); a nil selector matches nothing."""
    if sel is None:
        return False
    labels = labels or {}
    for k, v in (sel.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
        if (op == "In" and labels.get(k) not in vals) or (op == "NotIn" and k in labels and labels[k] in vals) \
                or (op == "Exists" and k not in labels) or (op == "DoesNotExist" and k in labels):
            return False
    return True


def selector_empty(sel: dict | None) -> bool:
    return not sel or not (sel.get("matchLabels") or sel.get("matchExpressions"))


# ---- ObjectMeta ----

def validate_finalizers(finalizers: list | None, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for i, name in enumerate(finalizers or []):
        errs += [f.invalid(path, name, m) for m in is_qualified_name(name)]
    if "orphan" in (finalizers or []) and "foregroundDeletion" in (finalizers or []):
        errs.append(f.invalid(path, f.Go(f.go_strings(finalizers)),
                              "finalizer orphan and foregroundDeletion cannot be both set"))
    for i, name in enumerate(finalizers or []):
        if "/" not in name and name not in STANDARD_FINALIZERS:
            errs.append(f.invalid(f"{path}[{i}]", name,
                                  "name is neither a standard finalizer name nor is it fully qualified"))
    return errs


def validate_owner_references(refs: list | None, path: str) -> list[Cause]:
    errs, controller = [], ""
    for ref in refs or []:
        av = ref.get("apiVersion", "")
        if not av.rpartition("/")[2]:
            errs.append(f.invalid(f"{path}.apiVersion", av, "version must not be empty"))
        for fld, what in (("kind", "kind"), ("name", "name"), ("uid", "uid")):
            if not ref.get(fld):
                errs.append(f.invalid(f"{path}.{fld}", ref.get(fld, ""), f"{what} must not be empty"))
        if ref.get("controller"):
            name = f"{ref.get('kind', '')}/{ref.get('name', '')}"
            if controller:
                errs.append(f.invalid(path, f.Go("[]v1.OwnerReference{...}"),
                                      "Only one reference can have Controller set to true. Found \"true\" "
                                      f"in references for {controller} and {name}"))
            else:
                controller = name
    return errs


def validate_object_meta(meta: dict, namespaced: bool, name_fn, path: str = "metadata") -> list[Cause]:
    """ValidateObjectMeta: generateName, name, namespace, generation, labels, annotations..."""
    errs: list[Cause] = []
    name, gen = meta.get("name") or "", meta.get("generateName") or ""
    if gen:
        errs += [f.invalid(f"{path}.generateName", gen, m) for m in name_fn(gen, True)]
    if not name and not gen:
        errs.append(f.required(f"{path}.name", "name or generateName is required"))
    elif name:
        errs += [f.invalid(f"{path}.name", name, m) for m in name_fn(name, False)]
    ns = meta.get("namespace") or ""
    if namespaced:
        if not ns:
            errs.append(f.required(f"{path}.namespace"))
        else:
            errs += [f.invalid(f"{path}.namespace", ns, m) for m in name_is_dns_label(ns)]
    elif ns:
        errs.append(f.forbidden(f"{path}.namespace", "not allowed on this type"))
    if (meta.get("generation") or 0) < 0:
        errs.append(f.invalid(f"{path}.generation", meta["generation"], f.IS_NEGATIVE))
    errs += validate_labels(meta.get("labels"), f"{path}.labels")
    errs += validate_annotations(meta.get("annotations"), f"{path}.annotations")
    errs += validate_owner_references(meta.get("ownerReferences"), f"{path}.ownerReferences")
    errs += validate_finalizers(meta.get("finalizers"), f"{path}.finalizers")
    return errs


def immutable(new, old, path: str, shown=None) -> list[Cause]:
    """ValidateImmutableField; `shown` is the value to print (defaults to the new value)."""
    if new == old:
        return []
    return [f.invalid(path, new if shown is None else shown, f.IMMUTABLE)]


def validate_object_meta_update(new: dict, old: dict, path: str = "metadata") -> list[Cause]:
    errs: list[Cause] = []
    if old.get("deletionTimestamp"):
        extra = sorted(set(new.get("finalizers") or []) - set(old.get("finalizers") or []))
        if extra:
            errs.append(f.forbidden(f"{path}.finalizers", "no new finalizers can be added if the object "
                                    f"is being deleted, found new finalizers {f.go_strings(extra)}"))
    if not new.get("resourceVersion"):
        errs.append(f.invalid(f"{path}.resourceVersion", new.get("resourceVersion", ""),
                              "must be specified for an update"))
    if (new.get("generation") or 0) < (old.get("generation") or 0):
        errs.append(f.invalid(f"{path}.generation", new.get("generation") or 0, "must not be decremented"))
    for fld in ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds"):
        nv, ov = new.get(fld), old.get(fld)
        if fld in ("name", "namespace", "uid"):
            nv, ov = nv or "", ov or ""
        errs += immutable(nv, ov, f"{path}.{fld}")
    errs += validate_labels(new.get("labels"), f"{path}.labels")
    errs += validate_annotations(new.get("annotations"), f"{path}.annotations")
    errs += validate_owner_references(new.get("ownerReferences"), f"{path}.ownerReferences")
    for i, name in enumerate(new.get("finalizers") or []):
        if "/" not in name and name not in STANDARD_FINALIZERS:
            errs.append(f.invalid(f"{path}.finalizers[{i}]", name,
                                  "name is neither a standard finalizer name nor is it fully qualified"))
    return errs


def without_object_meta(causes: list[Cause]) -> list[Cause]:
    """Drop ObjectMeta causes (an update re-checks metadata with validate_object_meta_update)."""
    return [c for c in causes if not c[0].startswith("metadata.")]


def nonnegative(value, path: str) -> list[Cause]:
    return [f.invalid(path, value, f.IS_NEGATIVE)] if isinstance(value, int) and value < 0 else []

"""Server-side apply (`application/apply-patch+yaml`) and the field ownership behind it.

Follows `k8s.io/apimachinery/pkg/util/managedfields/internal` (fieldmanager.go and the managers it
stacks: versioncheck, lastappliedupdater, lastappliedmanager, skipnonapplied, capmanagers,
buildmanagerinfo, managedfieldsupdater, stripmeta, structuredmerge; managedfields.go and
conflict.go) and `sigs.k8s.io/structured-merge-diff/v6/merge/update.go` (Updater.Apply, Update,
prune). Every write records who set which fields in `metadata.managedFields`:

- `update_managed_fields()` for create, update and the other patch types: the manager (operation
  `Update`, with the apiVersion) takes the fields it added or changed; others lose them;
- `server_side_apply()`: the configuration is merged into the live object; fields the same manager
  applied last time and dropped now are removed unless someone else owns them; a field another
  manager owns and this apply would change is a conflict (409), unless `force` takes it over.
  For the manager `kubectl`, conflicts on fields whose values still match the
  `last-applied-configuration` annotation are forgiven, so `kubectl apply --server-side` can
  follow client-side `kubectl apply`.

Differences from upstream: no version conversion (managers recorded at other apiVersions are
compared as if the versions were equal); the empty object a create starts from is approximated
by `ZERO` (it decides only where FieldsV1 writes `".": {}`); the status reset of the main
resource excludes `status`, and the status subresource excludes `spec` and `metadata` only.
"""

from __future__ import annotations

from k8slab.api.copying import deep_copy, without_managed_fields

import json
from dataclasses import dataclass

import yaml

from .errors import PatchError, bad_request, internal
from .fieldpath import (FIELD, ensure_named_fields_are_members, from_fields_v1, iterate, path_string,
                        to_fields_v1)
from .gojson import go_fmt, go_json, json_kind
from .schema import Struct, schema_for
from .typed import compare, field_set, merge, remove_items

APPLY, UPDATE = "Apply", "Update"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_UPDATE_MANAGERS = 10                       # DefaultMaxUpdateManagers
ANCIENT_CHANGES = "ancient-changes"            # where capped update managers are merged
BEFORE_FIRST_APPLY = "before-first-apply"      # owner of fields that predate any tracking
STRIPPED = {((FIELD, "apiVersion"),), ((FIELD, "kind"),), ((FIELD, "metadata"),)} | {
    ((FIELD, "metadata"), (FIELD, f)) for f in ("name", "namespace", "creationTimestamp", "selfLink",
                                                "uid", "clusterName", "generation", "managedFields",
                                                "resourceVersion")}
# Go's zero object of a kind has its value-typed structs present; only FieldsV1's "." depends on it.
_POD_TEMPLATE = {"metadata": {}, "spec": {"containers": None}}
ZERO = {"spec": {"containers": None, "template": _POD_TEMPLATE, "strategy": {}, "updateStrategy": {},
                 "jobTemplate": {"metadata": {}, "spec": {"template": _POD_TEMPLATE}}},
        "status": {"loadBalancer": {}}}


@dataclass(frozen=True)
class Manager:
    """A manager identifier: who, how, and (for Update) at which apiVersion."""
    manager: str
    operation: str
    api_version: str = ""
    subresource: str = ""

    def identifier(self) -> str:
        """BuildManagerIdentifier: the entry's JSON without time and fields."""
        d = {"manager": self.manager, "operation": self.operation}
        if self.api_version:
            d["apiVersion"] = self.api_version
        if self.subresource:
            d["subresource"] = self.subresource
        return json.dumps(d, separators=(",", ":"), ensure_ascii=False)

    def printed(self) -> str:
        """printManager, as conflict messages show a manager."""
        s = json.dumps(self.manager, ensure_ascii=False)
        if self.subresource:
            s += f" with subresource {json.dumps(self.subresource)}"
        return f"{s} using {self.api_version}" if self.operation == UPDATE else s


@dataclass
class Owned:
    """A manager's versioned field set and when it last changed anything."""
    fields: set
    api_version: str
    time: str | None = None


# ---- managedFields on the wire ------------------------------------------------------------------

def decode_managed_fields(entries: list | None) -> dict[Manager, Owned]:
    managed = {}
    for i, e in enumerate(entries or []):
        if e.get("operation") not in (APPLY, UPDATE):
            raise ValueError("operation must be `Apply` or `Update`")
        if not e.get("apiVersion"):
            raise ValueError("apiVersion must not be empty")
        if e.get("fieldsType") != "FieldsV1":
            raise ValueError(f"missing fieldsType in managed fields entry {i}" if not e.get("fieldsType")
                             else f"invalid fieldsType {json.dumps(e['fieldsType'])} in managed fields entry {i}")
        m = Manager(e.get("manager", ""), e["operation"], e["apiVersion"] if e["operation"] == UPDATE else "",
                    e.get("subresource", ""))
        managed[m] = Owned(from_fields_v1(e.get("fieldsV1") or {}), e["apiVersion"], e.get("time"))
    return managed


def encode_managed_fields(managed: dict[Manager, Owned]) -> list[dict]:
    """Entries in upstream's order: Apply before Update, then by time, manager, apiVersion."""
    entries = []
    for m, o in managed.items():
        e = {"manager": m.manager, "operation": m.operation, "apiVersion": o.api_version}
        if o.time:
            e["time"] = o.time
        e.update(fieldsType="FieldsV1", fieldsV1=to_fields_v1(o.fields))
        if m.subresource:
            e["subresource"] = m.subresource
        entries.append(e)
    entries.sort(key=lambda e: (e["operation"], e.get("time") or "", e["manager"], e["apiVersion"],
                                e.get("subresource", "")))
    return entries


def _with_managed_fields(obj: dict, managed: dict[Manager, Owned]) -> dict:
    """`obj` with these managedFields: a new top level and metadata, the rest shared (every
    caller hands in an object of its own and keeps only the result)."""
    obj = dict(obj)
    meta = obj["metadata"] = dict(obj.get("metadata") or {})
    meta.pop("managedFields", None)
    if managed:
        meta["managedFields"] = encode_managed_fields(managed)
    return obj


# ---- the request ---------------------------------------------------------------------------------

class _YAMLLoader(yaml.SafeLoader):
    """YAML as sigs.k8s.io/yaml reads it into interface{}: no timestamps, dates stay strings."""


_YAMLLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def decode_apply_patch(body: bytes) -> dict:
    """applyPatcher: the configuration in an apply-patch body (YAML, or JSON as kubectl sends)."""
    try:
        config = json.loads(body)
    except ValueError:
        try:
            config = yaml.load(body, Loader=_YAMLLoader)
        except yaml.YAMLError as e:
            raise bad_request(f"error decoding patch: {e}") from None
    if config is None:
        return {}
    config = _string_keys(config)
    if not isinstance(config, dict):
        raise bad_request(f"error decoding patch: json: cannot unmarshal {json_kind(config)} into Go value "
                          "of type map[string]interface {}")
    return config


def _string_keys(v):
    """YAMLToJSON: JSON keys are strings, so `true:` becomes "true" and `1:` becomes "1"."""
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else go_fmt(k)): _string_keys(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_string_keys(x) for x in v]
    return v


def manager_or_user_agent(field_manager: str, user_agent: str) -> str:
    """managerOrUserAgent: the fieldManager, else the User-Agent up to its first "/" (kubectl)."""
    if field_manager:
        return field_manager
    out = ""
    for ch in user_agent.split("/")[0]:
        if ch.isprintable() and len((out + ch).encode()) <= 128:
            out += ch
        elif ch.isprintable():
            break
    return out


# ---- the Updater --------------------------------------------------------------------------------

def _ignored(subresource: str) -> tuple:
    """The reset fields a write to this (sub)resource may not own."""
    return ((FIELD, "spec"), (FIELD, "metadata")) if subresource == "status" else ((FIELD, "status"),)


def _filter(paths: set, ignored: tuple) -> set:
    return {p for p in paths if not (p and p[0] in ignored)}


def _update(old: dict, new: dict, schema: Struct, managers: dict, workflow, force: bool, ignored: tuple):
    """Updater.update: take changed fields from the other managers; conflicts unless forced."""
    cmp = compare(old, new, schema)
    changed = _filter(cmp.added | cmp.modified, ignored)
    removed = _filter(cmp.removed, ignored)
    conflicts = {m: o.fields & changed for m, o in managers.items() if m != workflow and o.fields & changed}
    if conflicts and not force:
        raise conflict_error(conflicts)
    for m, o in list(managers.items()):
        if m == workflow:
            continue
        o.fields = o.fields - conflicts.get(m, set()) - removed
        if not o.fields:
            del managers[m]
    return cmp


def _record_update(live, new, schema, managed, manager: Manager, now, ignored) -> None:
    """managedFieldsUpdater + stripMeta + Updater.Update for one Update operation."""
    self = object()
    cmp = _update(live, new, schema, managed, self, True, ignored)
    fields = _filter(cmp.added | cmp.modified, ignored) - STRIPPED
    if fields:
        prev = managed.get(manager)
        managed[manager] = Owned(fields | (prev.fields if prev else set()), manager.api_version or "", now)
    _cap_update_managers(managed)


def _cap_update_managers(managed: dict) -> None:
    """capManagersManager: beyond 10 Update managers, the oldest merge into ancient-changes."""
    updaters = sorted((m for m in managed if m.operation == UPDATE),
                      key=lambda m: (managed[m].time or "", m.identifier()))
    first_at: dict[str, Manager] = {}
    count = len(updaters)
    for m in updaters:
        if count <= MAX_UPDATE_MANAGERS:
            break
        version = managed[m].api_version
        bucket = Manager(ANCIENT_CHANGES, UPDATE, version)
        if version not in first_at:
            first_at[version] = m
            continue
        if bucket not in managed:
            managed[bucket] = managed.pop(first_at[version])
        managed[bucket] = Owned(managed[bucket].fields | managed[m].fields, version, managed[m].time)
        del managed[m]
        count -= 1


def update_managed_fields(live: dict | None, new: dict, manager: str, now: str, *,
                          subresource: str = "") -> dict:
    """FieldManager.Update for a create, update or non-apply patch: `new` with managedFields.

    `manager` is the request's fieldManager (or the user agent's first word, upstream's default)."""
    schema = schema_for(new.get("apiVersion", ""), new.get("kind", ""))
    managed = _managed_for_update(live, new, subresource)
    if not managed and (live or {}).get("metadata", {}).get("uid"):
        return _with_managed_fields(new, {})        # skipNonApplied: untracked objects stay so
    old = live if live is not None else _zero(new)
    m = Manager(manager or "unknown", UPDATE, new.get("apiVersion", ""), subresource)
    _record_update(old, without_managed_fields(new), schema, managed, m, now, _ignored(subresource))
    return _with_managed_fields(new, managed)


def _managed_for_update(live, new, subresource) -> dict:
    """decodeLiveOrNew: the request's managedFields if it set any (an empty list resets)."""
    requested = new.get("metadata", {}).get("managedFields")
    if not subresource and requested is not None:
        if requested == [] or requested == [{}]:
            return {}
        try:
            if decoded := decode_managed_fields(requested):
                return decoded
        except ValueError:
            pass
    try:
        return decode_managed_fields((live or {}).get("metadata", {}).get("managedFields"))
    except ValueError:
        return {}


def _strip(obj: dict) -> dict:
    obj = deep_copy(obj)
    obj.get("metadata", {}).pop("managedFields", None)
    return obj


def _zero(obj: dict) -> dict:
    zero = {"apiVersion": obj.get("apiVersion"), "kind": obj.get("kind"), "metadata": {}}
    for top in ("spec", "status"):
        if top in obj:
            zero[top] = {k: deep_copy(v) for k, v in ZERO[top].items() if k in obj[top]}
    return zero


# ---- Apply ---------------------------------------------------------------------------------------

def server_side_apply(live: dict | None, config: dict, manager: str, now: str, *, force: bool = False,
                      subresource: str = "", api_version: str = "", kind: str = "") -> dict:
    """FieldManager.Apply: the object after applying `config` as `manager` (live None: create).

    `api_version`/`kind` name the resource the request addressed (default: the live object's)."""
    api_version = api_version or (live or config).get("apiVersion", "")
    kind = kind or (live or config).get("kind", "")
    if (config.get("apiVersion"), config.get("kind")) != (api_version, kind):
        group, _, version = (config.get("apiVersion") or "").rpartition("/")
        raise bad_request(f"invalid object type: {group}/{version}, Kind={config.get('kind', '')}")
    if config.get("metadata", {}).get("managedFields") is not None:
        raise bad_request("metadata.managedFields must be nil")
    schema = schema_for(api_version, kind)
    ignored = _ignored(subresource)
    # the reset fields are not this request's to set (the registry restores them anyway)
    config = {k: v for k, v in config.items() if (FIELD, k) not in ignored}
    live = live if live is not None else _zero(config)
    try:
        managed = decode_managed_fields(live.get("metadata", {}).get("managedFields"))
    except ValueError as e:
        raise internal(f"failed to decode managed fields: {e}") from None
    live = _strip(live)
    if not managed:
        _record_update(_zero(live), live, schema, managed, Manager(BEFORE_FIRST_APPLY, UPDATE, api_version,
                                                                   subresource), now, ignored)
    me = Manager(manager, APPLY, "", subresource)
    try:
        new, managed = _apply(live, config, schema, managed, me, api_version, force, ignored)
    except PatchError as e:
        if manager != "kubectl" or e.code != 409:
            raise
        allowed = _allowed_from_last_applied(live, schema, api_version)
        left = {m: paths - allowed for m, paths in e.conflicts.items() if paths - allowed}
        if left:
            raise conflict_error(left) from None
        new, managed = _apply(live, config, schema, managed, me, api_version, True, ignored)
    if new is None:
        new = live                                   # nothing changed: no new time either
    elif me in managed:
        managed[me].time = now
    annotations = new.get("metadata", {}).get("annotations") or {}
    if manager == "kubectl" and annotations.get(LAST_APPLIED):      # lastAppliedUpdater
        applied = deep_copy(config)
        applied.get("metadata", {}).get("annotations", {}).pop(LAST_APPLIED, None)
        annotations[LAST_APPLIED] = go_json(applied)
    return _with_managed_fields(new, managed)


def _apply(live, config, schema, managed, me: Manager, api_version, force, ignored):
    """Updater.Apply on copies: (new object or None when nothing changed, managers)."""
    managed = {m: Owned(set(o.fields), o.api_version, o.time) for m, o in managed.items()}
    new = merge(live, config, schema)
    last = managed.get(me)
    managed[me] = Owned(_filter(field_set(config, schema), ignored), api_version)
    if last is not None and last.fields:
        new = _prune(new, schema, managed, last.fields)
    _update(live, new, schema, managed, me, force, ignored)
    managed[me].fields -= STRIPPED
    if not managed[me].fields:
        del managed[me]
    elif last is not None:
        managed[me].time = last.time
    return (None if new == live else new), managed


def _prune(merged: dict, schema: Struct, managed: dict, last: set) -> dict:
    """Updater.prune: drop what this manager applied before and no longer does, unless owned."""
    enfam = ensure_named_fields_are_members
    last = enfam(last)
    owned = enfam(set().union(*(o.fields for o in managed.values())))
    merged_set = enfam(field_set(merged, schema))
    pruned = remove_items(merged, last, schema)
    pruned = remove_items(merged, merged_set - (enfam(field_set(pruned, schema)) | owned), schema)
    return remove_items(merged, (merged_set - enfam(field_set(pruned, schema))) & last, schema)


def _allowed_from_last_applied(live: dict, schema: Struct, api_version: str) -> set:
    """lastAppliedManager: fields of last-applied whose values the live object still has."""
    text = (live.get("metadata", {}).get("annotations") or {}).get(LAST_APPLIED)
    try:
        last = json.loads(text) if text else None
    except ValueError:
        last = None
    if not isinstance(last, dict) or last.get("apiVersion") != api_version:
        return set()
    cmp = compare(last, live, schema)
    return field_set(last, schema) - cmp.modified - cmp.added - cmp.removed


# ---- conflicts -----------------------------------------------------------------------------------

def conflict_error(conflicts: dict[Manager, set]) -> PatchError:
    """NewConflictError: 409 Conflict naming each manager and field, as kubectl prints it."""
    by_manager = sorted(conflicts.items(), key=lambda kv: kv[0].identifier())
    pairs = [(m, p) for m, paths in by_manager for p in iterate(paths)]
    if len(pairs) == 1:
        m, p = pairs[0]
        message = f"Apply failed with 1 conflict: conflict with {m.printed()}: {path_string(p)}"
    else:
        lines = []
        for m, paths in by_manager:
            lines.append(f"conflicts with {m.printed()}:")
            lines += [f"- {path_string(p)}" for p in iterate(paths)]
        message = f"Apply failed with {len(pairs)} conflicts: " + "\n".join(lines)
    causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {m.printed()}",
               "field": path_string(p)} for m, p in pairs]
    err = PatchError(409, "Conflict", message, details={"causes": causes})
    err.conflicts = dict(conflicts)
    return err

"""The generic registry: create, get, list, update, delete and watch any resource over the store.

Follows `staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go` (Store.Create, Get,
List, Update, Delete, DeleteCollection, Watch) and `.../storage/etcd3/store.go` (the txns):
- create is a txn "create_revision == 0 -> put", so a second create gets AlreadyExists;
- update is a txn "mod_revision == the version read -> put" (optimistic concurrency: a stale
  resourceVersion gets 409 Conflict, a blind update retries on the fresh object);
- objects that still carry finalizers are only marked (deletionTimestamp) until they are gone;
- list paginates with limit/continue at one revision; watch starts from a resourceVersion.
Per-kind behaviour (defaults, validation, status handling, graceful deletion) is in strategy.py.

Differences from upstream: no watch cache (lists and watches read the store directly, which is
in memory); continue tokens are not encrypted.
"""

from __future__ import annotations

import base64
import json
import random

from ..api import names
from ..api.resources import Resource, ResourceTable
from ..api.selectors import (SelectorError, matches_fields, matches_labels, parse_field_selector,
                             parse_label_selector, selector_error)
from ..storage import kv as K
from ..storage.kv import Compare, op_put
from . import errors as E
from .codec import DecodeCache, canonical_order, encode, mutable, no_gc
from .strategy import Strategy

MAX_CONFLICT_RETRIES = 5


class Registry:
    """Every resource's REST storage over one store; objects are plain dicts in the wire shape."""

    def __init__(self, store, clock, table: ResourceTable | None = None, seed: int = 0,
                 strategy: Strategy | None = None):
        self.store = store
        self.clock = clock
        self.table = table or ResourceTable()
        self.rng = random.Random(seed)
        self.cache = DecodeCache()
        self.strategy = strategy or Strategy(self)
        # called with a namespace's name when it starts terminating; the apiserver empties it
        # until a namespace controller runs (and sets this to None)
        self.namespace_finalizer = None

    # ---- helpers ----------------------------------------------------------------------------

    def now(self) -> str:
        return names.rfc3339(self.clock.time())

    def _key(self, res: Resource, ns: str | None, name: str) -> bytes:
        return res.key(ns, name).encode()

    def _not_found(self, res: Resource, name: str) -> E.APIError:
        return E.not_found(res.group, res.plural, name)

    def read(self, res: Resource, ns: str | None, name: str):
        """(object, mod_revision) or raise NotFound. The object is shared: do not mutate."""
        kv = self.store.get(self._key(res, ns, name))
        if kv is None:
            raise self._not_found(res, name)
        return self.cache.decode(kv), kv.mod_revision

    # ---- create -----------------------------------------------------------------------------

    def create(self, res: Resource, ns: str | None, obj: dict, *, dry_run: bool = False,
               field_manager: str | None = "", user: dict | None = None, trusted: bool = False) -> dict:
        """POST semantics. `trusted` is for the apiserver's own reconcilers (bootstrap objects):
        no validation, no admission."""
        obj = mutable(obj)
        meta = obj.setdefault("metadata", {})
        if res.namespaced:
            if meta.get("namespace") and meta["namespace"] != ns:
                raise E.bad_request("the namespace of the provided object does not match the "
                                    "namespace sent on the request")
            meta["namespace"] = ns
        else:
            meta.pop("namespace", None)
        requested_name = meta.get("name") or ""
        if not requested_name and meta.get("generateName"):
            meta["name"] = names.generate_name(meta["generateName"], self.rng)
        self.strategy.prepare_for_create(res, obj, field_manager, user)
        obj = self.strategy.track_fields(res, obj, None, "", field_manager)
        meta = obj["metadata"]
        if not trusted:
            # mutating admission, validation, validating admission (handlers/create.go, store.Create)
            a = self.strategy.admit(res, "CREATE", obj, None, user, dry_run=dry_run, name=requested_name)
            self.strategy.check_escalation(res, "CREATE", obj, None, user)
            self.strategy.validate_create(res, obj)
            self.strategy.validate_admission(a)
        key = self._key(res, ns, meta["name"])
        if dry_run:
            if self.store.get(key) is not None:
                raise E.already_exists(res.group, res.plural, meta["name"])
            return obj
        self.strategy.before_create(res, obj)
        canonical_order(obj)
        r = self.store.txn([Compare.create(key, "EQUAL", 0)], [op_put(key, encode(obj))])
        if not r.succeeded:
            self.strategy.undo_create(res, obj)
            raise E.already_exists(res.group, res.plural, meta["name"])
        meta["resourceVersion"] = str(r.revision)
        self.cache.remember(key, r.revision, obj)
        self.strategy.after_create(res, obj)
        return obj

    # ---- get / list -------------------------------------------------------------------------

    def get(self, res: Resource, ns: str | None, name: str) -> dict:
        return self.read(res, ns, name)[0]

    def list(self, res: Resource, ns: str | None, *, label_selector: str = "",
             field_selector: str = "", limit: int = 0, continue_token: str = "",
             resource_version: str = "", private: bool = False) -> dict:
        """A <Kind>List dict; items are shared objects (do not mutate) unless `private`, which
        decodes the caller its own copies straight from the stored bytes."""
        labels, fields = self._selectors(res, label_selector, field_selector)
        prefix = res.prefix(ns).encode()
        end = K.prefix_end(prefix)
        start, revision = prefix, 0
        if continue_token:
            start, revision = self._decode_continue(continue_token, prefix)
        elif resource_version not in ("", "0"):
            revision = self._parse_rv(resource_version)
            if revision > self.store.revision:
                raise E.timeout(f"Too large resource version: {revision}, current: {self.store.revision}")
        # without selectors a page needs only limit+1 keys (the extra one starts the next page)
        fetch = limit + 1 if limit and labels is None and not fields else 0
        try:
            r = self.store.range(start, end, revision=revision, limit=fetch)
        except K.Compacted:
            raise E.gone("The provided continue parameter is too old to display a consistent list "
                         "result. You can start a new list without the continue parameter, or use "
                         "the continue token in this response to retrieve the remainder of the "
                         "results. Continuing with the provided token results in an inconsistent "
                         "list - objects that were created, modified, or deleted between the time "
                         "the first chunk was returned and now may show up in the list.") from None
        list_rv = revision or r.revision
        if private:
            decode = self.cache.decode_private
        else:
            decode = self.cache.decode if not revision else self.cache.decode_if_cached
        with no_gc():
            items, next_key = self._filter(r.kvs, decode, labels, fields, res, limit)
        meta = {"resourceVersion": str(list_rv)}
        if next_key is not None:
            meta["continue"] = self._encode_continue(next_key, list_rv, prefix)
        return {"kind": res.list_kind, "apiVersion": res.api_version, "metadata": meta, "items": items}

    @staticmethod
    def _filter(kvs, decode, labels, fields, res, limit):
        items, next_key = [], None
        for kv in kvs:
            obj = decode(kv)
            if labels is not None and not matches_labels(labels, obj["metadata"].get("labels")):
                continue
            if fields and not matches_fields(fields, res.plural, obj):
                continue
            if limit and len(items) == limit:
                next_key = kv.key
                break
            items.append(obj)
        return items, next_key

    def _selectors(self, res, label_selector, field_selector):
        try:
            labels = parse_label_selector(label_selector) if label_selector else None
            fields = parse_field_selector(field_selector, res.plural) if field_selector else []
        except SelectorError as e:
            gvr = f"{res.group_version}, Resource={res.plural}"
            raise selector_error(gvr, label_selector, field_selector, e) from None
        return labels, fields

    @staticmethod
    def _parse_rv(rv: str) -> int:
        try:
            n = int(rv)
            if n < 0:
                raise ValueError
            return n
        except ValueError:
            raise E.bad_request(f'invalid resource version: strconv.ParseUint: parsing "{rv}": '
                                'invalid syntax') from None

    @staticmethod
    def _encode_continue(next_key: bytes, rv: int, prefix: bytes) -> str:
        token = {"v": "meta.k8s.io/v1", "rv": rv, "start": next_key[len(prefix):].decode()}
        return base64.urlsafe_b64encode(json.dumps(token, separators=(",", ":")).encode()).decode().rstrip("=")

    @staticmethod
    def _decode_continue(token: str, prefix: bytes) -> tuple[bytes, int]:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            d = json.loads(raw)
            if d.get("v") != "meta.k8s.io/v1" or not isinstance(d.get("rv"), int):
                raise ValueError
            return prefix + d["start"].encode(), d["rv"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise E.bad_request("continue key is not valid: incorrect encoded start resourceVersion "
                                "(version meta.k8s.io/v1)") from None

    # ---- update -----------------------------------------------------------------------------

    def update(self, res: Resource, ns: str | None, name: str, obj: dict, *,
               subresource: str = "", dry_run: bool = False, field_manager: str | None = "",
               user: dict | None = None, mutate=None) -> dict:
        """PUT semantics; with `mutate`, a read-modify-write that retries on conflicts (patch)."""
        meta = (obj or {}).get("metadata") or {}
        if obj is not None and meta.get("name") not in (None, name):
            raise E.bad_request(f'the name of the object ({meta.get("name")}) does not match the '
                                f'name on the URL ({name})')
        wanted_rv = meta.get("resourceVersion") if obj is not None else None
        for _ in range(MAX_CONFLICT_RETRIES):
            key = self._key(res, ns, name)
            kv = self.store.get(key)
            if kv is None:
                raise self._not_found(res, name)
            old = self.cache.decode(kv)
            if wanted_rv and wanted_rv != str(kv.mod_revision):
                raise E.conflict(res.group, res.plural, name, E.OBJECT_MODIFIED)
            new = mutate(mutable(old)) if mutate is not None else mutable(obj)
            new_meta = new.setdefault("metadata", {})
            if res.namespaced:
                if new_meta.get("namespace") not in (None, "", ns):
                    raise E.bad_request("the namespace of the provided object does not match "
                                        "the namespace sent on the request")
                new_meta["namespace"] = ns
            self.strategy.prepare_for_update(res, new, old, subresource, field_manager)
            new = self.strategy.track_fields(res, new, old, subresource, field_manager)
            a = self.strategy.admit(res, "UPDATE", new, old, user, subresource=subresource,
                                    dry_run=dry_run, name=name)
            if not subresource:
                self.strategy.check_escalation(res, "UPDATE", new, old, user)
            self.strategy.validate_update(res, new, old, subresource)
            self.strategy.validate_admission(a)
            new["metadata"].pop("resourceVersion", None)
            data = encode(canonical_order(new))
            if data == encode(old):                 # nothing changed: no write, same version
                return old
            if dry_run:
                new["metadata"]["resourceVersion"] = str(kv.mod_revision)
                return new
            r = self.store.txn([Compare.mod(key, "EQUAL", kv.mod_revision)], [op_put(key, data)])
            if r.succeeded:
                new["metadata"]["resourceVersion"] = str(r.revision)
                self.cache.remember(key, r.revision, new)
                if self.strategy.finished(res, new):
                    return self._remove(res, ns, name, new, r.revision)
                return new
            if wanted_rv:
                raise E.conflict(res.group, res.plural, name, E.OBJECT_MODIFIED)
        raise E.conflict(res.group, res.plural, name, E.OBJECT_MODIFIED)

    # ---- delete -----------------------------------------------------------------------------

    def delete(self, res: Resource, ns: str | None, name: str, options: dict | None = None, *,
               dry_run: bool = False, user: dict | None = None):
        """Returns (object or Status, finished): finished is False while finalizers hold it."""
        options = options or {}
        key = self._key(res, ns, name)
        for _ in range(MAX_CONFLICT_RETRIES):
            kv = self.store.get(key)
            if kv is None:
                raise self._not_found(res, name)
            old = self.cache.decode(kv)
            self._check_preconditions(res, name, old, options)
            a = self.strategy.admit(res, "DELETE", None, old, user, dry_run=dry_run, name=name)
            self.strategy.validate_admission(a)
            marked = self.strategy.mark_for_deletion(res, mutable(old), options)
            if dry_run:
                return (marked or old), marked is None
            if marked is not None:                   # graceful / finalizers: update, not delete
                if encode(marked) == encode(old):
                    return old, False
                marked["metadata"].pop("resourceVersion", None)
                r = self.store.txn([Compare.mod(key, "EQUAL", kv.mod_revision)],
                                   [op_put(key, encode(marked))])
                if r.succeeded:
                    marked["metadata"]["resourceVersion"] = str(r.revision)
                    self.strategy.after_mark(res, marked)
                    return marked, False
                continue
            r = self.store.txn([Compare.mod(key, "EQUAL", kv.mod_revision)], [K.op_delete(key)])
            if r.succeeded:
                self.cache.forget(key)
                self.strategy.after_delete(res, old)
                return self._deleted_result(res, old, r.revision), True
        raise E.conflict(res.group, res.plural, name, E.OBJECT_MODIFIED)

    def _remove(self, res, ns, name, obj, rev):
        """An update cleared the last finalizer of an object being deleted: delete it now."""
        key = self._key(res, ns, name)
        r = self.store.txn([Compare.mod(key, "EQUAL", rev)], [K.op_delete(key)])
        if r.succeeded:
            self.cache.forget(key)
            self.strategy.after_delete(res, obj)
        return obj

    def _deleted_result(self, res: Resource, old: dict, revision: int):
        if self.strategy.returns_deleted_object(res):
            out = mutable(old)
            out["metadata"]["resourceVersion"] = str(revision)
            return out
        details = {"name": old["metadata"]["name"], "group": res.group, "kind": res.plural,
                   "uid": old["metadata"].get("uid", "")}
        if not res.group:
            del details["group"]
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                "details": details}

    def _check_preconditions(self, res, name, old, options):
        pre = options.get("preconditions") or {}
        if pre.get("uid") and pre["uid"] != old["metadata"].get("uid"):
            raise E.conflict(res.group, res.plural, name,
                             f'Precondition failed: UID in precondition: {pre["uid"]}, UID in '
                             f'object meta: {old["metadata"].get("uid")}')
        if pre.get("resourceVersion") and pre["resourceVersion"] != old["metadata"]["resourceVersion"]:
            raise E.conflict(res.group, res.plural, name,
                             f'Precondition failed: ResourceVersion in precondition: '
                             f'{pre["resourceVersion"]}, ResourceVersion in object meta: '
                             f'{old["metadata"]["resourceVersion"]}')

    def delete_collection(self, res: Resource, ns: str | None, options: dict | None = None, *,
                          label_selector: str = "", field_selector: str = "",
                          dry_run: bool = False, user: dict | None = None) -> dict:
        listed = self.list(res, ns, label_selector=label_selector, field_selector=field_selector)
        gone = []
        for obj in listed["items"]:
            try:
                out, _ = self.delete(res, ns, obj["metadata"]["name"], options, dry_run=dry_run,
                                     user=user)
                gone.append(obj)
            except E.APIError as e:
                if e.code != 404:
                    raise
        return {"kind": res.list_kind, "apiVersion": res.api_version,
                "metadata": {"resourceVersion": str(self.store.revision)}, "items": gone}

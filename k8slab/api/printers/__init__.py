"""Server-side Table printing: the rows `kubectl get` shows are computed by the API server.

When kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io`, the server answers with a
`meta.k8s.io/v1` Table: column definitions, then one row of cells per object. kubectl only lays the
cells out; it hides priority-1 columns unless `-o wide`. So every column name and every cell's text
(`Running`, `Init:0/1`, `80:30080/TCP`, `5m10s`) is decided here.

    table("", "pods", pods, now)                    -> the Table for `kubectl get pods`
    column_definitions("apps", "deployments")       -> its columns
    crd_table(crd["spec"]["versions"][0], crs, now) -> a custom resource's table
    human_duration(310)                             -> "5m10s"

Follows upstream:
- `pkg/printers/internalversion/printers.go` (`AddHandlers`): the columns of each built-in resource
  and how each cell is computed; one module here per API group (core split in three).
- `pkg/printers/tablegenerator.go`, `pkg/printers/storage/storage.go`: the server always generates
  the wide table, every column and cell; list resourceVersion/continue go into the Table's metadata.
- `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go` (`asTable`): `includeObject`
  Metadata (the default) turns each row's object into a `PartialObjectMetadata`, Object keeps it
  whole, None drops it.
- `staging/src/k8s.io/apiserver/pkg/registry/rest/table.go`: resources without a printer (roles,
  clusterroles, limitranges, customresourcedefinitions...) get NAME and CREATED AT (type date,
  an RFC 3339 cell).
- `staging/src/k8s.io/apiextensions-apiserver/.../tableconvertor`: custom resources (see crd.py).

Differences from upstream:
- With includeObject=None the row has no `object` key; upstream serializes `"object": null`.
- Missing fields that upstream's defaulting would have filled read as their defaults where a cell
  needs them (replicas 1, service type ClusterIP, protocol TCP); other fields print as stored.
- Quantities print as stored, not re-canonicalized.
- Only today's columns: the booklet's v1.11 tables (events with FIRST SEEN first, deployments with
  DESIRED CURRENT) are not offered.
- Not covered (default table instead): flowschemas, prioritylevelconfigurations (upstream sorts
  their list rows), storageversions, leasecandidates, resource.k8s.io kinds.
"""

from __future__ import annotations

from . import (admissionregistration, apps, autoscaling, batch, certificates, coordination, core,
               core_pods, core_services, discovery, events, networking, node, policy, rbac,
               scheduling, storage)
from .common import NAME, Printer, column, dig, format_rfc3339, human_duration, name_of, parse_time
from .common import translate_timestamp_since
from .crd import crd_printer, crd_version_for

__all__ = ["table", "column_definitions", "crd_table", "crd_version_for", "human_duration",
           "translate_timestamp_since", "printer_for", "build_table", "PRINTERS", "DEFAULT_PRINTER",
           "TABLE_API_VERSION"]

TABLE_API_VERSION = "meta.k8s.io/v1"
INCLUDE_OBJECT_VALUES = ("Metadata", "Object", "None", "")

_APPS_IN_EXTENSIONS = ("deployments", "replicasets", "daemonsets")
_NETWORKING_IN_EXTENSIONS = ("ingresses", "networkpolicies")

PRINTERS: dict[str, dict[str, Printer]] = {
    "": {**core_pods.PRINTERS, **core_services.PRINTERS, **core.PRINTERS},
    "apps": apps.PRINTERS,
    "extensions": {**{r: apps.PRINTERS[r] for r in _APPS_IN_EXTENSIONS},
                   **{r: networking.PRINTERS[r] for r in _NETWORKING_IN_EXTENSIONS}},
    "batch": batch.PRINTERS,
    "autoscaling": autoscaling.PRINTERS,
    "policy": policy.PRINTERS,
    "rbac.authorization.k8s.io": rbac.PRINTERS,
    "networking.k8s.io": networking.PRINTERS,
    "discovery.k8s.io": discovery.PRINTERS,
    "storage.k8s.io": storage.PRINTERS,
    "coordination.k8s.io": coordination.PRINTERS,
    "scheduling.k8s.io": scheduling.PRINTERS,
    "certificates.k8s.io": certificates.PRINTERS,
    "events.k8s.io": events.PRINTERS,
    "node.k8s.io": node.PRINTERS,
    "admissionregistration.k8s.io": admissionregistration.PRINTERS,
}


def _created_at(obj: dict, now: float) -> list:
    return [name_of(obj), format_rfc3339(parse_time(dig(obj, "metadata", "creationTimestamp")))]


DEFAULT_PRINTER = Printer(
    (NAME, column("Created At", "date", "Time the object was created (metadata.creationTimestamp).")),
    _created_at)


def printer_for(group: str, resource: str) -> Printer:
    """The printer upstream registers for a resource, or the default NAME/CREATED AT one."""
    group = "" if group == "core" else group
    return PRINTERS.get(group, {}).get(resource, DEFAULT_PRINTER)


def column_definitions(group: str, resource: str) -> list[dict]:
    """The Table columns for a resource, wide ones (priority 1) included."""
    return [dict(c) for c in printer_for(group, resource).columns]


def table(group: str, resource: str, objects: list[dict], now: float, *,
          include_object: str = "Metadata", resource_version: str = "", continue_token: str = "",
          remaining_item_count: int | None = None, no_headers: bool = False,
          api_version: str = TABLE_API_VERSION) -> dict:
    """The Table an API server returns for these objects; `now` is the server clock (Unix seconds)."""
    return build_table(printer_for(group, resource), objects, now, include_object=include_object,
                       resource_version=resource_version, continue_token=continue_token,
                       remaining_item_count=remaining_item_count, no_headers=no_headers,
                       api_version=api_version)


def crd_table(crd_version: dict, objects: list[dict], now: float, **options) -> dict:
    """The Table for custom resources, from one entry of the CRD's spec.versions.

    Accepts the keyword options of `table`. Use `crd_version_for(crd, "v1")` to pick the entry.
    """
    return build_table(crd_printer(crd_version), objects, now, **options)


def build_table(printer: Printer, objects: list[dict], now: float, *,
                include_object: str = "Metadata", resource_version: str = "",
                continue_token: str = "", remaining_item_count: int | None = None,
                no_headers: bool = False, api_version: str = TABLE_API_VERSION) -> dict:
    if include_object not in INCLUDE_OBJECT_VALUES:
        raise ValueError(f'includeObject: Invalid value: "{include_object}": '
                         "must be 'Metadata', 'Object', 'None', or empty")
    metadata: dict = {}
    if resource_version:
        metadata["resourceVersion"] = resource_version
    if continue_token:
        metadata["continue"] = continue_token
    if remaining_item_count is not None:
        metadata["remainingItemCount"] = remaining_item_count
    return {
        "kind": "Table",
        "apiVersion": api_version,
        "metadata": metadata,
        "columnDefinitions": None if no_headers else [dict(c) for c in printer.columns],
        "rows": [_row(printer, obj, now, include_object, api_version) for obj in objects],
    }


def _row(printer: Printer, obj: dict, now: float, include_object: str, api_version: str) -> dict:
    cells = printer.cells(obj, now)
    if len(cells) != len(printer.columns):     # upstream's TableGenerator refuses such rows too
        raise ValueError(f"{len(cells)} cells for {len(printer.columns)} columns")
    row: dict = {"cells": cells}
    conditions = printer.conditions(obj) if printer.conditions else None
    if conditions:
        row["conditions"] = [dict(c) for c in conditions]
    if include_object in ("Metadata", ""):
        row["object"] = {"kind": "PartialObjectMetadata", "apiVersion": api_version,
                         "metadata": obj.get("metadata") or {}}
    elif include_object == "Object":
        row["object"] = obj
    return row


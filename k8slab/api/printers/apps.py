"""Group apps (and the book profile's extensions/v1beta1): deployments, replicasets, daemonsets,
statefulsets, controllerrevisions.

Follows `pkg/printers/internalversion/printers.go`: `printDeployment`, `printReplicaSet`,
`printDaemonSet`, `printStatefulSet`, `printControllerRevision` (`formatResourceName`).

Differences from upstream: a missing `spec.replicas` reads as its API default, 1. The v1.11-era
deployment columns the booklet shows (DESIRED CURRENT UP-TO-DATE AVAILABLE) are not offered: this is
today's server, whose deployment table is READY UP-TO-DATE AVAILABLE.
"""

from __future__ import annotations

from .common import (AGE, CONTAINERS_WIDE, IMAGES_WIDE, NAME, Printer, age, column, dig,
                     format_label_selector, format_labels, label_selector_string,
                     layout_container_cells, name_of)


def _selector_wide(description: str) -> dict:
    return column("Selector", "string", description, priority=1)


def _template_cells(obj: dict) -> list:
    return list(layout_container_cells(dig(obj, "spec", "template", "spec", "containers")))


DEPLOYMENT_COLUMNS = (
    NAME,
    column("Ready", "string", "Number of the pod with ready state"),
    column("Up-to-date", "string", "Number of pods running the newest pod template."),
    column("Available", "string", "Number of pods available (ready for at least minReadySeconds)."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    _selector_wide("Label query over the deployment's pods."),
)


def print_deployment(obj: dict, now: float) -> list:
    selector = label_selector_string(dig(obj, "spec", "selector"))
    status = obj.get("status") or {}
    return [name_of(obj),
            f"{status.get('readyReplicas', 0)}/{dig(obj, 'spec', 'replicas', default=1)}",
            status.get("updatedReplicas", 0), status.get("availableReplicas", 0), age(obj, now),
            *_template_cells(obj), "<invalid>" if selector is None else selector]


REPLICA_SET_COLUMNS = (
    NAME,
    column("Desired", "integer", "Number of pods the replica set wants (spec.replicas)."),
    column("Current", "integer", "Number of pods the replica set has (status.replicas)."),
    column("Ready", "integer", "Number of those pods that are ready (status.readyReplicas)."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    _selector_wide("Label query over the replica set's pods."),
)


def print_replica_set(obj: dict, now: float) -> list:
    status = obj.get("status") or {}
    return [name_of(obj), dig(obj, "spec", "replicas", default=1), status.get("replicas", 0),
            status.get("readyReplicas", 0), age(obj, now), *_template_cells(obj),
            format_label_selector(dig(obj, "spec", "selector"))]


DAEMON_SET_COLUMNS = (
    NAME,
    column("Desired", "integer", "Number of nodes that should run the daemon pod."),
    column("Current", "integer", "Number of nodes running at least one daemon pod."),
    column("Ready", "integer", "Number of nodes whose daemon pod is ready."),
    column("Up-to-date", "integer", "Number of nodes running the newest daemon pod template."),
    column("Available", "integer", "Number of nodes whose daemon pod is available."),
    column("Node Selector", "string", "Node labels the daemon pods are restricted to."),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
    _selector_wide("Label query over the daemon set's pods."),
)


def print_daemon_set(obj: dict, now: float) -> list:
    status = obj.get("status") or {}
    return [name_of(obj), status.get("desiredNumberScheduled", 0),
            status.get("currentNumberScheduled", 0), status.get("numberReady", 0),
            status.get("updatedNumberScheduled", 0), status.get("numberAvailable", 0),
            format_labels(dig(obj, "spec", "template", "spec", "nodeSelector")), age(obj, now),
            *_template_cells(obj), format_label_selector(dig(obj, "spec", "selector"))]


STATEFUL_SET_COLUMNS = (
    NAME,
    column("Ready", "string", "Number of the pod with ready state"),
    AGE,
    CONTAINERS_WIDE,
    IMAGES_WIDE,
)


def print_stateful_set(obj: dict, now: float) -> list:
    ready = dig(obj, "status", "readyReplicas", default=0)
    return [name_of(obj), f"{ready}/{dig(obj, 'spec', 'replicas', default=1)}", age(obj, now),
            *_template_cells(obj)]


CONTROLLER_REVISION_COLUMNS = (
    NAME,
    column("Controller", "string", "Controller of the object"),
    column("Revision", "string", "The revision number of the stored state."),
    AGE,
)


def controller_name(obj: dict) -> str:
    """`statefulset.apps/web` for the controlling owner; `<none>` without one."""
    for ref in dig(obj, "metadata", "ownerReferences", default=[]):
        if ref.get("controller"):
            api_version = ref.get("apiVersion", "")
            group = api_version.rsplit("/", 1)[0] if "/" in api_version else ""
            kind = ref.get("kind", "")
            if not kind and not group:
                return ref.get("name", "")
            group_kind = f"{kind}.{group}" if group else kind
            return f"{group_kind.lower()}/{ref.get('name', '')}"
    return "<none>"


def print_controller_revision(obj: dict, now: float) -> list:
    return [name_of(obj), controller_name(obj), obj.get("revision", 0), age(obj, now)]


PRINTERS = {
    "deployments": Printer(DEPLOYMENT_COLUMNS, print_deployment),
    "replicasets": Printer(REPLICA_SET_COLUMNS, print_replica_set),
    "daemonsets": Printer(DAEMON_SET_COLUMNS, print_daemon_set),
    "statefulsets": Printer(STATEFUL_SET_COLUMNS, print_stateful_set),
    "controllerrevisions": Printer(CONTROLLER_REVISION_COLUMNS, print_controller_revision),
}

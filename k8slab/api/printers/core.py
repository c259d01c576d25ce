"""Core group, everything not pod- or service-shaped: nodes, namespaces, events, configmaps, secrets,
serviceaccounts, persistentvolumes, persistentvolumeclaims, componentstatuses, resourcequotas.

Follows `pkg/printers/internalversion/printers.go`: `printNode` (`findNodeRoles`,
`getNodeInternalIP`), `printNamespace`, `printEvent` (`formatEventSource`), `printConfigMap`,
`printSecret`, `printServiceAccount`, `printPersistentVolume`, `printPersistentVolumeClaim`
(`helper.GetAccessModesAsString`, `GetPersistentVolumeClass`), `printComponentStatus`,
`printResourceQuota`. Core limitranges have no printer upstream: they get the default table.

Differences from upstream: quantities (capacity, quota used/hard) are printed as stored, not
re-canonicalized (`1024Mi` stays `1024Mi` where upstream shows `1Gi`).
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, name_of, parse_time, \
    translate_timestamp_since

# --- nodes ----------------------------------------------------------------------------------------

LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_LABEL_ROLE = "kubernetes.io/role"

NODE_COLUMNS = (
    NAME,
    column("Status", "string", "The status of the node"),
    column("Roles", "string", "The roles of the node"),
    AGE,
    column("Version", "string", "Kubelet version the node reports (status.nodeInfo.kubeletVersion)."),
    column("Internal-IP", "string", "The node's first InternalIP address.", priority=1),
    column("External-IP", "string", "The node's first ExternalIP address.", priority=1),
    column("OS-Image", "string", "Operating system image the node reports.", priority=1),
    column("Kernel-Version", "string", "Kernel version the node reports (uname -r).", priority=1),
    column("Container-Runtime", "string", "Container runtime and version the node reports.",
           priority=1),
)


def find_node_roles(node: dict) -> list[str]:
    """Roles from `node-role.kubernetes.io/<role>` keys and a `kubernetes.io/role=<role>` label."""
    roles = set()
    for key, value in (dig(node, "metadata", "labels") or {}).items():
        if key.startswith(LABEL_NODE_ROLE_PREFIX) and key[len(LABEL_NODE_ROLE_PREFIX):]:
            roles.add(key[len(LABEL_NODE_ROLE_PREFIX):])
        elif key == NODE_LABEL_ROLE and value:
            roles.add(value)
    return sorted(roles)


def node_status(node: dict) -> str:
    """`Ready`, `NotReady` or `Unknown` (no Ready condition), plus `,SchedulingDisabled` if cordoned."""
    by_type = {c.get("type"): c for c in dig(node, "status", "conditions", default=[])}
    ready = by_type.get("Ready")
    words = ["Unknown"] if ready is None else ["Ready" if ready.get("status") == "True" else "NotReady"]
    if dig(node, "spec", "unschedulable"):
        words.append("SchedulingDisabled")
    return ",".join(words)


def _node_address(node: dict, address_type: str) -> str:
    for address in dig(node, "status", "addresses", default=[]):
        if address.get("type") == address_type:
            return address.get("address", "")
    return "<none>"


def print_node(node: dict, now: float) -> list:
    info = dig(node, "status", "nodeInfo", default={})
    return [name_of(node), node_status(node), ",".join(find_node_roles(node)) or "<none>",
            age(node, now), info.get("kubeletVersion", ""),
            _node_address(node, "InternalIP"), _node_address(node, "ExternalIP"),
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


# --- namespaces, configmaps, secrets, serviceaccounts ---------------------------------------------

NAMESPACE_COLUMNS = (NAME, column("Status", "string", "The status of the namespace"), AGE)


def print_namespace(obj: dict, now: float) -> list:
    return [name_of(obj), dig(obj, "status", "phase", default=""), age(obj, now)]


CONFIG_MAP_COLUMNS = (NAME, column("Data", "string", "Number of keys in data and binaryData."), AGE)


def print_config_map(obj: dict, now: float) -> list:
    return [name_of(obj), len(obj.get("data") or {}) + len(obj.get("binaryData") or {}), age(obj, now)]


SECRET_COLUMNS = (
    NAME,
    column("Type", "string", "The secret's type, e.g. Opaque or kubernetes.io/tls."),
    column("Data", "string", "Number of keys in data."),
    AGE,
)


def print_secret(obj: dict, now: float) -> list:
    return [name_of(obj), obj.get("type", ""), len(obj.get("data") or {}), age(obj, now)]


SERVICE_ACCOUNT_COLUMNS = (
    NAME, column("Secrets", "string", "Number of secrets listed in the service account."), AGE)


def print_service_account(obj: dict, now: float) -> list:
    return [name_of(obj), len(obj.get("secrets") or []), age(obj, now)]


# --- events ---------------------------------------------------------------------------------------

EVENT_COLUMNS = (
    column("Last Seen", "string", "When the event was last observed."),
    column("Type", "string", "Normal or Warning."),
    column("Reason", "string", "Short machine-readable reason for the event."),
    column("Object", "string", "The object the event is about (involvedObject)."),
    column("Subobject", "string", "The part of the object, e.g. spec.containers{redis}.", priority=1),
    column("Source", "string", "The component (and host) that reported the event.", priority=1),
    column("Message", "string", "Human-readable description of the event."),
    column("First Seen", "string", "When the event was first observed.", priority=1),
    column("Count", "string", "How many times the event has occurred.", priority=1),
    column("Name", "string", "Name of the event object.", format="name", priority=1),
)


def format_event_source(source: dict | None, reporting_controller: str, reporting_instance: str) -> str:
    """`kubelet, node01`: component, then host when known (falling back to reporting fields)."""
    component = dig(source, "component") or reporting_controller or ""
    host = dig(source, "host") or reporting_instance or ""
    return f"{component}, {host}" if host else component


def print_event(event: dict, now: float) -> list:
    first_seen = translate_timestamp_since(event.get("firstTimestamp"), now)
    if parse_time(event.get("firstTimestamp")) is None:
        first_seen = translate_timestamp_since(event.get("eventTime"), now)
    last_seen = translate_timestamp_since(event.get("lastTimestamp"), now)
    if parse_time(event.get("lastTimestamp")) is None:
        last_seen = first_seen
    count = event.get("count") or 0
    if event.get("series") is not None:
        last_seen = translate_timestamp_since(dig(event, "series", "lastObservedTime"), now)
        count = dig(event, "series", "count", default=0)
    elif count == 0:
        count = 1           # singleton events of the new API carry no count
    involved = event.get("involvedObject") or {}
    target = (involved.get("kind") or "").lower()
    if involved.get("name"):
        target = f"{target}/{involved['name']}"
    return [last_seen, event.get("type", ""), event.get("reason", ""), target,
            involved.get("fieldPath", ""),
            format_event_source(event.get("source"), event.get("reportingComponent", ""),
                                event.get("reportingInstance", "")),
            (event.get("message") or "").strip(), first_seen, count, name_of(event)]


# --- persistent volumes and claims ----------------------------------------------------------------

BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
_ACCESS_MODE_ABBREVIATIONS = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"),
                              ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"))


def access_modes_as_string(modes: list | None) -> str:
    """`RWO,RWX`: abbreviations in a fixed order, whatever order the modes were listed in."""
    modes = modes or []
    return ",".join(short for mode, short in _ACCESS_MODE_ABBREVIATIONS if mode in modes)


def _storage(resources: dict | None) -> str:
    return str(dig(resources, "storage", default="0"))


PERSISTENT_VOLUME_COLUMNS = (
    NAME,
    column("Capacity", "string", "The volume's storage capacity."),
    column("Access Modes", "string", "How the volume can be mounted (RWO, ROX, RWX, RWOP)."),
    column("Reclaim Policy", "string", "What happens to the volume when its claim is released."),
    column("Status", "string", "The volume's phase: Available, Bound, Released, Failed."),
    column("Claim", "string", "namespace/name of the claim bound to the volume."),
    column("StorageClass", "string", "StorageClass of the pv"),
    column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
    column("Reason", "string", "Why the volume is in its phase, if it failed."),
    AGE,
    column("VolumeMode", "string", "Filesystem or Block.", priority=1),
)


def print_persistent_volume(pv: dict, now: float) -> list:
    spec, meta = pv.get("spec") or {}, pv.get("metadata") or {}
    claim_ref = spec.get("claimRef")
    claim = f"{claim_ref.get('namespace', '')}/{claim_ref.get('name', '')}" if claim_ref else ""
    phase = "Terminating" if meta.get("deletionTimestamp") else dig(pv, "status", "phase", default="")
    annotations = meta.get("annotations") or {}
    storage_class = annotations.get(BETA_STORAGE_CLASS_ANNOTATION, spec.get("storageClassName", ""))
    return [name_of(pv), _storage(spec.get("capacity")), access_modes_as_string(spec.get("accessModes")),
            spec.get("persistentVolumeReclaimPolicy", ""), phase, claim, storage_class,
            spec.get("volumeAttributesClassName") or "<unset>", dig(pv, "status", "reason", default=""),
            age(pv, now), spec.get("volumeMode") or "<unset>"]


PERSISTENT_VOLUME_CLAIM_COLUMNS = (
    NAME,
    column("Status", "string", "The claim's phase: Pending, Bound, Lost."),
    column("Volume", "string", "Name of the volume bound to the claim."),
    column("Capacity", "string", "Storage capacity of the bound volume."),
    column("Access Modes", "string", "Access modes of the bound volume."),
    column("StorageClass", "string", "StorageClass of the pvc"),
    column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
    AGE,
    column("VolumeMode", "string", "Filesystem or Block.", priority=1),
)


def print_persistent_volume_claim(pvc: dict, now: float) -> list:
    spec, status, meta = pvc.get("spec") or {}, pvc.get("status") or {}, pvc.get("metadata") or {}
    phase = "Terminating" if meta.get("deletionTimestamp") else status.get("phase", "")
    capacity = access_modes = ""
    if spec.get("volumeName"):
        access_modes = access_modes_as_string(status.get("accessModes"))
        capacity = _storage(status.get("capacity"))
    annotations = meta.get("annotations") or {}
    storage_class = annotations.get(BETA_STORAGE_CLASS_ANNOTATION, spec.get("storageClassName") or "")
    return [name_of(pvc), phase, spec.get("volumeName", ""), capacity, access_modes, storage_class,
            spec.get("volumeAttributesClassName") or "<unset>", age(pvc, now),
            spec.get("volumeMode") or "<unset>"]


# --- componentstatuses, resourcequotas ------------------------------------------------------------

COMPONENT_STATUS_COLUMNS = (
    NAME,
    column("Status", "string", "Status of the component conditions"),
    column("Message", "string", "Message of the component conditions"),
    column("Error", "string", "Error of the component conditions"),
)


def print_component_status(obj: dict, now: float) -> list:
    status, message, error = "Unknown", "", ""
    for condition in obj.get("conditions") or []:
        if condition.get("type") == "Healthy":
            status = "Healthy" if condition.get("status") == "True" else "Unhealthy"
            message, error = condition.get("message", ""), condition.get("error", "")
            break
    return [name_of(obj), status, message, error]


RESOURCE_QUOTA_COLUMNS = (
    NAME,
    column("Request", "string", "Request represents a minimum amount of cpu/memory that a container "
           "may consume."),
    column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may "
           "use independent of contention on the node."),
    AGE,
)


def print_resource_quota(obj: dict, now: float) -> list:
    """`pods: 1/10, requests.cpu: 500m/1`: used/hard per resource, `limits.*` in the second column."""
    hard, used = dig(obj, "status", "hard", default={}), dig(obj, "status", "used", default={})
    requests, limits = [], []
    for resource in sorted(hard):
        target = limits if resource.split(".")[0] == "limits" and "." in resource else requests
        target.append(f"{resource}: {used.get(resource, '0')}/{hard[resource]}")
    return [name_of(obj), ", ".join(requests), ", ".join(limits), age(obj, now)]


PRINTERS = {
    "nodes": Printer(NODE_COLUMNS, print_node),
    "namespaces": Printer(NAMESPACE_COLUMNS, print_namespace),
    "configmaps": Printer(CONFIG_MAP_COLUMNS, print_config_map),
    "secrets": Printer(SECRET_COLUMNS, print_secret),
    "serviceaccounts": Printer(SERVICE_ACCOUNT_COLUMNS, print_service_account),
    "events": Printer(EVENT_COLUMNS, print_event),
    "persistentvolumes": Printer(PERSISTENT_VOLUME_COLUMNS, print_persistent_volume),
    "persistentvolumeclaims": Printer(PERSISTENT_VOLUME_CLAIM_COLUMNS, print_persistent_volume_claim),
    "componentstatuses": Printer(COMPONENT_STATUS_COLUMNS, print_component_status),
    "resourcequotas": Printer(RESOURCE_QUOTA_COLUMNS, print_resource_quota),
}

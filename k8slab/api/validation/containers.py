"""Container-level validation: volumes, ports, env, mounts, probes, resources, security context
and tolerations, shared by Pods and every pod template.

Follows `pkg/apis/core/validation/validation.go` (v1.32): ValidateVolumes/validateVolumeSource
(its order of volume types and error paths, typo `downwarAPI` included), validateContainerPorts,
ValidateEnv (relaxed env var names, beta and on in v1.32), ValidateVolumeMounts, validateProbe
and validateHandler, validateResourceRequirements (`must be less than or equal to cpu limit of 1`),
ValidateSecurityContext, ValidateTolerations and validateContainerCommon.

Differences from upstream: most cloud volume types, resource claims, resize policies, seccomp,
AppArmor and Windows options are only counted, not checked.
"""

from __future__ import annotations

from . import field as f
from . import meta as m
from .field import Cause
from .quantity import QuantityError, parse_quantity

# validateVolumeSource's order; two of its error paths differ from the field name (typo included)
VOLUME_TYPES = ("emptyDir hostPath gitRepo gcePersistentDisk awsElasticBlockStore secret nfs iscsi glusterfs "
                "flocker persistentVolumeClaim rbd cinder cephfs quobyte downwardAPI fc flexVolume configMap "
                "azureFile vsphereVolume photonPersistentDisk portworxVolume azureDisk storageos projected "
                "scaleIO csi ephemeral image").split()
VOLUME_ERROR_NAMES = {"cephfs": "cephFS", "downwardAPI": "downwarAPI"}
PROTOCOLS = ["SCTP", "TCP", "UDP"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File",
                   "FileOrCreate", "Socket"]
FILE_MODE_MSG = "must be a number between 0 and 0777 (octal), both inclusive"
ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
                   "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
                   "status.podIPs"]
STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
MAX_INT32 = 2147483647


def _local_path(p: str, path: str) -> list[Cause]:
    errs = [f.invalid(path, p, "must be a relative path")] if p.startswith("/") else []
    if ".." in p.split("/"):
        errs.append(f.invalid(path, p, "must not contain '..'"))
    elif p.startswith(".."):
        errs.append(f.invalid(path, p, "must not start with '..'"))
    return errs


def _mode(value, path: str) -> list[Cause]:
    return [f.invalid(path, value, FILE_MODE_MSG)] if value is not None and not 0 <= value <= 0o777 else []


def _key_to_paths(items, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for i, kp in enumerate(items or []):
        p = f"{path}.items[{i}]"
        if not kp.get("key"):
            errs.append(f.required(f"{p}.key"))
        if not kp.get("path"):
            errs.append(f.required(f"{p}.path"))
        errs += _local_path(kp.get("path") or "", f"{p}.path") + _mode(kp.get("mode"), f"{p}.mode")
    return errs


def _volume_source(v: dict, path: str) -> list[Cause]:
    errs, n = [], 0
    for key in VOLUME_TYPES:
        src = v.get(key)
        if src is None:
            continue
        if n:
            err_name = VOLUME_ERROR_NAMES.get(key, key)
            errs.append(f.forbidden(f"{path}.{err_name}", "may not specify more than 1 volume type"))
            continue
        n += 1
        p = f"{path}.{key}"
        if key == "hostPath":
            if not src.get("path"):
                errs.append(f.required(f"{p}.path"))
            else:
                if ".." in src["path"].split("/"):
                    errs.append(f.invalid(f"{p}.path", src["path"], "must not contain '..'"))
                if src.get("type") is not None and src["type"] not in HOST_PATH_TYPES:
                    errs.append(f.not_supported(f"{p}.type", src["type"], HOST_PATH_TYPES))
        elif key == "secret":
            if not src.get("secretName"):
                errs.append(f.required(f"{p}.secretName"))
            errs += _mode(src.get("defaultMode"), f"{p}.defaultMode") + _key_to_paths(src.get("items"), p)
        elif key == "configMap":
            if not src.get("name"):
                errs.append(f.required(f"{p}.name"))
            errs += _mode(src.get("defaultMode"), f"{p}.defaultMode") + _key_to_paths(src.get("items"), p)
        elif key == "persistentVolumeClaim" and not src.get("claimName"):
            errs.append(f.required(f"{p}.claimName"))
        elif key == "nfs":
            errs += [f.required(f"{p}.{k}") for k in ("server", "path") if not src.get(k)]
            if not (src.get("path") or "").startswith("/"):
                errs.append(f.invalid(f"{p}.path", src.get("path", ""), "must be an absolute path"))
        elif key in ("downwardAPI", "projected"):
            errs += _mode(src.get("defaultMode"), f"{p}.defaultMode")
        elif key == "emptyDir" and src.get("sizeLimit") is not None:
            try:
                if parse_quantity(src["sizeLimit"]).value < 0:
                    errs.append(f.forbidden(f"{p}.sizeLimit",
                                            "SizeLimit field must be a valid resource quantity"))
            except QuantityError:
                pass
    if n == 0:
        errs.append(f.required(path, "must specify a volume type"))
    return errs


def validate_volumes(volumes, path: str) -> tuple[dict, list[Cause]]:
    names, errs = {}, []
    for i, v in enumerate(volumes or []):
        p = f"{path}[{i}]"
        el = _volume_source(v, p)
        name = v.get("name") or ""
        if not name:
            el.append(f.required(f"{p}.name"))
        else:
            el += f.invalids(f"{p}.name", name, m.is_dns1123_label(name))
        if name in names:
            el.append(f.duplicate(f"{p}.name", name))
        if el:
            errs += el
        else:
            names[name] = v
    return names, errs


def _ports(ports, path: str) -> list[Cause]:
    errs, names = [], set()
    for i, port in enumerate(ports or []):
        p = f"{path}[{i}]"
        name = port.get("name") or ""
        if name:
            msgs = m.is_valid_port_name(name)
            if msgs:
                errs += f.invalids(f"{p}.name", name, msgs)
            elif name in names:
                errs.append(f.duplicate(f"{p}.name", name))
            else:
                names.add(name)
        cp = port.get("containerPort") or 0
        if cp == 0:
            errs.append(f.required(f"{p}.containerPort"))
        else:
            errs += f.invalids(f"{p}.containerPort", cp, m.is_valid_port_num(cp))
        if port.get("hostPort"):
            errs += [f.invalid(f"{p}.hostPort", port["hostPort"], msg)
                     for msg in m.is_valid_port_num(port["hostPort"])]
        proto = port.get("protocol") or ""
        if not proto:
            errs.append(f.required(f"{p}.protocol"))
        elif proto not in PROTOCOLS:
            errs.append(f.not_supported(f"{p}.protocol", proto, PROTOCOLS))
    return errs


def _env(env, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for i, ev in enumerate(env or []):
        p, name = f"{path}[{i}]", ev.get("name") or ""
        if not name:
            errs.append(f.required(f"{p}.name"))
        elif any(ord(c) > 126 or ord(c) < 32 or c == "=" for c in name):
            errs.append(f.invalid(f"{p}.name", name, "a valid environment variable name must consist "
                                  "only of printable ASCII characters other than '='"))
        vf = ev.get("valueFrom")
        if vf is None:
            continue
        vp, n = f"{p}.valueFrom", 0
        if vf.get("fieldRef") is not None:
            n += 1
            fr = vf["fieldRef"]
            if not fr.get("apiVersion"):
                errs.append(f.required(f"{vp}.fieldRef.apiVersion"))
            elif not fr.get("fieldPath"):
                errs.append(f.required(f"{vp}.fieldRef.fieldPath"))
            elif "[" not in fr["fieldPath"] and fr["fieldPath"] not in ENV_FIELD_PATHS:
                errs.append(f.not_supported(f"{vp}.fieldRef.fieldPath", fr["fieldPath"], ENV_FIELD_PATHS))
        for key in ("resourceFieldRef", "configMapKeyRef", "secretKeyRef"):
            ref = vf.get(key)
            if ref is None:
                continue
            n += 1
            if key == "resourceFieldRef":
                if not ref.get("resource"):
                    errs.append(f.required(f"{vp}.resourceFieldRef.resource"))
                continue
            errs += [f.invalid(f"{vp}.{key}.name", ref.get("name", ""), msg)
                     for msg in m.name_is_dns_subdomain(ref.get("name") or "")]
            if not ref.get("key"):
                errs.append(f.required(f"{vp}.{key}.key"))
            else:
                errs += f.invalids(f"{vp}.{key}.key", ref["key"], m.is_config_map_key(ref["key"]))
        if n == 0:
            errs.append(f.invalid(vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, "
                                  "`configMapKeyRef` or `secretKeyRef`"))
        elif ev.get("value"):
            errs.append(f.invalid(vp, "", "may not be specified when `value` is not empty"))
        elif n > 1:
            errs.append(f.invalid(vp, "", "may not have more than one field specified at a time"))
    return errs


def _mounts(mounts, volumes: dict, path: str) -> list[Cause]:
    errs, seen = [], set()
    for i, mnt in enumerate(mounts or []):
        p = f"{path}[{i}]"
        if not mnt.get("name"):
            errs.append(f.required(f"{p}.name"))
        if mnt.get("name", "") not in volumes:
            errs.append(f.not_found(f"{p}.name", mnt.get("name", "")))
        mp = mnt.get("mountPath") or ""
        if not mp:
            errs.append(f.required(f"{p}.mountPath"))
        if mp in seen:
            errs.append(f.invalid(f"{p}.mountPath", mp, "must be unique"))
        seen.add(mp)
        if mnt.get("subPath"):
            errs += _local_path(mnt["subPath"], f"{path}.subPath")
    return errs


def validate_handler(h: dict, grace, path: str) -> list[Cause]:
    errs, n = [], 0
    for key in ("exec", "httpGet", "tcpSocket", "grpc", "sleep"):
        act = h.get(key)
        if act is None:
            continue
        if n:
            errs.append(f.forbidden(f"{path}.{key}", "may not specify more than 1 handler type"))
            continue
        n += 1
        p = f"{path}.{key}"
        if key == "exec" and not act.get("command"):
            errs.append(f.required(f"{p}.command"))
        if key == "httpGet":
            if not act.get("path"):
                errs.append(f.required(f"{p}.path"))
            errs += _port_num_or_name(act.get("port"), f"{p}.port")
            if act.get("scheme") not in ("HTTP", "HTTPS"):
                errs.append(f.not_supported(f"{p}.scheme", act.get("scheme", ""), ["HTTP", "HTTPS"]))
        if key in ("tcpSocket", "grpc"):
            errs += _port_num_or_name(act.get("port"), f"{p}.port")
    if n == 0:
        errs.append(f.required(path, "must specify a handler type"))
    return errs


def _port_num_or_name(port, path: str) -> list[Cause]:
    if isinstance(port, str):
        return f.invalids(path, port, m.is_valid_port_name(port))
    return f.invalids(path, port or 0, m.is_valid_port_num(port or 0))


def validate_probe(probe, kind: str, grace, path: str) -> list[Cause]:
    if probe is None:
        return []
    errs = validate_handler(probe, grace, path)
    for k in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        errs += m.nonnegative(probe.get(k, 0), f"{path}.{k}")
    if kind in ("livenessProbe", "startupProbe") and probe.get("successThreshold", 1) != 1:
        errs.append(f.invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1"))
    return errs


STANDARD_RESOURCES = STANDARD_CONTAINER_RESOURCES | {
    "storage", "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
    "persistentvolumeclaims", "requests.cpu", "requests.memory", "requests.storage",
    "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage"}


def _resource_name(name: str, path: str) -> list[Cause]:
    """validateContainerResourceName: a standard container resource or a qualified extended one."""
    errs = f.invalids(path, name, m.is_qualified_name(name))
    if errs or "/" in name or name.startswith("hugepages-"):
        return errs
    if name not in STANDARD_RESOURCES:
        errs.append(f.invalid(path, name, "must be a standard resource type or fully qualified"))
    if name not in STANDARD_CONTAINER_RESOURCES:
        errs.append(f.invalid(path, name, "must be a standard resource for containers"))
    return errs


def validate_resources(res: dict, path: str) -> list[Cause]:
    errs: list[Cause] = []
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    parsed_limits = {}
    for name, q in sorted(limits.items()):
        p = f"{path}.limits[{name}]"
        errs += _resource_name(name, p)
        try:
            parsed_limits[name] = qty = parse_quantity(q)
            if qty.value < 0:
                errs.append(f.invalid(p, str(qty), f.IS_NEGATIVE))
        except QuantityError:
            pass
    for name, q in sorted(requests.items()):
        p = f"{path}.requests[{name}]"
        errs += _resource_name(name, p)
        try:
            qty = parse_quantity(q)
        except QuantityError:
            continue
        if qty.value < 0:
            errs.append(f.invalid(p, str(qty), f.IS_NEGATIVE))
        lim = parsed_limits.get(name)
        native = "/" not in name or name.startswith("kubernetes.io/")
        overcommit = native and not name.startswith("hugepages-")
        if lim is not None:
            if qty != lim and not overcommit:
                errs.append(f.invalid(f"{path}.requests", str(qty), f"must be equal to {name} limit of {lim}"))
            elif qty > lim:
                errs.append(f.invalid(f"{path}.requests", str(qty),
                                      f"must be less than or equal to {name} limit of {lim}"))
        elif not overcommit:
            errs.append(f.required(f"{path}.limits", "Limit must be set for non overcommitable resources"))
    return errs


def validate_security_context(sc, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for k in ("runAsUser", "runAsGroup"):
        v = (sc or {}).get(k)
        if v is not None and not 0 <= v <= MAX_INT32:
            errs.append(f.invalid(f"{path}.{k}", v, m.range_error(0, MAX_INT32)))
    return errs


def validate_container_common(c: dict, volumes: dict, path: str) -> list[Cause]:
    errs: list[Cause] = []
    name = c.get("name") or ""
    if not name:
        errs.append(f.required(f"{path}.name"))
    else:
        errs += f.invalids(f"{path}.name", name, m.is_dns1123_label(name))
    if not c.get("image"):
        errs.append(f.required(f"{path}.image"))
    tmp = c.get("terminationMessagePolicy") or ""
    if not tmp:
        errs.append(f.required(f"{path}.terminationMessagePolicy"))
    elif tmp not in ("File", "FallbackToLogsOnError"):
        errs.append(f.not_supported(f"{path}.terminationMessagePolicy", tmp, ["File", "FallbackToLogsOnError"]))
    errs += _ports(c.get("ports"), f"{path}.ports") + _env(c.get("env"), f"{path}.env")
    errs += _mounts(c.get("volumeMounts"), volumes, f"{path}.volumeMounts")
    pp = c.get("imagePullPolicy") or ""
    if not pp:
        errs.append(f.required(f"{path}.imagePullPolicy"))
    elif pp not in PULL_POLICIES:
        errs.append(f.not_supported(f"{path}.imagePullPolicy", pp, PULL_POLICIES))
    errs += validate_resources(c.get("resources") or {}, f"{path}.resources")
    errs += validate_security_context(c.get("securityContext"), f"{path}.securityContext")
    return errs


def host_port_conflicts(containers, path: str, seen: set) -> list[Cause]:
    errs: list[Cause] = []
    for ci, c in enumerate(containers):
        for pi, port in enumerate(c.get("ports") or []):
            if port.get("hostPort"):
                key = f"{port.get('protocol', '')}/{port.get('hostIP', '')}/{port['hostPort']}"
                if key in seen:
                    errs.append(f.duplicate(f"{path}[{ci}].ports[{pi}].hostPort", key))
                seen.add(key)
    return errs


def validate_tolerations(tols, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for i, t in enumerate(tols or []):
        p, key, op = f"{path}[{i}]", t.get("key") or "", t.get("operator") or ""
        if key:
            errs += m.validate_label_name(key, f"{p}.key")
        if not key and op != "Exists":
            errs.append(f.invalid(f"{p}.operator", op, "operator must be Exists when `key` is empty, "
                                  "which means \"match all values and all keys\""))
        if t.get("tolerationSeconds") is not None and t.get("effect") != "NoExecute":
            errs.append(f.invalid(f"{p}.effect", t.get("effect", ""),
                                  "effect must be 'NoExecute' when `tolerationSeconds` is set"))
        if op in ("Equal", ""):
            msgs = m.is_valid_label_value(t.get("value") or "")
            if msgs:
                errs.append(f.invalid(f"{p}.operator", t.get("value", ""), ";".join(msgs)))
        elif op == "Exists":
            if t.get("value"):
                errs.append(f.invalid(f"{p}.operator", t["value"],
                                      "value must be empty when `operator` is 'Exists'"))
        else:
            errs.append(f.not_supported(f"{p}.operator", op, ["Equal", "Exists"]))
        eff = t.get("effect") or ""
        if eff and eff not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            errs.append(f.not_supported(f"{p}.effect", eff, ["NoSchedule", "PreferNoSchedule", "NoExecute"]))
    return errs

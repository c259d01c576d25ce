"""The objects kubectl's generators build: `create namespace|deployment|service|configmap|secret|
serviceaccount|role|clusterrole|rolebinding|clusterrolebinding`, `run` and `expose`.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/create/create_*.go` (the builders and their input
errors), `pkg/generate/versioned/run.go` (BasicPod), `pkg/cmd/expose/expose.go` (createService),
`pkg/generate/generate.go` (ParseLabels) and `pkg/cmd/util/env_file.go`, `pkg/util/util.go`
(ParseFileSource, ParseLiteralSource).

Each builder returns the object as Go's encoding/json writes the typed struct: fields in the
struct's order (so `-o json --dry-run=client` matches), empty structs kept (`"resources": {}`,
`"status": {}`), `"creationTimestamp": null`, maps with sorted keys. Bad input raises
`GeneratorError` with upstream's message.
"""

from __future__ import annotations

import base64
import os
import re


class GeneratorError(Exception):
    """Bad generator input; the message is upstream's (printed as `error: <message>`)."""


def object_meta(name: str, namespace: str = "", labels: dict | None = None,
                annotations: dict | None = None) -> dict:
    meta: dict = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    meta["creationTimestamp"] = None
    if labels:
        meta["labels"] = dict(sorted(labels.items()))
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    return meta


def _typed(kind: str, api_version: str, meta: dict, **rest) -> dict:
    return {"kind": kind, "apiVersion": api_version, "metadata": meta, **rest}


# ---- namespace, serviceaccount -------------------------------------------------------------------

def namespace(name: str) -> dict:
    return _typed("Namespace", "v1", object_meta(name), spec={}, status={})


def service_account(name: str, ns: str = "") -> dict:
    return _typed("ServiceAccount", "v1", object_meta(name, ns))


# ---- deployment ----------------------------------------------------------------------------------

def container_name_for_image(image: str, rand=None) -> str:
    """create deployment's container name: the image's last path part without tag or digest;
    `_` and `.` become `-` and a random 5-character suffix is added (sanitizeAndUniquify)."""
    name = image.split("/")[-1]
    if ":" in name:
        name = name.split(":")[0]
    if "@" in name:
        name = name.split("@")[0]
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-") + "-" + random_suffix(5, rand)
    return name


def random_suffix(n: int, rand=None) -> str:
    """utilrand.String: n characters from `bcdfghjklmnpqrstvwxz2456789`."""
    import random
    r = rand or random.SystemRandom()
    return "".join(r.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(n))


def deployment(name: str, images: list[str], *, replicas: int = 1, port: int = -1, command=(),
               ns: str = "", rand=None) -> dict:
    if len(images) > 1 and command:
        raise GeneratorError("cannot specify multiple --image options and command")
    labels = {"app": name}
    containers = []
    for image in images:
        c: dict = {"name": container_name_for_image(image, rand), "image": image}
        if command:
            c["command"] = list(command)
        c["resources"] = {}
        containers.append(c)
    if port >= 0 and containers:
        c = containers[0]
        containers[0] = {**{k: c[k] for k in ("name", "image", "command") if k in c},
                         "ports": [{"containerPort": port}], "resources": {}}
    return _typed("Deployment", "apps/v1", object_meta(name, ns, labels), spec={
        "replicas": replicas,
        "selector": {"matchLabels": dict(labels)},
        "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                     "spec": {"containers": containers}},
        "strategy": {}}, status={})


# ---- services --------------------------------------------------------------------------------------

def parse_port(text: str) -> int:
    """utilsnet.ParsePort(text, allowZero=true)."""
    if not re.fullmatch(r"[0-9]+", text or "") or int(text) > 65535:
        detail = "value out of range" if re.fullmatch(r"[0-9]+", text or "") else "invalid syntax"
        raise GeneratorError(f'strconv.ParseUint: parsing "{text}": {detail}')
    return int(text)


def _target_port(text: str):
    from k8slab.api.validation.meta import is_valid_port_name, is_valid_port_num
    if re.fullmatch(r"[+-]?[0-9]+", text):
        errs = is_valid_port_num(int(text))
        if errs:
            raise GeneratorError(",".join(errs))
        return int(text)
    errs = is_valid_port_name(text)
    if errs:
        raise GeneratorError(",".join(errs))
    return text


def service(name: str, kind: str, tcp: list[str], *, cluster_ip: str = "", node_port: int = 0,
            external_name: str = "", ns: str = "") -> dict:
    """create service clusterip|nodeport|loadbalancer|externalname."""
    from k8slab.api.validation.meta import is_dns1123_subdomain
    if cluster_ip == "None" and kind != "ClusterIP":
        raise GeneratorError("ClusterIP=None can only be used with ClusterIP service type")
    if cluster_ip != "None" and not tcp and kind != "ExternalName":
        raise GeneratorError("at least one tcp port specifier must be provided")
    if kind == "ExternalName" and is_dns1123_subdomain(external_name):
        raise GeneratorError(f"invalid service external name {external_name}")
    ports = []
    for spec in tcp:
        parts = spec.split(":")
        port = parse_port(parts[0])
        target = port if len(parts) == 1 else _target_port(parts[1])
        p = {"name": spec.replace(":", "-"), "protocol": "TCP", "port": port, "targetPort": target}
        if node_port:
            p["nodePort"] = node_port
        ports.append(p)
    spec: dict = {}
    if ports:
        spec["ports"] = ports
    spec["selector"] = {"app": name}
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    spec["type"] = kind
    if external_name:
        spec["externalName"] = external_name
    return _typed("Service", "v1", object_meta(name, ns, {"app": name}), spec=spec,
                  status={"loadBalancer": {}})


def parse_labels(spec: str) -> dict:
    """generate.ParseLabels: `k=v,k2=v2`."""
    if not spec:
        raise GeneratorError("no label spec passed")
    labels = {}
    for item in spec.split(","):
        kv = item.split("=")
        if len(kv) != 2:
            raise GeneratorError(f"unexpected label spec: {item}")
        if not kv[0]:
            raise GeneratorError("unexpected empty label key")
        labels[kv[0]] = kv[1]
    return labels


def exposed_service(*, name: str, selector: str, ports: list[str], protocol: str = "",
                    protocols: dict | None = None, labels: str = "", target_port: str = "",
                    external_ip: str = "", service_type: str = "", load_balancer_ip: str = "",
                    session_affinity: str = "", cluster_ip: str = "") -> dict:
    """expose.go createService: one port per `ports` entry (named port-N when several)."""
    if not selector:
        raise GeneratorError("selector must be specified")
    sel = parse_labels(selector)
    lab = parse_labels(labels) if labels else None
    if not name:
        raise GeneratorError("name must be specified")
    service_ports = []
    for i, text in enumerate(ports):
        try:
            port = int(text, 10)
        except ValueError:
            raise GeneratorError(f'strconv.Atoi: parsing "{text}": invalid syntax') from None
        port_name = f"port-{i + 1}" if len(ports) > 1 else ""
        proto = protocol
        if not protocol and protocols:
            found = protocols.get(text)
            if found and len(found) > 1:
                for p in found:
                    service_ports.append({"name": f"port-{i + 1}-{p.lower()}", "protocol": p, "port": port})
                continue
            proto = found[0] if found else "TCP"
        elif not protocol:
            proto = "TCP"
        entry = {"name": port_name} if port_name else {}
        service_ports.append({**entry, "protocol": proto, "port": port})
    for p in service_ports:
        if target_port:
            p["targetPort"] = int(target_port) if re.fullmatch(r"[0-9]+", target_port) else target_port
        else:
            p["targetPort"] = p["port"]
    spec: dict = {}
    if service_ports:
        spec["ports"] = service_ports
    spec["selector"] = dict(sorted(sel.items()))
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if service_type:
        spec["type"] = service_type
    if external_ip:
        spec["externalIPs"] = [external_ip]
    if session_affinity:
        if session_affinity not in ("None", "ClientIP"):
            raise GeneratorError(f"unknown session affinity: {session_affinity}")
        spec["sessionAffinity"] = session_affinity
    if service_type == "LoadBalancer" and load_balancer_ip:
        spec["loadBalancerIP"] = load_balancer_ip
    order = ("ports", "selector", "clusterIP", "type", "externalIPs", "sessionAffinity", "loadBalancerIP")
    spec = {k: spec[k] for k in order if k in spec}
    return _typed("Service", "v1", object_meta(name, labels=lab), spec=spec, status={"loadBalancer": {}})


# ---- configmaps and secrets ------------------------------------------------------------------------

def parse_literal_source(source: str) -> tuple[str, str]:
    if source.startswith("=") or "=" not in source:
        raise GeneratorError(f"invalid literal source {source}, expected key=value")
    key, value = source.split("=", 1)
    return key, value


def parse_file_source(source: str) -> tuple[str, str]:
    n = source.count("=")
    if n == 0:
        return os.path.basename(source.rstrip("/")) or "/", source
    if n == 1 and source.startswith("="):
        raise GeneratorError(f"key name for file path {source[1:]} missing")
    if n == 1 and source.endswith("="):
        raise GeneratorError(f"file path for key name {source[:-1]} missing")
    if n > 1:
        raise GeneratorError("key names or file paths cannot contain '='")
    key, path = source.split("=")
    return key, path


ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """validation.RegexError, with its two spaces before each ` or `."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    return f"{msg} (e.g. " + " or ".join(f"'{e}', " for e in examples) + f"regex used for validation is '{fmt}')"


CONFIG_MAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def is_config_map_key(key: str) -> list[str]:
    errs = ["must be no more than 253 characters"] if len(key) > 253 else []
    if not CONFIG_MAP_KEY.match(key):
        errs.append(regex_error("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"))
    errs += _dots(key)
    return errs


def _dots(key: str) -> list[str]:
    if key == ".":
        return ["must not be '.'"]
    if key == "..":
        return ["must not be '..'"]
    if key.startswith(".."):
        return ["must not start with '..'"]
    return []


def is_env_var_name(name: str) -> list[str]:
    errs = []
    if not ENV_NAME.match(name):
        errs.append(regex_error("a valid environment variable name must consist of alphabetic characters, "
                                "digits, '_', '-', or '.', and must not start with a digit",
                                "[-._a-zA-Z][-._a-zA-Z0-9]*", "my.env-name", "MY_ENV.NAME", "MyEnvName1"))
    return errs + _dots(name)


def env_file_pairs(path: str, env: dict | None = None) -> list[tuple[str, str]]:
    """cmdutil.AddFromEnvFile: KEY=VALUE lines, `#` comments, a bare KEY takes its value from the
    environment."""
    env = os.environ if env is None else env
    with open(path, "rb") as f:
        data = f.read()
    out = []
    for i, raw in enumerate(data.split(b"\n") if data else []):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GeneratorError(f"env file {path} contains invalid utf8 bytes at line {i + 1}: "
                                 f"[{' '.join(str(b) for b in raw)}]") from None
        if i == 0:
            line = line.lstrip("\ufeff")
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        errs = is_env_var_name(key)
        if errs:
            raise GeneratorError(f'"{key}" is not a valid key name: {";".join(errs)}')
        out.append((key, value if eq else env.get(key, "")))
    return out


def _stat_source(path: str, directory_error: str = ""):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise GeneratorError(f"error reading {path}: no such file or directory") from None
    except OSError as e:
        raise GeneratorError(f"error reading {path}: {(e.strerror or str(e)).lower()}") from None
    import stat
    return stat.S_ISDIR(st.st_mode)


def _file_entries(source: str) -> list[tuple[str, str]]:
    """(key, path) for a --from-file source: a file, or each regular file of a directory."""
    key, path = parse_file_source(source)
    if _stat_source(path):
        if "=" in source:
            raise GeneratorError("cannot give a key name for a directory path")
        out = []
        for entry in sorted(os.scandir(path), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False):
                out.append((entry.name, entry.path))
        return out
    return [(key, path)]


def config_map(name: str, *, literals=(), files=(), env_files=(), ns: str = "", env=None) -> dict:
    if env_files and (files or literals):
        raise GeneratorError("from-env-file cannot be combined with from-file or from-literal")
    data: dict[str, str] = {}
    binary: dict[str, str] = {}

    def add(key: str, value, is_binary: bool = False) -> None:
        errs = is_config_map_key(key)
        if errs:
            raise GeneratorError(f'"{key}" is not a valid key name for a ConfigMap: {",".join(errs)}')
        if key in data:
            raise GeneratorError(f'cannot add key "{key}", another key by that name already exists in Data '
                                 f'for ConfigMap "{name}"')
        if key in binary:
            raise GeneratorError(f'cannot add key "{key}", another key by that name already exists in '
                                 f'BinaryData for ConfigMap "{name}"')
        if is_binary:
            binary[key] = base64.b64encode(value).decode()
        else:
            data[key] = value

    for source in files:
        for key, path in _file_entries(source):
            with open(path, "rb") as f:
                raw = f.read()
            try:
                add(key, raw.decode("utf-8"))
            except UnicodeDecodeError:
                add(key, raw, is_binary=True)
    for source in literals:
        add(*parse_literal_source(source))
    for path in env_files:
        if _stat_source(path):
            raise GeneratorError("env config file cannot be a directory")
        for key, value in env_file_pairs(path, env):
            add(key, value)
    body: dict = {}
    if data:
        body["data"] = dict(sorted(data.items()))
    if binary:
        body["binaryData"] = dict(sorted(binary.items()))
    return _typed("ConfigMap", "v1", object_meta(name, ns), **body)


def _secret(name: str, ns: str, data: dict, secret_type: str) -> dict:
    body: dict = {}
    if data:
        body["data"] = {k: base64.b64encode(v).decode() for k, v in sorted(data.items())}
    if secret_type:
        body["type"] = secret_type
    return _typed("Secret", "v1", object_meta(name, ns), **body)


def _add_secret_key(data: dict, key: str, value: bytes) -> None:
    errs = is_config_map_key(key)
    if errs:
        raise GeneratorError(f'"{key}" is not valid key name for a Secret {";".join(errs)}')
    if key in data:
        raise GeneratorError(f"cannot add key {key}, another key by that name already exists")
    data[key] = value


def _secret_files(data: dict, files) -> None:
    for source in files:
        for key, path in _file_entries(source):
            with open(path, "rb") as f:
                _add_secret_key(data, key, f.read())


def secret_generic(name: str, *, literals=(), files=(), env_files=(), secret_type: str = "", ns: str = "",
                   env=None) -> dict:
    data: dict[str, bytes] = {}
    for source in literals:
        key, value = parse_literal_source(source)
        _add_secret_key(data, key, value.encode())
    _secret_files(data, files)
    for path in env_files:
        if _stat_source(path):
            raise GeneratorError("env secret file cannot be a directory")
        for key, value in env_file_pairs(path, env):
            _add_secret_key(data, key, value.encode())
    return _secret(name, ns, data, secret_type)


def secret_docker_registry(name: str, *, username: str = "", password: str = "", email: str = "",
                           server: str = "https://index.docker.io/v1/", files=(), ns: str = "") -> dict:
    if not files and not (username and password and server):
        raise GeneratorError("either --from-file or the combination of --docker-username, --docker-password "
                             "and --docker-server is required")
    data: dict[str, bytes] = {}
    if files:
        _secret_files(data, [f if "=" in f else f".dockerconfigjson={f}" for f in files])
    else:
        from .printers.json import compact
        entry = {k: v for k, v in (("username", username), ("password", password), ("email", email),
                                   ("auth", base64.b64encode(f"{username}:{password}".encode()).decode())) if v}
        data[".dockerconfigjson"] = ('{"auths":{' + compact(server) + ":" + _ordered_json(entry) + "}}").encode()
    return _secret(name, ns, data, "kubernetes.io/dockerconfigjson")


def _ordered_json(entry: dict) -> str:
    from .printers.json import compact
    return "{" + ",".join(f"{compact(k)}:{compact(v)}" for k, v in entry.items()) + "}"


def secret_tls(name: str, *, cert: str, key: str, ns: str = "") -> dict:
    if not cert or not key:
        raise GeneratorError("key and cert must be specified")
    cert_pem, key_pem = _read(cert), _read(key)
    check_key_pair(cert_pem, key_pem)
    return _secret(name, ns, {"tls.crt": cert_pem, "tls.key": key_pem}, "kubernetes.io/tls")


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise GeneratorError(f"Cannot read file {path}, open {path}: {(e.strerror or '').lower()}") from None


def _pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    """(type, whole block) for each PEM block, as encoding/pem.Decode finds them."""
    out = []
    for m in re.finditer(rb"-----BEGIN ([^-\r\n]*)-----\r?\n.*?-----END \1-----", data, re.S):
        out.append((m.group(1).decode(), m.group(0)))
    return out


def check_key_pair(cert_pem: bytes, key_pem: bytes) -> None:
    """tls.X509KeyPair's errors."""
    blocks = _pem_blocks(cert_pem)
    certs = [b for t, b in blocks if t == "CERTIFICATE"]
    if not certs:
        skipped = [t for t, _ in blocks]
        if not skipped:
            raise GeneratorError("tls: failed to find any PEM data in certificate input")
        if len(skipped) == 1 and skipped[0].endswith("PRIVATE KEY"):
            raise GeneratorError("tls: failed to find certificate PEM data in certificate input, but did find a "
                                 "private key; PEM inputs may have been switched")
        raise GeneratorError('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM '
                             f"blocks of the following types: [{' '.join(skipped)}]")
    skipped, key_block = [], None
    for t, b in _pem_blocks(key_pem):
        if t == "PRIVATE KEY" or t.endswith(" PRIVATE KEY"):
            key_block = b
            break
        skipped.append(t)
    if key_block is None:
        if not skipped:
            raise GeneratorError("tls: failed to find any PEM data in key input")
        if skipped == ["CERTIFICATE"]:
            raise GeneratorError("tls: found a certificate rather than a key in the PEM for the private key")
        raise GeneratorError('tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after '
                             f"skipping PEM blocks of the following types: [{' '.join(skipped)}]")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        return
    try:
        c = x509.load_pem_x509_certificate(certs[0])
    except ValueError:
        raise GeneratorError("x509: malformed certificate") from None
    try:
        k = serialization.load_pem_private_key(key_block, password=None)
    except (ValueError, TypeError):
        raise GeneratorError("tls: failed to parse private key") from None
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if c.public_key().public_bytes(*fmt) != k.public_key().public_bytes(*fmt):
        raise GeneratorError("tls: private key does not match public key")


# ---- RBAC ----------------------------------------------------------------------------------------

RBAC_V1 = "rbac.authorization.k8s.io/v1"


def policy_rules(verbs: list[str], resources: list[tuple[str, str, str]], resource_names: list[str],
                 non_resource_urls: list[str] = ()) -> list[dict]:
    """generateResourcePolicyRules: one rule per API group (sorted), then the non-resource URLs.
    `resources` are (group, resource, subresource) already mapped through discovery."""
    by_group: dict[str, list[str]] = {}
    for group, res, sub in resources:
        name = f"{res}/{sub}" if sub else res
        names = by_group.setdefault(group, [])
        if name not in names:
            names.append(name)
    rules = []
    for group in sorted(by_group):
        rule = {"verbs": list(verbs), "apiGroups": [group], "resources": by_group[group]}
        if resource_names:
            rule["resourceNames"] = list(resource_names)
        rules.append(rule)
    if non_resource_urls:
        rules.append({"verbs": list(verbs), "nonResourceURLs": list(non_resource_urls)})
    return rules


def role(name: str, rules: list[dict], ns: str = "", kind: str = "Role", aggregation_rule=None) -> dict:
    body: dict = {"rules": rules or None}          # `rules` has no omitempty: null when aggregated
    if aggregation_rule is not None:
        body["aggregationRule"] = aggregation_rule
    return _typed(kind, RBAC_V1, object_meta(name, ns), **body)


def subjects(users=(), groups=(), service_accounts=()) -> list[dict]:
    out = [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": u} for u in users]
    out += [{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": g} for g in groups]
    for sa in service_accounts:
        parts = sa.split(":")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise GeneratorError("serviceaccount must be <namespace>:<name>")
        out.append({"kind": "ServiceAccount", "name": parts[1], "namespace": parts[0]})
    return out


def binding(name: str, role_kind: str, role_name: str, subject_list: list[dict], ns: str = "",
            kind: str = "RoleBinding") -> dict:
    body: dict = {}
    if subject_list:
        body["subjects"] = subject_list
    body["roleRef"] = {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}
    return _typed(kind, RBAC_V1, object_meta(name, ns), **body)


# ---- run ------------------------------------------------------------------------------------------

def parse_envs(envs: list[str]) -> list[dict]:
    out = []
    for env in envs:
        pos = env.find("=")
        if pos <= 0 or is_env_var_name(env[:pos]):
            raise GeneratorError(f"invalid env: {env}")
        out.append({"name": env[:pos], "value": env[pos + 1:]})
    return out


def parse_pairs(pairs: list[str], pair_type: str) -> dict:
    """cmdutil.ParsePairs without removal: `k=v` pairs, everything else reported at once."""
    out, invalid = {}, []
    for p in pairs:
        if "=" in p and not p.startswith("="):
            k, v = p.split("=", 1)
            out[k] = v
        else:
            invalid.append(p)
    if invalid:
        raise GeneratorError(f"invalid {pair_type} format: {', '.join(invalid)}")
    return out


def pod(name: str, image: str, *, labels: str = "", annotations=(), env=(), port: str = "",
        restart: str = "Always", args=(), command: bool = False, stdin: bool = False, tty: bool = False,
        leave_stdin_open: bool = False, image_pull_policy: str = "", privileged: bool = False,
        ns: str = "") -> dict:
    """BasicPod: the Pod `kubectl run` creates (label run=<name> unless --labels)."""
    envs = parse_envs(list(env))
    notes = parse_pairs(list(annotations), "annotations") if annotations else None
    pod_labels = parse_labels(labels) if labels else {"run": name}
    c: dict = {"name": name, "image": image}
    if args:
        c["command" if command else "args"] = list(args)
    if port:
        try:
            c["ports"] = [{"containerPort": int(port, 10)}]
        except ValueError:
            raise GeneratorError(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
    if envs:
        c["env"] = envs
    c["resources"] = {}
    if image_pull_policy:
        c["imagePullPolicy"] = image_pull_policy
    if privileged:
        c["securityContext"] = {"privileged": True}
    if stdin:
        c["stdin"] = True
        if not leave_stdin_open:
            c["stdinOnce"] = True
    if tty:
        c["tty"] = True
    return _typed("Pod", "v1", object_meta(name, ns, pod_labels, notes),
                  spec={"containers": [c], "restartPolicy": restart or "Always", "dnsPolicy": "ClusterFirst"},
                  status={})


def run_deployment(name: str, image: str, *, labels: str = "", env=(), port: str = "", args=(),
                   command: bool = False, replicas: int = 1, ns: str = "") -> dict:
    """What v1.11's `kubectl run` made by default (generator deployment/apps.v1beta1): a
    Deployment labelled run=<name> whose template holds the same container."""
    p = pod(name, image, labels=labels, env=env, port=port, args=args, command=command)
    pod_labels = p["metadata"]["labels"]
    return _typed("Deployment", "apps/v1", object_meta(name, ns, pod_labels), spec={
        "replicas": replicas,
        "selector": {"matchLabels": dict(pod_labels)},
        "template": {"metadata": {"creationTimestamp": None, "labels": dict(pod_labels)},
                     "spec": {"containers": p["spec"]["containers"]}},
        "strategy": {}}, status={})

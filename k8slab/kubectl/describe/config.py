"""Config maps, secrets and service accounts.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (ConfigMapDescriber: each key,
`----`, its value, a blank line, then BinaryData sizes; SecretDescriber: sizes as `N bytes`,
a service-account token's `token` shown as text; ServiceAccountDescriber: the token secrets
that name the account, secrets it lists that do not exist marked `(not found)`).

Differences from upstream: keys of data and binaryData are printed in sorted order; upstream
walks Go maps, whose order is random (for up to eight keys a rotation of the sorted order,
sorted most of the time).
"""

from __future__ import annotations

import base64

from ..errors import StatusError
from .context import DescribeContext, core_path, meta
from .events import describe_events, search_events
from .workloads import events_for
from .writer import LEVEL_0, PrefixWriter, print_annotations_multiline, print_labels_multiline

SA_TOKEN_TYPE = "kubernetes.io/service-account-token"
SA_NAME = "kubernetes.io/service-account.name"
SA_UID = "kubernetes.io/service-account.uid"


def _decoded_len(value: str) -> int:
    try:
        return len(base64.b64decode(value or ""))
    except ValueError:
        return len(value or "")


def describe_config_map(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    cm = ctx.get(core_path("configmaps", namespace, name))
    w = PrefixWriter()
    m = meta(cm)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, "\nData\n====\n")
    for k, v in sorted((cm.get("data") or {}).items()):
        w.write(LEVEL_0, f"{k}:\n----\n")
        w.write(LEVEL_0, f"{v}\n")
        w.write(LEVEL_0, "\n")
    w.write(LEVEL_0, "\nBinaryData\n====\n")
    for k, v in sorted((cm.get("binaryData") or {}).items()):
        w.write(LEVEL_0, f"{k}: {_decoded_len(v)} bytes\n")
    w.write(LEVEL_0, "\n")
    if ctx.show_events:
        describe_events(search_events(ctx, cm, "ConfigMap"), w, ctx.now)
    return w.string()


def describe_secret(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    secret = ctx.get(core_path("secrets", namespace, name))
    w = PrefixWriter()
    m = meta(secret)
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    w.write(LEVEL_0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(LEVEL_0, "\nData\n====\n")
    for k, v in sorted((secret.get("data") or {}).items()):
        if k == "token" and secret.get("type") == SA_TOKEN_TYPE:
            w.write(LEVEL_0, f"{k}:\t{base64.b64decode(v or '').decode('utf-8', 'replace')}\n")
        else:
            w.write(LEVEL_0, f"{k}:\t{_decoded_len(v)} bytes\n")
    return w.string()


def describe_service_account(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    sa = ctx.get(core_path("serviceaccounts", namespace, name))
    m = meta(sa)
    tokens: list[str] = []
    missing: set[str] = set()
    try:
        secrets = ctx.list(core_path("secrets", namespace))
    except StatusError:
        secrets = None
    if secrets is not None:
        existing = set()
        for s in secrets:
            sm = meta(s)
            annotations = sm.get("annotations") or {}
            if (s.get("type") == SA_TOKEN_TYPE and annotations.get(SA_NAME, "") == m.get("name", "")
                    and annotations.get(SA_UID, "") == m.get("uid", "")):
                tokens.append(sm.get("name", ""))
            existing.add(sm.get("name", ""))
        for ref in (sa.get("secrets") or []) + (sa.get("imagePullSecrets") or []):
            if ref.get("name", "") not in existing:
                missing.add(ref.get("name", ""))
    events = events_for(ctx, sa, "ServiceAccount")
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    print_labels_multiline(w, "Labels", m.get("labels"))
    print_annotations_multiline(w, "Annotations", m.get("annotations"))
    empty = "                   "
    blocks = {
        "Image pull secrets:": [s.get("name", "") for s in sa.get("imagePullSecrets") or []],
        "Mountable secrets: ": [s.get("name", "") for s in sa.get("secrets") or []],
        "Tokens:            ": tokens,
    }
    for header in sorted(blocks):
        names = blocks[header]
        if not names:
            w.write(LEVEL_0, f"{header}\t<none>\n")
            continue
        prefix = header
        for secret_name in names:
            suffix = " (not found)" if secret_name in missing else ""
            w.write(LEVEL_0, f"{prefix}\t{secret_name}{suffix}\n")
            prefix = empty
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()

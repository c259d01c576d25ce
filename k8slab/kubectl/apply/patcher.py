"""The patch client-side `kubectl apply` sends, and sending it.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go`: patchSimple (original = the live
object's last-applied annotation, modified = the file's object carrying its new annotation,
current = the live object; a strategic merge patch for kinds kubectl's scheme knows, with the
preconditions that apiVersion, kind and metadata.name do not change; a JSON merge patch
(CreateThreeWayJSONMergePatch) for the others; `{}` means nothing to send) and Patch (up to five
retries after a Conflict, re-reading the live object each time; the error named by its file).

The merge logic itself is the apiserver's (`k8slab/apiserver/patch/strategic_diff.py` and
`merge.py`, ports of apimachinery's strategicpatch and jsonmergepatch): kubectl and the server
share that code upstream too. The patch is computed here and sent to the server with PATCH.

Differences from upstream: the patch metadata (merge keys, strategies) comes from k8slab's table
of k8s.io/api struct tags rather than from the server's OpenAPI document; `--force`
(delete and re-create on Conflict or Invalid) is not offered.
"""

from __future__ import annotations

import json

from ..errors import KubectlError, StatusError
from ..mutation import Failure, with_source
from ..printers.json import compact

MAX_PATCH_RETRY = 5
STRATEGIC = "application/strategic-merge-patch+json"
MERGE = "application/merge-patch+json"


def patch_kind(api_version: str, kind: str) -> tuple[str, object]:
    """(content type, schema): strategic merge for the kinds kubectl's scheme registers (today's
    built-in kinds and their legacy versions), JSON merge patch for the rest (custom resources)."""
    from k8slab.api.legacy import LEGACY_VERSIONS
    from k8slab.apiserver.patch.schema import schema_for, smp_supported
    served = LEGACY_VERSIONS.get((api_version, kind), api_version)
    if smp_supported(served, kind):
        return STRATEGIC, schema_for(served, kind)
    return MERGE, None


def three_way_patch(original: dict | None, modified: dict, current: dict, api_version: str, kind: str,
                    overwrite: bool = True) -> tuple[str, dict]:
    """(content type, patch) from the last-applied config, the new config and the live object."""
    from k8slab.apiserver.patch.errors import (PreconditionFailed, require_key_unchanged,
                                               require_metadata_key_unchanged)
    preconditions = (require_key_unchanged("apiVersion"), require_key_unchanged("kind"),
                     require_metadata_key_unchanged("name"))
    content_type, schema = patch_kind(api_version, kind)
    try:
        if content_type == STRATEGIC:
            from k8slab.apiserver.patch.strategic_diff import create_three_way_merge_patch
            return content_type, create_three_way_merge_patch(original, modified, current, schema, overwrite,
                                                              preconditions)
        from k8slab.apiserver.patch.merge import create_three_way_json_merge_patch
        return content_type, create_three_way_json_merge_patch(original, modified, current, preconditions)
    except PreconditionFailed:
        raise Failure("At least one of apiVersion, kind and name was changed") from None


def info_string(info) -> str:
    """resource.Info.String(): the mapping and the name, as error messages show them."""
    res = info.resource
    ns = info.namespace or ""
    return (f'Resource: "{res.group}/{res.version}, Resource={res.name}", GroupVersionKind: '
            f'"{res.group}/{res.version}, Kind={res.kind}"\nName: "{info.name}", Namespace: "{ns}"')


def patch(session, info, modified_text: str, query: dict) -> tuple[str, dict]:
    """Patcher.Patch: (patch text, the object after it); `{}` sends nothing."""
    current = info.obj
    modified = json.loads(modified_text)
    for attempt in range(MAX_PATCH_RETRY + 1):
        if attempt:
            current = info.get(session)            # re-read after a Conflict
        text, result, err = _patch_simple(session, info, current, modified, query)
        if err is None:
            return text, result
        if not (isinstance(err, StatusError) and err.reason == "Conflict"):
            break
    failure = with_source("patching", info.source, err)
    failure.patch_text = text                      # apply names the patch in its message
    raise failure


def _patch_simple(session, info, current: dict, modified: dict, query: dict):
    from .lastapplied import original_configuration
    original_text = original_configuration(current)
    original = json.loads(original_text) if original_text else None
    content_type, body = three_way_patch(original, modified, current, info.resource.group_version,
                                         info.resource.kind)
    text = compact(body)
    if text == "{}":
        return text, current, None
    try:
        reply = session.client.request("PATCH", info.path(), query, body=text.encode(),
                                       content_type=content_type, caller="helper.go:208")
    except KubectlError as e:
        return text, None, e
    return text, reply.json(), None

"""PatchError: a failed patch, carrying the HTTP status upstream's apiserver answers with.

Follows `k8s.io/apimachinery/pkg/api/errors/errors.go` (NewBadRequest, NewGenericServerResponse,
NewRequestEntityTooLargeError, NewApplyConflict), `apiserver/pkg/endpoints/handlers/negotiation/
errors.go` (NewUnsupportedMediaTypeError) and `handlers/responsewriters/status.go` (an error that
is not a Status becomes a 500 whose reason is empty), and the sentinel errors of
`k8s.io/apimachinery/pkg/util/mergepatch/errors.go` with the statuses `handlers/patch.go`
(interpretStrategicMergePatchError) gives them.

Differences from upstream: none intended in codes, reasons or messages.
"""

from __future__ import annotations

from .gojson import go_fmt, go_s, go_type


class PatchError(Exception):
    """A patch the server refuses: `code`, `reason` and `message` go into a `Status` as they are.

    `detail` keeps the underlying library's own words when upstream hides them behind a generic
    message (a failed JSON-patch `test` is answered 422 "the server rejected our request ...").
    """

    def __init__(self, code: int, reason: str, message: str, *, details: dict | None = None,
                 detail: str = ""):
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message
        self.details, self.detail = details, detail or message

    def status(self) -> dict:
        """The `Status` body, fields in upstream's order; an empty reason is left out."""
        s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
             "message": self.message}
        if self.reason:
            s["reason"] = self.reason
        if self.details is not None:
            s["details"] = self.details
        s["code"] = self.code
        return s

    def __repr__(self):
        return f"PatchError({self.code}, {self.reason!r}, {self.message!r})"


def bad_request(message: str) -> PatchError:
    return PatchError(400, "BadRequest", message)


def internal(message: str) -> PatchError:
    """An error upstream returns as a plain Go error: 500 with no reason."""
    return PatchError(500, "", message)


def unprocessable(detail: str) -> PatchError:
    """NewGenericServerResponse(422, ...): the server's own message is replaced by a generic one."""
    return PatchError(422, "Invalid", "the server rejected our request due to an error in our request",
                      details={}, detail=detail)


def too_large(message: str) -> PatchError:
    return PatchError(413, "RequestEntityTooLarge", f"Request entity too large: {message}")


def unsupported_media_type(accepted: list[str]) -> PatchError:
    return PatchError(415, "UnsupportedMediaType",
                      "the body of the request was in an unknown format - accepted media types "
                      f"include: {', '.join(accepted)}")


class PreconditionFailed(Exception):
    """A client-side patch would change a key it must not (mergepatch.ErrPreconditionFailed)."""


class ConflictError(Exception):
    """A three-way patch collides with changes made on the server (mergepatch.ErrConflict)."""

    def __init__(self, patch_yaml: str, changed_yaml: str):
        super().__init__(f"patch:\n{patch_yaml}\nconflicts with changes made from original to "
                         f"current:\n{changed_yaml}\n")


def require_key_unchanged(key: str):
    """mergepatch.RequireKeyUnchanged: a precondition that the patch does not touch `key`."""
    return lambda patch: not isinstance(patch, dict) or key not in patch


def require_metadata_key_unchanged(key: str):
    """mergepatch.RequireMetadataKeyUnchanged: ... nor `metadata.<key>`."""
    return lambda patch: not (isinstance(patch, dict) and isinstance(patch.get("metadata"), dict)
                              and key in patch["metadata"])


class SMPError(Exception):
    """An error from the strategic-merge-patch code, before the apiserver maps it to a status.

    `kind` names upstream's sentinel errors (mergepatch.Err*) that the apiserver maps to 400/422;
    anything else becomes a 500 (see `to_patch_error`).
    """

    def __init__(self, message: str, kind: str = ""):
        super().__init__(message)
        self.message, self.kind = message, kind


# mergepatch's sentinel errors, by name: message and the status interpretStrategicMergePatchError gives.
SENTINELS = {
    "BadJSONDoc": ("invalid JSON document", 400),
    "NoListOfLists": ("lists of lists are not supported", 422),
    "BadPatchFormatForPrimitiveList": ("invalid patch format of primitive list", 400),
    "BadPatchFormatForRetainKeys": ("invalid patch format of retainKeys", 400),
    "BadPatchFormatForSetElementOrderList": ("invalid patch format of setElementOrder list", 400),
    "PatchContentNotMatchRetainKeys": ("patch content doesn't match retainKeys list", 422),
    "UnsupportedStrategicMergePatchFormat": ("strategic merge patch format is not supported", 400),
}


def sentinel(name: str) -> SMPError:
    return SMPError(SENTINELS[name][0], name)


def to_patch_error(err: SMPError) -> PatchError:
    """interpretStrategicMergePatchError: sentinels get 400 or 422, the rest 500."""
    if err.kind in SENTINELS:
        code = SENTINELS[err.kind][1]
        return bad_request(err.message) if code == 400 else unprocessable(err.message)
    return internal(err.message)


def no_merge_key(m, key: str) -> SMPError:
    """mergepatch.ErrNoMergeKey."""
    return SMPError(f"map: {go_fmt(m)} does not contain declared merge key: {key}")


def bad_arg_type(expected: str, actual) -> SMPError:
    """mergepatch.ErrBadArgType; `expected` is the Go type's name."""
    return SMPError(f"expected a {expected}, but received a {go_type(actual)}")


def bad_patch_type(t, m) -> SMPError:
    """mergepatch.ErrBadPatchType."""
    return SMPError(f"unknown patch type: {go_s(t)} in map: {go_fmt(m)}")

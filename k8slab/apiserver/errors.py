"""API errors as kube-apiserver returns them: a `Status` object with reason, message, details, code.

Follows `staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go` (NewNotFound, NewAlreadyExists,
NewConflict, NewInvalid, NewForbidden, NewBadRequest, NewMethodNotSupported, NewGone,
NewRequestEntityTooLargeError, NewUnsupportedMediaType...) and its message formats.
"""

from __future__ import annotations


class APIError(Exception):
    """An error response; `status()` is the Status object the client receives."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def status(self) -> dict:
        s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
             "message": self.message, "reason": self.reason}
        if self.details is not None:
            s["details"] = self.details
        s["code"] = self.code
        return s

    def __repr__(self):
        return f"APIError({self.code} {self.reason}: {self.message})"


def _qualified(group: str, resource: str) -> str:
    return f"{resource}.{group}" if group else resource


def _details(name, group, kind, causes=None):
    d = {}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    d["kind"] = kind
    if causes:
        d["causes"] = causes
    return d


def not_found(group: str, resource: str, name: str) -> APIError:
    return APIError(404, "NotFound", f'{_qualified(group, resource)} "{name}" not found',
                    _details(name, group, resource))


def already_exists(group: str, resource: str, name: str) -> APIError:
    return APIError(409, "AlreadyExists", f'{_qualified(group, resource)} "{name}" already exists',
                    _details(name, group, resource))


def conflict(group: str, resource: str, name: str, why: str) -> APIError:
    return APIError(409, "Conflict",
                    f'Operation cannot be fulfilled on {_qualified(group, resource)} "{name}": {why}',
                    _details(name, group, resource))


OBJECT_MODIFIED = "the object has been modified; please apply your changes to the latest version and try again"


def invalid(group: str, kind: str, name: str, causes: list[tuple[str, str, str]]) -> APIError:
    """422 Invalid; causes are (field, reason type, message) as field.Error gives them."""
    qualified = f"{kind}.{group}" if group else kind
    parts = [f"{field}: {message}" if field else message for field, _, message in causes]
    joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    message = f'{qualified} "{name}" is invalid: {joined}'
    status_causes = [{"reason": reason, "message": msg, "field": field} for field, reason, msg in causes]
    return APIError(422, "Invalid", message, _details(name, group, kind, status_causes))


def forbidden(group: str, resource: str, name: str, why: str) -> APIError:
    target = f'{_qualified(group, resource)} "{name}"' if name else _qualified(group, resource)
    return APIError(403, "Forbidden", f"{target} is forbidden: {why}", _details(name, group, resource))


def bad_request(message: str) -> APIError:
    return APIError(400, "BadRequest", message)


def method_not_supported(group: str, resource: str, action: str) -> APIError:
    return APIError(405, "MethodNotAllowed",
                    f"{action} is not supported on resources of kind \"{_qualified(group, resource)}\"",
                    _details("", group, resource))


def gone(message: str) -> APIError:
    return APIError(410, "Expired", message)


def too_large(message: str = "Request entity too large: limit is 3145728") -> APIError:
    return APIError(413, "RequestEntityTooLarge", message)


def unsupported_media_type(content_type: str) -> APIError:
    return APIError(415, "UnsupportedMediaType",
                    f"the body of the request was in an unknown format - accepted media types "
                    f"include: application/json, application/yaml, application/vnd.kubernetes.protobuf")


def not_acceptable(message: str) -> APIError:
    return APIError(406, "NotAcceptable", message)


def internal(message: str) -> APIError:
    return APIError(500, "InternalError", f"Internal error occurred: {message}")


def page_not_found() -> APIError:
    return APIError(404, "NotFound", "the server could not find the requested resource",
                    {})


def timeout(message: str) -> APIError:
    return APIError(504, "Timeout", message)

"""Warnings added while a request is served, for its `Warning:` response headers.

Follows `staging/src/k8s.io/apiserver/pkg/warning/context.go` (AddWarning on the request's
context) and `.../endpoints/filters/warning.go` (the recorder writes `299 - "<text>"` headers,
duplicates dropped). The request's list lives in a context variable that APIServer.handle sets,
so code deep in the request (admission webhooks) adds to it without being handed the request.
"""

from __future__ import annotations

from contextvars import ContextVar

_current: ContextVar[list | None] = ContextVar("k8slab_response_warnings", default=None)


def begin():
    return _current.set([])


def end(token) -> list[str]:
    found = _current.get() or []
    _current.reset(token)
    return found


def add_warning(text: str) -> None:
    """warning.AddWarning: kept once per request; dropped outside a request."""
    found = _current.get()
    if found is not None and text and text not in found:
        found.append(text)


def header_value(texts: list[str]) -> str:
    return ", ".join(f'299 - "{t}"' for t in texts)

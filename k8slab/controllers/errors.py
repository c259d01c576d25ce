"""The error a controller's sync returns when something expected goes wrong (upstream: an
`error` value): the key is retried with back-off, and nothing is logged as a bug."""


class ControllerError(Exception):
    """An expected failure of a sync: retried, not a bug."""

"""How kubectl reports failures: the text on stderr and the exit code.

Follows `staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go` (CheckErr, checkErr,
StandardErrorMessage, MultilineError, DefaultErrorExitCode = 1) and cobra's `Error: ...`
line for bad flags and unknown commands.

The shapes a learner meets:

    Error from server (NotFound): pods "x" not found          a Status with a reason
    Error from server: <message>                              a Status without one
    The Pod "x" is invalid: spec.containers: Required value   422 Invalid with causes
    error: the server doesn't have a resource type "x"        client-side problems
    The connection to the server localhost:8080 was refused - did you specify the right host or port?
    Unable to connect to the server: <why>

Commands raise one of the exceptions below; `cli.run` turns it into text and the exit code.
"""

from __future__ import annotations

DEFAULT_ERROR_EXIT_CODE = 1


class KubectlError(Exception):
    """Base: something that ends the command with a message on stderr."""

    code = DEFAULT_ERROR_EXIT_CODE

    def text(self) -> str:
        raise NotImplementedError


class CommandError(KubectlError):
    """A message printed as is (it carries its own `error: ` prefix if it needs one)."""

    def __init__(self, message: str, code: int = DEFAULT_ERROR_EXIT_CODE):
        super().__init__(message)
        self.message, self.code = message, code

    def text(self) -> str:
        return self.message


def error(message: str) -> CommandError:
    """An `error: ...` line, as checkErr prints a plain Go error."""
    return CommandError(message if message.startswith("error: ") else f"error: {message}")


class UsageError(KubectlError):
    """cobra's flag and argument errors: `Error: <msg>` and where to find the usage."""

    def __init__(self, message: str, command_path: str = "kubectl"):
        super().__init__(message)
        self.message, self.command_path = message, command_path

    def text(self) -> str:
        if not self.command_path:                      # no usage hint (plugin-name errors)
            return f"Error: {self.message}"
        return f"Error: {self.message}\nSee '{self.command_path} --help' for usage."


class StatusError(KubectlError):
    """The server answered with a `Status` failure (apimachinery's StatusError)."""

    def __init__(self, status: dict, http_code: int = 0):
        super().__init__(status.get("message", ""))
        self.status = status
        self.http_code = http_code or int(status.get("code") or 0)

    @property
    def reason(self) -> str:
        return self.status.get("reason", "")

    @property
    def message(self) -> str:
        return self.status.get("message", "")

    def text(self) -> str:
        if self.reason == "Invalid" or (self.http_code == 422 and not self.reason):
            return invalid_text(self.status)
        return standard_message(self.status)


def standard_message(status: dict) -> str:
    reason, message = status.get("reason", ""), status.get("message", "")
    if reason == "Unauthorized":
        return f"error: You must be logged in to the server ({message})"
    if reason:
        return f"Error from server ({reason}): {message}"
    return f"Error from server: {message}"


def invalid_text(status: dict) -> str:
    """checkErr's IsInvalid branch: `The <Kind> "<name>" is invalid: <causes>`."""
    details = status.get("details")
    s = "The request is invalid"
    if details is None:
        return f"{s}: {status.get('message', '')}" if status.get("message") else s
    kind, name = details.get("kind", ""), details.get("name", "")
    causes = details.get("causes") or []
    if kind or name:
        s = f'The {kind} "{name}" is invalid'
    elif status.get("message") and not causes:
        s = f"{s}: {status['message']}"
    if not causes:
        return s
    msgs = []
    for c in causes:
        field, msg = c.get("field", ""), c.get("message", "")
        msgs.append(f"{field}: {msg}" if field else msg)
    if len(msgs) == 1:
        return f"{s}: {msgs[0]}"
    return f"{s}: \n" + "".join(f"* {m}\n" for m in msgs).rstrip("\n")


class ConnectionFailed(KubectlError):
    """No answer from the server (Go's *url.Error)."""

    def __init__(self, method: str, url: str, host: str, reason: str, refused: bool = False):
        super().__init__(reason)
        self.method, self.url, self.host, self.reason, self.refused = method, url, host, reason, refused

    def go_error(self) -> str:
        """`Get "http://localhost:8080/api?timeout=32s": dial tcp 127.0.0.1:8080: connect: ...`"""
        return f'{self.method.capitalize()} "{self.url}": {self.reason}'

    def text(self) -> str:
        if self.refused:
            return (f"The connection to the server {self.host} was refused - "
                    "did you specify the right host or port?")
        return f"Unable to connect to the server: {self.reason}"


class Exit(KubectlError):
    """Stop with a code and nothing more to print (the message was already written)."""

    def __init__(self, code: int = DEFAULT_ERROR_EXIT_CODE):
        super().__init__("")
        self.code = code

    def text(self) -> str:
        return ""


def no_resource_type(resource: str, group: str = "", version: str = "") -> CommandError:
    """meta.NoResourceMatchError as checkErr prints it."""
    if group and version:
        return error(f'the server doesn\'t have a resource type "{resource}" in group "{group}" '
                     f'and version "{version}"')
    if group:
        return error(f'the server doesn\'t have a resource type "{resource}" in group "{group}"')
    if version:
        return error(f'the server doesn\'t have a resource type "{resource}" in version "{version}"')
    return error(f'the server doesn\'t have a resource type "{resource}"')


def no_resources_found(namespace: str | None) -> str:
    """What `get` prints on stderr for an empty list (printers/get.go)."""
    if namespace:
        return f"No resources found in {namespace} namespace."
    return "No resources found"

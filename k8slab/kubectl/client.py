"""kubectl's REST client: the headers it sends, its `-v` request logs, and errors from replies.

Follows client-go's `rest/request.go` (Do/Watch, transformResponse: a `Status` body becomes a
StatusError; other failures get NewGenericServerResponse's messages), `transport/round_trippers.go`
(debugging round tripper: what `-v=6..9` print, with kubectl 1.32.4's line numbers) and
`rest/config.go` (the User-Agent kubectl 1.32.4 sends).

Commands use `RESTClient.get/request/watch` with paths; the Accept header says what shape comes
back (a Table for printing, plain JSON for -o yaml/json).
"""

from __future__ import annotations

import time

from . import klog
from .errors import StatusError
from .transport import Reply

USER_AGENT = "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07"
ACCEPT_TABLE = ("application/json;as=Table;v=v1;g=meta.k8s.io,"
                "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")
ACCEPT_DISCOVERY = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                    "application/json")
ACCEPT_ANY = "application/json, */*"
ACCEPT_JSON = "application/json"

# rest/request.go transformResponse -> errors.NewGenericServerResponse, for bodies that are not a Status
GENERIC = {
    400: ("BadRequest", "the server rejected our request for an unknown reason"),
    401: ("Unauthorized", "the server has asked for the client to provide credentials"),
    403: ("Forbidden", "the server does not allow access to the requested resource"),
    404: ("NotFound", "the server could not find the requested resource"),
    405: ("MethodNotAllowed", "the server does not allow this method on the requested resource"),
    406: ("NotAcceptable", "the server was unable to respond with a content type that the client supports"),
    409: ("Conflict", "the server reported a conflict"),
    410: ("Gone", "the server has asked for the client to provide credentials"),
    415: ("UnsupportedMediaType", "the server was unable to handle the media type requested"),
    422: ("Invalid", "the server rejected our request due to an error in our request"),
    429: ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
    503: ("ServiceUnavailable", "the server is currently unable to handle the request"),
    504: ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
}


def encode_query(query: dict | None) -> str:
    """Go's url.Values.Encode: keys sorted, QueryEscape'd (`app%3Dredis`)."""
    if not query:
        return ""
    from urllib.parse import quote_plus
    return "&".join(f"{quote_plus(str(k))}={quote_plus(str(v))}" for k, v in sorted(query.items()))


class RESTClient:
    """Requests to one server with kubectl's headers, logged as client-go logs them."""

    def __init__(self, transport, cc, log: klog.Klog, user_agent: str = USER_AGENT):
        self.transport = transport
        self.cc = cc
        self.log = log
        self.user_agent = user_agent
        self.warned: set[str] = set()

    def headers(self, accept: str, content_type: str = "") -> dict:
        h = {"Accept": accept, "User-Agent": self.user_agent}
        if content_type:
            h["Content-Type"] = content_type
        cc = self.cc
        if cc is not None:
            if cc.token:
                h["Authorization"] = f"Bearer {cc.token}"
            elif cc.username or cc.password:
                import base64
                h["Authorization"] = "Basic " + base64.b64encode(
                    f"{cc.username}:{cc.password}".encode()).decode()
            if cc.impersonate:
                h["Impersonate-User"] = cc.impersonate
            if cc.impersonate_uid:
                h["Impersonate-Uid"] = cc.impersonate_uid
            if cc.impersonate_groups:
                h["Impersonate-Group"] = ",".join(cc.impersonate_groups)
        return h

    def request(self, method: str, path: str, query: dict | None = None, *, accept: str = ACCEPT_JSON,
                body: bytes | None = None, content_type: str = "", caller: str = "request.go:1351",
                check: bool = True) -> Reply:
        """Send; raise StatusError for a failure unless check=False."""
        if self.cc is not None and self.cc.timeout:     # --request-timeout replaces kubectl's 32s
            from .clientconfig import go_duration
            query = {**(query or {}), "timeout": go_duration(self.cc.timeout)}
        qs = encode_query(query)
        full = path + ("?" + qs if qs else "")
        headers = self.headers(accept, content_type)
        url = self.transport.url(full)
        log = self.log
        if log.verbosity >= 8:
            log.info(8, caller, f'"Request Body" body={klog.body_for_log(body or b"", log.verbosity)}')
        self._log_request(method, url, headers)
        start = time.perf_counter()
        reply = self.transport.request(method, full, headers, body)
        self._log_response(method, url, reply, start)
        if log.verbosity >= 8:
            log.info(8, caller, f'"Response Body" body={klog.body_for_log(reply.raw(), log.verbosity)}')
        self._warn(reply)
        if check and not 200 <= reply.status < 300:
            raise self.error(reply)
        return reply

    def get(self, path: str, query: dict | None = None, **kw):
        return self.request("GET", path, query, **kw).json()

    def watch(self, path: str, query: dict, accept: str = ACCEPT_JSON):
        """Yield watch events (dicts with type and object); a failed start raises StatusError."""
        full = path + "?" + encode_query(query)
        headers = self.headers(accept)
        url = self.transport.url(full)
        self._log_request("GET", url, headers)
        start = time.perf_counter()
        first = True
        for item in self.transport.watch(full, headers):
            if isinstance(item, Reply):
                self._log_response("GET", url, item, start)
                raise self.error(item)
            if first:
                self._log_response("GET", url, Reply(200, "OK"), start)
                first = False
            yield item
        if first:
            self._log_response("GET", url, Reply(200, "OK"), start)

    # ---- warnings (client-go's rest/warnings.go: `Warning: <text>` once per text) --------------

    def _warn(self, reply: Reply) -> None:
        for k, v in reply.headers:
            if k.lower() != "warning":
                continue
            for text in parse_warnings(v):
                if text not in self.warned:
                    self.warned.add(text)
                    self.log.stream.write(f"Warning: {text}\n")

    # ---- logs --------------------------------------------------------------------------------

    def _log_request(self, method: str, url: str, headers: dict) -> None:
        log = self.log
        if log.verbosity >= 9:
            hs = " ".join(f'-H "{k}: {_masked(k, v)}"' for k, v in sorted(headers.items()))
            log.info(9, "round_trippers.go:473", f"curl -v -X{method}  {hs} '{url}'")
        elif log.verbosity >= 7:
            log.info(7, "round_trippers.go:470", f"{method} {url}")
            log.info(7, "round_trippers.go:476", "Request Headers:")
            for k, v in sorted(headers.items()):
                log.info(7, "round_trippers.go:480", f"    {k}: {_masked(k, v)}")

    def _log_response(self, method: str, url: str, reply: Reply, start: float) -> None:
        log = self.log
        if log.verbosity < 6:
            return
        ms = int((time.perf_counter() - start) * 1000)
        status = f"{reply.status} {reply.reason}".rstrip()
        if log.verbosity >= 9 or log.verbosity == 6:
            log.info(6, "round_trippers.go:560", f"{method} {url} {status} in {ms} milliseconds")
        if log.verbosity >= 9:
            log.info(9, "round_trippers.go:577",
                     f"HTTP Statistics: GetConnection 0 ms ServerProcessing {ms} ms Duration {ms} ms")
        elif log.verbosity >= 7:
            log.info(7, "round_trippers.go:581", f"Response Status: {status} in {ms} milliseconds")
        if log.verbosity >= 8:
            log.info(8, "round_trippers.go:584", "Response Headers:")
            for k, v in reply.headers:
                log.info(8, "round_trippers.go:587", f"    {k}: {v}")

    # ---- errors ------------------------------------------------------------------------------

    @staticmethod
    def error(reply: Reply) -> StatusError:
        data = reply.json() if (reply.content_type or "").startswith("application/json") or reply.data else None
        if isinstance(data, dict) and data.get("kind") == "Status":
            return StatusError(data, reply.status)
        reason, message = GENERIC.get(reply.status, ("", ""))
        if not message:
            text = reply.raw().decode("utf-8", "replace").strip()
            if reply.status >= 500:
                reason = "InternalError"
                message = (f'an error on the server ("{text or "unknown"}") has prevented the request '
                           "from succeeding")
            else:
                message = (f"the server responded with the status code {reply.status} but did not "
                           "return more information")
        return StatusError({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                            "reason": reason, "message": message, "code": reply.status}, reply.status)


def parse_warnings(value: str) -> list[str]:
    """The texts of a Warning header with code 299: `299 - "text", 299 - "other"` (RFC 7234)."""
    import re
    return [re.sub(r"\\(.)", r"\1", text)
            for code, text in re.findall(r'(\d{3})\s+\S+\s+"((?:[^"\\]|\\.)*)"', value) if code == "299"]


def _masked(key: str, value: str) -> str:
    if key.lower() == "authorization":
        scheme = value.split(" ", 1)[0]
        return f"{scheme} <masked>"
    return value

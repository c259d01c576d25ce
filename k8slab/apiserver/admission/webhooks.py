"""MutatingAdmissionWebhook and ValidatingAdmissionWebhook: admission decided by HTTPS servers
that MutatingWebhookConfigurations / ValidatingWebhookConfigurations name.

Follows `staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/generic/webhook.go`
(Webhook.Dispatch: configuration resources are exempt), `.../webhook/mutating/dispatcher.go`
(webhooks in order; JSON patch responses applied, then defaulting; failurePolicy Ignore fails
open; reinvocationPolicy IfNeeded), `.../webhook/validating/dispatcher.go`, `.../webhook/errors/
statuserror.go` (ToStatusErr, NewDryRunUnsupportedErr) and `.../pkg/util/webhook/error.go`.
Which webhooks match is webhook_match.py; the call itself webhook_client.py; the configurations
come from webhook_source.py (a watch-fed cache: no configurations, no cost).

A refusal answers with the webhook's status (code below 400 raised to 400; reason and details as
the webhook sent them) and `admission webhook "<name>" denied the request: <message>`; a webhook
that cannot be called is, with failurePolicy Fail, a 500 `Internal error occurred: failed calling
webhook "<name>": failed to call webhook: ...`. Warnings go to the response's Warning headers.

Differences from upstream: validating webhooks are called one after another, in order, and the
first refusal answers (upstream calls them in parallel and returns the first error to arrive);
reinvocation (IfNeeded) re-calls, once, the webhooks with that policy that ran before a later
webhook changed the object; in-tree plugins are not re-run. A patch that cannot be applied is
reported with the jsonpatch library's message. No audit annotations.
"""

from __future__ import annotations

import copy

import jsonpatch

from ...api.defaults import apply_defaults
from .. import errors as E
from ..response_warnings import add_warning
from .webhook_client import CallError, admission_review, call, internal_error, new_uid
from .webhook_match import is_exempt, should_call
from .webhook_source import WebhookSource

OPERATIONS = ("CREATE", "UPDATE", "DELETE", "CONNECT")


class _AllSubresources:
    """Webhook rules can name any subresource (`pods/status`, `*/*`)."""

    def __contains__(self, subresource) -> bool:
        return True


class _WebhookPlugin:
    resources = None
    operations = OPERATIONS
    subresources = _AllSubresources()
    plural = ""

    def __init__(self, registry):
        self.registry = registry
        res = registry.table.get("admissionregistration.k8s.io", "v1", self.plural)
        self.source = WebhookSource(registry.store, res)

    def _hooks(self, a) -> list[tuple[str, dict]]:
        hooks = self.source.sync()
        if not hooks or is_exempt(a):
            return []
        return [(cfg, h) for cfg, h in hooks if should_call(h, a, self.registry)]

    def _call(self, hook: dict, a, mutating: bool) -> dict | None:
        """The webhook's response, or None when it failed open; raises refusals."""
        name = hook.get("name", "")
        if a.dry_run and hook.get("sideEffects") not in ("None", "NoneOnDryRun"):
            if hook.get("sideEffects") is None:
                return self._failed(hook, CallError(name, "Webhook SideEffects is nil"))
            raise E.bad_request(f'admission webhook "{name}" does not support dry run')
        review = admission_review(a, new_uid(self.registry), self.registry)
        try:
            resp = call(hook, review, self.registry, mutating)
        except CallError as e:
            return self._failed(hook, e)
        for w in resp.get("warnings") or []:
            add_warning(w)
        if not resp.get("allowed"):
            raise to_status_error(name, resp.get("status"))
        return resp

    @staticmethod
    def _failed(hook: dict, err: CallError):
        if hook.get("failurePolicy", "Fail") == "Ignore":
            return None                                   # failing open
        raise internal_error(str(err))


class MutatingAdmissionWebhook(_WebhookPlugin):
    name = "MutatingAdmissionWebhook"
    plural = "mutatingwebhookconfigurations"

    def admit(self, a) -> list:
        hooks = self._hooks(a)
        if not hooks:
            return []
        ops: list = []
        reinvocable: list[dict] = []          # IfNeeded webhooks called before the latest change
        again: list[dict] = []
        for _, hook in hooks:
            if self._mutate(hook, a, ops):
                again = list(reinvocable)
            if hook.get("reinvocationPolicy") == "IfNeeded":
                reinvocable.append(hook)
        for hook in again:                    # one reinvocation round
            if should_call(hook, a, self.registry):
                self._mutate(hook, a, ops)
        return ops

    def _mutate(self, hook: dict, a, ops: list) -> bool:
        """Call one webhook and apply its patch to a.obj; whether the object changed."""
        resp = self._call(hook, a, mutating=True)
        if resp is None or not resp.get("patch"):
            return False
        name = hook.get("name", "")
        if resp.get("patchType") != "JSONPatch":
            raise internal_error(str(CallError(name, f'unsupported patch type "{resp.get("patchType")}"')))
        try:
            patch = jsonpatch.JsonPatch.from_string(resp["patch"].decode())
        except (jsonpatch.JsonPatchException, ValueError) as e:
            raise internal_error(str(CallError(name, f"received undecodable patch in webhook response: {e}")))
        if not patch.patch:
            return False
        if a.obj is None:
            raise internal_error(f'admission webhook "{name}" attempted to modify the object, '
                                 f'which is not supported for this operation')
        try:
            new = patch.apply(copy.deepcopy(a.obj))
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as e:
            raise internal_error(str(e)) from None
        apply_defaults(new)
        changed = new != a.obj
        a.obj.clear()
        a.obj.update(new)
        ops.extend(patch.patch)
        return changed


class ValidatingAdmissionWebhook(_WebhookPlugin):
    name = "ValidatingAdmissionWebhook"
    plural = "validatingwebhookconfigurations"

    def validate(self, a) -> None:
        for _, hook in self._hooks(a):
            self._call(hook, a, mutating=False)


def to_status_error(webhook: str, result: dict | None) -> E.APIError:
    """ToStatusErr: the webhook's Status, its message prefixed with who denied the request."""
    result = dict(result or {})
    code = result.get("code") or 0
    if code < 400:
        code = 400
    denied_by = f'admission webhook "{webhook}" denied the request'
    if result.get("message"):
        message = f"{denied_by}: {result['message']}"
    elif result.get("reason"):
        message = f"{denied_by}: {result['reason']}"
    else:
        message = f"{denied_by} without explanation"
    return E.APIError(code, result.get("reason", ""), message, result.get("details"))

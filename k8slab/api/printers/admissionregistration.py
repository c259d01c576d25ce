"""Group admissionregistration.k8s.io: webhook configurations and admission policies.

Follows `pkg/printers/internalversion/printers.go`: `printMutatingWebhook`, `printValidatingWebhook`,
`printValidatingAdmissionPolicy`, `printValidatingAdmissionPolicyBinding` and the mutating policy
pair.

Differences from upstream: a binding whose paramRef uses a selector shows the selector in label
syntax (`app=x`); upstream prints the Go struct dump of the LabelSelector.
"""

from __future__ import annotations

from .common import AGE, NAME, Printer, age, column, dig, label_selector_string, name_of

WEBHOOK_COLUMNS = (
    NAME,
    column("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this "
           "configuration"),
    AGE,
)


def print_webhook_configuration(obj: dict, now: float) -> list:
    return [name_of(obj), len(obj.get("webhooks") or []), age(obj, now)]


def _policy_columns(counted: str, description: str) -> tuple[dict, ...]:
    return (NAME, column(counted, "integer", description),
            column("ParamKind", "string", "ParamKind specifies the kind of resources used to "
                   "parameterize this policy"),
            AGE)


def _policy_printer(list_field: str):
    def print_policy(obj: dict, now: float) -> list:
        param_kind = dig(obj, "spec", "paramKind")
        kind = "<unset>"
        if param_kind is not None:
            kind = f"{param_kind.get('apiVersion', '')}/{param_kind.get('kind', '')}"
        return [name_of(obj), len(dig(obj, "spec", list_field, default=[])), kind, age(obj, now)]
    return print_policy


BINDING_COLUMNS = (
    NAME,
    column("PolicyName", "string", "PolicyName indicates the policy definition which the policy "
           "binding binded to"),
    column("ParamRef", "string", "ParamRef indicates the param resource which sets the configration "
           "param"),
    AGE,
)


def print_policy_binding(obj: dict, now: float) -> list:
    ref = dig(obj, "spec", "paramRef")
    param = "<unset>"
    if ref is not None:
        if ref.get("name"):
            param = f"{ref.get('namespace') or '*'}/{ref['name']}"
        elif ref.get("selector") is not None:
            param = label_selector_string(ref["selector"]) or ""
    return [name_of(obj), dig(obj, "spec", "policyName", default=""), param, age(obj, now)]


PRINTERS = {
    "mutatingwebhookconfigurations": Printer(WEBHOOK_COLUMNS, print_webhook_configuration),
    "validatingwebhookconfigurations": Printer(WEBHOOK_COLUMNS, print_webhook_configuration),
    "validatingadmissionpolicies": Printer(
        _policy_columns("Validations", "Validations indicates the number of validation rules defined "
                        "in this configuration"), _policy_printer("validations")),
    "validatingadmissionpolicybindings": Printer(BINDING_COLUMNS, print_policy_binding),
    "mutatingadmissionpolicies": Printer(
        _policy_columns("Mutations", "Mutation indicates the number of mutations rules defined in "
                        "this configuration"), _policy_printer("mutations")),
    "mutatingadmissionpolicybindings": Printer(BINDING_COLUMNS, print_policy_binding),
}

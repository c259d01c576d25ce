"""The admission chain: upstream's plugin names and order, `--enable-admission-plugins` /
`--disable-admission-plugins`, mutating plugins before validating ones, and a bounded record of
what each plugin changed or refused (for the notebooks' widgets).

Follows `pkg/kubeapiserver/options/plugins.go` (AllOrderedPlugins, DefaultOffAdmissionPlugins, as of
v1.32), `staging/src/k8s.io/apiserver/pkg/server/options/admission.go` (Validate: the messages for
unknown and overlapping names; enabledPluginNames) and `staging/src/k8s.io/apiserver/pkg/admission/
chain.go` (chainAdmissionHandler: Admit runs every mutating plugin, Validate every validating one,
each in order, the first error wins).

A plugin has `name`, `resources` (a set of (group, plural), or None for every resource),
`operations` (CREATE, UPDATE, DELETE, CONNECT) and `subresources` (default: the main resource only),
and implements `admit(a) -> list | None` (mutating: it changes `a.obj` and returns the JSON patch
operations it applied) and/or `validate(a)` (validating); both refuse by raising an APIError.

Differences from upstream: plugins upstream knows but k8slab does not implement are accepted in the
flags and skipped (listed by `AdmissionChain.skipped`); enabling one explicitly is an error. The
record is kept in memory only (upstream puts admission annotations in the audit log).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .. import errors as E

# AllOrderedPlugins, v1.32
ALL_ORDERED_PLUGINS = [
    "AlwaysAdmit", "NamespaceAutoProvision", "NamespaceLifecycle", "NamespaceExists",
    "LimitPodHardAntiAffinityTopology", "LimitRanger", "ServiceAccount", "NodeRestriction",
    "TaintNodesByCondition", "AlwaysPullImages", "ImagePolicyWebhook", "PodSecurity",
    "PodNodeSelector", "Priority", "DefaultTolerationSeconds", "PodTolerationRestriction",
    "EventRateLimit", "ExtendedResourceToleration", "DefaultStorageClass",
    "StorageObjectInUseProtection", "OwnerReferencesPermissionEnforcement",
    "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning",
    "ClusterTrustBundleAttest", "CertificateSubjectRestriction", "DefaultIngressClass",
    "DenyServiceExternalIPs",
    # webhook, resourcequota, and deny plugins must go at the end
    "MutatingAdmissionPolicy", "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook", "ResourceQuota", "AlwaysDeny",
]
# the complement of DefaultOffAdmissionPlugins
DEFAULT_ON_PLUGINS = frozenset({
    "NamespaceLifecycle", "LimitRanger", "ServiceAccount", "DefaultStorageClass",
    "PersistentVolumeClaimResize", "DefaultTolerationSeconds", "MutatingAdmissionWebhook",
    "ValidatingAdmissionWebhook", "ResourceQuota", "StorageObjectInUseProtection", "Priority",
    "TaintNodesByCondition", "RuntimeClass", "CertificateApproval", "CertificateSigning",
    "ClusterTrustBundleAttest", "CertificateSubjectRestriction", "DefaultIngressClass",
    "PodSecurity", "MutatingAdmissionPolicy", "ValidatingAdmissionPolicy",
})
MAX_RECORDS = 1000           # requests kept in AdmissionChain.last_records


class AdmissionConfigError(ValueError):
    """Bad --enable-admission-plugins / --disable-admission-plugins: the server does not start."""


@dataclass
class Attributes:
    """admission.Attributes: what one request asks for."""
    res: object                      # the Resource (group, plural, namespaced, ...)
    operation: str                   # CREATE, UPDATE, DELETE
    obj: dict | None                 # the new object (plugins may change it while mutating)
    old: dict | None                 # the stored object (UPDATE, DELETE)
    user: dict | None
    subresource: str = ""
    dry_run: bool = False
    name: str = ""                   # the name as the request had it (generateName before it is filled)
    record: "Record | None" = None   # this request's entry in AdmissionChain.last_records, once it has one
    phase: str = "admit"             # admit (mutating) or validate

    @property
    def namespace(self) -> str | None:
        return ((self.obj or self.old or {}).get("metadata") or {}).get("namespace")

    def forbidden(self, why: str) -> E.APIError:
        """admission.NewForbidden: `<resource> "<name>" is forbidden: <why>`."""
        return E.forbidden(self.res.group, self.res.plural, self.display_name(), why)

    def display_name(self) -> str:
        """extractResourceName: while mutating, a generated name is not filled in yet."""
        meta = (self.obj or self.old or {}).get("metadata") or {}
        if self.phase == "admit" and self.operation == "CREATE":
            return self.name or meta.get("generateName") or "Unknown"
        return meta.get("name") or meta.get("generateName") or "Unknown"


@dataclass
class Record:
    """What the chain did to one request: each plugin that changed (patch) or refused (denied)."""
    operation: str
    resource: str
    namespace: str | None
    name: str
    user: str
    steps: list = field(default_factory=list)     # {"plugin", "phase", "patch"} or {..., "denied"}

    @property
    def allowed(self) -> bool:
        return not any("denied" in s for s in self.steps)


def enabled_plugin_names(enable=(), disable=()) -> list[str]:
    """Options.Validate + enabledPluginNames: the default-on set plus `enable`, minus `disable`,
    in AllOrderedPlugins order; unknown or overlapping names raise AdmissionConfigError."""
    enable, disable = list(enable or ()), list(disable or ())
    known = set(ALL_ORDERED_PLUGINS)
    errs = [f'enable-admission-plugins plugin "{n}" is unknown' for n in enable if n not in known]
    errs += [f'disable-admission-plugins plugin "{n}" is unknown' for n in disable if n not in known]
    both = sorted(set(enable) & set(disable))
    if both:
        errs.append(f"[{' '.join(both)}] in enable-admission-plugins and disable-admission-plugins overlapped")
    if errs:
        # utilerrors.NewAggregate: one error as itself, several as [a, b]
        raise AdmissionConfigError(f"[{', '.join(errs)}]" if len(errs) > 1 else errs[0])
    wanted = (DEFAULT_ON_PLUGINS | set(enable)) - set(disable)
    return [n for n in ALL_ORDERED_PLUGINS if n in wanted]


def split_flag(value) -> list[str]:
    """A comma-separated flag value (or a list) as names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


class AdmissionChain:
    """The enabled plugins in upstream order; `admit` runs the mutating ones, `validate` the
    validating ones. `last_records` holds the latest requests some plugin changed or refused."""

    def __init__(self, plugins: list, skipped: list[str] | None = None):
        self.plugins = plugins
        self.names = [p.name for p in plugins]
        self.skipped = skipped or []
        self.last_records: deque[Record] = deque(maxlen=MAX_RECORDS)
        self._by_request: dict = {}            # (group, plural, subresource, op, phase) -> plugins

    def __repr__(self):
        return f"AdmissionChain({', '.join(self.names)})"

    def plugin(self, name: str):
        return next((p for p in self.plugins if p.name == name), None)

    def _for(self, a: Attributes, phase: str) -> list:
        key = (a.res.group, a.res.plural, a.subresource, a.operation, phase)
        found = self._by_request.get(key)
        if found is None:
            found = self._by_request[key] = [
                p for p in self.plugins if hasattr(p, phase)
                and a.operation in p.operations
                and a.subresource in getattr(p, "subresources", ("",))
                and (p.resources is None or (a.res.group, a.res.plural) in p.resources)]
        return found

    def admit(self, a: Attributes) -> None:
        """The mutating phase (chainAdmissionHandler.Admit)."""
        plugins = self._for(a, "admit")
        if plugins:
            self._run(a, plugins, "admit")

    def validate(self, a: Attributes) -> None:
        """The validating phase (chainAdmissionHandler.Validate)."""
        plugins = self._for(a, "validate")
        if plugins:
            self._run(a, plugins, "validate")

    def _run(self, a: Attributes, plugins: list, phase: str) -> None:
        steps = []
        a.phase = phase
        try:
            for p in plugins:
                try:
                    patch = getattr(p, phase)(a)
                except E.APIError as e:
                    steps.append({"plugin": p.name, "phase": phase, "denied": e.message})
                    raise
                if patch:
                    steps.append({"plugin": p.name, "phase": phase, "patch": patch})
        finally:
            if steps:
                self._record(a, steps)

    def _record(self, a: Attributes, steps: list) -> None:
        if a.record is not None:                 # the other phase of the same request
            a.record.steps.extend(steps)
            return
        meta = (a.obj or a.old or {}).get("metadata") or {}
        a.record = Record(a.operation, _resource(a), meta.get("namespace"), meta.get("name") or a.name,
                          (a.user or {}).get("username", ""), steps)
        self.last_records.append(a.record)

    def records_for(self, name: str, namespace: str | None = None) -> list[Record]:
        return [r for r in self.last_records if r.name == name and (namespace is None or r.namespace == namespace)]


def _resource(a: Attributes) -> str:
    plural = f"{a.res.plural}/{a.subresource}" if a.subresource else a.res.plural
    return f"{plural}.{a.res.group}" if a.res.group else plural

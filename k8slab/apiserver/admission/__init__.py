"""Admission plugins, one module each, named as upstream names them (`--enable-admission-plugins`).

Each plugin has `name` and `admit(resource, operation, new, old, user)`; it may change `new`
(mutating) or raise an APIError (rejecting). The chain runs them in upstream's order.
"""

from .namespace_lifecycle import NamespaceLifecycle

# upstream's recommended order (pkg/kubeapiserver/options/plugins.go AllOrderedPlugins), as far as
# k8slab implements it
ORDER = ["NamespaceLifecycle"]
PLUGINS = {"NamespaceLifecycle": NamespaceLifecycle}


def build_chain(registry, enabled: list[str] | None = None) -> list:
    enabled = ORDER if enabled is None else enabled
    return [PLUGINS[name](registry) for name in ORDER if name in enabled]

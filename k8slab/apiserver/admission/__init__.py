"""Admission plugins, one module each, named as upstream names them (`--enable-admission-plugins`).

chain.py holds upstream's order, the flags and the per-request record; each plugin module says
which upstream file it follows. `build_chain` gives the chain an APIServer runs.
"""

from __future__ import annotations

from .chain import (ALL_ORDERED_PLUGINS, DEFAULT_ON_PLUGINS, AdmissionChain, AdmissionConfigError,
                    Attributes, enabled_plugin_names, split_flag)
from .always_pull_images import AlwaysPullImages
from .default_ingress_class import DefaultIngressClass
from .default_storage_class import DefaultStorageClass
from .default_toleration_seconds import DefaultTolerationSeconds
from .limit_ranger import LimitRanger
from .namespace_lifecycle import NamespaceLifecycle
from .node_restriction import NodeRestriction
from .persistent_volume_claim_resize import PersistentVolumeClaimResize
from .priority import Priority
from .resource_quota import ResourceQuota
from .service_account import ServiceAccount
from .webhooks import MutatingAdmissionWebhook, ValidatingAdmissionWebhook

# the plugins k8slab implements, by upstream name
PLUGINS = {cls.name: cls for cls in (NamespaceLifecycle, ServiceAccount, DefaultTolerationSeconds,
                                     AlwaysPullImages, DefaultStorageClass, DefaultIngressClass,
                                     PersistentVolumeClaimResize, NodeRestriction, LimitRanger,
                                     ResourceQuota, Priority, MutatingAdmissionWebhook,
                                     ValidatingAdmissionWebhook)}


def build_chain(registry, enable=None, disable=None, plugins=None) -> AdmissionChain:
    """The chain for `--enable-admission-plugins` / `--disable-admission-plugins` (comma-separated
    strings or lists); `plugins` (a list of names) replaces the whole enabled set instead."""
    if plugins is not None:
        unknown = [n for n in plugins if n not in ALL_ORDERED_PLUGINS]
        if unknown:
            raise AdmissionConfigError(f'enable-admission-plugins plugin "{unknown[0]}" is unknown')
        names = [n for n in ALL_ORDERED_PLUGINS if n in plugins]
    else:
        enable = split_flag(enable)
        names = enabled_plugin_names(enable, split_flag(disable))
        plugins = enable
    missing = [n for n in plugins if n not in PLUGINS]
    if missing:
        raise AdmissionConfigError(f"admission plugin {missing[0]!r} is not implemented in k8slab")
    return AdmissionChain([PLUGINS[n](registry) for n in names if n in PLUGINS],
                          skipped=[n for n in names if n not in PLUGINS])


__all__ = ["ALL_ORDERED_PLUGINS", "DEFAULT_ON_PLUGINS", "AdmissionChain", "AdmissionConfigError",
           "Attributes", "PLUGINS", "build_chain", "enabled_plugin_names", "split_flag"]

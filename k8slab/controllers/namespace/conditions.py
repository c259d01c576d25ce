"""The five conditions the namespace controller keeps on a terminating namespace.

Follows `pkg/controller/namespace/deletion/status_condition_utils.go`: each pass computes the
failure conditions it met; every condition type it did not meet is written in its "ok" form
(status False with a fixed reason and message); a condition's lastTransitionTime moves only
when its status changes.

Differences from upstream: no NamespaceDeletionGroupVersionParsingFailure failures (discovery here
never returns an unparsable group version).
"""

from __future__ import annotations

CONDITION_TYPES = ["NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                   "NamespaceDeletionContentFailure", "NamespaceContentRemaining",
                   "NamespaceFinalizersRemaining"]
OK_MESSAGES = {
    "NamespaceDeletionDiscoveryFailure": "All resources successfully discovered",
    "NamespaceDeletionGroupVersionParsingFailure": "All legacy kube types successfully parsed",
    "NamespaceDeletionContentFailure": "All content successfully deleted, may be waiting on finalization",
    "NamespaceContentRemaining": "All content successfully removed",
    "NamespaceFinalizersRemaining": "All content-preserving finalizers finished",
}
OK_REASONS = {
    "NamespaceDeletionDiscoveryFailure": "ResourcesDiscovered",
    "NamespaceDeletionGroupVersionParsingFailure": "ParsedGroupVersions",
    "NamespaceDeletionContentFailure": "ContentDeleted",
    "NamespaceContentRemaining": "ContentRemoved",
    "NamespaceFinalizersRemaining": "ContentHasNoFinalizers",
}


class ConditionUpdater:
    """namespaceConditionUpdater: collects this pass's failures, then rewrites the conditions."""

    def __init__(self, now_text: str):
        self.now = now_text
        self.new_conditions: list[dict] = []
        self.delete_content_errors: list[str] = []

    def _cond(self, type_, reason, message):
        return {"type": type_, "status": "True", "lastTransitionTime": self.now, "reason": reason,
                "message": message}

    def process_discover_resources_err(self, failed_groups: list[str], text: str) -> None:
        msg = f"Discovery failed for some groups, {len(failed_groups)} failing: {text}" \
            if failed_groups else text
        self.new_conditions.append(self._cond("NamespaceDeletionDiscoveryFailure", "DiscoveryFailed", msg))

    def process_delete_content_err(self, message: str) -> None:
        self.delete_content_errors.append(message)

    def process_content_totals(self, gvr_remaining: dict[tuple[str, str], int],
                               finalizers_remaining: dict[str, int]) -> None:
        if gvr_remaining:
            parts = sorted(f"{resource}.{group} has {n} resource instances"
                           for (group, resource), n in gvr_remaining.items() if n)
            self.new_conditions.append(self._cond("NamespaceContentRemaining", "SomeResourcesRemain",
                                                  f"Some resources are remaining: {', '.join(parts)}"))
        if finalizers_remaining:
            parts = sorted(f"{f} in {n} resource instances" for f, n in finalizers_remaining.items() if n)
            self.new_conditions.append(self._cond("NamespaceFinalizersRemaining", "SomeFinalizersRemain",
                                                  f"Some content in the namespace has finalizers remaining: "
                                                  f"{', '.join(parts)}"))

    def update(self, ns: dict) -> bool:
        """Write the conditions into ns["status"]; True when anything changed."""
        if not any(c["type"] == "NamespaceDeletionContentFailure" for c in self.new_conditions) \
                and self.delete_content_errors:
            msgs = sorted(self.delete_content_errors)
            self.new_conditions.append(self._cond(
                "NamespaceDeletionContentFailure", "ContentDeletionFailed",
                f"Failed to delete all resource types, {len(msgs)} remaining: {', '.join(msgs)}"))
        status = ns.setdefault("status", {})
        conditions = status.setdefault("conditions", [])
        changed = False
        for ctype in CONDITION_TYPES:
            new = next((c for c in self.new_conditions if c["type"] == ctype), None)
            if new is None:
                new = {"type": ctype, "status": "False", "lastTransitionTime": self.now,
                       "reason": OK_REASONS[ctype], "message": OK_MESSAGES[ctype]}
            old = next((c for c in conditions if c.get("type") == ctype), None)
            if old is None:
                conditions.append(new)
                changed = True
            elif (old.get("status"), old.get("reason"), old.get("message")) != \
                    (new["status"], new["reason"], new["message"]):
                if old.get("status") != new["status"]:
                    old["lastTransitionTime"] = self.now
                old.update(status=new["status"], reason=new["reason"], message=new["message"])
                changed = True
        return changed

"""PrioritySort: the order of the active queue -- higher priority first, then the earlier timestamp.

Follows `pkg/scheduler/framework/plugins/queuesort/priority_sort.go` (Less).
"""

from __future__ import annotations

from ..framework import Plugin

NAME = "PrioritySort"


class PrioritySort(Plugin):
    name = NAME

    def less(self, a, b) -> bool:
        """Less(pInfo1, pInfo2): does a go before b?"""
        return self.sort_key(a) < self.sort_key(b)

    @staticmethod
    def sort_key(qpi) -> tuple:
        """The same order as a heap key: priority descending, then the queue timestamp."""
        return (-qpi.pod_info.priority, qpi.timestamp)

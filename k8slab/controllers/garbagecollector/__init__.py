"""The garbage collector: deletes objects whose owners are gone, and runs foreground and orphan
deletion."""

from .garbagecollector import GarbageCollector

__all__ = ["GarbageCollector"]

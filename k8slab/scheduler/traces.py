"""Scheduling traces: why each attempt picked (or found no) node, kept outside the API objects.

For every attempt the scheduler records the nodes it evaluated (percentageOfNodesToScore), the
Filter verdict of each node (the plugin that rejected it and why), the raw and normalized score of
every Score plugin with its weight, the totals, the chosen node and why, and what preemption did.
`scheduler.traces.for_pod(ns, name)` returns the attempts (oldest first); `str(attempt)` renders a
plain-text nodes x plugins table.

The store is bounded: the last `per_pod` attempts of the `max_pods` most recently scheduled pods,
and at most `max_rows` node rows in all (least recently used pods are dropped), so a 100k-pod,
5k-node cluster keeps a fixed amount of trace.
The score lists are the ones the cycle computed (kept, not copied), aligned with the feasible nodes.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from . import compat
from .framework import CODE_NAMES


@dataclass
class ScoreColumn:
    plugin: str
    weight: int
    raw: list                                  # aligned with Attempt.feasible
    normalized: list                           # the same list when the plugin does not normalize


@dataclass
class Attempt:
    """One scheduling attempt of one pod."""
    pod: str                                   # namespace/name
    attempt: int                               # 1 for the first try
    cycle: int                                 # the scheduler's scheduling cycle
    time: float                                # clock seconds
    profile: str = "current"                   # "book" renders v1.11 predicate/priority names
    result: str = ""                           # Scheduled | Unschedulable | Error
    node: str = ""                             # the chosen node
    message: str = ""                          # the FailedScheduling message or error
    num_all_nodes: int = 0
    num_to_find: int = 0                       # feasible nodes wanted (percentageOfNodesToScore)
    start_index: int = 0                       # where the rotating evaluation started
    evaluated: list = field(default_factory=list)        # node names, in evaluation order
    filter_plugins: list = field(default_factory=list)   # Filter plugins that ran
    skipped_filter: list = field(default_factory=list)   # skipped at PreFilter
    pre_filter: str = ""                       # PreFilter rejection, if any
    failures: dict = field(default_factory=dict)         # node -> Status
    feasible: list = field(default_factory=list)         # node names passing every filter
    scores: list = field(default_factory=list)           # ScoreColumn per Score plugin that ran
    skipped_score: list = field(default_factory=list)    # skipped at PreScore
    totals: list = field(default_factory=list)
    ties: list = field(default_factory=list)             # nodes sharing the top total
    why: str = ""
    preemption: dict = field(default_factory=dict)       # nominated node, victims, per-node verdicts

    def rows(self) -> list[dict]:
        """One dict per evaluated node: filter verdicts, scores, total (for widgets and HTTP)."""
        pos = {n: i for i, n in enumerate(self.feasible)}
        out = []
        for name in self.evaluated:
            st = self.failures.get(name)
            row = {"node": name, "feasible": name in pos, "chosen": name == self.node, "filters": {}, "scores": {}}
            rejected = False
            for p in self.filter_plugins:
                if rejected:
                    row["filters"][p] = "-"    # plugins after the rejecting one did not run
                elif st is not None and p == st.plugin:
                    row["filters"][p] = st.message() or CODE_NAMES[st.code]
                    rejected = True
                else:
                    row["filters"][p] = "ok"
            if name in pos:
                i = pos[name]
                for c in self.scores:
                    row["scores"][c.plugin] = {"raw": c.raw[i], "normalized": c.normalized[i], "weight": c.weight}
                row["total"] = self.totals[i] if self.totals else None
            out.append(row)
        return out

    def to_dict(self) -> dict:
        """JSON-ready: what widgets and an HTTP endpoint serve."""
        d = {k: getattr(self, k) for k in ("pod", "attempt", "cycle", "time", "profile", "result", "node",
                                            "message", "num_all_nodes", "num_to_find", "start_index",
                                            "evaluated", "filter_plugins", "skipped_filter", "pre_filter",
                                            "feasible", "skipped_score", "totals", "ties", "why", "preemption")}
        d["failures"] = {n: {"plugin": st.plugin, "code": CODE_NAMES[st.code], "reasons": list(st.reasons)}
                         for n, st in self.failures.items()}
        d["scores"] = [{"plugin": c.plugin, "weight": c.weight, "raw": list(c.raw), "normalized": list(c.normalized)}
                       for c in self.scores]
        return d

    def __str__(self) -> str:
        prof = self.profile
        head = f"{self.pod} attempt {self.attempt} (cycle {self.cycle}) at t={self.time:g}s: {self.result}"
        if self.node:
            head += f" on {self.node}"
        lines = [head]
        if self.num_all_nodes:
            lines.append(f"  nodes: {self.num_all_nodes} in the cluster, {len(self.evaluated)} evaluated from index "
                         f"{self.start_index} (looking for {self.num_to_find} feasible), {len(self.feasible)} feasible")
        if self.skipped_filter or self.skipped_score:
            lines.append("  skipped: Filter " + (", ".join(compat.filter_name(p, prof) for p in self.skipped_filter) or "-")
                         + "; Score " + (", ".join(compat.score_name(p, prof) for p in self.skipped_score) or "-"))
        if self.pre_filter:
            lines.append(f"  PreFilter: {self.pre_filter}")
        rows = self.rows()
        if rows:
            header = ["NODE"] + [compat.filter_name(p, prof) for p in self.filter_plugins]
            header += [f"{compat.score_name(c.plugin, prof)} x{c.weight}" for c in self.scores]
            header += ["TOTAL"] if self.scores else []
            table = [header]
            for r in rows:
                cells = [("* " if r["chosen"] else "  ") + r["node"]]
                cells += [r["filters"][p] for p in self.filter_plugins]
                for c in self.scores:
                    s = r["scores"].get(c.plugin)
                    cells.append(f"{s['normalized']} (raw {s['raw']})" if s else "")
                if self.scores:
                    cells.append(str(r["total"]) if r.get("total") is not None else "")
                table.append(cells)
            widths = [max(len(row[i]) for row in table) for i in range(len(header))]
            for row in table:
                lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if self.why:
            lines.append(f"  why: {self.why}")
        if self.message:
            lines.append(f"  message: {self.message}")
        if self.preemption:
            p = self.preemption
            if p.get("node"):
                lines.append(f"  preemption: nominated {p['node']}, victims: {', '.join(p.get('victims', [])) or '-'}")
            else:
                lines.append("  preemption: no candidate node")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):          # IPython shows the table
        printer.text(str(self))


class TraceStore:
    """Attempts per pod, bounded three ways: `per_pod` attempts per pod, the `max_pods` most recently
    scheduled pods, and `max_rows` node rows in all (an attempt on a big cluster holds one row per
    evaluated node); the least recently used pods go first."""

    def __init__(self, max_pods: int = 1000, per_pod: int = 4, max_rows: int = 1_000_000):
        self.max_pods, self.per_pod, self.max_rows = max_pods, per_pod, max_rows
        self._pods: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self.rows = 0
        self.recorded = 0

    @staticmethod
    def _size(attempt: Attempt) -> int:
        return max(1, len(attempt.evaluated))

    def record(self, attempt: Attempt) -> None:
        """Keep a finished attempt."""
        q = self._pods.get(attempt.pod)
        if q is None:
            q = self._pods[attempt.pod] = collections.deque()
        else:
            self._pods.move_to_end(attempt.pod)
            if len(q) >= self.per_pod:
                self.rows -= self._size(q.popleft())
        q.append(attempt)
        self.rows += self._size(attempt)
        self.recorded += 1
        while len(self._pods) > 1 and (len(self._pods) > self.max_pods or self.rows > self.max_rows):
            _, dropped = self._pods.popitem(last=False)
            self.rows -= sum(self._size(a) for a in dropped)

    def for_pod(self, namespace: str, name: str) -> list[Attempt]:
        return list(self._pods.get(f"{namespace}/{name}", ()))

    def last(self, namespace: str, name: str) -> Attempt | None:
        q = self._pods.get(f"{namespace}/{name}")
        return q[-1] if q else None

    def pods(self) -> list[str]:
        return list(self._pods)

    def clear(self) -> None:
        self._pods.clear()
        self.rows = 0

    def __len__(self):
        return len(self._pods)

    def __repr__(self):
        return (f"TraceStore({len(self._pods)} pods, {self.rows:,} node rows; max {self.max_pods} pods, "
                f"{self.per_pod} attempts each, {self.max_rows:,} rows)")

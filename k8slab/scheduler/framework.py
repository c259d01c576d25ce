"""The scheduling framework: status codes, cycle state, plugin base, and the runner of extension points.

Follows `staging/src/k8s.io/kube-scheduler/framework/interface.go` (Code, Status, the plugin
interfaces), `pkg/scheduler/framework/cycle_state.go`, `pkg/scheduler/framework/runtime/framework.go`
(RunPreFilterPlugins with Skip and PreFilterResult, RunFilterPlugins stopping at the first
rejection, RunFilterPluginsWithNominatedPods, RunPostFilterPlugins, RunPreScorePlugins with Skip,
RunScorePlugins with NormalizeScore and weights, Reserve/Unreserve, Permit, PreBind, Bind,
PostBind) and `pkg/scheduler/framework/types.go` (Diagnosis, FitError and its message).

A plugin is an object with a `name` and some of the methods below; the framework finds which
extension points it implements by the methods it has, as Go finds the interfaces a type satisfies.
Score plugins may implement `score_nodes(state, pod, nodes) -> list[int]` to score many nodes in
one call (the hot loop); the default calls `score` per node.

Differences from upstream: no parallelism (one thread, plugin after plugin); Permit supports
Success and rejection but not Wait; the snapshot is the cache itself.
"""

from __future__ import annotations

# ---- Code (interface.go) ---------------------------------------------------------------------------
SUCCESS, ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, WAIT, SKIP, PENDING = range(7)
CODE_NAMES = ("Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending")
MAX_NODE_SCORE = 100
MIN_NODE_SCORE = 0
NO_NODE_AVAILABLE_MSG = "0/{} nodes are available"


class Status:
    """A plugin's verdict: a code, reasons (joined into the message) and which plugin said it."""

    __slots__ = ("code", "reasons", "plugin")

    def __init__(self, code: int = SUCCESS, *reasons: str, plugin: str = ""):
        self.code, self.reasons, self.plugin = code, reasons, plugin

    def message(self) -> str:
        return ", ".join(self.reasons)

    def is_success(self) -> bool:
        return self.code == SUCCESS

    def is_rejected(self) -> bool:
        return self.code in (UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, PENDING)

    def with_plugin(self, plugin: str) -> "Status":
        return self if self.plugin == plugin else Status(self.code, *self.reasons, plugin=plugin)

    def __repr__(self):
        return f"Status({CODE_NAMES[self.code]}, {self.message()!r}, plugin={self.plugin!r})"


def code_of(status: Status | None) -> int:
    return SUCCESS if status is None else status.code


class CycleState(dict):
    """Data plugins share within one scheduling cycle (keyed by plugin-chosen strings)."""

    def __init__(self):
        super().__init__()
        self.skip_filter: set[str] = set()
        self.skip_score: set[str] = set()
        self.filters: list = []                 # (plugin name, bound filter) not skipped
        self.narrowed_by: list[str] = []        # plugins whose PreFilterResult narrowed the nodes
        self.filter_plugins: list = []          # the same plugins, for filter_nodes

    def clone(self) -> "CycleState":
        c = CycleState()
        for k, v in self.items():
            c[k] = v.clone() if hasattr(v, "clone") else v
        c.skip_filter, c.skip_score, c.filters = set(self.skip_filter), set(self.skip_score), self.filters
        c.filter_plugins, c.narrowed_by = self.filter_plugins, self.narrowed_by
        return c


class Plugin:
    """Base for plugins: a name, and a handle on the scheduler (cache, listers, client, rng)."""

    name = ""

    def __init__(self, handle=None, args: dict | None = None):
        self.handle = handle
        self.args = args or {}

    def filter_nodes(self, state, pi, nodes: list, statuses: dict) -> list:
        """Filter many nodes: returns those passing, records the others' statuses (by node name).
        Plugins override this with a fast path; the verdicts are the same as calling `filter`."""
        fn, name, out = self.filter, self.name, []
        for ni in nodes:
            st = fn(state, pi, ni)
            if st is None or st.code == SUCCESS:
                out.append(ni)
            else:
                statuses[ni.name] = st if st.plugin == name else st.with_plugin(name)
        return out

    def score_nodes(self, state, pi, nodes) -> list[int]:
        score = self.score
        return [score(state, pi, ni) for ni in nodes]

    def events_to_register(self) -> dict:
        """ClusterEvent name -> queueing hint fn(pod_info, old, new) -> bool (None: always queue)."""
        return {}

    def __repr__(self):
        return f"<plugin {self.name}>"


class Diagnosis:
    """Why a pod found no node: per-node statuses, rejecting plugins, PreFilter/PostFilter messages."""

    __slots__ = ("node_to_status", "absent_nodes_status", "unschedulable_plugins", "pending_plugins",
                 "pre_filter_msg", "post_filter_msg")

    def __init__(self):
        self.node_to_status: dict[str, Status] = {}
        self.absent_nodes_status = Status(UNSCHEDULABLE_AND_UNRESOLVABLE)
        self.unschedulable_plugins: set[str] = set()
        self.pending_plugins: set[str] = set()
        self.pre_filter_msg = ""
        self.post_filter_msg = ""

    def add_plugin_status(self, st: Status) -> None:
        if not st.plugin:
            return
        if st.is_rejected():
            self.unschedulable_plugins.add(st.plugin)
        if st.code == PENDING:
            self.pending_plugins.add(st.plugin)

    def nodes_for_status_code(self, node_names, code: int) -> list[str]:
        """NodeToStatus.NodesForStatusCode over all nodes (absent ones take absent_nodes_status)."""
        out = []
        for name in node_names:
            st = self.node_to_status.get(name, self.absent_nodes_status)
            if st.code == code:
                out.append(name)
        return out


class FitError(Exception):
    """No node fits the pod; str() is upstream's "0/N nodes are available: ..." message."""

    def __init__(self, pod_info, num_all_nodes: int, diagnosis: Diagnosis):
        super().__init__()
        self.pod_info, self.num_all_nodes, self.diagnosis = pod_info, num_all_nodes, diagnosis

    def __str__(self) -> str:
        d = self.diagnosis
        msg = NO_NODE_AVAILABLE_MSG.format(self.num_all_nodes) + ":"
        if d.pre_filter_msg:
            msg += f" {d.pre_filter_msg}."
        else:
            reasons: dict[str, int] = {}
            for st in d.node_to_status.values():
                for r in st.reasons:
                    reasons[r] = reasons.get(r, 0) + 1
            absent = self.num_all_nodes - len(d.node_to_status)
            if absent > 0:
                for r in d.absent_nodes_status.reasons:
                    reasons[r] = reasons.get(r, 0) + absent
            histogram = sorted(f"{n} {r}" for r, n in reasons.items())   # sorted as strings, as Go does
            if histogram:
                msg += f" {', '.join(histogram)}."
        if d.post_filter_msg:
            msg += f" {d.post_filter_msg}"
        return msg


class Framework:
    """One profile's plugins, grouped by extension point, with weights for scoring."""

    def __init__(self, plugins: list, weights: dict[str, int], profile_name: str = "default-scheduler"):
        self.profile_name = profile_name
        self.plugins = list(plugins)
        self.weights = dict(weights)

        def having(method):
            return [p for p in self.plugins if callable(getattr(p, method, None))]

        sort = having("less")
        self.queue_sort = sort[0] if sort else None
        self.pre_filter_plugins = having("pre_filter")
        self.filter_plugins = having("filter")
        self.post_filter_plugins = having("post_filter")
        self.pre_score_plugins = having("pre_score")
        self.score_plugins = [p for p in having("score") if self.weights.get(p.name, 1) > 0]
        self.reserve_plugins = having("reserve")
        self.permit_plugins = having("permit")
        self.pre_bind_plugins = having("pre_bind")
        self.bind_plugins = having("bind")
        self.post_bind_plugins = having("post_bind")

    def plugin(self, name: str):
        for p in self.plugins:
            if p.name == name:
                return p
        return None

    # ---- PreFilter / Filter ---------------------------------------------------------------------------

    def run_pre_filter_plugins(self, state: CycleState, pi, nodes) -> tuple[set | None, Status | None]:
        """Returns (node names every PreFilterResult allows, or None for all; a failure status)."""
        result: set | None = None
        narrowed_by = state.narrowed_by
        for pl in self.pre_filter_plugins:
            names, st = pl.pre_filter(state, pi, nodes)
            if st is not None and st.code != SUCCESS:
                if st.code == SKIP:
                    state.skip_filter.add(pl.name)
                    continue
                return None, st.with_plugin(pl.name)
            if names is not None:
                narrowed_by.append(pl.name)
                result = set(names) if result is None else result & set(names)
                if not result:
                    msg = (f"node(s) didn't satisfy plugin {narrowed_by[0]}" if len(narrowed_by) == 1 else
                           f"node(s) didn't satisfy plugin(s) [{' '.join(narrowed_by)}] simultaneously")
                    return None, Status(UNSCHEDULABLE_AND_UNRESOLVABLE, msg, plugin=narrowed_by[-1])
        state.filters = [(p.name, p.filter) for p in self.filter_plugins if p.name not in state.skip_filter]
        state.filter_plugins = [p for p in self.filter_plugins if p.name not in state.skip_filter]
        return result, None

    def run_filter_plugins(self, state: CycleState, pi, ni) -> Status | None:
        for name, fn in state.filters:
            st = fn(state, pi, ni)
            if st is not None and st.code != SUCCESS:
                return st.with_plugin(name)
        return None

    def run_pre_filter_extension(self, state: CycleState, pi, other, ni, add: bool) -> None:
        """PreFilterExtensions AddPod/RemovePod: keep PreFilter state right when a pod is moved."""
        for pl in self.pre_filter_plugins:
            if pl.name in state.skip_filter:
                continue
            fn = getattr(pl, "add_pod" if add else "remove_pod", None)
            if fn is not None:
                fn(state, pi, other, ni)

    def run_filter_plugins_with_nominated_pods(self, state: CycleState, pi, ni, nominated) -> Status | None:
        """Filter twice when pods of equal or higher priority are nominated to this node: once as if
        they were running there, once without them; the pod must pass both."""
        others = [p for p in nominated if p.uid != pi.uid and p.priority >= pi.priority]
        if not others:
            return self.run_filter_plugins(state, pi, ni)
        state2, ni2 = state.clone(), ni.clone()
        for p in others:
            ni2.add_pod(p)
            self.run_pre_filter_extension(state2, pi, p, ni2, True)
        st = self.run_filter_plugins(state2, pi, ni2)
        if st is not None:
            return st
        return self.run_filter_plugins(state, pi, ni)

    # ---- PostFilter ------------------------------------------------------------------------------------

    def run_post_filter_plugins(self, state, pi, diagnosis: Diagnosis):
        reasons: list[str] = []
        rejector = ""
        result = None
        for pl in self.post_filter_plugins:
            r, st = pl.post_filter(state, pi, diagnosis)
            if st is None or st.code == SUCCESS:
                return r, Status(SUCCESS, plugin=pl.name)
            if st.code == UNSCHEDULABLE_AND_UNRESOLVABLE:
                return r, st.with_plugin(pl.name)
            if st.code != UNSCHEDULABLE:
                return None, st.with_plugin(pl.name)
            reasons.extend(st.reasons)
            rejector = rejector or pl.name
            result = r if r is not None else result
        return result, Status(UNSCHEDULABLE, *reasons, plugin=rejector)

    # ---- PreScore / Score ------------------------------------------------------------------------------

    def run_pre_score_plugins(self, state, pi, nodes) -> Status | None:
        for pl in self.pre_score_plugins:
            st = pl.pre_score(state, pi, nodes)
            if st is not None and st.code != SUCCESS:
                if st.code == SKIP:
                    state.skip_score.add(pl.name)
                    continue
                return st.with_plugin(pl.name)
        return None

    def run_score_plugins(self, state, pi, nodes) -> list[tuple[str, int, list, list]]:
        """For each score plugin not skipped: (name, weight, raw scores, normalized scores)."""
        out = []
        for pl in self.score_plugins:
            if pl.name in state.skip_score:
                continue
            raw = pl.score_nodes(state, pi, nodes)
            normalized = raw
            norm = getattr(pl, "normalize_score", None)
            if norm is not None:
                normalized = list(raw)
                norm(state, pi, nodes, normalized)
            out.append((pl.name, self.weights.get(pl.name, 1), raw, normalized))
        return out

    # ---- Reserve / Permit / Bind -----------------------------------------------------------------------

    def run_reserve_plugins_reserve(self, state, pi, node_name: str) -> Status | None:
        for pl in self.reserve_plugins:
            st = pl.reserve(state, pi, node_name)
            if st is not None and st.code != SUCCESS:
                return st.with_plugin(pl.name)
        return None

    def run_reserve_plugins_unreserve(self, state, pi, node_name: str) -> None:
        for pl in reversed(self.reserve_plugins):
            unreserve = getattr(pl, "unreserve", None)
            if unreserve is not None:
                unreserve(state, pi, node_name)

    def run_permit_plugins(self, state, pi, node_name: str) -> Status | None:
        for pl in self.permit_plugins:
            st = pl.permit(state, pi, node_name)
            if st is not None and st.code != SUCCESS:
                if st.code == WAIT:
                    return Status(ERROR, f"plugin {pl.name} asked to wait: Permit Wait is not supported",
                                  plugin=pl.name)
                return st.with_plugin(pl.name)
        return None

    def run_pre_bind_plugins(self, state, pi, node_name: str) -> Status | None:
        for pl in self.pre_bind_plugins:
            st = pl.pre_bind(state, pi, node_name)
            if st is not None and st.code != SUCCESS:
                return st.with_plugin(pl.name)
        return None

    def run_bind_plugins(self, state, pi, node_name: str) -> Status | None:
        for pl in self.bind_plugins:
            st = pl.bind(state, pi, node_name)
            if st is not None and st.code == SKIP:
                continue
            return None if st is None or st.code == SUCCESS else st.with_plugin(pl.name)
        return Status(ERROR, "no bind plugin bound the pod")

    def run_post_bind_plugins(self, state, pi, node_name: str) -> None:
        for pl in self.post_bind_plugins:
            pl.post_bind(state, pi, node_name)

    def __repr__(self):
        return f"Framework({self.profile_name}, plugins={[p.name for p in self.plugins]})"

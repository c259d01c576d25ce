"""DefaultPreemption: when no node fits, find a node where evicting lower-priority pods makes room,
nominate it for the pod, and delete those pods (the victims).

Follows `pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go` (PostFilter,
PodEligibleToPreemptOthers, SelectVictimsOnNode: remove every lower-priority pod, check the pod
fits, then reprieve victims from the most important down; calculateNumCandidates with
minCandidateNodesPercentage 10 and minCandidateNodesAbsolute 100) and
`pkg/scheduler/framework/preemption/preemption.go` (Evaluator.Preempt, findCandidates over nodes
whose status was Unschedulable -- not UnschedulableAndUnresolvable -- starting at a random offset,
DryRunPreemption, pickOneNodeForPreemption's tie-breakers, prepareCandidate: DisruptionTarget
condition, delete, a `Preempted` event, clearing lower-priority nominations). When no candidate is
found the message is a FitError of its own: "preemption: 0/N nodes are available: ...", nodes that
were not tried counted as "Preemption is not helpful for scheduling".

Differences from upstream: PodDisruptionBudgets are not consulted (no violations are counted);
preemption runs synchronously (AsyncPreemption is off by default in v1.32 too).
"""

from __future__ import annotations

from ..framework import (ERROR, SUCCESS, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, CycleState, Diagnosis,
                         FitError, Plugin, Status)

NAME = "DefaultPreemption"
STATE_KEY = "PostFilter" + NAME                 # what the dry run found, for traces
MIN_CANDIDATE_NODES_PERCENTAGE = 10
MIN_CANDIDATE_NODES_ABSOLUTE = 100
NO_VICTIMS = "No preemption victims found for incoming pod"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
MAX_INT32 = 2 ** 31 - 1


class Candidate:
    __slots__ = ("name", "victims", "num_pdb_violations")

    def __init__(self, name: str, victims: list, num_pdb_violations: int = 0):
        self.name, self.victims, self.num_pdb_violations = name, victims, num_pdb_violations

    def __repr__(self):
        return f"Candidate({self.name}, victims={[v.key for v in self.victims]})"


def more_important_key(pi) -> tuple:
    """util.MoreImportantPod as a sort key: higher priority, then the earlier start time."""
    return (-pi.priority, pi.start_time or "\uffff")


class DefaultPreemption(Plugin):
    name = NAME

    def post_filter(self, state, pi, diagnosis: Diagnosis):
        result, st = self.preempt(state, pi, diagnosis)
        if st is not None and st.message():
            return result, Status(st.code, "preemption: " + st.message())
        return result, st

    # ---- Evaluator.Preempt ------------------------------------------------------------------------

    def preempt(self, state, pi, diagnosis: Diagnosis):
        h = self.handle
        latest = h.pod_lister().get(pi.namespace, pi.name)
        if latest is None:
            return None, Status(ERROR, f'pods "{pi.name}" not found')
        nominated = (latest.get("status") or {}).get("nominatedNodeName") or ""
        ok, msg = self.pod_eligible_to_preempt_others(
            latest, pi, diagnosis.node_to_status.get(nominated, diagnosis.absent_nodes_status))
        if not ok:
            return None, Status(UNSCHEDULABLE, msg)
        all_nodes = h.cache.node_list()
        candidates, statuses = self.find_candidates(state, pi, all_nodes, diagnosis)
        state[STATE_KEY] = {"candidates": candidates, "statuses": statuses, "chosen": None}
        if not candidates:
            d = Diagnosis()
            d.node_to_status = statuses
            d.absent_nodes_status = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NOT_HELPFUL)
            return "", Status(UNSCHEDULABLE, str(FitError(pi, len(all_nodes), d)))
        best = self.select_candidate(candidates)
        state[STATE_KEY]["chosen"] = best
        st = self.prepare_candidate(best, pi)
        if st is not None:
            return None, st
        return best.name, Status(SUCCESS)

    def pod_eligible_to_preempt_others(self, pod: dict, pi, nominated_status) -> tuple[bool, str]:
        if (pod.get("spec") or {}).get("preemptionPolicy") == "Never":
            return False, "not eligible due to preemptionPolicy=Never."
        nominated = (pod.get("status") or {}).get("nominatedNodeName") or ""
        if nominated:
            if nominated_status.code == UNSCHEDULABLE_AND_UNRESOLVABLE:
                return True, ""
            ni = self.handle.cache.node_infos.get(nominated)
            if ni is not None:
                for p in ni.pods.values():
                    if p.priority < pi.priority and terminating_by_preemption(p.pod):
                        return False, "not eligible due to a terminating pod on the nominated node."
        return True, ""

    def find_candidates(self, state, pi, all_nodes, diagnosis):
        if not all_nodes:
            return [], {}
        names = [ni.name for ni in all_nodes]
        potential = diagnosis.nodes_for_status_code(names, UNSCHEDULABLE)
        if not potential:
            return [], {}
        offset = self.handle.rng.randrange(len(potential))
        return self.dry_run_preemption(state, pi, potential, offset, self.calculate_num_candidates(len(potential)))

    @staticmethod
    def calculate_num_candidates(num_nodes: int) -> int:
        n = num_nodes * MIN_CANDIDATE_NODES_PERCENTAGE // 100
        return min(max(n, MIN_CANDIDATE_NODES_ABSOLUTE), num_nodes)

    def dry_run_preemption(self, state, pi, potential: list[str], offset: int, num: int):
        cache = self.handle.cache
        candidates: list[Candidate] = []
        statuses: dict[str, Status] = {}
        for i in range(len(potential)):
            name = potential[(offset + i) % len(potential)]
            ni = cache.node_infos[name].clone()
            victims, violations, st = self.select_victims_on_node(state.clone(), pi, ni)
            if (st is None or st.code == SUCCESS) and victims:
                candidates.append(Candidate(name, victims, violations))
                if len(candidates) >= num:
                    break
                continue
            if st is None or st.code == SUCCESS:
                st = Status(ERROR, f'expected at least one victim pod on node "{name}"')
            statuses[name] = st
        return candidates, statuses

    def select_victims_on_node(self, state: CycleState, pi, ni):
        fwk, nominated = self.handle.framework, self.handle.queue.nominated_pods_for_node(ni.name)
        potential = [p for p in ni.pods.values() if p.priority < pi.priority]
        for p in potential:
            ni.remove_pod(p)
            fwk.run_pre_filter_extension(state, pi, p, ni, False)
        if not potential:
            return None, 0, Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NO_VICTIMS)
        st = fwk.run_filter_plugins_with_nominated_pods(state, pi, ni, nominated)
        if st is not None:
            return None, 0, st
        potential.sort(key=more_important_key)
        victims = []
        for p in potential:                             # reprieve the most important first
            ni.add_pod(p)
            fwk.run_pre_filter_extension(state, pi, p, ni, True)
            if fwk.run_filter_plugins_with_nominated_pods(state, pi, ni, nominated) is not None:
                ni.remove_pod(p)
                fwk.run_pre_filter_extension(state, pi, p, ni, False)
                victims.append(p)
        return victims, 0, Status(SUCCESS)

    # ---- choosing and preparing the candidate ---------------------------------------------------------

    @staticmethod
    def select_candidate(candidates: list[Candidate]) -> Candidate:
        """pickOneNodeForPreemption: fewest PDB violations, lowest highest-priority victim, lowest
        priority sum, fewest victims, latest start of the highest-priority victims, then the first."""
        def earliest_start(c):
            top = c.victims[0].priority
            return min((v.start_time or "\uffff") for v in c.victims if v.priority == top)

        score_funcs = (
            lambda c: -c.num_pdb_violations,
            lambda c: -c.victims[0].priority,
            lambda c: -sum(v.priority + MAX_INT32 + 1 for v in c.victims),
            lambda c: -len(c.victims),
            earliest_start,
        )
        remaining = list(candidates)
        for f in score_funcs:
            best = max(f(c) for c in remaining)
            remaining = [c for c in remaining if f(c) == best]
            if len(remaining) == 1:
                break
        return remaining[0]

    def prepare_candidate(self, c: Candidate, pi) -> Status | None:
        h = self.handle
        for victim in c.victims:
            if victim.terminating:
                continue
            err = h.preempt_pod(victim, pi, c.name)
            if err:
                return Status(ERROR, err)
        h.clear_lower_priority_nominations(pi, c.name)
        return None


def terminating_by_preemption(pod: dict) -> bool:
    if not pod["metadata"].get("deletionTimestamp"):
        return False
    return any(cond.get("type") == "DisruptionTarget" and cond.get("reason") == "PreemptionByScheduler"
               for cond in (pod.get("status") or {}).get("conditions") or [])

"""The scheduling algorithm of one cycle: filter nodes, score the feasible ones, pick the best.

Follows `pkg/scheduler/schedule_one.go` as of v1.32:
- schedulePod: no nodes -> "no nodes available to schedule pods"; no feasible node -> FitError;
  exactly one feasible node is taken without scoring.
- findNodesThatFitPod: PreFilter (a rejection fails every node with its message; a
  PreFilterResult narrows the nodes), the nominated node is tried first, then
  findNodesThatPassFilters walks the nodes from `nextStartNodeIndex`, round the list, and stops once
  numFeasibleNodesToFind nodes passed every Filter; the next cycle starts where this one stopped.
- numFeasibleNodesToFind: every node below 100 nodes; otherwise percentageOfNodesToScore, adaptive
  when 0: 50% - nodes/125, at least 5%, and at least 100 nodes.
- prioritizeNodes: PreScore, Score, NormalizeScore, weights; total = sum(normalized * weight).
- selectHost: the highest total; ties broken by reservoir sampling with the scheduler's seeded RNG
  (the book profile uses v1.11's round-robin, see compat.py).

Differences from upstream: filters and scores run sequentially, so exactly numFeasibleNodesToFind
nodes pass (upstream's parallel chunks may overshoot); no extenders.
"""

from __future__ import annotations

import itertools
import operator

from .framework import ERROR, UNSCHEDULABLE_AND_UNRESOLVABLE, CycleState, Diagnosis, FitError, Framework, Status
from .traces import Attempt, ScoreColumn

MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5
ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods"


class SchedulerError(Exception):
    """A scheduling cycle that failed for a reason other than "no node fits"."""


def num_feasible_nodes_to_find(percentage: int, num_all_nodes: int) -> int:
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND or percentage >= 100:
        return num_all_nodes
    if percentage == 0:
        percentage = max(50 - num_all_nodes // 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    return max(num_all_nodes * percentage // 100, MIN_FEASIBLE_NODES_TO_FIND)


def schedule_pod(sched, fwk: Framework, state: CycleState, pi, attempt: Attempt | None) -> str:
    """schedulePod: the name of the chosen node, or FitError / SchedulerError."""
    nodes = sched.cache.node_list()
    if attempt is not None:
        attempt.num_all_nodes = len(nodes)
    if not nodes:
        raise SchedulerError(ERR_NO_NODES_AVAILABLE)
    feasible, diagnosis = find_nodes_that_fit_pod(sched, fwk, state, pi, nodes, attempt)
    if not feasible:
        raise FitError(pi, len(nodes), diagnosis)
    if len(feasible) == 1:
        if attempt is not None and not attempt.why:
            attempt.why = "the only feasible node: scoring skipped"
        return feasible[0].name
    totals, columns = prioritize_nodes(fwk, state, pi, feasible)
    ix, ties = select_host(sched, totals)
    if attempt is not None:
        attempt.scores = [ScoreColumn(n, w, raw, norm) for n, w, raw, norm in columns]   # kept, not copied
        attempt.skipped_score = sorted(state.skip_score)
        attempt.totals = totals
        attempt.ties = [feasible[i].name for i in ties]
        attempt.why = explain_choice(sched, totals, feasible, ix, ties)
    return feasible[ix].name


def find_nodes_that_fit_pod(sched, fwk, state, pi, nodes, attempt):
    diagnosis = Diagnosis()
    allowed, st = fwk.run_pre_filter_plugins(state, pi, nodes)
    if attempt is not None:
        attempt.skipped_filter = sorted(state.skip_filter)
        attempt.filter_plugins = [name for name, _ in state.filters] or [p.name for p in fwk.filter_plugins]
    if st is not None:
        if not st.is_rejected():
            raise SchedulerError(f'running PreFilter plugin "{st.plugin}": {st.message()}')
        diagnosis.pre_filter_msg = st.message()
        diagnosis.absent_nodes_status = st
        diagnosis.add_plugin_status(st)
        if attempt is not None:
            attempt.pre_filter = f"{st.plugin}: {st.message()}"
        return [], diagnosis
    nominated = ((pi.pod.get("status") or {}).get("nominatedNodeName") or "")
    if nominated:
        ni = sched.cache.node_infos.get(nominated)
        if ni is not None and ni.node is not None:
            st = fwk.run_filter_plugins_with_nominated_pods(state, pi, ni, sched.queue.nominated_pods_for_node(nominated))
            if st is None:
                if attempt is not None:
                    attempt.evaluated, attempt.feasible = [nominated], [nominated]
                    attempt.why = "the pod's nominated node passed every filter"
                return [ni], diagnosis
            diagnosis.node_to_status[nominated] = st
    if allowed is not None:
        nodes = [ni for ni in nodes if ni.name in allowed]
        diagnosis.absent_nodes_status = Status(
            UNSCHEDULABLE_AND_UNRESOLVABLE, f"node(s) didn't satisfy plugin(s) [{' '.join(state.narrowed_by)}]")
    feasible = find_nodes_that_pass_filters(sched, fwk, state, pi, nodes, diagnosis, attempt)
    for s in diagnosis.node_to_status.values():
        if s.is_rejected():
            diagnosis.unschedulable_plugins.add(s.plugin)
    return feasible, diagnosis


def find_nodes_that_pass_filters(sched, fwk, state, pi, nodes, diagnosis, attempt):
    """Walk the nodes from nextStartNodeIndex until num_to_find pass every filter.

    The walk goes in chunks of as many nodes as are still wanted, each chunk plugin by plugin
    (`filter_nodes`); a chunk never holds more nodes than are still needed, so exactly the nodes a
    node-by-node walk would visit are visited, and get the same verdicts."""
    n = len(nodes)
    if n == 0:
        return []
    num_to_find = num_feasible_nodes_to_find(sched.percentage_of_nodes_to_score, n)
    start = sched.next_start_node_index % n
    plugins = state.filter_plugins
    statuses = diagnosis.node_to_status
    nominated = sched.queue.nominator.nominated_pods
    feasible: list = []
    processed = 0
    while processed < n and len(feasible) < num_to_find:
        k = min(num_to_find - len(feasible), n - processed)
        a = (start + processed) % n
        chunk = nodes[a:a + k] if a + k <= n else nodes[a:] + nodes[:a + k - n]
        processed += k
        special = [ni for ni in chunk if ni.name in nominated] if nominated else ()
        alive = [ni for ni in chunk if ni.name not in nominated] if special else chunk
        for pl in plugins:
            if not alive:
                break
            alive = pl.filter_nodes(state, pi, alive, statuses)
        for ni in special:           # pods nominated there count, when of equal or higher priority
            st = fwk.run_filter_plugins_with_nominated_pods(state, pi, ni, nominated[ni.name])
            if st is not None:
                statuses[ni.name] = st
        if special:
            alive = [ni for ni in chunk if ni.name not in statuses]
        feasible.extend(alive)
    for st in statuses.values():
        if st.code == ERROR:
            raise SchedulerError(f'running "{st.plugin}" filter plugin: {st.message()}')
    sched.next_start_node_index = (start + processed) % n
    if attempt is not None:
        attempt.num_to_find, attempt.start_index = num_to_find, start
        seen = nodes[start:start + processed] if start + processed <= n else \
            nodes[start:] + nodes[:start + processed - n]
        attempt.evaluated = [ni.name for ni in seen]
        attempt.failures = dict(statuses)
        attempt.feasible = [ni.name for ni in feasible]
    return feasible


def prioritize_nodes(fwk, state, pi, nodes):
    """Returns (totals aligned with nodes, [(plugin, weight, raw, normalized)])."""
    st = fwk.run_pre_score_plugins(state, pi, nodes)
    if st is not None:
        raise SchedulerError(f'running PreScore plugin "{st.plugin}": {st.message()}')
    columns = fwk.run_score_plugins(state, pi, nodes)
    if not columns:
        return [1] * len(nodes), columns
    totals = None
    for _, weight, _, normalized in columns:
        weighted = normalized if weight == 1 else list(map(operator.mul, normalized, itertools.repeat(weight)))
        totals = weighted if totals is None else list(map(operator.add, totals, weighted))
    return totals, columns


def select_host(sched, totals: list[int]) -> tuple[int, list[int]]:
    """selectHost: the index of the chosen node and the indexes sharing the top total."""
    best = max(totals)
    ties = [i for i, t in enumerate(totals) if t == best]
    if len(ties) == 1:
        return ties[0], ties
    if sched.profile == "book":
        return sched.round_robin.select(ties), ties
    random, chosen = sched.rng.random, ties[0]
    for count, i in enumerate(ties[1:], start=2):   # reservoir sampling: keep i with probability 1/count
        if random() * count < 1.0:
            chosen = i
    return chosen, ties


def explain_choice(sched, totals, feasible, ix, ties) -> str:
    best = totals[ix]
    runner_up = max((t for t in totals if t != best), default=None)
    text = f"highest total score {best}"
    if len(ties) > 1:
        how = ("v1.11 round-robin (lastNodeIndex)" if sched.profile == "book"
               else "reservoir sampling with the scheduler's seeded RNG")
        text += f", shared by {len(ties)} nodes; {feasible[ix].name} picked by {how}"
    if runner_up is not None:
        runner = feasible[totals.index(runner_up)].name
        text += f"; next best {runner_up} on {runner}"
    return text

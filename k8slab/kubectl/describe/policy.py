"""Priority classes and pod disruption budgets.

Follows `staging/src/k8s.io/kubectl/pkg/describe/describe.go` (PriorityClassDescriber,
describePriorityClass; PodDisruptionBudgetDescriber, describePodDisruptionBudgetV1).

Differences from upstream: no fallback to policy/v1beta1 (no server k8slab mimics serves it).
"""

from __future__ import annotations

from .context import DescribeContext, group_path, meta, spec, status
from .events import describe_events
from .gofmt import format_label_selector, format_labels, go_v
from .workloads import events_for
from .writer import LEVEL_0, LEVEL_2, PrefixWriter


def describe_priority_class(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    pc = ctx.get(group_path("scheduling.k8s.io/v1", "priorityclasses", None, name))
    events = events_for(ctx, pc, "PriorityClass")
    m = meta(pc)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Value:\t{pc.get('value', 0)}\n")
    w.write(LEVEL_0, f"GlobalDefault:\t{go_v(bool(pc.get('globalDefault')))}\n")
    w.write(LEVEL_0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy', '')}\n")
    w.write(LEVEL_0, f"Description:\t{pc.get('description', '')}\n")
    w.write(LEVEL_0, f"Annotations:\t{format_labels(m.get('annotations'))}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()


def describe_pod_disruption_budget(ctx: DescribeContext, resource, namespace: str, name: str) -> str:
    pdb = ctx.get(group_path("policy/v1", "poddisruptionbudgets", namespace, name))
    events = events_for(ctx, pdb, "PodDisruptionBudget")
    m, s, st = meta(pdb), spec(pdb), status(pdb)
    w = PrefixWriter()
    w.write(LEVEL_0, f"Name:\t{m.get('name', '')}\n")
    w.write(LEVEL_0, f"Namespace:\t{m.get('namespace', '')}\n")
    if s.get("minAvailable") is not None:
        w.write(LEVEL_0, f"Min available:\t{s['minAvailable']}\n")
    elif s.get("maxUnavailable") is not None:
        w.write(LEVEL_0, f"Max unavailable:\t{s['maxUnavailable']}\n")
    if s.get("selector") is not None:
        w.write(LEVEL_0, f"Selector:\t{format_label_selector(s['selector'])}\n")
    else:
        w.write(LEVEL_0, "Selector:\t<unset>\n")
    w.write(LEVEL_0, "Status:\n")
    w.write(LEVEL_2, f"Allowed disruptions:\t{st.get('disruptionsAllowed', 0)}\n")
    w.write(LEVEL_2, f"Current:\t{st.get('currentHealthy', 0)}\n")
    w.write(LEVEL_2, f"Desired:\t{st.get('desiredHealthy', 0)}\n")
    w.write(LEVEL_2, f"Total:\t{st.get('expectedPods', 0)}\n")
    if events is not None:
        describe_events(events, w, ctx.now)
    return w.string()

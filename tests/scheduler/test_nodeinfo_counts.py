"""NodeInfo.count_matching: the label index gives what a walk over every pod gives."""

import random

from k8slab.api.selectors import matches_labels, parse_label_selector as parse_selector
from k8slab.scheduler.nodeinfo import NodeInfo, PodInfo


def pod(i: int, ns: str, labels: dict, terminating: bool = False) -> PodInfo:
    meta = {"name": f"p{i}", "namespace": ns, "uid": f"u{i}", "labels": labels}
    if terminating:
        meta["deletionTimestamp"] = "2024-01-01T00:00:00Z"
    return PodInfo({"metadata": meta, "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "x"}]}})


def walk(pods: dict, selector, ns: str) -> int:
    return sum(1 for p in pods.values()
               if p.namespace == ns and not p.terminating and matches_labels(selector, p.labels))


def test_counts_agree_with_a_walk_over_every_pod_as_pods_come_and_go():
    rng = random.Random(7)
    ni, live = NodeInfo("n1"), {}
    selectors = ["app=a", "app=a,tier=web", "app in (b)", "app in (a,b)", "tier!=web", "app", "!tier",
                 "app=zzz", "app=a,tier notin (db)", ""]
    for step in range(400):
        if live and rng.random() < 0.4:
            p = live.pop(rng.choice(sorted(live)))
            assert ni.remove_pod(p)
        else:
            labels = {k: rng.choice(vals) for k, vals in (("app", "ab"), ("tier", ["web", "db"]))
                      if rng.random() < 0.8}
            p = pod(step, rng.choice(["default", "other"]), labels, terminating=rng.random() < 0.1)
            live[p.uid] = p
            ni.add_pod(p)
        copy = ni.clone()
        for text in selectors:
            sel = parse_selector(text)
            for ns in ("default", "other"):
                assert ni.count_matching(sel, ns) == walk(live, sel, ns) == copy.count_matching(sel, ns), (text, ns)
    assert ni.count_matching(None, "default") == 0

"""`k8slab bench authz`: how fast the authorizer chain decides, with many RoleBindings.

An APIServer with the default `Node,RBAC` chain and upstream's bootstrap policy, plus
`--bindings` RoleBindings (default 1,000: `--namespaces` namespaces, one Role each, each
binding one user to that Role, to `view`, or to `edit`; every tenth binds a group). Then:

1. decisions per second through `Authorization.authorize` (goal >= 20,000/s), for a seeded mix
   of users, namespaces, verbs and resources, about half allowed:
   - warm: the (user, groups, namespace) answers remembered between RBAC writes;
   - cold: every decision resolves its bindings again from the namespace/subject index;
2. the whole request pipeline in-process (`APIServer.handle`) for a GET of one ConfigMap: as a
   system:masters user (the short-circuit) and as a user allowed through a RoleBinding;
3. create latency of ConfigMaps in-process, p50 and p99, as the admin and as a user allowed by
   RBAC, so the cost of authorization on a write shows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

GOAL_DECISIONS_PER_S = 20_000
VERBS = ("get", "list", "watch", "create", "update", "delete")
RESOURCES = ("pods", "configmaps", "secrets", "services", "deployments", "roles")
GROUP_OF = {"deployments": "apps", "roles": "rbac.authorization.k8s.io"}
RBAC = "rbac.authorization.k8s.io"


def build(bindings: int, namespaces: int, seed: int):
    """An APIServer holding `bindings` RoleBindings over `namespaces` namespaces (plus the
    bootstrap policy); returns (api, users) where users are (user dict, home namespace)."""
    from ..apiserver.bootstrap import bootstrap
    from ..apiserver.handler import APIServer
    from ..client import APIClient, InProcessTransport
    from ..controllers.clusterroleaggregation import aggregate_rules

    api = APIServer(seed=seed)
    bootstrap(api)
    client = APIClient(InProcessTransport(api))
    # what the clusterrole-aggregation controller would write (no controller-manager runs here)
    roles = client.list(f"{RBAC}/v1", "clusterroles")["items"]
    for name in ("view", "edit", "admin"):
        role = client.get(f"{RBAC}/v1", "ClusterRole", name)
        role["rules"] = aggregate_rules(role, roles)
        client.update(role)
        roles = client.list(f"{RBAC}/v1", "clusterroles")["items"]
    users = []
    for n in range(namespaces):
        ns = f"team-{n}"
        client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        client.create({"apiVersion": f"{RBAC}/v1", "kind": "Role", "metadata": {"name": "pod-reader", "namespace": ns},
                       "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"],
                                  "verbs": ["get", "list", "watch"]}]})
    for i in range(bindings):
        ns = f"team-{i % namespaces}"
        ref = [("Role", "pod-reader"), ("ClusterRole", "view"), ("ClusterRole", "edit")][i % 3]
        if i % 10 == 9:
            subject = {"kind": "Group", "name": f"group-{i}", "apiGroup": RBAC}
            user = {"username": f"member-{i}", "groups": [f"group-{i}", "system:authenticated"]}
        else:
            subject = {"kind": "User", "name": f"user-{i}", "apiGroup": RBAC}
            user = {"username": f"user-{i}", "groups": ["system:authenticated"]}
        client.create({"apiVersion": f"{RBAC}/v1", "kind": "RoleBinding",
                       "metadata": {"name": f"binding-{i}", "namespace": ns}, "subjects": [subject],
                       "roleRef": {"apiGroup": RBAC, "kind": ref[0], "name": ref[1]}})
        users.append((user, ns))
    return api, users


def questions(users, namespaces: int, count: int, seed: int):
    from ..apiserver.authz.attributes import Attributes
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        user, home = rng.choice(users)
        ns = home if rng.random() < 0.8 else f"team-{rng.randrange(namespaces)}"
        resource = rng.choice(RESOURCES)
        out.append(Attributes(user, rng.choice(VERBS), namespace=ns, api_group=GROUP_OF.get(resource, ""),
                              api_version="v1", resource=resource))
    return out


def decisions_per_second(api, qs, cold: bool) -> tuple[float, float]:
    """(decisions/s, fraction allowed)."""
    authz = api.authz
    policy = authz.policy
    allowed = 0
    t = time.perf_counter()
    for attrs in qs:
        if cold:
            policy._resolved = {}
        if authz.authorize(attrs).allowed:
            allowed += 1
    elapsed = time.perf_counter() - t
    return len(qs) / elapsed, allowed / len(qs)


def handle_us(api, user: dict | None, ns: str, n: int) -> float:
    from ..apiserver.request import Request
    path = f"/api/v1/namespaces/{ns}/configmaps/bench"
    t = time.perf_counter()
    for _ in range(n):
        req = Request("GET", path, {}, user=dict(user) if user else None, in_process=True)
        resp = api.handle(req)
    elapsed = time.perf_counter() - t
    if resp.status != 200:
        raise RuntimeError(f"GET as {user} answered {resp.status}: {resp.body}")
    return elapsed / n * 1e6


def create_latency(api, user: dict | None, ns: str, n: int) -> dict:
    from ..apiserver.request import Request
    lat = []
    for i in range(n):
        body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                           "metadata": {"name": f"c-{'admin' if user is None else 'user'}-{i}"},
                           "data": {"k": "v"}}).encode()
        req = Request("POST", f"/api/v1/namespaces/{ns}/configmaps", {}, body, "application/json",
                      user=dict(user) if user else None, in_process=True)
        t = time.perf_counter()
        resp = api.handle(req)
        lat.append(time.perf_counter() - t)
        if resp.status != 201:
            raise RuntimeError(f"create as {user} answered {resp.status}: {resp.body}")
    lat.sort()
    return {"p50_ms": lat[len(lat) // 2] * 1000, "p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
            "n": n}


def run(bindings: int, namespaces: int, count: int, seed: int) -> dict:
    t = time.perf_counter()
    api, users = build(bindings, namespaces, seed)
    setup_s = time.perf_counter() - t
    qs = questions(users, namespaces, count, seed)
    decisions_per_second(api, qs[:1000], cold=False)                  # warm up imports and caches
    warm, allowed = decisions_per_second(api, qs, cold=False)
    cold, _ = decisions_per_second(api, qs, cold=True)
    editor = next(u for u, ns in users if u["username"] == "user-2")  # bound to edit in team-2
    api_ns = "team-2"
    from ..client import APIClient, InProcessTransport
    APIClient(InProcessTransport(api)).create({"apiVersion": "v1", "kind": "ConfigMap",
                                               "metadata": {"name": "bench", "namespace": api_ns}})
    n = max(200, count // 20)
    return {
        "bindings": bindings, "namespaces": namespaces, "decisions": count,
        "setup_s": round(setup_s, 2), "allowed_fraction": round(allowed, 3),
        "decisions_per_s_warm": round(warm), "decisions_per_s_cold": round(cold),
        "goal_decisions_per_s": GOAL_DECISIONS_PER_S,
        "get_us_masters": round(handle_us(api, None, api_ns, n), 1),
        "get_us_rbac_user": round(handle_us(api, editor, api_ns, n), 1),
        "create_admin": create_latency(api, None, api_ns, 200),
        "create_rbac_user": create_latency(api, editor, api_ns, 200),
        "decisions_kept": len(api.authz.last_decisions),
    }


def render(r: dict) -> str:
    ok = "yes" if r["decisions_per_s_cold"] >= GOAL_DECISIONS_PER_S else "no"
    lines = [
        f"authorization: {r['bindings']} RoleBindings over {r['namespaces']} namespaces "
        f"(+ bootstrap policy; set up in {r['setup_s']} s), {r['decisions']} decisions, "
        f"{r['allowed_fraction']:.0%} allowed",
        "",
        f"  {'decisions/s, answers remembered (warm)':44} {r['decisions_per_s_warm']:>10,}",
        f"  {'decisions/s, resolved from the index (cold)':44} {r['decisions_per_s_cold']:>10,}"
        f"   goal >= {GOAL_DECISIONS_PER_S:,}: {ok}",
        "",
        f"  {'GET one ConfigMap in-process, system:masters':44} {r['get_us_masters']:>8} us",
        f"  {'GET one ConfigMap in-process, RBAC user':44} {r['get_us_rbac_user']:>8} us",
        f"  {'create ConfigMap p50 / p99, system:masters':44} {r['create_admin']['p50_ms']:>8.3f} / "
        f"{r['create_admin']['p99_ms']:.3f} ms",
        f"  {'create ConfigMap p50 / p99, RBAC user':44} {r['create_rbac_user']['p50_ms']:>8.3f} / "
        f"{r['create_rbac_user']['p99_ms']:.3f} ms",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="k8slab bench authz", description=__doc__.splitlines()[0])
    ap.add_argument("--bindings", type=int, default=1000)
    ap.add_argument("--namespaces", type=int, default=100)
    ap.add_argument("--decisions", type=int, default=50_000)
    ap.add_argument("--quick", action="store_true", help="100 bindings, 10 namespaces, 5,000 decisions")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.bindings, args.namespaces, args.decisions = 100, 10, 5000
    r = run(args.bindings, args.namespaces, args.decisions, args.seed)
    if args.json:
        print(json.dumps({"bench": "authz", **r}, indent=2))
    else:
        print(render(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())

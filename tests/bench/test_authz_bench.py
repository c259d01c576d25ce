"""The authorization benchmark runs end to end, small, and reports every figure (no timing is asserted)."""

import json
import subprocess
import sys

from k8slab.bench.authz import build, questions, render


def test_bench_authz_quick_json():
    p = subprocess.run([sys.executable, "-m", "k8slab.cli", "bench", "authz", "--quick", "--json"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["bench"] == "authz" and out["bindings"] == 100 and out["decisions"] == 5000
    assert 0.1 < out["allowed_fraction"] < 0.9
    assert out["decisions_per_s_warm"] > 0 and out["decisions_per_s_cold"] > 0
    assert out["get_us_masters"] > 0 and out["get_us_rbac_user"] > 0
    assert out["create_rbac_user"]["n"] == 200 and out["create_admin"]["p50_ms"] > 0
    assert "goal >= 20,000" in render(out)


def test_the_bindings_are_there_and_decide():
    api, users = build(30, 3, seed=1)
    assert len([b for b in api.authz.policy.bindings_for() if b.name.startswith("binding-")]) == 30
    qs = questions(users, 3, 200, seed=1)
    decisions = [api.authz.authorize(a, record=False) for a in qs]
    allowed = [d for d in decisions if d.allowed]
    assert allowed and all(d.authorizer == "RBAC" and d.binding.startswith("RoleBinding") for d in allowed)
    assert any(not d.allowed for d in decisions)

"""The scheduler benchmark runs end to end, small, and reports every figure (no timing is asserted)."""

import json
import subprocess
import sys


def test_bench_scheduler_quick_json():
    p = subprocess.run([sys.executable, "-m", "k8slab.cli", "bench", "scheduler", "--quick", "--json"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["bench"] == "scheduler" and [r["nodes"] for r in out["results"]] == [100, 500]
    for r in out["results"]:
        assert r["scheduled"] == r["bound"] == r["pods"] == 300 and r["traces"]
        assert r["cycle_pods_per_s"] > 0 and r["e2e_pods_per_s"] > 0 and r["traced_pods"] == 300


def test_bench_scheduler_table():
    from k8slab.bench.scheduler import render
    table = render([{"nodes": 5000, "pods": 10000, "traces": True, "cycle_pods_per_s": 512.3, "e2e_pods_per_s": 250.0,
                     "cycle_ms_per_pod": 1.95, "bound": 10000, "setup_s": 20.0}])
    assert "5,000" in table and "10,000" in table and "512" in table and "goal: >= 300 pods/s" in table

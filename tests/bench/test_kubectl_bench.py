"""The kubectl benchmark runs end to end, small, and reports every figure (no timing is asserted)."""

import json
import shutil
import subprocess
import sys

import pytest


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="no kubectl on PATH (the bench times it too)")
def test_bench_kubectl_quick_json():
    p = subprocess.run([sys.executable, "-m", "k8slab.cli", "bench", "kubectl", "--quick", "--json",
                        "--pods", "20", "--nodes", "1", "--cold-pods", "3"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    cold, inproc = out["results"]["cold"], out["results"]["in_process"]
    assert out["bench"] == "kubectl" and cold["runs"] == 3 and cold["rows"] == 3
    assert 0 < cold["min_s"] <= cold["median_s"] <= cold["max_s"] and cold["kubectl_median_s"] > 0
    assert inproc["pods"] == 20 and inproc["get"]["lines"] == 21 and inproc["name"]["lines"] == 20
    assert all(inproc[k]["median_ms"] > 0 for k in ("get", "wide", "name", "yaml"))


def test_bench_kubectl_table():
    from k8slab.bench.kubectl import render
    table = render({"cold": {"runs": 10, "rows": 10, "first_s": 0.3, "median_s": 0.15, "max_s": 0.2, "min_s": 0.12,
                             "python_startup_s": 0.03, "kubectl_median_s": 0.09},
                    "in_process": {"pods": 100, "iterations": 200, **{k: {"median_ms": 2.5, "lines": 101}
                                                                      for k in ("get", "wide", "name", "yaml")}}})
    assert "150 ms" in table and "goal < 300 ms" in table and "2.50 ms" in table and "goal < 10 ms" in table

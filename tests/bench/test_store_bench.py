"""The store benchmark runs end to end and reports every figure (no timing is asserted)."""

import json
import subprocess
import sys


def test_bench_store_quick_json():
    p = subprocess.run([sys.executable, "-m", "k8slab.cli", "bench", "store", "--quick", "--json",
                        "--backends", "memory,sqlite"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    results = json.loads(p.stdout)["results"]
    for backend in ("memory", "sqlite"):
        r = results[backend]
        for key in ("puts_per_s", "gets_per_s", "txns_per_s", "range_10k_ms", "watch_p50_ms",
                    "watch_p99_ms"):
            assert r[key] > 0, (backend, key)
        assert r["delivered"] == r["watchers"] * r["events"]


def test_bench_store_table():
    from k8slab.bench.store import render
    fake = {"memory": {"puts_per_s": 1e5, "gets_per_s": 2e5, "txns_per_s": 9e4, "range_10k_ms": 1.0,
                       "watch_p50_ms": 0.1, "watch_p99_ms": 0.2, "watchers": 100, "events": 10000},
            "etcd": {"skipped": "no etcd binary on PATH"}}
    table = render(fake)
    assert "puts/s (1 client)" in table and "100,000" in table
    assert "etcd: skipped (no etcd binary on PATH)" in table

"""`k8slab bench store`: the storage backends side by side, with a real etcd as the yardstick.

For each backend (memory, sqlite, and a real etcd started on loopback when the binary exists):
single-client puts/s, gets/s and compare-and-swap txns/s; the time to range a 10,000-key prefix;
and watch delivery latency (p50/p99) with 100 prefix watchers. A watch event's latency runs from
just before the write that causes it to the moment each watcher's reader holds the event. In the
in-process backends that reader is the watcher's callback; for etcd it is a thread reading the
watch stream (100 HTTP streams decoded in Python, so the client's own cost is in the number).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

from ..sim.clock import RealClock
from ..storage import Compare, op_put
from ..storage.etcd_process import EtcdProcess, etcd_binary
from ..storage.mvcc import MemoryStore

VALUE = b"v" * 256                       # a small Kubernetes object is a few hundred bytes


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def _timed_loop(fn, max_n: int, budget_s: float) -> float:
    """Call fn(i) up to max_n times or until budget_s passes; return calls per second."""
    start = time.perf_counter()
    i = 0
    while i < max_n:
        fn(i)
        i += 1
        if i % 64 == 0 and time.perf_counter() - start > budget_s:
            break
    return _rate(i, time.perf_counter() - start)


def bench_kv(store, budget_s: float, max_n: int) -> dict:
    out = {}
    prefix = b"/bench/kv/"
    out["puts_per_s"] = _timed_loop(lambda i: store.put(prefix + b"%08d" % i, VALUE), max_n, budget_s)
    written = store.get_prefix(prefix, count_only=True).count
    out["gets_per_s"] = _timed_loop(lambda i: store.get(prefix + b"%08d" % (i % written)),
                                    max_n, budget_s)
    key = b"/bench/cas"
    state = {"rev": store.put(key, VALUE).revision}

    def cas(_):
        r = store.txn([Compare.mod(key, "EQUAL", state["rev"])], [op_put(key, VALUE)])
        assert r.succeeded
        state["rev"] = r.revision

    out["txns_per_s"] = _timed_loop(cas, max_n, budget_s)
    return out


def bench_range(store, n_keys: int = 10_000, repeat: int = 5) -> float:
    """Milliseconds to read a prefix holding n_keys keys (median of `repeat`)."""
    prefix = b"/bench/range/"
    have = store.get_prefix(prefix, count_only=True).count
    for i in range(have, n_keys):
        store.put(prefix + b"%06d" % i, VALUE)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        r = store.get_prefix(prefix)
        times.append((time.perf_counter() - start) * 1000)
        assert r.count == n_keys
    return statistics.median(times)


def bench_watch(store, watchers: int, events: int, threaded: bool) -> dict:
    prefix = b"/bench/watch/"
    sent: dict[int, float] = {}
    lat: list[float] = []
    lock = threading.Lock()
    ws = []
    if threaded:                          # a reader thread per watch stream (etcd)
        done = threading.Event()

        def reader(w):
            while not done.is_set():
                for e in w.wait(0.2):
                    now = time.perf_counter()
                    with lock:
                        lat.append(now - sent[e.kv.mod_revision])
        for _ in range(watchers):
            w = store.watch_prefix(prefix)
            ws.append(w)
        threads = [threading.Thread(target=reader, args=(w,), daemon=True) for w in ws]
        for t in threads:
            t.start()
    else:                                 # in-process: the watcher's callback is its reader
        def on_event(w):
            now = time.perf_counter()
            for e in w.take():
                lat.append(now - sent[e.kv.mod_revision])
        ws = [store.watch_prefix(prefix, on_event=on_event) for _ in range(watchers)]
    rev = store.revision
    for i in range(events):
        with lock:
            sent[rev + 1] = time.perf_counter()
        rev = store.put(prefix + b"%06d" % (i % 1000), VALUE).revision
    expected = watchers * events
    deadline = time.perf_counter() + 60
    while len(lat) < expected and time.perf_counter() < deadline:
        time.sleep(0.01)
    if threaded:
        done.set()
    for w in ws:
        w.cancel()
    lat.sort()
    ms = [x * 1000 for x in lat]
    return {"watchers": watchers, "events": events, "delivered": len(ms),
            "watch_p50_ms": ms[len(ms) // 2] if ms else None,
            "watch_p99_ms": ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else None}


def run(backends: list[str], quick: bool = False, etcd_url: str | None = None) -> dict:
    results: dict[str, dict] = {}
    budget = 0.3 if quick else 3.0
    for name in backends:
        tmp = None
        etcd = None
        if name == "memory":
            store = MemoryStore(RealClock())
        elif name == "sqlite":
            from ..storage.sqlite import SqliteStore
            tmp = tempfile.mkdtemp(prefix="k8slab-bench-")
            store = SqliteStore(tmp, RealClock())
        elif name == "etcd":
            from ..storage.etcd import EtcdStore
            if etcd_url is None:
                if etcd_binary() is None:
                    results["etcd"] = {"skipped": "no etcd binary on PATH"}
                    continue
                etcd = EtcdProcess(name="k8slab-bench").start()
            store = EtcdStore(etcd_url or etcd.url)
        else:
            raise SystemExit(f"unknown backend {name!r}")
        try:
            r = bench_kv(store, budget, 2_000 if quick else 500_000)
            r["range_10k_ms"] = bench_range(store, 1_000 if quick else 10_000)
            in_process = name != "etcd"
            events = 200 if quick else (10_000 if name == "memory" else 2_000)
            r.update(bench_watch(store, 20 if quick else 100, events, threaded=not in_process))
            if name == "etcd":
                r["version"] = store.status().version
            results[name] = r
        finally:
            store.close()
            if etcd is not None:
                etcd.stop()
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
    etcd_r = results.get("etcd")
    if etcd_r and "skipped" not in etcd_r:
        for name, r in results.items():
            if name != "etcd" and "skipped" not in r:
                r["ratio_to_etcd"] = {k: r[k] / etcd_r[k] for k in
                                      ("puts_per_s", "gets_per_s", "txns_per_s")}
                r["ratio_to_etcd"]["range_10k"] = etcd_r["range_10k_ms"] / r["range_10k_ms"]
    return results


ROWS = [("puts/s (1 client)", "puts_per_s", "{:,.0f}"), ("gets/s (1 client)", "gets_per_s", "{:,.0f}"),
        ("txn/s (CAS, 1 client)", "txns_per_s", "{:,.0f}"), ("range 10k keys (ms)", "range_10k_ms", "{:.1f}"),
        ("watch p50 (ms)", "watch_p50_ms", "{:.3f}"), ("watch p99 (ms)", "watch_p99_ms", "{:.3f}"),
        ("watchers x events", None, None)]


def render(results: dict) -> str:
    names = list(results)
    ok = [n for n in names if "skipped" not in results[n]]
    ratio_cols = [n for n in ok if "ratio_to_etcd" in results[n]]
    header = ["metric"] + ok + [f"{n}/etcd" for n in ratio_cols]
    rows = []
    for label, key, fmt in ROWS:
        row = [label]
        for n in ok:
            r = results[n]
            if key is None:
                row.append(f"{r['watchers']} x {r['events']:,}")
            else:
                row.append(fmt.format(r[key]) if r.get(key) is not None else "-")
        for n in ratio_cols:
            ratio = results[n]["ratio_to_etcd"]
            rk = {"puts_per_s": "puts_per_s", "gets_per_s": "gets_per_s", "txns_per_s": "txns_per_s",
                  "range_10k_ms": "range_10k"}.get(key)
            if rk:
                row.append(f"{ratio[rk]:.1f}x")
            elif key in ("watch_p50_ms", "watch_p99_ms") and results["etcd"].get(key):
                row.append(f"{results['etcd'][key] / results[n][key]:.1f}x")
            else:
                row.append("")
        rows.append(row)
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))))
    notes = []
    for n in names:
        if "skipped" in results[n]:
            notes.append(f"{n}: skipped ({results[n]['skipped']})")
    if "etcd" in ok:
        notes.append(f"etcd: real etcd {results['etcd'].get('version', '')} on 127.0.0.1, "
                     "reached through its v3 JSON gateway; ratios: higher is better for k8slab")
    notes.append(f"value size {len(VALUE)} B; {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    return "\n".join(lines + [""] + notes)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="k8slab bench store", description=__doc__.split("\n")[0])
    p.add_argument("--backends", default="memory,sqlite,etcd")
    p.add_argument("--etcd", dest="etcd_url", help="use this etcd instead of starting one")
    p.add_argument("--quick", action="store_true", help="small sizes (seconds, for smoke tests)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = p.parse_args(argv)
    results = run([b.strip() for b in args.backends.split(",") if b.strip()], args.quick, args.etcd_url)
    if args.json:
        print(json.dumps({"bench": "store", "results": results}, indent=2))
    else:
        print(render(results))
    return 0

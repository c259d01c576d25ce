from prometheus_client import CollectorRegistry, generate_latest

from k8slab.metrics.histogram import Histogram, HistogramVec, exponential_buckets, go_float, histogram_family


def test_exponential_buckets_round_as_go_does():
    # ExponentialBuckets(10e-9, 10, 10): what kube-controller-manager's workqueue histograms show
    assert [go_float(b) for b in exponential_buckets(10e-9, 10, 10)] == [
        "1e-08", "1e-07", "1e-06", "9.999999999999999e-06", "9.999999999999999e-05", "0.001", "0.01", "0.1", "1", "10"]
    assert exponential_buckets(0.001, 2, 15)[-1] == 16.384


def test_go_float_is_strconv_g_shortest():
    cases = {0: "0", 1.0: "1", 10.0: "10", 0.0001: "0.0001", 1e-05: "1e-05", 100000.0: "100000",
             1e6: "1e+06", 123456789.0: "1.23456789e+08", 5242.88: "5242.88", -2.5: "-2.5",
             float("inf"): "+Inf"}
    assert {v: go_float(v) for v in cases} == cases


def test_histogram_buckets_are_cumulative_and_inclusive():
    h = Histogram(exponential_buckets(1, 2, 3))        # 1, 2, 4
    for v in (1, 1.5, 2, 3, 100):
        h.observe(v)
    assert h.cumulative() == [("1", 1), ("2", 3), ("4", 4), ("+Inf", 5)]
    assert h.count == 5 and h.sum == 107.5


def test_histogram_family_exposition():
    vec = HistogramVec((0.5,))
    vec.labels("b").observe(0.25)
    vec.labels("a").observe(2)
    registry = CollectorRegistry()

    class C:
        def collect(self):
            yield histogram_family("x_seconds", "[ALPHA] help", ["name"], vec)

    registry.register(C())
    text = generate_latest(registry).decode()
    assert text.splitlines()[:6] == [
        "# HELP x_seconds [ALPHA] help", "# TYPE x_seconds histogram",
        'x_seconds_bucket{le="0.5",name="a"} 0.0', 'x_seconds_bucket{le="+Inf",name="a"} 1.0',
        'x_seconds_count{name="a"} 1.0', 'x_seconds_sum{name="a"} 2.0']
    assert "_created" not in text

from k8slab.apiserver.healthz import PING, HealthCheck, probe, root_health, single_check

broken = HealthCheck("etcd", lambda: "connection refused")


def test_root_health_plain_and_verbose():
    assert root_health("healthz", [PING]) == (200, "ok")
    assert root_health("livez", [PING, HealthCheck("log")], verbose=True) == \
        (200, "[+]ping ok\n[+]log ok\nlivez check passed\n")
    assert root_health("readyz", []) == (200, "ok")                    # no checks: ping
    assert root_health("readyz", [], verbose=True)[1] == "[+]ping ok\nreadyz check passed\n"


def test_a_failure_is_always_verbose_and_withholds_the_reason():
    assert root_health("healthz", [PING, broken]) == \
        (500, "[+]ping ok\n[-]etcd failed: reason withheld\nhealthz check failed\n")


def test_exclude():
    assert root_health("healthz", [PING, broken], verbose=True, exclude=["etcd", "zzz", "aaa"]) == (200, (
        '[+]ping ok\n[+]etcd excluded: ok\nwarn: some health checks cannot be excluded: no matches for "aaa","zzz"\n'
        "healthz check passed\n"))


def test_single_check_and_componentstatus_probe():
    assert single_check(PING) == (200, "ok")
    assert single_check(broken) == (500, "internal server error: connection refused\n")
    assert probe([PING]) == (True, "ok")
    assert probe([broken]) == (False, "HTTP probe failed with statuscode: 500")

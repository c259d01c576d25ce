"""The component endpoints without a network (ComponentServer.reply), and how `k8slab up` picks their ports."""

import argparse
import asyncio
import socket

from multidict import MultiDict

from k8slab.cluster import Cluster
from k8slab.componentserver import (ComponentServer, controller_manager_routes, default_ports,
                                    scheduler_routes)
from k8slab.up import _serve_components, parse_args


def components(c):
    by_name = {x.name: x for x in c.components}
    return by_name["kube-controller-manager"], by_name["scheduler"]


def test_replies_wrap_the_python_api():
    c = Cluster(nodes=1, seed=0)
    cm, sched = components(c)
    kcm = ComponentServer("kube-controller-manager", controller_manager_routes(cm))
    ks = ComponentServer("kube-scheduler", scheduler_routes(sched))
    assert kcm.reply("/healthz", MultiDict(verbose=""))[:2] == (200, cm.healthz(verbose=True))
    assert kcm.reply("/healthz", MultiDict([("exclude", "job-controller"), ("verbose", "1")]))[1].count(
        "[+]job-controller excluded: ok\n") == 1
    assert kcm.reply("/metrics", MultiDict())[1].startswith("# HELP workqueue_adds_total")
    assert ks.reply("/readyz/shutdown", MultiDict())[:2] == (200, "ok")
    sched.shutting_down = True
    assert ks.reply("/readyz/shutdown", MultiDict())[:2] == (500, "internal server error: process is shutting down\n")
    assert ks.reply("/readyz", MultiDict())[0] == 500
    assert ks.reply("/debug/k8slab/traces/default", MultiDict())[:2] == (404, "404 page not found\n")
    assert ks.paths() == ["/metrics", "/configz", "/healthz", "/livez", "/readyz", "/debug/k8slab/traces"]
    assert kcm.paths() == ["/healthz", "/metrics", "/configz"]


def test_default_ports_follow_the_profile():
    assert default_ports("current") == (10257, 10259)             # upstream's secure ports
    assert default_ports("book") == (10252, 10251)                # v1.11's insecure ports
    args = parse_args(["--scheduler-port", "0"])
    assert (args.controller_manager_port, args.scheduler_port) == (None, 0)


def test_a_taken_port_fails_when_asked_for_and_is_skipped_when_a_default(monkeypatch, capsys):
    c = Cluster(nodes=0, seed=0)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]

    async def run(args):
        servers, failed = await _serve_components(c, args)
        ports = [s.port for s in servers]
        for s in servers:
            await s.stop()
        return ports, failed

    try:
        ns = argparse.Namespace(profile="current", controller_manager_port=port, scheduler_port=0)
        ports, failed = asyncio.run(run(ns))
        assert ports == [] and failed.startswith(f"kube-controller-manager: failed to listen on 127.0.0.1:{port}: ")
        monkeypatch.setattr("k8slab.componentserver.default_ports", lambda profile: (port, 0))
        ns = argparse.Namespace(profile="current", controller_manager_port=None, scheduler_port=None)
        ports, failed = asyncio.run(run(ns))
        assert ports == [] and failed == ""
        assert "not served (pick a port with --controller-manager-port)" in capsys.readouterr().err
    finally:
        taken.close()

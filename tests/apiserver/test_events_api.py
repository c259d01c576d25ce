"""events.k8s.io/v1 and core/v1 Events are one stored object under two sets of field names."""

from k8slab.apiserver.bootstrap import bootstrap
from k8slab.apiserver.handler import APIServer
from k8slab.client import APIClient, InProcessTransport
from k8slab.sim.clock import VirtualClock

EVENT = {"apiVersion": "events.k8s.io/v1", "kind": "Event",
         "metadata": {"name": "web.1", "namespace": "default"},
         "eventTime": "2023-11-14T22:13:20.000000Z", "reportingController": "default-scheduler",
         "reportingInstance": "default-scheduler-1", "action": "Binding", "reason": "Scheduled",
         "regarding": {"kind": "Pod", "name": "web", "namespace": "default"},
         "note": "Successfully assigned default/web to node1", "type": "Normal"}


def test_one_event_two_shapes():
    api = APIServer(clock=VirtualClock(), seed=0)
    bootstrap(api)
    c = APIClient(InProcessTransport(api))
    created = c.create(EVENT)
    assert created["apiVersion"] == "events.k8s.io/v1" and created["note"] == EVENT["note"]
    core = c.get("v1", "Event", "web.1", "default")
    assert core["message"] == EVENT["note"] and core["involvedObject"] == EVENT["regarding"]
    assert core["reportingComponent"] == "default-scheduler" and "note" not in core
    listed = c.list("events.k8s.io/v1", "events", "default")
    assert listed["apiVersion"] == "events.k8s.io/v1" and listed["items"][0]["regarding"]["name"] == "web"
    by_field = c.list("v1", "events", "default", fieldSelector="involvedObject.name=web,reason=Scheduled")
    assert [e["metadata"]["name"] for e in by_field["items"]] == ["web.1"]
    assert [k.key for k in api.store.get_prefix("/registry/events/").kvs] == [b"/registry/events/default/web.1"]

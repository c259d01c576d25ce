"""Image pulls: timing, pull policies, the image error reasons and their messages."""

import re

from k8slab.kubelet import cri
from k8slab.kubelet.runtimes import ImageCatalog, parse_reference
from k8slab.kubelet.runtimes.catalog import ReferenceError

from .builders import cluster, event_counts, get_pod, make_pod, pod_events, status

NOT_FOUND = ('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/redis:5xx": '
             'failed to resolve reference "docker.io/library/redis:5xx": docker.io/library/redis:5xx: not found')


def test_unknown_tag_err_image_pull_then_image_pull_back_off():
    c = cluster()
    make_pod("bad", "redis:5xx").create(c)
    seen = []
    for _ in range(45):
        c.advance(1)
        state = status(c, "bad")["state"]["waiting"]
        if not seen or seen[-1] != state:
            seen.append(state)
    assert seen[:3] == [
        {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "redis:5xx"'},
        {"reason": "ErrImagePull", "message": NOT_FOUND},
        {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "redis:5xx"'}]
    counts = event_counts(c, "bad")
    assert counts[("Pulling", 'Pulling image "redis:5xx"')] == 3            # at 0 s, 10 s and 30 s
    assert counts[("Failed", f'Failed to pull image "redis:5xx": {NOT_FOUND}')] == 3
    assert counts[("Failed", "Error: ErrImagePull")] == 3
    assert counts[("BackOff", 'Back-off pulling image "redis:5xx"')] >= 3
    assert counts[("Failed", "Error: ImagePullBackOff")] >= 3
    assert pod_events(c, "bad")[:3] == [
        ("Normal", "Pulling", 'Pulling image "redis:5xx"'),
        ("Warning", "Failed", f'Failed to pull image "redis:5xx": {NOT_FOUND}'),
        ("Warning", "Failed", "Error: ErrImagePull")]
    p = get_pod(c, "bad")
    assert p["status"]["phase"] == "Pending"
    cs = p["status"]["containerStatuses"][0]
    assert (cs["image"], cs["imageID"], "containerID" in cs) == ("redis:5xx", "", False)


def test_pull_back_off_grows_and_repository_without_access():
    c = cluster()
    make_pod("nosuch", "nosuchimage:1.0").create(c)
    c.advance(200)
    pulls = event_counts(c, "nosuch")[("Pulling", 'Pulling image "nosuchimage:1.0"')]
    assert pulls == 5                        # 0, 10, 30, 70, 150 s: back-off 10, 20, 40, 80
    failed = [m for _, r, m in pod_events(c, "nosuch") if m.startswith("Failed to pull")]
    assert failed == ['Failed to pull image "nosuchimage:1.0": rpc error: code = NotFound desc = failed to pull '
                      'and unpack image "docker.io/library/nosuchimage:1.0": failed to resolve reference '
                      '"docker.io/library/nosuchimage:1.0": pull access denied, repository does not exist or '
                      'may require authorization: server message: insufficient_scope: authorization failed']


def test_pull_policy_never_and_invalid_names():
    c = cluster()
    make_pod("never", "nginx:1.27").create(c)
    never = make_pod("never2", "busybox:1.36")
    never.c["imagePullPolicy"] = "Never"
    never.create(c)
    make_pod("upper", "Redis:alpine").create(c)
    c.advance(1)
    assert status(c, "never2")["state"]["waiting"] == {
        "reason": "ErrImageNeverPull", "message": 'Container image "busybox:1.36" is not present with pull policy of Never'}
    assert ("Warning", "ErrImageNeverPull", 'Container image "busybox:1.36" is not present with pull policy of Never') \
        in pod_events(c, "never2")
    msg = ('Failed to apply default image tag "Redis:alpine": couldn\'t parse image name "Redis:alpine": '
           "invalid reference format: repository name (library/Redis) must be lowercase")
    assert status(c, "upper")["state"]["waiting"] == {"reason": "InvalidImageName", "message": msg}
    assert ("Warning", "InspectFailed", msg) in pod_events(c, "upper")
    assert ("Warning", "Failed", "Error: InvalidImageName") in pod_events(c, "upper")


def test_pulled_message_counts_waiting_for_serialized_pulls():
    c = cluster()
    make_pod("web", "nginx:1.27").create(c)
    make_pod("cache", "redis:alpine").create(c)
    c.advance(10)
    web = [m for _, r, m in pod_events(c, "web") if r == "Pulled"][0]
    cache = [m for _, r, m in pod_events(c, "cache") if r == "Pulled"][0]
    pull, total = re.match(r'Successfully pulled image "redis:alpine" in (\S+) \((\S+) including waiting\)\. '
                           r'Image size: 17237642 bytes\.$', cache).groups()
    assert pull != total                           # it waited for nginx's pull first
    assert web.endswith("Image size: 72195292 bytes.")
    assert get_pod(c, "cache")["status"]["phase"] == "Running"
    images = c.client.get("v1", "Node", "node1")["status"]["images"]
    assert [i["sizeBytes"] for i in images] == [72195292, 17237642, 320368]
    assert images[0]["names"][1] == "docker.io/library/nginx:1.27"


def test_latest_is_pulled_again_on_every_start():
    c = cluster()
    make_pod("bb", "busybox").sh("sleep 1; exit 1").create(c)
    c.advance(30)
    counts = event_counts(c, "bb")
    assert counts[("Pulling", 'Pulling image "busybox"')] == counts[("Started", "Started container bb")]


def test_missing_image_and_unavailable_registry_faults():
    c = cluster()
    k = c.kubelet("node1")
    make_pod("a").create(c)
    c.advance(2)
    k.runtime.make_image_missing("redis:alpine")
    make_pod("b").create(c)
    c.advance(2)
    assert status(c, "b")["state"]["waiting"]["reason"] in ("ErrImagePull", "ImagePullBackOff")
    k.runtime.restore_image("redis:alpine")
    k.runtime.registry_unavailable = True
    make_pod("c", "nginx:1.27").create(c)
    c.advance(5)
    assert ("Warning", "Failed", "Error: RegistryUnavailable") in pod_events(c, "c")
    k.runtime.registry_unavailable = False
    c.advance(30)
    assert get_pod(c, "b")["status"]["phase"] == "Running" and get_pod(c, "c")["status"]["phase"] == "Running"


def test_inspect_errors():
    c = cluster()
    c.kubelet("node1").runtime.break_image_inspect("busybox:1.36")
    make_pod("x", "busybox:1.36").create(c)
    assert status(c, "x")["state"]["waiting"]["reason"] == "ImageInspectError"
    assert status(c, "x")["state"]["waiting"]["message"].startswith('Failed to inspect image "busybox:1.36": rpc error')


def test_references_and_catalog():
    assert str(parse_reference("redis")) == "docker.io/library/redis"
    assert parse_reference("registry.k8s.io/pause:3.10").repository == "registry.k8s.io/pause"
    assert parse_reference("bitnami/redis:7.2").path == "bitnami/redis"
    for bad in ("", "redis:", "a b", "Redis"):
        try:
            parse_reference(bad)
            raise AssertionError(bad)
        except ReferenceError:
            pass
    cat = ImageCatalog()
    assert cat.find(parse_reference("redis:5"))[0].version == "5.0.14"
    assert cat.find(parse_reference("redis:alpine"))[0].version == "7.4.2"
    assert cat.find(parse_reference("redis:5xx")) is None
    entry, tag = cat.find(parse_reference("redis:alpine"))
    assert cat.find(parse_reference("redis@" + entry.digest_of("alpine"))) == (entry, "alpine")
    added = cat.load_yaml("images:\n- name: example.com/shop/api\n  tags: ['1.0']\n  size: 1234\n"
                          "  logs: [listening on :8080]\n  ports: [8080]\n")
    assert added[0].programs == ["api"] and cat.find(parse_reference("example.com/shop/api:1.0"))[1] == "1.0"


def test_book_profile_runtime_is_docker():
    c = cluster(profile="book")
    make_pod("bad", "redis:5xx").create(c)
    c.advance(2)
    info = c.client.get("v1", "Node", "node1")["status"]["nodeInfo"]
    assert info["containerRuntimeVersion"].startswith("docker://")
    failed = [m for _, r, m in pod_events(c, "bad") if m.startswith("Failed to pull")]
    assert failed[0] == ('Failed to pull image "redis:5xx": rpc error: code = Unknown desc = '
                         'Error response from daemon: manifest for redis:5xx not found')
    assert cri.CRIError("Unknown", "x").code == "Unknown"


def test_a_long_advance_through_pull_back_offs_returns():
    """The pull back-off's end is where its timer fires: the retry pulls there, instead of the
    pod worker finding itself a float's width inside the back-off and retrying forever."""
    import time

    from k8slab.cluster import Cluster
    c = Cluster(nodes=2, seed=0)
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"},
             "spec": {"containers": [{"name": "c", "image": "busybox:no-such-tag"}]}})
    started = time.perf_counter()
    c.advance(80)
    assert time.perf_counter() - started < 20
    events = [e for e in c.client.list("v1", "events", "default")["items"]
              if e["involvedObject"]["name"] == "bad" and e["reason"] == "Pulling"]
    assert events and events[0]["count"] >= 4          # pulls at 0, 10, 30 and 70 s

"""run, and the book profile's run that makes a Deployment (in-process)."""

from k8slab import Cluster


def test_run_makes_a_pod_labelled_run():
    c = Cluster(nodes=0, seed=0)
    assert c.kubectl("run redis --image=redis:alpine") == "pod/redis created\n"
    assert c.kubectl("get pod redis -o jsonpath={.metadata.labels.run}") == "redis"
    assert c.kubectl("run x --image=redis -t") == (
        "error: -i/--stdin is required for containers with -t/--tty=true\n"
        "See 'kubectl run -h' for help and examples\n")
    assert c.kubectl("run x --image=redis --rm") == (
        "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n")


def test_book_profile_run_makes_the_booklets_deployment():
    c = Cluster(nodes=0, seed=0, profile="book")
    assert c.kubectl("run redis --image=redis:alpine") == "deployment.apps/redis created\n"
    assert c.kubectl("get deploy redis -o jsonpath={.spec.selector.matchLabels.run}") == "redis"
    assert c.kubectl("run once --image=busybox --restart=Never") == "pod/once created\n"


def test_attaching_needs_the_http_server():
    c = Cluster(nodes=0, seed=0)
    r = c.kubectl_result("exec web -- ls")
    assert r.rc == 1 and r.err == 'Error from server (NotFound): pods "web" not found\n'

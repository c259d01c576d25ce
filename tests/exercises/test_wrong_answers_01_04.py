"""Typical wrong answers to the exercises of chapters 1-4 fail with a message that says why."""

from k8slab.exercises import check


def test_01_a_counts_inherited_and_non_callable_attributes():
    def missing_methods(candidate, interface):             # hasattr: a string counts as a method
        names = [n for n in vars(interface) if not n.startswith("_")]
        return sorted(n for n in names if not hasattr(candidate, n))
    r = check("01-A", missing_methods)
    assert not r and r.message.startswith("create_container is a string there")


def test_02_a_unknown_is_printed_as_not_ready():
    def node_status_column(node):                          # prints the condition's status as is
        ready = {c["type"]: c["status"] for c in node["status"]["conditions"]}.get("Ready")
        return {"True": "Ready", "False": "NotReady"}.get(ready, "Unknown")
    r = check("02-A", node_status_column)
    assert not r and "kubectl prints 'NotReady', you said 'Unknown'" in r.message


def test_02_b_kb_are_not_bytes():
    def capacity_from_proc(cpuinfo, meminfo):
        total = int(meminfo.split()[1])
        return {"cpu": str(cpuinfo.count("processor")), "memory": str(total * 1024)}
    r = check("02-B", capacity_from_proc)
    assert not r and "the kubelet would report {'cpu': '4', 'memory': '3997188Ki'}" in r.message


def test_03_a_forgets_the_old_names():
    def storage_key(resource, namespace, name):
        return f"/registry/{resource}/{namespace}/{name}" if namespace else f"/registry/{resource}/{name}"
    r = check("03-A", storage_key)
    assert not r and r.message == "services shop/web: the store has no key '/registry/services/shop/web'"


def test_03_b_a_binding_without_a_target_is_refused():
    def binding_for(pod, node_name):
        return {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": pod["metadata"]["name"]},
                "target": {"kind": "Node"}}
    r = check("03-B", binding_for)
    assert not r and r.message.startswith("the API server refused your Binding for default/web: ")


def test_04_a_ignores_the_context_flag():
    def resolve(config, context=""):
        name = config["current-context"]
        ctx = next(c["context"] for c in config["contexts"] if c["name"] == name)
        server = next(c["cluster"]["server"] for c in config["clusters"] if c["name"] == ctx["cluster"])
        return {"context": name, "cluster": ctx["cluster"], "server": server, "user": ctx["user"],
                "namespace": ctx.get("namespace", "default")}
    r = check("04-A", resolve)
    assert not r and r.message.startswith("--context kind-moelove should give its server")


def test_04_b_compares_whole_versions():
    def skew_supported(client, server):                     # string compare of the minor
        return client.split(".")[1] == server.split(".")[1]
    r = check("04-B", skew_supported)
    assert not r and r.message.startswith("kubectl v1.11.3 against a v1.12.2 server: expected True")

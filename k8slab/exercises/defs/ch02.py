"""Chapter 2 (basic concepts): a Node's STATUS as kubectl prints it; a Node's capacity from /proc."""

from __future__ import annotations

from ..registry import Exercise

STATUS = '''
def node_status_column(node: dict) -> str:
    """The STATUS column of `kubectl get nodes` for one Node object.

    Look at the Node's `Ready` condition (status.conditions): status "True" gives `Ready`, any
    other status ("False", "Unknown") gives `NotReady`, and no Ready condition at all gives
    `Unknown`. A node with spec.unschedulable (cordoned) gets `,SchedulingDisabled` appended:
    `Ready,SchedulingDisabled`.
    """
    # BEGIN SOLUTION
    conditions = {c["type"]: c for c in (node.get("status") or {}).get("conditions") or []}
    status = []
    if "Ready" in conditions:
        status.append("Ready" if conditions["Ready"].get("status") == "True" else "NotReady")
    if not status:
        status.append("Unknown")
    if (node.get("spec") or {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)
    # END SOLUTION
'''


def check_status(node_status_column) -> str:
    import copy

    from k8slab import Cluster
    c = Cluster(nodes=3, seed=0)
    c.kubectl("cordon node3")
    c.kubelet("node2").stop()
    c.advance(60)                         # past the 40 s grace period: node2's conditions are Unknown
    printed = {line.split()[0]: line.split()[1] for line in c.kubectl("get nodes --no-headers").splitlines()}
    assert printed == {"node1": "Ready", "node2": "NotReady", "node3": "Ready,SchedulingDisabled"}, printed
    for node in c.client.list("v1", "Node")["items"]:
        name = node["metadata"]["name"]
        got = node_status_column(copy.deepcopy(node))
        ready = next(x["status"] for x in node["status"]["conditions"] if x["type"] == "Ready")
        assert got == printed[name], f"{name} (Ready={ready}): kubectl prints {printed[name]!r}, you said {got!r}"
    bare = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "new"}, "spec": {"unschedulable": True}}
    got = node_status_column(bare)
    assert got == "Unknown,SchedulingDisabled", f"a cordoned Node with no conditions: expected " \
        f"'Unknown,SchedulingDisabled', got {got!r}"
    return "Ready, NotReady (Ready=Unknown after a kubelet stopped), Ready,SchedulingDisabled and Unknown as kubectl"


CAPACITY = '''
def capacity_from_proc(cpuinfo: str, meminfo: str) -> dict[str, str]:
    """A Node's cpu and memory capacity from the texts of /proc/cpuinfo and /proc/meminfo.

    cpu: the number of logical CPUs, i.e. of lines whose key is `processor` ("processor : 3"),
    as a string ("4"). memory: MemTotal, which /proc/meminfo gives in kB (KiB, really), written
    as the kubelet shows it: "16384256Ki".
    """
    # BEGIN SOLUTION
    cpus = sum(1 for line in cpuinfo.splitlines() if line.split(":")[0].strip() == "processor")
    memory = 0
    for line in meminfo.splitlines():
        key, _, rest = line.partition(":")
        if key.strip() == "MemTotal":
            memory = int(rest.split()[0])
    return {"cpu": str(cpus), "memory": f"{memory}Ki"}
    # END SOLUTION
'''

CPUINFO = ("processor\t: {i}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU\n"
           "physical id\t: 0\nsiblings\t: 8\ncore id\t\t: {i}\ncpu cores\t: 4\nflags\t\t: fpu vme de\n\n")
MEMINFO = ("MemTotal:        {total} kB\nMemFree:          812344 kB\nMemAvailable:    2301456 kB\n"
           "Buffers:          102400 kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\n")


def check_capacity(capacity_from_proc) -> str:
    from pathlib import Path

    from k8slab.kubelet.host_info import HostFacts, count_cpus, node_from_host, parse_meminfo
    cases = [(4, 3997188), (1, 1015812), (8, 16384256), (96, 792624428)]      # the booklet's node01 first
    for cpus, total in cases:
        cpuinfo = "".join(CPUINFO.format(i=i) for i in range(cpus))
        meminfo = MEMINFO.format(total=total)
        got = capacity_from_proc(cpuinfo, meminfo)
        facts = HostFacts("h", "", "", "amd64", count_cpus(cpuinfo), parse_meminfo(meminfo)["MemTotal"], 0, "", "")
        want = {k: v for k, v in node_from_host(facts)["status"]["capacity"].items() if k in ("cpu", "memory")}
        assert got == want, f"{cpus} CPUs, MemTotal {total} kB: the kubelet would report {want}, you said {got}"
    proc = Path("/proc")
    if (proc / "cpuinfo").exists() and (proc / "meminfo").exists():           # and this machine
        cpuinfo, meminfo = (proc / "cpuinfo").read_text(), (proc / "meminfo").read_text()
        got = capacity_from_proc(cpuinfo, meminfo)
        want = {"cpu": str(count_cpus(cpuinfo)), "memory": f"{parse_meminfo(meminfo)['MemTotal'] // 1024}Ki"}
        assert got == want, f"this machine: expected {want}, got {got}"
    return f"{len(cases)} machines' /proc texts give the kubelet's cpu and memory capacity (and so does this one)"


EXERCISES = [
    Exercise("02-A", "kubectl's STATUS column for a Node",
             "Write node_status_column(node): Ready, NotReady or Unknown from the Ready condition, plus\n"
             ",SchedulingDisabled for a cordoned node, exactly as `kubectl get nodes` prints it.",
             STATUS.lstrip(), "node_status_column", check_status),
    Exercise("02-B", "a Node's capacity comes from /proc",
             "Write capacity_from_proc(cpuinfo, meminfo): the cpu and memory capacity a kubelet reports\n"
             "for a machine, from the texts of /proc/cpuinfo and /proc/meminfo.",
             CAPACITY.lstrip(), "capacity_from_proc", check_capacity),
]

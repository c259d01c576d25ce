"""solution 02-B: a Node's capacity comes from /proc

Write capacity_from_proc(cpuinfo, meminfo): the cpu and memory capacity a kubelet reports
for a machine, from the texts of /proc/cpuinfo and /proc/meminfo.

The reference answer; `check("02-B", "solutions/02-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def capacity_from_proc(cpuinfo: str, meminfo: str) -> dict[str, str]:
    """A Node's cpu and memory capacity from the texts of /proc/cpuinfo and /proc/meminfo.

    cpu: the number of logical CPUs, i.e. of lines whose key is `processor` ("processor : 3"),
    as a string ("4"). memory: MemTotal, which /proc/meminfo gives in kB (KiB, really), written
    as the kubelet shows it: "16384256Ki".
    """
    cpus = sum(1 for line in cpuinfo.splitlines() if line.split(":")[0].strip() == "processor")
    memory = 0
    for line in meminfo.splitlines():
        key, _, rest = line.partition(":")
        if key.strip() == "MemTotal":
            memory = int(rest.split()[0])
    return {"cpu": str(cpus), "memory": f"{memory}Ki"}

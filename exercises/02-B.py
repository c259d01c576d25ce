"""exercise 02-B: a Node's capacity comes from /proc

Write capacity_from_proc(cpuinfo, meminfo): the cpu and memory capacity a kubelet reports
for a machine, from the texts of /proc/cpuinfo and /proc/meminfo.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("02-B")` in a notebook (or
`pytest tests/exercises -k 02-B` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def capacity_from_proc(cpuinfo: str, meminfo: str) -> dict[str, str]:
    """A Node's cpu and memory capacity from the texts of /proc/cpuinfo and /proc/meminfo.

    cpu: the number of logical CPUs, i.e. of lines whose key is `processor` ("processor : 3"),
    as a string ("4"). memory: MemTotal, which /proc/meminfo gives in kB (KiB, really), written
    as the kubelet shows it: "16384256Ki".
    """
    raise NotImplementedError("exercise 02-B: your code here")

"""exercise 01-A: a plug-in interface is a contract

Write missing_methods(candidate, interface): which methods of a CRI interface an object
does not provide. SimRuntime must plug in completely; a half-written runtime must not.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("01-A")` in a notebook (or
`pytest tests/exercises -k 01-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def missing_methods(candidate, interface) -> list[str]:
    """The methods `interface` declares that `candidate` does not provide, sorted by name.

    `interface` is a class that only declares methods, like k8slab.kubelet.cri.RuntimeService
    (the CRI's RuntimeService). Its methods are the functions defined in the class body itself,
    not inherited ones and not the double-underscore ones. `candidate` provides a method when it
    has an attribute of that name that can be called. An empty list means: it plugs in.
    """
    raise NotImplementedError("exercise 01-A: your code here")

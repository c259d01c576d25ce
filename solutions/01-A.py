"""solution 01-A: a plug-in interface is a contract

Write missing_methods(candidate, interface): which methods of a CRI interface an object
does not provide. SimRuntime must plug in completely; a half-written runtime must not.

The reference answer; `check("01-A", "solutions/01-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def missing_methods(candidate, interface) -> list[str]:
    """The methods `interface` declares that `candidate` does not provide, sorted by name.

    `interface` is a class that only declares methods, like k8slab.kubelet.cri.RuntimeService
    (the CRI's RuntimeService). Its methods are the functions defined in the class body itself,
    not inherited ones and not the double-underscore ones. `candidate` provides a method when it
    has an attribute of that name that can be called. An empty list means: it plugs in.
    """
    declared = [name for name, value in vars(interface).items()
                if callable(value) and not (name.startswith("__") and name.endswith("__"))]
    return sorted(name for name in declared if not callable(getattr(candidate, name, None)))

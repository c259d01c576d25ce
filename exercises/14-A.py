"""exercise 14-A: follow ownerReferences from a pod to its Deployment

Write owner_chain(client, namespace, pod_name): the chain of controllers above a pod, as the
garbage collector sees it through ownerReferences.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("14-A")` in a notebook (or
`pytest tests/exercises -k 14-A` for the reference files).

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def owner_chain(client, namespace: str, pod_name: str) -> list:
    """From a pod up to the object at the top of its controllers, as ["Kind/name", ...].

    Follow each object's controller ownerReference (the one with controller: true) with
    client.get(apiVersion, kind, name, namespace) until an object has none.
    A Deployment's pod gives ["Pod/<pod>", "ReplicaSet/<rs>", "Deployment/<name>"].
    """
    raise NotImplementedError("exercise 14-A: your code here")

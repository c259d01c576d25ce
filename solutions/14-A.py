"""solution 14-A: follow ownerReferences from a pod to its Deployment

Write owner_chain(client, namespace, pod_name): the chain of controllers above a pod, as the
garbage collector sees it through ownerReferences.

The reference answer; `check("14-A", "solutions/14-A.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def owner_chain(client, namespace: str, pod_name: str) -> list:
    """From a pod up to the object at the top of its controllers, as ["Kind/name", ...].

    Follow each object's controller ownerReference (the one with controller: true) with
    client.get(apiVersion, kind, name, namespace) until an object has none.
    A Deployment's pod gives ["Pod/<pod>", "ReplicaSet/<rs>", "Deployment/<name>"].
    """
    obj = client.get("v1", "Pod", pod_name, namespace)
    chain = [f"Pod/{pod_name}"]
    while True:
        refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("controller")]
        if not refs:
            return chain
        ref = refs[0]
        obj = client.get(ref["apiVersion"], ref["kind"], ref["name"], namespace)
        chain.append(f"{ref['kind']}/{ref['name']}")

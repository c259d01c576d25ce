"""Chapter 7 (the redis example): a ReplicaSet's suffix back to its hash; label selectors as `kubectl -l`."""

from __future__ import annotations

from ..registry import Exercise

DECODE = '''
def hash_from_suffix(suffix: str) -> str:
    """The decimal pod-template-hash a ReplicaSet's name suffix was made from ("7c7545cbcb" ->
    "3731017676").

    The suffix is rand.SafeEncodeString of the decimal string: each character c of it becomes
    ALPHABET[ord(c) % 27]. Undo that. Raise ValueError if a character of `suffix` is not the
    encoding of any digit.
    """
    ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
    # BEGIN SOLUTION
    back = {ALPHABET[ord(d) % len(ALPHABET)]: d for d in "0123456789"}
    out = []
    for ch in suffix:
        if ch not in back:
            raise ValueError(f"{ch!r} does not encode a digit")
        out.append(back[ch])
    return "".join(out)
    # END SOLUTION
'''


def check_decode(hash_from_suffix) -> str:
    import random

    from k8slab import Cluster
    from k8slab.api.names import safe_encode_string

    for suffix, decimal in [("7c7545cbcb", "3731017676"), ("78fcdf6894", "3497892450"),
                            ("bb7894d65", "663450821"), ("7574c98f5d", "3130754918")]:
        got = hash_from_suffix(suffix)
        assert got == decimal, f"the booklet's {suffix} comes from {decimal}, you said {got!r}"
    for bad in ("7c7g", "redis", "7C7545CBCB"):
        try:
            hash_from_suffix(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} is not the encoding of a decimal number: raise ValueError")
    rng = random.Random(7)
    for _ in range(200):
        decimal = str(rng.randrange(2 ** 32))
        assert hash_from_suffix(safe_encode_string(decimal)) == decimal, f"{decimal} does not come back"
    # v1.11 labels pods with the decimal hash and names the ReplicaSet with its encoding
    c = Cluster(nodes=1, seed=0, profile="book")
    for image in ("redis:alpine", "nginx:1.15", "busybox"):
        name = image.split(":")[0]
        c.kubectl(f"run {name} --image={image}")
    c.settle()
    for rs in c.client.list("apps/v1", "ReplicaSet", "default")["items"]:
        suffix = rs["metadata"]["name"].rsplit("-", 1)[1]
        label = rs["metadata"]["labels"]["pod-template-hash"]
        assert hash_from_suffix(suffix) == label, \
            f"replicaset {rs['metadata']['name']} has pod-template-hash={label}, you decoded {hash_from_suffix(suffix)}"
    return "the booklet's 4 suffixes, 200 random hashes and 3 live ReplicaSets decode to their hashes"


SELECT = '''
def selects(selector: str, labels: dict) -> bool:
    """Whether the label selector `selector` (as `kubectl get pods -l <selector>`) matches `labels`.

    A selector is requirements joined by commas, all of which must hold:
      key=value, key==value   the label is there and equal
      key!=value              the label is missing or different
      key in (v1,v2)          the label is there and one of the values
      key notin (v1,v2)       the label is missing or none of the values
      key                     the label is there (any value)
      !key                    the label is missing
    Spaces around keys, operators and values do not matter. The empty selector matches everything.
    """
    # BEGIN SOLUTION
    import re
    requirements, depth, current = [], 0, ""
    for ch in selector:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            requirements.append(current)
            current = ""
        else:
            current += ch
    requirements.append(current)
    for req in (r.strip() for r in requirements):
        if not req:
            continue
        m = re.fullmatch(r"(\\S+)\\s+(in|notin)\\s*\\((.*)\\)", req)
        if m:
            key, op, values = m.group(1), m.group(2), {v.strip() for v in m.group(3).split(",")}
            if op == "in" and labels.get(key) not in values or op == "notin" and labels.get(key) in values:
                return False
            continue
        m = re.fullmatch(r"([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)", req)
        if m:
            key, op, value = m.groups()
            if (op == "!=") == (labels.get(key) != value):
                continue
            return False
        if req.startswith("!"):
            if req[1:].strip() in labels:
                return False
        elif req not in labels:
            return False
    return True
    # END SOLUTION
'''

POD_LABELS = {
    "redis-a": {"run": "redis", "tier": "cache", "env": "prod"},
    "redis-b": {"run": "redis", "tier": "cache", "env": "dev"},
    "web-a": {"app": "web", "tier": "frontend", "env": "prod"},
    "web-b": {"app": "web", "tier": "frontend", "env": "staging", "canary": "true"},
    "batch": {"app": "report", "env": "dev"},
    "bare": {},
}
SELECTORS = ["run=redis", "run==redis", "env!=prod", "tier in (cache,frontend)", "env notin (prod, dev)",
             "canary", "!canary", "app,env=prod", "tier!=cache,env in (dev,staging)", "run=test",
             "app in (web),!canary", "env notin (prod),tier", "  env = prod , tier in ( cache ) "]


def check_select(selects) -> str:
    from k8slab import Cluster
    c = Cluster(nodes=1, seed=0)
    for name, labels in POD_LABELS.items():
        c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels},
                 "spec": {"containers": [{"name": "app", "image": "busybox", "command": ["sleep", "3600"]}]}})
    for selector in SELECTORS:
        out = c.kubectl(["get", "pods", "-l", selector, "-o", "name"])
        want = sorted(line.split("/", 1)[1] for line in out.splitlines() if line.startswith("pod/"))
        got = sorted(name for name, labels in POD_LABELS.items() if selects(selector, dict(labels)))
        assert got == want, f"kubectl get pods -l '{selector}' lists {want}, your selects() picks {got}"
    assert selects("", {"a": "b"}) and selects("", {}), "the empty selector matches everything"
    return f"{len(SELECTORS)} selectors pick the pods kubectl -l picks"


EXERCISES = [
    Exercise("07-A", "from a ReplicaSet's name back to its pod-template-hash",
             "Write hash_from_suffix(suffix): undo rand.SafeEncodeString on a ReplicaSet name suffix to get\n"
             "the decimal pod-template-hash v1.11 put in the label (redis-7c7545cbcb -> 3731017676).",
             DECODE.lstrip(), "hash_from_suffix", check_decode),
    Exercise("07-B", "label selectors",
             "Write selects(selector, labels): equality- and set-based label selectors as `kubectl get -l`\n"
             "and Services use them (apimachinery/pkg/labels/selector.go), checked against kubectl.",
             SELECT.lstrip(), "selects", check_select),
]

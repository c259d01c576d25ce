"""solution 07-B: label selectors

Write selects(selector, labels): equality- and set-based label selectors as `kubectl get -l`
and Services use them (apimachinery/pkg/labels/selector.go), checked against kubectl.

The reference answer; `check("07-B", "solutions/07-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


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
        m = re.fullmatch(r"(\S+)\s+(in|notin)\s*\((.*)\)", req)
        if m:
            key, op, values = m.group(1), m.group(2), {v.strip() for v in m.group(3).split(",")}
            if op == "in" and labels.get(key) not in values or op == "notin" and labels.get(key) in values:
                return False
            continue
        m = re.fullmatch(r"([^=!\s]+)\s*(==|=|!=)\s*(\S*)", req)
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

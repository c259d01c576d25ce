"""exercise 07-B: label selectors

Write selects(selector, labels): equality- and set-based label selectors as `kubectl get -l`
and Services use them (apimachinery/pkg/labels/selector.go), checked against kubectl.

Replace each `raise NotImplementedError` with your code, then run
`from k8slab.exercises import check; check("07-B")` in a notebook (or
`pytest tests/exercises -k 07-B` for the reference files).

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
    raise NotImplementedError("exercise 07-B: your code here")

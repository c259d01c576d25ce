"""k8slab.exercises: the lab's exercises and their checks, named by chapter and letter (`15-A`).

    from k8slab.exercises import check
    check("15-A")                    # checks exercises/15-A.py, prints what passed or what is missing
    check("15-A", "solutions/15-A.py")
    check("15-A", my_function)       # or a function defined in the notebook

Each exercise is defined once, in `defs/chNN.py`: its task, its code with the answer between
`# BEGIN SOLUTION` and `# END SOLUTION`, and a check. `python -m k8slab.exercises.generate` writes
`exercises/NN-X.py` (the answer replaced by `raise NotImplementedError`) and `solutions/NN-X.py`
from it, and the same as executed notebooks (`exercises/NN-X.ipynb`, `solutions/NN-X.ipynb`: task,
code, `check("NN-X", function)`; see notebooks.py), so a starter and its solution cannot drift
apart; tests/exercises verifies that every check fails on its starter and passes on its solution.

Differences from upstream: none; this is the lab's own machinery.
"""

from __future__ import annotations

from .registry import EXERCISES, Exercise, Result, check, load, verify

__all__ = ["EXERCISES", "Exercise", "Result", "check", "load", "verify"]

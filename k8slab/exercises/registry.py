"""Exercise definitions, loading a learner's file, and running a check."""

from __future__ import annotations

import importlib.util
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]            # the checkout: exercises/ and solutions/ live here
SOLUTION = re.compile(r"^([ \t]*)# BEGIN SOLUTION\n.*?^[ \t]*# END SOLUTION\n", re.M | re.S)


@dataclass(frozen=True)
class Exercise:
    id: str                                  # "15-A"
    title: str
    task: str                                # what to do, a few sentences
    code: str                                # the module; the answer between the solution markers
    function: str                            # the name the check calls
    check: Callable                          # check(function) -> str; raises AssertionError when wrong

    def starter(self) -> str:
        def gap(m):
            indent = m.group(1)
            return f'{indent}raise NotImplementedError("exercise {self.id}: your code here")\n'
        return SOLUTION.sub(gap, self.code)

    def solution(self) -> str:
        return re.sub(r"^[ \t]*# (BEGIN|END) SOLUTION\n", "", self.code, flags=re.M)


@dataclass(frozen=True)
class Result:
    id: str
    passed: bool
    message: str

    def __bool__(self):
        return self.passed

    def __str__(self):
        return f"{self.id} {'passed' if self.passed else 'not yet'}: {self.message}"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def _all() -> dict[str, Exercise]:
    """Every exercise of every defs/chNN.py module, in chapter order."""
    import importlib
    import pkgutil

    from . import defs
    names = sorted(m.name for m in pkgutil.iter_modules(defs.__path__) if re.fullmatch(r"ch\d\d", m.name))
    out = {}
    for name in names:
        for ex in importlib.import_module(f"{defs.__name__}.{name}").EXERCISES:
            out[ex.id] = ex
    return out


EXERCISES: dict[str, Exercise] = _all()


def load(exercise_id: str, target=None) -> Callable:
    """The function to check: `target` itself when callable, else the exercise's function from
    the file `target` (default exercises/<id>.py)."""
    ex = EXERCISES[exercise_id]
    if callable(target):
        return target
    path = Path(target) if target is not None else ROOT / "exercises" / f"{exercise_id}.py"
    spec = importlib.util.spec_from_file_location(f"k8slab_exercise_{exercise_id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, ex.function)


def verify(exercise_id: str, target=None) -> str:
    """Run the check; return what passed, raise AssertionError (or the code's error) otherwise."""
    return EXERCISES[exercise_id].check(load(exercise_id, target))


def check(exercise_id: str, target=None) -> Result:
    """Run the check and say how it went, without raising: for a notebook cell."""
    if exercise_id not in EXERCISES:
        return Result(exercise_id, False, f"no such exercise; known: {', '.join(sorted(EXERCISES))}")
    try:
        return Result(exercise_id, True, verify(exercise_id, target))
    except NotImplementedError:
        return Result(exercise_id, False, "the starter is untouched (it raises NotImplementedError)")
    except AssertionError as e:
        return Result(exercise_id, False, str(e) or "a check failed")
    except Exception as e:                                   # the learner's code raised
        last = traceback.extract_tb(e.__traceback__)[-1]
        return Result(exercise_id, False, f"{type(e).__name__}: {e} (line {last.lineno} of {Path(last.filename).name})")

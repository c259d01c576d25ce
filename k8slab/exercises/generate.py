"""Write exercises/NN-X.py (starters) and solutions/NN-X.py from the definitions in defs/.

    python -m k8slab.exercises.generate          # rewrite both folders
    python -m k8slab.exercises.generate --check  # exit 1 if a file differs from its definition
"""

from __future__ import annotations

import sys

from .registry import EXERCISES, ROOT, Exercise


def render(ex: Exercise, solution: bool) -> str:
    kind = "solution" if solution else "exercise"
    how = ("The reference answer; `check(\"{id}\", \"solutions/{id}.py\")` passes on it."
           if solution else "Replace each `raise NotImplementedError` with your code, then run\n"
           "`from k8slab.exercises import check; check(\"{id}\")` in a notebook (or\n"
           "`pytest tests/exercises -k {id}` for the reference files).").format(id=ex.id)
    head = (f'"""{kind} {ex.id}: {ex.title}\n\n{ex.task.strip()}\n\n{how}\n\n'
            f'Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.\n"""\n\n\n')
    return head + (ex.solution() if solution else ex.starter())


def files() -> dict:
    out = {}
    for ex in EXERCISES.values():
        out[ROOT / "exercises" / f"{ex.id}.py"] = render(ex, False)
        out[ROOT / "solutions" / f"{ex.id}.py"] = render(ex, True)
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = [p for p, text in files().items() if not p.exists() or p.read_text() != text]
    if "--check" in argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} differs from its definition", file=sys.stderr)
        return 1 if stale else 0
    for p in stale:
        p.write_text(files()[p])
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

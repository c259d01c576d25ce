"""Write exercises/NN-X.py and .ipynb (starters) and solutions/NN-X.py and .ipynb from the definitions in defs/.

    python -m k8slab.exercises.generate            # rewrite what is stale in both folders
    python -m k8slab.exercises.generate 15-A 15-B  # only these exercises
    python -m k8slab.exercises.generate --force    # execute every notebook again
    python -m k8slab.exercises.generate --check    # exit 1 if a file differs from its definition

A notebook is stale when its cells' sources differ from the definition, or (when writing) when its
stored check output is not what the check answers now, computed in this process. `--check` compares
sources and that an output is stored, without running anything; tests/exercises compares the stored
outputs with the checks' answers. Notebooks are executed with nbclient (see notebooks.py).
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


def notebook_paths(ex: Exercise) -> dict:
    """{path: solution?} of the exercise's two notebooks."""
    return {ROOT / "exercises" / f"{ex.id}.ipynb": False, ROOT / "solutions" / f"{ex.id}.ipynb": True}


def notebook_problem(ex: Exercise, path, solution: bool) -> str | None:
    """Why the committed notebook is stale, judged without a kernel; None when it is not."""
    from . import notebooks
    have = notebooks.read(path)
    if have is None:
        return "is missing"
    if notebooks.skeleton(have) != notebooks.skeleton(notebooks.build(ex, solution)):
        return "differs from its definition"
    if notebooks.stored_output(have) is None:
        return "has no stored check output (not executed)"
    return None


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ids = [a for a in argv if not a.startswith("--")]
    unknown = sorted(set(ids) - set(EXERCISES))
    if unknown:
        print(f"no such exercise: {', '.join(unknown)}", file=sys.stderr)
        return 2
    chosen = [ex for ex in EXERCISES.values() if not ids or ex.id in ids]
    texts = {p: t for p, t in files().items() if p.stem in {ex.id for ex in chosen}}
    stale = [p for p, text in texts.items() if not p.exists() or p.read_text() != text]
    if "--check" in argv:
        problems = [(p, "differs from its definition") for p in stale]
        problems += [(p, why) for ex in chosen for p, sol in notebook_paths(ex).items()
                     if (why := notebook_problem(ex, p, sol))]
        for p, why in problems:
            print(f"{p.relative_to(ROOT)} {why}", file=sys.stderr)
        return 1 if problems else 0
    for p in stale:
        p.write_text(texts[p])
        print(f"wrote {p.relative_to(ROOT)}")
    from . import notebooks
    for ex in chosen:
        for p, sol in notebook_paths(ex).items():
            have = notebooks.read(p)
            if ("--force" not in argv and notebook_problem(ex, p, sol) is None
                    and notebooks.stored_output(have) == notebooks.expected_output(ex, sol)):
                continue
            nb = notebooks.execute(notebooks.build(ex, sol), p.parent)
            notebooks.write(nb, p)
            print(f"wrote {p.relative_to(ROOT)}: {notebooks.stored_output(nb)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
